import Foundation
import Postgres
import TestSupport
import Testing

@Suite("registry backup and restore: encrypted backups of the registry's database, and a restore drill (A35.1)")
struct BackupCLITests {
    /// A temporary directory with a fresh key file (mode 600) made by `registry backup --generate-key`.
    struct Workspace {
        let directory: URL
        let keyFile: URL
        let key: String

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("backup-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let generated = try RegistryCommand().run("backup", "--generate-key")
            #expect(generated.status == 0, "\(generated.error)")
            key = generated.output.trimmingCharacters(in: .whitespacesAndNewlines)
            keyFile = directory.appendingPathComponent("backup.key")
            let created = FileManager.default.createFile(
                atPath: keyFile.path,
                contents: Data((key + "\n").utf8),
                attributes: [.posixPermissions: 0o600]
            )
            #expect(created)
        }

        func file(_ name: String) -> URL { directory.appendingPathComponent(name) }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    /// A database with a published catalog, a clerk's account and their audit trail, backed up with the key from the
    /// environment.
    static func backedUpRegistry(_ workspace: Workspace) async throws -> (TestDatabase, URL) {
        let (database, registry) = try await CatalogCLITests.submittedCatalog(approved: true)
        let account = try registry.run("accounts", "create", "--role", "clerk", "--institution", ImportCLITests.institution)
        #expect(account.status == 0, "\(account.error)")
        let file = workspace.file("registry.backup")
        let backup = try RegistryCommand(databaseURL: database.connectionString, environment: ["REGISTRY_BACKUP_KEY": workspace.key])
            .run("backup", "--out", file.path)
        #expect(backup.status == 0, "\(backup.error)")
        #expect(backup.output.hasPrefix("wrote \(file.path)"))
        return (database, file)
    }

    /// Per table of schema public, its row count and the md5 of its rows as text in order; per sequence, its value.
    static func fingerprint(of database: TestDatabase) throws -> [String: String] {
        try database.withAdminConnection { connection in
            var prints: [String: String] = [:]
            let tables = try connection.query("select tablename::text as name from pg_tables where schemaname = 'public'")
                .map { try $0.decode("name", as: String.self) }
            for table in tables {
                prints[table] = try connection.query(
                    """
                    select count(*) || ' ' || md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as print
                      from public.\(unescaped: quoteIdentifier(table)) t
                    """
                ).first!.decode("print", as: String.self)
            }
            for row in try connection.query("select sequencename::text as name, coalesce(last_value, 0) as value from pg_sequences") {
                prints["sequence " + (try row.decode("name", as: String.self))] = String(try row.decode("value", as: Int64.self))
            }
            return prints
        }
    }

    static func tableCount(of database: TestDatabase) throws -> Int64 {
        try database.withAdminConnection { connection in
            try connection.query(
                "select count(*) as tables from pg_tables where schemaname not in ('pg_catalog', 'information_schema')"
            ).first!.decode("tables", as: Int64.self)
        }
    }

    @Test("A35.1 restore drill: every table's rows, every sequence and the audit chain come back from the encrypted backup")
    func restoreDrill() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let (source, file) = try await Self.backedUpRegistry(workspace)
        let encrypted = try Data(contentsOf: file)
        #expect(encrypted.prefix(8) == Data("RGBACKUP".utf8))
        #expect(encrypted.range(of: Data("PGDMP".utf8)) == nil, "no trace of pg_dump's own format")
        #expect(encrypted.range(of: Data(ImportCLITests.institution.utf8)) == nil)
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.directory.path).sorted() == ["backup.key", "registry.backup"])

        let target = try await TestDatabase.makeEmpty(maxConnections: 1)
        let restored = try RegistryCommand(databaseURL: target.connectionString).run("restore", file.path, "--key-file", workspace.keyFile.path)
        #expect(restored.status == 0, "\(restored.error)")
        #expect(restored.output.hasPrefix("restored \(file.path) (a dump of "))
        #expect(restored.output.hasSuffix(" bytes) into the database \(target.name)\n"))

        let expected = try Self.fingerprint(of: source)
        #expect(expected.count > 40 && expected["catalog_item"]?.hasPrefix("2 ") == true && expected["audit_log"]?.hasPrefix("0 ") == false)
        let actual = try Self.fingerprint(of: target)
        #expect(actual.keys.sorted() == expected.keys.sorted())
        for (table, print) in expected { #expect(actual[table] == print, "\(table)") }

        let before = try RegistryCommand(databaseURL: source.connectionString).run("audit", "verify")
        let after = try RegistryCommand(databaseURL: target.connectionString).run("audit", "verify")
        #expect(after.status == 0 && after.output.hasPrefix("OK"), "\(after.output)")
        #expect(after.output == before.output, "the same chain, up to the same head")
        try await source.drop()
        try await target.drop()
    }

    @Test("A35.1 a wrong key, a changed byte, a cut file or a failing pg_restore exit 1 with one line and restore nothing")
    func failedRestoresLeaveNothing() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let (source, file) = try await Self.backedUpRegistry(workspace)
        let target = try await TestDatabase.makeEmpty(maxConnections: 1)
        let registry = RegistryCommand(databaseURL: target.connectionString)
        let original = try Data(contentsOf: file)

        let wrongKey = try RegistryCommand(databaseURL: target.connectionString, environment: ["REGISTRY_BACKUP_KEY": Workspace().key])
            .run("restore", file.path)
        Self.expectOneLineFailure(wrongKey, mentioning: "another key")

        var flipped = original
        flipped[original.count / 2] ^= 0x01
        let tampered = workspace.file("tampered.backup")
        try flipped.write(to: tampered)
        let tamperedRestore = try registry.run("restore", tampered.path, "--key-file", workspace.keyFile.path)
        Self.expectOneLineFailure(tamperedRestore, mentioning: "damaged or was altered")

        let cut = workspace.file("cut.backup")
        try original.prefix(original.count - 1).write(to: cut)
        Self.expectOneLineFailure(try registry.run("restore", cut.path, "--key-file", workspace.keyFile.path), mentioning: "chunk")
        #expect(try Self.tableCount(of: target) == 0)

        // The file authenticates, but pg_restore meets a function the backup also creates: its transaction rolls back.
        try target.withAdminConnection { connection in
            try connection.query("create function audit_sealing() returns boolean language sql as 'select false'")
        }
        let conflicting = try registry.run("restore", file.path, "--key-file", workspace.keyFile.path)
        Self.expectOneLineFailure(conflicting, mentioning: "pg_restore failed")
        #expect(try Self.tableCount(of: target) == 0)
        try await source.drop()
        try await target.drop()
    }

    @Test("A35.1 a restore into a database that has tables is refused and changes nothing")
    func nonEmptyTargetRefused() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let (source, file) = try await Self.backedUpRegistry(workspace)
        let before = try Self.fingerprint(of: source)
        let refused = try RegistryCommand(databaseURL: source.connectionString).run("restore", file.path, "--key-file", workspace.keyFile.path)
        Self.expectOneLineFailure(refused, mentioning: "the database \(source.name) is not empty")
        #expect(refused.error.contains("nothing was restored"))
        #expect(try Self.fingerprint(of: source) == before)
        try await source.drop()
    }

    @Test("A35.1 keys: malformed, weak or missing keys and key files others may read are refused; --generate-key stands alone")
    func keyHandling() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let out = workspace.file("never.backup").path
        let malformed = try RegistryCommand(environment: ["REGISTRY_BACKUP_KEY": "c2hvcnQ="]).run("backup", "--out", out)
        Self.expectOneLineFailure(malformed, mentioning: "malformed: it holds 5 bytes, not 32")
        let weak = try RegistryCommand(environment: ["REGISTRY_BACKUP_KEY": Data(count: 32).base64EncodedString()]).run("backup", "--out", out)
        Self.expectOneLineFailure(weak, mentioning: "weak")
        Self.expectOneLineFailure(try RegistryCommand().run("restore", out), mentioning: "no backup key")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: workspace.keyFile.path)
        let exposed = try RegistryCommand().run("backup", "--out", out, "--key-file", workspace.keyFile.path)
        Self.expectOneLineFailure(exposed, mentioning: "chmod 600")
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try RegistryCommand().run("backup", "--generate-key", "--out", out).status == 64)
        #expect(try RegistryCommand().run("backup").status == 64)
    }

    @Test("A35.1 every function a constraint, domain, index or default calls has its own search_path or a standard body, as a restore has none")
    func restorableFunctions() async throws {
        let database = try await TestDatabase.make(maxConnections: 1)
        let unpinned = try database.withAdminConnection { connection in
            try connection.query(
                """
                select distinct p.oid::regprocedure::text as function
                  from pg_depend d join pg_proc p on p.oid = d.refobjid
                 where d.refclassid = 'pg_proc'::regclass
                   and d.classid in ('pg_constraint'::regclass, 'pg_class'::regclass, 'pg_attrdef'::regclass)
                   and p.pronamespace = 'public'::regnamespace
                   and p.prosqlbody is null
                   and not exists (select from unnest(p.proconfig) setting where setting like 'search\\_path=%')
                   and not exists (select from pg_depend e where e.classid = 'pg_proc'::regclass and e.objid = p.oid and e.deptype = 'e')
                """
            ).map { try $0.decode("function", as: String.self) }
        }
        #expect(unpinned == [], "set search_path on these functions (see sql/0029_restorable_functions.sql)")
        let pinnedStandardBodies = try database.withAdminConnection { connection in
            try connection.query(
                """
                select p.oid::regprocedure::text as function from pg_proc p
                 where p.pronamespace = 'public'::regnamespace and p.prosqlbody is not null
                   and exists (select from unnest(p.proconfig) setting where setting like 'search\\_path=%')
                """
            ).map { try $0.decode("function", as: String.self) }
        }
        #expect(pinnedStandardBodies == [], "a standard body needs no search_path, and one keeps it from being inlined (sql/0034)")
        try await database.drop()
    }

    static func expectOneLineFailure(_ outcome: RegistryCommand.Outcome, mentioning text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.status == 1, sourceLocation: sourceLocation)
        #expect(outcome.error.split(separator: "\n").count == 1, "\(outcome.error)", sourceLocation: sourceLocation)
        #expect(outcome.error.contains(text), "\(outcome.error)", sourceLocation: sourceLocation)
    }
}
