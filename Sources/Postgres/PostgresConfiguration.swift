import Foundation

/// Where and how to connect: a libpq connection string or URI, and an optional database name that overrides it.
///
/// An empty connection string lets libpq read the standard `PGHOST`, `PGPORT`, `PGDATABASE`, `PGUSER`,
/// `PGPASSWORD` … variables. The string may hold a password: it is never logged.
public struct PostgresConfiguration: Sendable {
    public var connectionString: String
    /// Replaces the database named in ``connectionString`` (used to reach a sibling database on the same server).
    public var database: String?
    public var applicationName: String

    public init(connectionString: String, database: String? = nil, applicationName: String = "registry") {
        self.connectionString = connectionString
        self.database = database
        self.applicationName = applicationName
    }

    /// `DATABASE_URL` when set, else the `PG*` variables.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Self {
        Self(connectionString: environment["DATABASE_URL"] ?? "")
    }

    /// The same server, another database.
    public func withDatabase(_ name: String) -> Self {
        var copy = self
        copy.database = name
        return copy
    }

    /// libpq's keyword/value pairs: the first `dbname` is expanded as a full connection string.
    var parameters: [(String, String)] {
        var pairs = [("dbname", connectionString), ("fallback_application_name", applicationName)]
        if let database { pairs.append(("dbname", database)) }
        return pairs
    }
}
