/// An error from PostgreSQL or libpq, with the server's fields for code to branch on.
///
/// `description` is deliberately terse — kind, SQLSTATE and constraint — because server messages can repeat
/// the values of a row (personal data among them). Code that maps errors to users reads the fields; no raw
/// server text is meant to reach an HTTP client.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// Where the error arose.
    public enum Kind: Sendable, Equatable {
        /// A connection could not be opened.
        case connectionFailed
        /// The connection broke while in use; nothing more can be sent on it.
        case connectionLost
        /// The connection broke during COMMIT: the transaction may or may not have committed. Never retry blindly.
        case commitOutcomeUnknown
        /// The server refused a statement (see ``sqlState``).
        case server
        /// libpq or the server behaved in a way this client does not handle.
        case unexpected
    }

    public var kind: Kind
    /// The five-character SQLSTATE, e.g. `23505` for a unique violation.
    public var sqlState: String?
    /// The server's primary message, or libpq's message for connection errors. Not for end users.
    public var messagePrimary: String?
    public var detail: String?
    public var hint: String?
    public var table: String?
    public var column: String?
    /// The constraint that refused the statement: named after the rule it enforces.
    public var constraint: String?
    /// The connection was found dead before anything was sent for this unit of work, so it may be retried.
    var failedBeforeAnyWork = false

    /// The server refused to run a statement prepared before a migration changed the columns of a table it reads
    /// (`select *`): the connection forgets the statement, and the work can run again from its start.
    var isStalePreparedStatement: Bool {
        sqlState == Connection.cachedPlanChanged && messagePrimary?.hasPrefix("cached plan must not change result type") == true
    }

    public init(
        kind: Kind,
        sqlState: String? = nil,
        messagePrimary: String? = nil,
        detail: String? = nil,
        hint: String? = nil,
        table: String? = nil,
        column: String? = nil,
        constraint: String? = nil
    ) {
        self.kind = kind
        self.sqlState = sqlState
        self.messagePrimary = messagePrimary
        self.detail = detail
        self.hint = hint
        self.table = table
        self.column = column
        self.constraint = constraint
    }

    public var description: String {
        var text = "PostgresError(\(kind)"
        if let sqlState { text += ", sqlState: \(sqlState)" }
        if let constraint { text += ", constraint: \(constraint)" }
        return text + ")"
    }

    /// The server's own words, for operators running schema changes: never for end users or request logs,
    /// since for row data they can repeat values.
    public var operatorSummary: String {
        [sqlState.map { "[\($0)]" }, messagePrimary, detail, hint].compactMap { $0 }.joined(separator: " ")
    }

    /// True for the SQLSTATE classes that mean the statement broke a declared rule (class 23, integrity constraint).
    public var isConstraintViolation: Bool { sqlState?.hasPrefix("23") ?? false }
}
