import Foundation

/// The Sun's apparent geocentric ecliptic longitude and the moments it reaches a given value — the solar terms (节气):
/// 冬至 at 270°, 清明 at 15°, and the major terms (中气) at multiples of 30° that place the leap month.
///
/// Meeus, *Astronomical Algorithms*, ch. 25 (“higher accuracy”): the Earth's heliocentric longitude from
/// ``EarthVSOP87``, reversed to geocentric, converted to the FK5 frame, plus the nutation in longitude (``Nutation``)
/// and the aberration −20.4898″/R. The truncated series is good to about 1″, i.e. half a minute of time.
enum SolarLongitude {
    /// Mean motion of the Sun in degrees per day, the slope of the first iteration step.
    private static let meanDegreesPerDay = 360 / 365.242_19

    /// The apparent longitude in degrees, 0 ≤ λ < 360, at the Julian Ephemeris Day `jde` (TT).
    static func apparent(atEphemerisDay jde: Double) -> Double {
        let tau = (jde - AstronomicalTime.j2000) / 365_250
        let t = tau * 10
        let geometric = EarthVSOP87.longitude(millennia: tau) * 180 / .pi + 180
        // FK5 (Meeus 25.9): ΔΘ = −0.09033″; the latitude part does not change the longitude.
        let fk5 = -0.090_33 / 3600
        let aberration = -20.4898 / 3600 / EarthVSOP87.radius(millennia: tau)
        return normalized(geometric + fk5 + Nutation.longitude(centuries: t) + aberration)
    }

    /// The Julian Ephemeris Day at which the apparent longitude is `longitude` degrees, nearest to `guess` (within a
    /// few weeks); solved by the secant method to well under a second.
    static func moment(of longitude: Double, near guess: Double) -> Double {
        func offset(_ jde: Double) -> Double { signedDifference(longitude, apparent(atEphemerisDay: jde)) }
        var previous = guess
        var previousOffset = offset(previous)
        var current = guess + previousOffset / meanDegreesPerDay
        for _ in 0..<20 {
            let currentOffset = offset(current)
            let slope = currentOffset == previousOffset ? 0 : (current - previous) / (currentOffset - previousOffset)
            let step = slope == 0 ? currentOffset / meanDegreesPerDay : -slope * currentOffset
            previous = current
            previousOffset = currentOffset
            current += step
            if abs(step) < 1e-7 { break }
        }
        return current
    }

    /// `angle` reduced to 0 ≤ angle < 360.
    static func normalized(_ angle: Double) -> Double {
        let reduced = angle.truncatingRemainder(dividingBy: 360)
        return reduced < 0 ? reduced + 360 : reduced
    }

    /// `target − actual` reduced to −180 < difference ≤ 180 degrees.
    static func signedDifference(_ target: Double, _ actual: Double) -> Double {
        let difference = normalized(target - actual)
        return difference > 180 ? difference - 360 : difference
    }
}
