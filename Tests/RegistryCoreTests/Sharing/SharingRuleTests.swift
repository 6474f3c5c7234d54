import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// Each rule of share requests refuses the same input from Swift and from a plain SQL statement with the same error,
/// and a refused request changes nothing (A20.2, A23.2–A23.4, A24.1, A50.1).
@Suite("Share request rules: Swift and SQL refuse alike and change nothing")
struct SharingRuleTests {
    /// Files `input` through the workflow and inserts it as psql would; both must be refused with `rule`.
    private func expectFilingRefused(
        _ rule: String,
        pinDay: String = "2026-11-02",
        _ input: @escaping @Sendable (ShareWorld) -> NewShareRequest
    ) async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay(pinDay)
        let account = world.requester.account.id
        try await world.expectSameRefusal(
            rule,
            swift: { _ = try await world.file(input(world)) },
            sql: [ShareWorld.plainInsert(input(world), account: account)]
        )
        try await world.drop()
    }

    @Test("a request without an application scenario is refused (A20.2)")
    func blankScenario() async throws {
        try await expectFilingRefused("share_request_scenario_a20_2") { $0.input($0.conditional, scenario: "  ") }
    }

    @Test("a request without the commitment is refused (A20.2)")
    func noCommitment() async throws {
        try await expectFilingRefused("share_request_commitment_a20_2") { $0.input($0.conditional, commitment: false) }
    }

    @Test("a request without data items, or naming one twice, is refused (A23.4)")
    func badItemList() async throws {
        try await expectFilingRefused("share_request_data_items_a23_4") { $0.input($0.conditional, items: []) }
        try await expectFilingRefused("share_request_data_items_a23_4") { $0.input($0.conditional, items: ["机构名称", "机构名称"]) }
    }

    @Test("an end date before the day of receipt is refused (A23.4)")
    func endDateInThePast() async throws {
        try await expectFilingRefused("share_request_end_date_a23_4") { $0.input($0.conditional, endDate: "2026-11-01") }
    }

    @Test("data items outside the item's share content are refused (A23.4)")
    func itemsOutsideShareContent() async throws {
        try await expectFilingRefused("share_request_items_in_share_content_a23_4") {
            $0.input($0.unconditional, items: ["机构名称", "法定代表人身份证号"])
        }
    }

    @Test("an item that is not published (or does not exist) cannot be requested (A24.1)")
    func unpublishedItem() async throws {
        try await expectFilingRefused("share_request_item_published_a24_1") { $0.input(UUID()) }
    }

    @Test("a not-shared item refuses a request for use: only verification or comparison (A23.3)")
    func notSharedForUse() async throws {
        try await expectFilingRefused("share_request_not_shared_verification_only_a23_3") { $0.input($0.notShared, purpose: .use) }
    }

    @Test("a request filed by someone who is not a clerk of the requesting institution is refused (A20.2)")
    func filedForAnotherInstitution() async throws {
        let world = try await ShareWorld.make()
        let input = world.input(world.conditional)
        let outsider = world.outsider.account.id
        try await world.expectSameRefusal(
            "share_request_filed_by_requester_clerk_a20_2",
            swift: {
                _ = try await world.database.write(world.outsider.audit("share_request.file")) { connection in
                    try ShareRequestStore().file(input, requester: ShareWorld.requesterUSCC, account: outsider, on: connection)
                }
            },
            sql: [ShareWorld.plainInsert(input, account: outsider)]
        )
        try await world.drop()
    }

    @Test("a suspended institution or account cannot file a request; the suspension is named (A50.1)")
    func suspendedRequester() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2026-11-02")
        try await world.suspend(institution: ShareWorld.requesterUSCC, from: "2026-11-01", until: "2026-11-30")
        let input = world.input(world.conditional)
        let account = world.requester.account.id
        try await world.expectSameRefusal(
            "share_request_requester_suspended_a50_1",
            swift: { _ = try await world.file(input) },
            sql: [ShareWorld.plainInsert(input, account: account)]
        )
        let error = await refusal { _ = try await world.file(input) }
        #expect(error?.article == "A50.1")
        #expect(error?.message.contains("暂时关闭") == true)
        let reason = try await world.database.read { connection in
            try connection.queryOne(
                """
                select (select reason from access_suspension
                         where id = access_suspension_in_force(\(account), \(ShareWorld.requesterUSCC), \(input.itemID), '2026-11-02'))
                """
            ).decodeIfPresent("reason", as: String.self)
        }
        #expect(reason == "违规超范围使用共享数据")

        // After the suspension ends the institution may file again; a suspended account alone bars only that clerk.
        try await world.pinDay("2026-12-01")
        _ = try await world.file(input)
        try await world.suspend(account: account, from: "2026-12-01")
        try await world.expectSameRefusal(
            "share_request_requester_suspended_a50_1",
            swift: { _ = try await world.file(input) },
            sql: [ShareWorld.plainInsert(input, account: account)]
        )
        _ = try await world.workflow.file(input, by: world.secondRequesterClerk)
        try await world.drop()
    }

    // MARK: - Transitions

    /// A conditional request filed on 2026-11-02 and the plain UPDATE that moves it.
    private func filed(_ world: ShareWorld) async throws -> ShareRequest {
        try await world.pinDay("2026-11-02")
        return try await world.file(world.input(world.conditional, items: ["机构名称", "执业范围"]))
    }

    @Test("a refused request cannot be approved (A23.2)")
    func approveRefused() async throws {
        let world = try await ShareWorld.make()
        let request = try await filed(world)
        _ = try await world.workflow.reply(to: request.id, .refuse(reason: "不符合共享条件", legalBasis: "《数据安全法》"), by: world.source)
        try await world.expectSameRefusal(
            "share_request_transition_a23_2",
            swift: { _ = try await world.workflow.reply(to: request.id, .approve(dataItems: nil), by: world.source) },
            sql: ["update share_request set state = 'approved', approved_items = requested_items where id = \(request.id)"]
        )
        try await world.drop()
    }

    @Test("nothing is delivered before approval (A23.2)")
    func deliverBeforeApproval() async throws {
        let world = try await ShareWorld.make()
        let request = try await filed(world)
        try await world.expectSameRefusal(
            "share_request_transition_a23_2",
            swift: { _ = try await world.workflow.deliver(request.id, note: nil, by: world.source) },
            sql: ["update share_request set state = 'delivered' where id = \(request.id)"]
        )
        try await world.drop()
    }

    @Test("A23.2: a refusal's legal basis cites a law in 《》; 'x' is refused naming the field and the article, nothing stored")
    func refusalCitesLaw() async throws {
        let world = try await ShareWorld.make()
        let request = try await filed(world)
        try await world.expectSameRefusal(
            "share_request_refusal_legal_basis_cited_a23_2",
            swift: { _ = try await world.workflow.reply(to: request.id, .refuse(reason: "涉及个人隐私", legalBasis: "x"), by: world.source) },
            sql: ["update share_request set state = 'refused', refusal_reason = '涉及个人隐私', refusal_legal_basis = 'x' where id = \(request.id)"]
        )
        let refused = try await world.workflow.reply(
            to: request.id,
            .refuse(reason: "涉及个人隐私", legalBasis: "《中华人民共和国个人信息保护法》第十三条"),
            by: world.source
        )
        #expect(refused.request.state == .refused)
        let cited = try await world.database.read {
            try $0.query("select citations from cited_law where name = '中华人民共和国个人信息保护法'").first?.decode("citations", as: Int.self)
        }
        #expect((cited ?? 0) >= 1, "the law cited becomes reference data")
        try await world.drop()
    }

    @Test("a withdrawn request gets no reply (A23.2)")
    func replyAfterWithdrawal() async throws {
        let world = try await ShareWorld.make()
        let request = try await filed(world)
        _ = try await world.workflow.withdraw(request.id, reason: nil, by: world.requester)
        try await world.expectSameRefusal(
            "share_request_transition_a23_2",
            swift: {
                _ = try await world.workflow.reply(to: request.id, .refuse(reason: "理由", legalBasis: "《中华人民共和国数据安全法》第二十一条"), by: world.source)
            },
            sql: [
                """
                update share_request set state = 'refused', refusal_reason = '理由', refusal_legal_basis = '《中华人民共和国数据安全法》'
                 where id = \(request.id)
                """
            ]
        )
        try await world.drop()
    }

    @Test("an approval wider than the request is refused; a narrower one is the minimum authorisation (A23.4)")
    func approvalWiderThanRequest() async throws {
        let world = try await ShareWorld.make()
        let request = try await filed(world)
        try await world.expectSameRefusal(
            "share_request_minimum_authorisation_a23_4",
            swift: {
                _ = try await world.workflow.reply(to: request.id, .approve(dataItems: ShareWorld.allItems), by: world.source)
            },
            sql: [
                """
                update share_request set state = 'approved', approved_items = array['机构名称', '统一社会信用代码']
                 where id = \(request.id)
                """
            ]
        )
        try await world.expectSameRefusal(
            "share_request_minimum_authorisation_a23_4",
            swift: { _ = try await world.workflow.reply(to: request.id, .approve(dataItems: []), by: world.source) },
            sql: ["update share_request set state = 'approved', approved_items = '{}' where id = \(request.id)"]
        )
        let approved = try await world.workflow.reply(to: request.id, .approve(dataItems: ["执业范围"]), by: world.source)
        #expect(approved.request.approvedItems == ["执业范围"])
        try await world.drop()
    }

    @Test("a refusal without reason or without legal basis is refused (A23.2)")
    func refusalWithoutBasis() async throws {
        let world = try await ShareWorld.make()
        let request = try await filed(world)
        try await world.expectSameRefusal(
            "share_request_refusal_needs_legal_basis_a23_2",
            swift: { _ = try await world.workflow.reply(to: request.id, .refuse(reason: "不符合条件", legalBasis: " "), by: world.source) },
            sql: ["update share_request set state = 'refused', refusal_reason = '不符合条件' where id = \(request.id)"]
        )
        try await world.expectSameRefusal(
            "share_request_refusal_needs_reason_a23_2",
            swift: { _ = try await world.workflow.reply(to: request.id, .refuse(reason: "", legalBasis: "《数据安全法》"), by: world.source) },
            sql: ["update share_request set state = 'refused', refusal_legal_basis = '《数据安全法》' where id = \(request.id)"]
        )
        try await world.drop()
    }

    @Test("after the end date the authorisation has ended: no approval, no delivery (A23.4)")
    func authorisationEnded() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2026-11-02")
        let pending = try await world.file(world.input(world.conditional, endDate: "2026-11-05"))
        let granted = try await world.file(world.input(world.unconditional, endDate: "2026-11-05"))
        try await world.pinDay("2026-11-06")
        try await world.expectSameRefusal(
            "share_request_authorisation_ended_a23_4",
            swift: { _ = try await world.workflow.reply(to: pending.id, .approve(dataItems: nil), by: world.source) },
            sql: ["update share_request set state = 'approved' where id = \(pending.id)"]
        )
        try await world.expectSameRefusal(
            "share_request_authorisation_ended_a23_4",
            swift: { _ = try await world.workflow.deliver(granted.id, note: nil, by: world.source) },
            sql: ["update share_request set state = 'delivered' where id = \(granted.id)"]
        )
        try await world.drop()
    }

    @Test("nothing is delivered to a requester whose access is suspended (A50.1)")
    func deliveryToSuspendedRequester() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2026-11-02")
        let granted = try await world.file(world.input(world.unconditional))
        try await world.suspend(institution: ShareWorld.requesterUSCC, from: "2026-11-02")
        try await world.expectSameRefusal(
            "share_request_requester_suspended_a50_1",
            swift: { _ = try await world.workflow.deliver(granted.id, note: nil, by: world.source) },
            sql: ["update share_request set state = 'delivered' where id = \(granted.id)"]
        )
        try await world.drop()
    }

    @Test("terms, history and requests are kept: no change of terms, no deletion, no hand-written history")
    func historyKept() async throws {
        let world = try await ShareWorld.make()
        let request = try await filed(world)
        for (rule, statement) in [
            ("share_request_terms_fixed_a23_4", "update share_request set requested_items = array['机构名称'] where id = \(request.id)"),
            ("share_request_terms_fixed_a23_4", "update share_request set reply_due = reply_due + 30 where id = \(request.id)"),
            ("share_request_history_kept_a23_2", "delete from share_request where id = \(request.id)"),
            ("share_request_event_written_by_trigger_a23_2", "delete from share_request_event where request_id = \(request.id)"),
            (
                "share_request_event_written_by_trigger_a23_2",
                "insert into share_request_event (request_id, state, at, on_date) values (\(request.id), 'approved', now(), current_date)"
            ),
        ] as [(String, SQL)] {
            let before = try await world.snapshot()
            let error = await refusal {
                try await world.database.write(AuditContext(role: "psql")) { _ = try $0.query(statement) }
            }
            #expect(error == RuleCatalog.rule(forConstraint: rule)?.error, "\(statement)")
            #expect(try await world.snapshot() == before)
        }
        try await world.drop()
    }

    @Test("every constraint named in the migration has its rule, and every rule names its article")
    func rulesCoverTheMigration() throws {
        let text = try String(contentsOf: ProjectDirectory.sql.appendingPathComponent("0017_share_requests.sql"), encoding: .utf8)
        let names = Set(text.matches(of: /'?((?:share_request|access_suspension)_[a-z_]+_(?:a\d+_\d+))'?/).map { String($0.1) })
        #expect(!names.isEmpty)
        for name in names {
            #expect(RuleCatalog.rule(forConstraint: name) != nil, "\(name) has no rule")
            #expect(RuleCatalog.rule(forConstraint: name)?.article != nil)
        }
    }
}

/// The database and Swift agree on the order of the rules and on what they leave to be computed.
@Suite("Share request rules: order, suspension records, end of the authorisation")
struct SharingRuleOrderTests {
    @Test("with several faults, Swift and SQL name the same first one (scenario before commitment before data items)")
    func sameFirstFault() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2026-11-02")
        let input = world.input(world.notShared, items: [], scenario: "", commitment: false, endDate: "2026-01-01")
        let account = world.requester.account.id
        try await world.expectSameRefusal(
            "share_request_scenario_a20_2",
            swift: { _ = try await world.file(input) },
            sql: [ShareWorld.plainInsert(input, account: account)]
        )
        var second = input
        second.scenario = "核验"
        let secondInput = second
        try await world.expectSameRefusal(
            "share_request_commitment_a20_2",
            swift: { _ = try await world.file(secondInput) },
            sql: [ShareWorld.plainInsert(secondInput, account: account)]
        )
        // Suspension comes before the item's rules; the item's share content before its share type.
        try await world.suspend(institution: ShareWorld.requesterUSCC, from: "2026-11-01")
        let suspended = world.input(world.notShared, items: ["不存在的数据项"], purpose: .use)
        try await world.expectSameRefusal(
            "share_request_requester_suspended_a50_1",
            swift: { _ = try await world.file(suspended) },
            sql: [ShareWorld.plainInsert(suspended, account: account)]
        )
        try await world.drop()
    }

    @Test("a suspension names one subject, its reason and article, and a period that does not end before it starts (A50.1)")
    func suspensionRecords() async throws {
        let world = try await ShareWorld.make()
        let account = world.requester.account.id
        let cases: [(String, SQL)] = [
            (
                "access_suspension_one_subject_a50_1",
                """
                insert into access_suspension (account_id, institution_uscc, suspended_from, reason, article)
                values (\(account), \(ShareWorld.requesterUSCC), '2026-11-01', '违规', '第五十条')
                """
            ),
            (
                "access_suspension_reason_a50_1",
                "insert into access_suspension (account_id, suspended_from, reason, article) values (\(account), '2026-11-01', ' ', '第五十条')"
            ),
            (
                "access_suspension_period_a50_1",
                """
                insert into access_suspension (account_id, suspended_from, suspended_until, reason, article)
                values (\(account), '2026-11-01', '2026-10-31', '违规', '第五十条')
                """
            ),
        ]
        for (rule, statement) in cases {
            let before = try await world.snapshot()
            let error = await refusal {
                try await world.database.write(AuditContext(role: "psql")) { _ = try $0.query(statement) }
            }
            #expect(error == RuleCatalog.rule(forConstraint: rule)?.error, "\(rule)")
            #expect(error?.article == "A50.1")
            #expect(try await world.snapshot() == before)
        }
        try await world.drop()
    }

    @Test("an authorisation ends at the close of its end date, in SQL as in Swift, with nothing written (A23.4)")
    func authorisationEndsAtEndDate() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2026-11-02")
        let granted = try await world.file(world.input(world.unconditional, endDate: "2026-11-30"))
        for (day, expected) in [("2026-11-30", true), ("2026-12-01", false)] {
            let inSQL = try await world.database.read { connection in
                try connection.query(
                    "select share_request_authorised(state, end_date, \(day)::date) as ok from share_request where id = \(granted.id)"
                ).first!.decode("ok", as: Bool.self)
            }
            #expect(inSQL == expected)
            #expect(granted.isAuthorised(on: ShareWorld.day(day)) == expected)
        }
        try await world.drop()
    }

    @Test("a reply or delivery dated before the receipt is refused, even by a superuser with the triggers off (A23.2)")
    func datesInOrder() async throws {
        let world = try await ShareWorld.make()
        let request = try await world.file(world.input(world.conditional))
        let forgeries: [(SQL, String, String)] = [
            (
                "update share_request set replied_on = '2026-10-30' where id = \(request.id)", "share_request_replied_after_receipt_a23_2",
                "replied_on"
            ),
            (
                "update share_request set delivered_on = '2026-10-01' where id = \(request.id)", "share_request_delivered_after_reply_a23_2",
                "delivered_on"
            ),
        ]
        for (statement, constraint, field) in forgeries {
            let refused = try await world.database.client.withConnection { connection in
                do {
                    try connection.transaction { connection in
                        try connection.query("set local session_replication_role = replica")
                        try connection.query(statement)
                    }
                    return nil as PostgresError?
                } catch let error as PostgresError {
                    return error
                }
            }
            #expect(refused?.constraint == constraint)
            let shown = refused.map(RegistryError.init)
            #expect(shown?.field == field && shown?.article == "A23.2" && shown?.message.contains("不能早于") == true)
        }
        try await world.drop()
    }

    @Test("a request offers the next states the database's state machine allows, step by step (A23.2)")
    func nextStatesFromTheDatabase() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2026-11-02")
        let filed = try await world.file(world.input(world.conditional))
        let submitted = try await world.workflow.detail(filed.id, by: world.requester)
        #expect(submitted.nextStates == [.approved, .refused, .withdrawn])
        let approved = try await world.workflow.reply(to: filed.id, .approve(dataItems: nil), by: world.source)
        #expect(approved.nextStates == [.delivered, .withdrawn])
        let delivered = try await world.workflow.deliver(filed.id, note: nil, by: world.source)
        #expect(delivered.nextStates.isEmpty)
        try await world.drop()
    }
}
