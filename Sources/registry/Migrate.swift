import ArgumentParser
import Postgres
import RegistryCore

extension Registry {
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply the schema migrations in sql/ that are not applied yet."
        )

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let layout = try ProjectLayout.locate()
            let report = try Migrator(directory: layout.migrations).run(on: try global.connect())
            for file in report.applied { print("applied \(file)") }
            print("\(report.applied.count) applied, \(report.alreadyApplied.count) already applied")
        }
    }
}
