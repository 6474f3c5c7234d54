import Postgres

/// A10.2 / A16.1: how often a catalog item's data are updated (更新频率).
///
/// With the item's `data_updated_on` it says when the data are stale (SQL `update_frequency_allowance`).
public enum UpdateFrequency: String, Sendable, Hashable, CaseIterable, Codable {
    /// 实时.
    case realTime = "real_time"
    /// 每日.
    case daily
    /// 每周.
    case weekly
    /// 每月.
    case monthly
    /// 每季度.
    case quarterly
    /// 每半年.
    case halfYearly = "half_yearly"
    /// 每年.
    case yearly
    /// 不定期: never stale.
    case irregular

    /// The Chinese label.
    public var label: String {
        switch self {
        case .realTime: "实时"
        case .daily: "每日"
        case .weekly: "每周"
        case .monthly: "每月"
        case .quarterly: "每季度"
        case .halfYearly: "每半年"
        case .yearly: "每年"
        case .irregular: "不定期"
        }
    }
}

extension UpdateFrequency: PostgresEnum {}
