import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// Objections suspend an opening at once; verification ends in withdraw, restore or process-then-open; the open
/// catalog never serves a suspended item (A28.1, A28.3).
@Suite("Objections and the open catalog: suspended at once, withdrawn, restored, reopened (A28.1, A28.3)")
struct ObjectionTests {
    private func objection(_ world: OpeningWorld, _ code: String = "OPEN-1") -> NewObjection {
        NewObjection(itemID: world.items[code]!, harm: .privacy, description: "开放数据中含有本人诊疗机构就诊记录", evidence: "截图及就诊凭证编号 A-1024")
    }

    @Test("the open catalog lists open items only, without an account; an objection removes one in the same transaction")
    func suspendedAtOnce() async throws {
        let world = try await OpeningWorld.make()
        #expect(try await world.openCodes() == ["COND-1", "OPEN-1"])
        let filed = try await world.objections.file(objection(world), by: world.citizen)
        #expect(filed.state == .received)
        #expect(filed.institution == CatalogWorld.xinchengHealth)
        #expect(try await world.openCodes() == ["COND-1"])
        let state = try await world.database.read { try ObjectionStore().openingState(of: world.items["OPEN-1"]!, on: $0) }
        #expect(state == .suspended)
        // The suspension and the objection are one: no objection row without the item leaving the open catalog.
        let stillOpen = try await world.database.read { connection in
            try connection.query(
                "select count(*) as n from open_catalog c join open_objection o on o.item_id = c.item_id where o.state = 'received'"
            ).first!.decode("n", as: Int.self)
        }
        #expect(stillOpen == 0)
        try await world.drop()
    }

    @Test("restore brings the item back; withdraw keeps it out; process keeps it out until reopened")
    func outcomes() async throws {
        let world = try await OpeningWorld.make()
        let restored = try await world.objections.file(objection(world), by: world.citizen)
        let decision = try await world.objections.decide(
            restored.id,
            .restore(verification: "经核实不含个人信息", feedback: "经核实,该数据不涉及您的个人信息,已恢复开放"),
            by: world.clerk
        )
        #expect(decision.state == .restored && decision.feedback?.contains("恢复开放") == true)
        #expect(try await world.openCodes() == ["COND-1", "OPEN-1"])

        let withdrawn = try await world.objections.file(objection(world), by: world.company)
        _ = try await world.objections.decide(
            withdrawn.id,
            .withdraw(verification: "含有个人诊疗信息", feedback: "已撤回该数据"),
            by: world.clerk
        )
        #expect(try await world.openCodes() == ["COND-1"])

        let processing = try await world.objections.file(objection(world, "COND-1"), by: world.citizen)
        _ = try await world.objections.decide(
            processing.id,
            .process(verification: "部分字段需脱敏", feedback: "将脱敏处理后再开放"),
            by: world.clerk
        )
        #expect(try await world.openCodes() == [])
        try await world.expectRefused("open_objection_reopening_recorded_a28_3") {
            _ = try await world.objections.reopen(processing.id, feedback: " ", by: world.clerk)
        }
        let reopened = try await world.objections.reopen(processing.id, feedback: "已完成脱敏,恢复开放", by: world.clerk)
        #expect(reopened.state == .reopened)
        #expect(try await world.openCodes() == ["COND-1"])
        try await world.drop()
    }

    @Test("the rules: evidence required, open items only, decisions with feedback, one decision, by the provider only")
    func rules() async throws {
        let world = try await OpeningWorld.make()
        var input = objection(world)
        input.evidence = " "
        let noEvidence = input
        try await world.expectRefused("open_objection_evidence_a28_3") { _ = try await world.objections.file(noEvidence, by: world.citizen) }
        try await world.expectRefused("open_objection_item_open_a28_3") {
            _ = try await world.objections.file(objection(world, "SHUT-1"), by: world.citizen)
        }
        try await world.expectRefused { _ = try await world.objections.file(objection(world), by: world.clerk) }
        try await world.expectSQLRefused(
            "open_objection_by_data_user_a28_3",
            [
                "insert into open_objection (item_id, complainant_account, harm, description, evidence) values (\(world.items["OPEN-1"]!), \(world.clerk.account.id), 'privacy', '说明', '证据')"
            ]
        )
        let filed = try await world.objections.file(objection(world), by: world.citizen)
        try await world.expectRefused("open_objection_decision_recorded_a28_3") {
            _ = try await world.objections.decide(filed.id, .restore(verification: "已核实", feedback: ""), by: world.clerk)
        }
        try await world.expectSQLRefused(
            "open_objection_decision_recorded_a28_3",
            ["update open_objection set state = 'restored', verification_note = '已核实' where id = \(filed.id)"]
        )
        for outsider in [world.catalog.educationClerk, world.catalog.xinchengReviewer] {
            try await world.expectRefused {
                _ = try await world.objections.decide(filed.id, .restore(verification: "已核实", feedback: "已恢复"), by: outsider)
            }
        }
        _ = try await world.objections.decide(filed.id, .restore(verification: "已核实", feedback: "已恢复"), by: world.clerk)
        try await world.expectRefused("open_objection_transition_a28_3") {
            _ = try await world.objections.decide(filed.id, .withdraw(verification: "再核实", feedback: "撤回"), by: world.clerk)
        }
        try await world.expectSQLRefused("open_objection_kept_a28_3", ["delete from open_objection where id = \(filed.id)"])
        try await world.expectSQLRefused("open_objection_terms_fixed_a28_3", ["update open_objection set evidence = '改写' where id = \(filed.id)"])

        // The complainant, the provider and the authorities above it follow; the complainant's number stays masked.
        let seen = try await world.objections.objection(filed.id, by: world.citizen)
        #expect(seen.complainant.maskedCitizenID != nil && seen.complainant.maskedCitizenID != OpeningWorld.citizenID)
        #expect(seen.complainant.maskedCitizenID?.contains("*") == true)
        _ = try await world.objections.objection(filed.id, by: world.catalog.hohhotReviewer)
        try await world.expectRefused { _ = try await world.objections.objection(filed.id, by: world.company) }
        try await world.expectRefused { _ = try await world.objections.objection(filed.id, by: world.catalog.huiminReviewer) }
        #expect(try await world.objections.objections(of: nil, by: world.citizen).map(\.id) == [filed.id])
        #expect(try await world.objections.objections(of: nil, by: world.company).isEmpty)
        try await world.drop()
    }
}
