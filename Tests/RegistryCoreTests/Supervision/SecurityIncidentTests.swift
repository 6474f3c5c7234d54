import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// Security incidents and their emergency response (A37.1): recorded by the institution or the authority over it,
/// each step once and in order, and a compliance finding until the incident is recovered.
@Suite("Security incidents and emergency response (A37.1)")
struct SecurityIncidentTests {
    @Test("A37.1: detected, contained with the response, reported and recovered — in order, each step once, never in the future")
    func steps() async throws {
        let world = try await OpeningWorld.make()
        let incidents = SecurityIncidentWorkflow(database: world.database)
        let now = try await Self.registryNow(world.database)
        let detected = now.addingTimeInterval(-3 * 86_400)
        let input = NewSecurityIncident(title: "共享接口遭撞库攻击", level: .major, description: "共享接口出现大量异常登录尝试", detectedAt: detected)
        let recorded = try await incidents.record(input, by: world.clerk)
        #expect(recorded.institution == CatalogWorld.xinchengHealth && recorded.containedAt == nil)
        var elsewhere = input
        elsewhere.institution = CatalogWorld.xinchengHealth
        let notTheirs = elsewhere
        try await world.expectRefused { _ = try await incidents.record(notTheirs, by: world.catalog.huiminReviewer) }
        var future = input
        future.detectedAt = now.addingTimeInterval(86_400)
        let tomorrow = future
        try await world.expectRefused("security_incident_not_in_future_a37_1") { _ = try await incidents.record(tomorrow, by: world.clerk) }

        let early = SecurityIncidentResponse(response: "封禁来源地址", containedAt: detected.addingTimeInterval(-60))
        try await world.expectRefused("security_incident_contained_after_detection_a37_1") {
            _ = try await incidents.respond(to: recorded.id, with: early, by: world.clerk)
        }
        let silent = SecurityIncidentResponse(containedAt: detected.addingTimeInterval(3_600))
        try await world.expectRefused("security_incident_response_a37_1") {
            _ = try await incidents.respond(to: recorded.id, with: silent, by: world.clerk)
        }
        let skipped = SecurityIncidentResponse(recoveredAt: detected.addingTimeInterval(7_200))
        try await world.expectRefused("security_incident_recovered_after_containment_a37_1") {
            _ = try await incidents.respond(to: recorded.id, with: skipped, by: world.clerk)
        }
        let contained = try await incidents.respond(
            to: recorded.id,
            with: SecurityIncidentResponse(response: "封禁来源地址,重置受影响账户口令", containedAt: detected.addingTimeInterval(3_600)),
            by: world.catalog.xinchengReviewer
        )
        #expect(contained.response == "封禁来源地址,重置受影响账户口令")
        let moved = SecurityIncidentResponse(response: "改写的措施")
        try await world.expectRefused("security_incident_steps_kept_a37_1") {
            _ = try await incidents.respond(to: recorded.id, with: moved, by: world.clerk)
        }
        let unnamed = SecurityIncidentResponse(reportedAt: detected.addingTimeInterval(5_400))
        try await world.expectRefused("security_incident_report_recipient_a37_1") {
            _ = try await incidents.respond(to: recorded.id, with: unnamed, by: world.clerk)
        }
        let done = try await incidents.respond(
            to: recorded.id,
            with: SecurityIncidentResponse(
                recoveredAt: detected.addingTimeInterval(86_400),
                reportedAt: detected.addingTimeInterval(5_400),
                reportRecipient: "新城区数据局"
            ),
            by: world.clerk
        )
        #expect(done.recoveredAt != nil && done.reportRecipient == "新城区数据局")
        #expect(try await incidents.incidents(of: CatalogWorld.xinchengHealth, by: world.catalog.hohhotReviewer).map(\.id) == [recorded.id])
        try await world.expectSQLRefused("security_incident_kept_a37_1", ["delete from security_incident"])
        try await world.drop()
    }

    @Test("A37.1 RP.3: an incident is a compliance finding of its institution from its detection until its recovery")
    func finding() async throws {
        let world = try await OpeningWorld.make()
        let incidents = SecurityIncidentWorkflow(database: world.database)
        let now = try await Self.registryNow(world.database)
        let detected = now.addingTimeInterval(-10 * 86_400)
        let incident = try await incidents.record(
            NewSecurityIncident(title: "数据库服务器宕机", level: .general, description: "主库磁盘故障", detectedAt: detected),
            by: world.clerk
        )
        let detectionDay = try await Self.civilDay(detected, world.database)
        #expect(try await Self.findings(asOf: detectionDay.adding(days: -1), world.database) == [])
        #expect(try await Self.findings(asOf: detectionDay, world.database) == ["安全事件未完成恢复处置:数据库服务器宕机(一般,发现于 \(detectionDay))"])
        _ = try await incidents.respond(
            to: incident.id,
            with: SecurityIncidentResponse(
                response: "切换至备库",
                containedAt: detected.addingTimeInterval(600),
                recoveredAt: detected.addingTimeInterval(2 * 86_400)
            ),
            by: world.clerk
        )
        #expect(try await Self.findings(asOf: detectionDay.adding(days: 1), world.database).count == 1)
        #expect(try await Self.findings(asOf: detectionDay.adding(days: 2), world.database) == [], "recovered")
        try await world.drop()
    }

    static func registryNow(_ database: RegistryDatabase) async throws -> Date {
        try await database.read { try $0.query("select registry_now() as now").first!.decode("now", as: Date.self) }
    }

    static func civilDay(_ instant: Date, _ database: RegistryDatabase) async throws -> CivilDate {
        try await database.read { try $0.query("select civil_date(\(instant)::timestamptz) as day").first!.decode("day", as: CivilDate.self) }
    }

    static func findings(asOf day: CivilDate, _ database: RegistryDatabase) async throws -> [String] {
        try await database.read { connection in
            try connection.query("select finding from compliance_findings(\(day)::date) where article = 'A37.1' order by finding")
                .rows.map { try $0.decode("finding", as: String.self) }
        }
    }
}
