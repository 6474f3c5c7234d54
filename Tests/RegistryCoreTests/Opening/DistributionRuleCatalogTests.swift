import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

@Suite("Every rule of sql/0080_distributions.sql reads the same from Swift and from the database (A28.1, A10.3, A16.1)")
struct DistributionRuleCatalogTests {
    @Test("A28.1 each named constraint on distributions and coverage, and each rule its triggers raise, has its Rule and article")
    func everyConstraintHasARule() async throws {
        let test = try await TestDatabase.make(maxConnections: 1)
        let declared = try await test.client.withConnection { connection in
            try connection.query(
                """
                select conname::text as name from pg_constraint
                 where conrelid in ('catalog_distribution'::regclass, 'catalog_item_coverage'::regclass) and conname ~ '_a[0-9]+_[0-9]+$'
                """
            ).map { try $0.decode("name", as: String.self) }
        }
        let migration = try String(contentsOf: ProjectDirectory.sql.appendingPathComponent("0080_distributions.sql"), encoding: .utf8)
        let raised = migration.matches(of: /rule_refuse\('([a-z0-9_]+)'/).map { String($0.1) }
        #expect(declared.count >= 13)
        #expect(Set(raised).count == 3)
        for name in Set(declared).union(raised) {
            let rule = RuleCatalog.rule(forConstraint: name)
            #expect(rule != nil, "no Rule for \(name)")
            #expect(rule?.article != nil && rule?.article == RequirementID.fromConstraint(name), "\(name)")
        }
        try await test.drop()
    }

    @Test("A28.1 is_public_http_url: http(s) only, never localhost or a literal loopback, private, link-local or numeric host")
    func publicURLs() async throws {
        let test = try await TestDatabase.make(maxConnections: 1)
        let cases: [(String, Bool)] = [
            ("https://data.nmg.gov.cn/opendata/x.csv", true), ("http://8.8.8.8/x", true), ("http://[2001:db8::1]:8080/", true),
            ("https://数据.内蒙古.中国/x", true), ("ftp://data.nmg.gov.cn/x", false), ("javascript:alert(1)", false),
            ("http://localhost/", false), ("http://LOCALHOST./", false), ("http://api.localhost/", false), ("http://127.0.0.1/", false),
            ("http://127.1/", false), ("http://2130706433/", false), ("http://0x7f000001/", false), ("http://10.1.2.3/", false),
            ("http://172.20.0.1/", false), ("http://192.168.0.1/", false), ("http://169.254.169.254/", false),
            ("http://100.64.0.1/", false), ("http://0.0.0.0/", false), ("http://[::1]/", false), ("http://[fe80::1]/", false),
            ("http://[fd00::1]/", false), ("http://[::ffff:127.0.0.1]/", false), ("http://user@192.168.1.1/", false),
            ("http://local%68ost/", false), ("http://a b/", false), ("http:///x", false),
        ]
        let results = try await test.client.withConnection { connection in
            try cases.map { try connection.query("select is_public_http_url(\($0.0)) as ok").first!.decode("ok", as: Bool.self) }
        }
        for (index, (url, expected)) in cases.enumerated() {
            #expect(results[index] == expected, "\(url)")
        }
        try await test.drop()
    }
}
