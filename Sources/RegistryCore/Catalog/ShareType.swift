import Postgres

/// A21.1: the share type (共享类型) of a catalog item.
///
/// Conditional and not-shared items state a reason and a legal basis (法律、法规依据); conditional items state their
/// conditions. An item with no legal basis for restriction is unconditional.
public enum ShareType: String, Sendable, Hashable, CaseIterable, Codable {
    /// 无条件共享.
    case unconditional
    /// 有条件共享.
    case conditional
    /// 不予共享.
    case notShared = "not_shared"

    /// The Chinese label.
    public var label: String {
        switch self {
        case .unconditional: "无条件共享"
        case .conditional: "有条件共享"
        case .notShared: "不予共享"
        }
    }

    /// Whether sharing is restricted, so that a reason and a legal basis are required (A21.1).
    public var isRestricted: Bool { self != .unconditional }
}

extension ShareType: PostgresEnum {}
