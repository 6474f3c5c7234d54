import Foundation

/// The formats a catalog import file can have.
///
/// - `csv`: RFC 4180 with a header row naming the columns (``CatalogImportColumns``); a cell may be quoted and then
///   hold commas, doubled quotes and line breaks; UTF-8, a leading byte order mark is ignored.
/// - `jsonl`: JSON Lines, one JSON object per line with the same names as keys; blank lines are skipped.
public enum CatalogImportFormat: String, Sendable, Hashable, CaseIterable {
    case csv
    case jsonl

    /// The format a file name's extension implies: `.csv`, or `.jsonl` / `.ndjson`.
    public init?(fileExtensionOf url: URL) {
        switch url.pathExtension.lowercased() {
        case "csv": self = .csv
        case "jsonl", "ndjson": self = .jsonl
        default: return nil
        }
    }
}
