import Crypto
import Foundation

/// A35.1: the secret that encrypts the registry's backups — 32 random bytes, written as base64 (44 characters).
///
/// It comes from a key file or from the environment variable ``environmentVariable``; white space around the base64
/// text (a final newline) is ignored. A key that is not 32 bytes of base64 is refused as malformed, one with fewer
/// than ``minimumDistinctBytes`` distinct byte values (an all-zero key, a repeated or typed word) as weak: 32 random
/// bytes have about 30 distinct values, and fewer than 16 happens by chance with a probability of about 3·10⁻¹⁷.
public struct BackupKey: Sendable {
    /// The environment variable that may hold the key.
    public static let environmentVariable = "REGISTRY_BACKUP_KEY"
    /// The fewest distinct byte values a key must have.
    public static let minimumDistinctBytes = 16
    static let byteCount = 32

    let symmetricKey: SymmetricKey

    private init(symmetricKey: SymmetricKey) {
        self.symmetricKey = symmetricKey
    }

    /// A new key from the system's secure random generator.
    public static func generate() -> BackupKey {
        BackupKey(symmetricKey: SymmetricKey(size: .bits256))
    }

    /// The key as base64, as a key file or ``environmentVariable`` holds it.
    public var base64: String {
        symmetricKey.withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// Reads a key from its base64 text; `source` names where the text came from, for the error message.
    public init(base64 text: String, source: String) throws {
        guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw BackupError.malformedKey(source: source, reason: "it is not base64")
        }
        guard bytes.count == Self.byteCount else {
            throw BackupError.malformedKey(source: source, reason: "it holds \(bytes.count) bytes, not \(Self.byteCount)")
        }
        let distinct = Set(bytes).count
        guard distinct >= Self.minimumDistinctBytes else {
            throw BackupError.weakKey(source: source, distinctBytes: distinct)
        }
        self.init(symmetricKey: SymmetricKey(data: bytes))
    }

    /// Reads a key file, refusing one that users other than its owner may read.
    public init(contentsOf file: URL) throws {
        let path = file.path
        let text: String
        let mode: Int
        do {
            mode = try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw BackupError.fileError(path: path, reason: "cannot read the key file (\(error.localizedDescription))")
        }
        guard mode & 0o077 == 0 else { throw BackupError.keyFileExposed(path: path, mode: mode & 0o777) }
        try self.init(base64: text, source: path)
    }
}
