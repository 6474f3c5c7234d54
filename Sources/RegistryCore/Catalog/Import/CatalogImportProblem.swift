/// Why one row of an import file was refused — its line, the field concerned and the rule it breaks.
public struct CatalogImportProblem: Sendable, Hashable {
    /// The line of the file the row starts on (1-based; the CSV header is line 1).
    public var line: Int
    /// The column concerned, named as in the file and the API (`share_reason`), when one is.
    public var field: String?
    /// The rule the row breaks: its constraint name, message and requirement id.
    public var rule: Rule

    public init(line: Int, field: String?, rule: Rule) {
        self.line = line
        self.field = field
        self.rule = rule
    }

    /// The sentence people read (Chinese).
    public var message: String { rule.message }
    /// The requirement id of the rule, when a rule of the regulation is at stake (`A21.1`).
    public var article: String? { rule.article }

    /// The same refusal as a ``RegistryError``: a constraint's rule as the database reports it, a value or row the
    /// file cannot hold (`catalog_import_…`) as invalid input.
    public var error: RegistryError {
        var error = rule.error
        error.field = field
        if rule.constraint.hasPrefix("catalog_import_") { error.code = .invalidInput }
        return error
    }
}
