import Backup
import Foundation
import Testing

/// Seals and opens in memory, as `registry backup` and `registry restore` do through pipes and files.
enum Sealing {
    static let key = BackupKey.generate()
    static let chunkSize = 16
    static let headerSize = 77
    static let tagSize = 16

    static func plaintext(_ count: Int) -> Data {
        Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
    }

    static func seal(_ plaintext: Data, key: BackupKey = key, chunkSize: Int = chunkSize) throws -> Data {
        var input = plaintext[...]
        var file = Data()
        try BackupStream.seal(
            key: key,
            chunkSize: chunkSize,
            read: { count in
                let part = input.prefix(count)
                input = input.dropFirst(part.count)
                return Data(part)
            },
            write: { file.append($0) }
        )
        return file
    }

    static func open(_ file: Data, key: BackupKey = key) throws -> Data {
        var input = file[...]
        var plaintext = Data()
        try BackupStream.open(
            key: key,
            read: { count in
                // A short read on purpose, as a pipe gives: the reader must ask again.
                let part = input.prefix(max(1, count / 2))
                input = input.dropFirst(part.count)
                return Data(part)
            },
            write: { plaintext.append($0) }
        )
        return plaintext
    }

    /// The byte range of chunk `index` in a file sealed with ``chunkSize`` (every chunk but the last is full).
    static func chunkRange(_ index: Int) -> Range<Int> {
        let start = headerSize + index * (chunkSize + tagSize)
        return start..<(start + chunkSize + tagSize)
    }

    static func failure(opening file: Data) -> BackupError? {
        do {
            _ = try open(file)
            return nil
        } catch {
            return error as? BackupError
        }
    }
}

@Suite("A35.1 the encrypted backup format: AES-256-GCM chunks that authenticate one by one and as a whole")
struct BackupStreamTests {
    static let chunk = Sealing.chunkSize

    @Test("A35.1 round trip of 0, 1, chunk-1, chunk, chunk+1 and several chunks", arguments: [0, 1, chunk - 1, chunk, chunk + 1, 5 * chunk + 3])
    func roundTrip(size: Int) throws {
        let plaintext = Sealing.plaintext(size)
        let file = try Sealing.seal(plaintext)
        let chunks = max(1, (size + Self.chunk - 1) / Self.chunk)
        #expect(file.count == Sealing.headerSize + chunks * Sealing.tagSize + size, "\(chunks) chunks, each with its tag")
        #expect(try Sealing.open(file) == plaintext)
    }

    @Test("A35.1 round trip at the default chunk size, and no plaintext in the file")
    func defaultChunkSize() throws {
        let plaintext = Data(String(repeating: "内蒙古自治区公共数据 PGDMP ", count: 20_000).utf8)
        let file = try Sealing.seal(plaintext, chunkSize: BackupStream.defaultChunkSize)
        #expect(file.range(of: Data("PGDMP".utf8)) == nil)
        #expect(try Sealing.open(file) == plaintext)
    }

    @Test("A35.1 two backups of the same data differ: every file has its own salt, so its own key and nonces")
    func freshSalt() throws {
        let plaintext = Sealing.plaintext(40)
        #expect(try Sealing.seal(plaintext) != Sealing.seal(plaintext))
    }

    @Test("A35.1 another key is refused before any chunk is opened")
    func wrongKey() throws {
        let file = try Sealing.seal(Sealing.plaintext(40))
        #expect(throws: BackupError.wrongKey) { try Sealing.open(file, key: BackupKey.generate()) }
        #expect(throws: BackupError.notABackup) { try Sealing.open(Data("PGDMP not encrypted".utf8)) }
    }

    @Test("A35.1 every flipped byte fails: header, ciphertext and tag")
    func flippedBytes() throws {
        let file = try Sealing.seal(Sealing.plaintext(2 * Self.chunk + 8))
        for offset in file.indices {
            var tampered = file
            tampered[offset] ^= 0x01
            #expect(Sealing.failure(opening: tampered) != nil, "byte \(offset)")
        }
        func flipped(_ offset: Int) -> Data {
            var tampered = file
            tampered[offset] ^= 0x80
            return tampered
        }
        #expect(Sealing.failure(opening: flipped(0)) == .notABackup)
        #expect(Sealing.failure(opening: flipped(8)) == .unsupportedVersion(0x81))
        #expect(Sealing.failure(opening: flipped(20)) == .wrongKey, "salt")
        #expect(Sealing.failure(opening: flipped(Sealing.headerSize - 1)) == .wrongKey, "commitment")
        #expect(Sealing.failure(opening: flipped(Sealing.chunkRange(1).lowerBound)) == .damagedChunk(index: 1), "ciphertext")
        #expect(Sealing.failure(opening: flipped(file.count - 1)) == .damagedChunk(index: 2), "tag of the last chunk")
    }

    @Test("A35.1 every truncation fails, and a cut at a chunk boundary is named")
    func truncation() throws {
        let file = try Sealing.seal(Sealing.plaintext(2 * Self.chunk + 8))
        for length in 0..<file.count {
            #expect(Sealing.failure(opening: file.prefix(length)) != nil, "first \(length) bytes")
        }
        #expect(Sealing.failure(opening: file.prefix(Sealing.chunkRange(1).upperBound)) == .truncated(afterChunk: 1))
        #expect(Sealing.failure(opening: file.prefix(Sealing.headerSize)) == .truncated(afterChunk: nil))
        #expect(Sealing.failure(opening: file.prefix(Sealing.headerSize - 1)) == .truncated(afterChunk: nil))
    }

    @Test("A35.1 appended data fails: a byte, a copy of a chunk, or another backup")
    func appendedData() throws {
        let file = try Sealing.seal(Sealing.plaintext(2 * Self.chunk + 8))
        #expect(Sealing.failure(opening: file + Data([0])) != nil)
        #expect(Sealing.failure(opening: file + file[Sealing.chunkRange(0)]) != nil)
        #expect(Sealing.failure(opening: file + (try Sealing.seal(Sealing.plaintext(3)))) != nil)
        let full = try Sealing.seal(Sealing.plaintext(2 * Self.chunk))
        #expect(Sealing.failure(opening: full + full[Sealing.chunkRange(0)]) == .trailingData(afterChunk: 1))
    }

    @Test("A35.1 swapped, repeated or dropped chunks fail")
    func reorderedChunks() throws {
        let file = try Sealing.seal(Sealing.plaintext(3 * Self.chunk + 8))
        let header = file.prefix(Sealing.headerSize)
        let chunks = (0..<3).map { file[Sealing.chunkRange($0)] }
        let last = file[Sealing.chunkRange(3).lowerBound...]
        #expect(Sealing.failure(opening: header + chunks[1] + chunks[0] + chunks[2] + last) == .damagedChunk(index: 0))
        #expect(Sealing.failure(opening: header + chunks[0] + chunks[0] + chunks[2] + last) == .damagedChunk(index: 1))
        #expect(Sealing.failure(opening: header + chunks[0] + chunks[2] + last) == .damagedChunk(index: 1))
        #expect(Sealing.failure(opening: header + chunks[0] + chunks[1] + chunks[2] + last) == nil)
    }

    @Test("A35.1 a chunk of another backup under the same key fails: each file has its own keys")
    func spliced() throws {
        let first = try Sealing.seal(Sealing.plaintext(2 * Self.chunk + 8))
        let second = try Sealing.seal(Sealing.plaintext(2 * Self.chunk + 8))
        var spliced = first
        spliced.replaceSubrange(Sealing.chunkRange(1), with: second[Sealing.chunkRange(1)])
        #expect(Sealing.failure(opening: spliced) == .damagedChunk(index: 1))
    }
}
