import Foundation

/// The nutation in longitude (Δψ) of the IAU 1980 theory, Meeus *Astronomical Algorithms* ch. 22, Table 22.A — one of
/// the corrections that turn the Sun's geometric longitude into the apparent longitude of ``SolarLongitude``.
enum Nutation {
    /// One row of Table 22.A: multiples of D, M, M′, F, Ω and the sine coefficient `a + b·T` in 0.0001″.
    typealias Term = (d: Double, m: Double, mPrime: Double, f: Double, omega: Double, a: Double, b: Double)

    /// Δψ in degrees, T in Julian centuries of TT from J2000.0.
    static func longitude(centuries t: Double) -> Double {
        let arguments = fundamentalArguments(t)
        var sum = 0.0
        for term in terms {
            let angle =
                term.d * arguments.d + term.m * arguments.m + term.mPrime * arguments.mPrime
                + term.f * arguments.f + term.omega * arguments.omega
            sum += (term.a + term.b * t) * sin(angle)
        }
        return sum / 10_000 / 3600
    }

    /// D, M, M′, F and Ω (radians) of Meeus ch. 22.
    private static func fundamentalArguments(_ t: Double) -> (d: Double, m: Double, mPrime: Double, f: Double, omega: Double) {
        let t2 = t * t
        let t3 = t2 * t
        let d = 297.850_36 + 445_267.111_480 * t - 0.001_914_2 * t2 + t3 / 189_474
        let m = 357.527_72 + 35_999.050_340 * t - 0.000_160_3 * t2 - t3 / 300_000
        let mPrime = 134.962_98 + 477_198.867_398 * t + 0.008_697_2 * t2 + t3 / 56_250
        let f = 93.271_91 + 483_202.017_538 * t - 0.003_682_5 * t2 + t3 / 327_270
        let omega = 125.044_52 - 1934.136_261 * t + 0.002_070_8 * t2 + t3 / 450_000
        return (radians(d), radians(m), radians(mPrime), radians(f), radians(omega))
    }

    private static func radians(_ degrees: Double) -> Double { degrees * .pi / 180 }

    /// Table 22.A, the longitude column (the obliquity column is not needed).
    private static let terms: [Term] = [
        (0, 0, 0, 0, 1, -171_996, -174.2), (-2, 0, 0, 2, 2, -13187, -1.6), (0, 0, 0, 2, 2, -2274, -0.2),
        (0, 0, 0, 0, 2, 2062, 0.2), (0, 1, 0, 0, 0, 1426, -3.4), (0, 0, 1, 0, 0, 712, 0.1),
        (-2, 1, 0, 2, 2, -517, 1.2), (0, 0, 0, 2, 1, -386, -0.4), (0, 0, 1, 2, 2, -301, 0),
        (-2, -1, 0, 2, 2, 217, -0.5), (-2, 0, 1, 0, 0, -158, 0), (-2, 0, 0, 2, 1, 129, 0.1),
        (0, 0, -1, 2, 2, 123, 0), (2, 0, 0, 0, 0, 63, 0), (0, 0, 1, 0, 1, 63, 0.1),
        (2, 0, -1, 2, 2, -59, 0), (0, 0, -1, 0, 1, -58, -0.1), (0, 0, 1, 2, 1, -51, 0),
        (-2, 0, 2, 0, 0, 48, 0), (0, 0, -2, 2, 1, 46, 0), (2, 0, 0, 2, 2, -38, 0),
        (0, 0, 2, 2, 2, -31, 0), (0, 0, 2, 0, 0, 29, 0), (-2, 0, 1, 2, 2, 29, 0),
        (0, 0, 0, 2, 0, 26, 0), (-2, 0, 0, 2, 0, -22, 0), (0, 0, -1, 2, 1, 21, 0),
        (0, 2, 0, 0, 0, 17, -0.1), (2, 0, -1, 0, 1, 16, 0), (-2, 2, 0, 2, 2, -16, 0.1),
        (0, 1, 0, 0, 1, -15, 0), (-2, 0, 1, 0, 1, -13, 0), (0, -1, 0, 0, 1, -12, 0),
        (0, 0, 2, -2, 0, 11, 0), (2, 0, -1, 2, 1, -10, 0), (2, 0, 1, 2, 2, -8, 0),
        (0, 1, 0, 2, 2, 7, 0), (-2, 1, 1, 0, 0, -7, 0), (0, -1, 0, 2, 2, -7, 0),
        (2, 0, 0, 2, 1, -7, 0), (2, 0, 1, 0, 0, 6, 0), (-2, 0, 2, 2, 2, 6, 0),
        (-2, 0, 1, 2, 1, 6, 0), (2, 0, -2, 0, 1, -6, 0), (2, 0, 0, 0, 1, -6, 0),
        (0, -1, 1, 0, 0, 5, 0), (-2, -1, 0, 2, 1, -5, 0), (-2, 0, 0, 0, 1, -5, 0),
        (0, 0, 2, 2, 1, -5, 0), (-2, 0, 2, 0, 1, 4, 0), (-2, 1, 0, 2, 1, 4, 0),
        (0, 0, 1, -2, 0, 4, 0), (-1, 0, 1, 0, 0, -4, 0), (-2, 1, 0, 0, 0, -4, 0),
        (1, 0, 0, 0, 0, -4, 0), (0, 0, 1, 2, 0, 3, 0), (0, 0, -2, 2, 2, -3, 0),
        (-1, -1, 1, 0, 0, -3, 0), (0, 1, 1, 0, 0, -3, 0), (0, -1, 1, 2, 2, -3, 0),
        (2, -1, -1, 2, 2, -3, 0), (0, 0, 3, 2, 2, -3, 0), (2, -1, 0, 2, 2, -3, 0),
    ]
}
