import Foundation
import Postgres

/// A person's access to the registry: one role, acting for one institution or one data user.
public struct Account: Sendable, Hashable, Codable, RowColumns {
    public var id: UUID
    public var role: Role
    public var displayName: String
    /// Unified social credit code of the institution the account acts for.
    public var institution: String?
    /// The data user the account acts for (role `data_user`).
    public var dataUserID: UUID?
    public var createdAt: Date
    public var revokedAt: Date?
    /// When the current API token stops working (90 days after it was issued, unless the registry says otherwise).
    public var tokenExpiresAt: Date

    init(row: Row) throws {
        id = try row.decode("id")
        role = try row.decode("role")
        displayName = try row.decode("display_name")
        institution = try row.decodeIfPresent("institution_uscc")
        dataUserID = try row.decodeIfPresent("data_user_id")
        createdAt = try row.decode("created_at")
        revokedAt = try row.decodeIfPresent("revoked_at")
        tokenExpiresAt = try row.decode("token_expires_at")
    }

    /// The columns ``init(row:)`` reads: the statements that read this type select them by name.
    static let columnNames = ["id", "role", "display_name", "institution_uscc", "data_user_id", "created_at", "revoked_at", "token_expires_at"]

    /// The audit context for changes this account makes.
    public func auditContext(requestID: String?, action: String? = nil) -> AuditContext {
        AuditContext(actorAccount: id, role: role.rawValue, institution: institution, requestID: requestID, action: action)
    }
}

/// A data user (数据利用主体) as the registry keeps it: the citizen identity number only masked (A13.1).
public struct DataUser: Sendable, Hashable, Codable, RowColumns {
    public var id: UUID
    public var kind: DataUserKind
    public var name: String
    /// `150102********123X`: the clear number is never stored.
    public var maskedCitizenID: String?
    public var uscc: String?

    /// Reads the data user's columns, each named with `prefix` when it is joined into a wider row.
    init(row: Row, prefix: String = "") throws {
        id = try row.decode(prefix + "id")
        kind = try row.decode(prefix + "kind")
        name = try row.decode(prefix + "name")
        maskedCitizenID = try row.decodeIfPresent(prefix + "citizen_id_masked")
        uscc = try row.decodeIfPresent(prefix + "uscc")
    }

    /// The columns ``init(row:prefix:)`` reads: the statements that read this type select them by name.
    static let columnNames = ["id", "kind", "name", "citizen_id_masked", "uscc"]

    /// The columns of `data_user` joined as `du` into a wider query, renamed for ``init(row:prefix:)`` with `du_`;
    /// never the digest of the citizen number.
    static let joinedColumns: SQL = """
        du.id as du_id, du.kind as du_kind, du.name as du_name, du.citizen_id_masked as du_citizen_id_masked,
        du.uscc as du_uscc
        """
}
