import Postgres

/// A29.2: the registers the audit authority (审计部门) reads, each by the name the API gives it.
///
/// The SQL of each dataset is fixed here, never built from input. Personal data stay protected (A13.1): accounts come
/// without their token hash, data users with the masked citizen identity number only, and the audit trail without the
/// redacted markers of those columns.
public enum AuditDataset: String, Sendable, Hashable, CaseIterable, Codable {
    case institutions
    case catalogItems = "catalog-items"
    case catalogVersions = "catalog-versions"
    case shareRequests = "share-requests"
    case shareDemands = "share-demands"
    case demandList = "demand-list"
    case responsibilityList = "responsibility-list"
    case negativeList = "negative-list"
    case attributeEvaluations = "attribute-evaluations"
    case attributeConversions = "attribute-conversions"
    case dataAssets = "data-assets"
    case itProjects = "it-projects"
    case licenceAggregations = "licence-aggregations"
    case openPlans = "open-plans"
    case openPlanItems = "open-plan-items"
    case openApplications = "open-applications"
    case openObjections = "open-objections"
    case accounts
    case dataUsers = "data-users"
    case violations
    case errorReports = "error-reports"
    case disputes
    case unlawfulUseReports = "unlawful-use-reports"
    case assessments
    case securityChecks = "security-checks"
    case securityIncidents = "security-incidents"
    case dishonestConduct = "dishonest-conduct"
    case dataProducts = "data-products"
    case usageFeedback = "usage-feedback"
    case auditLog = "audit-log"

    /// The Chinese name of the dataset.
    public var label: String {
        switch self {
        case .institutions: "机构"
        case .catalogItems: "已发布的目录项"
        case .catalogVersions: "目录版本"
        case .shareRequests: "共享申请"
        case .shareDemands: "目录外数据需求"
        case .demandList: ShareList.demand.label
        case .responsibilityList: ShareList.responsibility.label
        case .negativeList: ShareList.negative.label
        case .attributeEvaluations: "共享开放属性评估"
        case .attributeConversions: "共享开放属性转换"
        case .dataAssets: "公共数据资产"
        case .itProjects: "信息化项目"
        case .licenceAggregations: "电子证照归集记录"
        case .openPlans: "年度开放计划"
        case .openPlanItems: "开放计划所列数据"
        case .openApplications: "有条件开放申请"
        case .openObjections: "开放异议"
        case .accounts: "账户(不含令牌摘要)"
        case .dataUsers: "数据利用主体(身份号码脱敏)"
        case .violations: "违规记录及整改"
        case .errorReports: "数据纠错"
        case .disputes: "争议协调"
        case .unlawfulUseReports: "违法利用举报(不含举报人)"
        case .assessments: "年度评估得分"
        case .securityChecks: "安全检查记录"
        case .securityIncidents: "安全事件及应急处置"
        case .dishonestConduct: "失信记录及失信约束"
        case .dataProducts: "数据产品"
        case .usageFeedback: "使用情况反馈"
        case .auditLog: "审计日志"
        }
    }

    /// The dataset's rows.
    var source: SQL {
        switch self {
        case .institutions: "select * from institution"
        case .catalogItems: "select * from catalog_item_published"
        case .catalogVersions: "select * from catalog_version"
        case .licenceAggregations: "select * from licence_aggregation"
        case .shareRequests: "select * from share_request"
        case .shareDemands: "select * from share_demand"
        case .demandList: "select * from \(ShareList.demand.view)"
        case .responsibilityList: "select * from \(ShareList.responsibility.view)"
        case .negativeList: "select * from \(ShareList.negative.view)"
        case .attributeEvaluations: "select * from attribute_evaluation"
        case .attributeConversions: "select * from attribute_conversion"
        case .dataAssets: "select * from data_asset"
        case .itProjects: "select * from it_project"
        case .openPlans: "select * from open_plan"
        case .openPlanItems: "select * from open_plan_item"
        case .openApplications: "select * from open_application"
        case .openObjections: "select * from open_objection"
        case .accounts: "select id, role, display_name, institution_uscc, data_user_id, created_at, revoked_at from account"
        case .dataUsers: "select id, kind, name, citizen_id_masked, uscc, created_at from data_user"
        case .violations: "select * from violation"
        case .errorReports: "select * from error_report"
        case .disputes: "select * from dispute"
        case .unlawfulUseReports:
            // A46.1: the reporter is never named, not even by account.
            """
            select id, report_no, authority_division, subject_institution, subject_account, description, state, received_on,
                   handling_on, handled_on, outcome
              from unlawful_use_report
            """
        case .assessments:
            """
            select s.year, s.division_code, a.version, a.as_of, a.state, sc.*
              from assessment_score sc join assessment a on a.id = sc.assessment_id join assessment_scheme s on s.id = a.scheme_id
            """
        case .securityChecks: "select * from security_check"
        case .securityIncidents: "select * from security_incident"
        case .dishonestConduct: "select * from dishonest_conduct"
        case .dataProducts: "select * from data_product"
        case .usageFeedback: "select * from usage_feedback"
        case .auditLog:
            """
            select seq, occurred_at, actor_account, actor_role, actor_institution, db_user, operation, action, entity,
                   record_id, before - \(Self.protectedColumns)::text[] as before,
                   after - \(Self.protectedColumns)::text[] as after, request_id, prev_hash, hash
              from audit_log
            """
        }
    }

    /// The dataset's stable order, so that its pages neither skip nor repeat rows.
    var order: SQL {
        switch self {
        case .institutions: "uscc"
        case .catalogItems: "id"
        case .shareRequests: "request_no"
        case .shareDemands: "demand_no"
        case .demandList: ShareList.demand.order
        case .responsibilityList: ShareList.responsibility.order
        case .negativeList: ShareList.negative.order
        case .dataAssets: "register_no"
        case .auditLog: "seq"
        case .violations: "violation_no"
        case .errorReports, .unlawfulUseReports: "report_no"
        case .disputes: "dispute_no"
        case .dishonestConduct: "record_no"
        case .dataProducts: "product_no"
        case .assessments: "assessment_id, institution_uscc, indicator_code"
        case .securityChecks, .securityIncidents, .licenceAggregations: "created_at, id"
        case .usageFeedback: "submitted_at, id"
        case .openPlanItems: "plan_id, item_id"
        case .openApplications: "application_no"
        case .openObjections: "objection_no"
        case .catalogVersions, .attributeEvaluations, .attributeConversions, .itProjects, .openPlans, .accounts, .dataUsers:
            "created_at, id"
        }
    }

    /// A13.1: the columns of protected values (their markers in the audit trail's row images included).
    static let protectedColumns = "{token_hash,previous_token_hash,citizen_id_digest}"
}
