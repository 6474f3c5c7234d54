import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// One bad catalog item: how it differs from valid fields and the rule that refuses it.
struct BadItemCase: Sendable, CustomTestStringConvertible {
    var label: String
    var rule: Rule
    var change: @Sendable (inout CatalogItemFields) -> Void

    var testDescription: String { "\(label) → \(rule.constraint)" }

    static let all: [BadItemCase] = [
        BadItemCase(label: "conditional sharing without a reason", rule: CatalogRules.restrictedShareNeedsReason) {
            $0 = CatalogWorld.restrictedFields()
            $0.shareReason = nil
        },
        BadItemCase(label: "not shared with a blank reason", rule: CatalogRules.restrictedShareNeedsReason) {
            $0.shareType = .notShared
            $0.shareReason = "   "
            $0.shareLegalBasis = "《中华人民共和国保守国家秘密法》"
        },
        BadItemCase(label: "not shared without a legal basis", rule: CatalogRules.restrictedShareNeedsLegalBasis) {
            $0.shareType = .notShared
            $0.shareReason = "涉及国家秘密"
        },
        BadItemCase(label: "conditional sharing without a legal basis", rule: CatalogRules.restrictedShareNeedsLegalBasis) {
            $0 = CatalogWorld.restrictedFields()
            $0.shareLegalBasis = ""
        },
        BadItemCase(label: "A21.1 a share legal basis that cites no law", rule: CatalogRules.shareLegalBasisCited) {
            $0 = CatalogWorld.restrictedFields()
            $0.shareLegalBasis = "x"
        },
        BadItemCase(label: "A27.1 a law named as ground for not opening without 《》", rule: CatalogRules.openLegalBasisCited) {
            $0 = CatalogWorld.restrictedFields()
            $0.notOpenGround = .law
            $0.openLegalBasis = "保密法第九条"
        },
        BadItemCase(label: "conditional sharing without conditions", rule: CatalogRules.conditionalShareNeedsConditions) {
            $0 = CatalogWorld.restrictedFields()
            $0.shareConditions = nil
        },
        BadItemCase(label: "not open without a ground", rule: CatalogRules.notOpenNeedsGround) {
            $0 = CatalogWorld.restrictedFields()
            $0.notOpenGround = nil
        },
        BadItemCase(label: "not open by law without naming it", rule: CatalogRules.notOpenLawNamed) {
            $0 = CatalogWorld.restrictedFields()
            $0.notOpenGround = .law
        },
        BadItemCase(label: "a ground for an open item", rule: CatalogRules.openGroundOnlyWhenNotOpen) {
            $0.notOpenGround = .tradeSecret
        },
        BadItemCase(label: "conditional opening without conditions", rule: CatalogRules.conditionalOpenNeedsConditions) {
            $0.openType = .conditional
            $0.openConditions = " "
        },
        BadItemCase(label: "no grade", rule: CatalogRules.categoryAndGrade) { $0.grade = nil },
        BadItemCase(label: "no category", rule: CatalogRules.categoryAndGrade) {
            $0.categoryScheme = nil
            $0.categoryCode = nil
        },
        BadItemCase(label: "a category the scheme does not have", rule: CatalogRules.categoryExists) {
            $0.categoryCode = "livelihood.nothing"
        },
        BadItemCase(label: "core data unconditionally open", rule: CatalogRules.coreNotUnconditionallyOpen) {
            $0.grade = .core
        },
        BadItemCase(label: "a blank name", rule: CatalogRules.nameNotBlank) { $0.name = "  " },
        BadItemCase(label: "no data items", rule: CatalogRules.shareContent) { $0.dataItems = [] },
        BadItemCase(label: "a data item named twice", rule: CatalogRules.shareContent) {
            $0.dataItems.append(DataItem(name: "机构名称", type: .integer))
        },
        BadItemCase(label: "a data item without a name", rule: CatalogRules.shareContent) {
            $0.dataItems.append(DataItem(name: " ", type: .string))
        },
        BadItemCase(label: "a blank share scope", rule: CatalogRules.shareScope) { $0.shareScope = "" },
        BadItemCase(label: "no approving department", rule: CatalogRules.departmentsNamed) { $0.approvingDepartment = " " },
        BadItemCase(label: "a source institution that is not registered", rule: CatalogRules.sourceInstitutionRegistered) {
            $0.sourceInstitution = CatalogWorld.unregistered
        },
        BadItemCase(label: "a base data kind the regulation does not name", rule: CatalogRules.baseDataKindExists) {
            $0.baseDataKind = "horoscopes"
        },
        // Several faults at once: the database reports the check constraint first in name order, and so does Swift.
        BadItemCase(label: "core and open, not shared without reason or basis", rule: CatalogRules.coreNotUnconditionallyOpen) {
            $0.grade = .core
            $0.shareType = .notShared
            $0.name = ""
        },
        BadItemCase(label: "no grade, no conditions, no data items", rule: CatalogRules.categoryAndGrade) {
            $0.grade = nil
            $0.shareType = .conditional
            $0.dataItems = []
        },
        BadItemCase(label: "unknown category and unregistered source", rule: CatalogRules.sourceInstitutionRegistered) {
            $0.categoryCode = "nothing"
            $0.sourceInstitution = CatalogWorld.unregistered
        },
    ]
}

/// A9.2, A10.2, A21.1, A27.1: every rule on a catalog item's fields refuses the same input with the same error through
/// the store and through a plain SQL INSERT, and a refusal leaves nothing behind.
@Suite("Catalog item rules, Swift and SQL alike (A9.2, A10.2, A21.1, A27.1)")
struct CatalogItemRulesTests {
    @Test("a bad new item is refused by the store and by a plain INSERT alike", arguments: BadItemCase.all)
    func newItemRefused(_ bad: BadItemCase) async throws {
        let world = try await CatalogWorld.make()
        let (catalog, draft) = try await world.healthCatalogWithDraft()
        var fields = CatalogWorld.fields()
        bad.change(&fields)
        let refused = fields
        let error = try await world.expectSameRefusal(
            bad.rule,
            as: world.healthClerk,
            swift: { try CatalogStore().addItem(code: "YL-001", fields: refused, to: draft.id, on: $0) },
            sql: { connection in
                let item = try connection.query(
                    "insert into catalog_item (catalog_id, code) values (\(catalog.id), 'YL-001') returning id"
                ).first!.decode("id", as: UUID.self)
                try connection.query(CatalogWorld.plainRevisionInsert(refused, item: item, version: draft.id))
            }
        )
        if let article = bad.rule.article { #expect(error?.article == article) }
        #expect(error?.field == bad.rule.field)
        try await world.drop()
    }

    @Test("a change to an existing item is refused alike, and the item keeps its draft revision")
    func changedItemRefused() async throws {
        let world = try await CatalogWorld.make()
        let (_, draft) = try await world.healthCatalogWithDraft()
        let revision = try await world.write(as: world.healthClerk) {
            try CatalogStore().addItem(code: "YL-001", fields: CatalogWorld.fields(), to: draft.id, on: $0)
        }
        var core = CatalogWorld.fields()
        core.grade = .core
        let refused = core
        try await world.expectSameRefusal(
            CatalogRules.coreNotUnconditionallyOpen,
            as: world.healthClerk,
            swift: { try CatalogStore().changeItem(revision.itemID, fields: refused, in: draft.id, on: $0) },
            sql: { connection in
                try connection.query("delete from catalog_item_revision where id = \(revision.id)")
                try connection.query(CatalogWorld.plainRevisionInsert(refused, item: revision.itemID, version: draft.id))
            }
        )
        let kept = try await world.read { try CatalogStore().revision(revision.id, on: $0) }
        #expect(kept?.fields == CatalogWorld.fields())
        try await world.drop()
    }

    @Test("core data may be opened conditionally or kept closed (A9.2)")
    func coreGradeConditionallyOpen() async throws {
        let world = try await CatalogWorld.make()
        let (_, draft) = try await world.healthCatalogWithDraft()
        var conditional = CatalogWorld.fields("传染病监测数据")
        conditional.grade = .core
        conditional.openType = .conditional
        conditional.openConditions = "经审批的科研机构,限于疾病防控研究"
        var closed = CatalogWorld.restrictedFields("重大疫情处置数据")
        closed.grade = .core
        let items = [("YL-010", conditional), ("YL-011", closed)]
        let saved = try await world.write(as: world.healthClerk) { connection in
            try items.map { try CatalogStore().addItem(code: $0.0, fields: $0.1, to: draft.id, on: connection) }
        }
        #expect(saved.map(\.fields.grade) == [.core, .core])
        #expect(saved.map(\.fields.openType) == [.conditional, .notOpen])
        try await world.drop()
    }

    @Test("an invalid source institution code is refused with A14.1 naming the field")
    func invalidSourceCode() async throws {
        let world = try await CatalogWorld.make()
        let (_, draft) = try await world.healthCatalogWithDraft()
        var fields = CatalogWorld.fields()
        fields.sourceInstitution = "11150102MB0000105Z"
        let refused = fields
        let error = await world.refusal(as: world.healthClerk) {
            try CatalogStore().addItem(code: "YL-001", fields: refused, to: draft.id, on: $0)
        }
        #expect(error?.field == "source_institution")
        #expect(error?.article == "A14.1")
        try await world.drop()
    }

    @Test("a category code without a scheme is read in the default scheme NM-2024 (A9.1)")
    func defaultScheme() async throws {
        let world = try await CatalogWorld.make()
        let (_, draft) = try await world.healthCatalogWithDraft()
        var fields = CatalogWorld.fields()
        fields.categoryScheme = nil
        let given = fields
        let revision = try await world.write(as: world.healthClerk) {
            try CatalogStore().addItem(code: "YL-001", fields: given, to: draft.id, on: $0)
        }
        #expect(revision.fields.categoryScheme == "NM-2024")
        #expect(revision.fields.categoryCode == "livelihood.health")
        try await world.drop()
    }

    @Test("the Swift checks run in the database's order: check constraints by name")
    func checksInConstraintOrder() {
        let names = CatalogItemFields.checkConstraintNames
        #expect(names == names.sorted())
        #expect(names.count == 13)
    }
}
