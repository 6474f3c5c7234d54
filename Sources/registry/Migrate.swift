import ArgumentParser
import Foundation
import Postgres
import RegistryCore

extension Registry {
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply the schema migrations in sql/ that are not applied yet, as the schema's owner.",
            discussion: """
                Migrations change the schema, so they run as the role that owns it (registry_owner), never as the \
                service's role: --migration-database-url, else $MIGRATION_DATABASE_URL, else --database-url.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(
            name: .customLong("migration-database-url"),
            help: "libpq URI or string as the schema's owner (default: $MIGRATION_DATABASE_URL, else --database-url)."
        )
        var migrationDatabaseURL: String?

        func run() async throws {
            let layout = try ProjectLayout.locate()
            let owner = migrationDatabaseURL ?? ProcessInfo.processInfo.environment["MIGRATION_DATABASE_URL"]
            let connection =
                try owner.map { try GlobalOptions.connect(PostgresConfiguration(connectionString: $0)) }
                ?? global.connect()
            let report = try Migrator(directory: layout.migrations).run(on: connection)
            for file in report.applied { print("applied \(file)") }
            print("\(report.applied.count) applied, \(report.alreadyApplied.count) already applied")
        }
    }
}
