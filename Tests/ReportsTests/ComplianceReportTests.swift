import Foundation
import Postgres
import RegistryCore
@testable import Reports
import TestSupport
import Testing

/// The compliance report on the hand-made data set of ``AssessmentReportTests`` (RP.3): counts per article and per
/// institution, the institutions with the most findings, the worst cases per article, and the full list in its CSV
/// appendix with each article, institution, due day and working days overdue.
@Suite("Compliance report (RP.3)")
struct ComplianceReportTests {
    static var wording: ReportWording {
        get throws { try ReportWording(kind: "compliance", in: try ProjectLayout.locate().reports) }
    }
    static let november = CivilDate(iso: "2026-11-15")!

    @Test("丙 has no security officer (A36.1) and a violation 28 working days past its deadline (A49.1); nothing else")
    func findings() async throws {
        let (test, database) = try await AssessmentReportTests.dataSet()
        let document = try await database.read {
            try ComplianceReport(wording: try Self.wording).document(asOf: Self.november, division: "150100", on: $0)
        }
        let tables = Self.tables(document)
        #expect(tables.map(\.caption) == ["表1 各条款事项数", "表2 事项最多的机构", "表3 各条款逾期最久的事项"])
        #expect(tables[0].rows.map { $0.map(\.plain) } == [["A36.1", "1"], ["A49.1", "1"]])
        #expect(tables[1].rows.map { $0.map(\.plain) } == [["丙机构", "2"]])
        #expect(tables[2].rows.map { $0.map(\.plain) } == [
            ["A36.1", "丙机构", "未明确安全管理责任人", "—", "—"],
            ["A49.1", "丙机构", "违规未按期整改:A49(4)", "2026-09-30", "28"],
        ])
        let markdown = MarkdownRenderer().render(document)
        #expect(markdown.contains("- **逾期及违规事项**:2 项") && markdown.contains("- **最长逾期**:28 个工作日"))
        #expect(markdown.contains("涉及机构共 1 家,均列于下表") && markdown.contains("compliance-2026-11-15-150100.csv"))
        // Before the deadline the violation is no breach.
        let september = try await database.read {
            try ComplianceReport(wording: try Self.wording).document(asOf: CivilDate(iso: "2026-09-15")!, division: "150102", on: $0)
        }
        #expect(!MarkdownRenderer().render(september).contains("A49"))
        try await test.drop()
    }

    @Test("past the top N the institutions table says how many there are in all; worst cases keep N per article by overdue")
    func cuts() async throws {
        let (test, database) = try await AssessmentReportTests.dataSet()
        try await Self.addInstitutionWithoutOfficer(Self.formulaName, to: database)
        let report = try ComplianceReport(wording: try Self.wording, leadingInstitutions: 1, worstPerArticle: 1)
        let document = try await database.read { try report.document(asOf: Self.november, division: "150100", on: $0) }
        let tables = Self.tables(document)
        #expect(tables[0].rows.map { $0.map(\.plain) } == [["A36.1", "2"], ["A49.1", "1"]])
        #expect(tables[1].rows.map { $0.map(\.plain) } == [["丙机构", "2"]], "丙 has the most findings; the other is cut")
        #expect(tables[2].rows.map { $0.map(\.plain) } == [
            ["A36.1", Self.formulaName, "未明确安全管理责任人", "—", "—"],
            ["A49.1", "丙机构", "违规未按期整改:A49(4)", "2026-09-30", "28"],
        ], "without deadlines, ties go by institution: the quoted name sorts before 丙")
        let markdown = MarkdownRenderer().render(document)
        #expect(markdown.contains("- **涉及机构**:2 家") && markdown.contains("涉及机构共 2 家,下表列出事项最多的 1 家"))
        try await test.drop()
    }

    @Test("the CSV lists every finding under a Chinese header; a cell that starts a formula is defused and quoted")
    func csv() async throws {
        let (test, database) = try await AssessmentReportTests.dataSet()
        try await Self.addInstitutionWithoutOfficer(Self.formulaName, to: database)
        let bytes = try await database.read { connection in
            try connection.transaction { connection in
                var data = Data()
                try ComplianceFindingsCSV.write(asOf: Self.november, division: "150100", on: connection) { data += $0 }
                return data
            }
        }
        #expect(String(decoding: bytes, as: UTF8.self) == """
            \u{FEFF}条款,责任机构,事项,期限,逾期工作日\r
            A36.1,"'=HYPERLINK(""http://x"",""点击"")",未明确安全管理责任人,,\r
            A36.1,丙机构,未明确安全管理责任人,,\r
            A49.1,丙机构,违规未按期整改:A49(4),2026-09-30,28\r

            """)
        #expect(ComplianceFindingsCSV.fileName(asOf: Self.november, division: "150100") == "compliance-2026-11-15-150100.csv")
        try await test.drop()
    }

    @Test("cells starting with = + - @ get an apostrophe; commas, quotes and line breaks are quoted", arguments: [
        ("=1+2", "'=1+2"), ("+86", "'+86"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
        ("甲,乙", "\"甲,乙\""), ("说\"明\"", "\"说\"\"明\"\"\""), ("一\n二", "\"一\n二\""), ("普通文本", "普通文本"),
    ])
    func cell(text: String, expected: String) {
        #expect(CSVTable.record([text, nil]) == expected + ",\r\n")
    }

    static let formulaName = "=HYPERLINK(\"http://x\",\"点击\")"

    /// An institution of 150100 registered in January without a security officer: one more A36.1 finding.
    static func addInstitutionWithoutOfficer(_ name: String, to database: RegistryDatabase) async throws {
        let uscc = AssessmentReportTests.uscc("11150100MB0000505")
        try await database.write(AuditContext(role: "test", action: "fixture")) { connection in
            try InstitutionStore().create(NewInstitution(uscc: uscc, name: name, divisionCode: "150100", kind: .publicInstitution), on: connection)
            try connection.query("set local session_replication_role = replica")
            try connection.query("update institution set created_at = '2026-01-05 10:00+08' where uscc = \(uscc)")
        }
    }

    static func tables(_ document: ReportDocument) -> [ReportTable] {
        document.blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }
    }
}
