/// A row of a long list (a page of catalog items, the due items of a workspace) that ``TemplateValues`` turns into a
/// dictionary through its synthesized `Encodable` conformance instead of reflection.
///
/// Reflecting a struct resolves the type of every field by its mangled name each time; a list page of 50 rows spent
/// a fifth of its time there. The synthesized `encode(to:)` hands over the same names and values directly. As with
/// reflection, a `nil` optional is left out (`encodeIfPresent`), so the templates look the name up in the enclosing
/// context as before. A row holds only strings, numbers, booleans, optionals of them, and other rows.
protocol TemplateRow: Encodable {}

/// The `Encoder` behind ``TemplateRow``: keyed containers become `[String: Any]`, unkeyed ones `[Any]`; strings,
/// booleans and integers are kept as they are.
final class TemplateRowEncoder: Encoder {
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// What was encoded: a dictionary or array (possibly holding nested encoders), a plain value, or nothing.
    private var stored: Any?

    /// `row` as the dictionaries and arrays the templates read.
    static func values(of row: some Encodable) throws -> Any? {
        let encoder = TemplateRowEncoder()
        try row.encode(to: encoder)
        return encoder.result
    }

    /// The encoded value with every nested encoder resolved.
    var result: Any? {
        switch stored {
        case let dictionary as [String: Any]: dictionary.mapValues(Self.resolve)
        case let array as [Any]: array.map(Self.resolve)
        default: stored.map(Self.resolve)
        }
    }

    private static func resolve(_ value: Any) -> Any {
        (value as? TemplateRowEncoder)?.result ?? value
    }

    /// Stores `value`: plain values as they are, anything else encoded by a nested encoder.
    fileprivate func box(_ value: some Encodable) throws -> Any {
        switch value {
        case let text as String: return text
        case let flag as Bool: return flag
        case let number as Int: return number
        default:
            let nested = TemplateRowEncoder()
            try value.encode(to: nested)
            return nested
        }
    }

    fileprivate func set(_ value: Any, forKey key: String) {
        var dictionary = stored as? [String: Any] ?? [:]
        stored = nil
        dictionary[key] = value
        stored = dictionary
    }

    fileprivate func append(_ value: Any) {
        var array = stored as? [Any] ?? []
        stored = nil
        array.append(value)
        stored = array
    }

    fileprivate var count: Int { (stored as? [Any])?.count ?? 0 }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if !(stored is [String: Any]) { stored = [String: Any]() }
        return KeyedEncodingContainer(Keyed<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if !(stored is [Any]) { stored = [Any]() }
        return Unkeyed(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { Single(encoder: self) }

    fileprivate func setSingle(_ value: Any) { stored = value }

    private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: TemplateRowEncoder
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) {}
        mutating func encode(_ value: some Encodable, forKey key: Key) throws {
            encoder.set(try encoder.box(value), forKey: key.stringValue)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type,
            forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            let nested = TemplateRowEncoder()
            encoder.set(nested, forKey: key.stringValue)
            return nested.container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let nested = TemplateRowEncoder()
            encoder.set(nested, forKey: key.stringValue)
            return nested.unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { encoder }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let nested = TemplateRowEncoder()
            encoder.set(nested, forKey: key.stringValue)
            return nested
        }
    }

    private struct Unkeyed: UnkeyedEncodingContainer {
        let encoder: TemplateRowEncoder
        var codingPath: [any CodingKey] { [] }
        var count: Int { encoder.count }

        mutating func encodeNil() {}
        mutating func encode(_ value: some Encodable) throws { encoder.append(try encoder.box(value)) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let nested = TemplateRowEncoder()
            encoder.append(nested)
            return nested.container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = TemplateRowEncoder()
            encoder.append(nested)
            return nested.unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder {
            let nested = TemplateRowEncoder()
            encoder.append(nested)
            return nested
        }
    }

    private struct Single: SingleValueEncodingContainer {
        let encoder: TemplateRowEncoder
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() {}
        mutating func encode(_ value: some Encodable) throws { encoder.setSingle(try encoder.box(value)) }
    }
}
