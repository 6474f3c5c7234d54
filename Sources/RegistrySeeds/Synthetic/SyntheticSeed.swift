import Foundation
import Postgres
import RegistryCore

/// `registry seed synthetic --scale S` — a province-sized registry for benchmarks, deterministic for a seed.
///
/// At scale 1.0: the 116 divisions' authorities and 4,884 other institutions, 1,000,000 catalog items with ten data
/// items each, 500,000 data assets, 300,000 share requests, 10,000 error reports and 2,000 disputes replayed day by day
/// from January 2024 to November 2026, 50,000 open applications, 5,000 violations, yearly security checks, the
/// region's open plans of 2025 and 2026 and its assessments of 2024–2026.
///
/// Rows are loaded through COPY into the real tables: every constraint and trigger checks them and the audit trail
/// records them (A44.1), as for any other writer. Each phase, and each batch of a large one, is its own audited
/// transaction, so progress is kept and no transaction grows without bound. It runs on a registry without institutions
/// (after `registry seed reference`); the same seed gives the same rows, except the few stamped with the day it runs
/// (open applications, the closing of violations).
public struct SyntheticSeed {
    /// The semantic action the audit trail records for the seed's rows.
    public static let auditAction = "seed.synthetic"

    /// The history replayed: working days from the first of 2024 to the end of November 2026 (the official calendar
    /// is loaded through 2026).
    static let firstDay = CivilDate(iso: "2024-01-02")!
    static let lastDay = CivilDate(iso: "2026-11-30")!

    public let scale: SyntheticScale
    public let seed: UInt64

    public init(scale: SyntheticScale, seed: UInt64 = 20_240_101) {
        self.scale = scale
        self.seed = seed
    }

    /// Whether the registry has no institution yet: the generator builds a registry, it does not add to one.
    public func isEmpty(on connection: Connection) throws -> Bool {
        try connection.query("select 1 from institution limit 1").count == 0
    }

    /// Generates the registry; `progress` hears of every batch. Returns the rows of each table, as a summary.
    public func run(
        on connection: Connection,
        auditedAs context: AuditContext,
        progress: (SyntheticProgress) -> Void = { _ in }
    ) throws -> String {
        var registry = SyntheticRegistry(scale: scale, seed: seed)
        let context = context.acting(Self.auditAction)
        func step(_ phase: String, _ done: Int, _ total: Int, _ body: (Connection) throws -> Void) throws {
            try connection.transaction(auditedAs: context, body)
            progress(SyntheticProgress(phase: phase, done: done, total: total))
        }
        try step("机构与账户", 1, 1) {
            try SeedClock.set(Self.firstDay, at: ClockTime(hour: 9, minute: 0), on: $0)
            try registry.registerInstitutions(on: $0)
        }
        try publishCatalogs(&registry, step)
        for start in stride(from: 0, to: scale.assets, by: Self.batch) {
            let count = min(Self.batch, scale.assets - start)
            try step("数据资产", start + count, scale.assets) { try registry.registerAssets(count, on: $0) }
        }
        try step("安全检查与违规", 1, 1) {
            try registry.recordSecurity(years: [2024, 2025, 2026], on: $0)
            try registry.recordViolations(between: Self.firstDay, and: Self.lastDay, closedBefore: Self.lastDay, on: $0)
        }
        try replayHistory(&registry, step, on: connection)
        try step("开放申请", scale.openApplications, scale.openApplications) { try registry.fileOpenApplications(on: $0) }
        for (index, year) in [2025, 2026].enumerated() {
            try step("开放计划", index + 1, 2) { try registry.publishOpenPlan(year: year, on: $0) }
        }
        for (index, (year, asOf)) in [(2024, "2024-12-31"), (2025, "2025-12-31"), (2026, Self.lastDay.description)].enumerated() {
            try step("年度评估", index + 1, 3) { try registry.assess(year: year, asOf: CivilDate(iso: asOf)!, publish: year < 2026, on: $0) }
        }
        return try summary(on: connection)
    }

    /// Rows per transaction for the bulk phases.
    private static let batch = 20_000

    private typealias Step = (String, Int, Int, (Connection) throws -> Void) throws -> Void

    /// The departments' catalogs, about ``batch`` items per transaction.
    private func publishCatalogs(_ registry: inout SyntheticRegistry, _ step: Step) throws {
        let counts = registry.itemCounts()
        var start = 0
        while start < counts.count {
            var end = start
            var items = 0
            while end < counts.count && (items < Self.batch || end == start) {
                items += counts[end]
                end += 1
            }
            let range = start..<end
            try step("目录", registry.items.count + items, scale.catalogItems) { try registry.publishCatalogs(range, counts: counts, on: $0) }
            start = end
        }
    }

    /// The workflows' history, twenty working days per transaction, with the clock pinned inside each.
    private func replayHistory(_ registry: inout SyntheticRegistry, _ step: Step, on connection: Connection) throws {
        var timeline = try SyntheticTimeline(from: Self.firstDay, through: Self.lastDay, on: connection)
        let days = timeline.days.count
        for start in stride(from: 0, to: days, by: 20) {
            let range = start..<min(start + 20, days)
            try step("共享申请、纠错与争议", range.upperBound, days) { connection in
                try registry.replay(range, on: &timeline, connection: connection)
                try SeedClock.release(on: connection)
            }
        }
    }

    private func summary(on connection: Connection) throws -> String {
        let tables = [
            ("机构", "institution"), ("账户", "account"), ("目录项", "catalog_item"), ("数据资产", "data_asset"),
            ("共享申请", "share_request"), ("开放申请", "open_application"), ("纠错", "error_report"), ("争议", "dispute"),
            ("违规记录", "violation"), ("年度评估", "assessment"), ("审计记录", "audit_log"),
        ]
        return try tables.map { label, table in
            let count: Int = try connection.queryOne("select count(*)::int as n from \(unescaped: table)").decode("n")
            return "\(label): \(count)"
        }.joined(separator: "\n")
    }
}

/// How far the synthetic generator is: a phase (in the regulation's words) and its rows or batches done of the total.
public struct SyntheticProgress: Sendable, Hashable {
    public let phase: String
    public let done: Int
    public let total: Int
}
