import Postgres

/// A3 / A5: what kind of body an institution is — 公共数据主管部门, 公共管理和服务机构 or 其他提供公共服务的机构.
public enum InstitutionKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// 公共数据主管部门: the public data authority of a division (A3(二), A5); one per division (A5.1).
    case publicDataAuthority = "public_data_authority"
    /// 公共管理和服务机构: a state organ or a body authorised by law to manage public affairs (A3(一)).
    case publicInstitution = "public_institution"
    /// 其他提供公共服务的机构: another organisation whose public services produce public data (A3(一)).
    case publicServiceOrg = "public_service_org"

    /// The regulation's Chinese label.
    public var label: String {
        switch self {
        case .publicDataAuthority: "公共数据主管部门"
        case .publicInstitution: "公共管理和服务机构"
        case .publicServiceOrg: "其他提供公共服务的机构"
        }
    }
}

extension InstitutionKind: PostgresEnum {}
