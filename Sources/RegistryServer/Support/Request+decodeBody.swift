import Foundation
import Hummingbird
import NIOCore
import RegistryCore

extension Request {
    /// Decodes the JSON body, refusing bodies over the context's limit and naming the field that does not decode.
    func decodeBody<Value: Decodable>(as type: Value.Type, context: RegistryRequestContext) async throws -> Value {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: context.maxUploadSize)
        } catch is NIOTooManyBytesError {
            throw RegistryError(.payloadTooLarge, "请求内容过大(上限 \(context.maxUploadSize / 1024) KiB)。")
        }
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
