/// An error a user of the registry can act on: a stable machine code, a sentence in Chinese, the field concerned and,
/// where a rule of the regulation refuses the input, its requirement id (`A21.1`).
///
/// Every refusal — from Swift validation or from a database constraint — ends up as one of these, so the API and the
/// CLI report the same thing in the same words. Database text never passes through unmapped.
public struct RegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of refusal this is; the HTTP layer maps each to a status.
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// A field is missing or malformed.
        case invalidInput = "invalid_input"
        /// A rule of the regulation refuses the input (see ``RegistryError/article``).
        case ruleViolation = "rule_violation"
        /// The record does not exist (or the caller may not know it exists).
        case notFound = "not_found"
        /// The record exists already, or a concurrent change got there first.
        case conflict
        /// No valid credentials were presented.
        case unauthenticated
        /// The credentials do not allow this.
        case forbidden
        /// The request body is larger than allowed.
        case payloadTooLarge = "payload_too_large"
        /// The request's address is longer than the registry accepts.
        case uriTooLong = "uri_too_long"
        /// The path exists, but not with this HTTP method.
        case methodNotAllowed = "method_not_allowed"
        /// Too many failed attempts from the same place: wait before trying again.
        case tooManyRequests = "too_many_requests"
        /// A dependency (the database) is not reachable.
        case unavailable
        /// The database connection broke while the change was being committed: it may or may not have been stored.
        /// Look before sending it again.
        case outcomeUnknown = "outcome_unknown"
        /// Something went wrong inside; the details are in the log, not in the response.
        case `internal`
    }

    public var code: Code
    /// A sentence in Chinese that says what is wrong and what to do.
    public var message: String
    /// The input field concerned, as named in the API (`share_type`, `from`).
    public var field: String?
    /// The requirement id of the rule at stake (`A21.1`, `W.2`).
    public var article: String?

    public init(_ code: Code, _ message: String, field: String? = nil, article: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.article = article
    }

    public var description: String {
        var text = "\(code.rawValue)"
        if let article { text += " [\(article)]" }
        if let field { text += " (\(field))" }
        return text + ": \(message)"
    }

    /// A missing required field.
    public static func missing(_ field: String, _ label: String, article: String? = nil) -> RegistryError {
        RegistryError(.invalidInput, "缺少必填项:\(label)。", field: field, article: article)
    }

    /// A malformed field.
    public static func invalid(_ field: String, _ message: String, article: String? = nil) -> RegistryError {
        RegistryError(.invalidInput, message, field: field, article: article)
    }

    /// A record that does not exist.
    public static func notFound(_ what: String, field: String? = nil) -> RegistryError {
        RegistryError(.notFound, "未找到\(what)。", field: field)
    }
}

/// Requirement ids as they appear in constraint names: `…_a21_1` is `A21.1`, `…_w_2` is `W.2`.
public enum RequirementID {
    /// The requirement id a constraint name ends with, if any.
    public static func fromConstraint(_ name: String) -> String? {
        let parts = name.split(separator: "_")
        guard parts.count >= 2, let clause = Int(parts[parts.count - 1]) else { return nil }
        let article = parts[parts.count - 2]
        if article == "w" { return "W.\(clause)" }
        if article == "rp" { return "RP.\(clause)" }
        guard article.first == "a", let number = Int(article.dropFirst()) else { return nil }
        return "A\(number).\(clause)"
    }
}

extension Optional {
    /// A record the same transaction has just written, locked or listed, and so exists. Were it missing, the request
    /// fails as an internal error (details in the log) instead of ending the process.
    public func existing() throws(RegistryError) -> Wrapped {
        guard let self else { throw RegistryError(.internal, "内部错误:刚写入的记录未能读回。") }
        return self
    }
}
