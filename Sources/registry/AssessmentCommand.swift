import ArgumentParser
import Foundation
import Postgres
import RegistryCore

extension Registry {
    /// The annual assessments read from the command line (A39.1): which exist for a year and a division, so the committee
    /// finds the id of the one to adjust. Adjustments go through the API, by a committee member.
    struct AssessmentCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assessment",
            abstract: "Read the annual assessments (A39.1).",
            subcommands: [List.self]
        )

        /// `registry assessment list [--year Y] [--division CODE]`: every version, newest first.
        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List assessments: id, year, division, version, as-of day, state, institutions ranked."
            )

            @OptionGroup var global: GlobalOptions

            @Option(help: "The assessment year.")
            var year: Int?
            @Option(help: "The division code (GB/T 2260) of the assessing authority.")
            var division: String?

            func run() async throws {
                let connection = try global.connect()
                print(["id", "year", "division", "version", "as_of", "state", "institutions"].tabbed)
                for summary in try AssessmentStore().summaries(year: year, division: division, on: connection) {
                    print(
                        [
                            summary.id.uuidString.lowercased(), String(summary.year), summary.division, String(summary.version),
                            summary.asOf.description, summary.state, String(summary.institutions),
                        ].tabbed
                    )
                }
            }
        }
    }
}
