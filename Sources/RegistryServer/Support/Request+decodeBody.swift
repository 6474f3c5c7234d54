import Foundation
import Hummingbird
import NIOCore
import RegistryCore

extension Request {
    /// Decodes the JSON body, refusing bodies over the context's limit and naming the field that does not decode.
    func decodeBody<Value: Decodable>(as type: Value.Type, context: RegistryRequestContext) async throws -> Value {
        try Self.decode(type, from: try await collectBody(context: context), context: context)
    }

    /// Decodes the JSON body like ``decodeBody(as:context:)``; an empty body gives `nil`.
    func decodeOptionalBody<Value: Decodable>(as type: Value.Type, context: RegistryRequestContext) async throws -> Value? {
        let buffer = try await collectBody(context: context)
        return buffer.readableBytes == 0 ? nil : try Self.decode(type, from: buffer, context: context)
    }

    private func collectBody(context: RegistryRequestContext) async throws -> ByteBuffer {
        do {
            return try await body.collect(upTo: context.maxUploadSize)
        } catch is NIOTooManyBytesError {
            throw RegistryError(.payloadTooLarge, "请求内容过大(上限 \(context.maxUploadSize / 1024) KiB)。")
        }
    }

    private static func decode<Value: Decodable>(
        _ type: Value.Type,
        from buffer: ByteBuffer,
        context: RegistryRequestContext
    ) throws -> Value {
        let data = Data(buffer.readableBytesView)
        if let field = fieldWithNULByte(in: data) {
            throw RegistryError.invalid(field, "不能包含空字符(NUL)。")
        }
        do {
            return try context.requestDecoder.decode(type, from: data)
        } catch let error as DecodingError {
            throw error.registryError
        }
    }

    /// The field (`a.b.0`) of the first string in a JSON body that holds a NUL byte (written `\u0000`), which
    /// PostgreSQL text cannot store; `""` for a NUL in a key or at the top; `nil` when there is none.
    static func fieldWithNULByte(in data: Data) -> String? {
        guard data.range(of: Data(#"\u0000"#.utf8)) != nil || data.range(of: Data(#"\U0000"#.utf8)) != nil,
            let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        else { return nil }
        return nulPath(in: json, path: [])
    }

    private static func nulPath(in value: Any, path: [String]) -> String? {
        switch value {
        case let text as String:
            return text.utf8.contains(0) ? path.joined(separator: ".") : nil
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                if key.utf8.contains(0) { return path.joined(separator: ".") }
                if let found = nulPath(in: object[key]!, path: path + [key]) { return found }
            }
            return nil
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let found = nulPath(in: element, path: path + [String(index)]) { return found }
            }
            return nil
        default:
            return nil
        }
    }
}

extension DecodingError {
    /// The refusal users see: which field, and whether it is missing, of the wrong type, or not JSON at all.
    var registryError: RegistryError {
        let (path, message): ([any CodingKey], String) =
            switch self {
            case .keyNotFound(let key, let context): (context.codingPath + [key], "缺少必填项。")
            case .valueNotFound(_, let context): (context.codingPath, "缺少必填项。")
            case .typeMismatch(_, let context): (context.codingPath, "字段类型不正确。")
            case .dataCorrupted(let context): (context.codingPath, "请求内容不是有效的 JSON,或字段值无法识别。")
            @unknown default: ([], "请求内容无法解析。")
            }
        let field = path.map { $0.intValue.map(String.init) ?? Self.snakeCase($0.stringValue) }.joined(separator: ".")
        return RegistryError(.invalidInput, message, field: field.isEmpty ? nil : field)
    }

    /// `itemID` → `item_id`, `dataUserID` → `data_user_id`: a run of capitals is one word, as the encoder writes it.
    static func snakeCase(_ key: String) -> String {
        let characters = Array(key)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let afterLower = characters[index - 1].isLowercase
                let endsAcronym = characters[index - 1].isUppercase && index + 1 < characters.count && characters[index + 1].isLowercase
                if afterLower || endsAcronym { result += "_" }
            }
            result += character.lowercased()
        }
        return result
    }
}
