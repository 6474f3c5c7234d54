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
        case .institutions:
            """
            select uscc, name, division_code, kind, created_at, security_officer_name, security_officer_title, security_officer_named_on,
                   registered_by
              from institution
            """
        case .catalogItems:
            """
            select id, item_id, version_id, withdrawn, name, description, data_form, data_items, share_type, share_conditions,
                   share_reason, share_legal_basis, share_scope, open_type, open_conditions, not_open_ground, open_legal_basis,
                   update_frequency, collecting_department, approving_department, providing_department, source_institution_uscc,
                   category_scheme, category_code, grade, legal_basis, base_data_kind_code, data_updated_on, livelihood_related, code,
                   catalog_id, institution_uscc, division_code
              from catalog_item_published
            """
        case .catalogVersions:
            """
            select id, catalog_id, number, state, note, created_at, submitted_at, submitted_on, decision_due, decided_at,
                   reviewer_institution, reviewer_account, return_reason, decision_due_provisional
              from catalog_version
            """
        case .licenceAggregations:
            """
            select id, item_id, institution_uscc, aggregated_at, licence_count, source_system, recorded_by, created_at
              from licence_aggregation
            """
        case .shareRequests:
            """
            select id, request_no, item_id, revision_id, source_uscc, share_type, requester_uscc, requester_account, scenario, commitment,
                   requested_items, mode, end_date, purpose, state, received_at, received_on, reply_due, replied_at, replied_on,
                   replied_by, approved_items, refusal_reason, refusal_legal_basis, delivery_due, delivered_at, delivered_on,
                   delivery_note, withdrawn_at, withdrawn_on, withdrawal_reason, route, reply_due_provisional, delivery_due_provisional,
                   kind
              from share_request
            """
        case .shareDemands:
            """
            select id, demand_no, requester_uscc, requester_account, authority_division, data_wanted, requested_items, scenario,
                   commitment, mode, end_date, source_uscc, route, state, received_at, received_on, reviewed_at, reviewed_on, reviewed_by,
                   review_note, reply_due, replied_at, replied_on, replied_by, processing_needed, delivery_due, refusal_reason,
                   refusal_legal_basis, delivered_at, delivered_on, delivery_note, withdrawn_at, withdrawn_on, withdrawal_reason,
                   reply_due_provisional, delivery_due_provisional
              from share_demand
            """
        case .demandList:
            """
            select kind, request_no, institution_uscc, institution_name, division_code, source_uscc, source_name, item_code, item_name,
                   scenario, data_items, mode, purpose, state, received_on, reply_due, end_date, route
              from \(ShareList.demand.view)
            """
        case .responsibilityList:
            """
            select kind, request_no, institution_uscc, institution_name, division_code, requester_uscc, requester_name, item_code,
                   item_name, data_items, mode, state, replied_on, delivery_due, delivered_on, end_date
              from \(ShareList.responsibility.view)
            """
        case .negativeList:
            """
            select institution_uscc, institution_name, division_code, item_code, item_name, share_reason, share_legal_basis
              from \(ShareList.negative.view)
            """
        case .attributeEvaluations:
            """
            select id, item_id, kind, revision_id, institution_uscc, evaluated_on, outcome, reason, evaluator, created_at
              from attribute_evaluation
            """
        case .attributeConversions:
            """
            select id, item_id, kind, from_type, to_type, basis, evaluation_id, version_id, converted_on, note, institution_uscc, created_at
              from attribute_conversion
            """
        case .dataAssets:
            """
            select id, register_no, holder_uscc, name, description, source_system, record_count, volume_bytes, category_scheme,
                   category_code, grade, status, registered_on, retired_on, created_at, updated_at
              from data_asset
            """
        case .itProjects:
            """
            select id, institution_uscc, name, funding_kind, approved_on, catalog_submitted_on, accepted_on, catalog_updated_on,
                   data_aggregated_on, description, created_at, correction_note
              from it_project
            """
        case .openPlans:
            """
            select id, year, division_code, institution_uscc, version, state, priorities, amendment_note, created_at, published_at,
                   published_on, published_by
              from open_plan
            """
        case .openPlanItems:
            """
            select plan_id, item_id, open_type, target_date, livelihood, note
              from open_plan_item
            """
        case .openApplications:
            """
            select id, application_no, item_id, revision_id, institution_uscc, applicant_account, scenario, data_scope, delivery_method,
                   time_limit, security_measures, state, received_at, received_on, replied_at, replied_on, replied_by, approved_use,
                   approved_scope, refusal_reason, refusal_legal_basis, withdrawn_at
              from open_application
            """
        case .openObjections:
            """
            select id, objection_no, item_id, institution_uscc, complainant_account, harm, description, evidence, state, received_at,
                   received_on, decided_at, decided_on, decided_by, verification_note, feedback, reopened_at, reopened_on, reopen_feedback
              from open_objection
            """
        case .accounts: "select id, role, display_name, institution_uscc, data_user_id, created_at, revoked_at from account"
        case .dataUsers: "select id, kind, name, citizen_id_masked, uscc, created_at from data_user"
        case .violations:
            """
            select id, violation_no, subject, institution_uscc, data_user_account, item_id, clause, description, found_on,
                   rectification_due, authority_uscc, recorded_by, state, closed_on, closed_by, outcome, referred_to, suspension_id
              from violation
            """
        case .errorReports:
            """
            select id, report_no, item_id, revision_id, provider_uscc, reporter_account, reporter_institution, kind, description, state,
                   received_at, received_on, handling_working_days, handling_due, verifying_at, verifying_on, verified_by,
                   verification_note, closed_at, closed_on, closed_by, feedback, rejection_reason, handling_due_provisional
              from error_report
            """
        case .disputes:
            """
            select id, dispute_no, subject, description, party_institutions, party_accounts, filed_by, authority_division, state, filed_at,
                   filed_on, coordinating_on, coordinated_by, coordination_note, referred_on, referred_by, referral_question,
                   recommended_on, recommended_by, recommendation, decided_on, decided_by, decision
              from dispute
            """
        case .unlawfulUseReports:
            // A46.1: the reporter is never named, not even by account.
            """
            select id, report_no, authority_division, subject_institution, subject_account, description, state, received_on,
                   handling_on, handled_on, outcome
              from unlawful_use_report
            """
        case .assessments:
            """
            select s.year, s.division_code, a.version, a.as_of, a.state, sc.assessment_id, sc.institution_uscc, sc.indicator_code,
                   sc.computed, sc.adjusted, sc.remark, sc.adjusted_by, sc.adjusted_at
              from assessment_score sc join assessment a on a.id = sc.assessment_id join assessment_scheme s on s.id = a.scheme_id
            """
        case .securityChecks:
            """
            select id, institution_uscc, kind, checked_on, findings, issues_found, measures, recorded_by, created_at
              from security_check
            """
        case .securityIncidents:
            """
            select id, institution_uscc, title, level, description, detected_at, response, contained_at, recovered_at, reported_at,
                   report_recipient, recorded_by, created_at
              from security_incident
            """
        case .dishonestConduct:
            """
            select id, record_no, subject, institution_uscc, data_user_account, item_id, sphere, conduct, legal_basis, effective_from,
                   effective_until, restricts_open_applications, restricts_share_requests, division_code, authority_uscc, recorded_by,
                   created_at, ended_on, end_reason, ended_by
              from dishonest_conduct
            """
        case .dataProducts:
            """
            select id, product_no, name, maker, data_user_account, institution_uscc, purpose, made_on, item_ids, recorded_by, created_at
              from data_product
            """
        case .usageFeedback:
            """
            select id, data_user_account, item_id, period, use_description, security_measures, submitted_at
              from usage_feedback
            """
        case .auditLog:
            """
            select seq, occurred_at, actor_account, actor_role, actor_institution, db_user, operation, action, entity,
                   record_id, before - \(Self.protectedColumns)::text[] as before,
                   after - \(Self.protectedColumns)::text[] as after, request_id, prev_hash, hash
              from audit_entry
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
