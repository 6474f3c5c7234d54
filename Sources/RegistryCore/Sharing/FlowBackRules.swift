/// A19.1: the rules `sql/0126_flow_back.sql` adds for flow-backs (回流) to those of share requests, with their fields and
/// messages (``RuleCatalog`` joins them).
enum FlowBackRules {
    static let requesterLeagueCity = Rule(
        constraint: "share_request_flow_back_requester_league_city_a19_1",
        field: "requester",
        message: "数据回流申请须由盟市公共数据主管部门(盟市公共数据平台)向自治区公共数据平台提出。"
    )
    static let regionData = Rule(
        constraint: "share_request_flow_back_region_data_a19_1",
        field: "item_id",
        message: "数据回流只能申请自治区本级目录中已发布的目录事项。"
    )
    static let regionPlatform = Rule(
        constraint: "share_request_flow_back_region_platform_a19_1",
        field: "item_id",
        message: "自治区尚未登记公共数据主管部门,无法受理数据回流申请。"
    )
    static let kindKept = Rule(
        constraint: "share_request_kind_kept_a19_1",
        field: "kind",
        message: "申请类别(共享申请或数据回流申请)在提出时确定,不能更改。"
    )

    static let all: [Rule] = [requesterLeagueCity, regionData, regionPlatform, kindKept]
}
