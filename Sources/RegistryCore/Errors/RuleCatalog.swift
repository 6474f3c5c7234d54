/// A rule of the regulation as the database enforces it: the constraint's name, the field it concerns and the
/// sentence people read when it refuses something.
public struct Rule: Sendable, Hashable {
    /// Constraint (or trigger-raised constraint) name, ending in the requirement id.
    public var constraint: String
    public var field: String?
    /// Chinese sentence saying what the rule requires.
    public var message: String

    public init(constraint: String, field: String?, message: String) {
        self.constraint = constraint
        self.field = field
        self.message = message
    }

    /// The requirement id read from the constraint name.
    public var article: String? { RequirementID.fromConstraint(constraint) }

    /// The refusal users see when this rule is broken.
    public var error: RegistryError {
        RegistryError(.ruleViolation, message, field: field, article: article)
    }
}

/// Every rule the database enforces that has a message of its own, gathered from the parts of the regulation.
///
/// Each part lists its rules next to its code (`Rule` arrays in its folder); this catalog only joins them, so a
/// refusal from the database and the same refusal from Swift validation read the same.
public enum RuleCatalog {
    static let all: [String: Rule] = {
        var rules: [String: Rule] = [:]
        let parts: [[Rule]] = [
            IdentifierRules.all, CalendarRules.all, PlaceRules.all, BaseDataRules.all, AuditRules.all, AccountRules.all, SignInRules.all,
            AssetRules.all, CatalogRules.all, ClassificationRules.all, CatalogImportRules.all,
            BaseDataSourceRules.all, FreshnessRules.all, ITProjectRules.all, EvaluationRules.all, ShareRequestRules.all,
            ShareDemandRules.all, OpeningRules.all, DistributionRules.all, AuditAccessRules.all, ViolationRules.all,
            AssessmentRules.all, ErrorReportRules.all, UnlawfulUseReportRules.all, DisputeRules.all, SharedDataRules.all,
            DeadlinePolicyRules.all, DateOrderRules.all, SecurityIncidentRules.all, LicenceAggregationRules.all, FlowBackRules.all,
            DishonestConductRules.all, DataProductRules.all,
        ]
        for rule in parts.joined() {
            precondition(rules[rule.constraint] == nil, "rule \(rule.constraint) is listed twice")
            rules[rule.constraint] = rule
        }
        return rules
    }()

    /// The rule behind a constraint name.
    public static func rule(forConstraint name: String) -> Rule? { all[name] }
}
