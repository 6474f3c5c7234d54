import Foundation
import Postgres

/// A35.1: encrypted backups of the registry's database, and their restore.
///
/// A backup is `pg_dump --format=custom` of the database a connection is open on — one consistent snapshot —
/// streamed through ``BackupStream`` into the file: the plaintext dump only ever passes through memory. A restore
/// reads the whole file once to authenticate every chunk, then a second time into `pg_restore --single-transaction`,
/// so a wrong key or a changed byte restores nothing.
public struct DatabaseBackup {
    private let connection: Connection
    private let programs: PostgresPrograms
    private let programConnection: ProgramConnection

    /// Prepares backups of, or a restore into, the database `connection` is open on.
    public init(connection: Connection) throws {
        let version = try connection.queryOne("select current_setting('server_version_num')::int / 10000 as major")
        self.connection = connection
        self.programs = try PostgresPrograms.locate(serverMajorVersion: try version.decode("major", as: Int.self))
        self.programConnection = try connection.programConnection()
    }

    /// The name of the database, for messages.
    public func databaseName() throws -> String {
        try connection.queryOne("select current_database() as name").decode("name", as: String.self)
    }

    /// Writes an encrypted backup to `file`: into a new file next to it (mode 0600), renamed over `file` once complete
    /// and on disk. Returns the size of the file.
    @discardableResult
    public func backup(to file: URL, key: BackupKey) throws -> Int {
        let dump = try ClientProgram(
            programs.pgDump,
            arguments: ["--format=custom", "--no-password", "--dbname=\(programConnection.connectionString)"],
            connection: programConnection,
            pipeline: .readOutput
        )
        do {
            return try Self.replace(file) { handle in
                try BackupStream.seal(key: key, read: { try Self.read($0, from: dump) }, write: { try handle.write(contentsOf: $0) })
            }
        } catch {
            dump.stop()
            throw error
        }
    }

    /// Restores `file` into the database, which must have no tables yet. Returns the size of the restored dump.
    public func restore(from file: URL, key: BackupKey) throws -> Int {
        try requireEmptyDatabase()
        _ = try Self.reading(file) { handle in try BackupStream.open(key: key, read: handle.readUpTo, write: { _ in }) }
        let restore = try ClientProgram(
            programs.pgRestore,
            arguments: ["--single-transaction", "--exit-on-error", "--no-owner", "--no-password", "--dbname=\(programConnection.connectionString)"],
            connection: programConnection,
            pipeline: .feedInput
        )
        let size: Int
        do {
            size = try Self.reading(file) { handle in
                try BackupStream.open(key: key, read: handle.readUpTo, write: { try restore.pipe.write(contentsOf: $0) })
            }
        } catch let error as BackupError {
            // The file changed since it was authenticated: pg_restore's transaction is abandoned.
            restore.stop()
            throw error
        } catch {
            // Writing failed because pg_restore stopped: its own message says why.
            try restore.waitForSuccess()
            throw error
        }
        try restore.waitForSuccess()
        return size
    }

    /// Refuses a database that already has tables: a restore only ever fills an empty one.
    private func requireEmptyDatabase() throws {
        let tables = try connection.query(
            """
            select c.relname::text as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where c.relkind in ('r', 'p') and n.nspname <> 'information_schema' and n.nspname not like 'pg\\_%'
             order by n.nspname, c.relname
            """
        ).map { try $0.decode("name", as: String.self) }
        guard tables.isEmpty else {
            throw BackupError.targetNotEmpty(database: try databaseName(), tableCount: tables.count, firstTables: Array(tables.prefix(3)))
        }
    }

    /// Up to `count` bytes of the dump; at its end, waits for pg_dump and throws if it failed.
    private static func read(_ count: Int, from dump: ClientProgram) throws -> Data {
        let bytes = try dump.pipe.readUpTo(count)
        if bytes.isEmpty { try dump.waitForSuccess() }
        return bytes
    }

    /// Runs `body` on a file opened for reading.
    private static func reading<Result>(_ file: URL, _ body: (FileHandle) throws -> Result) throws -> Result {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: file)
        } catch {
            throw BackupError.fileError(path: file.path, reason: "cannot open the backup (\(error.localizedDescription))")
        }
        defer { try? handle.close() }
        return try body(handle)
    }

    /// Writes a new file next to `file` through `body`, then renames it over `file`; removes it when anything fails.
    private static func replace(_ file: URL, _ body: (FileHandle) throws -> Void) throws -> Int {
        let partial = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).\(UUID().uuidString).partial")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw BackupError.fileError(path: file.path, reason: "cannot create a file in \(partial.deletingLastPathComponent().path)")
        }
        do {
            let handle = try FileHandle(forWritingTo: partial)
            defer { try? handle.close() }
            try body(handle)
            try handle.synchronize()
            let size = Int(try handle.offset())
            guard rename(partial.path, file.path) == 0 else {
                throw BackupError.fileError(path: file.path, reason: String(cString: strerror(errno)))
            }
            return size
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
    }
}

extension FileHandle {
    /// Up to `count` bytes; none at the end of the file.
    fileprivate func readUpTo(_ count: Int) throws -> Data {
        try read(upToCount: count) ?? Data()
    }
}
