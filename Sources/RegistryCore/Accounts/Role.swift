import Postgres

/// The roles people act in (see the table "People who use it" of the requirements).
public enum Role: String, Sendable, Hashable, Codable, CaseIterable, PostgresEnum {
    /// Asset clerk of a public institution: registers assets and catalog items, answers share requests.
    case clerk
    /// Staff of a public data authority: reviews catalogs, routes requests, records violations.
    case reviewer
    /// Authority staff who draft and publish the annual open plan.
    case planner
    /// Assessment or expert committee member.
    case committee
    /// A natural person, legal person or other organisation using public data.
    case dataUser = "data_user"
    /// Platform operator: accounts, tokens, calendar, backups.
    case admin
    /// The audit authority (审计部门): reads every register, changes nothing; each read is logged (A29.2).
    case auditor

    /// The Chinese label shown to people.
    public var label: String {
        switch self {
        case .clerk: "资产登记员"
        case .reviewer: "主管部门审核员"
        case .planner: "开放计划编制人员"
        case .committee: "评估(专家)委员会成员"
        case .dataUser: "数据利用主体"
        case .admin: "平台管理员"
        case .auditor: "审计部门(只读)"
        }
    }

    /// Whether an account in this role must act for an institution.
    public var requiresInstitution: Bool { [.clerk, .reviewer, .planner].contains(self) }
}
