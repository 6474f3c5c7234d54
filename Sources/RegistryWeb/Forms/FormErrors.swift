import RegistryCore

/// A refusal as a form shows it: the message beside the field it names, or above the form when the field is not one
/// the form shows; the article of the rule as 第N条.
public struct FormErrors: Sendable {
    /// Messages by input name (the ``RegistryError/field`` the workflow or the database named).
    public var fields: [String: FieldError] = [:]
    /// The message that belongs to no input of the form.
    public var summary: FieldError?

    /// No refusal: a form shown for the first time.
    public init() {}

    /// `error` placed beside one of `shownFields`, or above the form.
    public init(_ error: RegistryError, shownFields: Set<String>) {
        let message = FieldError(error)
        if let field = error.field, shownFields.contains(field) {
            fields[field] = message
        } else {
            summary = message
        }
    }
}

/// One refusal's words: the Chinese message and the article of the rule (第二十一条), if a rule refused.
public struct FieldError: Sendable, Hashable {
    public var message: String
    public var article: String?

    public init(_ error: RegistryError) {
        message = error.message
        article = ArticleName.of(error.article)
    }
}

extension RegistryError {
    /// Whether the refusal is about the input, and so belongs on the form beside what the user typed; anything else
    /// (no right to act, nothing found, an internal error) gets its own page.
    var belongsOnForm: Bool {
        switch code {
        case .invalidInput, .ruleViolation, .conflict, .tooManyRequests, .payloadTooLarge: true
        case .notFound: field != nil
        default: false
        }
    }
}
