import Foundation
import Postgres
import RegistryCore

/// RP.4: `registry seed demo` — a realistic, deterministic demo registry for Inner Mongolia: the region's and the 12
/// leagues'/cities' authorities with their departments and a few banners, about 1,400 published catalog items and the
/// data assets behind them, share requests and demands through 2025 and 2026 (some overdue), a 2026 open plan,
/// objections, error reports, disputes, violations, security checks, and the 2025 assessment (published) and 2026
/// assessment (computed).
///
/// Everything goes through the stores and the database's triggers, in one audited transaction, with the service's own
/// privileges. Historical days — registrations in January 2025, catalogs approved in March 2025, the sharing history —
/// are given to the workflows by pinning the registry's clock inside that transaction only (``SeedClock``).
public struct DemoSeed {
    public init() {}

    /// Whether the demo registry is already there (the region's authority exists).
    public func isSeeded(on connection: Connection) throws -> Bool {
        try connection.query("select 1 from institution where uscc = \(SeedIdentifiers.publicBody(division: "150000", serial: 1))").count > 0
    }

    /// Seeds the demo registry; returns what it made.
    public func run(on connection: Connection) throws -> String {
        var world = try DemoWorld(on: connection)
        try SeedClock.set(CivilDate(iso: "2025-01-02")!, at: ClockTime(hour: 9, minute: 0), on: connection)
        try world.registerInstitutions()
        try world.publishCatalogs()
        try SeedClock.release(on: connection)
        try world.registerAssets()
        try world.share()
        try world.pendingDuties()
        try SeedClock.release(on: connection)
        try world.securityAndSupervision()
        try world.openPlan()
        try world.assessments()
        return world.summary
    }
}
