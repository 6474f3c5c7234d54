import ArgumentParser
import Foundation
import RegistryCore
import RegistrySeeds
import RegistryWeb

extension Registry {
    struct Seed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load seed data.",
            subcommands: [Reference.self, Demo.self, Synthetic.self]
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
                discussion: """
                    Skipped when the demo registry is already there, so the run command can run twice. Either way, one \
                    account per role gets a demo login and password for the web workspace (kept once set), printed last.
                    """
            )

            @OptionGroup var global: GlobalOptions

            func run() async throws {
                if try DemoSeed().isSeeded(on: try global.connect()) {
                    print("demo data already loaded")
                } else {
                    print(try global.write(action: "seed.demo") { try DemoSeed().run(on: $0) })
                }
                try await printSignIns()
            }

            /// Gives the demo accounts their sign-ins and prints them (demo passwords, for demo databases only).
            private func printSignIns() async throws {
                var hashes: [Role: String] = [:]
                for role in Role.allCases { hashes[role] = try await PasswordHasher().hash(DemoSignIns.password(for: role)) }
                let entries = try global.write(action: "seed.demo_sign_ins") { [hashes] in try DemoSignIns().apply(hashes: hashes, on: $0) }
                print("demo sign-ins (web workspace):")
                for entry in entries { print("  \(entry.role.label)\t\(entry.login)\t\(entry.password)\t\(entry.displayName)") }
            }
        }

        struct Synthetic: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Generate a province-sized synthetic registry for benchmarks, deterministic for a seed.",
                discussion: """
                    Scale 1.0 is the province: 5,000 institutions, 1,000,000 catalog items, 500,000 assets, 300,000 share \
                    requests over three years, 50,000 open applications, 10,000 error reports, 2,000 disputes, 5,000 violations \
                    and an assessment per year. Loaded through COPY into the real tables, audited; run it on an empty registry \
                    (after `registry migrate` and `registry seed reference`).
                    """
            )

            @OptionGroup var global: GlobalOptions

            @Option(help: "Size relative to the province (0.001 to 2; 0.01 runs in the tests).")
            var scale = 1.0

            @Option(help: "Seed of the pseudo-random generator: the same seed gives the same registry.")
            var seed: UInt64 = 20_240_101

            func validate() throws {
                guard SyntheticScale(scale) != nil else {
                    throw ValidationError("--scale must be between \(SyntheticScale.range.lowerBound) and \(SyntheticScale.range.upperBound).")
                }
            }

            func run() async throws {
                let connection = try global.connect()
                let generator = SyntheticSeed(scale: SyntheticScale(scale)!, seed: seed)
                guard try generator.isEmpty(on: connection) else {
                    throw CommandFailure("the registry already has institutions: generate into a fresh database")
                }
                let context = AuditContext(role: "cli", requestID: "cli-" + UUID().uuidString.lowercased())
                let bar = ProgressBar()
                let summary = try global.mappingErrors {
                    try generator.run(on: connection, auditedAs: context) { bar.show($0.phase, $0.done, $0.total) }
                }
                bar.finish()
                print(summary)
            }
        }
    }
}
