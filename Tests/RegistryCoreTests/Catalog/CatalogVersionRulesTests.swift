import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// A10.1, A10.3, A11.1: the rules on catalogs, versions, item identities, level catalogs and update obligations refuse
/// the same input with the same error through the store and through plain SQL, and a refusal changes nothing.
@Suite("Catalog and version rules, Swift and SQL alike (A10.1, A10.3, A11.1)")
struct CatalogVersionRulesTests {
    @Test("one catalog per institution; a catalog has a name (A10.1)")
    func oneCatalogPerInstitution() async throws {
        let world = try await CatalogWorld.make()
        try await world.expectSameRefusal(
            CatalogRules.catalogNameNotBlank,
            as: world.healthClerk,
            swift: { _ = try CatalogStore().openInstitutionalCatalog(of: CatalogWorld.xinchengHealth, name: " ", on: $0) },
            sql: {
                try $0.query(
                    """
                    insert into catalog (kind, institution_uscc, division_code, name)
                    values ('institutional', \(CatalogWorld.xinchengHealth), '150102', ' ')
                    """
                )
            }
        )
        let (catalog, _) = try await world.healthCatalogWithDraft()
        #expect(catalog.name == "新城区卫生健康委员会公共数据资源目录")
        #expect(catalog.divisionCode == "150102")
        try await world.expectSameRefusal(
            CatalogRules.onePerOwner,
            as: world.healthClerk,
            swift: { _ = try CatalogStore().openInstitutionalCatalog(of: CatalogWorld.xinchengHealth, on: $0) },
            sql: {
                try $0.query(
                    """
                    insert into catalog (kind, institution_uscc, division_code, name)
                    values ('institutional', \(CatalogWorld.xinchengHealth), '150102', '第二个目录')
                    """
                )
            }
        )
        try await world.drop()
    }

    @Test("a level catalog is kept by the division's authority, in the owner's division (A10.1, SQL)")
    func levelCatalogOwner() async throws {
        let world = try await CatalogWorld.make()
        let level = await world.refusal {
            try $0.query(
                """
                insert into catalog (kind, institution_uscc, division_code, name)
                values ('level', \(CatalogWorld.xinchengHealth), '150102', '新城区本级目录')
                """
            )
        }
        #expect(level == CatalogRules.levelKeptByAuthority.error)
        let division = await world.refusal {
            try $0.query(
                """
                insert into catalog (kind, institution_uscc, division_code, name)
                values ('institutional', \(CatalogWorld.xinchengHealth), '150103', '目录')
                """
            )
        }
        #expect(division == CatalogRules.divisionOfOwner.error)
        let opened = try await world.write(as: world.xinchengReviewer) {
            try CatalogStore().openLevelCatalog(of: "150102", on: $0)
        }
        #expect(opened.kind == .level)
        #expect(opened.institution == CatalogWorld.xinchengAuthority)
        #expect(opened.name == "新城区本级公共数据资源目录")
        try await world.drop()
    }

    @Test("one open version per catalog; an empty draft is not submitted (A10.3)")
    func openVersionRules() async throws {
        let world = try await CatalogWorld.make()
        let (catalog, draft) = try await world.healthCatalogWithDraft()
        #expect(draft.number == 1)
        #expect(draft.state == .draft)
        try await world.expectSameRefusal(
            CatalogRules.oneOpenVersion,
            as: world.healthClerk,
            swift: { _ = try CatalogStore().openDraft(of: catalog.id, on: $0) },
            sql: { try $0.query("insert into catalog_version (catalog_id) values (\(catalog.id))") }
        )
        try await world.expectSameRefusal(
            CatalogRules.notEmpty,
            as: world.healthClerk,
            swift: { try CatalogStore().submit(draft.id, on: $0) },
            sql: { try $0.query("update catalog_version set state = 'submitted' where id = \(draft.id)") }
        )
        let started = await world.refusal { try $0.query("insert into catalog_version (catalog_id, state) values (\(catalog.id), 'approved')") }
        #expect(started == CatalogRules.startsAsDraft.error)
        try await world.drop()
    }

    @Test("a submitted version keeps its history; only a draft changes; transitions follow the flow (A10.3)")
    func submittedVersionRules() async throws {
        let world = try await CatalogWorld.make()
        let (catalog, draft) = try await world.healthCatalogWithDraft()
        let added = try await world.write(as: world.healthClerk) { connection in
            let revision = try CatalogStore().addItem(
                code: "YL-001",
                fields: CatalogWorld.fields(),
                to: draft.id,
                on: connection
            )
            try CatalogStore().submit(draft.id, on: connection)
            return revision
        }
        try await world.expectSameRefusal(
            CatalogRules.historyKept,
            as: world.healthClerk,
            swift: { try CatalogStore().discardDraft(draft.id, on: $0) },
            sql: { try $0.query("delete from catalog_version where id = \(draft.id)") }
        )
        try await world.expectSameRefusal(
            CatalogRules.historyKept,
            as: world.healthClerk,
            swift: { try CatalogStore().submit(draft.id, on: $0) },
            sql: { try $0.query("update catalog_version set state = 'submitted', note = '再次提交' where id = \(draft.id)") }
        )
        try await world.expectSameRefusal(
            CatalogRules.revisionDraftOnly,
            as: world.healthClerk,
            swift: {
                try CatalogStore().changeItem(added.itemID, fields: CatalogWorld.fields("改名"), in: draft.id, on: $0)
            },
            sql: { try $0.query("update catalog_item_revision set name = '改名' where id = \(added.id)") }
        )
        try await world.expectSameRefusal(
            CatalogRules.transition,
            as: world.healthClerk,
            swift: { try CatalogStore().reopen(draft.id, on: $0) },
            sql: { try $0.query("update catalog_version set state = 'draft' where id = \(draft.id)") }
        )
        try await world.expectSameRefusal(
            CatalogRules.returnedWithReasons,
            as: world.xinchengReviewer,
            swift: { try CatalogStore().returnVersion(draft.id, reason: "  ", reviewer: world.xinchengReviewer, on: $0) },
            sql: {
                try $0.query(
                    """
                    update catalog_version set state = 'returned', reviewer_institution = \(CatalogWorld.xinchengAuthority),
                           return_reason = '  '
                     where id = \(draft.id)
                    """
                )
            }
        )
        let approved = try await world.write(as: world.xinchengReviewer) {
            try CatalogStore().approve(draft.id, reviewer: world.xinchengReviewer, on: $0)
        }
        #expect(approved.state == .approved)
        try await world.expectSameRefusal(
            CatalogRules.historyKept,
            as: world.xinchengReviewer,
            swift: { try CatalogStore().approve(draft.id, reviewer: world.xinchengReviewer, on: $0) },
            sql: { try $0.query("update catalog_version set state = 'approved', return_reason = null where id = \(draft.id)") }
        )
        try await world.expectSameRefusal(
            CatalogRules.transition,
            as: world.xinchengReviewer,
            swift: { try CatalogStore().returnVersion(draft.id, reason: "补充", reviewer: world.xinchengReviewer, on: $0) },
            sql: { try $0.query("update catalog_version set state = 'returned', return_reason = '补充' where id = \(draft.id)") }
        )
        // A new draft: approving it before submission skips a step.
        let second = try await world.write(as: world.healthClerk) { try CatalogStore().openDraft(of: catalog.id, on: $0) }
        #expect(second.number == 2)
        try await world.expectSameRefusal(
            CatalogRules.transition,
            as: world.xinchengReviewer,
            swift: { try CatalogStore().approve(second.id, reviewer: world.xinchengReviewer, on: $0) },
            sql: {
                try $0.query(
                    "update catalog_version set state = 'approved', reviewer_institution = \(CatalogWorld.xinchengAuthority) where id = \(second.id)"
                )
            }
        )
        let current = await world.refusal {
            try $0.query("update catalog_item set current_revision_id = null where id = \(added.itemID)")
        }
        #expect(current == CatalogRules.currentByApproval.error)
        try await world.drop()
    }

    @Test("item codes: format, unique in the catalog, kept; items only in institutional catalogs (A10.1, A10.3)")
    func itemIdentityRules() async throws {
        let world = try await CatalogWorld.make()
        let (catalog, draft) = try await world.healthCatalogWithDraft()
        try await world.expectSameRefusal(
            CatalogRules.itemCodeFormat,
            as: world.healthClerk,
            swift: { try CatalogStore().addItem(code: "-YL 1", fields: CatalogWorld.fields(), to: draft.id, on: $0) },
            sql: { try $0.query("insert into catalog_item (catalog_id, code) values (\(catalog.id), '-YL 1')") }
        )
        let added = try await world.write(as: world.healthClerk) {
            try CatalogStore().addItem(code: "YL/2026-001", fields: CatalogWorld.fields(), to: draft.id, on: $0)
        }
        try await world.expectSameRefusal(
            CatalogRules.itemCodeUnique,
            as: world.healthClerk,
            swift: { try CatalogStore().addItem(code: "YL/2026-001", fields: CatalogWorld.fields(), to: draft.id, on: $0) },
            sql: { try $0.query("insert into catalog_item (catalog_id, code) values (\(catalog.id), 'YL/2026-001')") }
        )
        let renamed = await world.refusal { try $0.query("update catalog_item set code = 'YL-9' where id = \(added.itemID)") }
        #expect(renamed == CatalogRules.itemIdentityKept.error)
        let twice = await world.refusal {
            try $0.query(CatalogWorld.plainRevisionInsert(CatalogWorld.fields(), item: added.itemID, version: draft.id))
        }
        #expect(twice == CatalogRules.revisionOncePerVersion.error)

        let (level, levelDraft) = try await world.write(as: world.xinchengReviewer) { connection in
            let level = try CatalogStore().openLevelCatalog(of: "150102", on: connection)
            return (level, try CatalogStore().openDraft(of: level.id, on: connection))
        }
        try await world.expectSameRefusal(
            CatalogRules.itemInInstitutionalCatalog,
            as: world.xinchengReviewer,
            swift: { try CatalogStore().addItem(code: "X-1", fields: CatalogWorld.fields(), to: levelDraft.id, on: $0) },
            sql: { try $0.query("insert into catalog_item (catalog_id, code) values (\(level.id), 'X-1')") }
        )
        try await world.expectSameRefusal(
            CatalogRules.revisionOwnCatalog,
            as: world.xinchengReviewer,
            swift: {
                try CatalogStore().changeItem(
                    added.itemID,
                    fields: CatalogWorld.fields(),
                    in: levelDraft.id,
                    on: $0
                )
            },
            sql: { try $0.query(CatalogWorld.plainRevisionInsert(CatalogWorld.fields(), item: added.itemID, version: levelDraft.id)) }
        )
        let member = await world.refusal {
            try $0.query("insert into level_catalog_member (version_id, member_version_id) values (\(levelDraft.id), \(draft.id))")
        }
        #expect(member == CatalogRules.levelCompilesApproved.error)
        try await world.drop()
    }

    @Test("compiling is judged by the database, even when it would change no member (A10.1, A10.3)")
    func compileJudgedByDatabase() async throws {
        let world = try await CatalogWorld.make()
        let store = CatalogStore()
        let health = try await world.write(as: world.healthClerk) {
            try store.openInstitutionalCatalog(of: CatalogWorld.xinchengHealth, on: $0)
        }
        let approved = try await world.publish(
            [("YL-001", CatalogWorld.fields())],
            in: health,
            clerk: world.healthClerk,
            reviewer: world.xinchengReviewer
        )
        let healthDraft = try await world.write(as: world.healthClerk) { try store.openDraft(of: health.id, on: $0) }
        // An institutional catalog compiles nothing, though here no member would be written or removed.
        try await world.expectSameRefusal(
            CatalogRules.levelCompilesApproved,
            as: world.healthClerk,
            swift: { try store.compileLevelCatalog(healthDraft.id, on: $0) },
            sql: { try $0.query("select level_catalog_compile(\(healthDraft.id))") }
        )
        let levelDraft = try await world.write(as: world.xinchengReviewer) { connection in
            let level = try store.openLevelCatalog(of: "150102", on: connection)
            return try store.openDraft(of: level.id, on: connection)
        }
        let members = try await world.write(as: world.xinchengReviewer) { connection in
            let members = try store.compileLevelCatalog(levelDraft.id, on: connection)
            _ = try store.submit(levelDraft.id, on: connection)
            return members
        }
        #expect(members.map(\.versionID) == [approved.id])
        // Compiling the submitted version again would keep the same members: the database refuses it all the same.
        try await world.expectSameRefusal(
            CatalogRules.revisionDraftOnly,
            as: world.xinchengReviewer,
            swift: { try store.compileLevelCatalog(levelDraft.id, on: $0) },
            sql: { try $0.query("select level_catalog_compile(\(levelDraft.id))") }
        )
        let viaWorkflow = await refusal { _ = try await world.workflow.compile(levelDraft.id, by: world.xinchengReviewer) }
        #expect(viaWorkflow == CatalogRules.revisionDraftOnly.error)
        let unknown = await world.refusal(as: world.xinchengReviewer) { _ = try store.compileLevelCatalog(UUID(), on: $0) }
        #expect(unknown?.code == .notFound)
        try await world.drop()
    }

    @Test("a reopened draft keeps its history; a plain delete discards a draft with its items as the store does (A10.3)")
    func discardJudgedByDatabase() async throws {
        let world = try await CatalogWorld.make()
        let store = CatalogStore()
        let (_, draft) = try await world.healthCatalogWithDraft()
        try await world.write(as: world.healthClerk) { connection in
            try store.addItem(code: "YL-001", fields: CatalogWorld.fields(), to: draft.id, on: connection)
            _ = try store.submit(draft.id, on: connection)
        }
        try await world.write(as: world.xinchengReviewer) {
            try store.returnVersion(draft.id, reason: "缺少数据项说明。", reviewer: world.xinchengReviewer, on: $0)
        }
        let reopened = try await world.write(as: world.healthClerk) { try store.reopen(draft.id, on: $0) }
        #expect(reopened.state == .draft)
        // A draft again, but it was submitted once: its review events are kept, and so is it.
        try await world.expectSameRefusal(
            CatalogRules.historyKept,
            as: world.healthClerk,
            swift: { try store.discardDraft(draft.id, on: $0) },
            sql: { try $0.query("delete from catalog_version where id = \(draft.id)") }
        )
        let viaWorkflow = await refusal { try await world.workflow.discardDraft(draft.id, by: world.healthClerk) }
        #expect(viaWorkflow == CatalogRules.historyKept.error)

        let (education, educationDraft) = try await world.write(as: world.educationClerk) { connection in
            let education = try store.openInstitutionalCatalog(of: CatalogWorld.xinchengEducation, on: connection)
            let draft = try store.openDraft(of: education.id, on: connection)
            for code in ["JY-001", "JY-002"] {
                try store.addItem(
                    code: code,
                    fields: CatalogWorld.fields("中小学校名录", source: CatalogWorld.xinchengEducation),
                    to: draft.id,
                    on: connection
                )
            }
            return (education, draft)
        }
        try await runAsPsql(["delete from catalog_version where id = \(educationDraft.id)"], on: world.database)
        let left = try await world.read { connection in
            (
                try store.openVersion(of: education.id, on: connection),
                try connection.queryOne("select count(*) as n from catalog_item where catalog_id = \(education.id)")
                    .decode("n", as: Int.self)
            )
        }
        #expect(left.0 == nil)
        #expect(left.1 == 0)
        let unknown = await world.refusal(as: world.healthClerk) { try store.discardDraft(UUID(), on: $0) }
        #expect(unknown?.code == .notFound)
        try await world.drop()
    }

    @Test("a draft never submitted can be discarded with the items it added; changes can be taken out (A10.3)")
    func discardDraft() async throws {
        let world = try await CatalogWorld.make()
        let (catalog, draft) = try await world.healthCatalogWithDraft()
        let first = try await world.write(as: world.healthClerk) { connection in
            try CatalogStore().addItem(code: "YL-001", fields: CatalogWorld.fields(), to: draft.id, on: connection)
            return try CatalogStore().addItem(code: "YL-002", fields: CatalogWorld.fields("床位数"), to: draft.id, on: connection)
        }
        try await world.write(as: world.healthClerk) {
            try CatalogStore().discardChange(of: first.itemID, in: draft.id, on: $0)
        }
        #expect(try await world.read { try CatalogStore().item(first.itemID, on: $0) } == nil)
        try await world.write(as: world.healthClerk) { try CatalogStore().discardDraft(draft.id, on: $0) }
        let left = try await world.read { connection in
            (
                try CatalogStore().openVersion(of: catalog.id, on: connection),
                try connection.query("select count(*) as n from catalog_item").first!.decode("n", as: Int.self)
            )
        }
        #expect(left.0 == nil)
        #expect(left.1 == 0)
        try await world.drop()
    }

    @Test("an update obligation is described, dated in a loaded year, and its event kept (A11.1, W.2)")
    func obligationRules() async throws {
        let world = try await CatalogWorld.make()
        let (catalog, _) = try await world.healthCatalogWithDraft()
        let blank = NewCatalogUpdateObligation(eventOn: CivilDate(iso: "2026-02-13")!, description: " ")
        try await world.expectSameRefusal(
            CatalogRules.obligationDescribed,
            as: world.healthClerk,
            swift: { try CatalogStore().recordUpdateObligation(blank, for: catalog.id, on: $0) },
            sql: {
                try $0.query(
                    "insert into catalog_update_obligation (catalog_id, event_on, description) values (\(catalog.id), '2026-02-13', ' ')"
                )
            }
        )
        // Fifteen working days after 2060-12-20 reach into 2061, which not even the provisional calendar covers (W.3).
        let late = NewCatalogUpdateObligation(eventOn: CivilDate(iso: "2060-12-20")!, description: "职责调整")
        let before = try await world.snapshot()
        let viaSwift = await world.refusal(as: world.healthClerk) {
            try CatalogStore().recordUpdateObligation(late, for: catalog.id, on: $0)
        }
        let viaSQL = await world.refusal {
            try $0.query(
                "insert into catalog_update_obligation (catalog_id, event_on, description) values (\(catalog.id), '2060-12-20', '职责调整')"
            )
        }
        #expect(viaSwift == viaSQL)
        #expect(viaSwift?.article == "W.2")
        #expect(viaSwift?.message.contains("2061") == true)
        #expect(try await world.snapshot() == before)

        let recorded = try await world.write(as: world.healthClerk) {
            try CatalogStore().recordUpdateObligation(
                NewCatalogUpdateObligation(eventOn: CivilDate(iso: "2026-02-13")!, description: "机构职能调整"),
                for: catalog.id,
                on: $0
            )
        }
        let moved = await world.refusal {
            try $0.query("update catalog_update_obligation set event_on = '2026-03-02' where id = \(recorded.id)")
        }
        #expect(moved == CatalogRules.obligationDue.error)
        let undated = await world.refusal {
            try $0.query(
                "update catalog_update_obligation set fulfilled_version_id = (select id from catalog_version limit 1) where id = \(recorded.id)"
            )
        }
        #expect(undated == CatalogRules.obligationFulfilmentDated.error)
        try await world.drop()
    }

    @Test("every catalog and classification rule is listed once, named after its requirement where it has one")
    func rulesListed() {
        let rules = CatalogRules.all + ClassificationRules.all
        #expect(Set(rules.map(\.constraint)).count == rules.count)
        for rule in rules where rule.constraint.hasSuffix("_a9_2") || rule.constraint.hasSuffix("_a21_1") {
            #expect(rule.article != nil)
        }
    }
}
