import Foundation
import RegistryCore
import Testing

@testable import RegistryServer

@Suite("The API's lists written straight into JSON")
struct JSONObjectTextTests {
    /// Summaries with every kind of value: absent optionals, quotes, backslashes, slashes, controls, Chinese.
    static let page = """
        {"items": [
          {"id": "CF0952D0-B052-401D-A742-567C03FC05C0", "code": "A/1", "institution": "11150425MB0000117L",
           "division_code": "150425", "current_version_number": 3, "name": "医疗 \\"机构\\" \\\\ a/b \\t\\n\\r\\b\\f\\u0001\\u001f\\u007f 𠀀",
           "data_form": "database_table", "share_type": "conditional", "open_type": "not_open", "grade": "important",
           "update_frequency": "yearly", "data_updated_on": "2026-07-25", "data_item_count": 10},
          {"id": "AA7C1157-4744-4114-BFFE-EF19A796072E", "code": "B-2", "institution": "11150425MB0000117L",
           "division_code": "150000", "current_version_number": 1, "name": "统计", "data_form": "file",
           "share_type": "unconditional", "open_type": "unconditional", "update_frequency": "monthly", "data_item_count": 0}
        ], "next_cursor": "abc\\"/def"}
        """

    @Test("A10.1 a page of catalog item summaries is the same text as the API's JSON encoder writes, with or without a next cursor")
    func catalogItemPageAsTheEncoderWritesIt() throws {
        let page = try RegistryJSON.decoder.decode(CatalogItemPage.self, from: Data(Self.page.utf8))
        #expect(page.items.count == 2 && page.items[1].grade == nil && page.items[1].dataUpdatedOn == nil)
        for page in [page, CatalogItemPage(items: page.items, nextCursor: nil), CatalogItemPage(items: [], nextCursor: nil)] {
            let encoded = String(decoding: try RegistryJSON.encoder.encode(page), as: UTF8.self)
            #expect(page.jsonText == encoded)
        }
    }
}
