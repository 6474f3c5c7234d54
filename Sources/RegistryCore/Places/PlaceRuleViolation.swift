/// A3.1 / A5.1: a division or institution that the rules of the regulation refuse, found by the Swift mirror of a
/// database rule before the database is asked.
///
/// ``rule`` is the rule as the database names it (``PlaceRules``), so the Swift check and the database refusal can
/// be compared and map to the same article; ``message`` says in Chinese what exactly is wrong with this input.
public struct PlaceRuleViolation: Error, Sendable, Hashable, CustomStringConvertible, RegistryErrorConvertible {
    public var rule: Rule
    /// A sentence about this input a person can act on (the rule's own message when nothing more specific is known).
    public var message: String

    public init(_ rule: Rule, _ message: String? = nil) {
        self.rule = rule
        self.message = message ?? rule.message
    }

    /// The database constraint enforcing the rule, ending in its requirement id (e.g. `division_parent_level_a3_1`).
    public var constraint: String { rule.constraint }

    /// The requirement id read from the constraint's suffix: `…_a5_1` → `A5.1`.
    public var requirement: String? { rule.article }

    public var registryError: RegistryError {
        RegistryError(.ruleViolation, message, field: rule.field, article: rule.article)
    }

    public var description: String {
        "\(requirement ?? constraint): \(message)"
    }
}
