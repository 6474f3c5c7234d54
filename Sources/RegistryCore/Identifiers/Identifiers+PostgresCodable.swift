import Postgres

/// A13.1: binds the full number (for `citizen_id_digest(\(number))` or a `citizen_id` column); reads a `citizen_id`.
///
/// `SQL.description` never shows bound values, so binding does not leak the number into logs.
extension CitizenIdentityNumber: PostgresCodable {
    public var postgresText: String { unmaskedValue }

    public init(postgresText text: String) throws {
        do {
            try self.init(validating: text)
        } catch {
            throw PostgresDecodingError(type: Self.self, reason: error.reason)
        }
    }
}

/// A14.1: binds and reads a `uscc` column.
extension UnifiedSocialCreditCode: PostgresCodable {
    public var postgresText: String { value }

    public init(postgresText text: String) throws {
        do {
            try self.init(validating: text)
        } catch {
            throw PostgresDecodingError(type: Self.self, reason: error.reason)
        }
    }
}
