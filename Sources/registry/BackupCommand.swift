import ArgumentParser
import Backup
import Foundation
import Postgres

extension Registry {
    /// A35.1: `registry backup --out FILE`, an encrypted backup of the registry's database.
    struct BackupCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup",
            abstract: "Write an encrypted backup of the registry's database (A35.1).",
            discussion: """
                pg_dump (custom format, one consistent snapshot) streamed through AES-256-GCM into FILE: the plaintext \
                dump is never written to disk. FILE appears only once the backup is complete. \(BackupKeyOptions.keyHelp)
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var key: BackupKeyOptions

        @Option(help: ArgumentHelp("The backup file to write (replaced if it exists).", valueName: "file"))
        var out: String?

        @Flag(name: .customLong("generate-key"), help: "Print a new random key in base64 and do nothing else.")
        var generateKey = false

        func validate() throws {
            if generateKey, out != nil || key.keyFile != nil {
                throw ValidationError("--generate-key only prints a new key: give it no --out or --key-file.")
            }
            if !generateKey, out == nil {
                throw ValidationError("--out FILE is required: where to write the backup.")
            }
        }

        func run() async throws {
            if generateKey {
                print(BackupKey.generate().base64)
                return
            }
            let file = URL(fileURLWithPath: out!)
            let key = try key.load()
            let backup = try global.databaseBackup()
            let size = try backup.backup(to: file, key: key)
            print("wrote \(file.path) (\(size) bytes): encrypted backup of the database \(try backup.databaseName())")
        }
    }

    /// A35.1: `registry restore FILE`, a backup restored into an empty database.
    struct RestoreCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore",
            abstract: "Restore an encrypted backup into an empty database (A35.1).",
            discussion: """
                The database (--database-url) must have no tables yet. The whole file is authenticated first; only then \
                does pg_restore load it, in one transaction: a wrong key, a changed byte or a failing pg_restore restores \
                nothing. \(BackupKeyOptions.keyHelp)
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var key: BackupKeyOptions

        @Argument(help: "The backup file, as written by registry backup.")
        var file: String

        func run() async throws {
            let key = try key.load()
            let backup = try global.databaseBackup()
            let size = try backup.restore(from: URL(fileURLWithPath: file), key: key)
            print("restored \(file) (a dump of \(size) bytes) into the database \(try backup.databaseName())")
        }
    }
}

/// The backup key of `registry backup` and `registry restore`: a key file, else the environment.
struct BackupKeyOptions: ParsableArguments {
    static let keyHelp = """
        The key is 32 random bytes in base64 (registry backup --generate-key), read from --key-file (mode 600) or else \
        from \(BackupKey.environmentVariable).
        """

    @Option(
        name: .customLong("key-file"),
        help: ArgumentHelp("File holding the backup key in base64 (default: $\(BackupKey.environmentVariable)).", valueName: "file")
    )
    var keyFile: String?

    func load() throws -> BackupKey {
        if let keyFile { return try BackupKey(contentsOf: URL(fileURLWithPath: keyFile)) }
        guard let text = ProcessInfo.processInfo.environment[BackupKey.environmentVariable] else {
            throw CommandFailure("no backup key: pass --key-file FILE or set \(BackupKey.environmentVariable)")
        }
        return try BackupKey(base64: text, source: BackupKey.environmentVariable)
    }
}

extension GlobalOptions {
    /// Backups of, or a restore into, the database of `--database-url`.
    func databaseBackup() throws -> DatabaseBackup {
        do {
            return try DatabaseBackup(connection: connect())
        } catch let error as PostgresError {
            throw CommandFailure("cannot prepare the backup: \(error.messagePrimary ?? "unknown reason")")
        }
    }
}
