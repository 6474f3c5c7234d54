import Foundation
import Postgres

/// A44.1: the audit chain's head as it was at a moment, kept outside the database (an append-only file, the service
/// log): a chain rewritten later — even by a superuser who rehashes every row after the one changed — no longer holds
/// that hash at that sequence number, and ``AuditTrail/check(anchors:on:)`` says so.
///
/// One line per anchor: `<time UTC, ISO 8601> <sequence> <hash hex>`, separated by single spaces.
public struct AuditAnchor: Sendable, Hashable, CustomStringConvertible {
    public var takenAt: String
    public var head: AuditHead

    public init(takenAt: String, head: AuditHead) {
        self.takenAt = takenAt
        self.head = head
    }

    /// The anchor's line, without the newline.
    public var description: String { "\(takenAt) \(head.sequence) \(head.hashHex)" }

    /// Reads the current head with the database server's real time (not the registry's pinned day: an anchor says
    /// when it was taken).
    public static func take(on connection: Connection) throws -> AuditAnchor {
        guard
            let row = try connection.query(
                """
                select seq, hash, to_char(registry_now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as taken_at from audit_head
                """
            ).first
        else { throw AuditTrailError.headMissing }
        return AuditAnchor(
            takenAt: try row.decode("taken_at"),
            head: AuditHead(sequence: try row.decode("seq", as: Int64.self), hash: try row.decode("hash", as: [UInt8].self))
        )
    }

    /// Parses one line; `nil` when it is not an anchor.
    public init?(line: Substring) {
        let fields = line.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 3, !fields[0].isEmpty, let sequence = Int64(fields[1]), sequence >= 0,
            let hash = AuditHead.hash(fromHex: String(fields[2]))
        else { return nil }
        self.init(takenAt: String(fields[0]), head: AuditHead(sequence: sequence, hash: hash))
    }
}

/// A44.1: a file of anchors, one per line, only ever appended to.
public struct AuditAnchorFile: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Appends `anchor` as one line in a single write (O_APPEND), creating the file (mode 644) when missing.
    public func append(_ anchor: AuditAnchor) throws {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw AuditAnchorError.cannotWrite(path, String(cString: strerror(errno))) }
        defer { close(descriptor) }
        let bytes = Array((anchor.description + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            throw AuditAnchorError.cannotWrite(path, String(cString: strerror(errno)))
        }
    }

    /// Every anchor of the file, in order; a line that is not an anchor is an error naming it.
    public func read() throws -> [AuditAnchor] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw AuditAnchorError.cannotRead(path)
        }
        var anchors: [AuditAnchor] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            guard let anchor = AuditAnchor(line: line) else { throw AuditAnchorError.badLine(path, index + 1) }
            anchors.append(anchor)
        }
        return anchors
    }
}

/// A44.1: an anchor that the chain no longer holds: the row at its sequence number is gone or has another hash.
public struct AuditAnchorMismatch: Sendable, Hashable, CustomStringConvertible {
    public var anchor: AuditAnchor
    /// The hash now at the anchor's sequence number; `nil` when the chain has no such row any more.
    public var found: [UInt8]?

    public var description: String {
        let now = found.map { "holds \(AuditHead.hex($0))" } ?? "has no such row"
        return "anchor of \(anchor.takenAt): sequence \(anchor.head.sequence) should hash to \(anchor.head.hashHex), the chain \(now)"
    }
}

extension AuditTrail {
    /// The anchors whose sequence number no longer holds their hash, in the file's order (empty: all still hold).
    public static func check(anchors: [AuditAnchor], on connection: Connection) throws -> [AuditAnchorMismatch] {
        guard !anchors.isEmpty else { return [] }
        let list = anchors.enumerated()
            .map { #"{"n":\#($0.offset),"seq":\#($0.element.head.sequence),"hash":"\#($0.element.head.hashHex)"}"# }
            .joined(separator: ",")
        let rows = try connection.query(
            """
            select a.n, case when a.seq = 0 then '\\x' || repeat('00', 32) else l.hash::text end as found
              from jsonb_to_recordset(\("[" + list + "]")::jsonb) as a(n int, seq bigint, hash text)
              left join audit_link l on l.seq = a.seq
             where a.seq <> 0 and l.hash is distinct from decode(a.hash, 'hex')
                or a.seq = 0 and a.hash <> repeat('00', 32)
             order by a.n
            """
        )
        return try rows.map { row in
            AuditAnchorMismatch(
                anchor: anchors[Int(try row.decode("n", as: Int32.self))],
                found: try row.decodeIfPresent("found", as: String.self).flatMap(AuditHead.hash(fromHex:))
            )
        }
    }
}

/// A44.1: an anchor file that cannot be used.
public enum AuditAnchorError: Error, Hashable, CustomStringConvertible {
    case cannotWrite(String, String)
    case cannotRead(String)
    case badLine(String, Int)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): "cannot append to the anchor file \(path): \(reason)"
        case .cannotRead(let path): "cannot read the anchor file \(path)"
        case .badLine(let path, let line): "\(path) line \(line) is not an anchor (<time> <sequence> <64 hex digits>)"
        }
    }
}
