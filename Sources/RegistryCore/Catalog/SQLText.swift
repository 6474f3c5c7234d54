import Postgres

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

    /// A10.1: the conditions that `text`, a search text kept lower-cased (`search_text` of `catalog_listing` and
    /// `open_catalog_entry`), holds `word` anywhere, whatever its case: the word's grams, which the text's grams index
    /// finds (`catalog_search_grams`), and the word itself, tested on the row. For a word of one or two characters the
    /// grams alone decide, but the test stays: without it the planner expects more rows and walks a list's order instead
    /// of the index (measured at scale 1.0: 270 ms instead of 33). Without `grams`, only the word.
    static func wordConditions(_ word: String, in text: SQL, grams: Bool = true) -> [SQL] {
        let held: SQL = "\(text) like lower(\(containsPattern(word))::text)"
        guard grams else { return [held] }
        return ["catalog_search_grams(\(text)) @> catalog_search_word_grams(\(word))", held]
    }
}
