import Postgres

/// A27.1: the open type (开放属性) of a catalog item.
///
/// Not-open items state their ground (``NotOpenGround``); conditionally open items state their conditions (object,
/// use, scope). A core-grade item is never unconditionally open (A9.2).
public enum OpenType: String, Sendable, Hashable, CaseIterable, Codable {
    /// 无条件开放.
    case unconditional
    /// 有条件开放.
    case conditional
    /// 非开放.
    case notOpen = "not_open"

    /// The Chinese label.
    public var label: String {
        switch self {
        case .unconditional: "无条件开放"
        case .conditional: "有条件开放"
        case .notOpen: "非开放"
        }
    }
}

extension OpenType: PostgresEnum {}
