/// What an idempotent reference-data upsert did with one row.
public enum UpsertOutcome: String, Sendable, Hashable, Codable {
    /// The row was new.
    case inserted
    /// The row existed with different values and was changed (one audit row).
    case updated
    /// The row existed with the same values: nothing was written, no audit row.
    case unchanged
}
