import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

@testable import Reports

/// The compliance report on the hand-made data set of ``AssessmentReportTests`` (RP.3): counts per article and per
/// institution, the institutions with the most findings, the worst cases per article, and the full list in its CSV
/// appendix with each article, institution, due day and working days overdue.
@Suite("Compliance report (RP.3)")
struct ComplianceReportTests {
    static var wording: ReportWording {
        get throws { try ReportWording(kind: "compliance", in: try ProjectLayout.locate().reports) }
    }
    static let november = CivilDate(iso: "2026-11-15")!

    @Test("RP.3 A8.1 A13.2: a banner's own platform and an open source conflict are findings of the division, under the regulation's words")
    func platformsAndConflicts() async throws {
        let (test, database) = try await AssessmentReportTests.dataSet()
        let (authority, a, b) = (AssessmentReportTests.authority, AssessmentReportTests.a, AssessmentReportTests.b)
        try await database.write(AuditContext(role: "test", action: "fixture")) { connection in
            try connection.query(
                """
                insert into platform (name, division_code, operator_uscc, exception_reason, exception_document, exception_recorded_on)
                values ('新城区政务数据平台', '150102', \(b), '早于全区平台建成', '呼政数函〔2025〕1号', '2025-06-01')
                """
            )
            let kind = try connection.query("select code from base_data_kind order by code limit 1").first!.decode("code", as: String.self)
            for (uscc, status) in [(a, "accepted"), (authority, "conflict")] {
                try connection.query(
                    """
                    insert into base_data_source (base_data_kind_code, division_code, institution_uscc, claimed_on, status)
                    values (\(kind), '150100', \(uscc), '2026-10-01', \(status)::base_data_source_status)
                    """
                )
            }
        }
        let document = try await database.read {
            try ComplianceReport(wording: try Self.wording).document(asOf: Self.november, division: "150100", on: $0)
        }
        let tables = Self.tables(document)
        #expect(
            tables[0].rows.map { $0.map(\.plain) } == [
                ["第八条 平台建设", "1"], ["第十三条 一数一源", "1"], ["第三十六条 安全管理", "1"], ["第四十九条 机构违规责任", "1"],
            ],
            "in the regulation's order, never an internal id"
        )
        let rows = tables[2].rows.map { $0.map(\.plain) }
        #expect(rows.contains(["第八条 平台建设", "乙机构", "旗县级公共数据平台 新城区政务数据平台(新城区) 按例外建设,批准文件:呼政数函〔2025〕1号", "—", "—"]))
        #expect(rows.contains { $0[0] == "第十三条 一数一源" && $0[1] == "呼和浩特市数据局" && $0[2].hasPrefix("数源冲突未协调:") })
        let markdown = MarkdownRenderer().render(document)
        #expect(markdown.contains("目录外数据需求的审核期限为受理后 5 个工作日,有条件开放申请的答复期限为受理后 10 个工作日(2026 年度"))
        #expect(!markdown.contains("A13.2") && !markdown.contains("A8.1"))
        // Before the conflict was claimed it is no finding.
        let september = try await database.read {
            try ComplianceReport(wording: try Self.wording).document(asOf: CivilDate(iso: "2026-09-15")!, division: "150100", on: $0)
        }
        #expect(!MarkdownRenderer().render(september).contains("数源冲突"))
        try await test.drop()
    }

    @Test("RP.3 A24.1 A28.2: the year's policy sets the deadlines of demand reviews and open application replies")
    func deadlinePolicy() async throws {
        let test = try await TestDatabase.make()
        let database = RegistryDatabase(client: test.client)
        let days = try await database.write(AuditContext(role: "test", action: "fixture")) { connection in
            try connection.query("insert into deadline_policy (year, deadline, working_days, note) values (2026, 'demand_review', 3, '试行')")
            return try connection.query(
                """
                select deadline_working_days('demand_review', 2026) as a, deadline_working_days('demand_review', 2027) as b,
                       deadline_working_days('open_application_reply', 2026) as c
                """
            ).first.map { [try $0.decode("a", as: Int.self), try $0.decode("b", as: Int.self), try $0.decode("c", as: Int.self)] }
        }
        #expect(days == [3, 5, 10])
        await #expect(throws: (any Error).self) {
            try await database.write(AuditContext(role: "test", action: "fixture")) { connection in
                try connection.query("insert into deadline_policy (year, deadline, working_days) values (2027, 'open_application_reply', 0)")
            }
        }
        try await test.drop()
    }

    @Test("RP.3: 丙 has no security officer (A36.1) and a violation 28 working days past its deadline (A49.1); nothing else")
    func findings() async throws {
        let (test, database) = try await AssessmentReportTests.dataSet()
        let document = try await database.read {
            try ComplianceReport(wording: try Self.wording).document(asOf: Self.november, division: "150100", on: $0)
        }
        let tables = Self.tables(document)
        #expect(tables.map(\.caption) == ["表1 各条款事项数", "表2 事项最多的机构", "表3 各条款逾期最久的事项"])
        #expect(tables[0].rows.map { $0.map(\.plain) } == [["第三十六条 安全管理", "1"], ["第四十九条 机构违规责任", "1"]])
        #expect(tables[1].rows.map { $0.map(\.plain) } == [["丙机构", "2"]])
        #expect(
            tables[2].rows.map { $0.map(\.plain) } == [
                ["第三十六条 安全管理", "丙机构", "未明确安全管理责任人", "—", "—"],
                ["第四十九条 机构违规责任", "丙机构", "违规未按期整改:第四十九条第(四)项", "2026-09-30", "28"],
            ]
        )
        let markdown = MarkdownRenderer().render(document)
        #expect(markdown.contains("- **逾期及违规事项**:2 项") && markdown.contains("- **最长逾期**:28 个工作日"))
        #expect(markdown.contains("涉及机构共 1 家,均列于下表") && markdown.contains("compliance-2026-11-15-150100.csv"))
        // Before the deadline the violation is no breach.
        let september = try await database.read {
            try ComplianceReport(wording: try Self.wording).document(asOf: CivilDate(iso: "2026-09-15")!, division: "150102", on: $0)
        }
        #expect(!MarkdownRenderer().render(september).contains("第四十九条"))
        try await test.drop()
    }

    @Test("past the top N the institutions table says how many there are in all; worst cases keep N per article by overdue")
    func cuts() async throws {
        let (test, database) = try await AssessmentReportTests.dataSet()
        try await Self.addInstitutionWithoutOfficer(Self.formulaName, to: database)
        let report = try ComplianceReport(wording: try Self.wording, leadingInstitutions: 1, worstPerArticle: 1)
        let document = try await database.read { try report.document(asOf: Self.november, division: "150100", on: $0) }
        let tables = Self.tables(document)
        #expect(tables[0].rows.map { $0.map(\.plain) } == [["第三十六条 安全管理", "2"], ["第四十九条 机构违规责任", "1"]])
        #expect(tables[1].rows.map { $0.map(\.plain) } == [["丙机构", "2"]], "丙 has the most findings; the other is cut")
        #expect(
            tables[2].rows.map { $0.map(\.plain) } == [
                ["第三十六条 安全管理", Self.formulaName, "未明确安全管理责任人", "—", "—"],
                ["第四十九条 机构违规责任", "丙机构", "违规未按期整改:第四十九条第(四)项", "2026-09-30", "28"],
            ],
            "without deadlines, ties go by institution: the quoted name sorts before 丙"
        )
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
        #expect(
            String(decoding: bytes, as: UTF8.self) == """
                \u{FEFF}条款,责任机构,事项,期限,逾期工作日\r
                第三十六条 安全管理,"'=HYPERLINK(""http://x"",""点击"")",未明确安全管理责任人,,\r
                第三十六条 安全管理,丙机构,未明确安全管理责任人,,\r
                第四十九条 机构违规责任,丙机构,违规未按期整改:第四十九条第(四)项,2026-09-30,28\r

                """
        )
        #expect(ComplianceFindingsCSV.fileName(asOf: Self.november, division: "150100") == "compliance-2026-11-15-150100.csv")
        try await test.drop()
    }

    @Test(
        "cells starting with = + - @ get an apostrophe; commas, quotes and line breaks are quoted",
        arguments: [
            ("=1+2", "'=1+2"), ("+86", "'+86"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
            ("甲,乙", "\"甲,乙\""), ("说\"明\"", "\"说\"\"明\"\"\""), ("一\n二", "\"一\n二\""), ("普通文本", "普通文本"),
        ]
    )
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
