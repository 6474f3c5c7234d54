import Foundation
import Postgres

/// A33.1: data products built on open public data. A data user records its own products, an institution's clerk
/// those of the institution; anyone reads the list, with or without an account. The database admits only items of
/// the open catalog (and, for a data user, conditional items it was granted). Each record is one audited transaction.
public struct DataProductWorkflow: Sendable {
    public let database: RegistryDatabase

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// Records a product made by the actor: its own as a data user, its institution's as a clerk.
    public func record(_ input: NewDataProduct, by actor: Principal) async throws -> DataProduct {
        try actor.require(.dataUser, .clerk)
        try input.validate()
        let account = actor.role == .dataUser ? actor.account.id : nil
        let institution = actor.role == .clerk ? actor.institution : nil
        let maker: DataProductMaker = actor.role == .dataUser ? .dataUser : .institution
        return try await database.write(actor.audit("data_product.record")) { connection in
            let id = try connection.queryOne(
                """
                insert into data_product (name, maker, data_user_account, institution_uscc, purpose, made_on, item_ids)
                values (\(input.name), \(maker)::data_product_maker, \(account), \(institution), \(input.purpose),
                        \(input.madeOn)::date, \(input.itemIDs.map(\.uuidString))::uuid[])
                returning id
                """
            ).decode("id", as: UUID.self)
            return try Self.products(where: "p.id = \(id)", limit: 1, on: connection)[0]
        }
    }

    /// The recorded products, the latest made first: all of them, or those using one item (the portal's item page).
    public func products(usingItem item: UUID? = nil, limit: Int = 100, offset: Int = 0) async throws -> [DataProduct] {
        try await database.read { connection in
            try Self.products(where: "(\(item)::uuid is null or \(item)::uuid = any(p.item_ids))", limit: limit, offset: offset, on: connection)
        }
    }

    static func products(where condition: SQL, limit: Int, offset: Int = 0, on connection: Connection) throws -> [DataProduct] {
        try connection.query(
            """
            select p.id, p.product_no, p.name, p.maker, p.institution_uscc, p.purpose, p.made_on,
                   case when p.maker = 'institution' then i.name
                        when du.kind = 'natural_person' then left(du.name, 1) || repeat('*', greatest(char_length(du.name) - 1, 1))
                        else du.name end as maker_name,
                   (select coalesce(json_agg(json_build_object('id', ci.id, 'code', ci.code, 'name', r.name,
                                                               'institution', c.institution_uscc) order by u.n), '[]')::text
                      from unnest(p.item_ids) with ordinality u (item_id, n)
                      join catalog_item ci on ci.id = u.item_id
                      join catalog c on c.id = ci.catalog_id
                      join catalog_item_revision r on r.id = ci.current_revision_id) as items
              from data_product p
              left join institution i on i.uscc = p.institution_uscc
              left join account a on a.id = p.data_user_account
              left join data_user du on du.id = a.data_user_id
             where \(condition)
             order by p.made_on desc, p.product_no desc
             limit \(limit) offset \(offset)
            """
        ).map(DataProduct.init(row:))
    }
}
