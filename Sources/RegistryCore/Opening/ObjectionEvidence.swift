import Foundation
import Postgres

/// A28.3: an evidence file (证据材料) sent with an objection — a PDF, PNG or JPEG of at most ``maxSize`` bytes, its type
/// told by its first bytes (never by its name); the database checks both again (`sql/0075_open_portal.sql`).
public struct ObjectionEvidenceFile: Sendable, Hashable {
    /// The largest file kept: 2 MiB.
    public static let maxSize = 2 << 20

    public var filename: String
    public var mediaType: String
    public var content: [UInt8]

    /// The file sent as `filename` with `content`, or the refusal naming the form's field `evidence_file`.
    public init(filename: String, content: [UInt8]) throws(RegistryError) {
        if content.isEmpty || content.count > Self.maxSize { throw OpeningRules.evidenceSize.error }
        guard let mediaType = Self.mediaType(of: content) else { throw OpeningRules.evidenceType.error }
        let name = filename.trimmingWhitespace
        if name.isEmpty || name.count > 200 { throw OpeningRules.evidenceFilename.error }
        self.filename = String(name)
        self.mediaType = mediaType
        self.content = content
    }

    /// The media type the first bytes announce, among those kept.
    static func mediaType(of content: [UInt8]) -> String? {
        let signatures: [(String, [UInt8])] = [
            ("application/pdf", Array("%PDF-".utf8)), ("image/png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
            ("image/jpeg", [0xff, 0xd8, 0xff]),
        ]
        return signatures.first { content.starts(with: $0.1) }?.0
    }
}

/// A28.3: an evidence file as the objection's readers see it listed (its bytes are not read).
public struct ObjectionEvidence: Sendable, Hashable, Codable {
    public var id: UUID
    public var filename: String
    public var mediaType: String
    public var size: Int

    init(row: Row) throws {
        id = try row.decode("id")
        filename = try row.decode("filename")
        mediaType = try row.decode("media_type")
        size = try row.decode("size")
    }
}

extension ObjectionStore {
    /// Keeps `file` as evidence of the objection `id`, filed in this transaction.
    func addEvidence(_ file: ObjectionEvidenceFile, to id: UUID, on connection: Connection) throws {
        try connection.query(
            """
            insert into open_objection_evidence (objection_id, filename, media_type, content)
            values (\(id), \(file.filename), \(file.mediaType), \(file.content)::bytea)
            """
        )
    }

    /// The evidence files of an objection, in the order they were sent.
    public func evidence(of id: UUID, on connection: Connection) throws -> [ObjectionEvidence] {
        try connection.query(
            """
            select id, filename, media_type, length(content)::int as size from open_objection_evidence
             where objection_id = \(id) order by created_at, id
            """
        ).map(ObjectionEvidence.init(row:))
    }
}
