import Foundation

/// Time scales of the calendar computations: Julian (Ephemeris) Days, ΔT = TT − UT after Espenak and Meeus, and the
/// civil date in Beijing time (UTC+8), in which GB/T 33661-2017 counts the days of the Chinese calendar.
enum AstronomicalTime {
    /// The Julian Day of J2000.0 (2000-01-01 12:00 TT).
    static let j2000 = 2_451_545.0
    /// The Julian Day of 1970-01-01 00:00 UT.
    static let unixEpoch = 2_440_587.5
    /// UTC+8 as a fraction of a day.
    static let beijingOffset = 8.0 / 24.0

    /// The Julian Day (UT) of midnight at the start of `date` in Beijing time.
    static func julianDay(ofBeijingMidnight date: CivilDate) -> Double {
        Double(date.daysSince1970) + unixEpoch - beijingOffset
    }

    /// The Beijing civil date of the moment `jde` (a Julian Ephemeris Day, TT).
    static func beijingDate(ofEphemerisDay jde: Double) -> CivilDate {
        CivilDate(daysSince1970: Int(beijingDaysSince1970(ofEphemerisDay: jde).rounded(.down)))
    }

    /// Days (with fraction) since 1970-01-01 00:00 Beijing time of the moment `jde` (TT).
    static func beijingDaysSince1970(ofEphemerisDay jde: Double) -> Double {
        universalDay(ofEphemerisDay: jde) - unixEpoch + beijingOffset
    }

    /// The Julian Day (UT) of the moment `jde` (TT): `jde − ΔT`.
    static func universalDay(ofEphemerisDay jde: Double) -> Double {
        jde - deltaT(year: 2000 + (jde - j2000) / 365.25) / 86_400
    }

    /// ΔT in seconds for a decimal year: the polynomials of F. Espenak and J. Meeus (NASA, *Five Millennium Canon of
    /// Solar Eclipses*, 2006), from 1900 on; the long-term parabola of Morrison and Stephenson outside that.
    static func deltaT(year y: Double) -> Double {
        switch y {
        case ..<1900:
            longTerm(y)
        case ..<1920:
            polynomial(y - 1900, [-2.79, 1.494_119, -0.059_893_9, 0.006_196_6, -0.000_197])
        case ..<1941:
            polynomial(y - 1920, [21.20, 0.844_93, -0.076_100, 0.002_093_6])
        case ..<1961:
            polynomial(y - 1950, [29.07, 0.407, -1 / 233.0, 1 / 2547.0])
        case ..<1986:
            polynomial(y - 1975, [45.45, 1.067, -1 / 260.0, -1 / 718.0])
        case ..<2005:
            polynomial(y - 2000, [63.86, 0.3345, -0.060_374, 0.001_727_5, 0.000_651_814, 0.000_023_735_99])
        case ..<2050:
            polynomial(y - 2000, [62.92, 0.322_17, 0.005_589])
        case ..<2150:
            longTerm(y) - 0.5628 * (2150 - y)
        default:
            longTerm(y)
        }
    }

    /// −20 + 32·u², u in centuries from 1820.
    private static func longTerm(_ y: Double) -> Double {
        let u = (y - 1820) / 100
        return -20 + 32 * u * u
    }

    /// `c₀ + c₁·t + c₂·t² + …` by Horner's rule.
    private static func polynomial(_ t: Double, _ coefficients: [Double]) -> Double {
        coefficients.reversed().reduce(0) { $0 * t + $1 }
    }
}
