import Foundation

/// `numeric` values keep their exact decimal digits.
extension Decimal: PostgresCodable {
    public var postgresText: String { NSDecimalNumber(decimal: self).description(withLocale: nil) }

    public init(postgresText text: String) throws {
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
            throw PostgresDecodingError(type: Decimal.self, reason: "not a decimal number")
        }
        self = value
    }
}
