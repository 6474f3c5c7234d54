import Foundation
import Postgres
import RegistryCore

/// A deterministic pseudo-random generator (SplitMix64), so seeded data are the same on every machine.
struct SeededRandom {
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

    /// A version-4 UUID drawn from the generator.
    mutating func uuid() -> UUID {
        var bytes = (next(), next())
        bytes.0 = (bytes.0 & ~(0xF << 12)) | (0x4 << 12)
        bytes.1 = (bytes.1 & ~(0x3 << 62)) | (0x2 << 62)
        let u = withUnsafeBytes(of: (bytes.0.bigEndian, bytes.1.bigEndian)) { Array($0) }
        return UUID(uuid: (u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]))
    }
}
