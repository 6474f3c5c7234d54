import Postgres

/// A20.1: the three lists of sharing (清单化管理) — demand, responsibility, negative — read from the views of
/// `sql/0018_share_lists.sql` and `sql/0020_share_demands.sql`.
public enum ShareList: String, Sendable, Hashable, CaseIterable, Codable {
    /// 需求清单: every share request and every demand for data outside the catalog (A24.1), by the requesting
    /// institution.
    case demand
    /// 责任清单: the obligations sources accepted, for catalog items and for confirmed demands (A24.1).
    case responsibility
    /// 负面清单: published items not shared, with reason and legal basis.
    case negative

    /// The Chinese name of the list.
    public var label: String {
        switch self {
        case .demand: "需求清单"
        case .responsibility: "责任清单"
        case .negative: "负面清单"
        }
    }

    /// The list's columns: the view's column and its Chinese label, in the order they are shown.
    public var columns: [(name: String, label: String)] {
        switch self {
        case .demand:
            [
                ("kind", "类别"), ("request_no", "编号"), ("institution_uscc", "申请机构代码"),
                ("institution_name", "申请机构"), ("source_uscc", "数源部门代码"), ("source_name", "数源部门"),
                ("item_code", "目录编码"), ("item_name", "数据资源名称"), ("scenario", "应用场景"),
                ("data_items", "所需数据项"), ("mode", "共享方式"), ("purpose", "用途"), ("state", "状态"),
                ("received_on", "收到日期"), ("reply_due", "答复期限"), ("end_date", "截止日期"), ("route", "报送路径"),
            ]
        case .responsibility:
            [
                ("kind", "类别"), ("request_no", "编号"), ("institution_uscc", "数源部门代码"),
                ("institution_name", "数源部门"), ("requester_uscc", "申请机构代码"), ("requester_name", "申请机构"),
                ("item_code", "目录编码"), ("item_name", "数据资源名称"), ("data_items", "同意的数据项"),
                ("mode", "共享方式"), ("state", "状态"), ("replied_on", "答复日期"), ("delivery_due", "交付期限"), ("delivered_on", "交付日期"), ("end_date", "截止日期"),
            ]
        case .negative:
            [
                ("institution_uscc", "数源部门代码"), ("institution_name", "数源部门"), ("item_code", "目录编码"),
                ("item_name", "数据资源名称"), ("share_reason", "不予共享理由"), ("share_legal_basis", "法律法规依据"),
            ]
        }
    }

    var view: SQL {
        switch self {
        case .demand: "share_demand_list"
        case .responsibility: "share_responsibility_list"
        case .negative: "share_negative_list"
        }
    }

    var order: SQL {
        self == .negative ? "institution_uscc, item_code" : "kind, request_no"
    }
}

/// A20.1: one of the three lists as a table — its columns' labels and its rows as text.
public struct ShareListTable: Sendable, Hashable, Codable {
    public var list: ShareList
    public var name: String
    public var columns: [String]
    public var rows: [[String?]]

    /// The table as CSV with the Chinese column labels.
    public var csv: CSVTable {
        CSVTable(header: list.columns.map(\.label), rows: rows)
    }
}

extension ShareList {
    /// The list's rows within `filter` (an institution; a division and those below it), in the list's stable order.
    func table(_ filter: OversightFilter, on connection: Connection) throws -> ShareListTable {
        let selection = SQL.joined(columns.map { column -> SQL in "\(unescaped: column.name)::text" }, separator: ", ")
        let condition = filter.condition(institutionColumn: "institution_uscc", divisionColumn: "division_code")
        let rows = try connection.query("select \(selection) from \(view) where \(condition) order by \(order)").map { row in
            try columns.map { try row.decodeIfPresent($0.name, as: String.self) }
        }
        return ShareListTable(list: self, name: label, columns: columns.map(\.name), rows: rows)
    }
}
