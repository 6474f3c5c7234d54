import Hummingbird
import RegistryCore

/// A posted form, decoded into the input type of its page: the text inputs as `application/x-www-form-urlencoded`
/// (a `multipart/form-data` form's too, ``MultipartForm``) and the files it sent.
public struct FormBody: Sendable {
    /// The text inputs, URL-encoded.
    let text: String
    /// The files sent, by input name.
    let files: [String: UploadedFile]

    init(text: String, files: [String: UploadedFile] = [:]) {
        self.text = text
        self.files = files
    }

    /// The form's fields as `Input`: a missing or mistyped field is a refusal naming no field, shown above the form.
    public func decode<Input: Decodable>(_ type: Input.Type = Input.self) throws -> Input {
        do {
            return try URLEncodedFormDecoder().decode(Input.self, from: text)
        } catch {
            throw RegistryError(.invalidInput, "表单内容不完整或格式不正确,请重新填写。")
        }
    }

    /// The file sent in the input `name`, if one was chosen.
    public func file(_ name: String) -> UploadedFile? {
        files[name]
    }
}
