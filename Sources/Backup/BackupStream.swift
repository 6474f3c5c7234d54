import Foundation

/// A35.1: the encrypted backup format as a stream: plaintext in, header and sealed chunks out, and back.
///
/// Both directions pull from a `read` function (given a count, it returns up to that many bytes, or none at the
/// end) and push to a `write` function, so neither ever holds more than two chunks, nor writes plaintext anywhere
/// but to `write`. See ``BackupHeader`` and ``ChunkCipher`` for the layout.
public enum BackupStream {
    /// The chunk size of new backups: 64 KiB of plaintext per chunk.
    public static let defaultChunkSize = 64 << 10

    /// Encrypts everything `read` yields, in chunks of `chunkSize` bytes (1 byte to 16 MiB). The last chunk is sealed
    /// only once `read` has returned its end, so a `read` that throws (a dump that failed) leaves a file without a
    /// last chunk, which never opens.
    public static func seal(
        key: BackupKey,
        chunkSize: Int = defaultChunkSize,
        read: (Int) throws -> Data,
        write: (Data) throws -> Void
    ) throws {
        let header = BackupHeader(chunkSize: chunkSize)
        try write(header.encoded(key: key))
        let cipher = ChunkCipher(keys: header.keys(for: key))
        var index: UInt64 = 0
        var chunk = try readFully(chunkSize, from: read)
        while true {
            let next = try readFully(chunkSize, from: read)
            try write(cipher.seal(chunk, index: index, isLast: next.isEmpty))
            if next.isEmpty { return }
            chunk = next
            index += 1
        }
    }

    /// Decrypts a backup, handing each chunk's plaintext to `write` only after the chunk authenticated. Throws at the
    /// first header or chunk that does not authenticate; returns the number of plaintext bytes.
    @discardableResult
    public static func open(key: BackupKey, read: (Int) throws -> Data, write: (Data) throws -> Void) throws -> Int {
        let header = try BackupHeader(decoding: readFully(BackupHeader.size, from: read), key: key)
        let cipher = ChunkCipher(keys: header.keys(for: key))
        let storedSize = header.chunkSize + ChunkCipher.tagSize
        var index: UInt64 = 0
        var total = 0
        var stored = try readFully(storedSize, from: read)
        guard !stored.isEmpty else { throw BackupError.truncated(afterChunk: nil) }
        while true {
            let next = try readFully(storedSize, from: read)
            guard let plaintext = try cipher.open(stored, index: index, isLast: next.isEmpty) else {
                throw try failure(of: stored, index: index, expectedLast: next.isEmpty, cipher: cipher)
            }
            try write(plaintext)
            total += plaintext.count
            if next.isEmpty { return total }
            stored = next
            index += 1
        }
    }

    /// Why chunk `index` did not open: sealed as last where more follows (appended data), sealed as not last where the
    /// file ends (cut short), or damaged.
    private static func failure(of stored: Data, index: UInt64, expectedLast: Bool, cipher: ChunkCipher) throws -> BackupError {
        guard try cipher.open(stored, index: index, isLast: !expectedLast) != nil else { return .damagedChunk(index: index) }
        return expectedLast ? .truncated(afterChunk: index) : .trailingData(afterChunk: index)
    }

    /// Reads `count` bytes, fewer only at the end.
    private static func readFully(_ count: Int, from read: (Int) throws -> Data) throws -> Data {
        var bytes = Data()
        while bytes.count < count {
            let part = try read(count - bytes.count)
            if part.isEmpty { break }
            bytes.append(part)
        }
        return bytes
    }
}
