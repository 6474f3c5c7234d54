import Foundation
import Postgres

/// A44.2: who a dishonest conduct record is against (失信主体).
public enum DishonestConductSubject: String, Sendable, Hashable, CaseIterable, Codable, PostgresEnum {
    /// 数据利用主体: a record may constrain its new conditional open applications.
    case dataUser = "data_user"
    /// 公共管理和服务机构: a record may constrain its new share requests, and counts in its assessment.
    case institution

    /// The Chinese label.
    public var label: String {
        switch self {
        case .dataUser: "数据利用主体"
        case .institution: "公共管理和服务机构"
        }
    }
}

/// A44.2: where the dishonest conduct happened (共享开放、开发利用等过程).
public enum DishonestConductSphere: String, Sendable, Hashable, CaseIterable, Codable, PostgresEnum {
    case sharing
    case opening
    case use

    /// The Chinese label.
    public var label: String {
        switch self {
        case .sharing: "共享"
        case .opening: "开放"
        case .use: "开发利用"
        }
    }
}

/// A44.2: what a reviewer of a public data authority records against a subject.
public struct NewDishonestConduct: Sendable, Hashable, Codable {
    public var subject: DishonestConductSubject
    /// The institution, for that subject.
    public var institution: String?
    /// The data user's account, for a data user.
    public var dataUserAccount: UUID?
    /// The data concerned: for a data user, its institution's division is the record's (the region's when `nil`).
    public var itemID: UUID?
    public var sphere: DishonestConductSphere
    /// 失信行为: what the subject did.
    public var conduct: String
    /// The basis, cited as every legal basis is: `《内蒙古自治区公共数据管理暂行办法》第四十四条`.
    public var legalBasis: String
    public var effectiveFrom: CivilDate
    public var effectiveUntil: CivilDate
    /// A data user's record: new conditional open applications are refused while it is in force (失信约束).
    public var restrictsOpenApplications: Bool
    /// An institution's record: new share requests and demands outside the catalog are refused while it is in force.
    public var restrictsShareRequests: Bool

    public init(
        subject: DishonestConductSubject,
        institution: String? = nil,
        dataUserAccount: UUID? = nil,
        itemID: UUID? = nil,
        sphere: DishonestConductSphere,
        conduct: String,
        legalBasis: String,
        effectiveFrom: CivilDate,
        effectiveUntil: CivilDate,
        restrictsOpenApplications: Bool = false,
        restrictsShareRequests: Bool = false
    ) {
        self.subject = subject
        self.institution = institution
        self.dataUserAccount = dataUserAccount
        self.itemID = itemID
        self.sphere = sphere
        self.conduct = conduct
        self.legalBasis = legalBasis
        self.effectiveFrom = effectiveFrom
        self.effectiveUntil = effectiveUntil
        self.restrictsOpenApplications = restrictsOpenApplications
        self.restrictsShareRequests = restrictsShareRequests
    }

    /// The record's shape, in the order the database checks it; the citation and the rest are the database's.
    public func validate() throws(RegistryError) {
        let oneSubject = subject == .dataUser ? dataUserAccount != nil && institution == nil : institution != nil && dataUserAccount == nil
        if !oneSubject { throw DishonestConductRules.oneSubject.error }
        if SQLText.isBlank(conduct) { throw DishonestConductRules.conduct.error }
        if effectiveUntil < effectiveFrom { throw DishonestConductRules.period.error }
        if (restrictsOpenApplications && subject != .dataUser) || (restrictsShareRequests && subject != .institution) {
            throw DishonestConductRules.restrictionFitsSubject.error
        }
    }
}

/// A44.2: a recorded dishonest conduct and the constraint it carries.
public struct DishonestConduct: Sendable, Hashable, Codable {
    public var id: UUID
    public var number: Int64
    public var subject: DishonestConductSubject
    public var institution: String?
    public var institutionName: String?
    public var dataUserAccount: UUID?
    /// The data user, by name and masked identity only (A13.1).
    public var dataUser: DataUser?
    public var itemID: UUID?
    public var sphere: DishonestConductSphere
    public var conduct: String
    public var legalBasis: String
    public var effectiveFrom: CivilDate
    public var effectiveUntil: CivilDate
    public var restrictsOpenApplications: Bool
    public var restrictsShareRequests: Bool
    /// The division the record belongs to (its authority or one above records and ends it); the constraint covers the data
    /// of the recording authority's division and below.
    public var division: String
    /// The public data authority that recorded it.
    public var authority: String
    /// 提前解除: the day the record stopped being in force before its period ended, and why.
    public var endedOn: CivilDate?
    public var endReason: String?
    /// Whether it is in force on the registry's today.
    public var inForce: Bool

    init(row: Row) throws {
        id = try row.decode("id")
        number = try row.decode("record_no")
        subject = try row.decode("subject")
        institution = try row.decodeIfPresent("institution_uscc")
        institutionName = try row.decodeIfPresent("institution_name")
        dataUserAccount = try row.decodeIfPresent("data_user_account")
        dataUser = try row.decodeIfPresent("du_id", as: UUID.self) == nil ? nil : try DataUser(row: row, prefix: "du_")
        itemID = try row.decodeIfPresent("item_id")
        sphere = try row.decode("sphere")
        conduct = try row.decode("conduct")
        legalBasis = try row.decode("legal_basis")
        effectiveFrom = try row.decode("effective_from")
        effectiveUntil = try row.decode("effective_until")
        restrictsOpenApplications = try row.decode("restricts_open_applications")
        restrictsShareRequests = try row.decode("restricts_share_requests")
        division = try row.decode("division_code")
        authority = try row.decode("authority_uscc")
        endedOn = try row.decodeIfPresent("ended_on")
        endReason = try row.decodeIfPresent("end_reason")
        inForce = try row.decode("in_force")
    }
}

/// A44.2: the rules `sql/0120_dishonest_conduct.sql` enforces, with their fields and the sentences people read.
enum DishonestConductRules {
    static let oneSubject = Rule(
        constraint: "dishonest_conduct_one_subject_a44_2",
        field: "subject",
        message: "失信记录须针对一个主体:机构须填写机构代码,数据利用主体须填写其账户(第四十四条)。"
    )
    static let conduct = Rule(
        constraint: "dishonest_conduct_conduct_a44_2",
        field: "conduct",
        message: "失信记录须写明失信行为(不超过2000字,第四十四条)。"
    )
    static let period = Rule(
        constraint: "dishonest_conduct_period_a44_2",
        field: "effective_until",
        message: "失信约束的截止日期不能早于起始日期(第四十四条)。"
    )
    static let restrictionFitsSubject = Rule(
        constraint: "dishonest_conduct_restriction_fits_subject_a44_2",
        field: "subject",
        message: "失信约束须与主体相符:限制申请有条件开放数据只适用于数据利用主体,限制提出共享申请只适用于公共管理和服务机构(第四十四条)。"
    )
    static let all: [Rule] = [
        oneSubject, conduct, period, restrictionFitsSubject,
        Rule(constraint: "dishonest_conduct_institution_exists_a44_2", field: "institution", message: "失信记录涉及的机构不存在。"),
        Rule(constraint: "dishonest_conduct_data_user_exists_a44_2", field: "data_user_account", message: "失信记录涉及的数据利用主体账户不存在。"),
        Rule(constraint: "dishonest_conduct_item_exists_a44_2", field: "item_id", message: "失信记录涉及的目录项不存在。"),
        Rule(
            constraint: "dishonest_conduct_legal_basis_cited_a44_2",
            field: "legal_basis",
            message: "失信认定依据须引用法律、法规:格式为书名号内的法律、法规或规章名称,可后接条款序号,例如《内蒙古自治区公共数据管理暂行办法》第四十四条。"
        ),
        Rule(constraint: "dishonest_conduct_by_authority_a44_2", field: "authority", message: "失信行为由公共数据主管部门认定并记录(第四十四条)。"),
        Rule(
            constraint: "dishonest_conduct_within_authority_a44_2",
            field: "authority",
            message: "失信记录由所涉机构或所涉数据所在行政区划的公共数据主管部门(或其上级)作出(第四十四条)。"
        ),
        Rule(constraint: "dishonest_conduct_terms_fixed_a44_2", field: nil, message: "失信记录的主体、行为、依据、期限和约束记录后不能更改(第四十四条)。"),
        Rule(constraint: "dishonest_conduct_ended_once_a44_2", field: "ended_on", message: "失信记录已解除或已期满,不能再解除(第四十四条)。"),
        Rule(constraint: "dishonest_conduct_ended_a44_2", field: "end_reason", message: "提前解除失信约束须写明理由(第四十四条)。"),
        Rule(constraint: "dishonest_conduct_kept_a44_2", field: nil, message: "失信记录不能删除,只能提前解除(第四十四条)。"),
        Rule(
            constraint: "open_application_applicant_dishonest_a44_2",
            field: "applicant",
            message: "申请人有在有效期内的失信记录,依照第四十四条受失信约束,不能申请有条件开放的公共数据。"
        ),
        Rule(
            constraint: "share_request_requester_dishonest_a44_2",
            field: "requester",
            message: "申请机构有在有效期内的失信记录,依照第四十四条受失信约束,不能提出共享申请。"
        ),
        Rule(
            constraint: "share_demand_requester_dishonest_a44_2",
            field: "requester",
            message: "申请机构有在有效期内的失信记录,依照第四十四条受失信约束,不能提出目录外数据需求。"
        ),
    ]
}
