import ArgumentParser
import Foundation
import Postgres
import RegistryCore

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: "libpq connection URI or string (default: $DATABASE_URL, else the PG* variables)."
    )
    var databaseURL: String?

    var postgres: PostgresConfiguration {
        databaseURL.map { PostgresConfiguration(connectionString: $0) } ?? .fromEnvironment()
    }

    /// Opens one connection for a command, with the cause spelled out when the server cannot be reached; a `readOnly`
    /// session refuses every write, as a streaming replica does.
    func connect(readOnly: Bool = false) throws -> Connection {
        var configuration = postgres
        configuration.readOnly = readOnly
        return try Self.connect(configuration)
    }

    /// Opens one connection with `configuration`, with the cause spelled out when the server cannot be reached.
    static func connect(_ configuration: PostgresConfiguration) throws -> Connection {
        do {
            return try Connection(configuration: configuration)
        } catch let error as PostgresError {
            throw CommandFailure("cannot connect to the database: \(error.messagePrimary ?? "unknown reason")")
        }
    }

    /// Runs a change from the command line in one audited transaction (A44.1).
    func write<Result>(action: String, _ body: (Connection) throws -> Result) throws -> Result {
        let context = AuditContext(role: "cli", requestID: "cli-" + UUID().uuidString.lowercased(), action: action)
        return try mappingErrors { try connect().transaction(auditedAs: context, body) }
    }

    /// Runs work, a refusal — the database's, or a domain error that knows its words (a calendar file's line, a day the
    /// arrangement cannot hold) — turned into the ``RegistryError`` that names its rule in Chinese.
    func mappingErrors<Result>(_ work: () throws -> Result) throws -> Result {
        do {
            return try work()
        } catch let error as PostgresError {
            throw RegistryError(error)
        } catch let error as any RegistryErrorConvertible {
            throw error.registryError
        }
    }
}

/// A command that failed for a reason worth one plain sentence.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
