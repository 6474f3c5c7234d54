import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

@Suite("Update frequency and stale data (A16.1)")
struct FreshnessTests {
    typealias F = SupplyFixture

    static func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    /// Items whose data were last updated at a month's end, and the first day each is stale: the day after its
    /// frequency's allowance ends (months clamp to the last day of a shorter month).
    static let cases: [(code: String, frequency: String, updated: String?, lastFresh: String?)] = [
        ("RT", "real_time", "2026-02-28", "2026-03-01"),
        ("DY", "daily", "2026-02-28", "2026-03-01"),
        ("WK", "weekly", "2026-01-31", "2026-02-07"),
        ("MO", "monthly", "2026-01-31", "2026-02-28"),
        ("ML", "monthly", "2024-01-31", "2024-02-29"),
        ("M30", "monthly", "2026-04-30", "2026-05-30"),
        ("QT", "quarterly", "2025-11-30", "2026-02-28"),
        ("HY", "half_yearly", "2025-08-31", "2026-02-28"),
        ("YR", "yearly", "2024-02-29", "2025-02-28"),
        ("IR", "irregular", "2020-01-01", nil),
        ("IRN", "irregular", nil, nil),
    ]

    private func stale(
        on day: String,
        by actor: Principal,
        in fixture: SupplyFixture,
        filter: OversightFilter = OversightFilter(),
        page: ListingPage = ListingPage(limit: 500)
    ) async throws -> ListingResult<StaleItem> {
        try await FreshnessWorkflow(database: fixture.database).staleItems(asOf: Self.day(day), filter, page: page, by: actor)
    }

    @Test("each frequency is stale from the day after its allowance ends, around month ends; irregular never, never-updated always")
    func staleAroundMonthEnds() async throws {
        let fixture = try await F.make()
        let specs =
            Self.cases.map { F.ItemSpec(code: $0.code, frequency: $0.frequency, dataUpdatedOn: $0.updated.map(Self.day)) }
            + [F.ItemSpec(code: "NEVER", frequency: "monthly", dataUpdatedOn: nil)]
        try await fixture.publish(specs, by: F.hohhotHealth)
        let committee = try await fixture.actor(.committee)
        for item in Self.cases {
            guard let lastFresh = item.lastFresh else { continue }
            let onLastDay = try await stale(on: lastFresh, by: committee, in: fixture).items.map(\.itemCode)
            #expect(!onLastDay.contains(item.code), "\(item.code) must still be current on \(lastFresh)")
            #expect(onLastDay.contains("NEVER"))
            let next = Self.day(lastFresh).next.iso
            let dayAfter = try await stale(on: next, by: committee, in: fixture)
            let row = dayAfter.items.first { $0.itemCode == item.code }
            #expect(row != nil, "\(item.code) must be stale on \(next)")
            #expect(row?.updateDueOn == Self.day(lastFresh))
            #expect(row?.daysOverdue == 1)
            #expect(row?.article == "A16.1")
        }
        let late = try await stale(on: "2030-01-01", by: committee, in: fixture).items.map(\.itemCode)
        #expect(!late.contains("IR") && !late.contains("IRN"))
        let never = try await stale(on: "2026-01-01", by: committee, in: fixture).items.first { $0.itemCode == "NEVER" }
        #expect(never?.lastUpdatedOn == nil && never?.daysOverdue == nil)
        try await fixture.drop()
    }

    @Test("a refresh event makes data current without a new version; the later of revision date and last refresh counts")
    func refreshCounts() async throws {
        let fixture = try await F.make()
        let item = try await fixture.publish(F.ItemSpec(code: "MO", frequency: "monthly", dataUpdatedOn: Self.day("2026-01-31")), by: F.hohhotHealth)
        let clerk = try await fixture.actor(.clerk, of: F.hohhotHealth)
        let workflow = FreshnessWorkflow(database: fixture.database)
        let refresh = try await workflow.recordRefresh(
            NewDataRefresh(refreshedOn: Self.day("2026-03-15"), note: "月度更新"),
            item: item.itemID,
            by: clerk
        )
        #expect(refresh.lastUpdatedOn == Self.day("2026-03-15"))
        #expect(refresh.updateDueOn == Self.day("2026-04-15"))
        #expect(refresh.recordedBy == F.hohhotHealth)
        _ = try await workflow.recordRefresh(NewDataRefresh(refreshedOn: Self.day("2025-12-01")), item: item.itemID, by: clerk)
        #expect(try await stale(on: "2026-04-15", by: clerk, in: fixture).total == 0)
        let stale = try await stale(on: "2026-04-16", by: clerk, in: fixture)
        #expect(stale.items.first?.lastRefreshedOn == Self.day("2026-03-15"))
        #expect(stale.items.first?.dataUpdatedOn == Self.day("2026-01-31"))

        let today = try await workflow.recordRefresh(NewDataRefresh(), item: item.itemID, by: clerk)
        #expect(today.refreshedOn == (try await fixture.today()))
        let audit = try await fixture.database.read {
            try $0.query("select count(*) as n from audit_log where entity = 'data_refresh' and action = 'catalog_item.refresh'")
                .first!.decode("n", as: Int.self)
        }
        #expect(audit == 3)
        try await fixture.drop()
    }

    @Test("a refresh dated in the future is refused by Swift and SQL alike, and changes nothing")
    func futureRefresh() async throws {
        let fixture = try await F.make()
        let item = try await fixture.publish(F.ItemSpec(code: "MO"), by: F.hohhotHealth)
        let tomorrow = try await fixture.today().next
        let swift = await #expect(throws: RegistryError.self) {
            try await FreshnessWorkflow(database: fixture.database).recordRefresh(
                NewDataRefresh(refreshedOn: tomorrow),
                item: item.itemID,
                by: try await fixture.actor(.clerk, of: F.hohhotHealth)
            )
        }
        let sql = await fixture.refusal("insert into data_refresh (item_id, refreshed_on) values (\(item.itemID), \(tomorrow)::date)")
        #expect(swift?.article == "A16.1")
        #expect(swift?.field == "refreshed_on")
        #expect(swift == sql)
        #expect(try await fixture.count("data_refresh") == 0)
        try await fixture.drop()
    }

    @Test("only a published item records a refresh, in Swift and SQL alike")
    func unpublishedRefresh() async throws {
        let fixture = try await F.make()
        let draft = try await fixture.draftItem(F.ItemSpec(code: "DR"), by: F.hohhotHealth)
        let swift = await #expect(throws: RegistryError.self) {
            try await FreshnessWorkflow(database: fixture.database).recordRefresh(
                NewDataRefresh(),
                item: draft.itemID,
                by: try await fixture.actor(.clerk, of: F.hohhotHealth)
            )
        }
        let sql = await fixture.refusal("insert into data_refresh (item_id, refreshed_on) values (\(draft.itemID), '2026-01-01')")
        #expect(swift?.field == "item_id")
        #expect(swift == sql)
        try await fixture.drop()
    }

    @Test("refresh events are kept as recorded, and so is each item's last one; only the item's own clerk records one")
    func refreshGuards() async throws {
        let fixture = try await F.make()
        let item = try await fixture.publish(F.ItemSpec(code: "MO"), by: F.hohhotHealth)
        let workflow = FreshnessWorkflow(database: fixture.database)
        _ = try await workflow.recordRefresh(NewDataRefresh(), item: item.itemID, by: try await fixture.actor(.clerk, of: F.hohhotHealth))
        for actor in [
            try await fixture.actor(.clerk, of: F.hohhotPolice), try await fixture.actor(.reviewer, of: F.hohhotAuthority),
            try await fixture.actor(.admin),
        ] {
            let refused = await #expect(throws: RegistryError.self) {
                try await workflow.recordRefresh(NewDataRefresh(), item: item.itemID, by: actor)
            }
            #expect(refused?.code == .forbidden)
        }
        let missing = await #expect(throws: RegistryError.self) {
            try await workflow.recordRefresh(NewDataRefresh(), item: UUID(), by: try await fixture.actor(.clerk, of: F.hohhotHealth))
        }
        #expect(missing?.code == .notFound)
        let update = await fixture.refusal("update data_refresh set refreshed_on = '2020-01-01'")
        let delete = await fixture.refusal("delete from data_refresh")
        #expect(update?.article == "A16.1")
        #expect(update == delete)
        // The last refresh of each item is derived from the events (sql/0035): only recording one moves it.
        let derived = await fixture.refusal("update data_refresh_latest set last_refreshed_on = '2020-01-01'")
        #expect(derived?.article == "A16.1")
        #expect(try await fixture.count("data_refresh_latest") == 1)
        try await fixture.drop()
    }

    @Test("stale items are listed by institution and division in pages of a stable order, within what the actor oversees")
    func pagingAndScope() async throws {
        let fixture = try await F.make()
        let never = (1...5).map { F.ItemSpec(code: "H\($0)", frequency: "daily") }
        try await fixture.publish(never, by: F.hohhotHealth)
        try await fixture.publish([F.ItemSpec(code: "X1", frequency: "weekly")], by: F.xinchengHealth)
        try await fixture.publish([F.ItemSpec(code: "R1", frequency: "yearly")], by: F.regionHealth)
        let committee = try await fixture.actor(.committee)

        let first = try await stale(on: "2026-06-01", by: committee, in: fixture, page: ListingPage(limit: 3, offset: 0))
        let second = try await stale(on: "2026-06-01", by: committee, in: fixture, page: ListingPage(limit: 3, offset: 3))
        let third = try await stale(on: "2026-06-01", by: committee, in: fixture, page: ListingPage(limit: 3, offset: 6))
        #expect(first.total == 7)
        #expect((first.items + second.items + third.items).map(\.itemCode) == ["R1", "H1", "H2", "H3", "H4", "H5", "X1"])

        let hohhot = try await stale(on: "2026-06-01", by: committee, in: fixture, filter: OversightFilter(division: "150100"))
        #expect(hohhot.items.map(\.itemCode) == ["H1", "H2", "H3", "H4", "H5", "X1"])
        let health = try await stale(on: "2026-06-01", by: committee, in: fixture, filter: OversightFilter(institution: F.xinchengHealth))
        #expect(health.items.map(\.itemCode) == ["X1"])

        let reviewer = try await fixture.actor(.reviewer, of: F.hohhotAuthority)
        #expect(try await stale(on: "2026-06-01", by: reviewer, in: fixture).total == 6)
        let clerk = try await fixture.actor(.clerk, of: F.xinchengHealth)
        #expect(try await stale(on: "2026-06-01", by: clerk, in: fixture).items.map(\.itemCode) == ["X1"])

        for (actor, filter) in [
            (clerk, OversightFilter(institution: F.hohhotHealth)), (reviewer, OversightFilter(division: "150000")),
            (reviewer, OversightFilter(institution: F.regionHealth)), (try await fixture.actor(.dataUser), OversightFilter()),
        ] {
            let refused = await #expect(throws: RegistryError.self) { try await stale(on: "2026-06-01", by: actor, in: fixture, filter: filter) }
            #expect(refused?.code == .forbidden)
        }
        let badPage = await #expect(throws: RegistryError.self) {
            try await stale(on: "2026-06-01", by: committee, in: fixture, page: ListingPage(limit: 0))
        }
        #expect(badPage?.field == "limit")
        try await fixture.drop()
    }
}
