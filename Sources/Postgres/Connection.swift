import CLibPQ
import Foundation

/// One libpq connection. Its methods block: call them on a pool thread (``PostgresClient`` does), never on an
/// event loop or the cooperative thread pool.
///
/// A connection is used by one thread at a time; the pool hands it over between leases. It is not `Sendable`: a lease's
/// body can use it but cannot keep it or pass it to another task. Every session runs with
/// `TimeZone = UTC` and ISO dates so that values decode the same everywhere.
public final class Connection {
    let handle: OpaquePointer

    /// Opens a connection and prepares the session.
    public init(configuration: PostgresConfiguration) throws {
        let parameters = configuration.parameters
        let handle = withCStringArray(parameters.map(\.0)) { keywords in
            withCStringArray(parameters.map(\.1)) { values in
                PQconnectdbParams(keywords, values, 1)
            }
        }
        guard let handle else {
            throw PostgresError(kind: .connectionFailed, messagePrimary: "libpq could not allocate a connection")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(handle)
            throw PostgresError(kind: .connectionFailed, messagePrimary: message)
        }
        self.handle = handle
        // Server notices ("relation already exists, skipping", a termination notice) would go to stderr; drop them.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        PQsetClientEncoding(handle, "UTF8")
        try execute(script: "set TimeZone = 'UTC'; set DateStyle = 'ISO, YMD'; set IntervalStyle = 'iso_8601'; set extra_float_digits = 3")
        if configuration.readOnly { try execute(script: "set default_transaction_read_only = on") }
        if configuration.interactive {
            try execute(
                script: """
                    set jit = off; set max_parallel_workers_per_gather = 0;
                    set statement_timeout = '\(PostgresConfiguration.requestStatementTimeout)';
                    set lock_timeout = '\(PostgresConfiguration.requestLockTimeout)';
                    set idle_in_transaction_session_timeout = '\(PostgresConfiguration.idleInTransactionTimeout)';
                    set client_connection_check_interval = '\(PostgresConfiguration.clientConnectionCheckInterval)'
                    """
            )
        }
    }

    deinit {
        PQfinish(handle)
    }

    /// Runs one statement with its parameters bound.
    ///
    /// A statement with parameters is prepared on this session the first time it runs and executed by name after
    /// that, so PostgreSQL parses and plans it once per connection rather than on every call (it re-plans by itself
    /// when a table it reads changes). Statements without parameters — transaction control, DDL — run unprepared.
    @discardableResult
    public func query(_ sql: SQL) throws -> QueryResult {
        let (text, bindings) = sql.rendered()
        // libpq passes values as C strings: a NUL byte would cut one short in silence. Refuse it instead.
        if bindings.contains(where: { $0?.utf8.contains(0) == true }) {
            throw PostgresError(
                kind: .server,
                sqlState: Self.characterNotInRepertoire,
                messagePrimary: "a text value contains a NUL byte"
            )
        }
        guard !bindings.isEmpty, let name = try preparedStatement(for: text, parameters: bindings.count) else {
            return try consume(withOptionalCStringArray(bindings) { PQexecParams(handle, text, Int32(bindings.count), nil, $0, nil, nil, 0) })
        }
        do {
            return try consume(withOptionalCStringArray(bindings) { PQexecPrepared(handle, name, Int32(bindings.count), $0, nil, nil, 0) })
        } catch let error as PostgresError where error.sqlState == Self.cachedPlanChanged {
            // A table under `select *` changed its columns: the text is prepared anew. Outside a transaction the
            // statement did nothing and runs again now; inside one the transaction failed, and its owner reruns it
            // (PostgresClient.withTransaction).
            statements.removeValue(forKey: text)
            guard error.isStalePreparedStatement, !isInTransaction else { throw error }
            return try query(sql)
        }
    }

    /// The one row a statement answers with — an `INSERT … RETURNING`, an aggregate. A statement that answers with no
    /// row throws ``PostgresError`` (`unexpected`): the caller's assumption was wrong, and the request fails, never the
    /// process.
    public func queryOne(_ sql: SQL) throws -> Row {
        guard let row = try query(sql).first else {
            throw PostgresError(kind: .unexpected, messagePrimary: "the statement answered with no row")
        }
        return row
    }

    /// Runs `body` with its prepared statements executed on generic plans: planned once for any values and kept by the
    /// session, rather than planned again for each call's values.
    ///
    /// PostgreSQL keeps planning a statement for its values while it estimates that pays; for statements over wide
    /// views joined to a list of ids the planning can cost more than the execution. Use this where the plan does not
    /// depend on the values (ids, a page), not where a value's frequency changes the best plan.
    public func withGenericPlans<Result>(_ body: () throws -> Result) throws -> Result {
        try execute(script: "set plan_cache_mode = force_generic_plan")
        defer { try? execute(script: "reset plan_cache_mode") }
        return try body()
    }

    /// The session's prepared statements by text, and how many were ever prepared (names are never reused).
    private var statements: [String: String] = [:]
    private var statementsPrepared = 0

    /// At most this many statements stay prepared per session; later ones run unprepared.
    static let preparedStatementLimit = 1_000
    /// SQLSTATE 22021: PostgreSQL text cannot hold a NUL byte.
    private static let characterNotInRepertoire = "22021"

    /// SQLSTATE 0A000, which the server also answers when a prepared statement's result columns changed.
    static let cachedPlanChanged = "0A000"

    /// The name `text` is prepared under, preparing it now if it is new; `nil` when the session holds its limit.
    private func preparedStatement(for text: String, parameters: Int) throws -> String? {
        if let name = statements[text] { return name }
        guard statements.count < Self.preparedStatementLimit else { return nil }
        statementsPrepared += 1
        let name = "registry_\(statementsPrepared)"
        _ = try consume(PQprepare(handle, name, text, Int32(parameters), nil))
        statements[text] = name
        return name
    }

    /// Runs a script of several statements that has no parameters (migrations, session setup).
    public func execute(script: String) throws {
        var result = PQexec(handle, script)
        while let current = result {
            _ = try consume(current)
            result = PQgetResult(handle)
        }
        try throwIfBroken()
    }

    /// Runs `body` inside BEGIN … COMMIT; any error thrown rolls the transaction back and is rethrown. A connection
    /// that breaks during COMMIT leaves the outcome unknown: ``PostgresError/Kind/commitOutcomeUnknown``.
    @discardableResult
    public func transaction<Result>(_ body: (Connection) throws -> Result) throws -> Result {
        // BEGIN inside a transaction only warns, and the inner COMMIT would commit the outer work: refuse it.
        guard !isInTransaction else {
            throw PostgresError(kind: .unexpected, messagePrimary: "a transaction was begun inside a transaction (a programming error)")
        }
        try begin()
        do {
            let result = try body(self)
            do {
                try query("commit")
            } catch let error as PostgresError where error.kind == .connectionLost || !isUsable {
                // The server gave no answer it lived to confirm: a deferred check that refused is an answer (the
                // connection still works), a broken connection is not.
                throw PostgresError(
                    kind: .commitOutcomeUnknown,
                    messagePrimary: "the connection broke during COMMIT: the transaction may or may not have committed"
                )
            }
            return result
        } catch {
            if isUsable { _ = try? query("rollback") }
            throw error
        }
    }

    /// Whether the server process is still there: reads whatever the server sent (a termination notice, say)
    /// without waiting, then checks the connection state.
    public var isUsable: Bool {
        PQconsumeInput(handle) == 1 && PQstatus(handle) == CONNECTION_OK
    }

    /// Whether a transaction is open or failed on this connection.
    var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    /// The server process id serving this connection.
    public var backendPID: Int32 { PQbackendPID(handle) }

    /// Starts a transaction, reporting a dead connection as such so the pool can retry elsewhere: nothing was done yet.
    private func begin() throws {
        do {
            try query("begin")
        } catch var error as PostgresError where !isUsable {
            error.kind = .connectionLost
            error.failedBeforeAnyWork = true
            throw error
        }
    }

    /// Turns a `PGresult` into rows or an error, clearing it on every path.
    func consume(_ result: OpaquePointer?) throws -> QueryResult {
        guard let result else { throw connectionError() }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return QueryResult(rows: [], affectedRows: affectedRows(result), columnNames: [])
        case PGRES_TUPLES_OK:
            return readRows(result)
        case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR, PGRES_BAD_RESPONSE:
            throw serverError(result)
        default:
            throw PostgresError(kind: .unexpected, messagePrimary: "unexpected result status \(PQresultStatus(result).rawValue)")
        }
    }

    private func readRows(_ result: OpaquePointer) -> QueryResult {
        let rowCount = PQntuples(result)
        let columnCount = PQnfields(result)
        let names = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
        let index = ColumnIndex(names: names)
        var rows: [Row] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            let values: [String?] = (0..<columnCount).map { column in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            }
            rows.append(Row(columns: index, values: values))
        }
        return QueryResult(rows: rows, affectedRows: affectedRows(result), columnNames: names)
    }

    private func affectedRows(_ result: OpaquePointer) -> Int {
        Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    func serverError(_ result: OpaquePointer) -> PostgresError {
        func field(_ code: Int32) -> String? {
            PQresultErrorField(result, code).map { String(cString: $0) }
        }
        let sqlState = field(CLIBPQ_DIAG_SQLSTATE)
        return PostgresError(
            kind: sqlState == nil && PQstatus(handle) != CONNECTION_OK ? .connectionLost : .server,
            sqlState: sqlState,
            messagePrimary: field(CLIBPQ_DIAG_MESSAGE_PRIMARY) ?? libpqMessage,
            detail: field(CLIBPQ_DIAG_MESSAGE_DETAIL),
            hint: field(CLIBPQ_DIAG_MESSAGE_HINT),
            table: field(CLIBPQ_DIAG_TABLE_NAME),
            column: field(CLIBPQ_DIAG_COLUMN_NAME),
            constraint: field(CLIBPQ_DIAG_CONSTRAINT_NAME)
        )
    }

    func connectionError() -> PostgresError {
        PostgresError(kind: PQstatus(handle) == CONNECTION_OK ? .unexpected : .connectionLost, messagePrimary: libpqMessage)
    }

    func throwIfBroken() throws {
        if PQstatus(handle) != CONNECTION_OK { throw connectionError() }
    }

    private var libpqMessage: String {
        String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Passes strings to C as a `const char * const *` array, kept alive for the call.
func withCStringArray<Result>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result) -> Result {
    withOptionalCStringArray(strings.map { Optional($0) }) { body($0) }
}

/// Passes optional strings to C; `nil` becomes a NULL pointer (SQL NULL for parameters). A NULL terminator follows.
func withOptionalCStringArray<Result>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result) -> Result {
    let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0)! } } + [nil]
    defer { for pointer in pointers { free(pointer) } }
    return pointers.withUnsafeBufferPointer { buffer in
        buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buffer.count) { body($0) }
    }
}
