/// A SQL statement whose interpolated values travel as bound parameters, never as text.
///
/// Every `\(value)` becomes a `$n` placeholder with the value sent separately, so a statement cannot be built
/// from input by accident. Identifiers fixed in code go in with the loud `\(unescaped: …)`; another `SQL` value
/// can be spliced in with `\(fragment)` and keeps its own bindings.
///
///     let query: SQL = "select name from division where code = \(code)"
public struct SQL: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case text(String)
        case binding(String?)
    }

    var segments: [Segment]

    public init(stringLiteral value: String) {
        self.segments = [.text(value)]
    }

    public init(stringInterpolation: StringInterpolation) {
        self.segments = stringInterpolation.segments
    }

    /// The statement text with `$1 … $n` placeholders and the parameter values in order.
    public func rendered() -> (text: String, bindings: [String?]) {
        var text = ""
        var bindings: [String?] = []
        for segment in segments {
            switch segment {
            case .text(let part):
                text += part
            case .binding(let value):
                bindings.append(value)
                text += "$\(bindings.count)"
            }
        }
        return (text, bindings)
    }

    /// The statement with placeholders only: safe to log, it never shows a bound value.
    public var description: String { rendered().text }

    /// Joins fragments with a separator, keeping each fragment's bindings.
    public static func joined(_ fragments: [SQL], separator: String) -> SQL {
        var result = SQL(segments: [])
        for (index, fragment) in fragments.enumerated() {
            if index > 0 { result.segments.append(.text(separator)) }
            result.segments += fragment.segments
        }
        return result
    }

    init(segments: [Segment]) {
        self.segments = segments
    }

    /// Builds a statement; see ``SQL``.
    public struct StringInterpolation: StringInterpolationProtocol {
        var segments: [Segment] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            segments.reserveCapacity(interpolationCount * 2 + 1)
        }

        public mutating func appendLiteral(_ literal: String) {
            segments.append(.text(literal))
        }

        /// Binds a value as a parameter.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value) {
            segments.append(.binding(value.postgresText))
        }

        /// Binds an optional value as a parameter; `nil` binds SQL NULL.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            segments.append(.binding(value?.postgresText))
        }

        /// Splices another statement fragment in, keeping its bindings.
        public mutating func appendInterpolation(_ fragment: SQL) {
            segments += fragment.segments
        }

        /// Inserts text verbatim. Only for identifiers and keywords fixed in code — never for input.
        public mutating func appendInterpolation(unescaped text: String) {
            segments.append(.text(text))
        }
    }
}
