/// A `<select>` of a form as the `choice` partial renders it: a `<label>`, the options with the one chosen marked, and
/// the refusal beside it.
public struct ChoiceField: Sendable {
    /// One option: the value posted and the Chinese label shown.
    public struct Option: Sendable {
        public var value: String
        public var label: String
        public var selected: Bool
    }

    /// The input's name, as the workflow and the database name the field (`share_type`).
    public var name: String
    public var label: String
    public var options: [Option]
    /// A hint shown under the select.
    public var hint: String?
    public var error: FieldError?

    /// The select `name` offering `choices` (value, label), `chosen` marked, its refusal from `errors`; with `blank`,
    /// an empty first option labelled so.
    public init(
        _ name: String, label: String, choices: [(value: String, label: String)], chosen: String?, blank: String? = nil,
        hint: String? = nil, errors: FormErrors
    ) {
        self.name = name
        self.label = label
        let all = (blank.map { [(value: "", label: $0)] } ?? []) + choices
        options = all.map { Option(value: $0.value, label: $0.label, selected: $0.value == (chosen ?? "")) }
        self.hint = hint
        self.error = errors.fields[name]
    }

    /// The choices of a regulation's enumeration: its raw values with their Chinese labels.
    public static func choices<Value: CaseIterable & RawRepresentable>(
        _ type: Value.Type, label: (Value) -> String
    ) -> [(value: String, label: String)] where Value.RawValue == String {
        type.allCases.map { (value: $0.rawValue, label: label($0)) }
    }
}
