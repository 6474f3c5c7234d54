import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// A8.1: public data platforms at region and league/city level; a banner/county platform only as a recorded
/// exception (A8 ¶2), operated by an institution responsible for it (A38.1).
@Suite("Public data platforms (A8.1, A38.1)")
struct PlatformTests {
    private static let exception = PlatformException(reason: "新城区政务数据体量大,经批准独立建设", approvingDocument: "呼政数发〔2025〕3号")
    private static let hohhotPlatform = NewPlatform(
        name: "呼和浩特市公共数据平台",
        divisionCode: "150100",
        operatorInstitution: PlacesWorld.hohhotAuthority
    )
    private static let xinchengPlatform = NewPlatform(
        name: "新城区公共数据平台",
        divisionCode: "150102",
        operatorInstitution: PlacesWorld.xinchengAuthority,
        exception: exception
    )

    private static func hohhot(
        _ name: String = "呼和浩特市公共数据平台",
        division: String = "150100",
        operator operating: String = PlacesWorld.hohhotAuthority,
        exception: PlatformException? = nil
    ) -> NewPlatform {
        NewPlatform(name: name, divisionCode: division, operatorInstitution: operating, exception: exception)
    }

    /// Each case: a platform the rules refuse, whether the Hohhot platform is registered first, and the rule refusing it.
    private static let refused: [(NewPlatform, Bool, String)] = [
        (hohhot(" "), false, "platform_name_not_blank_a8_1"),
        (
            NewPlatform(
                name: "新城区公共数据平台",
                divisionCode: "150102",
                operatorInstitution: PlacesWorld.xinchengAuthority,
                exception: PlatformException(reason: "体量大", approvingDocument: " ")
            ), false, "platform_exception_complete_a8_1"
        ),
        (hohhot(division: "150199"), false, "platform_division_exists_a8_1"),
        (hohhot(operator: PlacesWorld.unregistered), false, "platform_operator_exists_a38_1"),
        (hohhot(division: "150102", operator: PlacesWorld.xinchengAuthority), false, "platform_region_or_league_level_a8_1"),
        (hohhot(exception: exception), false, "platform_exception_only_for_banner_county_a8_1"),
        (hohhot(operator: PlacesWorld.regionBigDataCentre), false, "platform_operator_of_its_division_a8_1"),
        (hohhot(operator: PlacesWorld.hohhotServiceOrg), false, "platform_operator_of_its_division_a8_1"),
        (hohhot("呼和浩特市第二平台"), true, "platform_one_per_division_a8_1"),
    ]

    @Test("Swift and a plain SQL insert refuse the same platform with the same error, storing nothing", arguments: refused.indices)
    func sameRefusal(index: Int) async throws {
        let (platform, afterHohhot, constraint) = Self.refused[index]
        let world = try await PlacesWorld.make()
        if afterHohhot {
            try await world.write(as: world.admin, "platform.register") { try PlatformStore().register(Self.hohhotPlatform, by: world.admin, on: $0) }
        }
        let before = try await world.snapshot()
        let swift = await world.refusal(as: world.admin) { try PlatformStore().register(platform, by: world.admin, on: $0) }
        let sql = await world.refusal { connection in
            let exception = platform.exception
            try connection.query(
                """
                insert into platform (name, division_code, operator_uscc, exception_reason, exception_document)
                values (\(platform.name), \(platform.divisionCode), \(platform.operatorInstitution), \(exception?.reason),
                        \(exception?.approvingDocument))
                """
            )
        }
        #expect(swift != nil, "\(constraint)")
        #expect(swift == PlaceRulesProbe.rule(constraint), "\(constraint)")
        #expect(swift == sql, "\(constraint)")
        #expect(try await world.snapshot() == before, "\(constraint)")
        try await world.drop()
    }

    @Test("a banner/county platform is refused without an exception and accepted with one, dated today (A8 ¶2)")
    func bannerPlatform() async throws {
        let world = try await PlacesWorld.make()
        var without = Self.xinchengPlatform
        without.exception = nil
        let refused = await world.refusal(as: world.hohhotReviewer) { [without] in
            try PlatformStore().register(without, by: world.hohhotReviewer, on: $0)
        }
        #expect(refused?.article == "A8.1")
        #expect(refused?.field == "division_code")

        let platform = try await world.write(as: world.hohhotReviewer, "platform.register") {
            try PlatformStore().register(Self.xinchengPlatform, by: world.hohhotReviewer, on: $0)
        }
        let today = try await world.today()
        #expect(platform.exception?.recordedOn == today)
        #expect(platform.exception?.approvingDocument == "呼政数发〔2025〕3号")
        #expect(platform.registeredBy == world.hohhotReviewer.account.id)

        // The compliance report lists it (A8 ¶2), from the day it exists.
        let listed = try await world.database.read { connection in
            try connection.query("select name, exception_document from platform_exceptions(\(today)::date)").map {
                [try $0.decode("name", as: String.self), try $0.decode("exception_document", as: String.self)]
            }
        }
        #expect(listed == [["新城区公共数据平台", "呼政数发〔2025〕3号"]])
        let yesterday = CivilDate(daysSince1970: today.daysSince1970 - 1)
        let earlier = try await world.database.read {
            try $0.query("select count(*) as n from platform_exceptions(\(yesterday)::date)").first!.decode("n", as: Int.self)
        }
        #expect(earlier == 0)
        try await world.drop()
    }

    @Test("the admin and reviewers above register platforms; a banner's exception only from a level above it")
    func whoMayRegister() async throws {
        let world = try await PlacesWorld.make()
        for actor in [world.admin, world.hohhotReviewer, world.regionReviewer] {
            let platform = try await world.write(as: actor, "platform.register") { connection in
                defer { _ = try? connection.query("delete from platform where division_code = '150100'") }
                return try PlatformStore().register(Self.hohhotPlatform, by: actor, on: connection)
            }
            #expect(platform.divisionCode == "150100", "\(actor.role) \(actor.division ?? "-")")
        }
        let before = try await world.snapshot()
        for actor in [world.baotouReviewer, world.xinchengReviewer, world.hohhotPlanner, world.xinchengClerk, world.committee, world.dataUser] {
            let error = await world.refusal(as: actor) { try PlatformStore().register(Self.hohhotPlatform, by: actor, on: $0) }
            #expect(error?.code == .forbidden, "\(actor.role) \(actor.division ?? "-")")
        }
        // 新城区's own reviewer does not record the exception its platform rests on.
        let own = await world.refusal(as: world.xinchengReviewer) {
            try PlatformStore().register(Self.xinchengPlatform, by: world.xinchengReviewer, on: $0)
        }
        #expect(own?.code == .forbidden)
        #expect(try await world.snapshot() == before)
        try await world.drop()
    }

    @Test("platforms are listed to staff by division and below, and the exceptions alone")
    func list() async throws {
        let world = try await PlacesWorld.make()
        let region = NewPlatform(name: "内蒙古自治区公共数据平台", divisionCode: "150000", operatorInstitution: PlacesWorld.regionBigDataCentre)
        try await world.write(as: world.admin, "platform.register") { connection in
            for platform in [region, Self.hohhotPlatform, Self.xinchengPlatform] {
                try PlatformStore().register(platform, by: world.admin, on: connection)
            }
        }
        func names(_ filter: PlatformFilter, as actor: Principal) async throws -> [String] {
            try await world.database.read { try PlatformStore().list(filter, readBy: actor, on: $0).map(\.name) }
        }
        #expect(try await names(PlatformFilter(), as: world.baotouClerk) == ["内蒙古自治区公共数据平台", "呼和浩特市公共数据平台", "新城区公共数据平台"])
        #expect(try await names(PlatformFilter(division: "150100"), as: world.committee) == ["呼和浩特市公共数据平台", "新城区公共数据平台"])
        #expect(try await names(PlatformFilter(exceptionsOnly: true), as: world.regionReviewer) == ["新城区公共数据平台"])
        let error = await #expect(throws: RegistryError.self) { try await names(PlatformFilter(), as: world.dataUser) }
        #expect(error?.code == .forbidden)
        try await world.drop()
    }

    @Test("platforms are audited and cannot be truncated; who registered one cannot be changed (A44.1, A38.1)")
    func audited() async throws {
        let world = try await PlacesWorld.make()
        let platform = try await world.write(as: world.hohhotReviewer, "platform.register") {
            try PlatformStore().register(Self.hohhotPlatform, by: world.hohhotReviewer, on: $0)
        }
        let audit = try await world.database.read { connection in
            try connection.query(
                "select action, actor_institution from audit_log where entity = 'platform' and record_id = \(platform.id.uuidString.lowercased())"
            ).map { [try $0.decode("action", as: String.self), try $0.decode("actor_institution", as: String.self)] }
        }
        #expect(audit == [["platform.register", PlacesWorld.hohhotAuthority]])

        let before = try await world.snapshot()
        let truncate = await world.refusal { try $0.query("truncate platform") }
        #expect(truncate?.article == "A44.1")
        let kept = await world.refusal { try $0.query("update platform set registered_by = null") }
        #expect(kept == PlaceRulesProbe.rule("platform_registration_kept_a38_1"))
        #expect(try await world.snapshot() == before)
        try await world.drop()
    }
}
