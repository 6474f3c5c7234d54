import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import RegistryCore
import RegistryServer
import TestSupport
import Testing

/// `Idempotency-Key` on the API's POSTs: a retried write gets its first response and creates nothing more.
/// The registry's pools connect as the service's role, so these tests also prove its grants on the key table.
@Suite("Idempotency-Key over HTTP")
struct IdempotencyAPITests {
    typealias World = InstitutionsAPITests.World

    static let uri = "/api/v1/institutions"
    static let otherUSCC = InstitutionsAPITests.uscc("11150102MB0000013")
    static let otherBody = InstitutionsAPITests.newInstitutionBody.replacingOccurrences(
        of: InstitutionsAPITests.newUSCC,
        with: otherUSCC
    )

    static func post(
        _ client: some TestClientProtocol,
        token: String,
        key: String?,
        body: String = InstitutionsAPITests.newInstitutionBody
    ) async throws -> TestResponse {
        var headers: HTTPFields = .bearer(token)
        if let key { headers[.init("Idempotency-Key")!] = key }
        return try await client.executeRequest(uri: uri, method: .post, headers: headers, body: ByteBuffer(json: body))
    }

    static func replayed(_ response: TestResponse) -> Bool {
        response.headers[.init("Idempotent-Replayed")!] == "true"
    }

    /// How many institutions have `uscc`, and how long the audit trail is.
    static func count(_ uscc: String, in world: World) async throws -> (Int, Int) {
        try await world.registry.registry.read { connection in
            let row = try connection.query(
                """
                select (select count(*) from institution where uscc = \(uscc))::int as institutions,
                       (select count(*) from audit_log)::int as audit_rows
                """
            ).first!
            return (try row.decode("institutions"), try row.decode("audit_rows"))
        }
    }

    @Test("a retry with the same key and body gets the first response, and creates one record (A44.1: one audit trail)")
    func retryReplaysFirstResponse() async throws {
        let world = try await World.make()
        try await world.registry.test { client in
            let first = try await Self.post(client, token: world.hohhotReviewer, key: "9b2f6c3e-retry")
            #expect(first.status == .created, "\(first.text)")
            #expect(!Self.replayed(first))
            let afterFirst = try await Self.count(InstitutionsAPITests.newUSCC, in: world)
            #expect(afterFirst.0 == 1)
            let retry = try await Self.post(client, token: world.hohhotReviewer, key: "9b2f6c3e-retry")
            #expect(retry.status == .created)
            #expect(Self.replayed(retry))
            #expect(retry.text == first.text)
            #expect(retry.headers[.contentType] == first.headers[.contentType])
            #expect(try await Self.count(InstitutionsAPITests.newUSCC, in: world) == afterFirst)
            // Without a key, the same request is a second attempt and the database refuses the duplicate.
            #expect(try await Self.post(client, token: world.hohhotReviewer, key: nil).status == .conflict)
        }
        try await world.registry.drop()
    }

    @Test("the same key with a different body is refused naming the header, and creates nothing")
    func differentBodyRefused() async throws {
        let world = try await World.make()
        try await world.registry.test { client in
            #expect(try await Self.post(client, token: world.hohhotReviewer, key: "key-1").status == .created)
            let before = try await Self.count(Self.otherUSCC, in: world)
            let other = try await Self.post(client, token: world.hohhotReviewer, key: "key-1", body: Self.otherBody)
            #expect(other.status == .unprocessableContent)
            #expect(try other.decode(ErrorBody.self).error.field == "Idempotency-Key")
            #expect(try await Self.count(Self.otherUSCC, in: world) == before)
            #expect(before.0 == 0)
            let malformed = try await Self.post(client, token: world.hohhotReviewer, key: "bad key", body: Self.otherBody)
            #expect(malformed.status == .badRequest)
            #expect(try malformed.decode(ErrorBody.self).error.field == "Idempotency-Key")
        }
        try await world.registry.drop()
    }

    @Test("a refused request stores no key: the corrected request may reuse it")
    func refusalStoresNothing() async throws {
        let world = try await World.make()
        try await world.registry.test { client in
            let refused = try await Self.post(client, token: world.baotouReviewer, key: "key-2")
            #expect(refused.status == .forbidden)
            #expect(try await Self.post(client, token: world.baotouReviewer, key: "key-2").status == .forbidden)
            #expect(try await Self.count(InstitutionsAPITests.newUSCC, in: world).0 == 0)
        }
        let keys = try await world.registry.database.client.withConnection { connection in
            try connection.query("select count(*)::int as keys from idempotency_key").first!.decode("keys", as: Int.self)
        }
        #expect(keys == 0)
        try await world.registry.drop()
    }

    @Test("concurrent duplicates with one key: one creates, the others get its response or 409, never a second record")
    func concurrentDuplicates() async throws {
        let world = try await World.make()
        let responses = try await world.registry.test { client in
            try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for _ in 0..<6 {
                    group.addTask { try await Self.post(client, token: world.hohhotReviewer, key: "concurrent-key") }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        let created = responses.filter { $0.status == .created }
        #expect(created.count + responses.filter { $0.status == .conflict }.count == responses.count, "\(responses.map(\.status))")
        #expect(created.filter { !Self.replayed($0) }.count == 1)
        #expect(Set(created.map(\.text)).count == 1)
        #expect(try await Self.count(InstitutionsAPITests.newUSCC, in: world).0 == 1)
        try await world.registry.drop()
    }

    @Test("keys belong to their principal: two accounts may use the same key, each for its own request")
    func keysPerPrincipal() async throws {
        let world = try await World.make()
        try await world.registry.test { client in
            let reviewer = try await Self.post(client, token: world.hohhotReviewer, key: "shared-key")
            let admin = try await Self.post(client, token: world.admin, key: "shared-key", body: Self.otherBody)
            #expect(reviewer.status == .created)
            #expect(admin.status == .created)
            #expect(!Self.replayed(admin))
            #expect(admin.text != reviewer.text)
        }
        #expect(try await Self.count(InstitutionsAPITests.newUSCC, in: world).0 == 1)
        #expect(try await Self.count(Self.otherUSCC, in: world).0 == 1)
        try await world.registry.drop()
    }

    /// Moves every stored key two days back, past its lifetime (as the superuser: the table's times are the registry's).
    static func age(_ world: World) async throws {
        try await world.registry.database.client.withConnection { connection in
            try connection.query(
                "update idempotency_key set created_at = created_at - interval '2 days', expires_at = expires_at - interval '2 days'"
            )
        }
    }

    @Test("an expired key is forgotten: removed on schedule, and a new request may take it over")
    func expiredKeys() async throws {
        let world = try await World.make()
        try await world.registry.test { client in
            let first = try await Self.post(client, token: world.hohhotReviewer, key: "old-key")
            #expect(first.status == .created)
        }
        try await Self.age(world)
        try await world.registry.test { client in
            let reused = try await Self.post(client, token: world.hohhotReviewer, key: "old-key", body: Self.otherBody)
            #expect(reused.status == .created)
            #expect(!Self.replayed(reused))
        }
        try await Self.age(world)
        #expect(try await IdempotencyKeys(database: world.registry.registry).removeExpired() == 1)
        try await world.registry.drop()
    }
}
