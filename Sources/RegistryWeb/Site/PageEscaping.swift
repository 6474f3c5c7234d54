import Mustache

/// How the pages escape the text they show: the five characters that could end a text or an attribute value
/// (`<`, `>`, `&`, `"`, `'`) become character references, byte by byte over UTF-8.
///
/// swift-mustache's own HTML escaping walks a string by grapheme clusters and looks each one up in a dictionary: a
/// tenth of the time of the catalog's list page (50 rows). It also leaves a quote alone when a combining mark follows
/// it (one cluster), while this escapes every one. Text with none of the five is returned as it is, without a copy. The layout
/// selects it with `{{% CONTENT_TYPE: PAGE_HTML}}`, so every page rendered in the layout uses it.
struct PageEscaping: MustacheContentType {
    /// The name the templates' `CONTENT_TYPE` pragma uses.
    static let name = "PAGE_HTML"

    /// Registers the escaping under ``name``; must run before the templates are parsed.
    static func register() {
        MustacheContentTypes.register(PageEscaping(), named: name)
    }

    func escapeText(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: Self.needsReference) else { return text }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "<"): escaped.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): escaped.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "&"): escaped.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "\""): escaped.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): escaped.append(contentsOf: "&#39;".utf8)
            default: escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    private static func needsReference(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "\"")
            || byte == UInt8(ascii: "'")
    }
}
