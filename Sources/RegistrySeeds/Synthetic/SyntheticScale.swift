import Postgres
import RegistryCore
/// How much a synthetic registry holds at scale `factor` (1.0 is the province of Inner Mongolia).
///
/// The public data authorities of the region, the 12 leagues/cities and the 103 banners/counties are always there (one
/// per division, A5.1); every other count grows with the factor, with a floor that keeps a tiny registry meaningful.
public struct SyntheticScale: Sendable, Hashable {
    /// 1.0 is the province; 0.01 runs in the tests.
    public let factor: Double

    /// The smallest and largest factors the generator accepts.
    public static let range = 0.001...2.0

    public init?(_ factor: Double) {
        guard Self.range.contains(factor) else { return nil }
        self.factor = factor
    }

    private func scaled(_ full: Int, floor: Int) -> Int { max(floor, Int((Double(full) * factor).rounded())) }

    /// Institutions other than the authorities: departments and other public bodies (4,884 + 116 authorities = 5,000).
    var departments: Int { scaled(4_884, floor: 24) }
    var catalogItems: Int { scaled(1_000_000, floor: 480) }
    var assets: Int { scaled(500_000, floor: 100) }
    var shareRequests: Int { scaled(300_000, floor: 200) }
    var openApplications: Int { scaled(50_000, floor: 20) }
    var errorReports: Int { scaled(10_000, floor: 10) }
    var disputes: Int { scaled(2_000, floor: 4) }
    var violations: Int { scaled(5_000, floor: 10) }
    var dataUsers: Int { scaled(20_000, floor: 12) }
    /// Items of the region's annual open plan, per year.
    var openPlanItems: Int { scaled(5_000, floor: 20) }
}
