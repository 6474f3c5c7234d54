import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Schema migrations")
struct MigratorTests {
    private func directory(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return url
    }

    @Test("applies in order once; a second run does nothing")
    func appliesOnce() async throws {
        let database = try await TestDatabase.makeEmpty()
        let url = try directory([
            "0001_first.sql": "create table a (id int);",
            "0002_second.sql": "insert into a values (1); insert into a values (2);",
        ])
        let (first, second, rows) = try await database.client.withConnection { connection in
            let first = try Migrator(directory: url).run(on: connection)
            let second = try Migrator(directory: url).run(on: connection)
            let rows = try connection.query("select count(*) as n from a").first!.decode("n", as: Int.self)
            return (first, second, rows)
        }
        #expect(first.applied == ["0001_first.sql", "0002_second.sql"])
        #expect(second.applied.isEmpty)
        #expect(second.alreadyApplied.count == 2)
        #expect(rows == 2)
        try await database.drop()
    }

    @Test("a failing migration leaves nothing of itself behind")
    func failingMigrationRollsBack() async throws {
        let database = try await TestDatabase.makeEmpty()
        let url = try directory(["0001_bad.sql": "create table b (id int); select 1/0;"])
        let error = await #expect(throws: MigrationError.self) {
            try await database.client.withConnection { try Migrator(directory: url).run(on: $0) }
        }
        #expect(error.map { String(describing: $0).contains("0001_bad.sql") && String(describing: $0).contains("22012") } == true)
        let exists = try await database.client.withConnection {
            try $0.query("select to_regclass('b') is not null as present").first!.decode("present", as: Bool.self)
        }
        #expect(!exists)
        try await database.drop()
    }

    @Test("an applied file that was edited is an error naming the file")
    func editedFileIsRefused() async throws {
        let database = try await TestDatabase.makeEmpty()
        let url = try directory(["0001_first.sql": "create table a (id int);"])
        _ = try await database.client.withConnection { try Migrator(directory: url).run(on: $0) }
        try "create table a (id bigint);".write(to: url.appendingPathComponent("0001_first.sql"), atomically: true, encoding: .utf8)
        let error = await #expect(throws: MigrationError.self) {
            try await database.client.withConnection { try Migrator(directory: url).run(on: $0) }
        }
        #expect(error == .editedAfterApply("0001_first.sql"))
        #expect(error.map { String(describing: $0).contains("0001_first.sql") } == true)
        try await database.drop()
    }

    @Test("badly named files are refused before anything runs")
    func badNames() throws {
        let url = try directory(["1_first.sql": "select 1;"])
        #expect(throws: MigrationError.badFileName("1_first.sql")) { try Migrator(directory: url) }
    }

    @Test("the project's own migrations apply to an empty database, twice")
    func projectMigrations() async throws {
        let database = try await TestDatabase.makeEmpty()
        let report = try await database.client.withConnection { connection in
            _ = try Migrator(directory: ProjectDirectory.sql).run(on: connection)
            return try Migrator(directory: ProjectDirectory.sql).run(on: connection)
        }
        #expect(report.applied.isEmpty)
        try await database.drop()
    }
}
