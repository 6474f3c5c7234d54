import ArgumentParser
import Foundation
import Postgres
import RegistryCore

extension Registry {
    /// Electronic licences from the command line (A18.2): a licence system's run records each aggregation of a licence
    /// catalog item into the electronic-licence base database, and reads an item's aggregations. The database judges
    /// which items are licence items; the trail records the change as the command line's (A44.1).
    struct LicencesCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "licences",
            abstract: "Record and read aggregations of electronic licences into their base database (A18.2).",
            subcommands: [Record.self, List.self]
        )

        /// `registry licences record ITEM --count N --system NAME [--at TIME]`.
        struct Record: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Record that a licence catalog item's licences were aggregated: when, how many, from which system."
            )

            @OptionGroup var global: GlobalOptions

            @Argument(help: "The id (UUID) of the licence catalog item.")
            var item: String
            @Option(help: "How many licences the aggregation brought into the base database.")
            var count: Int
            @Option(help: "The system the licences were issued in and aggregated from.")
            var system: String
            @Option(help: "When the aggregation ran, ISO 8601 (default: now).")
            var at: String?

            func validate() throws {
                if UUID(uuidString: item) == nil { throw ValidationError("ITEM must be the item's id (a UUID).") }
                if let at, ISO8601DateFormatter().date(from: at) == nil {
                    throw ValidationError("--at must be an ISO 8601 time such as 2026-11-02T08:00:00+08:00.")
                }
            }

            func run() async throws {
                let input = NewLicenceAggregation(
                    aggregatedAt: at.flatMap { ISO8601DateFormatter().date(from: $0) },
                    licenceCount: count,
                    sourceSystem: system
                )
                let recorded = try global.write(action: LicenceAggregationWorkflow.recordAction) { connection in
                    try LicenceAggregationWorkflow.insert(input, item: UUID(uuidString: item)!, recordedBy: nil, on: connection)
                }
                print(Self.line(recorded))
            }

            static func line(_ a: LicenceAggregation) -> String {
                [
                    a.id.uuidString.lowercased(), ISO8601DateFormatter().string(from: a.aggregatedAt), String(a.licenceCount),
                    a.sourceSystem, a.institution,
                ].tabbed
            }
        }

        /// `registry licences list ITEM`: the item's aggregations, the latest first.
        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List a licence catalog item's aggregations, the latest first.")

            @OptionGroup var global: GlobalOptions

            @Argument(help: "The id (UUID) of the licence catalog item.")
            var item: String

            func validate() throws {
                if UUID(uuidString: item) == nil { throw ValidationError("ITEM must be the item's id (a UUID).") }
            }

            func run() async throws {
                let aggregations = try LicenceAggregationWorkflow.aggregations(of: UUID(uuidString: item)!, on: try global.connect())
                print(["id", "aggregated_at", "licences", "system", "institution"].tabbed)
                for aggregation in aggregations { print(Record.line(aggregation)) }
            }
        }
    }
}
