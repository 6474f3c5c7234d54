/// A choice of a form as the `field-select` partial renders it: a `<label>`, a `<select>` with the option chosen, and
/// the refusal beside it. Enums are offered in Chinese, their values as the workflow names them.
public struct FormSelect: Sendable {
    /// One option: its value, its Chinese label and whether it is chosen.
    public struct Option: Sendable {
        public var value: String
        public var label: String
        public var selected: Bool
    }

    public var name: String
    public var label: String
    public var options: [Option]
    public var hint: String?
    public var error: FieldError?

    /// The choice `name` among `options` (value, label), `value` chosen, an empty first option prompting `prompt`.
    public init(
        _ name: String, label: String, options: [(value: String, label: String)], value: String, prompt: String = "请选择",
        hint: String? = nil, errors: FormErrors
    ) {
        self.name = name
        self.label = label
        self.options =
            [Option(value: "", label: prompt, selected: value.isEmpty)]
            + options.map { Option(value: $0.value, label: $0.label, selected: $0.value == value) }
        self.hint = hint
        error = errors.fields[name]
    }
}
