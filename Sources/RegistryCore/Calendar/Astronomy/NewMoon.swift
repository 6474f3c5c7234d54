import Foundation

/// The moments of new moon (朔, the Moon's conjunction with the Sun in longitude) that start the months of the Chinese
/// calendar, after Meeus, *Astronomical Algorithms*, ch. 49: the mean phase plus all the periodic terms for the new
/// moon and the 14 additional (planetary) corrections; Meeus gives a largest error of 17 s for 1980–2020.
///
/// New moons are numbered by the lunation `k`: 0 is the new moon of 2000-01-06, negative numbers are earlier.
enum NewMoon {
    /// The mean synodic month in days.
    static let synodicMonth = 29.530_588_861
    /// The mean new moon of lunation 0 (JDE).
    private static let epoch = 2_451_550.097_66

    /// The Julian Ephemeris Day (TT) of the new moon of lunation `k`.
    static func ephemerisDay(lunation k: Int) -> Double {
        let arguments = Arguments(lunation: Double(k))
        return meanPhase(Double(k), arguments.t) + periodicTerms(arguments) + planetaryTerms(Double(k), arguments.t)
    }

    /// The lunation whose mean new moon is nearest to `jde`; the true new moon can differ from it by up to ~14 hours.
    static func lunation(near jde: Double) -> Int {
        Int(((jde - epoch) / synodicMonth).rounded())
    }

    /// The Beijing civil date of the new moon of lunation `k`: the first day of a Chinese month.
    static func beijingDate(lunation k: Int) -> CivilDate {
        AstronomicalTime.beijingDate(ofEphemerisDay: ephemerisDay(lunation: k))
    }

    /// The last lunation whose new moon falls on or before `date` (Beijing time): the month that contains `date`.
    static func lunation(containing date: CivilDate) -> Int {
        var k = lunation(near: AstronomicalTime.julianDay(ofBeijingMidnight: date))
        while beijingDate(lunation: k) > date { k -= 1 }
        while beijingDate(lunation: k + 1) <= date { k += 1 }
        return k
    }

    /// Meeus 49.1.
    private static func meanPhase(_ k: Double, _ t: Double) -> Double {
        epoch + synodicMonth * k + 0.000_154_37 * t * t - 0.000_000_150 * t * t * t + 0.000_000_000_73 * t * t * t * t
    }

    /// The periodic terms of the new moon (Meeus p. 351).
    private static func periodicTerms(_ a: Arguments) -> Double {
        let (e, m, mp, f, om) = (a.e, a.m, a.mPrime, a.f, a.omega)
        var sum = -0.407_20 * sin(mp) + 0.172_41 * e * sin(m) + 0.016_08 * sin(2 * mp) + 0.010_39 * sin(2 * f)
        sum += 0.007_39 * e * sin(mp - m) - 0.005_14 * e * sin(mp + m) + 0.002_08 * e * e * sin(2 * m)
        sum += -0.001_11 * sin(mp - 2 * f) - 0.000_57 * sin(mp + 2 * f) + 0.000_56 * e * sin(2 * mp + m)
        sum += -0.000_42 * sin(3 * mp) + 0.000_42 * e * sin(m + 2 * f) + 0.000_38 * e * sin(m - 2 * f)
        sum += -0.000_24 * e * sin(2 * mp - m) - 0.000_17 * sin(om) - 0.000_07 * sin(mp + 2 * m)
        sum += 0.000_04 * sin(2 * mp - 2 * f) + 0.000_04 * sin(3 * m) + 0.000_03 * sin(mp + m - 2 * f)
        sum += 0.000_03 * sin(2 * mp + 2 * f) - 0.000_03 * sin(mp + m + 2 * f) + 0.000_03 * sin(mp - m + 2 * f)
        sum += -0.000_02 * sin(mp - m - 2 * f) - 0.000_02 * sin(3 * mp + m) + 0.000_02 * sin(4 * mp)
        return sum
    }

    /// The 14 additional corrections A1 … A14 (Meeus p. 351–352): coefficient (days), argument at k = 0 and per
    /// lunation (degrees).
    private static func planetaryTerms(_ k: Double, _ t: Double) -> Double {
        let terms: [(coefficient: Double, base: Double, perLunation: Double)] = [
            (0.000_325, 299.77 - 0.009_173 * t * t, 0.107_408), (0.000_165, 251.88, 0.016_321),
            (0.000_164, 251.83, 26.651_886), (0.000_126, 349.42, 36.412_478),
            (0.000_110, 84.66, 18.206_239), (0.000_062, 141.74, 53.303_771),
            (0.000_060, 207.14, 2.453_732), (0.000_056, 154.84, 7.306_860),
            (0.000_047, 34.52, 27.261_239), (0.000_042, 207.19, 0.121_824),
            (0.000_040, 291.34, 1.844_379), (0.000_037, 161.72, 24.198_154),
            (0.000_035, 239.56, 25.513_099), (0.000_023, 331.55, 3.592_518),
        ]
        return terms.reduce(0) { sum, term in
            sum + term.coefficient * sin(radians(term.base + term.perLunation * k))
        }
    }

    private static func radians(_ degrees: Double) -> Double {
        SolarLongitude.normalized(degrees) * .pi / 180
    }

    /// The arguments of Meeus 49.3–49.7 for one lunation (angles in radians).
    private struct Arguments {
        let t, e, m, mPrime, f, omega: Double

        init(lunation k: Double) {
            let t = k / 1236.85
            let t2 = t * t
            let t3 = t2 * t
            let t4 = t3 * t
            self.t = t
            e = 1 - 0.002_516 * t - 0.000_007_4 * t2
            m = radians(2.5534 + 29.105_356_70 * k - 0.000_001_4 * t2 - 0.000_000_11 * t3)
            mPrime = radians(201.5643 + 385.816_935_28 * k + 0.010_758_2 * t2 + 0.000_012_38 * t3 - 0.000_000_058 * t4)
            f = radians(160.7108 + 390.670_502_84 * k - 0.001_611_8 * t2 - 0.000_002_27 * t3 + 0.000_000_011 * t4)
            omega = radians(124.7746 - 1.563_755_88 * k + 0.002_067_2 * t2 + 0.000_002_15 * t3)
        }
    }
}
