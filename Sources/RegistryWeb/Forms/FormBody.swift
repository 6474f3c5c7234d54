import Hummingbird
import RegistryCore

/// A posted form (`application/x-www-form-urlencoded`), decoded into the input type of its page.
public struct FormBody: Sendable {
    /// The body as sent.
    let text: String

    /// The form's fields as `Input`: a missing or mistyped field is a refusal naming no field, shown above the form.
    public func decode<Input: Decodable>(_ type: Input.Type = Input.self) throws -> Input {
        do {
            return try URLEncodedFormDecoder().decode(Input.self, from: text)
        } catch {
            throw RegistryError(.invalidInput, "表单内容不完整或格式不正确,请重新填写。")
        }
    }
}
