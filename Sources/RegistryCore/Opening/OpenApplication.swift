import Foundation
import Postgres

/// A28.2: where an application for conditionally open data stands.
public enum OpenApplicationState: String, Sendable, Hashable, CaseIterable, Codable, PostgresEnum {
    /// 已提交.
    case submitted
    /// 已同意, with use and scope.
    case approved
    /// 已拒绝, with reason and legal basis.
    case refused
    /// 已撤回 by the applicant.
    case withdrawn

    /// The Chinese label.
    public var label: String {
        switch self {
        case .submitted: "已提交"
        case .approved: "已同意"
        case .refused: "已拒绝"
        case .withdrawn: "已撤回"
        }
    }
}

/// A28.2: what a data user files to obtain a conditionally open item — every field required.
public struct NewOpenApplication: Sendable, Hashable, Codable {
    public var itemID: UUID
    /// 具体应用场景.
    public var scenario: String
    /// 数据需求范围.
    public var dataScope: String
    /// 数据提供方式.
    public var deliveryMethod: String
    /// 数据使用时限: not before the day of the application.
    public var timeLimit: CivilDate
    /// 安全保障措施.
    public var securityMeasures: String

    public init(
        itemID: UUID,
        scenario: String,
        dataScope: String,
        deliveryMethod: String,
        timeLimit: CivilDate,
        securityMeasures: String
    ) {
        self.itemID = itemID
        self.scenario = scenario
        self.dataScope = dataScope
        self.deliveryMethod = deliveryMethod
        self.timeLimit = timeLimit
        self.securityMeasures = securityMeasures
    }

    /// The application's own rules, in the order the database checks them (A28.2).
    public func validate(on today: CivilDate) throws(RegistryError) {
        if SQLText.isBlank(scenario) { throw OpeningRules.applicationScenario.error }
        if SQLText.isBlank(dataScope) { throw OpeningRules.applicationDataScope.error }
        if SQLText.isBlank(deliveryMethod) { throw OpeningRules.applicationDeliveryMethod.error }
        if timeLimit < today { throw OpeningRules.applicationTimeLimit.error }
        if SQLText.isBlank(securityMeasures) { throw OpeningRules.applicationSecurityMeasures.error }
    }
}

/// A28.2: the providing institution's answer to an application.
public enum OpenApplicationReply: Sendable, Hashable {
    /// 同意开放, stating the use and the scope of the data.
    case approve(use: String, scope: String)
    /// 不同意开放, with reason and legal basis.
    case refuse(reason: String, legalBasis: String)
}

/// A28.2: an application with its answer; the applicant is shown by name and masked identity only (A13.1).
public struct OpenApplication: Sendable, Hashable, Codable {
    public var id: UUID
    public var number: Int64
    public var itemID: UUID
    public var itemCode: String
    public var itemName: String
    /// The providing institution: it answers.
    public var institution: String
    public var applicantAccount: UUID
    public var applicant: DataUser
    public var scenario: String
    public var dataScope: String
    public var deliveryMethod: String
    public var timeLimit: CivilDate
    public var securityMeasures: String
    public var state: OpenApplicationState
    public var receivedOn: CivilDate
    public var repliedOn: CivilDate?
    /// 用途 and 使用范围 of an approval.
    public var approvedUse: String?
    public var approvedScope: String?
    public var refusalReason: String?
    public var refusalLegalBasis: String?

    init(row: Row) throws {
        id = try row.decode("id")
        number = try row.decode("application_no")
        itemID = try row.decode("item_id")
        itemCode = try row.decode("item_code")
        itemName = try row.decode("item_name")
        institution = try row.decode("institution_uscc")
        applicantAccount = try row.decode("applicant_account")
        applicant = try DataUser(row: row, prefix: "du_")
        scenario = try row.decode("scenario")
        dataScope = try row.decode("data_scope")
        deliveryMethod = try row.decode("delivery_method")
        timeLimit = try row.decode("time_limit")
        securityMeasures = try row.decode("security_measures")
        state = try row.decode("state")
        receivedOn = try row.decode("received_on")
        repliedOn = try row.decodeIfPresent("replied_on")
        approvedUse = try row.decodeIfPresent("approved_use")
        approvedScope = try row.decodeIfPresent("approved_scope")
        refusalReason = try row.decodeIfPresent("refusal_reason")
        refusalLegalBasis = try row.decodeIfPresent("refusal_legal_basis")
    }
}
