import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// W.3 / W.4: deadlines reaching past the official calendar are counted on the provisional one and marked; loading the
/// official arrangement re-stamps the open ones, audited, and leaves closed ones as they were.
@Suite("Provisional deadlines and their re-stamping (W.3, W.4)")
struct ProvisionalDeadlineTests {
    private func day(_ iso: String) -> CivilDate { CalendarFixtures.day(iso) }

    /// A made-up 2027 arrangement for these tests (the real one is not published): 元旦 1–3 January; 春节 off 5–11
    /// February with 20 February (a Saturday) worked.
    static let arrangement2027 = """
        date,kind,holiday
        2027-01-01,off,元旦
        2027-01-02,off,元旦
        2027-01-03,off,元旦
        2027-02-05,off,春节
        2027-02-06,off,春节
        2027-02-07,off,春节
        2027-02-08,off,春节
        2027-02-09,off,春节
        2027-02-10,off,春节
        2027-02-11,off,春节
        2027-02-20,work,春节
        """

    /// Loads the made-up 2027 arrangement and re-stamps, as `registry calendar load` does, in one transaction.
    private static func load2027(on database: RegistryDatabase) async throws -> [DeadlineRestamp] {
        try await database.write(AuditContext(role: "test", action: "calendar.load")) { connection in
            let store = WorkingDayCalendarStore()
            try store.load(try OfficialCalendarCSV.parse(arrangement2027, years: 2027...2027), source: "test 2027", on: connection)
            return try store.restamp(on: connection)
        }
    }

    @Test("a catalog submitted on 2026-12-28 is due 2027-01-05, provisional; loading 2027 re-stamps it, audited (A11.1)")
    func catalogDecisionRestamped() async throws {
        let world = try await CatalogWorld.make()
        world.database.clock.pin(day("2026-12-28"))
        let (_, draft) = try await world.healthCatalogWithDraft()
        let submitted = try await world.write(as: world.healthClerk) { connection in
            try CatalogStore().addItem(code: "P-1", fields: CatalogWorld.fields(), to: draft.id, on: connection)
            return try CatalogStore().submit(draft.id, on: connection)
        }
        #expect(submitted.submittedOn == day("2026-12-28"))
        #expect(submitted.decisionDue == day("2027-01-05"))
        #expect(submitted.decisionDueProvisional)

        let moved = try await Self.load2027(on: world.database)
        // 元旦 2027 now runs 1–3 January: Dec 29, 30, 31, Jan 4, 5 are still the five working days.
        #expect(moved.isEmpty)
        let after = try await world.read { try CatalogStore().version(submitted.id, on: $0)! }
        #expect(after.decisionDue == day("2027-01-05"))
        #expect(!after.decisionDueProvisional, "its days are official now")
        let audited = try await world.read { connection in
            try connection.query(
                """
                select count(*)::int as n from audit_log
                 where entity = 'catalog_version' and record_id = \(submitted.id.uuidString.lowercased()) and action = 'calendar.load'
                """
            ).first!.decode("n", as: Int.self)
        }
        #expect(audited == 1)
        try await world.drop()
    }

    @Test("a share request received on 2027-02-03 is due on 2027-02-12, provisional, then as the 2027 arrangement says (A23.2)")
    func shareRequestRestamped() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2027-02-03")
        let open = try await world.file(world.input(world.conditional, endDate: "2027-12-31"))
        // 春节 2027 on the provisional calendar: 除夕 5 Feb and 初三 8 Feb are weekdays off.
        #expect(open.replyDue == day("2027-02-12"))
        #expect(open.replyDueProvisional)
        let answered = try await world.file(world.input(world.conditional, endDate: "2027-12-31"))
        _ = try await world.workflow.reply(to: answered.id, .refuse(reason: "不符合共享条件", legalBasis: "《数据安全法》第二十一条"), by: world.source)

        let moved = try await Self.load2027(on: world.database)
        #expect(moved.map(\.recordNo) == ["共享申请 \(open.number)"])
        #expect(moved.first?.field == "reply_due")
        #expect(moved.first?.oldDue == day("2027-02-12"))
        #expect(moved.first?.newDue == day("2027-02-17"))
        #expect(moved.first?.provisional == false)

        let detail = try await world.workflow.detail(open.id, by: world.requester)
        #expect(detail.request.replyDue == day("2027-02-17"))
        #expect(!detail.request.replyDueProvisional)
        let closed = try await world.workflow.detail(answered.id, by: world.requester)
        #expect(closed.request.replyDue == day("2027-02-12"), "a closed case keeps its date")

        let again = try await Self.load2027(on: world.database)
        #expect(again.isEmpty, "loading the same arrangement twice changes nothing")
        let recorded = try await world.database.read { connection in
            try connection.query("select count(*)::int as n from deadline_restamp").first!.decode("n", as: Int.self)
        }
        #expect(recorded == 1)
        try await world.drop()
    }

    @Test("a change of the calendar typed by hand re-stamps open deadlines before it commits")
    func restampedAtCommit() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2027-02-03")
        let open = try await world.file(world.input(world.conditional, endDate: "2027-12-31"))
        try await world.database.write(AuditContext(role: "psql")) { connection in
            try connection.query("insert into calendar_year (year, source) values (2027, 'typed by hand')")
            try connection.query("insert into official_day (day, kind, holiday) values ('2027-02-09', 'off', '春节')")
        }
        let detail = try await world.workflow.detail(open.id, by: world.requester)
        // Now official: 5 and 8 February are ordinary working days, 9 February is off.
        #expect(detail.request.replyDue == day("2027-02-11"))
        #expect(!detail.request.replyDueProvisional)
        try await world.drop()
    }

    @Test("calendar status: ok, ending soon within 60 days of the last official day, provisional once in use")
    func status() async throws {
        let world = try await CatalogWorld.make()
        let store = WorkingDayCalendarStore()
        world.database.clock.pin(day("2026-09-01"))
        #expect(try await world.read { try store.status(on: $0) }.state == .ok)
        world.database.clock.pin(day("2026-12-05"))
        let ending = try await world.read { try store.status(on: $0) }
        #expect(ending.state == .endingSoon)
        #expect(ending.daysLeft == 26)
        #expect(ending.lastOfficialYear == 2026 && ending.provisionalThrough == day("2060-12-31"))
        #expect(ending.warning?.contains("2027") == true)

        let (catalog, _) = try await world.healthCatalogWithDraft()
        try await world.write(as: world.healthClerk) { connection in
            _ = try CatalogStore().recordUpdateObligation(
                NewCatalogUpdateObligation(eventOn: CalendarFixtures.day("2026-12-20"), description: "职责调整"),
                for: catalog.id,
                on: connection
            )
        }
        let inUse = try await world.read { try store.status(on: $0) }
        #expect(inUse.state == .provisionalInUse, "the update is due in 2027, on the provisional calendar")
        #expect(inUse.openProvisionalDeadlines == 1)
        world.database.clock.pin(day("2027-03-01"))
        #expect(try await world.read { try store.status(on: $0) }.state == .provisionalInUse)
        try await world.drop()
    }

    @Test("a calendar file with a day outside its year, a day twice or an unknown kind is refused whole, naming the line")
    func badFiles() throws {
        let outside = "date,kind,holiday\n2027-01-01,off,元旦\n2028-01-01,off,元旦\n"
        #expect(
            throws: OfficialCalendarCSVError(
                file: "cn-official-calendar-2027.csv",
                line: 3,
                reason: "2028-01-01 is outside 2027, the year the file is named for",
                message: "2028-01-01 不在 2027 年内:国务院办公厅部分节假日安排按年导入,所列日期须在导入的年份之内。"
            )
        ) {
            try OfficialCalendarCSV.parse(outside, file: "cn-official-calendar-2027.csv", years: 2027...2027)
        }
        let twice = "date,kind,holiday\n2027-01-01,off,元旦\n2027-01-01,off,元旦\n"
        let listedTwice = try #require(throws: OfficialCalendarCSVError.self) { try OfficialCalendarCSV.parse(twice) }
        #expect(listedTwice.line == 3 && listedTwice.reason == "2027-01-01 is already listed on line 2")
        #expect(listedTwice.placedMessage == "第 3 行:2027-01-01 已在第 2 行列出:国务院办公厅部分节假日安排中每一天只能列出一次。")
        let unknown = "date,kind,holiday\n2027-01-01,holiday,元旦\n"
        let unknownKind = try #require(throws: OfficialCalendarCSVError.self) { try OfficialCalendarCSV.parse(unknown) }
        #expect(unknownKind.line == 2 && unknownKind.reason == "kind must be “off” (放假) or “work” (调休上班), found “holiday”")
        #expect(unknownKind.registryError.message == "第 2 行:kind 须为 off(放假)或 work(调休上班),实为“holiday”。")
    }

    @Test("the clock: a pinned day reaches every stamp and the audit trail, which keeps the real time too (W.4)")
    func oneClock() async throws {
        let world = try await CatalogWorld.make()
        world.database.clock.pin(day("2027-06-15"))
        let (catalog, _) = try await world.healthCatalogWithDraft()
        let row = try await world.read { connection in
            try connection.query(
                """
                select civil_date(c.created_at) as created, registry_today() as today,
                       (select clock_day from audit_log where entity = 'catalog' and record_id = \(catalog.id.uuidString.lowercased())) as clock_day,
                       (select occurred_at > now() - interval '1 hour' from audit_log
                         where entity = 'catalog' and record_id = \(catalog.id.uuidString.lowercased())) as real_time
                  from catalog c where c.id = \(catalog.id)
                """
            ).first!
        }
        #expect(try row.decode("created", as: CivilDate.self) == day("2027-06-15"))
        #expect(try row.decode("today", as: CivilDate.self) == day("2027-06-15"))
        #expect(try row.decode("clock_day", as: CivilDate.self) == day("2027-06-15"))
        #expect(try row.decode("real_time", as: Bool.self))
        let verified = try await world.read { try AuditTrail.verify(on: $0) }
        #expect(verified.isIntact)
        #expect(RegistryClock.fromEnvironment(["PGOPTIONS": "-c registry.today=2026-12-28"]).pinnedDay == day("2026-12-28"))
        #expect(RegistryClock.fromEnvironment(["PGOPTIONS": "--registry.today=2026-12-28 -c jit=off"]).pinnedDay == day("2026-12-28"))
        #expect(RegistryClock.fromEnvironment(["PGOPTIONS": "-c jit=off"]).pinnedDay == nil)
        try await world.drop()
    }
}
