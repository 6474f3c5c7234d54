import Foundation

/// RP.1–RP.4: the Chinese wording of a report, read from `reports/<kind>.json` so that an authority can change the
/// text without rebuilding: keys to sentences with `{placeholders}`.
public struct ReportWording: Sendable {
    let sentences: [String: String]

    public init(sentences: [String: String]) {
        self.sentences = sentences
    }

    /// Reads `reports/<kind>.json` under `directory`.
    public init(kind: String, in directory: URL) throws {
        let data = try Data(contentsOf: directory.appendingPathComponent("\(kind).json"))
        sentences = try JSONDecoder().decode([String: String].self, from: data)
    }

    /// The sentence `key` with its placeholders filled; the key itself when the wording lacks it.
    public func callAsFunction(_ key: String, _ values: [String: String] = [:]) -> String {
        values.reduce(sentences[key] ?? key) { text, pair in text.replacingOccurrences(of: "{\(pair.key)}", with: pair.value) }
    }
}
