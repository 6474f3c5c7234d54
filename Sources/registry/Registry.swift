import ArgumentParser

/// `registry`: the command-line shell over the registry's libraries. No rule lives here.
@main
struct Registry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "The public data registry of Inner Mongolia (《内蒙古自治区公共数据管理暂行办法》).",
        subcommands: [
            Migrate.self, Serve.self, Seed.self, CalendarCommand.self, Identifier.self, Accounts.self, Audit.self,
            ImportCommand.self, CatalogCommand.self, AssessmentCommand.self, LicencesCommand.self, RemindersCommand.self, ReportCommand.self,
            BackupCommand.self, RestoreCommand.self,
        ]
    )

    /// Lets `--database-url` come before the subcommand too; each subcommand reads it through its own option group.
    @OptionGroup var global: GlobalOptions
}
