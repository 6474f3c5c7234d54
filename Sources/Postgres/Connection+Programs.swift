import CLibPQ
import Foundation

/// How a PostgreSQL client program (pg_dump, pg_restore, psql) reaches the database a ``Connection`` is open on.
///
/// The options go on the program's command line as a keyword/value connection string; secrets (the password) go in
/// its environment instead, because any user of the machine can read a process's command line.
public struct ProgramConnection: Sendable {
    /// A keyword/value connection string for the program's `--dbname`: every option the connection used but secrets.
    public var connectionString: String
    /// The secrets, as the variables libpq reads (`PGPASSWORD`), to add to the program's environment.
    public var environment: [String: String]
}

extension Connection {
    /// The options this connection was opened with (``PQconninfo``), split for a client program.
    ///
    /// A secret that libpq reads from no environment variable (`sslpassword`) cannot be handed over safely: an error.
    public func programConnection() throws -> ProgramConnection {
        guard let options = PQconninfo(handle) else {
            throw PostgresError(kind: .unexpected, messagePrimary: "libpq could not list the connection's options")
        }
        defer { PQconninfoFree(options) }
        var connection = ProgramConnection(connectionString: "", environment: [:])
        var pairs: [String] = []
        var option = options
        while let keyword = option.pointee.keyword.map({ String(cString: $0) }) {
            defer { option += 1 }
            guard let value = option.pointee.val.map({ String(cString: $0) }) else { continue }
            guard String(cString: option.pointee.dispchar) == "*" else {
                pairs.append("\(keyword)=\(Self.quotedOption(value))")
                continue
            }
            guard let variable = option.pointee.envvar.map({ String(cString: $0) }) else {
                throw PostgresError(
                    kind: .unexpected,
                    messagePrimary: "the connection option \(keyword) cannot be passed to a client program without showing it"
                )
            }
            connection.environment[variable] = value
        }
        connection.connectionString = pairs.joined(separator: " ")
        return connection
    }

    /// A value in a keyword/value connection string: single-quoted, with `\` and `'` escaped by a backslash.
    private static func quotedOption(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}
