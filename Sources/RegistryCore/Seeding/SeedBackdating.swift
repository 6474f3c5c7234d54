import Postgres

/// Dates a seeded registry as if it had been kept for a while: institutions registered and first catalogs submitted and
/// approved on the days given, instead of the day the seed runs.
///
/// The workflow triggers stamp the registry's clock and refuse changes to decided versions, so this one statement per table runs
/// with triggers off (`session_replication_role = replica`, which needs a superuser) — the seed's only such step,
/// without audit rows for it; it touches dates only.
enum SeedBackdating {
    static func registry(registeredAt: String, submittedAt: String, decidedAt: String, on connection: Connection) throws {
        try connection.query("set local session_replication_role = replica")
        try connection.query("update institution set created_at = \(registeredAt)::timestamptz")
        try connection.query(
            "update catalog_version set decided_at = \(decidedAt)::timestamptz, submitted_at = \(submittedAt)::timestamptz where state = 'approved'")
        try connection.query("set local session_replication_role = origin")
    }
}
