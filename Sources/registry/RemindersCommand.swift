import ArgumentParser
import Foundation
import Postgres
import RegistryCore

extension Registry {
    /// `registry reminders [--institution USCC] [--within N] [--on DATE]` (A23.2, A24.1, 提醒督办): the share requests
    /// and demands whose reply or delivery is due within N working days, or overdue — computed from the calendar, never
    /// from stored flags.
    struct RemindersCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reminders",
            abstract: "Share requests and demands whose reply or delivery is due within N working days, or overdue (A23.2, A24.1).",
            discussion: "One tab-separated line per obligation: due, working days left, overdue, institution, side, obligation, kind, number."
        )

        @OptionGroup var global: GlobalOptions

        @Option(help: "Unified social credit code of one institution (default: every institution with open requests).")
        var institution: String?

        @Option(help: "Working days ahead (default 3).")
        var within = 3

        @Option(help: "The day to count from, YYYY-MM-DD (default: today in Asia/Shanghai).")
        var on: String?

        func validate() throws {
            if !(0...60).contains(within) { throw ValidationError("--within must be 0 to 60 working days.") }
            if let on, CivilDate(iso: on) == nil { throw ValidationError("--on must be a date YYYY-MM-DD.") }
        }

        func run() async throws {
            let connection = try global.connect()
            let reminders = ShareReminders()
            let day = try on.flatMap(CivilDate.init(iso:)) ?? RegistryClock.today(on: connection)
            let institutions = try institution.map { [$0.uppercased()] } ?? reminders.institutionsWithOpenObligations(on: connection)
            print(["due", "working_days_left", "overdue", "institution", "side", "obligation", "kind", "number"].tabbed)
            for institution in institutions {
                for item in try reminders.dueList(of: institution, on: day, within: within, on: connection) {
                    print(
                        [
                            item.due.deadlineLabel(provisional: item.dueProvisional), String(item.workingDaysLeft), item.overdue ? "逾期" : "",
                            institution,
                            item.side.label, item.obligation.label, item.kind.label, String(item.number),
                        ].tabbed
                    )
                }
            }
        }
    }
}
