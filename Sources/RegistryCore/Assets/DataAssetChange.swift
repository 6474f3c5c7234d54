import Foundation
import Postgres

/// A43.1: one change of an asset as its history records it — written by the database in the changing transaction, so
/// every path (the API, psql) leaves the same record: which fields changed, their values before and after, when, by
/// which account and why.
public struct DataAssetChange: Sendable, Hashable, Codable, RowColumns {
    public var id: Int64
    public var assetID: UUID
    public var registerNumber: Int64
    public var assetName: String
    public var action: Action
    /// The fields that changed, as the API names them (`catalog_items` for the linked items).
    public var fields: [String]
    /// Their values before the change, as text (`nil`: no value); empty for a registration.
    public var before: [String: String?]
    /// Their values after the change, as text.
    public var after: [String: String?]
    public var reason: String?
    public var changedAt: Date
    /// The day of the change in Asia/Shanghai.
    public var changedOn: CivilDate
    /// The account that made the change; `nil` for a change made outside the registry's accounts (psql).
    public var actorAccount: UUID?
    public var actorName: String?
    public var actorRole: String?
    /// The institution the account acted for.
    public var actorInstitution: String?

    /// A43.1: what kind of change a history entry records.
    public enum Action: String, Sendable, Hashable, Codable, CaseIterable, PostgresEnum {
        /// 登记.
        case register
        /// 变更.
        case change
        /// 注销.
        case retire
        /// 恢复 (by the public data authority).
        case restore

        /// The register's Chinese term.
        public var label: String {
            switch self {
            case .register: "登记"
            case .change: "变更"
            case .retire: "注销"
            case .restore: "恢复"
            }
        }
    }

    init(row: Row) throws {
        id = try row.decode("id")
        assetID = try row.decode("asset_id")
        registerNumber = try row.decode("register_no")
        assetName = try row.decode("asset_name")
        action = try row.decode("action")
        fields = try row.decode("fields")
        before = try row.decode("before", as: PostgresJSON<[String: String?]>.self).value
        after = try row.decode("after", as: PostgresJSON<[String: String?]>.self).value
        reason = try row.decodeIfPresent("reason")
        changedAt = try row.decode("changed_at")
        changedOn = try row.decode("changed_on")
        actorAccount = try row.decodeIfPresent("actor_account")
        actorName = try row.decodeIfPresent("actor_name")
        actorRole = try row.decodeIfPresent("actor_role")
        actorInstitution = try row.decodeIfPresent("actor_institution")
    }

    /// The columns ``init(row:)`` reads: the statements that read this type select them by name.
    static let columnNames = [
        "id", "asset_id", "register_no", "asset_name", "action", "fields", "before", "after", "reason", "changed_at", "changed_on", "actor_account",
        "actor_name", "actor_role", "actor_institution",
    ]
}
