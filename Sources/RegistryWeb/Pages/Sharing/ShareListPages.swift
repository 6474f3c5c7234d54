import RegistryCore

/// 共享清单 (A20.1): one of the three lists — demand, responsibility, negative — within the reader's oversight, with
/// its CSV export; the page shows the first rows, the export all of them.
struct ShareListPage: PageView {
    static let template = "share-list"
    /// The rows a page shows at most; the export holds every row.
    static let shownRows = 200
    var title: String
    var tabs: [Tab]
    var csvLink: String
    var columns: [String]
    var rows: [Row]
    var total: Int
    var anyRows: Bool
    var truncated: Bool
    let shownRows = Self.shownRows

    /// A link to one of the three lists.
    struct Tab: Sendable {
        var path: String
        var label: String
        var current: Bool
    }

    /// A row's cells, blank for missing values.
    struct Row: Sendable {
        var cells: [String]
    }

    init(_ table: ShareListTable) {
        title = "共享\(table.list.label)"
        tabs = ShareList.allCases.map { Tab(path: "/sharing/lists/\($0.rawValue)", label: $0.label, current: $0 == table.list) }
        csvLink = "/sharing/lists/\(table.list.rawValue)/csv"
        columns = table.list.columns.map(\.label)
        rows = table.rows.prefix(Self.shownRows).map { Row(cells: $0.map { $0 ?? "" }) }
        total = table.rows.count
        anyRows = total > 0
        truncated = total > Self.shownRows
    }
}
