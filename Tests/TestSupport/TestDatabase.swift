import Foundation
import Postgres

/// A database of its own for one test suite, on the server the test script started.
///
/// `scripts/test.sh` prepares a template database (migrated, reference data loaded) and exports
/// `REGISTRY_TEST_DATABASE_URL` (the server's maintenance database) and `REGISTRY_TEST_TEMPLATE`.
/// Each suite copies the template, so suites run in parallel without seeing each other's rows.
public final class TestDatabase: Sendable {
    public let name: String
    public let configuration: PostgresConfiguration
    public let client: PostgresClient

    private init(name: String, configuration: PostgresConfiguration, maxConnections: Int) {
        self.name = name
        self.configuration = configuration
        self.client = PostgresClient(configuration: configuration, maxConnections: maxConnections)
    }

    /// A fresh copy of the migrated template with reference data.
    public static func make(maxConnections: Int = 4) async throws -> TestDatabase {
        guard let template = ProcessInfo.processInfo.environment["REGISTRY_TEST_TEMPLATE"] else {
            throw TestEnvironmentError.missing("REGISTRY_TEST_TEMPLATE")
        }
        return try await create(template: template, maxConnections: maxConnections)
    }

    /// A fresh database with no schema at all (for migrator tests).
    public static func makeEmpty(maxConnections: Int = 4) async throws -> TestDatabase {
        try await create(template: "template0", maxConnections: maxConnections)
    }

    /// The server's maintenance database, for statements about databases themselves.
    public static var server: PostgresConfiguration {
        get throws {
            guard let url = ProcessInfo.processInfo.environment["REGISTRY_TEST_DATABASE_URL"] else {
                throw TestEnvironmentError.missing("REGISTRY_TEST_DATABASE_URL")
            }
            return PostgresConfiguration(connectionString: url, applicationName: "registry-tests")
        }
    }

    /// This database as the service's role (`registry_service`): the DML the service needs and nothing more
    /// (`sql/0050_least_privilege.sql`).
    public var asService: PostgresConfiguration { configuration.asUser("registry_service") }

    /// A libpq connection string for this database, for programs such as the `registry` CLI.
    public var connectionString: String { connectionString(as: nil) }

    /// The same as the service's own role, as `registry serve` and `registry seed` connect in production.
    public var serviceConnectionString: String { connectionString(as: "registry_service") }

    private func connectionString(as user: String?) -> String {
        let server = configuration.connectionString
        if var components = URLComponents(string: server), components.scheme?.hasPrefix("postgres") == true {
            components.path = "/" + name
            if let user { components.user = user }
            return components.string ?? server
        }
        return server + " dbname=" + name + (user.map { " user=" + $0 } ?? "")
    }

    /// Runs a statement on a connection outside the pool (as the server's superuser).
    @discardableResult
    public func withAdminConnection<Result>(_ body: (Connection) throws -> Result) throws -> Result {
        let connection = try Connection(configuration: configuration)
        return try body(connection)
    }

    /// Drops the database; call at the end of a suite. A suite that fails first leaves it to the end of its `scripts/test.sh` run.
    public func drop() async throws {
        try await client.shutdown()
        let admin = try Connection(configuration: Self.server)
        try admin.query("drop database if exists \(unescaped: quoteIdentifier(name)) with (force)")
    }

    private static func create(template: String, maxConnections: Int) async throws -> TestDatabase {
        let server = try Self.server
        // test_RUN_…: scripts/test.sh drops the databases of its own run when it ends, and no other.
        let run = ProcessInfo.processInfo.environment["REGISTRY_TEST_RUN"] ?? "local"
        let name = "test_\(run)_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let admin = try Connection(configuration: server)
        try admin.query(
            "create database \(unescaped: quoteIdentifier(name)) template \(unescaped: quoteIdentifier(template))"
        )
        return TestDatabase(name: name, configuration: server.withDatabase(name), maxConnections: maxConnections)
    }
}

/// The tests were started without the environment `scripts/test.sh` sets up.
public enum TestEnvironmentError: Error, CustomStringConvertible {
    case missing(String)

    public var description: String {
        switch self {
        case .missing(let variable): "\(variable) is not set: run the tests with scripts/test.sh"
        }
    }
}

/// Paths inside the project checkout, found from this file's location.
public enum ProjectDirectory {
    public static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    public static var sql: URL { url.appendingPathComponent("sql") }
}
