import ArgumentParser
import Foundation
import Postgres
import RegistryCore
import Reports

extension Registry {
    /// `registry report assessment|open-plan|compliance …` (RP.1–RP.3): writes a report as Markdown and/or standalone HTML
    /// (the compliance report also its CSV appendix); the same data and arguments give the same bytes.
    struct ReportCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Write the committees' reports as Markdown and standalone HTML (RP.1–RP.3).",
            subcommands: [Assessment.self, OpenPlan.self, Compliance.self]
        )

        struct Assessment: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "The annual assessment report 《Y年度公共数据管理评估报告》 (A39.1, A41.1).",
                discussion: "Uses the published assessment of the year's scheme of the division, else its latest version."
            )

            @OptionGroup var global: GlobalOptions
            @OptionGroup var output: ReportOutput

            @Option(help: "The assessment year.")
            var year: Int

            @Option(help: "GB/T 2260 code of the division whose authority set the scheme (default: the region).")
            var division = "150000"

            func run() async throws {
                let (year, division) = (year, division)
                try output.write(name: "assessment-\(year)-\(division)", global: global) { reports, connection in
                    try reports.assessment(year: year, division: division, for: .operator, on: connection)
                }
            }
        }

        struct OpenPlan: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "open-plan",
                abstract: "The annual open plan of the authority of a division, with last year's progress (RP.2, A26.1)."
            )

            @OptionGroup var global: GlobalOptions
            @OptionGroup var output: ReportOutput

            @Option(help: "The plan's year.")
            var year: Int

            @Option(help: "GB/T 2260 code of the region or a league/city.")
            var division: String

            @Option(name: .customLong("as-of"), help: "The day progress is computed for, YYYY-MM-DD (default: 31 December of the year).")
            var asOf: String?

            @Flag(help: "Write the latest version even if it is an unpublished draft.")
            var draft = false

            func validate() throws {
                if let asOf, CivilDate(iso: asOf) == nil { throw ValidationError("--as-of must be a date YYYY-MM-DD.") }
            }

            func run() async throws {
                let (year, division, draft) = (year, division, draft)
                let day = asOf.flatMap(CivilDate.init(iso:)) ?? CivilDate(iso: "\(year)-12-31")!
                try output.write(name: "open-plan-\(year)-\(division)", global: global) { reports, connection in
                    try reports.openPlan(year: year, division: division, asOf: day, draft: draft, for: .operator, on: connection)
                }
            }
        }

        struct Compliance: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "The compliance report as of a day, with every overdue deadline and rule breach in a CSV appendix (RP.3)."
            )

            @OptionGroup var global: GlobalOptions
            @OptionGroup var output: ReportOutput

            @Option(name: .customLong("as-of"), help: "The day, YYYY-MM-DD.")
            var asOf: String

            @Option(help: "GB/T 2260 code of the division covered with those below it (default: the region).")
            var division = "150000"

            func validate() throws {
                if CivilDate(iso: asOf) == nil { throw ValidationError("--as-of must be a date YYYY-MM-DD.") }
            }

            /// Writes the report and, from the same snapshot, its CSV appendix with every finding.
            func run() async throws {
                let (day, division, output) = (CivilDate(iso: asOf)!, division, output)
                try output.write(name: "compliance-\(day)-\(division)", global: global) { reports, connection in
                    try connection.query("set transaction isolation level repeatable read")
                    try output.stream(ComplianceFindingsCSV.fileName(asOf: day, division: division)) { sink in
                        try reports.complianceFindings(asOf: day, division: division, for: .operator, on: connection, to: sink)
                    }
                    return try reports.compliance(asOf: day, division: division, for: .operator, on: connection)
                }
            }
        }
    }

    /// The formats and directory a report is written in.
    struct ReportOutput: ParsableArguments {
        /// The formats a report is written in.
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case md, html, both
        }

        @Option(help: "md, html or both.")
        var format = Format.both

        @Option(help: "Directory to write into (created if missing).")
        var out = "out"

        /// Builds the document through the ``ReportService`` in one read-only transaction and writes its files. A report
        /// writes nothing to the database, so `--database-url` may name a streaming replica.
        func write(
            name: String,
            global: GlobalOptions,
            _ build: @escaping (ReportService, Connection) throws -> ReportDocument
        ) throws {
            let reports = try ReportService.located()
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let document = try global.mappingErrors { try global.connect(readOnly: true).transaction { try build(reports, $0) } }
            if format != .html { try save(reports.markdown(document), name, "md") }
            if format != .md { try save(try reports.html(document), name, "html") }
        }

        /// Writes the file `name` in the output directory a chunk at a time, as `produce` hands chunks to its sink; the
        /// file appears under its name only once complete.
        func stream(_ name: String, _ produce: ((Data) throws -> Void) throws -> Void) throws {
            let path = URL(fileURLWithPath: out).appendingPathComponent(name)
            let partial = path.appendingPathExtension("partial")
            _ = FileManager.default.createFile(atPath: partial.path, contents: nil)  // opening it below says why, if it failed
            defer { try? FileManager.default.removeItem(at: partial) }
            do {
                let file = try FileHandle(forWritingTo: partial)
                defer { try? file.close() }
                try produce { try file.write(contentsOf: $0) }
            }
            try? FileManager.default.removeItem(at: path)
            try FileManager.default.moveItem(at: partial, to: path)
            print(path.path)
        }

        private func save(_ text: String, _ name: String, _ fileExtension: String) throws {
            let path = URL(fileURLWithPath: out).appendingPathComponent("\(name).\(fileExtension)")
            try Data(text.utf8).write(to: path, options: .atomic)
            print(path.path)
        }
    }
}
