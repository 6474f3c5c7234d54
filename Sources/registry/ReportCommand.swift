import ArgumentParser
import Foundation
import Postgres
import RegistryCore
import Reports

extension Registry {
    /// `registry report assessment --year Y [--division CODE] [--format md|html|both] [--out DIR]` (RP.1): writes the
    /// report as Markdown and/or standalone HTML; the same data and arguments give the same bytes.
    struct ReportCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Write the committees' reports as Markdown and standalone HTML (RP.1).",
            subcommands: [Assessment.self]
        )

        /// The formats a report is written in.
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case md, html, both
        }

        struct Assessment: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "The annual assessment report 《Y年度公共数据管理评估报告》 (A39.1, A41.1).",
                discussion: "Uses the published assessment of the year's scheme of the division, else its latest version."
            )

            @OptionGroup var global: GlobalOptions

            @Option(help: "The assessment year.")
            var year: Int

            @Option(help: "GB/T 2260 code of the division whose authority set the scheme (default: the region, 150000).")
            var division = "150000"

            @Option(help: "md, html or both.")
            var format = Format.both

            @Option(help: "Directory to write into (created if missing).")
            var out = "out"

            func run() async throws {
                let layout = try ProjectLayout.locate()
                let connection = try global.connect()
                let wording = try ReportWording(kind: "assessment", in: layout.reports)
                let report = AssessmentReport(wording: wording)
                let (year, division) = (year, division)
                let document = try connection.transaction { connection in
                    try report.document(year: year, division: division, on: connection)
                }
                let stylesheet = try String(contentsOf: layout.reports.appendingPathComponent("style.css"), encoding: .utf8)
                try ReportFiles(directory: out, name: "assessment-\(year)-\(division)", format: format)
                    .write(document, stylesheet: stylesheet)
            }
        }
    }

    /// Where a report's files go and in which formats.
    struct ReportFiles {
        var directory: String
        var name: String
        var format: ReportCommand.Format

        func write(_ document: ReportDocument, stylesheet: String) throws {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            if format != .html { try save(MarkdownRenderer().render(document), as: "md") }
            if format != .md { try save(HTMLRenderer(stylesheet: stylesheet).render(document), as: "html") }
        }

        private func save(_ text: String, as fileExtension: String) throws {
            let path = URL(fileURLWithPath: directory).appendingPathComponent("\(name).\(fileExtension)")
            try Data(text.utf8).write(to: path, options: .atomic)
            print(path.path)
        }
    }
}
