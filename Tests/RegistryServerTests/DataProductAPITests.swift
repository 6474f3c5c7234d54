import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RegistryCore
import Testing

/// Data products over HTTP (A33.1): recorded by a data user or an institution's clerk on open items, listed without an
/// account.
@Suite("Data products over HTTP (A33.1)")
struct DataProductAPITests {
    typealias World = CatalogAPITests.World

    @Test("A33.1: a data user records its product on an open item; an item not open is refused by field and article; anyone lists them")
    func routes() async throws {
        let world = try await World.make()
        let c = world.callers
        try await world.registry.test { client in
            let (open, restricted) = try await ShareRequestsAPITests.publish(world, client)
            let body = #"{"name": "医疗机构地图", "purpose": "便民查询", "made_on": "2026-06-01", "item_ids": ["\#(open)"]}"#
            try await c.expect(client, .post, "/api/v1/data-products", body, [(nil, .unauthorized), ("xinchengReviewer", .forbidden)])
            let closed = try await c.send(
                client,
                .post,
                "/api/v1/data-products",
                as: "dataUser",
                body.replacingOccurrences(of: open, with: restricted)
            )
            let error = try closed.decode(ErrorBody.self).error
            #expect(closed.status == .unprocessableContent && error.field == "item_ids" && error.article == "A33.1")
            let recorded = try await world.call(
                client,
                .post,
                "/api/v1/data-products",
                as: "dataUser",
                body,
                expect: .created,
                decoding: DataProduct.self
            )
            #expect(recorded.makerName == "某协会")
            try await world.call(client, .post, "/api/v1/data-products", as: "healthClerk", body, expect: .created)
            let listed = try await c.send(client, .get, "/api/v1/data-products?item_id=\(open)", as: nil).decode(ProductList.self)
            #expect(listed.products.count == 2)
            let none = try await c.send(client, .get, "/api/v1/data-products?item_id=\(restricted)", as: nil).decode(ProductList.self)
            #expect(none.products.isEmpty)
            try await c.expect(client, .get, "/api/v1/data-products?item_id=x", nil, [(nil, .badRequest)])
        }
        try await world.registry.drop()
    }
}

/// A data product as recorded (`DataProduct`): the name of its maker.
private struct DataProduct: Decodable {
    var makerName: String
}

/// `GET /data-products`, of which the tests count the products.
private struct ProductList: Decodable {
    var products: [Counted]
}
