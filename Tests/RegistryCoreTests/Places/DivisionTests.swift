import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// A3.1: the three administrative levels with their GB/T 2260 codes, and the rules that keep the tree right.
@Suite("Divisions (A3.1)")
struct DivisionTests {
    private static let region = Division(code: "150000", name: "内蒙古自治区", level: .region, parentCode: nil)
    private static let hohhot = Division(code: "150100", name: "呼和浩特市", level: .leagueCity, parentCode: "150000")

    @Test("1 region, 12 leagues/cities and 103 banners/counties, each under the right parent")
    func treeAfterSeeding() async throws {
        let database = try await PlacesFixture.seededDatabase()
        let divisions = try await database.client.withConnection { try DivisionStore().list(on: $0) }
        let byCode = Dictionary(uniqueKeysWithValues: divisions.map { ($0.code, $0) })

        let regions = divisions.filter { $0.level == .region }
        let leagues = divisions.filter { $0.level == .leagueCity }
        let banners = divisions.filter { $0.level == .bannerCounty }
        #expect(regions == [Self.region])
        #expect(leagues.count == 12)
        #expect(banners.count == 103)
        #expect(leagues.allSatisfy { $0.parentCode == "150000" })
        #expect(banners.allSatisfy { byCode[$0.parentCode ?? ""]?.level == .leagueCity })
        #expect(banners.allSatisfy { $0.code.prefix(4) == ($0.parentCode ?? "").prefix(4) })

        #expect(byCode["150102"] == Division(code: "150102", name: "新城区", level: .bannerCounty, parentCode: "150100"))
        #expect(byCode["152923"]?.parentCode == "152900")
        #expect(byCode["152900"]?.name == "阿拉善盟")
        #expect(byCode["150603"]?.name == "康巴什区")
        try await database.drop()
    }

    @Test("store: get, children, a level, and what a division's report covers")
    func storeQueries() async throws {
        let database = try await PlacesFixture.seededDatabase()
        try await database.client.withConnection { connection in
            let store = DivisionStore()
            #expect(try store.get(code: "150100", on: connection) == Self.hohhot)
            #expect(try store.get(code: "159999", on: connection) == nil)
            #expect(try store.children(of: "152900", on: connection).map(\.name) == ["阿拉善左旗", "阿拉善右旗", "额济纳旗"])
            #expect(try store.children(of: "150000", on: connection).count == 12)
            #expect(try store.children(of: "150102", on: connection).isEmpty)
            #expect(try store.list(level: .leagueCity, on: connection).count == 12)

            #expect(try store.codesCovered(by: "150000", on: connection).count == 116)
            let hohhot = try store.codesCovered(by: "150100", on: connection)
            #expect(hohhot.count == 10)
            #expect(hohhot.first == "150100")
            #expect(try store.codesCovered(by: "150102", on: connection) == ["150102"])
            #expect(try store.codesCovered(by: "159999", on: connection).isEmpty)
        }
        try await database.drop()
    }

    @Test("division_tree gives the league/city and the path from the region")
    func treeView() async throws {
        let database = try await PlacesFixture.seededDatabase()
        let rows = try await database.client.withConnection { connection in
            try connection.query(
                "select code, level_label, league_code, path from division_tree where code in ('150000', '150100', '152923') order by code"
            ).map {
                [
                    try $0.decode("code", as: String.self), try $0.decode("level_label", as: String.self),
                    try $0.decodeIfPresent("league_code", as: String.self) ?? "-", try $0.decode("path", as: String.self),
                ]
            }
        }
        #expect(
            rows == [
                ["150000", "自治区", "-", "内蒙古自治区"],
                ["150100", "盟市", "150100", "内蒙古自治区 / 呼和浩特市"],
                ["152923", "旗县(市、区)", "152900", "内蒙古自治区 / 阿拉善盟 / 额济纳旗"],
            ]
        )
        try await database.drop()
    }

    @Test("labels are the regulation's terms")
    func labels() {
        #expect(DivisionLevel.allCases.map(\.label) == ["自治区", "盟市", "旗县(市、区)"])
        #expect(DivisionLevel(gbCode: "150000") == .region)
        #expect(DivisionLevel(gbCode: "152900") == .leagueCity)
        #expect(DivisionLevel(gbCode: "152923") == .bannerCounty)
        #expect(DivisionLevel(gbCode: "15292") == nil)
        #expect(DivisionLevel(gbCode: "１５００００") == nil)
    }

    /// Each case: a division the rules refuse, its stored parent, and the constraint both Swift and the database name.
    private static let refused: [(Division, Division?, String)] = [
        // A banner whose parent is the region.
        (Division(code: "150199", name: "某旗", level: .bannerCounty, parentCode: "150000"), region, "division_parent_level_a3_1"),
        // A league/city under a league/city.
        (Division(code: "151000", name: "某市", level: .leagueCity, parentCode: "150100"), hohhot, "division_parent_level_a3_1"),
        // Bad codes.
        (Division(code: "15019X", name: "某旗", level: .bannerCounty, parentCode: "150100"), hohhot, "division_code_six_digits_a3_1"),
        (Division(code: "1501999", name: "某旗", level: .bannerCounty, parentCode: "150100"), hohhot, "division_code_six_digits_a3_1"),
        (Division(code: "150200", name: "某旗", level: .bannerCounty, parentCode: "150100"), hohhot, "division_code_matches_level_a3_1"),
        // A banner code outside its league's code.
        (Division(code: "150299", name: "某旗", level: .bannerCounty, parentCode: "150100"), hohhot, "division_code_under_parent_a3_1"),
        // The region has no parent; everything else has one.
        (Division(code: "150000", name: "内蒙古", level: .region, parentCode: "150000"), region, "division_region_has_no_parent_a3_1"),
        (Division(code: "150199", name: "某旗", level: .bannerCounty, parentCode: nil), nil, "division_region_has_no_parent_a3_1"),
    ]

    @Test("Swift refuses each division with the rule the database names", arguments: refused.indices)
    func swiftRefuses(index: Int) throws {
        let (division, parent, constraint) = Self.refused[index]
        let violation = #expect(throws: PlaceRuleViolation.self) { try division.validate(parent: parent) }
        #expect(violation?.constraint == constraint)
        #expect(violation?.requirement == "A3.1")
    }

    @Test("the database refuses the same divisions with the same rule")
    func databaseRefuses() async throws {
        let database = try await PlacesFixture.seededDatabase()
        for (division, _, constraint) in Self.refused {
            let error = await #expect(throws: PostgresError.self) {
                try await PlacesFixture.rolledBack(database) { connection in
                    try connection.query(
                        """
                        insert into division (code, name, level, parent_code)
                        values (\(division.code), \(division.name), \(division.level)::division_level, \(division.parentCode))
                        """
                    )
                }
            }
            if division.code.count == 6 {
                #expect(error?.sqlState == "23514", "\(division.code)")
                #expect(error?.constraint == constraint, "\(division.code)")
            } else {
                // char(6) refuses a longer code before any constraint is checked.
                #expect(error?.sqlState == "22001", "\(division.code)")
            }
        }
        try await database.drop()
    }

    @Test("the accepted case passes both")
    func acceptedDivision() async throws {
        let division = Division(code: "150199", name: "某旗", level: .bannerCounty, parentCode: "150100")
        try division.validate(parent: Self.hohhot)
        let database = try await PlacesFixture.seededDatabase()
        let outcome = try await PlacesFixture.rolledBack(database) { try DivisionStore().upsert(division, on: $0) }
        #expect(outcome == .inserted)
        try await database.drop()
    }

    @Test("the database refuses what Swift cannot see: a second region, a duplicate name, a parent's level change")
    func databaseOnlyRules() async throws {
        let database = try await PlacesFixture.seededDatabase()
        let cases: [(SQL, String, String)] = [
            ("insert into division (code, name, level) values ('160000', '某区', 'region')", "23505", "division_single_region_a3_1"),
            (
                "insert into division (code, name, level, parent_code) values ('150199', '新城区', 'banner_county', '150100')",
                "23505", "division_name_unique_under_parent_a3_1"
            ),
            (
                "insert into division (code, name, level, parent_code) values ('150199', '某旗', 'banner_county', '159900')",
                "23503", "division_parent_level_a3_1"
            ),
            (
                "update division set level = 'banner_county', parent_code = '150200', code = '150299' where code = '150100'",
                "23503", "division_parent_level_a3_1"
            ),
        ]
        for (statement, sqlState, constraint) in cases {
            let error = await #expect(throws: PostgresError.self) {
                try await PlacesFixture.rolledBack(database) { try $0.query(statement) }
            }
            #expect(error?.sqlState == sqlState, "\(statement)")
            #expect(error?.constraint == constraint, "\(statement)")
        }
        try await database.drop()
    }
}
