/// How the catalog's SQL rules read text, mirrored in Swift so both sides refuse the same input.
enum SQLText {
    /// `is_blank(value)` of `sql/0008_catalog.sql` and `btrim(value) = ''`: `nil`, empty, or only spaces. Like
    /// `btrim` without a second argument, only the space character counts — a tab is text.
    static func isBlank(_ value: String?) -> Bool {
        guard let value else { return true }
        return value.unicodeScalars.allSatisfy { $0 == " " }
    }

    /// `value` as a pattern for `like` or `ilike` that matches it anywhere, with `%`, `_` and `\` taken literally.
    static func containsPattern(_ value: String) -> String {
        var escaped = ""
        for character in value {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%" + escaped + "%"
    }
}
