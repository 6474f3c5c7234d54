import Foundation
import Postgres
import RegistryCore
import Reports
import TestSupport
import Testing

/// The compliance report on the hand-made data set of ``AssessmentReportTests`` (RP.3): every breach with its article,
/// institution, due day and working days overdue; counts per article and per institution.
@Suite("Compliance report (RP.3)")
struct ComplianceReportTests {
    @Test("丙 has no security officer (A36.1) and a violation 28 working days past its deadline (A49.1); nothing else")
    func findings() async throws {
        let (test, database) = try await AssessmentReportTests.dataSet()
        let wording = try ReportWording(kind: "compliance", in: try ProjectLayout.locate().reports)
        let document = try await database.read {
            try ComplianceReport(wording: wording).document(asOf: CivilDate(iso: "2026-11-15")!, division: "150100", on: $0)
        }
        let tables = document.blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }
        #expect(tables.map(\.caption) == ["表1 各条款事项数", "表2 各机构事项数", "表3 逾期及违规事项明细"])
        #expect(tables[0].rows.map { $0.map(\.plain) } == [["A36.1", "1"], ["A49.1", "1"]])
        #expect(tables[1].rows.map { $0.map(\.plain) } == [["丙机构", "2"]])
        #expect(tables[2].rows.map { $0.map(\.plain) } == [
            ["A36.1", "丙机构", "未明确安全管理责任人", "—", "—"],
            ["A49.1", "丙机构", "违规未按期整改:A49(4)", "2026-09-30", "28"],
        ])
        // Before the deadline the violation is no breach.
        let september = try await database.read {
            try ComplianceReport(wording: wording).document(asOf: CivilDate(iso: "2026-09-15")!, division: "150102", on: $0)
        }
        #expect(!MarkdownRenderer().render(september).contains("A49"))
        try await test.drop()
    }
}
