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
        _ type: Value.Type, from buffer: ByteBuffer, context: RegistryRequestContext
    ) throws -> Value {
        do {
            return try context.requestDecoder.decode(type, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw error.registryError
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

    private static func snakeCase(_ key: String) -> String {
        key.reduce(into: "") { result, character in
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
    }
}
