import ArgumentParser
import RegistryCore

extension Registry {
    struct Seed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load seed data.",
            subcommands: [Reference.self]
        )

        struct Reference: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Load the reference data of sql/reference/: divisions, base data kinds, the official calendar."
            )

            @OptionGroup var global: GlobalOptions

            func run() async throws {
                let layout = try ProjectLayout.locate()
                let summary = try global.write(action: ReferenceData.auditAction) { connection in
                    try ReferenceData.seed(from: layout.referenceData, on: connection)
                }
                print(summary)
            }
        }
    }
}
