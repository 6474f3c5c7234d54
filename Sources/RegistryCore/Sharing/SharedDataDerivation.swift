import Foundation
import Postgres

/// A44.3: a catalog item of the receiving institution marked as derived from data it obtained through a delivered share
/// request. Such an item is never opened: the database refuses an open revision of it, and an item already open when
/// marked is a finding of the compliance report until a version closes it.
public struct SharedDataDerivation: Sendable, Hashable, Codable, RowColumns {
    public var id: UUID
    public var itemID: UUID
    public var shareRequestID: UUID
    public var notedOn: CivilDate
    public var note: String?

    init(row: Row) throws {
        id = try row.decode("id")
        itemID = try row.decode("item_id")
        shareRequestID = try row.decode("share_request_id")
        notedOn = try row.decode("noted_on")
        note = try row.decodeIfPresent("note")
    }

    /// The columns ``init(row:)`` reads: the statements that read this type select them by name.
    static let columnNames = ["id", "item_id", "share_request_id", "noted_on", "note"]
}

/// A44.3: the rules `sql/0064_shared_data_not_republished.sql` enforces.
public enum SharedDataRules {
    public static let notOpened = Rule(
        constraint: "catalog_item_shared_data_not_opened_a44_3",
        field: "open_type",
        message: "通过共享获得的公共数据不得开放:该目录事项源自共享获得的数据,开放属性只能为非开放。"
    )
    public static let ownDelivery = Rule(
        constraint: "shared_data_derivation_own_delivery_a44_3",
        field: "share_request_id",
        message: "只能标注本机构已获交付的共享申请所得的数据。"
    )
    public static let kept = Rule(
        constraint: "shared_data_derivation_kept_a44_3",
        field: nil,
        message: "共享数据来源标注一经登记不能修改或删除。"
    )
    public static let once = Rule(
        constraint: "shared_data_derivation_once_a44_3",
        field: "share_request_id",
        message: "该目录事项已标注此共享申请。"
    )
    public static let itemExists = Rule(
        constraint: "shared_data_derivation_item_exists_a44_3",
        field: "item_id",
        message: "目录事项不存在。"
    )
    public static let requestExists = Rule(
        constraint: "shared_data_derivation_request_exists_a44_3",
        field: "share_request_id",
        message: "共享申请不存在。"
    )

    static let all = [notOpened, ownDelivery, kept, once, itemExists, requestExists]
}

/// A44.3: marks an item of the clerk's own institution as derived from shared data, in one audited transaction.
public struct SharedDataWorkflow: Sendable {
    public let database: RegistryDatabase

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// Marks `itemID` as derived from the data of the delivered share request `requestID` (the item's clerk only).
    public func mark(_ itemID: UUID, from requestID: UUID, note: String?, by actor: Principal) async throws -> SharedDataDerivation {
        try await database.write(actor.audit("catalog_item.mark_shared_data")) { connection in
            guard
                let owner = try connection.query(
                    "select c.institution_uscc::text as uscc from catalog_item i join catalog c on c.id = i.catalog_id where i.id = \(itemID)"
                ).first?.decode("uscc", as: String.self)
            else { throw RegistryError.notFound("目录事项", field: "item_id") }
            try actor.requireClerk(of: owner)
            return try SharedDataDerivation(
                row: try connection.queryOne(
                    """
                    insert into shared_data_derivation (item_id, share_request_id, note) values (\(itemID), \(requestID), \(note))
                    returning \(SharedDataDerivation.columns)
                    """
                )
            )
        }
    }
}
