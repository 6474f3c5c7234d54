import Crypto
import Foundation

/// A35.1: the header of a backup file, 77 bytes.
///
///     magic "RGBACKUP" (8) | version 1 (1) | chunk size, UInt32 big-endian (4) | salt (32) | commitment (32)
///
/// The salt is random for every file. HKDF-SHA256 of the backup key and the salt gives the file's AES-256-GCM key, a
/// 4-byte nonce prefix and a commitment key; the commitment is HMAC-SHA256 of the 45 bytes before it under that key,
/// so a wrong key, or any change to the header, is told apart before a single chunk is opened.
struct BackupHeader {
    static let magic = Data("RGBACKUP".utf8)
    static let version: UInt8 = 1
    static let saltSize = 32
    static let size = magic.count + 1 + 4 + saltSize + SHA256.byteCount
    /// The chunk sizes a header may name: 1 byte to 16 MiB of plaintext.
    static let chunkSizes = 1...(16 << 20)

    var chunkSize: Int
    var salt: Data

    /// A header for a new file, with a fresh random salt.
    init(chunkSize: Int) {
        precondition(Self.chunkSizes.contains(chunkSize), "chunk size \(chunkSize) is outside \(Self.chunkSizes)")
        self.chunkSize = chunkSize
        self.salt = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
    }

    /// Reads a header and checks its commitment under `key`.
    init(decoding bytes: Data, key: BackupKey) throws {
        guard bytes.prefix(Self.magic.count) == Self.magic else { throw BackupError.notABackup }
        guard bytes.count == Self.size else { throw BackupError.truncated(afterChunk: nil) }
        let fields = Array(bytes)
        let version = fields[Self.magic.count]
        guard version == Self.version else { throw BackupError.unsupportedVersion(version) }
        let sizeOffset = Self.magic.count + 1
        chunkSize = fields[sizeOffset..<sizeOffset + 4].reduce(0) { $0 << 8 | Int($1) }
        salt = Data(fields[(sizeOffset + 4)..<(sizeOffset + 4 + Self.saltSize)])
        guard Self.chunkSizes.contains(chunkSize) else { throw BackupError.unsupportedChunkSize(chunkSize) }
        let commitment = bytes.suffix(SHA256.byteCount)
        guard HMAC<SHA256>.isValidAuthenticationCode(commitment, authenticating: fieldBytes, using: keys(for: key).commitment) else {
            throw BackupError.wrongKey
        }
    }

    /// The 45 bytes the commitment covers.
    var fieldBytes: Data {
        var bytes = Self.magic
        bytes.append(Self.version)
        bytes.append(contentsOf: withUnsafeBytes(of: UInt32(chunkSize).bigEndian) { Array($0) })
        bytes.append(salt)
        return bytes
    }

    /// The header as written at the start of the file.
    func encoded(key: BackupKey) -> Data {
        fieldBytes + Data(HMAC<SHA256>.authenticationCode(for: fieldBytes, using: keys(for: key).commitment))
    }

    /// The keys of this file: HKDF-SHA256(backup key, salt) split into cipher key, nonce prefix and commitment key.
    func keys(for key: BackupKey) -> FileKeys {
        let material = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: key.symmetricKey,
            salt: salt,
            info: Data("registry backup v1".utf8),
            outputByteCount: 68
        ).withUnsafeBytes { Data($0) }
        return FileKeys(
            cipher: SymmetricKey(data: material.prefix(32)),
            noncePrefix: Data(material.dropFirst(32).prefix(4)),
            commitment: SymmetricKey(data: material.suffix(32))
        )
    }
}

/// The keys HKDF derives for one backup file.
struct FileKeys {
    var cipher: SymmetricKey
    var noncePrefix: Data
    var commitment: SymmetricKey
}

/// A35.1: seals and opens the chunks of one file with AES-256-GCM.
///
/// Chunk `i` (from 0) has the nonce `nonce prefix ‖ i` (UInt64 big-endian) and, as associated data, one byte: 1 for
/// the file's last chunk, 0 for the others. Every chunk but the last holds exactly the header's chunk size of
/// plaintext; the last holds 0 up to chunk size. Each is stored as ciphertext ‖ 16-byte tag. So a chunk moved to
/// another place fails (its nonce changes), a file cut at a chunk boundary fails (its new last chunk was not sealed as
/// last), and so does one with bytes appended (its real last chunk is no longer last).
struct ChunkCipher {
    static let tagSize = 16
    let keys: FileKeys

    func seal(_ plaintext: Data, index: UInt64, isLast: Bool) throws -> Data {
        let box = try AES.GCM.seal(plaintext, using: keys.cipher, nonce: nonce(index), authenticating: Self.flag(isLast))
        return box.ciphertext + box.tag
    }

    /// The plaintext of a stored chunk, or nil when it does not authenticate as chunk `index` with this last flag.
    func open(_ stored: Data, index: UInt64, isLast: Bool) throws -> Data? {
        guard stored.count >= Self.tagSize else { return nil }
        let box = try AES.GCM.SealedBox(
            nonce: nonce(index),
            ciphertext: stored.dropLast(Self.tagSize),
            tag: stored.suffix(Self.tagSize)
        )
        return try? AES.GCM.open(box, using: keys.cipher, authenticating: Self.flag(isLast))
    }

    private func nonce(_ index: UInt64) throws -> AES.GCM.Nonce {
        try AES.GCM.Nonce(data: keys.noncePrefix + withUnsafeBytes(of: index.bigEndian) { Data($0) })
    }

    private static func flag(_ isLast: Bool) -> Data {
        Data([isLast ? 1 : 0])
    }
}
