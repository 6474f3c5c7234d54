import Foundation

/// A13.1 / A14.1: what a typed code is, whether it is valid, and why not.
///
/// Never carries an unmasked citizen identity number: ``display`` is the masked form for citizen numbers, and
/// reasons quote at most one character of the input.
public struct IdentifierCheckResult: Sendable, Hashable, Encodable {
    /// The kind the code was recognised as.
    public var kind: IdentifierKind
    /// Why the code is invalid; nil when it is valid.
    public var error: IdentifierError?
    /// How the valid code may be shown: masked citizen number or upper-case credit code; nil when invalid.
    public var display: String?

    public init(kind: IdentifierKind, error: IdentifierError?, display: String?) {
        self.kind = kind
        self.error = error
        self.display = display
    }

    /// Whether the code is a valid identifier of ``kind``.
    public var isValid: Bool { error == nil && kind != .unknown }
    /// Why not, in English; nil when valid.
    public var reason: String? { error?.reason }
    /// Why not, in Chinese; nil when valid.
    public var reasonZH: String? { error?.reasonZH }
    /// The failing position, when one position fails.
    public var position: Int? { error?.position }

    private enum CodingKeys: String, CodingKey {
        case kind, valid, display, position, reason
        case reasonZH = "reason_zh"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(isValid, forKey: .valid)
        try container.encodeIfPresent(display, forKey: .display)
        try container.encodeIfPresent(position, forKey: .position)
        try container.encodeIfPresent(reason, forKey: .reason)
        try container.encodeIfPresent(reasonZH, forKey: .reasonZH)
    }
}

/// A13.1 / A14.1: recognises which identifier a string is and checks it.
public enum IdentifierCheck {
    /// Classifies and validates `code` (no trimming).
    ///
    /// - A valid citizen identity number is one (even if it also happens to pass as a credit code: privacy first).
    /// - Otherwise a valid unified social credit code is one (an all-digit credit code such as many `12…` public
    ///   institution codes has the shape of a citizen number).
    /// - Otherwise the shape decides: 18 characters, all ASCII digits except possibly a final `X`/`x` → citizen
    ///   identity number; any other 18 characters → unified social credit code; anything else → ``IdentifierKind/unknown``.
    public static func check(_ code: String, asOf now: Date = RegistryClock.fromEnvironment().now) -> IdentifierCheckResult {
        let scalars = Array(code.unicodeScalars)
        guard scalars.count == 18 else {
            return IdentifierCheckResult(
                kind: .unknown,
                error: IdentifierError(kind: .unknown, problem: .wrongLength(actual: scalars.count)),
                display: nil
            )
        }
        let citizenError: IdentifierError
        do {
            let number = try CitizenIdentityNumber(validating: code, asOf: now)
            return IdentifierCheckResult(kind: .citizenIdentityNumber, error: nil, display: number.masked)
        } catch {
            citizenError = error
        }
        let creditError: IdentifierError
        do {
            let credit = try UnifiedSocialCreditCode(validating: code)
            return IdentifierCheckResult(kind: .unifiedSocialCreditCode, error: nil, display: credit.value)
        } catch {
            creditError = error
        }
        let citizenShaped =
            scalars.prefix(17).allSatisfy { CitizenIdentityNumber.asciiDigit($0) != nil }
            && (CitizenIdentityNumber.asciiDigit(scalars[17]) != nil || scalars[17] == "X" || scalars[17] == "x")
        return citizenShaped
            ? IdentifierCheckResult(kind: .citizenIdentityNumber, error: citizenError, display: nil)
            : IdentifierCheckResult(kind: .unifiedSocialCreditCode, error: creditError, display: nil)
    }
}
