import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// A registry to test share requests (A20.2, A23.1–A23.4, A50.1), built on ``CatalogWorld``: 新城区卫生健康委员会
/// (the source) publishes three items — unconditional `MED-001`, conditional `MED-002`, not shared `MED-003` — each
/// with the data items 机构名称, 统一社会信用代码, 执业范围; 新城区教育局 asks for them.
///
/// The registry's clock (W.4) is pinned for this test's database — to ``defaultDay`` unless a test pins another day,
/// e.g. just before a holiday.
struct ShareWorld {
    let catalog: CatalogWorld
    let workflow: ShareRequestWorkflow
    let unconditional: UUID
    let conditional: UUID
    let notShared: UUID
    /// A second clerk of 新城区教育局.
    let secondRequesterClerk: Principal

    var source: Principal { catalog.healthClerk }
    var requester: Principal { catalog.educationClerk }
    var outsider: Principal { catalog.huiminClerk }
    var database: RegistryDatabase { catalog.database }
    static var sourceUSCC: String { CatalogWorld.xinchengHealth }
    static var requesterUSCC: String { CatalogWorld.xinchengEducation }
    static let allItems = ["机构名称", "统一社会信用代码", "执业范围"]

    static func make() async throws -> ShareWorld {
        let world = try await CatalogWorld.make()
        let (catalog, draft) = try await world.healthCatalogWithDraft()
        try await world.write(as: world.healthClerk) { try CatalogStore().discardDraft(draft.id, on: $0) }
        var notShared = CatalogWorld.restrictedFields("危重病例名单")
        notShared.shareType = .notShared
        notShared.shareConditions = nil
        try await world.publish(
            [("MED-001", CatalogWorld.fields()), ("MED-002", CatalogWorld.restrictedFields()), ("MED-003", notShared)],
            in: catalog,
            clerk: world.healthClerk,
            reviewer: world.xinchengReviewer
        )
        let items = try await world.read { connection in
            try connection.query("select id, code from catalog_item").rows.reduce(into: [String: UUID]()) {
                $0[try $1.decode("code", as: String.self)] = try $1.decode("id", as: UUID.self)
            }
        }
        let second = try await world.database.actor(
            for: NewAccount(role: .clerk, displayName: "第二登记员", institution: CatalogWorld.xinchengEducation),
            requestID: "req-share"
        )
        let shareWorld = ShareWorld(
            catalog: world,
            workflow: ShareRequestWorkflow(database: world.database),
            unconditional: items["MED-001"]!,
            conditional: items["MED-002"]!,
            notShared: items["MED-003"]!,
            secondRequesterClerk: second
        )
        try await shareWorld.pinDay(defaultDay)
        return shareWorld
    }

    /// The day the clock is pinned to until a test pins another: a working Monday, so that no test depends on the day
    /// it runs (or on a year whose official calendar is not yet published).
    static let defaultDay = "2026-11-02"

    func drop() async throws {
        try await catalog.drop()
    }

    // MARK: - The clock and the calendar

    /// Pins the registry's clock to `day` for every transaction of this test (W.4).
    func pinDay(_ day: String) async throws {
        database.clock.pin(CivilDate(iso: day)!)
    }

    /// The State Council arrangement of 2024–2026, counted in Swift (W.1).
    static func calendar() throws -> WorkingDayCalendar {
        try CalendarFixtures.registryCalendar()
    }

    static func day(_ iso: String) -> CivilDate {
        CalendarFixtures.day(iso)
    }

    // MARK: - Requests

    /// A valid request for `item` with `items` (all three by default), by interface, until the end of 2026.
    func input(
        _ item: UUID,
        items: [String] = ShareWorld.allItems,
        scenario: String = "学生健康档案核验",
        commitment: Bool = true,
        endDate: String = "2026-12-31",
        purpose: SharePurpose = .use
    ) -> NewShareRequest {
        NewShareRequest(
            itemID: item,
            scenario: scenario,
            commitment: commitment,
            dataItems: items,
            mode: .interface,
            endDate: Self.day(endDate),
            purpose: purpose
        )
    }

    /// Files a request as the requester's clerk.
    func file(_ input: NewShareRequest) async throws -> ShareRequest {
        try await workflow.file(input, by: requester).request
    }

    /// A plain INSERT of a request, as psql would write it (filed by `account`, for 新城区教育局 unless told).
    static func plainInsert(_ input: NewShareRequest, account: UUID, requester: String = requesterUSCC) -> SQL {
        """
        insert into share_request (item_id, requester_uscc, requester_account, scenario, commitment, requested_items, mode,
                                   end_date, purpose)
        values (\(input.itemID), \(requester), \(account), \(input.scenario), \(input.commitment), \(input.dataItems),
                \(input.mode.rawValue)::sharing_mode, \(input.endDate)::date, \(input.purpose.rawValue)::share_purpose)
        """
    }

    /// Records a suspension of access (A50.1) as the supervision would.
    func suspend(account: UUID? = nil, institution: String? = nil, from: String, until: String? = nil) async throws {
        try await database.write(AuditContext(role: "test", action: "access.suspend")) { connection in
            try connection.query(
                """
                insert into access_suspension (account_id, institution_uscc, suspended_from, suspended_until, reason, article)
                values (\(account), \(institution), \(from)::date, \(until)::date, '违规超范围使用共享数据', '第五十条')
                """
            )
        }
    }

    // MARK: - Refusals

    /// Everything a refused change must leave as it was: the audit trail's length and every row of the sharing tables
    /// (requests, demands, their histories, suspensions).
    static let fingerprint = Fingerprint([
        .init("share_request", orderedBy: "request_no"), .init("share_request_event", orderedBy: "id"),
        .init("share_demand", orderedBy: "demand_no"), .init("share_demand_event", orderedBy: "id"),
        .init("access_suspension", orderedBy: "id"),
    ])

    func snapshot() async throws -> String {
        try await Self.fingerprint.read(on: database)
    }

    /// Expects `body` to be refused as forbidden (object-level authorisation) and to leave everything as it was.
    func expectForbidden(
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: @escaping @Sendable () async throws -> Void
    ) async throws {
        let before = try await snapshot()
        let error = await refusal(sourceLocation: sourceLocation, of: body)
        #expect(error?.code == .forbidden, "\(String(describing: error))", sourceLocation: sourceLocation)
        #expect(try await snapshot() == before, sourceLocation: sourceLocation)
    }

    /// Expects `swift` (through the workflow or the store) and `sql` (plain statements, no actor) to be refused with
    /// `rule`'s error and to leave everything as it was.
    func expectSameRefusal(
        _ rule: String,
        swift: @escaping @Sendable () async throws -> Void,
        sql: [SQL],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        try await TestSupport.expectSameRefusal(
            RuleCatalog.rule(forConstraint: rule)?.error,
            swift: swift,
            sql: { [database] in try await runAsPsql(sql, on: database) },
            unchanged: snapshot,
            sourceLocation: sourceLocation
        )
    }
}
