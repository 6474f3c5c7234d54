import ArgumentParser
import Hummingbird
import Logging
import Postgres
import RegistryCore
import RegistryServer

extension Registry {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the HTTP API.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "Address to listen on.")
        var host = "127.0.0.1"

        @Option(help: "Port to listen on.")
        var port = 8080

        @Option(help: "Database connections in the pool.")
        var connections = 8

        func validate() throws {
            guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535.") }
            guard (1...200).contains(connections) else { throw ValidationError("--connections must be between 1 and 200.") }
        }

        func run() async throws {
            var logger = Logger(label: "registry")
            logger.logLevel = Environment().get("LOG_LEVEL").flatMap(Logger.Level.init(rawValue:)) ?? .info
            let client = PostgresClient(configuration: global.postgres, maxConnections: connections, logger: logger)
            let database = RegistryDatabase(client: client)
            try await database.ping()
            let app = buildApplication(ServerConfiguration(host: host, port: port), database: database, logger: logger)
            try await app.runService()
            try await client.shutdown()
        }
    }
}
