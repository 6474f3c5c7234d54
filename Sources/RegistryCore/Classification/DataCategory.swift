/// A9.1: a category (数据类别) of a classification scheme's tree.
public struct DataCategory: Sendable, Hashable, Codable {
    /// The scheme the category belongs to.
    public var schemeCode: String
    /// Stable ASCII code, unique within the scheme (e.g. `livelihood.health`).
    public var code: String
    public var name: String
    /// The parent category in the same scheme; `nil` at the top of the tree.
    public var parentCode: String?

    public init(schemeCode: String, code: String, name: String, parentCode: String? = nil) {
        self.schemeCode = schemeCode
        self.code = code
        self.name = name
        self.parentCode = parentCode
    }
}

/// A9.1: one category of a scheme's tree with the categories directly below it.
public struct DataCategoryNode: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var parentCode: String?
    public var children: [DataCategoryNode]

    public init(code: String, name: String, parentCode: String?, children: [DataCategoryNode]) {
        self.code = code
        self.name = name
        self.parentCode = parentCode
        self.children = children
    }

    /// The trees of `categories` (one scheme's), roots and children in the order given. A category whose parent is
    /// not among `categories` is not shown.
    public static func trees(of categories: [DataCategory]) -> [DataCategoryNode] {
        var children: [String: [DataCategory]] = [:]
        for category in categories {
            if let parent = category.parentCode { children[parent, default: []].append(category) }
        }
        // Each category has one parent, so a walk down from the roots never meets a cycle.
        func node(_ category: DataCategory) -> DataCategoryNode {
            DataCategoryNode(
                code: category.code,
                name: category.name,
                parentCode: category.parentCode,
                children: (children[category.code] ?? []).map(node)
            )
        }
        return categories.filter { $0.parentCode == nil }.map(node)
    }
}
