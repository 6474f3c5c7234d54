import ArgumentParser
import RegistryCore

extension Registry {
    struct Seed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load seed data.",
            subcommands: [Reference.self, Demo.self]
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

        struct Demo: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Load the demo registry of Inner Mongolia (RP.4): institutions, catalogs, requests, plans, supervision, assessments.",
                discussion: "Skipped when the demo registry is already there, so the run command can run twice."
            )

            @OptionGroup var global: GlobalOptions

            func run() async throws {
                if try DemoSeed().isSeeded(on: try global.connect()) {
                    print("demo data already loaded")
                    return
                }
                print(try global.write(action: "seed.demo") { try DemoSeed().run(on: $0) })
            }
        }
    }
}
