import ArgumentParser
import Foundation
import RegistryCore

extension Registry {
    struct CalendarCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "calendar",
            abstract: "The working-day calendar (W.1–W.3).",
            subcommands: [Due.self, Load.self, Status.self]
        )

        /// The note beside a deadline counted onto the provisional calendar (W.3), as every output of the registry says it.
        static func provisionalNote(for due: CivilDate) -> String {
            "暂定: \(due) 落在\(due.year)年，该年国务院节假日安排尚未导入，按《全国年节及纪念日放假办法》的法定节假日推算（未计调休）；"
                + "导入正式安排后期限将重新计算。"
        }

        static func printError(_ line: String) {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }

        struct Due: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print the deadline N working days after a date of receipt (the day of receipt does not count).",
                discussion: "A deadline counted onto the provisional calendar (W.3) is printed as usual, with a line on stderr saying so."
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
                let store = WorkingDayCalendarStore()
                let connection = try global.connect(readOnly: true)
                let due = try global.mappingErrors { try store.dueDate(from: start, workingDays: workingDays, on: connection) }
                print(due)
                if workingDays > 0, try store.isProvisional(due, on: connection) {
                    CalendarCommand.printError(CalendarCommand.provisionalNote(for: due))
                }
            }
        }

        struct Load: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Load an official calendar file (date,kind,holiday) for the years it covers.",
                discussion: """
                    A file named for its years (cn-official-calendar-2027.csv, …-2024-2026.csv) may list days of those \
                    years only. Every open deadline counted on the provisional calendar is counted again in the same \
                    transaction (W.3); the command prints what moved.
                    """
            )

            @OptionGroup var global: GlobalOptions

            @Argument(help: "CSV file with the header date,kind,holiday (kind: off or work).")
            var file: String

            @Option(help: "Where the arrangement was published (default: the file name).")
            var source: String?

            func run() async throws {
                let url = URL(fileURLWithPath: file)
                let days = try global.mappingErrors { try OfficialCalendarCSV.read(url) }
                let (loads, moved) = try global.write(action: "calendar.load") { connection in
                    let store = WorkingDayCalendarStore()
                    let loads = try store.load(days, source: source ?? url.lastPathComponent, on: connection)
                    return (loads, try store.restamp(on: connection))
                }
                for load in loads { print(load) }
                print("re-stamped \(moved.count) open deadline\(moved.count == 1 ? "" : "s")")
                for restamp in moved { print("  \(restamp)") }
            }
        }

        struct Status: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show the loaded official years, the provisional calendar in use, and a warning before it runs out."
            )

            @OptionGroup var global: GlobalOptions

            func run() async throws {
                let status = try WorkingDayCalendarStore().status(on: try global.connect(readOnly: true))
                print("official years: \(status.firstOfficialYear)–\(status.lastOfficialYear)")
                print("provisional calendar through: \(status.provisionalThrough?.description ?? "none")")
                print("today: \(status.today) (\(status.daysLeft) days to the end of \(status.lastOfficialYear))")
                print("open provisional deadlines: \(status.openProvisionalDeadlines)")
                print("state: \(status.state.rawValue)")
                if let warning = status.warning { CalendarCommand.printError("warning: \(warning)") }
            }
        }
    }
}
