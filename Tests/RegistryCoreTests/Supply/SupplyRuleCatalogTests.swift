import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

@Suite("Every rule of sql/0011–0013 reads the same from Swift and from the database (A12.1, A13.2, A16.1, A22.1, A29.1)")
struct SupplyRuleCatalogTests {
    static let tables = ["base_data_source", "data_refresh", "it_project", "attribute_evaluation", "attribute_conversion"]
    static let files = ["0011_base_data_sources.sql", "0012_it_projects.sql", "0013_attribute_evaluations.sql"]

    /// The constraint names triggers raise, read from the migrations: `constraint = '…'`, and the rules stated for
    /// both attributes with `attribute_rule(kind, '…')`.
    static func raisedConstraints() throws -> Set<String> {
        var names: Set<String> = []
        for file in files {
            let text = try String(contentsOf: ProjectDirectory.sql.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: /constraint = '([a-z0-9_]+)'/) { names.insert(String(match.1)) }
            for match in text.matches(of: /attribute_rule\([a-z]+\.kind, '([a-z_]+)'\)/) {
                names.insert(match.1 + "_a22_1")
                names.insert(match.1 + "_a29_1")
            }
        }
        return names
    }

    @Test("each named constraint and each raised rule has its Rule, with the article its name ends in")
    func everyConstraintHasARule() async throws {
        let test = try await TestDatabase.make(maxConnections: 1)
        let declared = try await test.client.withConnection { connection in
            try connection.query(
                """
                select conname::text as name from pg_constraint
                 where conrelid = any (\("{" + Self.tables.joined(separator: ",") + "}")::text[]::regclass[]) and contype <> 'p'
                union
                select i.indexrelid::regclass::text from pg_index i
                 where i.indrelid = any (\("{" + Self.tables.joined(separator: ",") + "}")::text[]::regclass[])
                   and i.indisunique and not i.indisprimary
                """
            ).map { try $0.decode("name", as: String.self) }
        }
        #expect(declared.count > 30)
        for name in Set(declared).union(try Self.raisedConstraints()) {
            let rule = RuleCatalog.rule(forConstraint: name)
            #expect(rule != nil, "no Rule for \(name)")
            #expect(rule?.article == RequirementID.fromConstraint(name), "\(name)")
            #expect(rule?.article != nil, "\(name) names no requirement")
        }
        try await test.drop()
    }
}
