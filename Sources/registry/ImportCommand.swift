import ArgumentParser
import Foundation
import Postgres
import RegistryCore

extension Registry {
    struct ImportCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Bulk imports.",
            subcommands: [ImportCatalog.self]
        )

        /// `registry import catalog FILE --institution USCC [--all-or-nothing] [--format csv|jsonl]`.
        struct ImportCatalog: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "catalog",
                abstract: "Import catalog items from a CSV or JSON Lines file into the institution's draft catalog version.",
                discussion: """
                    Columns (CSV header) or keys (JSON Lines): \(CatalogImportColumns.all.joined(separator: ", ")).
                    data_items is a JSON array of {"name", "type", "description"} (in a CSV cell: its JSON text).
                    Every valid row is stored as a revision in the draft version (opened if none is), 500 rows per transaction,
                    as an import job; each refused row is printed with its line, field and reason. Exit status 0 when every
                    row was stored, 1 otherwise. A run killed midway keeps the chunks it committed; a running `registry
                    serve` resumes the job after them.
                    """
            )

            @OptionGroup var global: GlobalOptions

            @Argument(help: "The file to import (.csv, .jsonl or .ndjson).")
            var file: String

            @Option(help: "Unified social credit code of the institution whose catalog receives the items.")
            var institution: String

            @Flag(name: .customLong("all-or-nothing"), help: "Store nothing when any row is refused.")
            var allOrNothing = false

            @Option(help: "csv or jsonl (default: from the file's extension).")
            var format: String?

            func validate() throws {
                if let format, CatalogImportFormat(rawValue: format) == nil {
                    throw ValidationError("--format must be csv or jsonl.")
                }
                if format == nil, CatalogImportFormat(fileExtensionOf: URL(fileURLWithPath: file)) == nil {
                    throw ValidationError("cannot tell the format from the file name: pass --format csv or --format jsonl.")
                }
            }

            func run() async throws {
                let url = URL(fileURLWithPath: file)
                let format = format.flatMap(CatalogImportFormat.init(rawValue:)) ?? CatalogImportFormat(fileExtensionOf: url)!
                let context = AuditContext(
                    role: "cli",
                    institution: institution,
                    requestID: "cli-" + UUID().uuidString.lowercased(),
                    action: CatalogImportStore.auditAction
                )
                let progress = ProgressLine()
                let report: CatalogImportReport
                do {
                    report = try CatalogImportJobs().importFile(
                        at: url,
                        format: format,
                        institution: institution,
                        allOrNothing: allOrNothing,
                        context: context,
                        progress: progress.show,
                        on: try global.connect()
                    )
                } catch let error as PostgresError {
                    throw RegistryError(error)
                }
                for problem in report.problems { print(Self.describe(problem)) }
                print(Self.summary(of: report, allOrNothing: allOrNothing))
                if report.rowsRefused > 0 { throw ExitCode.failure }
            }

            /// `line 12: share_reason: 有条件共享和不予共享的目录条目须说明理由。 (A21.1)`
            static func describe(_ problem: CatalogImportProblem) -> String {
                "line \(problem.line): " + (problem.field.map { "\($0): " } ?? "") + problem.message
                    + (problem.article.map { " (\($0))" } ?? "")
            }

            static func summary(of report: CatalogImportReport, allOrNothing: Bool) -> String {
                let read = "\(report.rowsRead) rows read"
                guard let stored = report.stored else {
                    let reason = report.rowsRefused > 0 && allOrNothing ? " (--all-or-nothing)" : ""
                    return "\(read), \(report.rowsRefused) refused: nothing stored\(reason)"
                }
                return "\(read), \(report.rowsStored) stored in draft version \(stored.versionNumber) of catalog "
                    + "\(stored.catalogID.uuidString.lowercased())\(stored.catalogCreated ? " (catalog created)" : ""): "
                    + "\(stored.itemsCreated) new items, \(stored.revisionsAdded) revisions added, "
                    + "\(stored.revisionsChanged) changed, \(stored.revisionsUnchanged) unchanged; \(report.rowsRefused) refused"
            }
        }
    }
}

/// The progress of a long import on standard error: nothing for the first second, then at most a line a second.
private final class ProgressLine {
    private var shown = false

    func show(_ progress: CatalogImportProgress) {
        switch progress {
        case .reading(let rows, let seconds):
            write(String(format: "read %d rows (%.0f rows/s)", rows, Double(rows) / max(seconds, 0.001)), after: seconds)
        case .validating(let rows, let seconds):
            write(String(format: "checking %d rows (%.1f s)", rows, seconds), after: seconds)
        case .storing(let rows, let seconds):
            write(String(format: "storing %d rows (%.1f s)", rows, seconds), after: seconds)
        case .finished(let rows, let seconds):
            write(
                String(format: "done: %d rows in %.1f s (%.0f rows/s)", rows, seconds, Double(rows) / max(seconds, 0.001)),
                after: seconds
            )
        }
    }

    private func write(_ line: String, after seconds: Double) {
        guard shown || seconds >= 1 else { return }
        shown = true
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
