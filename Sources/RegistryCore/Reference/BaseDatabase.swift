import Postgres

/// A18.1: the base databases (基础数据库) each region and league/city authority builds and manages.
public enum BaseDatabase: String, Sendable, Hashable, CaseIterable, Codable {
    /// 自然人基础数据库.
    case naturalPerson = "natural_person"
    /// 法人基础数据库.
    case legalPerson = "legal_person"
    /// 电子证照基础数据库 (licences flow into it in real time, A18.2).
    case electronicLicence = "electronic_licence"
    /// 社会信用基础数据库.
    case socialCredit = "social_credit"
    /// 自然资源和空间地理基础数据库.
    case naturalResourcesSpatial = "natural_resources_spatial"

    /// The Chinese name, as stored in `base_database.name`.
    public var label: String {
        switch self {
        case .naturalPerson: "自然人基础数据库"
        case .legalPerson: "法人基础数据库"
        case .electronicLicence: "电子证照基础数据库"
        case .socialCredit: "社会信用基础数据库"
        case .naturalResourcesSpatial: "自然资源和空间地理基础数据库"
        }
    }
}

extension BaseDatabase: PostgresEnum {}
