import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// Flow-back (回流, A19.1): 呼和浩特市's platform (its public data authority) asks the region platform for data of the
/// region's catalog, on demand — a share request of kind `flow_back`, answered and delivered by the region's public data
/// authority within the same working-day clocks, with the same minimum authorisation and route; a late reply is a
/// compliance finding of the region's authority.
@Suite("Flow-back from the region platform to the league/city platforms (A19.1)")
struct FlowBackTests {
    /// On ``CatalogWorld``: 内蒙古自治区市场监督管理局 (region level) publishes the conditional item `ENT-1` and
    /// 新城区卫生健康委员会 the item `MED-1`; the clock is pinned to Monday 2026-11-02.
    struct World {
        let catalog: CatalogWorld
        let regionItem: UUID
        let countyItem: UUID
        let hohhotClerk: Principal
        let regionClerk: Principal
        let marketClerk: Principal
        let xinchengClerk: Principal
        var database: RegistryDatabase { catalog.database }
        var workflow: ShareRequestWorkflow { ShareRequestWorkflow(database: database) }

        static let regionMarket = CatalogWorld.uscc("11150000MB0000110")
        static let items = ["机构名称", "统一社会信用代码", "执业范围"]

        static func make() async throws -> World {
            let world = try await CatalogWorld.make()
            world.database.clock.pin(CivilDate(iso: "2026-11-02")!)
            try await world.database.write(AuditContext(role: "test")) { connection in
                try InstitutionStore().create(
                    NewInstitution(uscc: regionMarket, name: "内蒙古自治区市场监督管理局", divisionCode: "150000", kind: .publicInstitution),
                    on: connection
                )
            }
            func clerk(_ institution: String) async throws -> Principal {
                try await world.database.actor(for: NewAccount(role: .clerk, displayName: "登记员", institution: institution))
            }
            let marketClerk = try await clerk(regionMarket)
            let market = try await world.write(as: marketClerk) {
                try CatalogStore().openInstitutionalCatalog(of: regionMarket, on: $0)
            }
            try await world.publish(
                [("ENT-1", CatalogWorld.restrictedFields("经营主体登记信息", source: regionMarket))],
                in: market,
                clerk: marketClerk,
                reviewer: world.regionReviewer
            )
            let (health, draft) = try await world.healthCatalogWithDraft()
            try await world.write(as: world.healthClerk) { try CatalogStore().discardDraft(draft.id, on: $0) }
            try await world.publish([("MED-1", CatalogWorld.fields())], in: health, clerk: world.healthClerk, reviewer: world.xinchengReviewer)
            let ids = try await world.read { connection in
                try connection.query("select id, code from catalog_item").rows.reduce(into: [String: UUID]()) {
                    $0[try $1.decode("code", as: String.self)] = try $1.decode("id", as: UUID.self)
                }
            }
            return World(
                catalog: world,
                regionItem: ids["ENT-1"]!,
                countyItem: ids["MED-1"]!,
                hohhotClerk: try await clerk(CatalogWorld.hohhotAuthority),
                regionClerk: try await clerk(CatalogWorld.regionAuthority),
                marketClerk: marketClerk,
                xinchengClerk: try await clerk(CatalogWorld.xinchengAuthority)
            )
        }

        func input(_ item: UUID, items: [String] = ["机构名称", "执业范围"]) -> NewShareRequest {
            NewShareRequest(
                itemID: item,
                scenario: "盟市政务服务一网通办核验经营主体",
                commitment: true,
                dataItems: items,
                mode: .interface,
                endDate: CivilDate(iso: "2026-12-31")!
            )
        }

        func findings(asOf day: String, article: String = "A19.1") async throws -> [String] {
            try await database.read { connection in
                try connection.query(
                    """
                    select institution_uscc || ' ' || finding || ' ' || due || ' ' || working_days_overdue as line
                      from compliance_findings(\(day)::date) where article = \(article) order by line
                    """
                ).rows.map { try $0.decode("line", as: String.self) }
            }
        }

        func state() async throws -> String {
            try await database.read { connection in
                try connection.query(
                    """
                    select concat_ws(' | ', (select count(*) from audit_log),
                        (select string_agg(r::text, ';' order by request_no) from share_request r),
                        (select count(*) from share_request_event)) as state
                    """
                ).first!.decode("state", as: String.self)
            }
        }

        /// Expects `body` to be refused with `rule`'s error (forbidden when `nil`) and to leave nothing behind.
        func expectRefused(
            _ rule: String?,
            sourceLocation: SourceLocation = #_sourceLocation,
            _ body: @escaping @Sendable () async throws -> Void
        ) async throws {
            let before = try await state()
            do {
                try await body()
                Issue.record("not refused", sourceLocation: sourceLocation)
            } catch let error as RegistryError {
                if let rule {
                    #expect(error == RuleCatalog.rule(forConstraint: rule)?.error, "\(error)", sourceLocation: sourceLocation)
                } else {
                    #expect(error.code == .forbidden, "\(error)", sourceLocation: sourceLocation)
                }
            }
            #expect(try await state() == before, "a refused change left something behind", sourceLocation: sourceLocation)
        }
    }

    @Test("A19.1: a league/city platform asks the region platform; the region's authority answers in 5 working days, no item beyond those asked")
    func filedAnsweredDelivered() async throws {
        let world = try await World.make()
        let filed = try await world.workflow.file(world.input(world.regionItem), kind: .flowBack, by: world.hohhotClerk).request
        #expect(filed.kind == .flowBack && filed.state == .submitted)
        #expect(filed.source == CatalogWorld.regionAuthority && filed.requester == CatalogWorld.hohhotAuthority)
        #expect(filed.replyDue == CivilDate(iso: "2026-11-09"), "5 working days after Monday 2026-11-02 (W.1)")
        #expect(filed.route == ["150100", "150000"], "A25.1: from the league/city's authority up to the region's")

        let workflow = world.workflow
        let marketClerk = world.marketClerk
        let regionClerk = world.regionClerk
        try await world.expectRefused(nil) { _ = try await workflow.reply(to: filed.id, .approve(dataItems: nil), by: marketClerk) }
        try await world.expectRefused("share_request_minimum_authorisation_a23_4") {
            _ = try await workflow.reply(to: filed.id, .approve(dataItems: World.items), by: regionClerk)
        }
        world.database.clock.pin(CivilDate(iso: "2026-11-06")!)
        let approved = try await world.workflow.reply(to: filed.id, .approve(dataItems: ["机构名称"]), by: world.regionClerk).request
        #expect(approved.state == .approved && approved.approvedItems == ["机构名称"])
        #expect(approved.deliveryDue == CivilDate(iso: "2026-11-13"))
        let delivered = try await world.workflow.deliver(filed.id, note: "经自治区公共数据平台接口回流", by: world.regionClerk)
        #expect(delivered.request.state == .delivered && delivered.history.map(\.state) == [.submitted, .approved, .delivered])

        let flowBacks = try await world.workflow.requests(of: CatalogWorld.hohhotAuthority, state: nil, kind: .flowBack, by: world.hohhotClerk)
        #expect(flowBacks.map(\.id) == [filed.id])
        #expect(try await world.workflow.requests(of: CatalogWorld.hohhotAuthority, state: nil, kind: .share, by: world.hohhotClerk).isEmpty)
        #expect(try await world.findings(asOf: "2026-11-30") == [], "answered and delivered in time")
        try await world.catalog.drop()
    }

    @Test("A19.1: only a league/city's public data authority asks, only for the region's items, and a request keeps its kind")
    func whoAsksForWhat() async throws {
        let world = try await World.make()
        let input = world.input(world.regionItem)
        let countyInput = world.input(world.countyItem)
        let workflow = world.workflow
        let transport = world.catalog.transportClerk
        let xinchengClerk = world.xinchengClerk
        let hohhotClerk = world.hohhotClerk
        try await world.expectRefused("share_request_flow_back_requester_league_city_a19_1") {
            _ = try await workflow.file(input, kind: .flowBack, by: transport)
        }
        try await world.expectRefused("share_request_flow_back_requester_league_city_a19_1") {
            _ = try await workflow.file(input, kind: .flowBack, by: xinchengClerk)
        }
        try await world.expectRefused("share_request_flow_back_region_data_a19_1") {
            _ = try await workflow.file(countyInput, kind: .flowBack, by: hohhotClerk)
        }
        try await world.expectRefused("share_request_flow_back_requester_league_city_a19_1") { [database = world.database] in
            try await database.write(AuditContext(role: "psql")) { connection in
                _ = try connection.query(
                    """
                    insert into share_request (kind, item_id, requester_uscc, requester_account, scenario, commitment, requested_items,
                                               mode, end_date)
                    values ('flow_back', \(input.itemID), \(CatalogWorld.hohhotTransport), \(transport.account.id), '核验', true,
                            array['机构名称'], 'interface', '2026-12-31')
                    """
                )
            }
        }
        let share = try await world.workflow.file(input, by: transport).request
        #expect(share.kind == .share && share.source == World.regionMarket, "a share request still goes to the item's institution")
        try await world.expectRefused("share_request_kind_kept_a19_1") { [database = world.database] in
            try await database.write(AuditContext(role: "psql")) { _ = try $0.query("update share_request set kind = 'flow_back'") }
        }
        try await world.catalog.drop()
    }

    @Test("A19.1 RP.3: a flow-back not answered within 5 working days is a finding of the region's authority, like a late share reply")
    func lateReplyIsAFinding() async throws {
        let world = try await World.make()
        let filed = try await world.workflow.file(world.input(world.regionItem), kind: .flowBack, by: world.hohhotClerk).request
        #expect(try await world.findings(asOf: "2026-11-09") == [])
        let late = "\(CatalogWorld.regionAuthority) 数据回流申请 \(filed.number)(呼和浩特市政务服务与数据管理局) 逾期未答复 2026-11-09"
        #expect(try await world.findings(asOf: "2026-11-10") == [late + " 1"])
        #expect(try await world.findings(asOf: "2026-11-12") == [late + " 3"])
        #expect(try await world.findings(asOf: "2026-11-12", article: "A23.2") == [], "owed under 第十九条, not 第二十三条")
        world.database.clock.pin(CivilDate(iso: "2026-11-11")!)
        let refusal = ShareReply.refuse(reason: "涉及商业秘密", legalBasis: "《中华人民共和国反不正当竞争法》第九条")
        _ = try await world.workflow.reply(to: filed.id, refusal, by: world.regionClerk)
        #expect(try await world.findings(asOf: "2026-11-10") == [late + " 1"], "still late on the days before the reply")
        #expect(try await world.findings(asOf: "2026-11-11") == [])
        try await world.catalog.drop()
    }
}
