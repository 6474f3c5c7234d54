/// A10.2: one data item (数据项) of a catalog item's share content (共享内容): a field of the data.
///
/// Stored as `{"name", "type", "description"}` in `catalog_item_revision.data_items`; the share content is a non-empty
/// list with unique, non-blank names (`catalog_item_share_content_a10_2`).
public struct DataItem: Sendable, Hashable, Codable {
    public var name: String
    public var type: DataItemType
    public var description: String?

    public init(name: String, type: DataItemType, description: String? = nil) {
        self.name = name
        self.type = type
        self.description = description
    }

    /// Whether a list of data items is valid share content, as SQL `catalog_data_items_valid` decides: not empty,
    /// every name non-blank, no name twice (compared as stored, character by character).
    public static func isValidShareContent(_ items: [DataItem]) -> Bool {
        guard !items.isEmpty, !items.contains(where: { SQLText.isBlank($0.name) }) else { return false }
        return Set(items.map { Array($0.name.utf8) }).count == items.count
    }
}

/// A10.2: the type of a data item's values.
public enum DataItemType: String, Sendable, Hashable, CaseIterable, Codable {
    /// 字符串.
    case string
    /// 整数.
    case integer
    /// 小数.
    case decimal
    /// 布尔.
    case boolean
    /// 日期.
    case date
    /// 日期时间.
    case datetime
    /// 二进制.
    case binary
    /// 空间几何.
    case geometry

    /// The Chinese label.
    public var label: String {
        switch self {
        case .string: "字符串"
        case .integer: "整数"
        case .decimal: "小数"
        case .boolean: "布尔"
        case .date: "日期"
        case .datetime: "日期时间"
        case .binary: "二进制"
        case .geometry: "空间几何"
        }
    }
}
