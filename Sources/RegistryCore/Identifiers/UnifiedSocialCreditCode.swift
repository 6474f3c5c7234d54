/// A14.1: a unified social credit code (统一社会信用代码) per GB 32100-2015, validated and upper-case.
///
/// 18 characters over the 31-character alphabet `0-9 A-H J-N P-R T-U W-Y` (no I, O, S, V, Z): position 1 the
/// registration authority (登记管理部门代码), 2 the organisation type (机构类别代码), 3-8 the 6-digit division code
/// of the registering authority (登记管理机关行政区划码), 9-17 the organisation code (主体标识码), 18 the MOD 31 check
/// character (校验码, weights 3^(i-1) mod 31). Lower-case letters are accepted and normalised.
/// SQL mirror: `is_valid_uscc`, domain `uscc` (`sql/0002_identifiers.sql`).
public struct UnifiedSocialCreditCode: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The code, upper-case.
    public let value: String

    /// The GB 32100 alphabet; a character's value is its index.
    static let alphabet: [Unicode.Scalar] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".unicodeScalars)
    /// Weights 3^(i-1) mod 31 of positions 1-17.
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// Validates `text`. No trimming: surrounding spaces make it invalid. The error names the first failing
    /// position or the expected check character.
    public init(validating text: String) throws(IdentifierError) {
        let scalars = Array(text.unicodeScalars)
        func fail(_ problem: IdentifierError.Problem) -> IdentifierError {
            IdentifierError(kind: .unifiedSocialCreditCode, problem: problem)
        }
        guard scalars.count == 18 else { throw fail(.wrongLength(actual: scalars.count)) }
        var values: [Int] = []
        values.reserveCapacity(18)
        for (index, scalar) in scalars.prefix(17).enumerated() {
            let position = index + 1
            guard let value = Self.value(of: scalar) else {
                throw fail(.notInAlphabet(position: position, found: IdentifierError.shown(scalar)))
            }
            guard value < 10 || !(3...8).contains(position) else {
                throw fail(.notADigit(position: position, found: IdentifierError.shown(scalar)))
            }
            values.append(value)
        }
        // Whatever stands at position 18 (even a character outside the alphabet), the useful message is the check
        // character it should be: GB 32100's own worked example refuses 91350100M000100Y4Z that way.
        let expected = Self.checkValue(values[...])
        guard Self.value(of: scalars[17]) == expected else {
            throw fail(.checkCharacterMismatch(expected: Character(Self.alphabet[expected]), found: IdentifierError.shown(scalars[17])))
        }
        self.value = String(String.UnicodeScalarView((values + [expected]).map { Self.alphabet[$0] }))
    }

    /// The MOD 31 check character for the first 17 characters, or nil unless they are 17 characters of the alphabet
    /// (lower-case read as upper-case). Mirrors SQL `uscc_check_character(text)`; note that it does not require
    /// positions 3-8 to be digits.
    public static func checkCharacter(for first17: String) -> Character? {
        let values = first17.unicodeScalars.compactMap(value(of:))
        guard values.count == 17, first17.unicodeScalars.count == 17 else { return nil }
        return Character(alphabet[checkValue(values[...])])
    }

    /// Position 1: registration authority (登记管理部门代码), e.g. `9` market regulation, `1` institutional staffing.
    public var registrationAuthority: Character { value.first! }
    /// Position 2: organisation type (机构类别代码) within the registration authority.
    public var organisationType: Character { value[value.index(value.startIndex, offsetBy: 1)] }
    /// Positions 3-8: GB/T 2260 division code of the registering authority (登记管理机关行政区划码).
    public var divisionCode: String { String(value.dropFirst(2).prefix(6)) }
    /// Positions 9-17: organisation code (主体标识码).
    public var organisationCode: String { String(value.dropFirst(8).prefix(9)) }
    /// Position 18: check character (校验码).
    public var checkCharacter: Character { value.last! }

    public var description: String { value }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(validating: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.reason)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    // MARK: - Rules shared with the SQL mirror

    /// The value of a character of the alphabet (lower-case read as upper-case), nil outside it.
    static func value(of scalar: Unicode.Scalar) -> Int? {
        alphabet.firstIndex(of: CitizenIdentityNumber.asciiUppercased(scalar))
    }

    static func checkValue(_ first17: ArraySlice<Int>) -> Int {
        var total = 0
        for (value, weight) in zip(first17, weights) { total += value * weight }
        return (31 - total % 31) % 31
    }
}
