import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

@Suite("registry reminders: replies and deliveries due within N working days, or overdue (A23.2)")
struct RemindersCLITests {
    static let requester = "12150102MB0000016Y"

    @Test("an unconditional item granted at once is listed for both sides with its delivery due date")
    func deliveryDue() async throws {
        let (database, registry) = try await CatalogCLITests.submittedCatalog(approved: true)
        try database.withAdminConnection { connection in
            try connection.query(
                "insert into institution (uscc, name, division_code, kind) values (\(Self.requester), '新城区卫生健康委员会', '150102', 'public_institution')"
            )
        }
        let account = try registry.run("accounts", "create", "--role", "clerk", "--institution", Self.requester)
        #expect(account.status == 0, "\(account.error)")
        let (receivedOn, due) = try database.withAdminConnection { connection in
            let row = try connection.query(
                """
                insert into share_request (item_id, requester_uscc, requester_account, scenario, commitment, requested_items,
                                           mode, end_date, purpose)
                select i.id, \(Self.requester), a.id, '核对辖区人口', true, array['姓名'], 'interface', '2099-12-31', 'use'
                  from catalog_item i, account a where i.code = 'C-1' and a.institution_uscc = \(Self.requester)
                returning received_on::text, delivery_due, delivery_due_provisional
                """
            ).first!
            let due = try row.decode("delivery_due", as: CivilDate.self)
            return (
                try row.decode("received_on", as: String.self),
                due.deadlineLabel(provisional: try row.decode("delivery_due_provisional", as: Bool.self))
            )
        }

        let reminders = try registry.run("reminders", "--on", receivedOn, "--within", "10")
        #expect(reminders.status == 0, "\(reminders.error)")
        let lines = reminders.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "due\tworking_days_left\toverdue\tinstitution\tside\tobligation\tkind\tnumber")
        #expect(
            lines.dropFirst().map { String($0.split(separator: "\t", omittingEmptySubsequences: false)[3]) }.sorted()
                == [ImportCLITests.institution, Self.requester].sorted()
        )
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("\(due)\t5\t\t") && $0.contains("\t交付\t") })

        let none = try registry.run("reminders", "--on", receivedOn, "--within", "1", "--institution", Self.requester)
        #expect(none.output.split(separator: "\n").count == 1)
        let bad = try registry.run("reminders", "--within", "99")
        #expect(bad.status == 64)
        try await database.drop()
    }
}
