import Foundation
import Hummingbird
import RegistryCore

/// A JSON object written straight into text, for the API's longest lists, where ``RegistryJSON/encoder`` spent half a
/// request converting every key to snake_case and sorting the keys of every object. It writes the same text: the
/// caller adds the keys in snake_case and in sorted order, an absent optional is left out, and strings are escaped as
/// the encoder escapes them (slashes unescaped).
struct JSONObjectText {
    private(set) var text = "{"

    /// Adds `key` with a string value; `nil` adds nothing.
    mutating func add(_ key: String, _ value: String?) {
        guard let value else { return }
        member(key)
        Self.appendString(value, to: &text)
    }

    /// Adds `key` with an integer value; `nil` adds nothing.
    mutating func add(_ key: String, _ value: Int?) {
        guard let value else { return }
        member(key)
        text += String(value)
    }

    /// Adds `key` with a value that is JSON already; `nil` adds nothing.
    mutating func add(_ key: String, json value: String?) {
        guard let value else { return }
        member(key)
        text += value
    }

    /// The object, closed.
    var closed: String { text + "}" }

    private mutating func member(_ key: String) {
        if text.utf8.count > 1 { text += "," }
        Self.appendString(key, to: &text)
        text += ":"
    }

    /// `value` as a JSON string, as JSONEncoder writes it with `.withoutEscapingSlashes`.
    static func appendString(_ value: String, to text: inout String) {
        text += "\""
        guard value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
            text += value
            text += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            default:
                if scalar.value < 0x20 {
                    text += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }

    /// `text` as the body of a JSON response, with the headers the API's encoder sets.
    static func response(_ text: String) -> Response {
        let buffer = ByteBuffer(string: text)
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(buffer.readableBytes)],
            body: .init(byteBuffer: buffer)
        )
    }
}

extension CatalogItemSummary {
    /// The summary as ``RegistryJSON/encoder`` writes it.
    var jsonText: String {
        var object = JSONObjectText()
        object.add("code", code)
        object.add("current_version_number", currentVersionNumber)
        object.add("data_form", dataForm.rawValue)
        object.add("data_item_count", dataItemCount)
        object.add("data_updated_on", dataUpdatedOn?.iso)
        object.add("division_code", divisionCode)
        object.add("grade", grade?.rawValue)
        object.add("id", id.uuidString)
        object.add("institution", institution)
        object.add("name", name)
        object.add("open_type", openType.rawValue)
        object.add("share_type", shareType.rawValue)
        object.add("update_frequency", updateFrequency.rawValue)
        return object.closed
    }
}

extension CatalogItemPage: ResponseGenerator {
    /// The page as ``RegistryJSON/encoder`` writes it.
    var jsonText: String {
        var object = JSONObjectText()
        object.add("items", json: "[" + items.map(\.jsonText).joined(separator: ",") + "]")
        object.add("next_cursor", nextCursor)
        return object.closed
    }

    /// The page written straight into text (``JSONObjectText``): the same bytes as the API's encoder, in a fraction of
    /// its time.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONObjectText.response(jsonText)
    }
}
