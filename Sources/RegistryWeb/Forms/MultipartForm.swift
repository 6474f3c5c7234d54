import Foundation
import RegistryCore

/// A form posted as `multipart/form-data` (RFC 7578), read from a body already collected within its page's limit: its
/// text inputs as a URL-encoded form, so that ``FormBody/decode(_:)`` reads them as any form's, and its files.
enum MultipartForm {
    /// The boundary of a `multipart/form-data` content type, `nil` for any other.
    static func boundary(of contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        guard let match = contentType.firstMatch(of: /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/) else { return nil }
        let boundary = String(match.1 ?? match.2 ?? "")
        return (1...70).contains(boundary.utf8.count) ? boundary : nil
    }

    /// The parts of `body` between the delimiters of `boundary`: text parts as a URL-encoded form, file parts (those
    /// with a `filename`) as files; a file input left empty sends no file.
    static func parse(_ body: [UInt8], boundary: String) throws -> FormBody {
        var fields: [String] = []
        var files: [String: UploadedFile] = [:]
        for part in try parts(of: body[...], delimiter: Array("--\(boundary)".utf8)) {
            let (name, filename, content) = try split(part)
            if let filename {
                if !filename.isEmpty { files[name] = UploadedFile(filename: filename, bytes: Array(content)) }
            } else {
                fields.append(encode(name) + "=" + encode(String(decoding: content, as: UTF8.self)))
            }
        }
        return FormBody(text: fields.joined(separator: "&"), files: files)
    }

    /// The parts between the delimiters, each without the line break around it; the preamble and the epilogue dropped.
    private static func parts(of body: ArraySlice<UInt8>, delimiter: [UInt8]) throws -> [ArraySlice<UInt8>] {
        guard let first = body.firstRange(of: delimiter) else { throw malformed }
        var parts: [ArraySlice<UInt8>] = []
        var rest = body[first.upperBound...]
        while !rest.starts(with: dashes) {
            guard rest.starts(with: lineBreak), let end = nextDelimiter(in: rest, [13, 10] + delimiter) else { throw malformed }
            parts.append(rest[(rest.startIndex + 2)..<end.lowerBound])
            rest = rest[end.upperBound...]
        }
        return parts
    }

    /// The first `delimiter` in `bytes` that ends a part: followed by a line break or by the closing `--`.
    private static func nextDelimiter(in bytes: ArraySlice<UInt8>, _ delimiter: [UInt8]) -> Range<Int>? {
        var rest = bytes
        while let found = rest.firstRange(of: delimiter) {
            let after = rest[found.upperBound...]
            if after.starts(with: lineBreak) || after.starts(with: dashes) { return found }
            rest = rest[(found.lowerBound + 1)...]
        }
        return nil
    }

    private static let lineBreak: [UInt8] = [13, 10]
    private static let dashes: [UInt8] = [45, 45]

    /// A part's input name, its file name when it is a file, and its content.
    private static func split(_ part: ArraySlice<UInt8>) throws -> (String, String?, ArraySlice<UInt8>) {
        guard let blank = part.firstRange(of: [13, 10, 13, 10]) else { throw malformed }
        let headers = String(decoding: part[..<blank.lowerBound], as: UTF8.self)
        guard let disposition = headers.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition:") }),
            let name = disposition.firstMatch(of: /;\s*name="([^"]*)"/)?.1
        else { throw malformed }
        let filename = disposition.firstMatch(of: /;\s*filename="([^"]*)"/).map { String($0.1) }
        return (String(name), filename.map { ($0 as NSString).lastPathComponent }, part[blank.upperBound...])
    }

    /// Unreserved characters only, so the decoder reads back exactly what was sent.
    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static var malformed: RegistryError {
        RegistryError(.invalidInput, "上传的表单格式不正确,请回到页面重新提交。")
    }
}

/// A file sent with a form: the name it had on the sender's computer (without folders) and its bytes.
public struct UploadedFile: Sendable, Hashable {
    public var filename: String
    public var bytes: [UInt8]
}
