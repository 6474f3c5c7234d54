import Foundation

/// A10.1: which published catalog items to list — every filter is optional and they combine with "and".
public struct CatalogItemFilter: Sendable, Hashable, Codable {
    /// A division: items of catalogs in it and in every division below it.
    public var divisionCode: String?
    /// Unified social credit code of the institution whose catalog holds the items.
    public var institution: String?
    public var shareType: ShareType?
    public var openType: OpenType?
    public var grade: DataGrade?
    /// Free text found in the item's name or its data items' names (case-insensitive, anywhere).
    public var text: String?

    public init(
        divisionCode: String? = nil,
        institution: String? = nil,
        shareType: ShareType? = nil,
        openType: OpenType? = nil,
        grade: DataGrade? = nil,
        text: String? = nil
    ) {
        self.divisionCode = divisionCode
        self.institution = institution
        self.shareType = shareType
        self.openType = openType
        self.grade = grade
        self.text = text
    }
}

/// Where a page of published items starts: after the item with this code and id (keyset paging in the stable order
/// code, id). Opaque to clients: `cursor` in the API.
public struct CatalogItemCursor: Sendable, Hashable, Codable, CustomStringConvertible {
    public var code: String
    public var id: UUID

    public init(code: String, id: UUID) {
        self.code = code
        self.id = id
    }

    /// The cursor as clients pass it back: base64url of `code` and `id`.
    public var description: String {
        Data("\(code) \(id.uuidString.lowercased())".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Reads a cursor a client passed back; `invalid_input` naming `cursor` when it is not one.
    public init(parsing text: String) throws(RegistryError) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let decoded = String(data: data, encoding: .utf8),
            let space = decoded.lastIndex(of: " "), let id = UUID(uuidString: String(decoded[decoded.index(after: space)...]))
        else {
            throw RegistryError.invalid("cursor", "分页游标无效,请使用上一页返回的 next_cursor。")
        }
        self.init(code: String(decoded[..<space]), id: id)
    }
}

/// A page of published catalog items as summaries, with the cursor of the next page (`nil` on the last page).
public struct CatalogItemPage: Sendable, Hashable, Codable {
    public var items: [CatalogItemSummary]
    public var nextCursor: String?

    public init(items: [CatalogItemSummary], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}
