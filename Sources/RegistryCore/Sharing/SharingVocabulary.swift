import Postgres

/// A23.4: the sharing mode (共享模式) an approval fixes.
public enum SharingMode: String, Sendable, Hashable, CaseIterable, Codable {
    /// 接口调用.
    case interface
    /// 库表交换.
    case tableExchange = "table_exchange"
    /// 文件下载.
    case file

    /// The Chinese label.
    public var label: String {
        switch self {
        case .interface: "接口调用"
        case .tableExchange: "库表交换"
        case .file: "文件下载"
        }
    }
}

extension SharingMode: PostgresEnum {}

/// A23.2: where a share request stands (申请状态).
public enum ShareRequestState: String, Sendable, Hashable, CaseIterable, Codable {
    /// 已提交: waiting for the source's reply (5 working days).
    case submitted
    /// 已同意: granted (at once for unconditional items, A23.1); delivery due 5 working days after the reply.
    case approved
    /// 已拒绝, with reason and legal basis.
    case refused
    /// 已交付.
    case delivered
    /// 已撤回 by the requester.
    case withdrawn

    /// The Chinese label.
    public var label: String {
        switch self {
        case .submitted: "已提交"
        case .approved: "已同意"
        case .refused: "已拒绝"
        case .delivered: "已交付"
        case .withdrawn: "已撤回"
        }
    }
}

extension ShareRequestState: PostgresEnum {}

/// A23.3: what a request is for (申请用途); an item that is not shared takes only verification and comparison.
public enum SharePurpose: String, Sendable, Hashable, CaseIterable, Codable {
    /// 共享使用.
    case use
    /// 核实.
    case verification
    /// 比对.
    case comparison

    /// The Chinese label.
    public var label: String {
        switch self {
        case .use: "共享使用"
        case .verification: "核实"
        case .comparison: "比对"
        }
    }

    /// Whether an item that is not shared (不予共享) accepts a request with this purpose (A23.3).
    public var isVerification: Bool { self != .use }
}

extension SharePurpose: PostgresEnum {}

/// A19.1: what a share request is — a request between institutions (A23), or a flow-back (回流), in which a league/city
/// platform asks the region platform for data on demand (按需回流、安全可控) under the same clocks and minimum authorisation.
public enum ShareRequestKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// 共享申请.
    case share
    /// 数据回流申请: filed by a league/city public data authority, answered by the region's.
    case flowBack = "flow_back"

    /// The Chinese label.
    public var label: String {
        switch self {
        case .share: "共享申请"
        case .flowBack: "数据回流申请"
        }
    }
}

extension ShareRequestKind: PostgresEnum {}
