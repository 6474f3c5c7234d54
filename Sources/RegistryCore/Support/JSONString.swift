/// Text as a JSON string literal, escaped exactly as Foundation's `JSONEncoder` escapes it with `.withoutEscapingSlashes`:
/// `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, and `\u00xx` for the other controls. The API's hand-written JSON writes the
/// encoder's bytes with it, and the DCAT export writes its JSON-LD and Turtle strings with it (Turtle's escapes include
/// these). Most strings need nothing escaped and are copied whole.
public enum JSONString {
    /// `text` between double quotes, escaped.
    public static func quoted(_ text: String) -> String {
        var out = ""
        append(text, to: &out)
        return out
    }

    /// Appends `text` between double quotes, escaped, to `out`.
    public static func append(_ text: String, to out: inout String) {
        out += "\""
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
