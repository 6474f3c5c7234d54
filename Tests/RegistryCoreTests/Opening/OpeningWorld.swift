import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// A registry to test opening (A26.1, A28.1–A28.3), built on ``CatalogWorld``: 新城区卫生健康委员会 publishes
/// `OPEN-1` (open unconditionally), `COND-1` (open on conditions) and `SHUT-1`, `SHUT-2` (not open); 呼和浩特市's
/// authority has a planner; 张三 (a natural person, with a citizen number) and 某科技公司 (a legal person) are data users.
struct OpeningWorld {
    let catalog: CatalogWorld
    let items: [String: UUID]
    let planner: Principal
    let citizen: Principal
    let company: Principal

    static let citizenID = "150102" + "19900307" + "123" + String(CitizenIdentityNumber.checkCharacter(for: "15010219900307123")!)

    var database: RegistryDatabase { catalog.database }
    var clerk: Principal { catalog.healthClerk }
    var plans: OpenPlanWorkflow { OpenPlanWorkflow(database: database) }
    var objections: ObjectionWorkflow { ObjectionWorkflow(database: database) }
    var applications: OpenApplicationWorkflow { OpenApplicationWorkflow(database: database) }
    var openCatalog: OpenCatalog { OpenCatalog(database: database) }

    static func make() async throws -> OpeningWorld {
        let world = try await CatalogWorld.make()
        let (catalog, draft) = try await world.healthCatalogWithDraft()
        try await world.write(as: world.healthClerk) { try CatalogStore().discardDraft(draft.id, on: $0) }
        try await world.publish(
            [
                ("OPEN-1", CatalogWorld.fields()), ("COND-1", conditional()), ("SHUT-1", CatalogWorld.restrictedFields("出生医学证明")),
                ("SHUT-2", CatalogWorld.restrictedFields("传染病报告")),
            ],
            in: catalog,
            clerk: world.healthClerk,
            reviewer: world.xinchengReviewer
        )
        let items = try await world.read { connection in
            try connection.query("select id, code from catalog_item").rows.reduce(into: [String: UUID]()) {
                $0[try $1.decode("code", as: String.self)] = try $1.decode("id", as: UUID.self)
            }
        }
        let db = world.database
        return OpeningWorld(
            catalog: world,
            items: items,
            planner: try await db.actor(for: NewAccount(role: .planner, displayName: "计划编制员", institution: CatalogWorld.hohhotAuthority)),
            citizen: try await db.actor(
                for: NewAccount(
                    role: .dataUser,
                    displayName: "张三",
                    dataUser: NewDataUser(kind: .naturalPerson, name: "张三", citizenID: citizenID)
                )
            ),
            company: try await db.actor(
                for: NewAccount(
                    role: .dataUser,
                    displayName: "某科技公司",
                    dataUser: NewDataUser(kind: .legalPerson, name: "某科技公司", uscc: CatalogWorld.uscc("91150102MA0000301"))
                )
            )
        )
    }

    func drop() async throws {
        try await catalog.drop()
    }

    /// Valid fields of an item open on conditions.
    static func conditional(_ name: String = "医疗机构执业登记信息") -> CatalogItemFields {
        var fields = CatalogWorld.fields(name)
        fields.openType = .conditional
        fields.openConditions = "限定用于科研和公益用途"
        return fields
    }

    /// The codes of the open catalog, in order.
    func openCodes() async throws -> [String] {
        try await openCatalog.search(OpenPortalQuery(), limit: 100).items.map(\.itemCode)
    }

    /// Publishes a new version of the health catalog changing `code` to `fields`, approved on `day` (backdated in this
    /// test's own database, as if the reviewer had approved it then).
    func revise(_ code: String, to fields: CatalogItemFields, approvedOn day: String) async throws {
        let clerk = clerk
        let reviewer = catalog.xinchengReviewer
        let item = items[code]!
        let version = try await catalog.write(as: clerk) { connection in
            let store = CatalogStore()
            let catalogID = try store.catalog(of: CatalogWorld.xinchengHealth, on: connection)!.id
            let draft = try store.openDraft(of: catalogID, on: connection)
            try store.changeItem(item, fields: fields, in: draft.id, on: connection)
            try WideningConversions.record(in: draft.id, on: connection)
            return try store.submit(draft.id, on: connection)
        }
        try await catalog.write(as: reviewer) { _ = try CatalogStore().approve(version.id, reviewer: reviewer, on: $0) }
        try await catalog.backdateApprovals(of: version.id, to: day)
    }

    /// A valid application for `COND-1`.
    func application(scope: String = "医疗机构名称、执业范围", timeLimit: String = "2099-06-30") -> NewOpenApplication {
        NewOpenApplication(
            itemID: items["COND-1"]!,
            scenario: "区域医疗资源分布研究",
            dataScope: scope,
            deliveryMethod: "接口调用",
            timeLimit: CivilDate(iso: timeLimit)!,
            securityMeasures: "专人专机处理,数据不出研究室,结果脱敏发布"
        )
    }

    /// Everything a refused change must leave as it was: the opening tables and the audit trail's length.
    static let fingerprint = Fingerprint([
        .init("open_objection", orderedBy: "objection_no"), .init("open_application", orderedBy: "application_no"),
        .init("open_plan", orderedBy: "id"), .init("open_plan_item", orderedBy: "plan_id, item_id"),
    ])

    func snapshot() async throws -> String {
        try await Self.fingerprint.read(on: database)
    }

    /// Expects `body` to be refused with `rule`'s error (or, with `forbidden`, as forbidden) and to change nothing.
    func expectRefused(
        _ rule: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: @escaping @Sendable () async throws -> Void
    ) async throws {
        let before = try await snapshot()
        let error = await refusal(sourceLocation: sourceLocation, of: body)
        if let rule {
            #expect(error == RuleCatalog.rule(forConstraint: rule)?.error, "\(String(describing: error))", sourceLocation: sourceLocation)
        } else {
            #expect(error?.code == .forbidden, "\(String(describing: error))", sourceLocation: sourceLocation)
        }
        #expect(try await snapshot() == before, sourceLocation: sourceLocation)
    }

    /// Runs plain statements as psql would, expecting `rule`'s error.
    func expectSQLRefused(_ rule: String, _ statements: [SQL], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await expectRefused(rule, sourceLocation: sourceLocation) { [database] in try await runAsPsql(statements, on: database) }
    }
}
