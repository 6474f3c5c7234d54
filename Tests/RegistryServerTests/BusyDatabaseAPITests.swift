import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Postgres
import RegistryCore
import RegistryServer
import Synchronization
import TestSupport
import Testing

/// One transaction that locks the audit trail against writes (a long maintenance, a killed client) cannot stall the API: a write
/// waits for the lock at most `lock_timeout`, then gets 503 with Retry-After and changes nothing. The holder
/// here never lets go before the answer: without the timeout the request would wait for ever.
@Suite("A busy database over HTTP")
struct BusyDatabaseAPITests {
    @Test("a write held up by a lock on the audit trail gives up within seconds: 503, Retry-After (A44.1)")
    func lockTimeoutGives503() async throws {
        let registry = try await TestRegistry.make(interactive: true)
        let holder = try Connection(configuration: registry.database.configuration)
        try holder.query("begin")
        try holder.query("lock table audit_log in share mode")
        let body = ByteBuffer(json: "{\"role\": \"committee\", \"display_name\": \"评估委员\"}")
        try await registry.test { client in
            try await client.execute(
                uri: "/api/v1/accounts",
                method: .post,
                headers: .bearer(registry.adminToken),
                body: body
            ) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "5")
                let error = try response.decode(ErrorBody.self).error
                #expect(error.code == "unavailable" && error.message.contains("请稍后重试"))
            }
        }
        try holder.query("rollback")
        let accounts = try await registry.database.client.withConnection { connection in
            try connection.query("select count(*) as n from account where display_name = '评估委员'").first!.decode("n") as Int64
        }
        #expect(accounts == 0, "the refused write stored nothing")
        try await registry.drop()
    }

    @Test("with the database unreachable, requests fail fast with 503, Retry-After and a Chinese reason; /healthz says why")
    func databaseDown() async throws {
        // Nothing listens on port 1: the pool is refused at once, then waits out its backoff without trying again.
        let pool = PostgresClient(
            configuration: PostgresConfiguration(connectionString: "host=127.0.0.1 port=1 connect_timeout=2"),
            maxConnections: 2
        )
        let database = RegistryDatabase(client: pool)
        let app = buildApplication(ServerConfiguration(host: "127.0.0.1", port: 0), database: database, logger: Logger(label: "test"))
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "5")
                #expect(response.text.contains("\"database\":\"unreachable\"") && response.text.contains("数据库暂不可用"))
            }
            try await client.execute(uri: "/api/v1/accounts/me", method: .get, headers: .bearer("rg_" + String(repeating: "1", count: 64))) {
                #expect($0.status == .serviceUnavailable && $0.headers[.retryAfter] == "5")
            }
        }
        try await pool.shutdown()
    }

    @Test("lists and reports read from a pool of their own: with its every connection busy, a write still answers 201")
    func readPoolOfItsOwn() async throws {
        let registry = try await TestRegistry.make(maxConnections: 1)
        // The read pool's one connection sleeps (a long report) until the superuser ends it.
        let holder = Task { _ = try? await registry.registry.readReplica.read(budget: .long) { try $0.query("select pg_sleep(3601)") } }
        func sleeping() throws -> Bool {
            try registry.database.withAdminConnection { connection in
                try connection.query("select count(*)::int as n from pg_stat_activity where query = 'select pg_sleep(3601)'")
                    .first!.decode("n", as: Int.self) == 1
            }
        }
        while try !sleeping() { try await Task.sleep(for: .milliseconds(50)) }
        let body = ByteBuffer(json: "{\"role\": \"committee\", \"display_name\": \"评估委员\"}")
        try await registry.test { client in
            try await client.execute(uri: "/api/v1/accounts", method: .post, headers: .bearer(registry.adminToken), body: body) { response in
                #expect(response.status == .created, "\(response.text)")
            }
        }
        _ = try registry.database.withAdminConnection { connection in
            try connection.query("select pg_cancel_backend(pid) from pg_stat_activity where query = 'select pg_sleep(3601)'")
        }
        await holder.value
        try await registry.drop()
    }

    @Test("/healthz has a pool of its own: with every connection of the write pool busy it still answers 200")
    func healthPoolOfItsOwn() async throws {
        let registry = try await TestRegistry.make(maxConnections: 1)
        let healthPool = PostgresClient(configuration: registry.database.asService.readingOnly(as: "registry-health"), maxConnections: 1)
        let health = RegistryDatabase(client: healthPool)
        let finished = Mutex(false)
        // The write pool's one connection sleeps until the superuser ends it.
        let holder = Task {
            _ = try? await registry.registry.read(budget: .long) { try $0.query("select pg_sleep(3600)") }
            finished.withLock { $0 = true }
        }
        func sleeping() throws -> Bool {
            try registry.database.withAdminConnection { connection in
                try connection.query("select count(*)::int as n from pg_stat_activity where query = 'select pg_sleep(3600)'")
                    .first!.decode("n", as: Int.self) == 1
            }
        }
        while try !sleeping() { try await Task.sleep(for: .milliseconds(50)) }
        let app = buildApplication(
            ServerConfiguration(host: "127.0.0.1", port: 0),
            database: registry.registry,
            health: health,
            logger: Logger(label: "test")
        )
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok, "\(response.text)")
            }
        }
        #expect(!finished.withLock { $0 }, "the write pool's connection was still busy when /healthz answered")
        _ = try registry.database.withAdminConnection { connection in
            try connection.query("select pg_cancel_backend(pid) from pg_stat_activity where query = 'select pg_sleep(3600)'")
        }
        await holder.value
        try await healthPool.shutdown()
        try await registry.drop()
    }
}
