import Postgres

/// A10.2: the form of the data (数据形式) a catalog item describes.
public enum DataForm: String, Sendable, Hashable, CaseIterable, Codable {
    /// 库表: tables of a database.
    case databaseTable = "database_table"
    /// 文件.
    case file
    /// 接口: a service interface.
    case interface
    /// 空间数据.
    case spatial
    /// 其他.
    case other

    /// The Chinese label.
    public var label: String {
        switch self {
        case .databaseTable: "库表"
        case .file: "文件"
        case .interface: "接口"
        case .spatial: "空间数据"
        case .other: "其他"
        }
    }
}

extension DataForm: PostgresEnum {}
