import Postgres

/// A27.1: why a catalog item is not open (非开放的依据).
public enum NotOpenGround: String, Sendable, Hashable, CaseIterable, Codable {
    /// 商业秘密.
    case tradeSecret = "trade_secret"
    /// 个人隐私.
    case privacy
    /// 法律法规规定不得开放: the law is named in `open_legal_basis`.
    case law

    /// The Chinese label.
    public var label: String {
        switch self {
        case .tradeSecret: "商业秘密"
        case .privacy: "个人隐私"
        case .law: "法律法规规定不得开放"
        }
    }
}

extension NotOpenGround: PostgresEnum {}
