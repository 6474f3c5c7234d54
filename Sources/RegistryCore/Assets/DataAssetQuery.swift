/// A43.1: which assets a listing shows — filters and a page — newest registration first.
///
/// Paging is by keyset: `after` is the registration number of the last asset of the previous page (its
/// ``DataAssetPage/nextCursor``), so a page never repeats or skips an asset when others are registered meanwhile.
public struct DataAssetQuery: Sendable, Hashable {
    /// Only assets held by institutions of this division or of a division below it.
    public var division: String?
    /// Only assets held by this institution (credit code).
    public var institution: String?
    public var grade: DataGrade?
    public var status: DataAsset.Status?
    /// Free text looked for in the name, the description and the source system.
    public var text: String?
    /// Registration number after which the page starts (exclusive).
    public var after: Int64?
    /// Assets per page, 1…200.
    public var limit: Int

    public static let defaultLimit = 50
    public static let limitRange = 1...200

    public init(
        division: String? = nil,
        institution: String? = nil,
        grade: DataGrade? = nil,
        status: DataAsset.Status? = nil,
        text: String? = nil,
        after: Int64? = nil,
        limit: Int = Self.defaultLimit
    ) {
        self.division = division
        self.institution = institution
        self.grade = grade
        self.status = status
        self.text = text
        self.after = after
        self.limit = limit
    }
}

/// A43.1: one page of a listing and where the next one starts (`nil` on the last page).
public struct DataAssetPage: Sendable, Hashable, Codable {
    public var assets: [DataAsset]
    public var nextCursor: String?
}
