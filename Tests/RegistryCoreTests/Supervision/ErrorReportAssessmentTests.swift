import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// Error reports in the annual assessment and the compliance report (A45.1, A39.1, RP.3), on numbers computed by hand.
@Suite("Error reports in the assessment and the compliance report (A45.1)")
struct ErrorReportAssessmentTests {
    @Test("one report handled on time, one left open: the indicator is 50.00 and the open one is 18 working days overdue")
    func indicatorAndCompliance() async throws {
        let world = try await SupervisionCaseWorld.make()
        try await world.pinDay("2026-09-29")
        let onTime = try await world.errorReports.file(world.errorInput(), by: world.citizen)
        try await world.pinDay("2026-10-09")
        _ = try await world.errorReports.verify(onTime.id, note: nil, by: world.provider)
        _ = try await world.errorReports.close(onTime.id, .handled(feedback: "已更正执业范围"), by: world.provider)
        try await world.pinDay("2026-10-13")
        let open = try await world.errorReports.file(world.errorInput(description: "地址有误"), by: world.citizen)
        #expect(open.handlingDue == CivilDate(iso: "2026-10-20"))

        let (value, rows) = try await world.database.read { connection in
            let value = try connection.query(
                "select assessment_indicator_value('error_reports_on_time', \(ShareWorld.sourceUSCC), 2026, '2026-11-15') as v"
            ).first!.decode("v", as: Double.self)
            let rows = try connection.query(
                "select finding, due, working_days_overdue from compliance_findings('2026-11-15') where article = 'A45.1'"
            ).map {
                "\(try $0.decode("finding", as: String.self)) \(try $0.decode("due", as: CivilDate.self)) \(try $0.decode("working_days_overdue", as: Int.self))"
            }
            return (value, rows)
        }
        // Considered: both (one closed on 10-09 ≤ 10-12, one open past 10-20) → 1 of 2 = 50.00.
        #expect(value == 50)
        // 2026-10-21 … 11-13: 3 + 5 + 5 + 5 working days.
        #expect(rows == ["纠错 \(open.number) 逾期未处理 2026-10-20 18"])
        try await world.drop()
    }
}
