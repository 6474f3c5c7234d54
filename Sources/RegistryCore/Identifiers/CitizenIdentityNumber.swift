import Foundation

/// A13.1: a citizen identity number (公民身份号码) per GB 11643-1999, validated and in canonical form.
///
/// 18 characters: a 6-digit address code, an 8-digit birth date (a real date, not after today in Asia/Shanghai),
/// a 3-digit sequence code and the ISO 7064 MOD 11-2 check character (`0`-`9` or `X`; a lower-case `x` is accepted
/// and normalised). SQL mirror: `is_valid_citizen_id`, domain `citizen_id` (`sql/0002_identifiers.sql`).
///
/// The full number is personal information. `description`, `debugDescription`, string interpolation and `dump`
/// show only ``masked``; the full number is reachable only through ``unmaskedValue`` (and the `PostgresEncodable`
/// conformance, to bind it for `citizen_id_digest`). Deliberately not `Codable`: decode a `String` and validate it.
public struct CitizenIdentityNumber: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The full number, canonical (final `X` upper-case). Never log or display it: use ``masked``.
    public let unmaskedValue: String

    /// ISO 7064 MOD 11-2 weights 2^(18-i) mod 11 of positions 1-17.
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    /// Check character for each value of the weighted sum mod 11.
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// Validates `text` as of `now` (the birth date may not be after `now`'s day in Asia/Shanghai); by default the
    /// registry's clock (W.4).
    ///
    /// No trimming: surrounding spaces make the text invalid. The error names the first failing position, or the
    /// expected check character, and never contains the number.
    public init(validating text: String, asOf now: Date = RegistryClock.fromEnvironment().now) throws(IdentifierError) {
        let scalars = Array(text.unicodeScalars)
        func fail(_ problem: IdentifierError.Problem) -> IdentifierError {
            IdentifierError(kind: .citizenIdentityNumber, problem: problem)
        }
        guard scalars.count == 18 else { throw fail(.wrongLength(actual: scalars.count)) }
        var digits: [Int] = []
        digits.reserveCapacity(17)
        for (index, scalar) in scalars.prefix(17).enumerated() {
            guard let digit = Self.asciiDigit(scalar) else {
                throw fail(.notADigit(position: index + 1, found: IdentifierError.shown(scalar)))
            }
            digits.append(digit)
        }
        let year = digits[6] * 1000 + digits[7] * 100 + digits[8] * 10 + digits[9]
        let month = digits[10] * 10 + digits[11]
        let day = digits[12] * 10 + digits[13]
        guard year >= 1, (1...12).contains(month), day >= 1, day <= Self.monthLength(year: year, month: month) else {
            throw fail(.birthDateNotReal)
        }
        guard year * 10000 + month * 100 + day <= Self.shanghaiDay(of: now) else {
            throw fail(.birthDateInFuture)
        }

        // Whatever stands at position 18, the useful message is the check character it should be.
        let expected = Self.checkCharacter(digits: digits)
        let last = scalars[17]
        // Compare scalars, not Characters: Character equality is canonical equivalence (U+212A KELVIN SIGN == "K").
        guard Self.asciiUppercased(last) == expected.unicodeScalars.first else {
            throw fail(.checkCharacterMismatch(expected: expected, found: IdentifierError.shown(last)))
        }
        self.unmaskedValue = String(text.unicodeScalars.prefix(17)) + String(expected)
    }

    /// The ISO 7064 MOD 11-2 check character for the first 17 characters, or nil unless given exactly 17 ASCII digits.
    /// Mirrors SQL `citizen_id_check_character(text)`.
    public static func checkCharacter(for first17: String) -> Character? {
        let digits = first17.unicodeScalars.compactMap(asciiDigit)
        guard digits.count == 17, first17.unicodeScalars.count == 17 else { return nil }
        return checkCharacter(digits: digits)
    }

    /// A13.1: the masked form for every report, list and log: first 6 + 8 asterisks + last 4 (`150102********123X`).
    public var masked: String { Self.mask(unmaskedValue) }

    /// A13.1: THE masking function for Swift output paths; identical to SQL `mask_citizen_id(text)`.
    ///
    /// An 18-character text becomes its first 6 characters, 8 asterisks and its last 4, ASCII letters upper-cased;
    /// any other text is masked entirely, one asterisk per character (Unicode scalar).
    public static func mask(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 18 else { return String(repeating: "*", count: scalars.count) }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[0..<6].map(asciiUppercased))
        result.append(contentsOf: String(repeating: "*", count: 8).unicodeScalars)
        result.append(contentsOf: scalars[14..<18].map(asciiUppercased))
        return String(result)
    }

    /// The 6-digit address code (GB/T 2260 division of registration); part of the masked form, so not secret.
    public var addressCode: String { String(unmaskedValue.prefix(6)) }

    public var description: String { masked }
    public var debugDescription: String { "CitizenIdentityNumber(\(masked))" }
    public var customMirror: Mirror { Mirror(self, children: ["masked": masked], displayStyle: .struct) }

    // MARK: - Rules shared with the SQL mirror

    static func asciiDigit(_ scalar: Unicode.Scalar) -> Int? {
        (48...57).contains(scalar.value) ? Int(scalar.value - 48) : nil
    }

    static func asciiUppercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        (97...122).contains(scalar.value) ? Unicode.Scalar(scalar.value - 32)! : scalar
    }

    static func checkCharacter(digits: [Int]) -> Character {
        var total = 0
        for (digit, weight) in zip(digits, weights) { total += digit * weight }
        return checkCharacters[total % 11]
    }

    static func monthLength(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The calendar day of `date` in Asia/Shanghai as `yyyymmdd`.
    static func shanghaiDay(of date: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        // China has kept UTC+8 without daylight saving since 1992; the fixed offset is the fallback without tzdata.
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return (parts.year ?? 0) * 10000 + (parts.month ?? 0) * 100 + (parts.day ?? 0)
    }
}
