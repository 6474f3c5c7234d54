import Foundation

/// A refusal as CKAN 2.11 gives it: `{"__type": "Validation Error", "rows": ["…"]}` (409),
/// `{"__type": "Not Found Error", "message": "…"}` (404) or `{"__type": "Search Query Error", "message": "…"}` (409).
public struct CKANError: Error, Sendable {
    public var type: String
    public var status: Int
    /// `message`, or the fields of a validation error with their messages.
    public var members: [String: [String]]
    public var message: String?

    public init(type: String, status: Int, members: [String: [String]], message: String?) {
        self.type = type
        self.status = status
        self.members = members
        self.message = message
    }

    static func validation(_ field: String, _ message: String) -> CKANError {
        CKANError(type: "Validation Error", status: 409, members: [field: [message]], message: nil)
    }

    static func notFound(_ message: String = "Not found") -> CKANError {
        CKANError(type: "Not Found Error", status: 404, members: [:], message: message)
    }

    static func searchQuery(_ message: String) -> CKANError {
        CKANError(type: "Search Query Error", status: 409, members: [:], message: "Search Query is invalid: \(message)")
    }

    /// The `error` member of CKAN's response.
    public var object: [String: Any] {
        var object: [String: Any] = ["__type": type]
        if let message { object["message"] = message }
        for (field, messages) in members { object[field] = messages }
        return object
    }
}

/// The parameters of a `package_search` (CKAN 2.11): `q`, `fq`, `facet.field`, `facet.limit`, `rows`, `start`, `sort`.
/// `fq` takes `field:value` and `field:"quoted value"` terms, each optionally prefixed with `+`, joined by spaces or
/// `AND`; the fields are `organization`, `groups`, `res_format`, `tags`, `share_type`, `open_type`, `grade` and
/// `division` (with the divisions below it). Anything else — an unknown field, `OR`, parentheses, ranges, wildcards,
/// an unbalanced quote — is a Search Query Error, as Solr behind CKAN refuses what it cannot parse.
public struct CKANSearch: Sendable, Equatable {
    public static let fields = ["organization", "groups", "res_format", "tags", "share_type", "open_type", "grade", "division"]
    public static let maximumRows = 1000

    public var words: [String] = []
    public var filters: [(field: String, value: String)] = []
    public var facetFields: [String] = []
    public var facetLimit = 50
    public var rows = 10
    public var start = 0
    public var sort: (key: String, ascending: Bool) = ("score", false)

    public static func == (a: CKANSearch, b: CKANSearch) -> Bool {
        a.words == b.words && a.filters.map { "\($0.field)=\($0.value)" } == b.filters.map { "\($0.field)=\($0.value)" }
            && a.facetFields == b.facetFields && a.facetLimit == b.facetLimit && a.rows == b.rows && a.start == b.start
            && a.sort.key == b.sort.key && a.sort.ascending == b.sort.ascending
    }

    public init() {}

    /// Reads the action's parameters (strings, as a query string or a JSON body gives them).
    public init(_ parameters: [String: String]) throws(CKANError) {
        let query = parameters["q"]?.trimmingCharacters(in: .whitespaces) ?? ""
        if query != "*:*" { words = query.split(whereSeparator: \.isWhitespace).map(String.init) }
        filters = try Self.filters(parameters["fq"] ?? "")
        if let text = parameters["facet.field"], !text.isEmpty {
            guard let data = text.data(using: .utf8), let list = try? JSONSerialization.jsonObject(with: data) as? [String] else {
                throw .validation("facet.field", "Not a list")
            }
            for field in list where !Self.fields.contains(field) { throw .searchQuery("undefined facet field \(field)") }
            facetFields = list
        }
        facetLimit = try Self.integer(parameters["facet.limit"], "facet.limit", default: 50, minimum: -1)
        rows = try Self.integer(parameters["rows"], "rows", default: 10, minimum: 0)
        if rows > Self.maximumRows { throw .validation("rows", "Must be less than or equal to \(Self.maximumRows)") }
        start = try Self.integer(parameters["start"], "start", default: 0, minimum: 0)
        if let text = parameters["sort"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            let first = (text.split(separator: ",").first ?? "").split(whereSeparator: \.isWhitespace)
            guard first.count == 2, ["score", "name", "title_string", "metadata_modified", "metadata_created"].contains(String(first[0])),
                ["asc", "desc"].contains(first[1].lowercased())
            else { throw .searchQuery("Can't determine a Sort Order (asc or desc) in sort spec '\(text)'") }
            sort = (String(first[0]), first[1].lowercased() == "asc")
        }
    }

    static func integer(_ text: String?, _ field: String, default value: Int, minimum: Int) throws(CKANError) -> Int {
        guard let text, !text.isEmpty else { return value }
        guard let number = Int(text) else { throw .validation(field, "Invalid integer") }
        guard number >= minimum else { throw .validation(field, minimum == 0 ? "Must be a natural number" : "Invalid integer") }
        return number
    }

    /// The terms of `fq`.
    static func filters(_ fq: String) throws(CKANError) -> [(field: String, value: String)] {
        var terms: [(String, String)] = []
        var rest = Substring(fq)
        while true {
            rest = rest.drop { $0.isWhitespace }
            if rest.isEmpty { return terms }
            if rest.hasPrefix("AND ") || rest == "AND" {
                rest = rest.dropFirst(3)
                continue
            }
            if rest.hasPrefix("+") { rest = rest.dropFirst() }
            guard let colon = rest.firstIndex(of: ":") else { throw .searchQuery("cannot parse '\(fq)'") }
            let field = String(rest[..<colon])
            guard Self.fields.contains(field) else { throw .searchQuery("undefined field \(field)") }
            rest = rest[rest.index(after: colon)...]
            var value: String
            if rest.hasPrefix("\"") {
                rest = rest.dropFirst()
                guard let close = rest.firstIndex(of: "\"") else { throw .searchQuery("cannot parse '\(fq)': unbalanced quote") }
                value = String(rest[..<close])
                rest = rest[rest.index(after: close)...]
            } else {
                let end = rest.firstIndex { $0.isWhitespace } ?? rest.endIndex
                value = String(rest[..<end])
                rest = rest[end...]
                if value.isEmpty || value.contains(where: { "()[]{}*?~^\"\\".contains($0) }) || value == "OR" {
                    throw .searchQuery("cannot parse '\(fq)'")
                }
            }
            if rest.first.map({ !$0.isWhitespace }) == true { throw .searchQuery("cannot parse '\(fq)'") }
            let next = rest.drop { $0.isWhitespace }
            if next.hasPrefix("OR ") || next.hasPrefix("||") || next.hasPrefix("NOT ") {
                throw .searchQuery("cannot parse '\(fq)': only terms joined by AND are supported")
            }
            terms.append((field, value))
        }
    }
}
