import Foundation
import Postgres
import TestSupport
import Testing

/// `registry seed demo` and `registry report …` as the run command uses them (RP.1–RP.4).
@Suite("registry seed demo and the three reports")
struct DemoCLITests {
    @Test("RP.3 RP.4: the demo registry loads once, as the service's role; the three reports are written in both formats, the same bytes twice")
    func demoAndReports() async throws {
        let database = try await TestDatabase.make(maxConnections: 1)
        let registry = RegistryCommand(databaseURL: database.connectionString)
        // A44.1: the seed needs no privilege beyond the service's — its history is dated by the pinned clock, never re-dated
        // with the triggers off.
        let seed = RegistryCommand(databaseURL: database.serviceConnectionString)
        let seeded = try seed.run("seed", "demo")
        #expect(seeded.status == 0, "\(seeded.error)")
        #expect(seeded.output.contains("机构: 64") && seeded.output.contains("目录项: 1440"))
        let again = try seed.run("seed", "demo")
        #expect(again.status == 0 && again.output.contains("already loaded"))
        let dates = try database.withAdminConnection { connection in
            try connection.query(
                """
                select (select min(created_at)::date from institution)::text as registered,
                       (select min(submitted_at)::date from catalog_version where state = 'approved')::text as submitted,
                       (select max(decided_at)::date from catalog_version where state = 'approved' and note = '首次编制')::text as decided
                """
            ).first.map { [try $0.decode("registered", as: String.self), try $0.decode("submitted"), try $0.decode("decided")] }
        }
        #expect(dates == ["2025-01-02", "2025-02-24", "2025-03-03"], "registered, submitted and approved on the pinned days")

        let out = FileManager.default.temporaryDirectory.appendingPathComponent("reports-\(UUID().uuidString)").path
        for arguments in [
            ["assessment", "--year", "2025"], ["open-plan", "--year", "2026", "--division", "150000"],
            ["compliance", "--as-of", "2026-11-30"],
        ] {
            let written = try registry.run(["report"] + arguments + ["--out", out])
            #expect(written.status == 0, "\(arguments): \(written.error)")
            #expect(written.output.split(separator: "\n").count == (arguments[0] == "compliance" ? 3 : 2), "the compliance report adds its CSV")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(
            files == [
                "assessment-2025-150000.html", "assessment-2025-150000.md", "compliance-2026-11-30-150000.csv",
                "compliance-2026-11-30-150000.html", "compliance-2026-11-30-150000.md", "open-plan-2026-150000.html",
                "open-plan-2026-150000.md",
            ]
        )
        let compliance = try String(contentsOfFile: out + "/compliance-2026-11-30-150000.md", encoding: .utf8)
        #expect(compliance.contains("compliance-2026-11-30-150000.csv"), "the report names its appendix")
        let csv = try Data(contentsOf: URL(fileURLWithPath: out + "/compliance-2026-11-30-150000.csv"))
        #expect(String(decoding: csv, as: UTF8.self).hasPrefix("\u{FEFF}条款,责任机构,事项,期限,逾期工作日\r\n"))
        // RP.3: every article of the findings the registry had data for but left out (A8.1, A11.1, A13.2, A24.1, A28.1, A28.2,
        // A44.3).
        let lines = String(decoding: csv, as: UTF8.self).components(separatedBy: "\r\n")
        for (article, finding) in [
            ("第八条 平台建设", "旗县级公共数据平台"), ("第十一条 目录更新", "目录未按期审核"), ("第十三条 一数一源", "数源冲突未协调"),
            ("第二十四条 目录外需求", "逾期未审核"), ("第二十八条 开放利用", "逾期未答复"), ("第二十八条 开放利用", "已过数据使用时限"),
            ("第二十八条 开放利用", "无条件开放的数据未提供获取方式"), ("第四十四条 监督管理", "共享获取的数据列入开放目录"),
        ] {
            #expect(lines.contains { $0.hasPrefix(article + ",") && $0.contains(finding) }, "\(article) \(finding)")
        }
        #expect(!lines.dropFirst().contains { $0.hasPrefix("A") }, "articles in the regulation's words, never an internal id")
        _ = try registry.run("report", "compliance", "--as-of", "2026-11-30", "--out", out)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/compliance-2026-11-30-150000.csv")) == csv)
        let assessment = try String(contentsOfFile: out + "/assessment-2025-150000.md", encoding: .utf8)
        #expect(assessment.contains("- **参评机构**:48 家"))
        #expect(assessment.contains("本结果已公布(第 1 版)"))
        let before = try Data(contentsOf: URL(fileURLWithPath: out + "/assessment-2025-150000.html"))
        _ = try registry.run("report", "assessment", "--year", "2025", "--out", out)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/assessment-2025-150000.html")) == before)
        // RP.2 / A26.1: the plan's progress counts the items already open apart, with a chart per institution.
        let plan = try String(contentsOfFile: out + "/open-plan-2026-150000.md", encoding: .utf8)
        #expect(plan.contains("- **计划公布时已开放**:") && plan.contains("**图1 各机构开放进度**"), "\(plan)")
        #expect(plan.contains("按期开放 ") && plan.contains("逾期未开放 "))
        // RP.1 / A39.1: last year's total and rank beside this year's.
        #expect(try registry.run("report", "assessment", "--year", "2026", "--out", out).status == 0)
        let current = try String(contentsOfFile: out + "/assessment-2026-150000.md", encoding: .utf8)
        #expect(current.contains("| 2025年总分 | 2025年名次 |"), "\(current)")
        // A39.1: the committee finds an assessment by year and division.
        let listed = try registry.run("assessment", "list", "--year", "2025", "--division", "150000")
        #expect(listed.status == 0 && listed.output.split(separator: "\n").count == 2, "\(listed.output)")
        #expect(listed.output.contains("\t2025\t150000\t1\t2025-12-31\tpublished\t48"), "\(listed.output)")
        try? FileManager.default.removeItem(atPath: out)
        try await database.drop()
    }
}
