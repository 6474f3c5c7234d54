import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

@Suite("Attribute evaluations and conversions (A22.1, A29.1)")
struct EvaluationTests {
    typealias F = SupplyFixture

    private func insertEvaluationSQL(
        _ item: UUID,
        kind: String,
        on day: String = "2026-01-10",
        reason: String = "理由",
        evaluator: String = "评估组"
    )
        -> SQL
    {
        """
        insert into attribute_evaluation (item_id, kind, evaluated_on, outcome, reason, evaluator)
        values (\(item), \(kind)::attribute_kind, \(day)::date, 'keep', \(reason), \(evaluator))
        """
    }

    private func insertConversionSQL(_ c: NewAttributeConversion) -> SQL {
        """
        insert into attribute_conversion (item_id, kind, from_type, to_type, basis, evaluation_id, version_id, converted_on)
        values (\(c.itemID), \(c.kind)::attribute_kind, \(c.fromType), \(c.toType), \(c.basis)::conversion_basis,
                \(c.evaluationID)::uuid, \(c.versionID), '2026-01-10')
        """
    }

    @Test("a conditional share item and a not-yet-open item are evaluated; the evaluation names its revision and institution")
    func evaluate() async throws {
        let fixture = try await F.make()
        let item = try await fixture.publish(F.ItemSpec(code: "C1", shareType: "conditional", openType: "not_open"), by: F.hohhotHealth)
        let clerk = try await fixture.actor(.clerk, of: F.hohhotHealth)
        let workflow = EvaluationWorkflow(database: fixture.database)
        let share = try await workflow.evaluate(
            NewAttributeEvaluation(itemID: item.itemID, kind: .share, outcome: .convert, reason: "数据已脱敏,可无条件共享", evaluator: "数据评估组"),
            by: clerk
        )
        #expect(share.institution == F.hohhotHealth)
        #expect(share.evaluatedOn == (try await fixture.today()))
        #expect(share.itemCode == "C1")
        let open = try await workflow.evaluate(
            NewAttributeEvaluation(
                itemID: item.itemID,
                kind: .open,
                evaluatedOn: CivilDate(iso: "2026-03-01"),
                outcome: .keep,
                reason: "涉及个人隐私",
                evaluator: "专家组"
            ),
            by: clerk
        )
        #expect(open.revisionID == share.revisionID)
        let listed = try await workflow.evaluations(EvaluationStore.Filter(itemID: item.itemID), page: ListingPage(), by: clerk)
        #expect(listed.items.map(\.kind) == [.share, .open])
        let openOnly = try await workflow.evaluations(EvaluationStore.Filter(kind: .open), page: ListingPage(), by: clerk)
        #expect(openOnly.items.map(\.id) == [open.id])
        try await fixture.drop()
    }

    @Test("evaluations refused by Swift and SQL alike, each naming A22.1 for sharing or A29.1 for opening")
    func evaluationRefusals() async throws {
        let fixture = try await F.make()
        let open = try await fixture.publish(F.ItemSpec(code: "U1"), by: F.hohhotHealth)
        let conditional = try await fixture.publish(F.ItemSpec(code: "C1", shareType: "conditional", openType: "conditional"), by: F.hohhotHealth)
        let draft = try await fixture.draftItem(F.ItemSpec(code: "D1", shareType: "conditional"), by: F.hohhotHealth)
        let tomorrow = try await fixture.today().next
        let clerk = try await fixture.actor(.clerk, of: F.hohhotHealth)
        let cases: [(NewAttributeEvaluation, SQL, String, String?)] = [
            (
                NewAttributeEvaluation(itemID: open.itemID, kind: .share, outcome: .keep, reason: "理由", evaluator: "评估组"),
                insertEvaluationSQL(open.itemID, kind: "share"), "A22.1", "kind"
            ),
            (
                NewAttributeEvaluation(itemID: open.itemID, kind: .open, outcome: .keep, reason: "理由", evaluator: "评估组"),
                insertEvaluationSQL(open.itemID, kind: "open"), "A29.1", "kind"
            ),
            (
                NewAttributeEvaluation(itemID: draft.itemID, kind: .share, outcome: .keep, reason: "理由", evaluator: "评估组"),
                insertEvaluationSQL(draft.itemID, kind: "share"), "A22.1", "item_id"
            ),
            (
                NewAttributeEvaluation(itemID: conditional.itemID, kind: .share, outcome: .keep, reason: " ", evaluator: "评估组"),
                insertEvaluationSQL(conditional.itemID, kind: "share", reason: " "), "A22.1", "reason"
            ),
            (
                NewAttributeEvaluation(itemID: conditional.itemID, kind: .open, outcome: .keep, reason: "", evaluator: "评估组"),
                insertEvaluationSQL(conditional.itemID, kind: "open", reason: ""), "A29.1", "reason"
            ),
            (
                NewAttributeEvaluation(itemID: conditional.itemID, kind: .open, outcome: .keep, reason: "理由", evaluator: " "),
                insertEvaluationSQL(conditional.itemID, kind: "open", evaluator: " "), "A29.1", "evaluator"
            ),
            (
                NewAttributeEvaluation(
                    itemID: conditional.itemID,
                    kind: .share,
                    evaluatedOn: tomorrow,
                    outcome: .keep,
                    reason: "理由",
                    evaluator: "评估组"
                ),
                insertEvaluationSQL(conditional.itemID, kind: "share", on: tomorrow.iso), "A22.1", "evaluated_on"
            ),
        ]
        let workflow = EvaluationWorkflow(database: fixture.database)
        for (input, statement, article, field) in cases {
            let swift = await #expect(throws: RegistryError.self) { try await workflow.evaluate(input, by: clerk) }
            let sql = await fixture.refusal(statement)
            #expect(swift?.article == article)
            #expect(swift?.field == field)
            #expect(swift == sql, "\(String(describing: swift))")
        }
        #expect(try await fixture.count("attribute_evaluation") == 0)
        _ = try await workflow.evaluate(
            NewAttributeEvaluation(itemID: conditional.itemID, kind: .share, outcome: .keep, reason: "理由", evaluator: "评估组"),
            by: clerk
        )
        let rewrite = await fixture.refusal("update attribute_evaluation set outcome = 'convert'")
        #expect(rewrite?.article == "A22.1")
        try await fixture.drop()
    }

    @Test("a conversion on the basis of an evaluation is recorded with the catalog version that carries it")
    func conversionByEvaluation() async throws {
        let fixture = try await F.make()
        let item = try await fixture.publish(F.ItemSpec(code: "C1", shareType: "conditional"), by: F.hohhotHealth)
        let clerk = try await fixture.actor(.clerk, of: F.hohhotHealth)
        let workflow = EvaluationWorkflow(database: fixture.database)
        let evaluation = try await workflow.evaluate(
            NewAttributeEvaluation(itemID: item.itemID, kind: .share, outcome: .convert, reason: "具备无条件共享属性", evaluator: "评估组"),
            by: clerk
        )
        let version = try await fixture.change(item.itemID, shareType: "unconditional", openType: "unconditional")
        let conversion = try await workflow.convert(
            NewAttributeConversion(
                itemID: item.itemID,
                kind: .share,
                fromType: "conditional",
                toType: "unconditional",
                basis: .evaluation,
                evaluationID: evaluation.id,
                versionID: version
            ),
            by: clerk
        )
        #expect(conversion.versionID == version)
        #expect(conversion.institution == F.hohhotHealth)
        #expect(conversion.basis == .evaluation)
        let listed = try await workflow.conversions(
            EvaluationStore.Filter(),
            page: ListingPage(),
            by: try await fixture.actor(.reviewer, of: F.hohhotAuthority)
        )
        #expect(listed.items.map(\.id) == [conversion.id])
        try await fixture.drop()
    }

    @Test("A22.1 A29.1: a version widening not_open → unconditional is approved only once its conversion is recorded with its basis")
    func wideningNeedsRecordedConversion() async throws {
        let fixture = try await F.make()
        let item = try await fixture.publish(F.ItemSpec(code: "W1", shareType: "not_shared", openType: "not_open"), by: F.hohhotHealth)
        let version = try await fixture.change(item.itemID, shareType: "not_shared", openType: "unconditional")
        try await fixture.database.write(AuditContext(role: "test", action: "fixture")) {
            try $0.query("update catalog_version set state = 'submitted' where id = \(version)")
        }
        let approve: SQL = """
            update catalog_version v set state = 'approved', reviewer_institution = \(F.hohhotAuthority) where v.id = \(version)
            """
        let refused = await fixture.refusal(approve)
        #expect(refused?.article == "A29.1" && refused?.field == "open_type", "\(String(describing: refused))")
        #expect(refused?.message.contains("开放属性转换") == true)
        let state = {
            try await fixture.database.read {
                try $0.query("select state::text as state from catalog_version where id = \(version)").first!.decode("state", as: String.self)
            }
        }
        #expect(try await state() == "submitted", "nothing approved")
        let clerk = try await fixture.actor(.clerk, of: F.hohhotHealth)
        _ = try await EvaluationWorkflow(database: fixture.database).convert(
            NewAttributeConversion(
                itemID: item.itemID,
                kind: .open,
                fromType: "not_open",
                toType: "unconditional",
                basis: .desensitisation,
                versionID: version
            ),
            by: clerk
        )
        #expect(await fixture.refusal(approve) == nil)
        #expect(try await state() == "approved")
        try await fixture.drop()
    }

    @Test("not-shared and not-open items are converted after desensitisation or consent, never without a basis")
    func conversionsNeedBasis() async throws {
        let fixture = try await F.make()
        let item = try await fixture.publish(F.ItemSpec(code: "N1", shareType: "not_shared", openType: "not_open"), by: F.hohhotHealth)
        let keep = try await fixture.publish(F.ItemSpec(code: "C2", shareType: "conditional"), by: F.hohhotHealth)
        let clerk = try await fixture.actor(.clerk, of: F.hohhotHealth)
        let workflow = EvaluationWorkflow(database: fixture.database)
        let kept = try await workflow.evaluate(
            NewAttributeEvaluation(itemID: keep.itemID, kind: .share, outcome: .keep, reason: "仍需条件", evaluator: "评估组"),
            by: clerk
        )
        let version = try await fixture.change(item.itemID, shareType: "conditional", openType: "conditional")
        func share(
            _ basis: ConversionBasis?,
            from: String = "not_shared",
            to: String = "conditional",
            evaluation: UUID? = nil,
            in draft: UUID? = nil
        ) -> NewAttributeConversion {
            NewAttributeConversion(
                itemID: item.itemID,
                kind: .share,
                fromType: from,
                toType: to,
                basis: basis,
                evaluationID: evaluation,
                versionID: draft ?? version
            )
        }
        let open = NewAttributeConversion(itemID: item.itemID, kind: .open, fromType: "not_open", toType: "conditional", versionID: version)
        let cases: [(NewAttributeConversion, String, String?)] = [
            (share(nil), "A22.1", "basis"),
            (share(.rightsHolderConsent), "A29.1", "basis"),
            (share(.evaluation), "A22.1", "evaluation_id"),
            (share(.desensitisation, evaluation: kept.id), "A22.1", "evaluation_id"),
            (share(.desensitisation, to: "unconditional"), "A22.1", "version_id"),
            (share(.desensitisation, from: "conditional"), "A22.1", "from_type"),
            (share(.desensitisation, in: keep.versionID), "A22.1", "version_id"),
            (open, "A29.1", "basis"),
        ]
        for (input, article, field) in cases {
            let swift = await #expect(throws: RegistryError.self) { try await workflow.convert(input, by: clerk) }
            let sql = await fixture.refusal(insertConversionSQL(input))
            #expect(swift?.article == article, "\(input)")
            #expect(swift?.field == field, "\(input)")
            #expect(swift == sql, "\(String(describing: swift)) vs \(String(describing: sql))")
        }
        #expect(try await fixture.count("attribute_conversion") == 0)

        let shared = try await workflow.convert(share(.desensitisation), by: clerk)
        #expect(shared.fromType == "not_shared")
        var consent = open
        consent.basis = .rightsHolderConsent
        let opened = try await workflow.convert(consent, by: clerk)
        #expect(opened.kind == .open)
        let tightening = try await fixture.change(keep.itemID, shareType: "not_shared", openType: "unconditional")
        let narrowed = try await workflow.convert(
            NewAttributeConversion(itemID: keep.itemID, kind: .share, fromType: "conditional", toType: "not_shared", versionID: tightening),
            by: clerk
        )
        #expect(narrowed.basis == nil)
        let invalid = await #expect(throws: RegistryError.self) {
            try await workflow.convert(share(.desensitisation, to: "not_open"), by: clerk)
        }
        #expect(invalid?.code == .invalidInput)
        #expect(invalid?.field == "to_type")
        try await fixture.drop()
    }

    @Test("only the item's clerk records evaluations and conversions; listings stay within what each oversees")
    func whoMay() async throws {
        let fixture = try await F.make()
        let item = try await fixture.publish(F.ItemSpec(code: "C1", shareType: "conditional"), by: F.xinchengHealth)
        let workflow = EvaluationWorkflow(database: fixture.database)
        let evaluation = NewAttributeEvaluation(itemID: item.itemID, kind: .share, outcome: .keep, reason: "理由", evaluator: "评估组")
        for actor in [
            try await fixture.actor(.clerk, of: F.hohhotHealth), try await fixture.actor(.reviewer, of: F.xinchengAuthority),
            try await fixture.actor(.committee), try await fixture.actor(.admin), try await fixture.actor(.dataUser),
        ] {
            let refused = await #expect(throws: RegistryError.self) { try await workflow.evaluate(evaluation, by: actor) }
            #expect(refused?.code == .forbidden)
        }
        _ = try await workflow.evaluate(evaluation, by: try await fixture.actor(.clerk, of: F.xinchengHealth))
        #expect(
            try await workflow.evaluations(
                EvaluationStore.Filter(),
                page: ListingPage(),
                by: try await fixture.actor(.reviewer, of: F.hohhotAuthority)
            ).total == 1
        )
        #expect(
            try await workflow.evaluations(EvaluationStore.Filter(), page: ListingPage(), by: try await fixture.actor(.clerk, of: F.hohhotHealth))
                .total == 0
        )
        let refused = await #expect(throws: RegistryError.self) {
            try await workflow.conversions(EvaluationStore.Filter(), page: ListingPage(), by: try await fixture.actor(.dataUser))
        }
        #expect(refused?.code == .forbidden)
        try await fixture.drop()
    }
}
