import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Postgres
import RegistryCore
import RegistryServer
import RegistryWeb
import ServiceLifecycle

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

        @Option(
            name: .customLong("read-connections"),
            help:
                "Connections of the read pool that lists and reports use: to the replica, else read-only ones to the primary (default: --connections)."
        )
        var readConnections: Int?

        @Flag(name: .customLong("secure-cookies"), help: "Send the workspace's cookies over TLS only (behind a TLS proxy).")
        var secureCookies = false

        @Flag(
            name: .customLong("open-catalog-in-memory"),
            inversion: .prefixedNo,
            help: "Keep a copy of the open catalog in memory for its searches with words (about 270 MB at 650,000 open items)."
        )
        var openCatalogInMemory = true
        @Option(name: .customLong("log-file"), help: "Append the service log to this file, readable by its owner only (mode 600).")
        var logFile: String?

        @Option(
            name: .customLong("token-failure-limit"),
            help: "Failed API token checks allowed per client address and minute; further requests with a token get 429."
        )
        var tokenFailureLimit = FailedTokenThrottle.defaultLimit

        @Option(
            name: .customLong("anchor-file"),
            help: "Append the audit chain's head to this file on every anchor (A44.1); anchors always go to the log too."
        )
        var anchorFile: String?

        @Option(name: .customLong("anchor-interval"), help: "Seconds between two anchors of the audit chain's head.")
        var anchorInterval = 3600

        @Option(
            name: .customLong("idle-timeout"),
            help: "Seconds a client connection may send nothing (between requests or within one) before it is closed."
        )
        var idleTimeout = Int(ServerConfiguration.defaultIdleTimeout.components.seconds)

        @Option(
            name: .customLong("header-timeout"),
            help: "Seconds from a request's first byte until its headers must be complete, or the connection is closed."
        )
        var headerTimeout = Int(ServerConfiguration.defaultHeaderTimeout.components.seconds)

        @Option(
            name: .customLong("request-timeout"),
            help: "Seconds a request may take before it is answered 503 (a read) or 502 outcome_unknown (a change)."
        )
        var requestTimeout = Int(ServerConfiguration.defaultRequestTimeout.components.seconds)

        @Option(
            name: .customLong("max-http-connections"),
            help: "Client connections open at once; further ones wait in the listen backlog."
        )
        var maxHTTPConnections = ServerConfiguration.defaultMaxConnections

        @Option(
            name: .customLong("seal-interval"),
            help: "Milliseconds between two runs of the audit sealer, which chains the rows writers committed (A44.1)."
        )
        var sealInterval = 200

        func validate() throws {
            for (name, seconds) in [("--idle-timeout", idleTimeout), ("--header-timeout", headerTimeout), ("--request-timeout", requestTimeout)] {
                guard (1...86_400).contains(seconds) else { throw ValidationError("\(name) must be between 1 and 86400 seconds.") }
            }
            guard (1...100_000).contains(maxHTTPConnections) else {
                throw ValidationError("--max-http-connections must be between 1 and 100000.")
            }
            guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535.") }
            guard (1...200).contains(connections) else { throw ValidationError("--connections must be between 1 and 200.") }
            if let readConnections, !(1...200).contains(readConnections) {
                throw ValidationError("--read-connections must be between 1 and 200.")
            }
            guard anchorInterval >= 1 else { throw ValidationError("--anchor-interval must be at least 1 second.") }
            guard (10...60_000).contains(sealInterval) else {
                throw ValidationError("--seal-interval must be between 10 and 60000 milliseconds.")
            }
            guard tokenFailureLimit >= 1 else { throw ValidationError("--token-failure-limit must be at least 1.") }
        }

        func run() async throws {
            if let logFile { try Self.redirectOutput(to: logFile) }
            var logger = Logger(label: "registry")
            logger.logLevel = Environment().get("LOG_LEVEL").flatMap(Logger.Level.init(rawValue:)) ?? .info
            let primary = PostgresClient(configuration: global.postgres.forRequests(), maxConnections: connections, logger: logger)
            // Lists and reports read from a pool of their own — the replica's, or read-only sessions on the primary — so
            // that long reads never hold the connections writes need.
            let reads = PostgresClient(
                configuration: (readDatabaseURL.map { PostgresConfiguration(connectionString: $0) } ?? global.postgres)
                    .readingOnly(as: "registry-reads").forRequests(),
                maxConnections: readConnections ?? connections,
                logger: logger
            )
            let database = RegistryDatabase(primary: primary, reads: reads)
            // /healthz has two connections of its own: a write pool with every connection busy never makes it fail.
            let healthPool = PostgresClient(
                configuration: global.postgres.readingOnly(as: "registry-health").forRequests(),
                maxConnections: 2,
                logger: logger
            )
            let health = RegistryDatabase(client: healthPool, clock: database.clock)
            try await database.ping()
            try await database.readReplica.ping()
            try await Self.warnUnlessDurable(database, logger: logger)
            let site = try await WebSite.load(from: try ProjectLayout.locate())
            // The open catalog in memory for searches with words, read from the pool those searches read from.
            let searchIndex = openCatalogInMemory ? OpenCatalogSearchIndex(database: database.readReplica) : nil
            let pages = buildWebRouter(
                database: database,
                site: site,
                configuration: WebConfiguration(secureCookies: secureCookies),
                searchIndex: searchIndex
            )
            let configuration = ServerConfiguration(
                host: host,
                port: port,
                tokenFailureLimit: tokenFailureLimit,
                idleTimeout: .seconds(idleTimeout),
                headerTimeout: .seconds(headerTimeout),
                requestTimeout: .seconds(requestTimeout),
                maxConnections: maxHTTPConnections
            )
            let background = BackgroundWork(jobs: [
                { [logger] in await CalendarWatch(database: database, logger: logger).run() },
                { [logger] in
                    await AuditAnchoring(
                        database: database,
                        file: anchorFile.map(AuditAnchorFile.init(path:)),
                        interval: .seconds(anchorInterval),
                        logger: logger
                    ).run()
                },
                { [logger] in await IdempotencyKeyExpiry(database: database, logger: logger).run() },
                { [logger] in
                    guard let searchIndex else { return }
                    await OpenCatalogIndexing(index: searchIndex, logger: logger).run()
                },
                { [logger] in await AuditSealer(database: database, interval: .milliseconds(sealInterval), logger: logger).run() },
                // A running import stops after its chunk when cancelled, before the pools close.
                { [logger] in await CatalogImportRunner(database: database, logger: logger).run() },
            ])
            // Hummingbird's graceful shutdown on SIGTERM and SIGINT (its default): stop accepting, let the requests in
            // flight finish, stop the background work, then close the pools — on every way out of the group.
            let app = buildApplication(
                configuration,
                database: database,
                health: health,
                searchIndex: searchIndex,
                logger: logger,
                pages: pages.buildResponder(),
                services: [primary, reads, healthPool, background]
            )
            try await app.runService()
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
