extension CalendarError: RegistryErrorConvertible {
    /// The refusal users see: a calendar that does not cover the dates is a rule of W.2, not a server fault.
    public var registryError: RegistryError {
        switch self {
        case .yearNotLoaded:
            RegistryError(.ruleViolation, message, article: requirement)
        case .yearsNotContiguous:
            RegistryError(.ruleViolation, message, field: "year", article: requirement)
        case .invalidDay:
            RegistryError(.ruleViolation, message, field: "days", article: requirement)
        case .negativeWorkingDays:
            RegistryError(.invalidInput, message, field: "working_days", article: requirement)
        }
    }
}
