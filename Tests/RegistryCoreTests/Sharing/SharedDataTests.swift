import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// A44.3: data obtained through sharing is marked on the receiving institution's items and never opened.
@Suite("Shared data is never republished (A44.3)")
struct SharedDataTests {
    @Test("A44.3: an item marked as derived from delivered shared data cannot be opened, by the store or plain SQL alike")
    func markedItemNeverOpened() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2026-11-02")
        let request = try await world.file(world.input(world.conditional, items: ["机构名称", "执业范围"]))
        _ = try await world.workflow.reply(to: request.id, .approve(dataItems: nil), by: world.source)
        _ = try await world.workflow.deliver(request.id, note: nil, by: world.source)

        // The requester's own catalog with a closed item built on the delivered data.
        let catalog = world.catalog
        let clerk = world.requester
        let reviewer = world.catalog.xinchengReviewer
        let education = try await catalog.write(as: clerk) {
            try CatalogStore().openInstitutionalCatalog(of: ShareWorld.requesterUSCC, on: $0)
        }
        let closed = CatalogWorld.restrictedFields("学校卫生机构统计", source: ShareWorld.requesterUSCC)
        try await catalog.publish([(code: "JY-001", fields: closed)], in: education, clerk: clerk, reviewer: reviewer)
        let item = try await catalog.read { try CatalogStore().item(code: "JY-001", inCatalog: education.id, on: $0)!.id }

        let outsider = await #expect(throws: RegistryError.self) {
            try await SharedDataWorkflow(database: world.database).mark(item, from: request.id, note: nil, by: world.source)
        }
        #expect(outsider?.code == .forbidden)
        let marked = try await SharedDataWorkflow(database: world.database).mark(item, from: request.id, note: "汇总了共享数据", by: clerk)
        #expect(marked.itemID == item && marked.shareRequestID == request.id)

        var opened = closed
        (opened.openType, opened.openConditions, opened.notOpenGround, opened.grade) = (.conditional, "限科研用途", nil, .general)
        let reopened = opened
        let draft = try await catalog.write(as: clerk) { try CatalogStore().openDraft(of: education.id, on: $0) }
        let refused = try await catalog.expectSameRefusal(
            SharedDataRules.notOpened,
            as: clerk,
            swift: { try CatalogStore().changeItem(item, fields: reopened, in: draft.id, on: $0) },
            sql: { try $0.query(CatalogWorld.plainRevisionInsert(reopened, item: item, version: draft.id)) }
        )
        #expect(refused?.article == "A44.3" && refused?.field == "open_type")
        try await world.drop()
    }
}
