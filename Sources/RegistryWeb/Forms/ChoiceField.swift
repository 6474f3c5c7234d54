import RegistryCore

/// A choice of a form as the `field-select` (one of) or `field-checks` (any of, as checkboxes) partial renders it: a
/// label, the options with what the user chose, and the refusal beside it.
public struct ChoiceField: Sendable {
    /// The field's name as the workflow and the database name it (`mode`, `data_items`): the refusal's key and the ids.
    public var name: String
    /// The name the inputs post: `data_items[]` for checkboxes, so that the form decodes as a list.
    public var inputName: String
    public var label: String
    public var options: [Option]
    public var hint: String?
    public var error: FieldError?

    /// One option; `id` labels it among checkboxes.
    public struct Option: Sendable {
        public var id: String
        public var value: String
        public var label: String
        public var selected: Bool

        public init(id: String = "", value: String, label: String, selected: Bool) {
            self.id = id
            self.value = value
            self.label = label
            self.selected = selected
        }
    }

    /// A select of `options` (value, label), `chosen` selected; with a `prompt`, an empty first option asks for a choice.
    public init(
        _ name: String,
        label: String,
        options: [(value: String, label: String)],
        chosen: String?,
        prompt: String? = nil,
        hint: String? = nil,
        errors: FormErrors
    ) {
        let options = (prompt.map { [(value: "", label: $0)] } ?? []) + options
        self.init(name, inputName: name, label: label, options: options, chosen: [chosen ?? ""], hint: hint, errors: errors)
    }

    /// Checkboxes of `options` (value, label), those in `chosen` checked; they post `name[]`.
    public init(
        checks name: String,
        label: String,
        options: [(value: String, label: String)],
        chosen: [String],
        hint: String? = nil,
        errors: FormErrors
    ) {
        self.init(name, inputName: name + "[]", label: label, options: options, chosen: chosen, hint: hint, errors: errors)
    }

    private init(
        _ name: String,
        inputName: String,
        label: String,
        options: [(value: String, label: String)],
        chosen: [String],
        hint: String?,
        errors: FormErrors
    ) {
        self.name = name
        self.inputName = inputName
        self.label = label
        self.options = options.enumerated().map { index, option in
            Option(id: "\(name)-\(index + 1)", value: option.value, label: option.label, selected: chosen.contains(option.value))
        }
        self.hint = hint
        self.error = errors.fields[name]
    }

    /// The options of a regulation's enumeration: its raw values with their Chinese labels.
    public static func options<Value: CaseIterable & RawRepresentable>(
        _ type: Value.Type,
        label: (Value) -> String
    ) -> [(value: String, label: String)] where Value.RawValue == String {
        type.allCases.map { (value: $0.rawValue, label: label($0)) }
    }

    /// The options of a classification scheme's category `trees`, depth first, each level indented by a full-width
    /// space.
    public static func options(_ trees: [DataCategoryNode]) -> [(value: String, label: String)] {
        func flatten(_ node: DataCategoryNode, _ depth: Int) -> [(value: String, label: String)] {
            [(value: node.code, label: String(repeating: "\u{3000}", count: depth) + node.name)]
                + node.children.flatMap { flatten($0, depth + 1) }
        }
        return trees.flatMap { flatten($0, 0) }
    }
}
