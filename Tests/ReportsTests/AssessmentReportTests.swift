import Foundation
import Postgres
import RegistryCore
import Reports
import TestSupport
import Testing

/// The annual assessment report on a small hand-made data set (RP.1): the numbers in its tables, the committee's remark
/// inert and intact, the audit head stated, the same bytes twice.
@Suite("Annual assessment report (RP.1)")
struct AssessmentReportTests {
    static func uscc(_ first17: String) -> String { first17 + String(UnifiedSocialCreditCode.checkCharacter(for: first17)!) }
    static let authority = uscc("11150100MB0000501")
    static let (a, b, c) = (uscc("11150100MB0000502"), uscc("11150102MB0000503"), uscc("11150103MB0000504"))
    static let remark = "补交了检查报告 <script>alert(1)</script> [详情](javascript:alert(1)) <i>原文</i> 甲|乙\n=HYPERLINK(\"x\")"

    static var wording: ReportWording {
        get throws { try ReportWording(kind: "assessment", in: try ProjectLayout.locate().reports) }
    }

    /// 甲 has a security officer and a check (security 100), 乙 an officer only (50), 丙 nothing and an open violation
    /// (security 0, violations 75). Weights: security 50, violations 50.
    static func dataSet() async throws -> (TestDatabase, RegistryDatabase) {
        let test = try await TestDatabase.make()
        let database = RegistryDatabase(client: test.client)
        try await database.write(AuditContext(role: "test", action: "fixture")) { connection in
            for (uscc, name, division, kind) in [
                (authority, "呼和浩特市数据局", "150100", InstitutionKind.publicDataAuthority), (a, "甲机构", "150100", .publicInstitution),
                (b, "乙机构", "150102", .publicInstitution), (c, "丙机构", "150103", .publicInstitution),
            ] {
                try InstitutionStore().create(NewInstitution(uscc: uscc, name: name, divisionCode: division, kind: kind), on: connection)
            }
            try connection.query(
                """
                update institution set security_officer_name = '王五', security_officer_title = '主任', security_officer_named_on = '2026-02-01'
                 where uscc in (\(a), \(b))
                """
            )
            try connection.query(
                """
                insert into security_check (institution_uscc, kind, checked_on, findings, issues_found)
                values (\(a), 'periodic_check', '2026-06-30', '未发现问题', 0)
                """
            )
            try connection.query(
                """
                insert into violation (subject, institution_uscc, clause, description, found_on, rectification_due, authority_uscc)
                values ('institution', \(c), 'A49(4)', '未落实安全管理职责', '2026-09-01', '2026-09-30', \(authority))
                """
            )
            let store = AssessmentStore()
            let scheme = try store.createScheme(
                NewAssessmentScheme(year: 2026, weights: ["security_duties": 50, "violations_open": 50]),
                division: "150100",
                on: connection
            )
            _ = try store.publishScheme(scheme.id, on: connection)
            let assessment = try store.compute(scheme.id, asOf: CivilDate(iso: "2026-11-15")!, on: connection)
            _ = try store.adjust(assessment.id, institution: b, indicator: "security_duties", to: 100, remark: remark, on: connection)
        }
        try await database.write(AuditContext(role: "test", action: "fixture")) { connection in
            try connection.query("set local session_replication_role = replica")  // registered in January, as in reality
            try connection.query("update institution set created_at = '2026-01-05 10:00+08'")
        }
        return (test, database)
    }

    @Test("the ranking table carries each indicator and the totals computed by hand; findings list the open violation")
    func numbers() async throws {
        let (test, database) = try await Self.dataSet()
        let document = try await database.read { try AssessmentReport(wording: try Self.wording).document(year: 2026, division: "150100", on: $0) }
        #expect(document.title == "《2026年度公共数据管理评估报告》")
        guard case .table(let ranking) = document.blocks.first(where: { if case .table = $0 { true } else { false } }) else {
            Issue.record("no table")
            return
        }
        // 甲 50×100 + 50×100 = 100; 乙 adjusted 100 → 100; 丙 50×0 + 50×75 → 37.50.
        #expect(
            ranking.rows.map { $0.map(\.plain) } == [
                ["1", "甲机构", "150100", "100.00", "100.00", "100.00"],
                ["1", "乙机构", "150102", "100.00", "100.00", "100.00"],
                ["3", "丙机构", "150103", "0.00", "75.00", "37.50"],
            ]
        )
        let tables = document.blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }
        let violations = tables.first { $0.caption.contains("违规") }
        // Due 2026-09-30, open on 2026-11-15: Oct 8, 9, 10 (adjusted Saturday) and three full weeks = 18, Nov 2–13 = 10.
        #expect(violations?.rows.map { $0.map(\.plain) } == [["丙机构", "A49(4)", "2026-09-30", "28"]])
        #expect(document.provenance.contains("审计链头"))
        try await test.drop()
    }

    @Test("the committee's remark is inert and intact in both formats; two runs give the same bytes")
    func remarkAndBytes() async throws {
        let (test, database) = try await Self.dataSet()
        let make = { try await database.read { try AssessmentReport(wording: try Self.wording).document(year: 2026, division: "150100", on: $0) } }
        let first = try await make()
        let second = try await make()
        let markdown = MarkdownRenderer().render(first)
        let html = HTMLRenderer(stylesheet: "").render(first)
        #expect(markdown == MarkdownRenderer().render(second))
        #expect(html == HTMLRenderer(stylesheet: "").render(second))
        #expect(!markdown.contains("<script>") && markdown.contains(#"\<script\>alert(1)\</script\>"#))
        #expect(markdown.contains(#"甲\|乙"#) && markdown.contains(#"\=HYPERLINK"#))
        #expect(!html.contains("<script>") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("javascript:alert") || !html.contains("href=\"javascript"))
        #expect(html.contains("&lt;i&gt;原文&lt;/i&gt;") && html.contains("甲|乙") && html.contains("=HYPERLINK"))
        try await test.drop()
    }
}

/// The standalone HTML reports pass HTML Tidy's validation without errors (RP.1–RP.3).
@Suite("Report HTML validation")
struct ReportValidationTests {
    @Test("the assessment and compliance reports validate with HTML Tidy: no errors")
    func tidy() async throws {
        let (test, database) = try await AssessmentReportTests.dataSet()
        let reports = try ProjectLayout.locate().reports
        let stylesheet = try String(contentsOf: reports.appendingPathComponent("style.css"), encoding: .utf8)
        let documents = try await database.read { connection in
            [
                try AssessmentReport(wording: try ReportWording(kind: "assessment", in: reports)).document(
                    year: 2026,
                    division: "150100",
                    on: connection
                ),
                try ComplianceReport(wording: try ReportWording(kind: "compliance", in: reports))
                    .document(asOf: CivilDate(iso: "2026-11-15")!, division: "150100", on: connection),
            ]
        }
        for document in documents {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString).html")
            try Data(HTMLRenderer(stylesheet: stylesheet).render(document).utf8).write(to: file)
            let (status, output) = try Self.run("/usr/bin/tidy", ["-q", "-e", "-utf8", "--show-warnings", "no", file.path])
            #expect(status < 2, "tidy found errors in \(document.title): \(output)")
            try? FileManager.default.removeItem(at: file)
        }
        try await test.drop()
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
