import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// `registry seed synthetic` at the tests' scale 0.01: the counts the scale promises, the same registry for the
/// same seed on every machine, an intact audit trail, a report on it, and no second run into a registry.
@Suite("registry seed synthetic")
struct SyntheticCLITests {
    @Test("scale 0.01 gives the promised counts, deterministically, through the audited tables")
    func scaleOnePercent() async throws {
        let database = try await TestDatabase.make(maxConnections: 1)
        let registry = RegistryCommand(databaseURL: database.connectionString)
        let seeded = try registry.run("seed", "synthetic", "--scale", "0.01")
        #expect(seeded.status == 0, "\(seeded.error)")
        for count in ["机构: 165", "目录项: 10000", "数据资产: 5000", "共享申请: 3000", "纠错: 100", "争议: 19", "违规记录: 50", "年度评估: 3", "开放申请: 500"] {
            #expect(seeded.output.contains(count), "\(count) in \(seeded.output)")
        }
        try database.withAdminConnection { connection in
            // The fingerprints of the catalog and of the share requests' history: the same seed, the same registry.
            let catalog: String = try connection.query(
                """
                select md5(string_agg(concat_ws('|', i.code, r.name, r.share_type, r.open_type), ',' order by i.code)) as print
                  from catalog_item i join catalog_item_revision r on r.id = i.current_revision_id
                """
            ).first!.decode("print")
            #expect(catalog == "f958442dfb4cb6ccd968bb094ce6e9b6")
            let sharing: String = try connection.query(
                """
                select md5(string_agg(concat_ws('|', i.code, s.requester_uscc, s.state, s.received_on, s.replied_on, s.delivered_on),
                                      ',' order by s.request_no)) as print
                  from share_request s join catalog_item i on i.id = s.item_id
                """
            ).first!.decode("print")
            #expect(sharing == "d45e7f9a2752ef67481b87fa458b0016")
            // Plausible: every state of a request, some overdue on the last day; the seed's pin is gone with its transactions.
            let states = try connection.query("select count(distinct state)::int as n from share_request").first!.decode("n", as: Int.self)
            #expect(states == 4)
            let overdue = try connection.query(

                """
                select count(*)::int as n from share_request
                 where (state = 'submitted' and reply_due < '2026-11-30') or (state = 'approved' and delivery_due < '2026-11-30')
                """
            ).first!.decode("n", as: Int.self)
            #expect(overdue > 0)
            let pinned = try connection.query("select registry_pinned_day() as day").first!.decodeIfPresent("day", as: CivilDate.self)
            #expect(pinned == RegistryClock.fromEnvironment().pinnedDay)
        }
        let verified = try registry.run("audit", "verify")
        #expect(verified.status == 0 && verified.output.hasPrefix("OK"), "\(verified.output)")

        let out = FileManager.default.temporaryDirectory.appendingPathComponent("synthetic-\(UUID().uuidString)").path
        let report = try registry.run("report", "assessment", "--year", "2025", "--format", "md", "--out", out)
        #expect(report.status == 0, "\(report.error)")
        try? FileManager.default.removeItem(atPath: out)

        let again = try registry.run("seed", "synthetic", "--scale", "0.01")
        #expect(again.status != 0 && again.error.contains("fresh database"))
        try await database.drop()
    }

    @Test("a scale outside 0.001…2 is refused before anything is written")
    func scaleOutOfRange() throws {
        let outcome = try RegistryCommand(databaseURL: nil).run("seed", "synthetic", "--scale", "5")
        #expect(outcome.status != 0 && outcome.error.contains("--scale must be between"))
    }
}
