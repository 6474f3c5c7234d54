import Postgres

/// A9.2: the grade of public data per GB/T 43697-2024 — 核心数据, 重要数据, 一般数据.
///
/// Every catalog item and data asset carries one. A core-grade item is never unconditionally open
/// (`catalog_item_core_not_unconditionally_open_a9_2`).
public enum DataGrade: String, Sendable, Hashable, CaseIterable, Codable {
    /// 核心数据.
    case core
    /// 重要数据.
    case important
    /// 一般数据.
    case general

    /// The Chinese label of GB/T 43697-2024 (the same as SQL `data_grade_label`).
    public var label: String {
        switch self {
        case .core: "核心数据"
        case .important: "重要数据"
        case .general: "一般数据"
        }
    }
}

extension DataGrade: PostgresEnum {}
