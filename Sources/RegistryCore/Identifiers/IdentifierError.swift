/// A13.1 / A14.1: which kind of identifier a string is (or was taken to be).
public enum IdentifierKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A13.1: citizen identity number (公民身份号码), GB 11643-1999.
    case citizenIdentityNumber = "citizen_identity_number"
    /// A14.1: unified social credit code (统一社会信用代码), GB 32100-2015.
    case unifiedSocialCreditCode = "unified_social_credit_code"
    /// Neither: the string does not have the shape of either identifier.
    case unknown

    /// The regulation's Chinese term, for labels.
    public var labelZH: String {
        switch self {
        case .citizenIdentityNumber: "公民身份号码"
        case .unifiedSocialCreditCode: "统一社会信用代码"
        case .unknown: "无法识别的代码"
        }
    }

    /// The requirement the identifier implements (`A13.1`, `A14.1`), nil for ``unknown``.
    public var requirement: String? {
        switch self {
        case .citizenIdentityNumber: "A13.1"
        case .unifiedSocialCreditCode: "A14.1"
        case .unknown: nil
        }
    }
}

/// A13.1 / A14.1: why a string is not a valid identifier, naming the failing position or the expected check character.
///
/// Messages never repeat the input: at most one character of it (the offending one) is quoted, so an error about a
/// citizen identity number never carries the number.
public struct IdentifierError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, for code to branch on.
    public enum Problem: Sendable, Hashable {
        /// The string is not 18 characters (Unicode scalars) long.
        case wrongLength(actual: Int)
        /// The character at `position` (1-based) should be an ASCII digit: positions 1-17 of a citizen number,
        /// positions 3-8 (division code) of a credit code. `found` is the character as shown in messages.
        case notADigit(position: Int, found: String)
        /// The character at `position` of a credit code is outside the GB 32100 alphabet.
        case notInAlphabet(position: Int, found: String)
        /// GB 11643: characters 7-14 are not a real date.
        case birthDateNotReal
        /// GB 11643: characters 7-14 are a date after today (Asia/Shanghai).
        case birthDateInFuture
        /// The check character (position 18) is not the one the first 17 characters require.
        case checkCharacterMismatch(expected: Character, found: String)
    }

    /// The kind of identifier the string was checked as.
    public var kind: IdentifierKind
    /// What is wrong.
    public var problem: Problem

    public init(kind: IdentifierKind, problem: Problem) {
        self.kind = kind
        self.problem = problem
    }

    /// The 1-based position that fails, when one position does (18 for a wrong check character).
    public var position: Int? {
        switch problem {
        case .wrongLength, .birthDateNotReal, .birthDateInFuture: nil
        case .notADigit(let position, _), .notInAlphabet(let position, _): position
        case .checkCharacterMismatch: 18
        }
    }

    /// The requirement id the rule belongs to (`A13.1`, `A14.1`).
    public var requirement: String? { kind.requirement }

    /// The reason in English, for code and logs.
    public var reason: String {
        switch (kind, problem) {
        case (.unknown, .wrongLength(let actual)):
            return "not an identifier: a citizen identity number or a unified social credit code has 18 characters, got \(actual)"
        case (.citizenIdentityNumber, .wrongLength(let actual)):
            return "a citizen identity number has 18 characters, got \(actual)"
        case (_, .wrongLength(let actual)):
            return "a unified social credit code has 18 characters, got \(actual)"
        case (.citizenIdentityNumber, .notADigit(let position, let found)):
            return "character \(position) \(found) is not a digit (\(Self.citizenPart(position)))"
        case (_, .notADigit(let position, let found)):
            return "position \(position) \(found) is not a digit (positions 3-8 are the division code)"
        case (_, .notInAlphabet(let position, let found)):
            return "position \(position) \(found) is not in the GB 32100 alphabet (0-9 and A-Z except I, O, S, V, Z)"
        case (_, .birthDateNotReal):
            return "characters 7-14 are not a real date (birth date)"
        case (_, .birthDateInFuture):
            return "characters 7-14 are a birth date in the future"
        case (.citizenIdentityNumber, .checkCharacterMismatch(let expected, _)):
            return "character 18 should be '\(expected)' (check character, ISO 7064 MOD 11-2)"
        case (_, .checkCharacterMismatch(let expected, _)):
            return "position 18 should be '\(expected)' (check character, GB 32100 MOD 31)"
        }
    }

    /// The reason in Chinese, for the people who typed the code.
    public var reasonZH: String {
        switch (kind, problem) {
        case (.unknown, .wrongLength(let actual)):
            return "无法识别:公民身份号码和统一社会信用代码均为18位,实际为\(actual)位"
        case (.citizenIdentityNumber, .wrongLength(let actual)):
            return "公民身份号码应为18位,实际为\(actual)位"
        case (_, .wrongLength(let actual)):
            return "统一社会信用代码应为18位,实际为\(actual)位"
        case (.citizenIdentityNumber, .notADigit(let position, let found)):
            return "第\(position)位\(Self.quotedZH(found))应为数字(\(Self.citizenPartZH(position)))"
        case (_, .notADigit(let position, let found)):
            return "第\(position)位\(Self.quotedZH(found))应为数字(第3至8位为登记管理机关行政区划码)"
        case (_, .notInAlphabet(let position, let found)):
            return "第\(position)位\(Self.quotedZH(found))不在GB 32100代码字符集中(数字及除I、O、S、V、Z以外的大写英文字母)"
        case (_, .birthDateNotReal):
            return "第7至14位不是有效的出生日期"
        case (_, .birthDateInFuture):
            return "第7至14位出生日期晚于当前日期"
        case (.citizenIdentityNumber, .checkCharacterMismatch(let expected, _)):
            return "第18位应为“\(expected)”(校验码,ISO 7064 MOD 11-2)"
        case (_, .checkCharacterMismatch(let expected, _)):
            return "第18位应为“\(expected)”(校验码,GB 32100 MOD 31)"
        }
    }

    public var description: String { reason }

    private static func citizenPart(_ position: Int) -> String {
        switch position {
        case 1...6: "address code"
        case 7...14: "birth date"
        default: "sequence code"
        }
    }

    private static func citizenPartZH(_ position: Int) -> String {
        switch position {
        case 1...6: "地址码"
        case 7...14: "出生日期码"
        default: "顺序码"
        }
    }

    /// `'A'` → `“A”`; `U+3000` stays as it is.
    private static func quotedZH(_ found: String) -> String {
        if found.count == 3, found.hasPrefix("'"), found.hasSuffix("'") {
            return "“" + found.dropFirst().dropLast() + "”"
        }
        return found
    }

    /// How a single offending character is shown in messages: quoted when it is visible, `U+XXXX` otherwise
    /// (controls, spaces, combining marks, format characters, unassigned).
    static func shown(_ scalar: Unicode.Scalar) -> String {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
            .spaceSeparator, .lineSeparator, .paragraphSeparator,
            .nonspacingMark, .spacingMark, .enclosingMark:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        default:
            return "'\(Character(scalar))'"
        }
    }
}
