import Foundation
import Postgres

/// RP.4: `registry seed demo` — a realistic, deterministic demo registry for Inner Mongolia: the region's and the 12
/// leagues'/cities' authorities with their departments and a few banners, about 1,400 published catalog items, share
/// requests and demands through 2025 and 2026 (some overdue), a 2026 open plan, objections, error reports, disputes,
/// violations, security checks, and the 2025 assessment (published) and 2026 assessment (computed).
///
/// Everything goes through the stores and the database's triggers, in one audited transaction. Historical days are
/// given to the sharing workflow by pinning `share_request_now()` inside that transaction only (its definition is
/// restored before commit); catalog approvals and registrations are dated 2025 the same way.
public struct DemoSeed {
    public init() {}

    /// Whether the demo registry is already there (the region's authority exists).
    public func isSeeded(on connection: Connection) throws -> Bool {
        try connection.query("select 1 from institution where uscc = \(DemoSeed.uscc(division: "150000", serial: 1))").count > 0
    }

    /// Seeds the demo registry; returns what it made.
    public func run(on connection: Connection) throws -> String {
        var world = try DemoWorld(on: connection)
        try world.registerInstitutions()
        try world.publishCatalogs()
        try world.backdateRegistry()
        try DemoClock.pinnable(on: connection)
        try world.share()
        try DemoClock.restore(on: connection)
        try world.securityAndSupervision()
        try world.openPlan()
        try world.assessments()
        return world.summary
    }

    /// A valid unified social credit code of a public body in `division`.
    static func uscc(division: String, serial: Int) -> String {
        let digits = String(serial)
        let first17 = "11" + division + "MB" + String(repeating: "0", count: 7 - digits.count) + digits
        return first17 + String(UnifiedSocialCreditCode.checkCharacter(for: first17)!)
    }
}

/// The registry's clock for sharing, pinned to a GUC for the seed's transaction and restored afterwards.
enum DemoClock {
    /// Today in Asia/Shanghai: no step of the demo is dated after it.
    static var today: CivilDate { CivilDate(Date()) }

    static func pinnable(on connection: Connection) throws {
        try connection.query(
            """
            create or replace function share_request_now() returns timestamptz language sql stable parallel safe
                return coalesce(nullif(current_setting('registry.demo_clock', true), '')::timestamptz, now())
            """)
    }

    static func set(_ day: CivilDate, on connection: Connection) throws {
        try connection.query("select set_config('registry.demo_clock', \(day.description + " 10:00:00+08"), true)")
    }

    static func restore(on connection: Connection) throws {
        try connection.query("create or replace function share_request_now() returns timestamptz language sql stable parallel safe return now()")
        try connection.query("select set_config('registry.demo_clock', '', true)")
    }

    /// `day` plus `n` working days, by the official calendar.
    static func adding(_ n: Int, to day: CivilDate, on connection: Connection) throws -> CivilDate {
        try connection.query("select add_working_days(\(day)::date, \(n)) as due").first!.decode("due")
    }
}

/// A deterministic pseudo-random generator (SplitMix64), so the demo is the same on every machine.
struct DemoRandom {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<n.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) < p * 10_000 }
}
