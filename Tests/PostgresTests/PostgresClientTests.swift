import Foundation
import TestSupport
import Testing

@testable import Postgres

@Suite("The connection pool")
struct PostgresClientTests {
    @Test("200 concurrent leases over 8 connections all succeed and never exceed 8 backends")
    func concurrentLeases() async throws {
        let database = try await TestDatabase.makeEmpty(maxConnections: 8)
        let pids = try await withThrowingTaskGroup(of: Int32.self) { group in
            for index in 0..<200 {
                group.addTask {
                    try await database.client.withTransaction { connection in
                        try connection.query("select pg_sleep(0.005), \(index)::int")
                        return connection.backendPID
                    }
                }
            }
            var pids: Set<Int32> = []
            for try await pid in group { pids.insert(pid) }
            return pids
        }
        #expect(pids.count <= 8)
        #expect(pids.count > 1)
        try await database.drop()
    }

    @Test("a caller waiting for a connection stops waiting when its task is cancelled; the pool serves on")
    func waitingHonoursCancellation() async throws {
        let database = try await TestDatabase.makeEmpty(maxConnections: 1)
        // The pool's only connection is held until the gate (a connection of the test's own) lets go of a lock.
        let gate = try Connection(configuration: database.client.configuration)
        try gate.query("select pg_advisory_lock(\(Int64(4242)))")
        let holding = Task { try await database.client.withConnection { try $0.query("select pg_advisory_lock(\(Int64(4242)))") } }
        while try gate.queryOne("select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted")
            .decode("n", as: Int.self) == 0
        {
            try await Task.sleep(for: .milliseconds(10))
        }
        let waiting = Task { try await database.client.withConnection { $0.backendPID } }
        waiting.cancel()
        let outcome = await waiting.result
        #expect(throws: CancellationError.self) { try outcome.get() }
        try gate.query("select pg_advisory_unlock(\(Int64(4242)))")
        _ = try await holding.value
        let pid = try await database.client.withConnection { $0.backendPID }
        #expect(pid > 0, "the slot the cancelled waiter never took is free")
        try await database.drop()
    }

    @Test("a connection killed with pg_terminate_backend is replaced and the next lease succeeds")
    func terminatedConnectionIsReplaced() async throws {
        let database = try await TestDatabase.makeEmpty(maxConnections: 1)
        let first = try await database.client.withConnection { $0.backendPID }
        try database.withAdminConnection { admin in
            try admin.query("select pg_terminate_backend(\(first))")
            for _ in 0..<200 {
                let alive = try admin.query("select count(*) as n from pg_stat_activity where pid = \(first)").first!
                if try alive.decode("n", as: Int.self) == 0 { break }
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
        let second = try await database.client.withTransaction { connection in
            try connection.query("select 1")
            return connection.backendPID
        }
        #expect(second != first)
        try await database.drop()
    }

    @Test("a connection whose server died mid-lease is not given back")
    func brokenConnectionIsDropped() async throws {
        let database = try await TestDatabase.makeEmpty(maxConnections: 1)
        await #expect(throws: PostgresError.self) {
            try await database.client.withConnection { connection in
                try connection.query("select pg_terminate_backend(pg_backend_pid())")
            }
        }
        let ok = try await database.client.withConnection { try $0.query("select 1 as one").first!.decode("one", as: Int.self) }
        #expect(ok == 1)
        try await database.drop()
    }

    @Test("while the server cannot be reached, the pool fails fast and tries at most once per backoff step")
    func reconnectBackoff() async throws {
        // Nothing listens on port 1: every attempt is refused at once.
        let client = PostgresClient(
            configuration: PostgresConfiguration(connectionString: "host=127.0.0.1 port=1 connect_timeout=2"),
            maxConnections: 1
        )
        var refused = 0
        let start = ContinuousClock.now
        for _ in 0..<20 {
            do {
                try await client.withConnection { _ in }
            } catch let error as PostgresError where error.kind == .connectionFailed {
                refused += 1
            }
        }
        #expect(refused == 20)
        // However slow the machine, no more attempts than the backoff steps that fit in the time the leases took.
        let allowed = Self.backoffSteps(within: ContinuousClock.now - start)
        #expect(client.backoff.attempts <= allowed, "\(client.backoff.attempts) attempts to connect for 20 leases, \(allowed) allowed")
        try await client.shutdown()
    }

    /// The attempts a backoff allows within `elapsed`: the first at once, then one after each delay (250 ms doubling, at
    /// most ``ReconnectBackoff/maxDelay``).
    static func backoffSteps(within elapsed: Duration) -> Int {
        var (steps, waited, delay) = (1, Duration.zero, ReconnectBackoff.firstDelay)
        while waited + delay <= elapsed {
            waited += delay
            steps += 1
            delay = min(delay * 2, ReconnectBackoff.maxDelay)
        }
        return steps
    }

    @Test("the backoff doubles after each failure and ends with the first connection that succeeds")
    func backoffEndsOnSuccess() {
        let backoff = ReconnectBackoff()
        #expect(backoff.permission() == nil)
        backoff.failed()
        #expect(backoff.permission() != nil, "the next attempt waits")
        backoff.failed()
        #expect((backoff.permission() ?? .zero) > ReconnectBackoff.firstDelay, "longer after the second failure")
        backoff.succeeded()
        #expect(backoff.permission() == nil && backoff.permission() == nil, "a healthy server is reached without waiting")
    }
}
