import Foundation
import RegistryCore

/// Example codes and generated inputs shared by the identifier suites.
enum IdentifierSamples {
    /// GB 11643-1999's own example number (its check-character example: address 110105, born 1949-12-31, sequence 002).
    static let citizenExample = "11010519491231002X"

    /// GB 32100-2015's worked check-character example, as reproduced by the many copies of its calculation
    /// ("校验码计算方法实例"): the first 17 characters `91350100M000100Y4` give the weighted sum 1640,
    /// 1640 mod 31 = 28, check value 31 - 28 = 3, so the code is `91350100M000100Y43` (the example checks
    /// `91350100M000100Y4Z` and finds `Z` wrong). Sum re-computed independently; the tests below check it too.
    static let creditExample = "91350100M000100Y43"

    /// An all-digit credit code (public institution type `12`), which has the shape of a citizen number but is not one.
    static let allDigitCredit = "121500004600000011"

    /// 2024-06-04 12:00 in Asia/Shanghai (the day the regulation came into force): the fixed "today" of the tests.
    static let asOf = Date(timeIntervalSince1970: 1_717_473_600)
    static let asOfSQL = "2024-06-04"

    static let digits: [Character] = Array("0123456789")
    static let creditAlphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")

    /// Characters outside both alphabets: letters GB 32100 excludes, lower-case letters, punctuation, spaces and
    /// look-alikes (full-width digits and letters, Kelvin sign, long s, dotless i, Cyrillic А, ideographic space).
    static let outsiders: [Character] = [
        "I", "O", "S", "V", "Z", "i", "o", "s", "v", "z", " ", "-", "_", "'", "\"", "\\", ",", "{", "*", "\t",
        "０", "９", "Ｘ", "Ａ", "\u{212A}", "\u{017F}", "\u{0131}", "\u{0410}", "\u{3000}", "é",
    ]

    /// Every single-character corruption of `code`: each position replaced by each character of `alphabet` other
    /// than the one there, plus each of ``outsiders`` (skipping the lower-case spelling of the character itself).
    static func corruptions(of code: String, alphabet: (Int) -> [Character]) -> [(position: Int, replacement: Character, text: String)] {
        let characters = Array(code)
        var result: [(Int, Character, String)] = []
        for index in characters.indices {
            let original = characters[index]
            var replacements = alphabet(index + 1).filter { $0 != original }
            replacements += outsiders.filter { !replacements.contains($0) && $0 != original && $0.uppercased() != String(original) }
            for replacement in replacements {
                var copy = characters
                copy[index] = replacement
                result.append((index + 1, replacement, String(copy)))
            }
        }
        return result
    }

    static func citizenCorruptions() -> [(position: Int, replacement: Character, text: String)] {
        corruptions(of: citizenExample) { _ in digits + ["X"] }
    }

    static func creditCorruptions() -> [(position: Int, replacement: Character, text: String)] {
        corruptions(of: creditExample) { _ in creditAlphabet }
    }

    /// `first17` completed with its citizen check character (first17 must be 17 digits).
    static func citizen(_ first17: String) -> String {
        first17 + String(CitizenIdentityNumber.checkCharacter(for: first17)!)
    }

    /// `first17` completed with its credit check character.
    static func credit(_ first17: String) -> String {
        first17 + String(UnifiedSocialCreditCode.checkCharacter(for: first17)!)
    }

    /// Birth dates around the edges of "a real date", completed with correct check characters.
    static let dateEdgeCases: [String] = [
        "00000101", "00010101", "19000228", "19000229", "19490231", "19491231", "19491232", "19491300", "19490001",
        "19490100", "20000229", "20010229", "20040229", "21000229", "99991231", "20240604", "20240605", "20240603",
        "20241231", "20250101",
    ].map { citizen("150102" + $0 + "123") }

    /// A deterministic mix for the Swift/SQL parity test.
    static func parityInputs(count: Int = 3000) -> [String] {
        var generator = SplitMix64(seed: 0x1513_2024_0604)
        var inputs: [String] = [citizenExample, citizenExample.lowercased(), creditExample, creditExample.lowercased(), allDigitCredit]
        inputs += citizenCorruptions().map(\.text) + creditCorruptions().map(\.text)
        inputs += dateEdgeCases
        inputs += [
            "", "1", citizenExample + "0", String(citizenExample.dropLast()), " " + citizenExample, creditExample + " ",
            "110105491231002", "１１０１０５１９４９１２３１００２Ｘ", "91350100M000100Y4Z",
        ]
        for _ in 0..<(count / 6) {
            // Valid citizen numbers, born 1900-2030 (some in the future), some with a lower-case x.
            let year = Int.random(in: 1900...2030, using: &generator)
            let month = Int.random(in: 1...12, using: &generator)
            let day = Int.random(in: 1...28, using: &generator)
            var number = citizen(
                String(
                    format: "%06d%04d%02d%02d%03d",
                    Int.random(in: 110000...659999, using: &generator),
                    year,
                    month,
                    day,
                    Int.random(in: 0...999, using: &generator)
                )
            )
            if number.hasSuffix("X"), Bool.random(using: &generator) { number = number.lowercased() }
            inputs.append(number)
            // Valid credit codes, some lower-case.
            var first17 = String((0..<2).map { _ in creditAlphabet.randomElement(using: &generator)! })
            first17 += String((0..<6).map { _ in digits.randomElement(using: &generator)! })
            first17 += String((0..<9).map { _ in creditAlphabet.randomElement(using: &generator)! })
            let code = credit(first17)
            inputs.append(Bool.random(using: &generator) ? code : code.lowercased())
        }
        let pool: [Character] = digits + creditAlphabet + outsiders + Array("xabcdefXYZ")
        for round in 0..<(count * 2 / 3) {
            // Random strings: 18 characters mostly (digits-only ones too), other lengths sometimes.
            let length = round % 5 == 0 ? Int.random(in: 0...25, using: &generator) : 18
            let source = round % 3 == 0 ? digits : pool
            inputs.append(String((0..<length).map { _ in source.randomElement(using: &generator)! }))
        }
        return inputs
    }
}

/// A small seeded generator, so that a failing input can be found again.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
