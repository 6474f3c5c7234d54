import Foundation
import Postgres

/// A12.1: an information system project paid with fiscal funds (财政性资金) or bought as a service, with the catalog
/// and data steps the regulation requires at approval (立项) and before acceptance (竣工验收).
public struct ITProject: Sendable, Hashable, Codable {
    public var id: UUID
    /// The institution carrying the project out (A38.1).
    public var institution: String
    public var institutionName: String
    public var name: String
    public var fundingKind: ITProjectFunding
    /// 立项.
    public var approvedOn: CivilDate
    /// The catalog submitted to the authority at the approval stage.
    public var catalogSubmittedOn: CivilDate?
    /// 竣工验收; `nil` while the system is being built.
    public var acceptedOn: CivilDate?
    public var catalogUpdatedOn: CivilDate?
    /// Data shared and aggregated on the public data platform (共享和归集).
    public var dataAggregatedOn: CivilDate?
    public var description: String?
    /// Why the dates were last corrected, if they were.
    public var correctionNote: String?
    public var createdAt: Date

    init(row: Row) throws {
        id = try row.decode("id")
        institution = try row.decode("institution_uscc")
        institutionName = try row.decode("institution_name")
        name = try row.decode("name")
        fundingKind = try row.decode("funding_kind")
        approvedOn = try row.decode("approved_on")
        catalogSubmittedOn = try row.decodeIfPresent("catalog_submitted_on")
        acceptedOn = try row.decodeIfPresent("accepted_on")
        catalogUpdatedOn = try row.decodeIfPresent("catalog_updated_on")
        dataAggregatedOn = try row.decodeIfPresent("data_aggregated_on")
        description = try row.decodeIfPresent("description")
        correctionNote = try row.decodeIfPresent("correction_note")
        createdAt = try row.decode("created_at")
    }
}

/// A12.1: how a project is paid for.
public enum ITProjectFunding: String, Sendable, Hashable, Codable, CaseIterable, PostgresEnum {
    /// 财政性资金: built or upgraded with fiscal funds.
    case fiscal
    /// 政府购买服务: bought as a service.
    case purchasedService = "purchased_service"

    /// The Chinese label shown to people.
    public var label: String {
        switch self {
        case .fiscal: "财政性资金"
        case .purchasedService: "政府购买服务"
        }
    }
}

/// A12.1: what a clerk records about a new project of its institution.
public struct NewITProject: Sendable, Hashable, Codable {
    public var institution: String
    public var name: String
    public var fundingKind: ITProjectFunding
    public var approvedOn: CivilDate
    public var catalogSubmittedOn: CivilDate?
    public var acceptedOn: CivilDate?
    public var catalogUpdatedOn: CivilDate?
    public var dataAggregatedOn: CivilDate?
    public var description: String?

    public init(
        institution: String,
        name: String,
        fundingKind: ITProjectFunding,
        approvedOn: CivilDate,
        catalogSubmittedOn: CivilDate? = nil,
        acceptedOn: CivilDate? = nil,
        catalogUpdatedOn: CivilDate? = nil,
        dataAggregatedOn: CivilDate? = nil,
        description: String? = nil
    ) {
        self.institution = institution
        self.name = name
        self.fundingKind = fundingKind
        self.approvedOn = approvedOn
        self.catalogSubmittedOn = catalogSubmittedOn
        self.acceptedOn = acceptedOn
        self.catalogUpdatedOn = catalogUpdatedOn
        self.dataAggregatedOn = dataAggregatedOn
        self.description = description
    }
}

/// A12.1: later steps of a project as they happen; fields left out stay as recorded.
public struct ITProjectSteps: Sendable, Hashable, Codable {
    public var catalogSubmittedOn: CivilDate?
    public var acceptedOn: CivilDate?
    public var catalogUpdatedOn: CivilDate?
    public var dataAggregatedOn: CivilDate?

    public init(
        catalogSubmittedOn: CivilDate? = nil,
        acceptedOn: CivilDate? = nil,
        catalogUpdatedOn: CivilDate? = nil,
        dataAggregatedOn: CivilDate? = nil
    ) {
        self.catalogSubmittedOn = catalogSubmittedOn
        self.acceptedOn = acceptedOn
        self.catalogUpdatedOn = catalogUpdatedOn
        self.dataAggregatedOn = dataAggregatedOn
    }
}

/// A12.1: every date of a project as its institution corrects them, with the reason; a date left out is cleared.
public struct ITProjectDates: Sendable, Hashable, Codable {
    public var approvedOn: CivilDate
    public var catalogSubmittedOn: CivilDate?
    public var acceptedOn: CivilDate?
    public var catalogUpdatedOn: CivilDate?
    public var dataAggregatedOn: CivilDate?
    /// Why the recorded dates were wrong.
    public var reason: String

    public init(
        approvedOn: CivilDate,
        catalogSubmittedOn: CivilDate? = nil,
        acceptedOn: CivilDate? = nil,
        catalogUpdatedOn: CivilDate? = nil,
        dataAggregatedOn: CivilDate? = nil,
        reason: String
    ) {
        self.approvedOn = approvedOn
        self.catalogSubmittedOn = catalogSubmittedOn
        self.acceptedOn = acceptedOn
        self.catalogUpdatedOn = catalogUpdatedOn
        self.dataAggregatedOn = dataAggregatedOn
        self.reason = reason
    }
}

/// A12.1: a missing or late step of a project — a compliance finding with the institution responsible.
public struct ITProjectFinding: Sendable, Hashable, Codable, RowColumns {
    public var projectID: UUID
    public var projectName: String
    public var institution: String
    public var institutionName: String
    public var divisionCode: String
    /// `catalog_not_submitted`, `catalog_submitted_late`, `catalog_not_updated`, `catalog_updated_late`,
    /// `data_not_aggregated` or `data_aggregated_late`.
    public var finding: String
    /// What is missing, in the regulation's words.
    public var description: String
    /// `A12.1`.
    public var article: String
    /// The day the step was due (approval, or acceptance).
    public var dueOn: CivilDate
    /// The day the step was done, when late.
    public var doneOn: CivilDate?

    init(row: Row) throws {
        projectID = try row.decode("project_id")
        projectName = try row.decode("project_name")
        institution = try row.decode("institution_uscc")
        institutionName = try row.decode("institution_name")
        divisionCode = try row.decode("division_code")
        finding = try row.decode("finding")
        description = try row.decode("description")
        article = try row.decode("article")
        dueOn = try row.decode("due_on")
        doneOn = try row.decodeIfPresent("done_on")
    }

    /// The columns ``init(row:)`` reads: the statements that read this type select them by name.
    static let columnNames = [
        "project_id", "project_name", "institution_uscc", "institution_name", "division_code", "finding", "description", "article", "due_on",
        "done_on",
    ]
}

/// A12.1: the rules `sql/0012_it_projects.sql` enforces (``RuleCatalog`` joins them).
enum ITProjectRules {
    static let institutionExists = Rule(
        constraint: "it_project_institution_exists_a12_1",
        field: "institution",
        message: "项目单位须是已登记的机构。"
    )
    static let nameNotBlank = Rule(
        constraint: "it_project_name_not_blank_a12_1",
        field: "name",
        message: "须填写信息化项目名称。"
    )
    static let acceptedAfterApproval = Rule(
        constraint: "it_project_accepted_after_approval_a12_1",
        field: "accepted_on",
        message: "竣工验收日期不能早于立项日期。"
    )
    static let catalogUpdatedAfterApproval = Rule(
        constraint: "it_project_catalog_updated_after_approval_a12_1",
        field: "catalog_updated_on",
        message: "项目的公共数据目录更新日期不能早于立项日期。"
    )
    static let dataAggregatedAfterApproval = Rule(
        constraint: "it_project_data_aggregated_after_approval_a12_1",
        field: "data_aggregated_on",
        message: "项目的公共数据共享和归集日期不能早于立项日期。"
    )
    static let institutionKept = Rule(
        constraint: "it_project_institution_kept_a12_1",
        field: "institution",
        message: "信息化项目不能转到其他机构名下。"
    )
    static let correctionExplained = Rule(
        constraint: "it_project_correction_explained_a12_1",
        field: "reason",
        message: "更正项目日期须说明理由。"
    )
    /// The field is the column the database names: whichever date lies outside the calendar.
    static let datesInCalendar = Rule(
        constraint: "it_project_dates_in_calendar_w_2",
        field: nil,
        message: "该日期超出工作日日历的范围(自已导入国务院节假日安排的第一年起,至暂定日历的最后一年止),无法据此计算期限,请核对。"
    )

    static let all: [Rule] = [
        institutionExists, nameNotBlank, acceptedAfterApproval, catalogUpdatedAfterApproval, dataAggregatedAfterApproval,
        institutionKept, correctionExplained, datesInCalendar,
    ]
}
