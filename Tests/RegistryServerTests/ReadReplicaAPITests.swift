import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import RegistryCore
import RegistryServer
import TestSupport
import Testing

/// `registry serve --read-database-url`: lists and reports read from the read pool, writes and the reads that must see
/// them go to the primary. Every other API suite reads through a read-only pool on its own database; these tests tell
/// the two pools apart.
@Suite("Lists and reports on a read replica")
struct ReadReplicaAPITests {
    static let replicaName = "内蒙古自治区(只读副本)"
    static let newUSCC = InstitutionsAPITests.newUSCC

    @Test("lists and reports read from the read pool; a write and the detail read after it go to the primary")
    func routing() async throws {
        // A second copy of the template stands in for the replica: the region is named differently there.
        let replica = try await TestDatabase.make(maxConnections: 1)
        try await RegistryDatabase(client: replica.client).write(AuditContext(role: "test", action: "division.rename")) {
            try $0.query("update division set name = \(Self.replicaName) where code = '150000'")
        }
        let registry = try await TestRegistry.make(reads: { _ in replica.configuration })
        try await registry.test { client in
            let admin = registry.adminToken
            let divisions = try await Self.get(client, "/api/v1/divisions", admin)
            #expect(divisions.contains(Self.replicaName), "the list came from the read pool")
            let region = try await Self.get(client, "/api/v1/divisions/150000", admin)
            #expect(region.contains("\"内蒙古自治区\"") && !region.contains(Self.replicaName), "the detail came from the primary")
            let report = try await Self.get(client, "/api/v1/reports/compliance?as_of=2026-06-30&division=150000&format=md", admin)
            #expect(report.contains(Self.replicaName), "the report came from the read pool")

            let (status, _, _) = try await InstitutionsAPITests.call(
                client,
                .post,
                "/api/v1/institutions",
                token: admin,
                body: InstitutionsAPITests.newInstitutionBody
            )
            #expect(status == .created, "the write went to the primary: the read pool refuses writes")
            #expect(try await Self.get(client, "/api/v1/institutions/\(Self.newUSCC)", admin).contains("新城区教育局"))
            #expect(!(try await Self.get(client, "/api/v1/institutions", admin).contains(Self.newUSCC)))
        }
        try await registry.drop()
        try await replica.drop()
    }

    /// Set by `REGISTRY_TEST_REPLICA_URL=$(scripts/replica.sh url) scripts/test.sh`: a streaming standby of the test server.
    static let standbyURL = ProcessInfo.processInfo.environment["REGISTRY_TEST_REPLICA_URL"]

    @Test("a list reads from a real streaming standby once it has replayed the write", .enabled(if: standbyURL != nil))
    func realStandby() async throws {
        let standby = PostgresConfiguration(connectionString: Self.standbyURL ?? "")
        let registry = try await TestRegistry.make(reads: { standby.withDatabase($0.name) })
        // The standby replays the creation of the test database and the admin account a moment later.
        let inRecovery = try await Self.eventually {
            try await registry.registry.readReplica.read {
                try $0.query("select pg_is_in_recovery() as standby").first!.decode("standby", as: Bool.self)
            }
        }
        #expect(inRecovery == true, "the read pool is a standby")
        try await registry.test { client in
            let admin = registry.adminToken
            let (status, _, _) = try await InstitutionsAPITests.call(
                client,
                .post,
                "/api/v1/institutions",
                token: admin,
                body: InstitutionsAPITests.newInstitutionBody
            )
            #expect(status == .created)
            let listed = try await Self.eventually {
                try await Self.get(client, "/api/v1/institutions", admin).contains(Self.newUSCC) ? true : nil
            }
            #expect(listed == true, "the standby caught up with the primary")
        }
        try await registry.drop()
    }

    /// The body of a GET that must succeed.
    static func get(_ client: some TestClientProtocol, _ uri: String, _ token: String) async throws -> String {
        let (status, text, _) = try await InstitutionsAPITests.call(client, .get, uri, token: token)
        #expect(status == .ok, "GET \(uri)")
        return text
    }

    /// The first value `attempt` gives within 30 seconds, retrying on `nil` and on errors; `nil` if none.
    static func eventually<Value>(_ attempt: () async throws -> Value?) async throws -> Value? {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let value = try? await attempt() { return value }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }
}
