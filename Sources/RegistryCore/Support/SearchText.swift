import Foundation

/// Free text a person searches with (a list's `q`): bounded, so that one search cannot tie up the database.
///
/// At most ``maxCharacters`` characters in at most ``maxWords`` words; blank text searches nothing.
public struct SearchText: Sendable, Hashable {
    public static let maxCharacters = 100
    public static let maxWords = 10

    /// The words, as typed.
    public let text: String

    /// `nil` for blank text; refuses text beyond the bounds, naming `field`.
    public init?(validating text: String, field: String) throws(RegistryError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        let words = trimmed.split(whereSeparator: \.isWhitespace).count
        guard trimmed.count <= Self.maxCharacters, words <= Self.maxWords else {
            throw RegistryError.invalid(
                field,
                "检索词过长:最多 \(Self.maxCharacters) 个字符、\(Self.maxWords) 个词(本次 \(trimmed.count) 个字符、\(words) 个词)。"
            )
        }
        self.text = trimmed
    }
}
