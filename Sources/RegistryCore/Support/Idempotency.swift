import Foundation
import Postgres
import Synchronization

/// A client's `Idempotency-Key` for one write request: who sent it, the key, and the SHA-256 of the request (method,
/// path and body), so that a retry of the same request is answered with the first response instead of a second write.
///
/// While a request runs with its claim as ``current``, the first transaction that ``RegistryDatabase/write(_:budget:_:)``
/// commits inserts the key's row as its first statement: the key is stored exactly when the write it records is,
/// whatever happens to the process or the connection (`sql/0085_idempotency_keys.sql`). A second request with the same
/// key waits on that row until the first transaction ends, and then finds the key taken
/// (``IdempotencyKeyTaken``) and changes nothing.
public final class IdempotencyClaim: Sendable {
    /// The claim of the request this task serves, if it sent a key.
    @TaskLocal public static var current: IdempotencyClaim?

    public let principal: UUID
    public let key: String
    public let requestHash: [UInt8]
    public let requestID: String
    private let committed = Mutex(false)

    public init(principal: UUID, key: String, requestHash: [UInt8], requestID: String) {
        self.principal = principal
        self.key = key
        self.requestHash = requestHash
        self.requestID = requestID
    }

    /// Whether a write of this request committed, and the key with it.
    public var isCommitted: Bool { committed.withLock { $0 } }

    /// Inserts the key in the caller's transaction, unless an earlier transaction of this request already stored it;
    /// an expired row with the same key is taken over. Throws ``IdempotencyKeyTaken`` when a live row exists.
    func record(on connection: Connection) throws {
        guard !isCommitted else { return }
        let inserted = try connection.query(
            """
            insert into idempotency_key as k (principal, key, request_hash, request_id)
            values (\(principal), \(key), \(requestHash), \(requestID))
            on conflict (principal, key) do update
               set request_hash = excluded.request_hash, request_id = excluded.request_id, created_at = registry_now(),
                   expires_at = registry_now() + idempotency_key_lifetime(), response_status = null,
                   response_content_type = null, response_location = null, response_body = null
             where k.expires_at <= registry_now()
            returning 1 as inserted
            """
        )
        guard inserted.first != nil else { throw IdempotencyKeyTaken() }
    }

    func markCommitted() {
        committed.withLock { $0 = true }
    }
}

/// Thrown inside a write whose `Idempotency-Key` another request stored meanwhile; the write is rolled back.
public struct IdempotencyKeyTaken: Error, Sendable {}

/// The response a request with an `Idempotency-Key` got, as stored for its retries.
public struct StoredResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String?
    public var location: String?
    public var body: [UInt8]

    public init(status: Int, contentType: String?, location: String?, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.location = location
        self.body = body
    }
}

/// A live key as a retry finds it: the hash of the request that stored it, and its response once stored (`nil` when the
/// write committed and its response is still being stored, or was lost in a crash).
public struct IdempotencyRecord: Sendable {
    public var requestHash: [UInt8]
    public var response: StoredResponse?
}

/// The stored `Idempotency-Key`s of the service (`sql/0085_idempotency_keys.sql`): looked up before a request runs,
/// completed with the response after its write committed, and forgotten once expired.
public struct IdempotencyKeys: Sendable {
    /// The largest response body stored for a retry; a larger one is not stored (its retries get 409).
    public static let maxStoredBody = 1 << 20

    let database: RegistryDatabase

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// The live key `key` of `principal`, read on the primary.
    public func find(principal: UUID, key: String) async throws -> IdempotencyRecord? {
        try await database.read { connection in
            try connection.query(
                """
                select request_hash, response_status, response_content_type, response_location, response_body
                  from idempotency_key
                 where principal = \(principal) and key = \(key) and expires_at > registry_now()
                """
            ).first.map { row in
                let status: Int? = try row.decodeIfPresent("response_status")
                return IdempotencyRecord(
                    requestHash: try row.decode("request_hash"),
                    response: try status.map { status in
                        StoredResponse(
                            status: status,
                            contentType: try row.decodeIfPresent("response_content_type"),
                            location: try row.decodeIfPresent("response_location"),
                            body: try row.decode("response_body")
                        )
                    }
                )
            }
        }
    }

    /// Stores the response of the request that committed `claim`'s key.
    public func complete(_ claim: IdempotencyClaim, with response: StoredResponse) async throws {
        try await database.maintain { connection in
            try connection.query(
                """
                update idempotency_key
                   set response_status = \(response.status), response_content_type = \(response.contentType),
                       response_location = \(response.location), response_body = \(response.body)
                 where principal = \(claim.principal) and key = \(claim.key) and request_hash = \(claim.requestHash)
                   and response_status is null
                """
            )
        }
    }

    /// Deletes the expired keys; returns how many.
    @discardableResult
    public func removeExpired() async throws -> Int {
        try await database.maintain { connection in
            try connection.query("delete from idempotency_key where expires_at <= registry_now()").affectedRows
        }
    }
}
