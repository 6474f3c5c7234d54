import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// The `registry` executable as a person runs it: arguments in, text and exit status out.
struct RegistryCommand {
    var databaseURL: String?
    /// Variables added to the test runner's environment (the backup key, say).
    var environment: [String: String] = [:]

    struct Outcome {
        var status: Int32
        var output: String
        var error: String
    }

    static var executable: URL {
        ProjectDirectory.url.appendingPathComponent(".build/debug/registry")
    }

    func run(_ arguments: String...) throws -> Outcome {
        try run(arguments)
    }

    func run(_ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = (databaseURL.map { ["--database-url", $0] } ?? []) + arguments
        process.currentDirectoryURL = ProjectDirectory.url
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            output: String(decoding: outputData, as: UTF8.self),
            error: String(decoding: errorData, as: UTF8.self)
        )
    }
}

@Suite("The registry command line")
struct CLITests {
    @Test("id check says which code it is and why not, with exit status 0 or 1 (A13.1, A14.1)")
    func identifierCheck() throws {
        let registry = RegistryCommand()
        let valid = try registry.run("id", "check", "91350100M000100Y43")
        #expect(valid.status == 0)
        #expect(valid.output.contains("unified_social_credit_code"))
        #expect(valid.output.contains("valid"))

        let citizen = try registry.run("id", "check", "11010519491231002X")
        #expect(citizen.status == 0)
        #expect(citizen.output.contains("110105********002X"))
        #expect(!citizen.output.contains("11010519491231002X"))

        let invalid = try registry.run("id", "check", "110105194912310021")
        #expect(invalid.status == 1)
        #expect(invalid.output.contains("character 18 should be 'X'"))
        #expect(!invalid.output.contains("110105194912310021"))
    }

    @Test("calendar load: a bad line refuses the whole file; a good one loads once, re-stamps, and a second time changes nothing (W.2, W.3)")
    func calendarLoad() async throws {
        let database = try await TestDatabase.make(maxConnections: 1)
        let registry = RegistryCommand(databaseURL: database.connectionString)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("calendar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("cn-official-calendar-2027.csv")

        try "date,kind,holiday\n2027-01-01,off,元旦\n2028-01-01,off,元旦\n".write(to: file, atomically: true, encoding: .utf8)
        let outside = try registry.run("calendar", "load", file.path)
        #expect(outside.status != 0)
        // people read the refusal in Chinese, with the file, the line and the arrangement named.
        #expect(outside.error.contains("文件 cn-official-calendar-2027.csv 第 3 行:2028-01-01 不在 2027 年内"), "\(outside.error)")
        #expect(outside.error.contains("国务院办公厅部分节假日安排") && !outside.error.contains("outside"), "\(outside.error)")
        try "date,kind,holiday\n2027-01-01,off,元旦\n2027-01-01,off,元旦\n".write(to: file, atomically: true, encoding: .utf8)
        let twice = try registry.run("calendar", "load", file.path)
        #expect(twice.status != 0)
        #expect(twice.error.contains("第 3 行:2027-01-01 已在第 2 行列出") && !twice.error.contains("listed"), "\(twice.error)")
        let status = try registry.run("calendar", "status")
        #expect(status.output.contains("official years: 2024–2026"), "nothing was loaded")

        try "date,kind,holiday\n2027-01-01,off,元旦\n2027-02-05,off,春节\n2027-02-08,off,春节\n".write(to: file, atomically: true, encoding: .utf8)
        let loaded = try registry.run("calendar", "load", file.path)
        #expect(loaded.status == 0, "\(loaded.error)")
        #expect(loaded.output.contains("2027 (new): 3 inserted") && loaded.output.contains("re-stamped 0 open deadlines"), "\(loaded.output)")
        let again = try registry.run("calendar", "load", file.path)
        #expect(again.output.contains("2027: 0 inserted, 0 updated, 0 deleted, 3 unchanged"), "\(again.output)")
        let after = try registry.run("calendar", "status")
        #expect(after.output.contains("official years: 2024–2027"))
        try? FileManager.default.removeItem(at: folder)
        try await database.drop()
    }

    @Test("serve --log-file writes the service log readable by its owner only (mode 600); it warns when fsync is off")
    func serviceLogMode() async throws {
        let database = try await TestDatabase.make(maxConnections: 1)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let log = folder.appendingPathComponent("registry.log")
        let process = Process()
        process.executableURL = RegistryCommand.executable
        process.arguments = [
            "--database-url", database.connectionString, "serve", "--port", String(Int.random(in: 20_000...29_999)),
            "--log-file", log.path,
        ]
        process.currentDirectoryURL = ProjectDirectory.url
        try process.run()
        for _ in 0..<100 where !((try? String(contentsOf: log, encoding: .utf8))?.contains("Server started") ?? false) {
            try await Task.sleep(for: .milliseconds(100))
        }
        process.terminate()
        process.waitUntilExit()
        let mode = try FileManager.default.attributesOfItem(atPath: log.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect((try String(contentsOf: log, encoding: .utf8)).contains("Server started"))
        // The tests' throw-away cluster runs with fsync off (scripts/pg.sh): the service says so at start.
        #expect((try String(contentsOf: log, encoding: .utf8)).contains("fsync = off"))
        try? FileManager.default.removeItem(at: folder)
        try await database.drop()
    }

    @Test("audit seal chains the rows committed since; audit anchor appends the sealed head; audit verify --anchors checks every anchor (A44.1)")
    func auditAnchors() async throws {
        let database = try await TestDatabase.make(maxConnections: 1)
        let registry = RegistryCommand(databaseURL: database.connectionString)
        let file = NSTemporaryDirectory() + "anchors-\(UUID().uuidString).txt"
        let sealed = try registry.run("audit", "seal")
        #expect(sealed.status == 0 && sealed.output.hasPrefix("sealed ") && !sealed.output.contains("STOPPED"), "\(sealed.output)")
        let again = try registry.run("audit", "seal")
        #expect(again.output.hasPrefix("sealed 0 rows"), "nothing new: \(again.output)")
        #expect(try registry.run("audit", "anchor", "--out", file).status == 0)
        #expect(try registry.run("audit", "anchor", "--out", file).status == 0)
        let verified = try registry.run("audit", "verify", "--anchors", file)
        #expect(verified.status == 0 && verified.output.contains("anchors: all 2 still in the chain"), "\(verified.output)")
        // An anchor the chain does not hold (a rewritten history would leave one) fails the verification.
        let forged = AuditHead(sequence: 1, hash: Array(repeating: 7, count: 32))
        try AuditAnchorFile(path: file).append(AuditAnchor(takenAt: "2026-01-01T00:00:00Z", head: forged))
        let broken = try registry.run("audit", "verify", "--anchors", file)
        #expect(broken.status == 1 && broken.output.contains("ANCHOR BROKEN: anchor of 2026-01-01T00:00:00Z: sequence 1"))
        try? FileManager.default.removeItem(atPath: file)
        try await database.drop()
    }

    @Test("two migrate at once on an empty database: the second waits for the first, and neither fails")
    func concurrentMigrate() async throws {
        let database = try await TestDatabase.makeEmpty(maxConnections: 1)
        let url = database.connectionString
        async let viaOption = Task.detached { try RegistryCommand().run("migrate", "--migration-database-url", url) }.value
        async let viaEnvironment = Task.detached {
            try RegistryCommand(environment: ["MIGRATION_DATABASE_URL": url]).run("migrate")
        }.value
        let outcomes = try await [viaOption, viaEnvironment]
        #expect(outcomes.allSatisfy { $0.status == 0 }, "\(outcomes.map(\.error))")
        // One applied every file, the other found them applied.
        #expect(outcomes.filter { $0.output.contains(" 0 already applied") }.count == 1, "\(outcomes.map(\.output))")
        #expect(outcomes.filter { $0.output.hasPrefix("0 applied") || $0.output.contains("\n0 applied") }.count == 1)
        try await database.drop()
    }

    @Test("migrate twice, seed, due dates, accounts and audit verify on a fresh database")
    func databaseCommands() async throws {
        let database = try await TestDatabase.makeEmpty(maxConnections: 1)
        let registry = RegistryCommand(databaseURL: database.connectionString)

        let first = try registry.run("migrate")
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output.contains("applied 0001_audit.sql"))
        let second = try registry.run("migrate")
        #expect(second.output.contains("0 applied"))

        #expect(try registry.run("seed", "reference").status == 0)
        let due = try registry.run("calendar", "due", "--from", "2024-09-30", "--working-days", "5")
        #expect(due.output == "2024-10-12\n")
        // W.3: past the official calendar the deadline is provisional, said on stderr; past the provisional one, refused.
        let provisional = try registry.run("calendar", "due", "--from", "2026-12-28", "--working-days", "10")
        #expect(provisional.status == 0 && provisional.output == "2027-01-12\n", "\(provisional.error)")
        #expect(provisional.error.contains("暂定") && provisional.error.contains("2027"))
        let official = try registry.run("calendar", "due", "--from", "2026-11-02", "--working-days", "5")
        #expect(official.output == "2026-11-09\n" && official.error.isEmpty)
        let missing = try registry.run("calendar", "due", "--from", "2060-12-30", "--working-days", "5")
        #expect(missing.status != 0)
        #expect(missing.error.contains("2061年的工作日安排（国务院办公厅部分节假日安排）尚未导入"), "\(missing.error)")

        let account = try registry.run("accounts", "create", "--role", "admin", "--name", "平台管理员")
        #expect(account.status == 0)
        #expect(account.output.split(separator: "\n").last?.hasPrefix("rg_") == true)
        let auditor = try registry.run("accounts", "create", "--role", "auditor", "--name", "自治区审计厅")
        #expect(auditor.status == 0, "\(auditor.error)")
        #expect(auditor.output.contains("(auditor)"), "an account of the audit authority (A29.2)")

        let verify = try registry.run("audit", "verify")
        #expect(verify.status == 0)
        #expect(verify.output.hasPrefix("OK"))
        try await database.drop()
    }
}
