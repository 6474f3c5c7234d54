import Foundation
import Postgres

/// A28.1: a distribution (获取方式) of a catalog item — a file or an interface at an http(s) address — that makes open
/// data obtainable. It belongs to the item's revision and is reviewed with its version (A10.3); a refresh (a new file of
/// the same data, A16.1) reaches an approved item directly.
public struct Distribution: Sendable, Hashable, Codable, RowColumns {
    public var id: UUID
    public var title: String
    /// 访问地址: the page or interface that gives access (DCAT `dcat:accessURL`).
    public var accessUrl: String
    /// 下载地址: the file itself (DCAT `dcat:downloadURL`).
    public var downloadUrl: String?
    /// IANA media type from the registry's reference list (`media_type_reference`).
    public var mediaType: String?
    public var format: String?
    public var byteSize: Int64?
    /// SHA-256 of the file, 64 lower-case hexadecimal digits.
    public var checksumSha256: String?
    public var licenseName: String?
    public var licenseUrl: String?
    public var issuedOn: CivilDate?
    public var modifiedOn: CivilDate?
    /// Added to the approved item as a new file of the same data, without a new catalog version (A16.1).
    public var refresh: Bool

    init(row: Row) throws {
        id = try row.decode("id")
        title = try row.decode("title")
        accessUrl = try row.decode("access_url")
        downloadUrl = try row.decodeIfPresent("download_url")
        mediaType = try row.decodeIfPresent("media_type")
        format = try row.decodeIfPresent("format")
        byteSize = try row.decodeIfPresent("byte_size")
        checksumSha256 = try row.decodeIfPresent("checksum_sha256")
        licenseName = try row.decodeIfPresent("license_name")
        licenseUrl = try row.decodeIfPresent("license_url")
        issuedOn = try row.decodeIfPresent("issued_on")
        modifiedOn = try row.decodeIfPresent("modified_on")
        refresh = try row.decode("refresh")
    }

    /// The columns ``init(row:)`` reads: the statements that read this type select them by name.
    static let columnNames = [
        "id", "title", "access_url", "download_url", "media_type", "format", "byte_size", "checksum_sha256", "license_name", "license_url",
        "issued_on", "modified_on", "refresh",
    ]
}

/// A28.1: a distribution as a clerk describes it; the database judges every field (`sql/0080_distributions.sql`).
public struct NewDistribution: Sendable, Hashable, Codable {
    public var title: String
    public var accessUrl: String
    public var downloadUrl: String?
    public var mediaType: String?
    public var format: String?
    public var byteSize: Int64?
    public var checksumSha256: String?
    public var licenseName: String?
    public var licenseUrl: String?
    public var issuedOn: CivilDate?
    public var modifiedOn: CivilDate?

    public init(
        title: String,
        accessUrl: String,
        downloadUrl: String? = nil,
        mediaType: String? = nil,
        format: String? = nil,
        byteSize: Int64? = nil,
        checksumSha256: String? = nil,
        licenseName: String? = nil,
        licenseUrl: String? = nil,
        issuedOn: CivilDate? = nil,
        modifiedOn: CivilDate? = nil
    ) {
        self.title = title
        self.accessUrl = accessUrl
        self.downloadUrl = downloadUrl
        self.mediaType = mediaType
        self.format = format
        self.byteSize = byteSize
        self.checksumSha256 = checksumSha256
        self.licenseName = licenseName
        self.licenseUrl = licenseUrl
        self.issuedOn = issuedOn
        self.modifiedOn = modifiedOn
    }
}

/// A28.1: the period (时间范围) and the division (空间范围) a catalog item's data cover.
public struct ItemCoverage: Sendable, Hashable, Codable, RowColumns {
    public var temporalFrom: CivilDate?
    public var temporalTo: CivilDate?
    /// GB/T 2260 code of the division covered.
    public var spatialDivision: String?

    public init(temporalFrom: CivilDate? = nil, temporalTo: CivilDate? = nil, spatialDivision: String? = nil) {
        self.temporalFrom = temporalFrom
        self.temporalTo = temporalTo
        self.spatialDivision = spatialDivision
    }

    init(row: Row) throws {
        temporalFrom = try row.decodeIfPresent("temporal_from")
        temporalTo = try row.decodeIfPresent("temporal_to")
        spatialDivision = try row.decodeIfPresent("spatial_division_code")
    }

    /// The columns ``init(row:)`` reads: the statements that read this type select them by name.
    static let columnNames = ["temporal_from", "temporal_to", "spatial_division_code"]

    /// Whether nothing is given: storing it removes the coverage.
    var isEmpty: Bool { temporalFrom == nil && temporalTo == nil && spatialDivision == nil }
}

/// A28.1: what one item offers for obtaining its data — its coverage and its distributions.
public struct ItemDistributions: Sendable, Hashable, Codable {
    public var itemID: UUID
    public var coverage: ItemCoverage?
    public var distributions: [Distribution]
}
