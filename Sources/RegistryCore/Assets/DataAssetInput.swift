import Foundation

/// A43.1: what a clerk states to register an asset or to change it (a change restates every field).
///
/// Category, grade and the linked catalog items may be missing from a request so that their absence is refused by the
/// rule of the regulation (A9.2) rather than as unreadable input.
public struct DataAssetInput: Sendable, Hashable, Codable {
    /// The holding institution's credit code; when registering, the clerk's own institution if left out. Ignored
    /// when changing: an asset keeps its holder.
    public var holder: String?
    public var name: String
    public var description: String?
    public var sourceSystem: String
    public var recordCount: Int64
    public var volumeBytes: Int64
    public var categoryScheme: String?
    public var categoryCode: String?
    public var grade: DataGrade?
    /// The catalog items of the holder's catalog the asset covers. When changing, `nil` keeps the links as they are.
    public var catalogItems: [UUID]?
    /// Why the asset is registered or changed, kept in its history.
    public var reason: String?

    public init(
        holder: String? = nil,
        name: String,
        description: String? = nil,
        sourceSystem: String,
        recordCount: Int64,
        volumeBytes: Int64,
        categoryScheme: String?,
        categoryCode: String?,
        grade: DataGrade?,
        catalogItems: [UUID]? = nil,
        reason: String? = nil
    ) {
        self.holder = holder
        self.name = name
        self.description = description
        self.sourceSystem = sourceSystem
        self.recordCount = recordCount
        self.volumeBytes = volumeBytes
        self.categoryScheme = categoryScheme
        self.categoryCode = categoryCode
        self.grade = grade
        self.catalogItems = catalogItems
        self.reason = reason
    }

    /// The checks the database makes on the asset's own fields, in the order it makes them, so a refusal reads the
    /// same from either (A43.1, A9.2). Whether the category and the catalog items exist is checked by the store.
    public func validated() throws(RegistryError) -> ValidDataAssetInput {
        guard let categoryScheme, let categoryCode, let grade else { throw AssetRules.categoryAndGrade.error }
        if Self.isBlank(name) { throw AssetRules.nameNotBlank.error }
        if recordCount < 0 { throw AssetRules.recordCountNotNegative.error }
        if Self.isBlank(sourceSystem) { throw AssetRules.sourceSystemNamed.error }
        if volumeBytes < 0 { throw AssetRules.volumeNotNegative.error }
        return ValidDataAssetInput(
            name: name,
            description: description,
            sourceSystem: sourceSystem,
            recordCount: recordCount,
            volumeBytes: volumeBytes,
            categoryScheme: categoryScheme,
            categoryCode: categoryCode,
            grade: grade,
            catalogItems: catalogItems.map { Array(Set($0)).sorted { $0.uuidString < $1.uuidString } },
            reason: reason
        )
    }

    /// What the database's `btrim(value) <> ''` refuses: nothing but spaces.
    static func isBlank(_ value: String) -> Bool {
        value.allSatisfy { $0 == " " }
    }
}

/// A43.1: an asset's fields once ``DataAssetInput/validated()`` has passed them: category and grade present, the
/// linked items without repetition.
public struct ValidDataAssetInput: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var sourceSystem: String
    public var recordCount: Int64
    public var volumeBytes: Int64
    public var categoryScheme: String
    public var categoryCode: String
    public var grade: DataGrade
    public var catalogItems: [UUID]?
    public var reason: String?
}
