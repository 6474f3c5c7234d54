import Postgres

/// A44.1: the tamper-evident audit trail (可审计、可追溯) kept by `sql/0001_audit.sql`.
///
/// The database writes and chains the trail itself: every audited table carries the `audit_row_change()` trigger,
/// each `audit_log` row's hash is `sha256(previous hash || its canonical content)`, and the log refuses UPDATE,
/// DELETE and TRUNCATE (`audit_log_append_only_a44_1`). This type reads the head and verifies the chain.
public enum AuditTrail {
    /// The head of the chain as this session sees it, `audit_head` (sequence 0 and 32 zero bytes before the first row).
    ///
    /// Keep it outside the database (a report, a signed note) and pass its hash to
    /// ``verify(expectedHead:on:)`` later: a tail cut off and rewound is only caught against such an anchor.
    public static func head(on connection: Connection) throws -> AuditHead {
        guard let row = try connection.query("select seq, hash from audit_head").first else {
            throw AuditTrailError.headMissing
        }
        return AuditHead(sequence: try row.decode("seq", as: Int64.self), hash: try row.decode("hash", as: [UInt8].self))
    }

    /// Verifies the whole chain with `audit_verify()`, in one statement and so on one snapshot.
    ///
    /// - Parameter expectedHead: a head hash taken earlier; the chain must still contain it.
    public static func verify(expectedHead: [UInt8]? = nil, on connection: Connection) throws -> AuditVerification {
        let result = try connection.query(
            """
            select ok, rows_checked, head_seq, head_hash, broken_seq, problem
            from audit_verify(\(expectedHead)::bytea)
            """)
        guard let row = result.first else { throw AuditTrailError.headMissing }
        return AuditVerification(
            isIntact: try row.decode("ok", as: Bool.self),
            rowsChecked: try row.decode("rows_checked", as: Int64.self),
            head: AuditHead(sequence: try row.decode("head_seq", as: Int64.self), hash: try row.decode("head_hash", as: [UInt8].self)),
            brokenSequence: try row.decodeIfPresent("broken_seq", as: Int64.self),
            problem: try row.decodeIfPresent("problem", as: String.self))
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
    /// Number of rows in `audit_log`.
    public var rowsChecked: Int64
    /// The last row present (the genesis when the log is empty): keep its hash as the next expected head.
    public var head: AuditHead
    /// The first sequence number where the chain is broken (for missing rows: the first one missing).
    public var brokenSequence: Int64?
    /// What is wrong, as an English sentence; `nil` when intact.
    public var problem: String?

    public init(isIntact: Bool, rowsChecked: Int64, head: AuditHead, brokenSequence: Int64?, problem: String?) {
        self.isIntact = isIntact
        self.rowsChecked = rowsChecked
        self.head = head
        self.brokenSequence = brokenSequence
        self.problem = problem
    }

    /// `OK: 1234 rows, head 1234 <hex>` or `BROKEN at sequence 17: <problem>`.
    public var summary: String {
        if isIntact {
            return "OK: \(rowsChecked) rows, head \(head.sequence) \(head.hashHex)"
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
