import Foundation
import Postgres

/// A13.2: a claim to be the source department (数源部门) of a base data kind in a division. At most one claim per
/// kind and division is accepted (一数一源); a competing claim stays a conflict until the division's public data
/// authority accepts it (the previous source's claim ends) or dismisses it.
public struct BaseDataSourceClaim: Sendable, Hashable, Codable {
    public var id: UUID
    public var baseDataKindCode: String
    public var baseDataKindName: String
    public var divisionCode: String
    /// Unified social credit code of the institution claiming to be the source.
    public var institution: String
    public var institutionName: String
    public var claimedOn: CivilDate
    /// The legal basis or duty the claim rests on, as stated.
    public var basis: String?
    public var status: BaseDataSourceStatus
    /// For a conflict: the accepted claim it competed with when recorded.
    public var competingClaimID: UUID?
    /// The institution that is the accepted source of the kind in the division now, if any.
    public var currentSource: String?
    public var currentSourceName: String?
    public var resolvedOn: CivilDate?
    public var resolverInstitution: String?
    public var resolutionNote: String?
    public var endedOn: CivilDate?

    init(row: Row) throws {
        id = try row.decode("id")
        baseDataKindCode = try row.decode("base_data_kind_code")
        baseDataKindName = try row.decode("base_data_kind_name")
        divisionCode = try row.decode("division_code")
        institution = try row.decode("institution_uscc")
        institutionName = try row.decode("institution_name")
        claimedOn = try row.decode("claimed_on")
        basis = try row.decodeIfPresent("basis")
        status = try row.decode("status")
        competingClaimID = try row.decodeIfPresent("competing_claim_id")
        currentSource = try row.decodeIfPresent("current_source_uscc")
        currentSourceName = try row.decodeIfPresent("current_source_name")
        resolvedOn = try row.decodeIfPresent("resolved_on")
        resolverInstitution = try row.decodeIfPresent("resolver_institution")
        resolutionNote = try row.decodeIfPresent("resolution_note")
        endedOn = try row.decodeIfPresent("ended_on")
    }
}

/// A13.2: where a source claim stands.
public enum BaseDataSourceStatus: String, Sendable, Hashable, Codable, CaseIterable, PostgresEnum {
    /// 已确认数源: the one source of the kind in the division.
    case accepted
    /// 冲突待协调: competes with the accepted source; listed until the authority resolves it.
    case conflict
    /// 已终止: was the source until a competing claim was accepted.
    case ended
    /// 已驳回: a competing claim the authority dismissed.
    case dismissed

    /// The Chinese label shown to people.
    public var label: String {
        switch self {
        case .accepted: "已确认数源"
        case .conflict: "冲突待协调"
        case .ended: "已终止"
        case .dismissed: "已驳回"
        }
    }
}

/// A13.2: what a clerk (for its own institution) or the division's authority states to record a source.
public struct NewBaseDataSourceClaim: Sendable, Hashable, Codable {
    public var baseDataKindCode: String
    /// Unified social credit code of the institution that is to be the source.
    public var institution: String
    /// The division the claim is for; the institution's own division when omitted.
    public var divisionCode: String?
    /// The day of the claim; today (Asia/Shanghai) when omitted.
    public var claimedOn: CivilDate?
    public var basis: String?

    public init(
        baseDataKindCode: String,
        institution: String,
        divisionCode: String? = nil,
        claimedOn: CivilDate? = nil,
        basis: String? = nil
    ) {
        self.baseDataKindCode = baseDataKindCode
        self.institution = institution
        self.divisionCode = divisionCode
        self.claimedOn = claimedOn
        self.basis = basis
    }
}

/// A13.2: the authority's decision on a conflicting claim.
public struct BaseDataSourceResolution: Sendable, Hashable, Codable {
    /// What the authority decides.
    public enum Decision: String, Sendable, Hashable, Codable, CaseIterable {
        /// The conflicting claim becomes the source; the previous source's claim ends.
        case accept
        /// The conflicting claim is dismissed; the source stays.
        case dismiss
    }

    public var decision: Decision
    public var note: String?

    public init(decision: Decision, note: String? = nil) {
        self.decision = decision
        self.note = note
    }
}

/// A13.2: a competing claim was recorded as a conflict and the claim refused, naming the existing source.
public struct BaseDataSourceConflict: Error, Sendable, Hashable, RegistryErrorConvertible {
    /// The claim as recorded, with status `conflict`.
    public var claim: BaseDataSourceClaim

    public init(claim: BaseDataSourceClaim) {
        self.claim = claim
    }

    public var registryError: RegistryError {
        var error = BaseDataSourceRules.onePerDivision.error
        let existing = [claim.currentSourceName, claim.currentSource.map { "(\($0))" }].compactMap { $0 }.joined()
        error.message += "现数源部门:\(existing)。本声明已登记为冲突(\(claim.id.uuidString.lowercased())),待主管部门协调。"
        return error
    }
}

/// A13.3: a published item that declares a base data kind whose accepted source — in the item's division or the
/// nearest division above it — is another institution: data obtainable by sharing collected again.
public struct DuplicateCollection: Sendable, Hashable, Codable, RowColumns {
    public var itemID: UUID
    public var itemCode: String
    public var itemName: String
    public var institution: String
    public var institutionName: String
    public var divisionCode: String
    public var baseDataKindCode: String
    public var baseDataKindName: String
    /// The accepted source that governs the item.
    public var source: String
    public var sourceName: String
    public var sourceDivisionCode: String
    public var sourceClaimID: UUID
    /// `A13.3`.
    public var article: String

    init(row: Row) throws {
        itemID = try row.decode("item_id")
        itemCode = try row.decode("item_code")
        itemName = try row.decode("item_name")
        institution = try row.decode("institution_uscc")
        institutionName = try row.decode("institution_name")
        divisionCode = try row.decode("division_code")
        baseDataKindCode = try row.decode("base_data_kind_code")
        baseDataKindName = try row.decode("base_data_kind_name")
        source = try row.decode("source_uscc")
        sourceName = try row.decode("source_name")
        sourceDivisionCode = try row.decode("source_division_code")
        sourceClaimID = try row.decode("source_claim_id")
        article = "A13.3"
    }

    /// The columns ``init(row:)`` reads: the statements that read this type select them by name.
    static let columnNames = [
        "item_id", "item_code", "item_name", "institution_uscc", "institution_name", "division_code", "base_data_kind_code", "base_data_kind_name",
        "source_uscc", "source_name", "source_division_code", "source_claim_id",
    ]
}

/// A18.1: a base database (基础数据库) with the base data kinds it holds.
public struct BaseDatabaseHoldings: Sendable, Hashable, Codable {
    /// One base data kind as listed with its database.
    public struct Kind: Sendable, Hashable, Codable {
        public var code: String
        public var name: String
        public var articleClause: String

        enum CodingKeys: String, CodingKey {
            case code, name
            case articleClause = "article_clause"
        }
    }

    public var code: String
    public var name: String
    public var kinds: [Kind]

    init(row: Row) throws {
        code = try row.decode("code")
        name = try row.decode("name")
        kinds = try row.decode("kinds", as: PostgresJSON<[Kind]>.self).value
    }
}
