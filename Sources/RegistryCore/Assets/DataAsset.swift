import Foundation
import Postgres

/// A43.1: a public data asset (公共数据资产) as the asset register keeps it — registered by the institution holding it,
/// with its category and grade (A9.2), its status and the day it was registered or retired.
public struct DataAsset: Sendable, Hashable, Codable {
    public var id: UUID
    /// Registration number (登记编号): the order of registration, the stable order of listings.
    public var registerNumber: Int64
    /// Unified social credit code of the institution holding the asset (A38.1: it answers for it).
    public var holder: String
    public var holderName: String
    /// The division of the holder.
    public var divisionCode: String
    public var name: String
    public var description: String?
    /// The information system the data comes from (来源系统).
    public var sourceSystem: String
    /// Number of records (数据量,条).
    public var recordCount: Int64
    /// Storage volume in bytes (存储量,字节).
    public var volumeBytes: Int64
    /// The classification scheme (分类分级规则) of the category.
    public var categoryScheme: String
    public var categoryCode: String
    public var grade: DataGrade
    public var status: Status
    public var registeredOn: CivilDate
    public var retiredOn: CivilDate?
    public var updatedAt: Date

    /// A43.1: where an asset stands in the register.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable, PostgresEnum {
        /// 已登记: registered and not changed since.
        case registered
        /// 已变更: changed since registration (or restored after retirement).
        case changed
        /// 已注销: retired; it no longer changes unless the authority restores it.
        case retired

        /// The register's Chinese term.
        public var label: String {
            switch self {
            case .registered: "已登记"
            case .changed: "已变更"
            case .retired: "已注销"
            }
        }
    }

    init(row: Row) throws {
        id = try row.decode("id")
        registerNumber = try row.decode("register_no")
        holder = try row.decode("holder_uscc")
        holderName = try row.decode("holder_name")
        divisionCode = try row.decode("division_code")
        name = try row.decode("name")
        description = try row.decodeIfPresent("description")
        sourceSystem = try row.decode("source_system")
        recordCount = try row.decode("record_count")
        volumeBytes = try row.decode("volume_bytes")
        categoryScheme = try row.decode("category_scheme")
        categoryCode = try row.decode("category_code")
        grade = try row.decode("grade")
        status = try row.decode("status")
        registeredOn = try row.decode("registered_on")
        retiredOn = try row.decodeIfPresent("retired_on")
        updatedAt = try row.decode("updated_at")
    }
}

/// A43.1: a catalog item (A10.2) an asset covers, as the register shows the link.
public struct LinkedCatalogItem: Sendable, Hashable, Codable {
    public var id: UUID
    /// The item's code in its institution's catalog.
    public var code: String
    /// The item's name in its approved revision, or in its latest draft when none is approved yet.
    public var name: String?

    init(row: Row) throws {
        id = try row.decode("id")
        code = try row.decode("code")
        name = try row.decodeIfPresent("name")
    }
}

/// A43.1: one asset with the catalog items it covers and its change history, oldest change first.
public struct DataAssetDetail: Sendable, Hashable, Codable {
    public var asset: DataAsset
    public var catalogItems: [LinkedCatalogItem]
    public var history: [DataAssetChange]
}
