import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// The due list (提醒督办, A23.2): open replies and deliveries due within N working days or overdue on a given day,
/// computed from the calendar (W.1), never from stored flags.
@Suite("Share requests: due within N working days or overdue")
struct SharingDueListTests {
    @Test("a reply due after National Day is listed when it comes within reach, and overdue the day after")
    func aroundNationalDay() async throws {
        let world = try await ShareWorld.make()
        let calendar = try ShareWorld.calendar()
        try await world.pinDay("2026-09-29")
        let pending = try await world.file(world.input(world.conditional))
        let granted = try await world.file(world.input(world.unconditional))
        let closed = try await world.file(world.input(world.conditional))
        _ = try await world.workflow.withdraw(closed.id, reason: nil, by: world.requester)
        let day = ShareWorld.day

        func list(_ on: String, within: Int, by actor: Principal? = nil) async throws -> [ShareDueItem] {
            try await world.workflow.dueList(of: ShareWorld.sourceUSCC, on: day(on), within: within, by: actor ?? world.source)
        }
        // On 2026-09-30 both are due on 2026-10-12: 4 working days later (10-08, 10-09, the adjusted Saturday 10-10,
        // 10-12) — National Day does not count.
        #expect(try calendar.workingDays(from: day("2026-09-30"), to: day("2026-10-12")) == 4)
        #expect(try await list("2026-09-30", within: 3).isEmpty)
        let soon = try await list("2026-09-30", within: 4)
        #expect(Set(soon.map(\.id)) == [pending.id, granted.id])
        #expect(soon.allSatisfy { $0.due == day("2026-10-12") && $0.workingDaysLeft == 4 && !$0.overdue && $0.side == .source })
        #expect(Set(soon.map(\.obligation)) == [.reply, .delivery])

        // The day after the deadline: overdue, one working day late; nothing stored changed.
        let late = try await list("2026-10-13", within: 0)
        #expect(late.count == 2)
        #expect(late.allSatisfy { $0.overdue && $0.workingDaysLeft == -1 })
        #expect(try await list("2026-10-12", within: 0).allSatisfy { !$0.overdue && $0.workingDaysLeft == 0 })

        // The requester follows the same requests from its side; answered requests leave the list.
        let mine = try await world.workflow.dueList(
            of: ShareWorld.requesterUSCC,
            on: day("2026-10-13"),
            within: 0,
            by: world.requester
        )
        #expect(mine.allSatisfy { $0.side == .requester } && mine.count == 2)
        try await world.pinDay("2026-10-13")
        _ = try await world.workflow.deliver(granted.id, note: nil, by: world.source)
        _ = try await world.workflow.reply(to: pending.id, .approve(dataItems: nil), by: world.source)
        let afterReply = try await list("2026-10-13", within: 10)
        #expect(afterReply.map(\.obligation) == [.delivery])
        #expect(afterReply.first?.due == (try calendar.dueDate(from: day("2026-10-13"), workingDays: 5)))
        try await world.drop()
    }
}
