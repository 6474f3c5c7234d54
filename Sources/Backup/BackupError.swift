/// Why a backup or a restore failed (A35.1), in one sentence a person can act on.
///
/// The messages name files, chunks and programs, never any content of the database.
public enum BackupError: Error, Equatable, CustomStringConvertible {
    /// The key is not 32 bytes written as base64.
    case malformedKey(source: String, reason: String)
    /// The key is visibly not random: too few distinct byte values.
    case weakKey(source: String, distinctBytes: Int)
    /// The key file may be read by users other than its owner.
    case keyFileExposed(path: String, mode: Int)
    /// The file does not start with the backup format's magic bytes.
    case notABackup
    /// The file is a backup of a later format version.
    case unsupportedVersion(UInt8)
    /// The header names a chunk size outside what the format allows.
    case unsupportedChunkSize(Int)
    /// The header does not authenticate under the key: another key, or a damaged header.
    case wrongKey
    /// A chunk does not authenticate: the file was damaged or altered there.
    case damagedChunk(index: UInt64)
    /// The file ends before its last chunk: it was cut short.
    case truncated(afterChunk: UInt64?)
    /// Bytes follow the last chunk: something was appended.
    case trailingData(afterChunk: UInt64)
    /// pg_dump or pg_restore was not found.
    case programNotFound(name: String, searched: [String])
    /// pg_dump or pg_restore exited with an error.
    case programFailed(name: String, status: Int32, message: String)
    /// A restore's target database already has tables.
    case targetNotEmpty(database: String, tableCount: Int, firstTables: [String])
    /// The backup file could not be written or read.
    case fileError(path: String, reason: String)

    public var description: String {
        switch self {
        case .malformedKey(let source, let reason):
            "the backup key in \(source) is malformed: \(reason); it must be 32 random bytes in base64 (registry backup --generate-key)"
        case .weakKey(let source, let distinctBytes):
            "the backup key in \(source) is weak: only \(distinctBytes) distinct byte values, as a repeated or typed key has; "
                + "generate a random one with registry backup --generate-key"
        case .keyFileExposed(let path, let mode):
            "the key file \(path) can be read by other users (mode \(String(mode, radix: 8))): chmod 600 \(path)"
        case .notABackup:
            "not a registry backup (the file does not start with the backup format's magic bytes)"
        case .unsupportedVersion(let version):
            "the backup has format version \(version), which this registry cannot read"
        case .unsupportedChunkSize(let size):
            "the backup's header names a chunk size of \(size) bytes, which the format does not allow (the header is damaged)"
        case .wrongKey:
            "the key does not open this backup: it was made with another key, or its header is damaged"
        case .damagedChunk(let index):
            "the backup is damaged or was altered: chunk \(index) does not authenticate"
        case .truncated(let afterChunk):
            "the backup is cut short: it ends " + (afterChunk.map { "after chunk \($0)" } ?? "after its header") + ", before its last chunk"
        case .trailingData(let afterChunk):
            "the backup was altered: data follows its last chunk (\(afterChunk))"
        case .programNotFound(let name, let searched):
            "\(name) was not found (searched \(searched.joined(separator: ", "))): install the PostgreSQL client of the server's "
                + "version, or set REGISTRY_PG_BIN to its bin directory"
        case .programFailed(let name, let status, let message):
            "\(name) failed (exit \(status)): \(message)"
        case .targetNotEmpty(let database, let tableCount, let firstTables):
            "the database \(database) is not empty: it has \(tableCount) tables (\(firstTables.joined(separator: ", "))"
                + (tableCount > firstTables.count ? ", …" : "") + "); a backup is restored only into a new, empty database, so nothing was restored"
        case .fileError(let path, let reason):
            "\(path): \(reason)"
        }
    }
}
