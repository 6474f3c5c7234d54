import Foundation
import ArgumentParser
import Hummingbird
import Logging
import Postgres
import RegistryCore
import RegistryServer
import RegistryWeb

extension Registry {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the HTTP API and the web workspace on one port.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "Address to listen on.")
        var host = "127.0.0.1"

        @Option(help: "Port to listen on.")
        var port = 8080

        @Option(help: "Database connections in the pool.")
        var connections = 8

        @Option(
            name: .customLong("read-database-url"),
            help: "libpq URI or string of a streaming replica that lists and reports read from (default: the primary)."
        )
        var readDatabaseURL: String?

        @Option(name: .customLong("read-connections"), help: "Connections to the replica (default: --connections).")
        var readConnections: Int?

        @Flag(name: .customLong("secure-cookies"), help: "Send the workspace's cookies over TLS only (behind a TLS proxy).")
        var secureCookies = false

        @Option(name: .customLong("log-file"), help: "Append the service log to this file, readable by its owner only (mode 600).")
        var logFile: String?

        @Option(
            name: .customLong("token-failure-limit"),
            help: "Failed API token checks allowed per client address and minute; further requests with a token get 429.")
        var tokenFailureLimit = FailedTokenThrottle.defaultLimit

        @Option(
            name: .customLong("anchor-file"),
            help: "Append the audit chain's head to this file on every anchor (A44.1); anchors always go to the log too.")
        var anchorFile: String?

        @Option(name: .customLong("anchor-interval"), help: "Seconds between two anchors of the audit chain's head.")
        var anchorInterval = 3600

        func validate() throws {
            guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535.") }
            guard (1...200).contains(connections) else { throw ValidationError("--connections must be between 1 and 200.") }
            if let readConnections, !(1...200).contains(readConnections) {
                throw ValidationError("--read-connections must be between 1 and 200.")
            }
            guard anchorInterval >= 1 else { throw ValidationError("--anchor-interval must be at least 1 second.") }
            guard tokenFailureLimit >= 1 else { throw ValidationError("--token-failure-limit must be at least 1.") }
            if readConnections != nil, readDatabaseURL == nil {
                throw ValidationError("--read-connections needs --read-database-url.")
            }
        }

        func run() async throws {
            if let logFile { try Self.redirectOutput(to: logFile) }
            var logger = Logger(label: "registry")
            logger.logLevel = Environment().get("LOG_LEVEL").flatMap(Logger.Level.init(rawValue:)) ?? .info
            let primary = PostgresClient(configuration: global.postgres.forRequests(), maxConnections: connections, logger: logger)
            let reads = readDatabaseURL.map { url in
                PostgresClient(
                    configuration: PostgresConfiguration(connectionString: url).readingOnly(as: "registry-reads").forRequests(),
                    maxConnections: readConnections ?? connections, logger: logger)
            }
            let database = RegistryDatabase(primary: primary, reads: reads ?? primary)
            try await database.ping()
            try await database.readReplica.ping()
            try await Self.warnUnlessDurable(database, logger: logger)
            let site = try await WebSite.load(from: try ProjectLayout.locate())
            let pages = buildWebRouter(database: database, site: site, configuration: WebConfiguration(secureCookies: secureCookies))
            let configuration = ServerConfiguration(host: host, port: port, tokenFailureLimit: tokenFailureLimit)
            let app = buildApplication(configuration, database: database, logger: logger, pages: pages.buildResponder())
            let watch = Task { [logger] in await CalendarWatch(database: database, logger: logger).run() }
            defer { watch.cancel() }
            let anchoring = AuditAnchoring(
                database: database, file: anchorFile.map(AuditAnchorFile.init(path:)), interval: .seconds(anchorInterval),
                logger: logger)
            let anchors = Task { await anchoring.run() }
            defer { anchors.cancel() }
            let imports = Task { [logger] in await CatalogImportRunner(database: database, logger: logger).run() }
            defer { imports.cancel() }
            try await app.runService()
            imports.cancel()  // before the pool drains: a running import stops after its chunk
            try await primary.shutdown()
            try await reads?.shutdown()
        }

        /// Logs a warning when the server the service writes to may lose committed writes in a crash: `fsync`,
        /// `full_page_writes` or `synchronous_commit` off (a throw-away test cluster, never a registry's home).
        static func warnUnlessDurable(_ database: RegistryDatabase, logger: Logger) async throws {
            let off = try await database.read { connection in
                try connection.query(
                    """
                    select name from pg_settings
                     where name in ('fsync', 'full_page_writes', 'synchronous_commit') and setting = 'off' order by name
                    """
                ).map { try $0.decode("name") as String }
            }
            guard !off.isEmpty else { return }
            let settings = off.map { "\($0) = off" }.joined(separator: ", ")
            logger.warning("the database server runs with \(settings): a crash may lose committed writes (not for a registry's data)")
        }

        /// Sends standard output and error (the log) to `path`, created or kept with mode 600.
        static func redirectOutput(to path: String) throws {
            let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
            guard descriptor >= 0, fchmod(descriptor, 0o600) == 0 else {
                throw CommandFailure("cannot open the log file \(path): \(String(cString: strerror(errno)))")
            }
            fflush(nil)
            dup2(descriptor, STDOUT_FILENO)
            dup2(descriptor, STDERR_FILENO)
            close(descriptor)
        }
    }
}
