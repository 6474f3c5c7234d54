import Foundation

/// The directory of the PostgreSQL client programs a backup and a restore run: pg_dump and pg_restore.
///
/// Looked up in this order: `REGISTRY_PG_BIN` when set; `/usr/lib/postgresql/<server major version>/bin`, where
/// Debian keeps each version's programs (the same ones `scripts/pg.sh` runs); the directories on `PATH`. pg_dump
/// refuses a server newer than itself, so the server's own version is preferred.
struct PostgresPrograms {
    static let names = ["pg_dump", "pg_restore"]
    let directory: URL

    static func locate(serverMajorVersion: Int, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Self {
        let candidates: [String] =
            if let configured = environment["REGISTRY_PG_BIN"] {
                [configured]
            } else {
                ["/usr/lib/postgresql/\(serverMajorVersion)/bin"] + (environment["PATH"] ?? "").split(separator: ":").map(String.init)
            }
        let found = candidates.first { directory in
            names.allSatisfy { FileManager.default.isExecutableFile(atPath: directory + "/" + $0) }
        }
        guard let found else { throw BackupError.programNotFound(name: names.joined(separator: " and "), searched: candidates) }
        return Self(directory: URL(fileURLWithPath: found, isDirectory: true))
    }

    var pgDump: URL { directory.appendingPathComponent("pg_dump") }
    var pgRestore: URL { directory.appendingPathComponent("pg_restore") }
}
