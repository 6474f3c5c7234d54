import Backup
import Foundation
import Testing

@Suite("A35.1 the backup key: 32 random bytes in base64, from a file of mode 600 or the environment")
struct BackupKeyTests {
    @Test("A35.1 a generated key reads back from its base64, with a final newline")
    func generated() throws {
        let key = BackupKey.generate()
        #expect(key.base64.count == 44)
        #expect(try BackupKey(base64: key.base64 + "\n", source: "test").base64 == key.base64)
        #expect(BackupKey.generate().base64 != key.base64)
    }

    @Test("A35.1 malformed and weak keys are refused with the reason")
    func refused() {
        #expect(throws: BackupError.malformedKey(source: "env", reason: "it is not base64")) {
            try BackupKey(base64: "not a key!", source: "env")
        }
        #expect(throws: BackupError.malformedKey(source: "env", reason: "it holds 31 bytes, not 32")) {
            try BackupKey(base64: Data(repeating: 7, count: 31).base64EncodedString(), source: "env")
        }
        #expect(throws: BackupError.weakKey(source: "env", distinctBytes: 1)) {
            try BackupKey(base64: Data(count: 32).base64EncodedString(), source: "env")
        }
        let typed = Data("registry-backup-registry-backup!".utf8)
        #expect(throws: BackupError.weakKey(source: "env", distinctBytes: Set(typed).count)) {
            try BackupKey(base64: typed.base64EncodedString(), source: "env")
        }
    }

    @Test("A35.1 a key file that other users may read is refused")
    func keyFileMode() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("backup-key-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        let key = BackupKey.generate()
        try Data((key.base64 + "\n").utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file.path)
        #expect(throws: BackupError.keyFileExposed(path: file.path, mode: 0o640)) { try BackupKey(contentsOf: file) }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        #expect(try BackupKey(contentsOf: file).base64 == key.base64)
    }
}
