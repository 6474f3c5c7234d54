import Postgres

/// A3: the kinds of data user (数据利用主体) — natural person, legal person, other organisation.
public enum DataUserKind: String, Sendable, Hashable, Codable, CaseIterable, PostgresEnum {
    case naturalPerson = "natural_person"
    case legalPerson = "legal_person"
    case otherOrganisation = "other_organisation"

    /// The regulation's Chinese term.
    public var label: String {
        switch self {
        case .naturalPerson: "自然人"
        case .legalPerson: "法人"
        case .otherOrganisation: "非法人组织"
        }
    }
}
