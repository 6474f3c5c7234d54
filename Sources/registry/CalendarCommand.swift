import ArgumentParser
import Foundation
import RegistryCore

extension Registry {
    struct CalendarCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "calendar",
            abstract: "The working-day calendar (W.1, W.2).",
            subcommands: [Due.self, Load.self]
        )

        struct Due: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print the deadline N working days after a date of receipt (the day of receipt does not count)."
            )

            @OptionGroup var global: GlobalOptions

            @Option(help: "Date of receipt, YYYY-MM-DD (Asia/Shanghai civil date).")
            var from: String

            @Option(name: .customLong("working-days"), help: "Number of working days.")
            var workingDays: Int

            func validate() throws {
                guard CivilDate(iso: from) != nil else { throw ValidationError("--from must be a real date as YYYY-MM-DD.") }
                guard workingDays >= 0 else { throw ValidationError("--working-days must not be negative.") }
            }

            func run() async throws {
                let start = CivilDate(iso: from)!
                let due = try WorkingDayCalendarStore().dueDate(from: start, workingDays: workingDays, on: try global.connect())
                print(due)
            }
        }

        struct Load: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Load an official calendar file (date,kind,holiday) for the years it covers."
            )

            @OptionGroup var global: GlobalOptions

            @Argument(help: "CSV file with the header date,kind,holiday (kind: off or work).")
            var file: String

            @Option(help: "Where the arrangement was published (default: the file name).")
            var source: String?

            func run() async throws {
                let url = URL(fileURLWithPath: file)
                let loads = try global.write(action: "calendar.load") { connection in
                    try WorkingDayCalendarStore().load(csv: url, source: source, on: connection)
                }
                for load in loads { print(load) }
            }
        }
    }
}
