import Foundation
import Postgres

/// A44.1: the tamper-evident audit trail (可审计、可追溯) kept by `sql/0001_audit.sql` and
/// `sql/0090_audit_sealed_after_commit.sql`.
///
/// The database writes the trail itself: every audited table carries the `audit_row_change()` trigger (in C,
/// `sql/extension`, since `sql/0145_audit_row_trigger_in_c.sql`), whose row is written in the changing transaction,
/// numbered and stamped with a digest of its content. After commit the sealer (`audit_seal()`) chains the rows in
/// sequence order: each sealed row's link (`audit_link`) holds `sha256(previous hash || its digest)`
/// (`audit_link_hash()`, `sql/0146_audit_links_over_digests.sql`), and verification recomputes every digest from its
/// row. The log and its links refuse UPDATE, DELETE and TRUNCATE, and only the sealer writes a link
/// (`audit_log_append_only_a44_1`, `sql/0143_audit_links.sql`). This type seals, reads the head and verifies the chain.
public enum AuditTrail {
    /// The head of the sealed chain, `audit_head` (sequence 0 and 32 zero bytes before the first row).
    ///
    /// Keep it outside the database (a report, a signed note) and pass its hash to
    /// ``verify(expectedHead:on:)`` later: a tail cut off and rewound is only caught against such an anchor.
    public static func head(on connection: Connection) throws -> AuditHead {
        guard let row = try connection.query("select seq, hash from audit_head").first else {
            throw AuditTrailError.headMissing
        }
        return AuditHead(sequence: try row.decode("seq", as: Int64.self), hash: try row.decode("hash", as: [UInt8].self))
    }

    /// Seals once (`audit_seal()`): chains the committed rows whose sequence numbers are final, at most `maxRows`.
    /// Needs a connection outside a transaction (or in a READ COMMITTED one that has written nothing).
    public static func seal(maxRows: Int = 100_000, on connection: Connection) throws -> AuditSeal {
        guard
            let row = try connection.query(
                "select ran, sealed, waiting, head_seq, head_hash, problem from audit_seal(\(Int32(clamping: maxRows))::integer)"
            ).first
        else { throw AuditTrailError.headMissing }
        return AuditSeal(
            ran: try row.decode("ran", as: Bool.self),
            sealed: try row.decode("sealed", as: Int64.self),
            waiting: try row.decode("waiting", as: Bool.self),
            head: AuditHead(sequence: try row.decode("head_seq", as: Int64.self), hash: try row.decode("head_hash", as: [UInt8].self)),
            problem: try row.decodeIfPresent("problem", as: String.self)
        )
    }

    /// Seals until every row committed before the call is sealed: a first call may only set the sealer's watermark,
    /// which a later one seals up to once the writers running at the first have ended. Gives up after `attempts`
    /// calls (a long transaction still running keeps the rows after its number waiting), when another sealer runs,
    /// or when the sealer stops at a row it cannot seal.
    public static func sealAll(attempts: Int = 50, on connection: Connection) throws -> AuditSeal {
        var total: Int64 = 0
        var attempt = 1
        while true {
            var result = try seal(on: connection)
            let sealedNow = result.sealed
            total += sealedNow
            result.sealed = total
            if !result.ran || result.problem != nil || !result.waiting || attempt >= attempts { return result }
            if sealedNow == 0 { usleep(10_000) }  // the writers that were running have not all ended yet
            attempt += 1
        }
    }

    /// Verifies the whole trail with `audit_verify()`, in one statement and so on one snapshot: the sealed chain and
    /// the unsealed rows after it.
    ///
    /// - Parameter expectedHead: a head hash taken earlier; the chain must still contain it.
    public static func verify(expectedHead: [UInt8]? = nil, on connection: Connection) throws -> AuditVerification {
        let result = try connection.query(
            """
            select ok, rows_checked, unsealed, head_seq, head_hash, broken_seq, problem
            from audit_verify(\(expectedHead)::bytea)
            """
        )
        guard let row = result.first else { throw AuditTrailError.headMissing }
        return AuditVerification(
            isIntact: try row.decode("ok", as: Bool.self),
            rowsChecked: try row.decode("rows_checked", as: Int64.self),
            head: AuditHead(sequence: try row.decode("head_seq", as: Int64.self), hash: try row.decode("head_hash", as: [UInt8].self)),
            brokenSequence: try row.decodeIfPresent("broken_seq", as: Int64.self),
            problem: try row.decodeIfPresent("problem", as: String.self),
            unsealedRows: try row.decode("unsealed", as: Int64.self)
        )
    }
}

/// A44.1: what one run of the sealer did.
public struct AuditSeal: Sendable, Hashable, CustomStringConvertible {
    /// False when another sealer held the lock: this one did nothing.
    public var ran: Bool
    /// Rows chained by this run.
    public var sealed: Int64
    /// Whether rows wait for the writers that were running to end (a later run seals them).
    public var waiting: Bool
    /// The sealed head after the run.
    public var head: AuditHead
    /// Why the sealer stopped before a row (a row altered before it was sealed); `nil` when it did not.
    public var problem: String?

    public var description: String {
        guard ran else { return "another sealer is running: nothing sealed" }
        let waits = waiting ? " (rows wait for writers still running)" : ""
        let stop = problem.map { "; STOPPED: \($0)" } ?? ""
        return "sealed \(sealed) rows, head \(head)\(waits)\(stop)"
    }
}

/// A44.1: a position in the audit chain: a sequence number and the hash of the row there.
public struct AuditHead: Sendable, Hashable, CustomStringConvertible {
    /// Sequence number of the row (0: the genesis, before any row).
    public var sequence: Int64
    /// SHA-256 of that row, 32 bytes.
    public var hash: [UInt8]

    public init(sequence: Int64, hash: [UInt8]) {
        self.sequence = sequence
        self.hash = hash
    }

    /// The hash in lowercase hexadecimal, 64 characters.
    public var hashHex: String { Self.hex(hash) }

    /// `<sequence> <hash hex>`.
    public var description: String { "\(sequence) \(hashHex)" }

    /// Reads a hash written as 64 hexadecimal digits (an optional `\x` prefix, as psql shows bytea, is accepted);
    /// `nil` when the text is not a SHA-256 hash.
    public static func hash(fromHex text: String) -> [UInt8]? {
        var digits = Array(text.utf8)
        if digits.starts(with: Array(#"\x"#.utf8)) { digits.removeFirst(2) }
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// A44.1: the outcome of verifying the audit chain (`audit_verify()`).
public struct AuditVerification: Sendable, Hashable, CustomStringConvertible {
    /// Whether every row is intact and linked, the last row is the recorded head, and the expected head (if given)
    /// is still in the chain.
    public var isIntact: Bool
    /// Number of rows in `audit_log`, sealed or not.
    public var rowsChecked: Int64
    /// Rows not sealed yet: committed after the sealer's last run, checked by their digests and positions.
    public var unsealedRows: Int64
    /// The last sealed row (the genesis before any): keep its hash as the next expected head.
    public var head: AuditHead
    /// The first sequence number where the chain is broken (for missing rows: the first one missing).
    public var brokenSequence: Int64?
    /// What is wrong, as an English sentence; `nil` when intact.
    public var problem: String?

    public init(
        isIntact: Bool,
        rowsChecked: Int64,
        head: AuditHead,
        brokenSequence: Int64?,
        problem: String?,
        unsealedRows: Int64 = 0
    ) {
        self.isIntact = isIntact
        self.rowsChecked = rowsChecked
        self.unsealedRows = unsealedRows
        self.head = head
        self.brokenSequence = brokenSequence
        self.problem = problem
    }

    /// `OK: 1234 rows, head 1234 <hex>` (`OK: 1240 rows (6 not yet sealed), …` while the sealer has rows to do) or
    /// `BROKEN at sequence 17: <problem>`.
    public var summary: String {
        if isIntact {
            let unsealed = unsealedRows > 0 ? " (\(unsealedRows) not yet sealed)" : ""
            return "OK: \(rowsChecked) rows\(unsealed), head \(head.sequence) \(head.hashHex)"
        }
        let problem = problem ?? "the chain is broken"
        if let brokenSequence {
            return "BROKEN at sequence \(brokenSequence): \(problem)"
        }
        return "BROKEN: \(problem)"
    }

    public var description: String { summary }
}

/// A44.1: the audit trail tables are not in the state the migration leaves them in.
public enum AuditTrailError: Error, Hashable, CustomStringConvertible {
    /// `audit_chain` has no head row (it is created with one and refuses deletes).
    case headMissing

    public var description: String {
        switch self {
        case .headMissing: "the audit chain head (audit_chain) is missing"
        }
    }
}
