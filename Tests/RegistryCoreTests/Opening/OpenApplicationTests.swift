import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// Applications for conditionally open data: every field required, approval with use and scope, refusal with reason
/// and legal basis, never for a suspended item or a suspended applicant (A28.2, A28.3, A50.1).
@Suite("Conditional open applications: required fields, answers, suspension (A28.2)")
struct OpenApplicationTests {
    @Test("each missing field is refused with its name, through Swift and through SQL")
    func requiredFields() async throws {
        let world = try await OpeningWorld.make()
        let fields: [(String, WritableKeyPath<NewOpenApplication, String>)] = [
            ("open_application_scenario_a28_2", \.scenario), ("open_application_data_scope_a28_2", \.dataScope),
            ("open_application_delivery_method_a28_2", \.deliveryMethod),
            ("open_application_security_measures_a28_2", \.securityMeasures),
        ]
        for (rule, path) in fields {
            var input = world.application()
            input[keyPath: path] = " "
            let blank = input
            try await world.expectRefused(rule) { _ = try await world.applications.file(blank, by: world.citizen) }
            try await world.expectSQLRefused(rule, [OpenApplicationTests.insert(blank, account: world.citizen.account.id)])
        }
        let late = world.application(timeLimit: "2020-01-01")
        try await world.expectRefused("open_application_time_limit_a28_2") { _ = try await world.applications.file(late, by: world.citizen) }
        let error = await refusal { _ = try await world.applications.file(world.application(scope: ""), by: world.citizen) }
        #expect(error?.field == "data_scope" && error?.article == "A28.2")
        try await world.drop()
    }

    @Test("approved with use and scope, or refused with reason and legal basis; the applicant follows; others do not")
    func answers() async throws {
        let world = try await OpeningWorld.make()
        let filed = try await world.applications.file(world.application(), by: world.citizen)
        #expect(filed.state == .submitted && filed.institution == CatalogWorld.xinchengHealth)
        #expect(filed.applicant.maskedCitizenID?.contains("*") == true)
        try await world.expectRefused("open_application_approval_states_use_and_scope_a28_2") {
            _ = try await world.applications.reply(to: filed.id, .approve(use: "科研", scope: ""), by: world.clerk)
        }
        try await world.expectRefused { _ = try await world.applications.reply(to: filed.id, .approve(use: "科研", scope: "名称"), by: world.citizen) }
        try await world.expectRefused {
            _ = try await world.applications.reply(to: filed.id, .approve(use: "科研", scope: "名称"), by: world.catalog.educationClerk)
        }
        try await world.expectRefused { _ = try await world.applications.application(filed.id, by: world.company) }
        let approved = try await world.applications.reply(to: filed.id, .approve(use: "区域医疗资源研究", scope: "医疗机构名称、执业范围"), by: world.clerk)
        #expect(approved.state == .approved && approved.approvedScope == "医疗机构名称、执业范围")
        try await world.expectRefused("open_application_transition_a28_2") { _ = try await world.applications.withdraw(filed.id, by: world.citizen) }

        let second = try await world.applications.file(world.application(), by: world.company)
        try await world.expectRefused("open_application_refusal_legal_basis_a28_2") {
            _ = try await world.applications.reply(to: second.id, .refuse(reason: "用途不符", legalBasis: ""), by: world.clerk)
        }
        let refused = try await world.applications.reply(
            to: second.id,
            .refuse(reason: "申请用途超出开放条件", legalBasis: "《内蒙古自治区公共数据管理暂行办法》第二十八条"),
            by: world.clerk
        )
        #expect(refused.state == .refused)
        #expect(try await world.applications.applications(of: nil, by: world.company).map(\.id) == [second.id])
        #expect(try await world.applications.applications(of: nil, by: world.clerk).count == 2)
        try await world.drop()
    }

    @Test("no application for an item not open on conditions or suspended; no approval once an objection suspends it")
    func suspension() async throws {
        let world = try await OpeningWorld.make()
        var forOpen = world.application()
        forOpen.itemID = world.items["OPEN-1"]!
        let unconditional = forOpen
        try await world.expectRefused("open_application_item_conditionally_open_a28_2") {
            _ = try await world.applications.file(unconditional, by: world.citizen)
        }
        let filed = try await world.applications.file(world.application(), by: world.citizen)
        let objection = try await world.objections.file(
            NewObjection(itemID: world.items["COND-1"]!, harm: .tradeSecret, description: "含本公司经营数据", evidence: "合同编号 HT-7"),
            by: world.company
        )
        try await world.expectRefused("open_application_item_conditionally_open_a28_2") {
            _ = try await world.applications.reply(to: filed.id, .approve(use: "科研", scope: "名称"), by: world.clerk)
        }
        try await world.expectSQLRefused(
            "open_application_item_conditionally_open_a28_2",
            ["update open_application set state = 'approved', approved_use = '科研', approved_scope = '名称' where id = \(filed.id)"]
        )
        try await world.expectRefused("open_application_item_conditionally_open_a28_2") {
            _ = try await world.applications.file(world.application(), by: world.company)
        }

        // A suspended data user (A50.1) can neither apply nor be approved.
        try await world.database.write(AuditContext(role: "test")) { connection in
            try connection.query(
                """
                insert into access_suspension (account_id, suspended_from, reason, article)
                values (\(world.citizen.account.id), registry_today(), '超范围使用开放数据', '第五十条')
                """
            )
        }
        _ = try await world.objections.decide(
            objection.id,
            .restore(verification: "不含经营数据", feedback: "经核实不涉及商业秘密,已恢复开放"),
            by: world.clerk
        )
        try await world.expectRefused("open_application_applicant_suspended_a50_1") {
            _ = try await world.applications.file(world.application(), by: world.citizen)
        }
        try await world.expectRefused("open_application_applicant_suspended_a50_1") {
            _ = try await world.applications.reply(to: filed.id, .approve(use: "科研", scope: "名称"), by: world.clerk)
        }
        _ = try await world.applications.file(world.application(), by: world.company)
        try await world.drop()
    }

    static func insert(_ input: NewOpenApplication, account: UUID) -> SQL {
        """
        insert into open_application (item_id, applicant_account, scenario, data_scope, delivery_method, time_limit, security_measures)
        values (\(input.itemID), \(account), \(input.scenario), \(input.dataScope), \(input.deliveryMethod), \(input.timeLimit)::date,
                \(input.securityMeasures))
        """
    }
}
