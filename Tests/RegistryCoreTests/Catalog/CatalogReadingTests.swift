import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// A10.1, A10.3: reading the catalog — history and diff across approved versions, the published items with filters
/// and keyset paging.
@Suite("Reading the catalog: history, diff, filters and paging (A10.1, A10.3)")
struct CatalogReadingTests {
    @Test("an item's history and the diff between two approved versions")
    func historyAndDiff() async throws {
        let world = try await CatalogWorld.make()
        let store = CatalogStore()
        let catalog = try await world.write(as: world.healthClerk) {
            try store.openInstitutionalCatalog(of: CatalogWorld.xinchengHealth, on: $0)
        }
        let first = try await world.publish(
            [
                ("A-001", CatalogWorld.fields("医疗机构名录")), ("B-001", CatalogWorld.fields("床位数统计")),
                ("C-001", CatalogWorld.fields("执业医师名录")),
            ],
            in: catalog,
            clerk: world.healthClerk,
            reviewer: world.xinchengReviewer
        )
        let items = try await world.read { try store.itemsInForce(at: first.id, on: $0) }
        let id = Dictionary(uniqueKeysWithValues: items.map { ($0.code, $0.itemID) })

        // Version 2: A becomes conditionally shared under a new name, B is withdrawn, D is added, C stays.
        var changedA = CatalogWorld.restrictedFields("医疗机构执业信息")
        changedA.openType = .unconditional
        changedA.notOpenGround = nil
        changedA.grade = .general
        let newA = changedA
        let second = try await world.write(as: world.healthClerk) { connection in
            let draft = try store.openDraft(of: catalog.id, note: "机构改革后更新", on: connection)
            try store.changeItem(id["A-001"]!, fields: CatalogWorld.fields("临时名称"), in: draft.id, on: connection)
            try store.changeItem(id["A-001"]!, fields: newA, in: draft.id, on: connection)
            try store.withdrawItem(id["B-001"]!, in: draft.id, on: connection)
            try store.addItem(code: "D-001", fields: CatalogWorld.fields("家庭医生签约"), to: draft.id, on: connection)
            return try store.submit(draft.id, on: connection)
        }
        // Under review, the change is visible to a diff but not yet published.
        let pending = try await world.read { try store.item(id["A-001"]!, on: $0) }
        #expect(pending?.fields?.name == "医疗机构名录")
        try await world.write(as: world.xinchengReviewer) { try store.approve(second.id, reviewer: world.xinchengReviewer, on: $0) }

        let history = try await world.read { try store.history(of: id["A-001"]!, on: $0) }
        #expect(history.map(\.versionNumber) == [1, 2])
        #expect(history.map(\.versionState) == [.approved, .approved])
        #expect(history.map(\.fields.name) == ["医疗机构名录", "医疗机构执业信息"])
        #expect(history.allSatisfy { $0.submittedOn != nil && $0.decisionDue != nil && $0.decidedAt != nil })

        let diff = try await world.read { try store.diff(from: first.id, to: second.id, on: $0) }
        #expect(diff.fromVersionNumber == 1 && diff.toVersionNumber == 2)
        #expect(diff.added.map(\.code) == ["D-001"])
        #expect(diff.withdrawn.map(\.code) == ["B-001"])
        #expect(diff.withdrawn.first?.name == "床位数统计")
        #expect(diff.changed.map(\.code) == ["A-001"])
        #expect(diff.changed.first?.changedFields == ["name", "share_type", "share_conditions", "share_reason", "share_legal_basis"])
        let backwards = try await world.read { try store.diff(from: second.id, to: first.id, on: $0) }
        #expect(backwards.added.map(\.code) == ["B-001"] && backwards.withdrawn.map(\.code) == ["D-001"])

        // Version 1 stays readable as it was; the published catalog is version 2.
        let atFirst = try await world.read { try store.itemsInForce(at: first.id, on: $0) }
        #expect(atFirst.map(\.code) == ["A-001", "B-001", "C-001"])
        #expect(atFirst.first?.fields.name == "医疗机构名录")
        let published = try await world.read { try store.publishedItems(CatalogItemFilter(institution: CatalogWorld.xinchengHealth), on: $0) }
        #expect(published.items.map(\.code) == ["A-001", "C-001", "D-001"])
        #expect(published.items.first?.shareType == .conditional)
        #expect(published.items.map(\.currentVersionNumber) == [2, 1, 2])
        // A10.1: a page holds summaries; each agrees with the item's fields in force.
        for summary in published.items {
            let fields = try await world.read { try store.item(summary.id, on: $0) }?.fields
            #expect(summary.name == fields?.name && summary.dataItemCount == fields?.dataItems.count)
            #expect(summary.shareType == fields?.shareType && summary.openType == fields?.openType && summary.grade == fields?.grade)
        }
        let withdrawn = try await world.read { try store.item(id["B-001"]!, on: $0) }
        #expect(withdrawn?.withdrawn == true && withdrawn?.isPublished == false)

        let versions = try await world.read { try store.versions(of: catalog.id, on: $0) }
        #expect(versions.map(\.version.number) == [1, 2])
        #expect(versions.map(\.changeCount) == [3, 3])
        #expect(versions.map { $0.events.map(\.kind) } == [[.submitted, .approved], [.submitted, .approved]])

        let other = try await world.write(as: world.educationClerk) { connection in
            let catalog = try store.openInstitutionalCatalog(of: CatalogWorld.xinchengEducation, on: connection)
            return try store.openDraft(of: catalog.id, on: connection)
        }
        let mixed = await #expect(throws: RegistryError.self) { try await world.read { try store.diff(from: first.id, to: other.id, on: $0) } }
        #expect(mixed?.field == "to")
        try await world.drop()
    }

    /// Published items in three divisions and four institutions with varied types, grades and names.
    static func publishedWorld() async throws -> CatalogWorld {
        let world = try await CatalogWorld.make()
        let store = CatalogStore()
        let owners: [(Principal, String, String)] = [
            (world.healthClerk, CatalogWorld.xinchengHealth, "YL"), (world.educationClerk, CatalogWorld.xinchengEducation, "JY"),
            (world.huiminClerk, CatalogWorld.huiminCivilAffairs, "MZ"), (world.transportClerk, CatalogWorld.hohhotTransport, "JT"),
        ]
        let reviewers = [world.xinchengReviewer, world.xinchengReviewer, world.huiminReviewer, world.hohhotReviewer]
        for ((clerk, uscc, prefix), reviewer) in zip(owners, reviewers) {
            let catalog = try await world.write(as: clerk) { try store.openInstitutionalCatalog(of: uscc, on: $0) }
            var items: [(code: String, fields: CatalogItemFields)] = []
            for index in 1...5 {
                var fields =
                    index.isMultiple(of: 2)
                    ? CatalogWorld.restrictedFields("\(prefix)数据\(index)", source: uscc)
                    : CatalogWorld.fields("\(prefix)名录\(index)", source: uscc)
                if index == 5 {
                    fields.grade = .core
                    fields.openType = .conditional
                    fields.openConditions = "限科研用途"
                    fields.name = "\(prefix)核心数据_100%"
                }
                items.append(("\(prefix)-\(index)", fields))
            }
            try await world.publish(items, in: catalog, clerk: clerk, reviewer: reviewer)
        }
        return world
    }

    @Test("filters: division with the divisions below it, institution, share type, open type, grade, free text")
    func filters() async throws {
        let world = try await Self.publishedWorld()
        let store = CatalogStore()
        func codes(_ filter: CatalogItemFilter) async throws -> [String] {
            let walked = try await world.read { try store.publishedItems(filter, limit: 500, on: $0) }.items.map(\.code)
            // A walk of 3 listing rows rarely fills the page: the grams index finds it instead, with the same answer.
            let indexed = try await world.read {
                try CatalogStore(orderedWalkRows: 3).publishedItems(filter, limit: 500, on: $0)
            }.items.map(\.code)
            #expect(walked == indexed, "\(filter)")
            return walked
        }
        #expect(try await codes(CatalogItemFilter()).count == 20)
        #expect(try await codes(CatalogItemFilter(divisionCode: "150100")).count == 20)
        #expect(try await codes(CatalogItemFilter(divisionCode: "150000")).count == 20)
        #expect(
            try await codes(CatalogItemFilter(divisionCode: "150102"))
                == ["JY-1", "JY-2", "JY-3", "JY-4", "JY-5", "YL-1", "YL-2", "YL-3", "YL-4", "YL-5"]
        )
        #expect(try await codes(CatalogItemFilter(divisionCode: "150103")) == ["MZ-1", "MZ-2", "MZ-3", "MZ-4", "MZ-5"])
        #expect(try await codes(CatalogItemFilter(divisionCode: "150200")).isEmpty)
        // A region's code is compared with the last code of each item's path: another region's code finds nothing.
        #expect(try await codes(CatalogItemFilter(divisionCode: "140000")).isEmpty)
        let transport = CatalogItemFilter(institution: CatalogWorld.hohhotTransport.lowercased())
        #expect(try await codes(transport) == ["JT-1", "JT-2", "JT-3", "JT-4", "JT-5"])
        #expect(try await codes(CatalogItemFilter(divisionCode: "150102", shareType: .conditional)) == ["JY-2", "JY-4", "YL-2", "YL-4"])
        #expect(try await codes(CatalogItemFilter(shareType: .notShared)).isEmpty)
        #expect(try await codes(CatalogItemFilter(openType: .conditional)) == ["JT-5", "JY-5", "MZ-5", "YL-5"])
        #expect(try await codes(CatalogItemFilter(divisionCode: "150103", openType: .notOpen)) == ["MZ-2", "MZ-4"])
        #expect(try await codes(CatalogItemFilter(grade: .core)) == ["JT-5", "JY-5", "MZ-5", "YL-5"])
        #expect(try await codes(CatalogItemFilter(grade: .important, text: "MZ")) == ["MZ-2", "MZ-4"])
        #expect(try await codes(CatalogItemFilter(text: "名录")).count == 8)
        #expect(try await codes(CatalogItemFilter(text: "yl 名录")) == ["YL-1", "YL-3"])
        // Data items' names are found too; % and _ are literal.
        #expect(try await codes(CatalogItemFilter(institution: CatalogWorld.xinchengHealth, text: "执业范围")).count == 5)
        #expect(try await codes(CatalogItemFilter(text: "_100%")) == ["JT-5", "JY-5", "MZ-5", "YL-5"])
        #expect(try await codes(CatalogItemFilter(text: "%")).count == 4)
        #expect(try await codes(CatalogItemFilter(text: "名录_")).isEmpty)
        // Words of one and two characters are answered by the grams index alone, exactly (sql/0031).
        #expect(try await codes(CatalogItemFilter(text: "录")) == codes(CatalogItemFilter(text: "名录")))
        #expect(try await codes(CatalogItemFilter(text: "录名")).isEmpty)
        #expect(try await codes(CatalogItemFilter(text: "Yl 名录")) == ["YL-1", "YL-3"])
        // The listing is derived from approved versions: no client writes it.
        await #expect(throws: (any Error).self) { try await world.read { try $0.query("delete from catalog_listing") } }
        #expect(try await codes(CatalogItemFilter()).count == 20)

        let badInstitution = await #expect(throws: RegistryError.self) {
            try await world.read { try store.publishedItems(CatalogItemFilter(institution: "123"), on: $0) }
        }
        #expect(badInstitution?.field == "institution" && badInstitution?.article == "A14.1")
        let badDivision = await #expect(throws: RegistryError.self) {
            try await world.read { try store.publishedItems(CatalogItemFilter(divisionCode: "15010"), on: $0) }
        }
        #expect(badDivision?.field == "division_code")
        try await world.drop()
    }

    @Test("keyset paging walks every item once in the stable order code, id")
    func paging() async throws {
        let world = try await Self.publishedWorld()
        let store = CatalogStore()
        let all = try await world.read { try store.publishedItems(limit: 500, on: $0) }.items
        #expect(all.map(\.code) == all.map(\.code).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        var seen: [String] = []
        var cursor: CatalogItemCursor?
        var pages = 0
        repeat {
            let page = try await world.read { [cursor] in try store.publishedItems(after: cursor, limit: 3, on: $0) }
            seen += page.items.map(\.code)
            pages += 1
            cursor = try page.nextCursor.map { try CatalogItemCursor(parsing: $0) }
            #expect(page.items.count == 3 || page.nextCursor == nil)
        } while cursor != nil && pages < 20
        #expect(seen == all.map(\.code))
        #expect(pages == 7)

        // Pages of 2 with a walk of 4 rows: some pages come from the walk, the others from the index.
        let short = CatalogStore(orderedWalkRows: 4)
        let generalCodes = all.filter { $0.grade == .general }.map(\.code)
        var found: [String] = []
        cursor = nil
        repeat {
            let page = try await world.read { [cursor] in
                try short.publishedItems(CatalogItemFilter(grade: .general), after: cursor, limit: 2, on: $0)
            }
            found += page.items.map(\.code)
            cursor = try page.nextCursor.map { try CatalogItemCursor(parsing: $0) }
        } while cursor != nil && found.count < 40
        #expect(found == generalCodes)

        let filtered = try await world.read { try store.publishedItems(CatalogItemFilter(grade: .general), limit: 4, on: $0) }
        let next = try await world.read {
            try store.publishedItems(
                CatalogItemFilter(grade: .general),
                after: try CatalogItemCursor(parsing: filtered.nextCursor!),
                limit: 4,
                on: $0
            )
        }
        #expect((filtered.items + next.items).map(\.code) == ["JT-1", "JT-3", "JY-1", "JY-3", "MZ-1", "MZ-3", "YL-1", "YL-3"])
        #expect(next.nextCursor == nil)

        #expect(throws: RegistryError.self) { try CatalogItemCursor(parsing: "not a cursor") }
        let tooMany = await #expect(throws: RegistryError.self) { try await world.read { try store.publishedItems(limit: 501, on: $0) } }
        #expect(tooMany?.field == "limit")
        try await world.drop()
    }
}
