/// The order of the dates of one case (`sql/0051_dates_in_order.sql`): what is answered, delivered, decided or closed
/// is so on or after the day it was received, submitted or found — an illegal date is refused, never re-stamped.
enum DateOrderRules {
    static let all = [
        Rule(
            constraint: "share_request_replied_after_receipt_a23_2",
            field: "replied_on",
            message: "答复日期不能早于共享申请的受理日期。"
        ),
        Rule(
            constraint: "share_request_delivered_after_reply_a23_2",
            field: "delivered_on",
            message: "完成共享的日期不能早于受理日期或答复日期。"
        ),
        Rule(
            constraint: "share_request_withdrawn_after_receipt_a23_2",
            field: "withdrawn_on",
            message: "撤回日期不能早于共享申请的受理日期。"
        ),
        Rule(
            constraint: "share_demand_reviewed_after_receipt_a24_1",
            field: "reviewed_on",
            message: "审核日期不能早于目录外需求的受理日期。"
        ),
        Rule(
            constraint: "share_demand_replied_after_receipt_a24_1",
            field: "replied_on",
            message: "答复日期不能早于目录外需求的受理日期或审核日期。"
        ),
        Rule(
            constraint: "share_demand_delivered_after_reply_a24_1",
            field: "delivered_on",
            message: "提供数据的日期不能早于受理日期或答复日期。"
        ),
        Rule(
            constraint: "share_demand_withdrawn_after_receipt_a24_1",
            field: "withdrawn_on",
            message: "撤回日期不能早于目录外需求的受理日期。"
        ),
        Rule(
            constraint: "open_application_replied_after_receipt_a28_2",
            field: "replied_on",
            message: "答复日期不能早于开放申请的受理日期。"
        ),
        Rule(
            constraint: "open_objection_decided_after_receipt_a28_3",
            field: "decided_on",
            message: "异议处理决定的日期不能早于异议的受理日期。"
        ),
        Rule(
            constraint: "open_objection_reopened_after_receipt_a28_3",
            field: "reopened_on",
            message: "恢复开放的日期不能早于异议的受理日期。"
        ),
        Rule(
            constraint: "error_report_verifying_after_receipt_a45_1",
            field: "verifying_on",
            message: "开始核实的日期不能早于纠错的受理日期。"
        ),
        Rule(
            constraint: "error_report_closed_after_receipt_a45_1",
            field: "closed_on",
            message: "办结日期不能早于纠错的受理日期或核实日期。"
        ),
        Rule(
            constraint: "unlawful_use_report_handling_after_receipt_a46_1",
            field: "handling_on",
            message: "开始处理的日期不能早于举报的受理日期。"
        ),
        Rule(
            constraint: "unlawful_use_report_handled_after_receipt_a46_1",
            field: "handled_on",
            message: "办结日期不能早于举报的受理日期或开始处理的日期。"
        ),
        Rule(
            constraint: "dispute_steps_after_filing_a47_1",
            field: "decided_on",
            message: "争议的协调、提请、建议和决定日期都不能早于争议的提出日期。"
        ),
        Rule(
            constraint: "catalog_update_obligation_fulfilled_after_event_a11_1",
            field: "fulfilled_on",
            message: "目录更新的完成日期不能早于法定依据或职责变化的日期。"
        ),
        Rule(
            constraint: "violation_closed_after_finding_a49_1",
            field: "closed_on",
            message: "违规整改办结的日期不能早于发现违规的日期。"
        ),
        Rule(
            constraint: "base_data_source_dates_after_claim_a13_2",
            field: "resolved_on",
            message: "基础数据来源的裁定或终止日期不能早于认领日期。"
        ),
    ]
}
