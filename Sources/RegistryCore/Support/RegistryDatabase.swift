import Postgres

/// The registry's database as workflows use it: reads on a pooled connection, writes in one audited transaction
/// (A44.1), and every database refusal turned into a ``RegistryError`` that names its rule.
public struct RegistryDatabase: Sendable {
    public let client: PostgresClient

    public init(client: PostgresClient) {
        self.client = client
    }

    /// Runs read-only work on a pooled connection.
    public func read<Result: Sendable>(_ body: @escaping @Sendable (Connection) throws -> Result) async throws -> Result {
        try await mappingErrors { try await client.withConnection(body) }
    }

    /// Runs a change in one transaction with `context` recorded by the audit trail; a refusal changes nothing.
    @discardableResult
    public func write<Result: Sendable>(
        _ context: AuditContext, _ body: @escaping @Sendable (Connection) throws -> Result
    ) async throws -> Result {
        try await mappingErrors { try await client.withTransaction(auditedAs: context, body) }
    }

    private func mappingErrors<Result>(_ work: () async throws -> Result) async throws -> Result {
        do {
            return try await work()
        } catch let error as PostgresError {
            throw RegistryError(error)
        } catch let error as any RegistryErrorConvertible {
            throw error.registryError
        }
    }
}

extension RegistryDatabase {
    /// Throws unless the database answers a trivial query.
    public func ping() async throws {
        _ = try await read { try $0.query("select 1") }
    }
}
