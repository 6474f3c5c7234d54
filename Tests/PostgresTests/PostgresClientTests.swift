import Foundation
import Postgres
import TestSupport
import Testing

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
}
