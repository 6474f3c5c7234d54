import Foundation

/// Applies the schema migrations `NNNN_name.sql` of a directory in order, each in one transaction, and records each
/// with the SHA-256 of its text. A second run does nothing; an applied file that was edited since is an error naming it.
public struct Migrator: Sendable {
    /// One migration file.
    public struct Migration: Sendable, Equatable {
        public var version: String
        public var fileName: String
        public var sql: String
    }

    /// What a run did.
    public struct Report: Sendable, Equatable {
        public var applied: [String]
        public var alreadyApplied: [String]
    }

    public let migrations: [Migration]

    /// The file beside the migrations that shows the schema they make (generated, never run).
    public static let schemaFileName = "schema.sql"

    /// Reads every `*.sql` file directly inside `directory` but ``schemaFileName``.
    public init(directory: URL) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".sql") && $0 != Self.schemaFileName }
            .sorted()
        var migrations: [Migration] = []
        for name in names {
            guard let version = Self.version(of: name) else { throw MigrationError.badFileName(name) }
            if let previous = migrations.last, previous.version == version {
                throw MigrationError.duplicateVersion(version, first: previous.fileName, second: name)
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            migrations.append(Migration(version: version, fileName: name, sql: sql))
        }
        self.migrations = migrations
    }

    public init(migrations: [Migration]) {
        self.migrations = migrations
    }

    /// Applies what is not applied yet. Takes an advisory lock before anything else, so that a second migrator on the
    /// same database waits for the first and then finds everything applied (even on an empty database, where both would
    /// otherwise create the bookkeeping table at once). After a run the roles' grants are renewed
    /// (`grant_role_privileges()`, `sql/0050_least_privilege.sql`), so that a new table gets them without a line of its own.
    public func run(on connection: Connection) throws -> Report {
        try connection.query("select pg_advisory_lock(\(Self.lockKey))")
        defer { _ = try? connection.query("select pg_advisory_unlock(\(Self.lockKey))") }
        try connection.execute(script: Self.bookkeeping)

        let recorded = try recordedChecksums(on: connection)
        var report = Report(applied: [], alreadyApplied: [])
        for migration in migrations {
            let checksum = try Self.checksum(of: migration.sql, on: connection)
            if let existing = recorded[migration.version] {
                guard existing.checksum == checksum, existing.fileName == migration.fileName else {
                    throw MigrationError.editedAfterApply(existing.fileName)
                }
                report.alreadyApplied.append(migration.fileName)
                continue
            }
            try connection.transaction { connection in
                do {
                    try connection.execute(script: migration.sql)
                } catch let error as PostgresError {
                    throw MigrationError.failed(migration.fileName, reason: error.operatorSummary)
                }
                try connection.query(
                    """
                    insert into schema_migration (version, file_name, checksum)
                    values (\(migration.version), \(migration.fileName), \(checksum))
                    """
                )
            }
            report.applied.append(migration.fileName)
        }
        let known = Set(migrations.map(\.version))
        if let orphan = recorded.values.filter({ !known.contains($0.version) }).min(by: { $0.version < $1.version }) {
            throw MigrationError.fileMissing(orphan.fileName)
        }
        try grantRolePrivileges(on: connection)
        return report
    }

    /// Renews the grants of the database roles when the schema defines how (from `0050_least_privilege.sql` on).
    private func grantRolePrivileges(on connection: Connection) throws {
        let defined = try connection.query("select to_regprocedure('public.grant_role_privileges()') is not null as defined")
        guard try defined.first?.decode("defined") == true else { return }
        try connection.transaction { connection in
            do {
                try connection.query("select grant_role_privileges()")
            } catch let error as PostgresError {
                throw MigrationError.failed("grant_role_privileges()", reason: error.operatorSummary)
            }
        }
    }

    private struct Recorded {
        var version: String
        var fileName: String
        var checksum: String
    }

    private func recordedChecksums(on connection: Connection) throws -> [String: Recorded] {
        var recorded: [String: Recorded] = [:]
        for row in try connection.query("select version, file_name, checksum from schema_migration") {
            let entry = Recorded(
                version: try row.decode("version"),
                fileName: try row.decode("file_name"),
                checksum: try row.decode("checksum")
            )
            recorded[entry.version] = entry
        }
        return recorded
    }

    private static func checksum(of sql: String, on connection: Connection) throws -> String {
        try connection.queryOne("select encode(sha256(convert_to(\(sql), 'UTF8')), 'hex') as checksum")
            .decode("checksum")
    }

    private static func version(of fileName: String) -> String? {
        let parts = fileName.split(separator: "_", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCII), parts[0].allSatisfy(\.isNumber),
            parts[1].count > 4, parts[1].allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_" || $0 == ".") })
        else { return nil }
        return String(parts[0])
    }

    private static let lockKey: Int64 = 0x5245_4749_5354  // "REGIST"

    private static let bookkeeping = """
        create table if not exists schema_migration (
            version text primary key,
            file_name text not null,
            checksum text not null,
            applied_at timestamptz not null default now()
        )
        """
}

/// Why migrations could not run; each case names the file concerned.
public enum MigrationError: Error, CustomStringConvertible, Equatable {
    case badFileName(String)
    case duplicateVersion(String, first: String, second: String)
    case editedAfterApply(String)
    case fileMissing(String)
    case failed(String, reason: String)

    public var description: String {
        switch self {
        case .badFileName(let name):
            "migration file \(name) is not named NNNN_lowercase_name.sql"
        case .duplicateVersion(let version, let first, let second):
            "migrations \(first) and \(second) share version \(version)"
        case .editedAfterApply(let name):
            "migration \(name) was edited after it was applied; add a new migration instead"
        case .fileMissing(let name):
            "migration \(name) is recorded as applied but its file is missing"
        case .failed(let name, let reason):
            "migration \(name) failed and was rolled back: \(reason)"
        }
    }
}
