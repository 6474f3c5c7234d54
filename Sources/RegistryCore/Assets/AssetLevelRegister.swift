import Postgres

/// A43.1: the level register (汇总登记本级公共数据资产) an authority keeps: the assets held in its division and every
/// division below it, per grade, with the latest changes.
public struct AssetLevelRegister: Sendable, Hashable, Codable {
    public var division: Division
    /// One line per grade, core first.
    public var lines: [AssetRegisterLine]
    /// The sums of the lines.
    public var total: AssetRegisterTotal
    /// The latest changes of these assets, newest first.
    public var recentChanges: [DataAssetChange]

    /// How many changes the register shows.
    public static let recentChangeLimit = 50
}

/// A43.1: the assets of one grade in a level register. Counts, records and volume are of assets in force (registered
/// or changed); retired assets are counted apart.
public struct AssetRegisterLine: Sendable, Hashable, Codable, RowColumns {
    public var grade: DataGrade
    public var gradeLabel: String
    public var assetCount: Int64
    public var registeredCount: Int64
    public var changedCount: Int64
    public var retiredCount: Int64
    public var recordCount: Int64
    public var volumeBytes: Int64

    init(row: Row) throws {
        grade = try row.decode("grade")
        gradeLabel = try row.decode("grade_label")
        assetCount = try row.decode("asset_count")
        registeredCount = try row.decode("registered_count")
        changedCount = try row.decode("changed_count")
        retiredCount = try row.decode("retired_count")
        recordCount = try row.decode("record_count")
        volumeBytes = try row.decode("volume_bytes")
    }

    /// The columns ``init(row:)`` reads: the statements that read this type select them by name.
    static let columnNames = [
        "grade", "grade_label", "asset_count", "registered_count", "changed_count", "retired_count", "record_count", "volume_bytes",
    ]
}

/// A43.1: the sums of a level register's lines.
public struct AssetRegisterTotal: Sendable, Hashable, Codable {
    public var assetCount: Int64
    public var registeredCount: Int64
    public var changedCount: Int64
    public var retiredCount: Int64
    public var recordCount: Int64
    public var volumeBytes: Int64

    init(lines: [AssetRegisterLine]) {
        assetCount = lines.reduce(0) { $0 + $1.assetCount }
        registeredCount = lines.reduce(0) { $0 + $1.registeredCount }
        changedCount = lines.reduce(0) { $0 + $1.changedCount }
        retiredCount = lines.reduce(0) { $0 + $1.retiredCount }
        recordCount = lines.reduce(0) { $0 + $1.recordCount }
        volumeBytes = lines.reduce(0) { $0 + $1.volumeBytes }
    }
}
