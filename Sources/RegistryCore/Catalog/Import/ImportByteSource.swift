import Foundation

/// The bytes of an import file, read in chunks so that a file of any size is never held in memory at once.
struct ImportByteSource {
    private let handle: FileHandle?
    private var pending: [[UInt8]]
    static let chunkSize = 1 << 20

    /// Reads the file at `url`.
    init(file url: URL) throws {
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw RegistryError(.invalidInput, "无法读取导入文件 \(url.lastPathComponent)。", field: "file")
        }
        pending = []
    }

    /// Reads bytes already in memory, in the chunks given (one chunk per byte tests every boundary).
    init(chunks: [[UInt8]]) {
        handle = nil
        pending = chunks.filter { !$0.isEmpty }.reversed()
    }

    /// Reads bytes already in memory.
    init(bytes: [UInt8]) {
        self.init(chunks: [bytes])
    }

    /// The next chunk, or `nil` at the end.
    mutating func next() throws -> [UInt8]? {
        if let chunk = pending.popLast() { return chunk }
        guard let handle else { return nil }
        let data: Data?
        do {
            data = try handle.read(upToCount: Self.chunkSize)
        } catch {
            throw RegistryError(.unavailable, "读取导入文件时出错。", field: "file")
        }
        guard let data, !data.isEmpty else { return nil }
        return [UInt8](data)
    }
}
