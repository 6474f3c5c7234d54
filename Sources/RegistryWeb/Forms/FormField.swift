/// One input of a form as the `field` partial renders it: a `<label>`, the input with what the user typed, and the
/// refusal beside it.
public struct FormField: Sendable {
    /// The input's name, as the workflow and the database name the field (`login`, `share_type`).
    public var name: String
    /// The label, in the regulation's words.
    public var label: String
    /// `text`, `password`, `date` … or `textarea` for text of several lines.
    public var type: String
    /// Whether it is a `<textarea>` (the `textarea` partial) rather than an `<input>` (the `field` partial).
    public var multiline: Bool
    /// What the user typed (never echoed for passwords).
    public var value: String
    public var autocomplete: String?
    /// A hint shown under the input.
    public var hint: String?
    public var error: FieldError?

    /// The field `name` with the value typed and its refusal from `errors`.
    public init(
        _ name: String,
        label: String,
        type: String = "text",
        value: String = "",
        autocomplete: String? = nil,
        hint: String? = nil,
        errors: FormErrors
    ) {
        self.name = name
        self.label = label
        self.type = type
        multiline = type == "textarea"
        self.value = type == "password" ? "" : value
        self.autocomplete = autocomplete
        self.hint = hint
        self.error = errors.fields[name]
    }
}
