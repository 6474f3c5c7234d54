import Foundation
import Postgres

/// A39.1: an indicator the registry computes from its own records (`assessment_indicator`).
public struct AssessmentIndicator: Sendable, Hashable, Codable, RowColumns {
    public var code: String
    public var name: String
    /// The article it measures (`A23.2, A24.1` …).
    public var article: String
    /// How it is computed, in the words of the report.
    public var explanation: String

    init(row: Row) throws {
        code = try row.decode("code")
        name = try row.decode("name")
        article = try row.decode("article")
        explanation = try row.decode("explanation")
    }

    /// The columns ``init(row:)`` reads: the statements that read this type select them by name.
    static let columnNames = ["code", "name", "article", "explanation"]
}

/// A39.1: a year's assessment scheme of the authority of the region or a league/city, with its weighted indicators.
public struct AssessmentScheme: Sendable, Hashable, Codable {
    /// An indicator of the scheme and its weight (the weights of a published scheme add up to 100).
    public struct Weight: Sendable, Hashable, Codable {
        public var indicator: AssessmentIndicator
        public var weight: Double
    }

    public var id: UUID
    public var year: Int
    public var division: String
    /// `draft` or `published` (frozen).
    public var state: String
    public var weights: [Weight]

    /// The sum of the weights (100 when published).
    public var totalWeight: Double { weights.reduce(0) { $0 + $1.weight } }
}

/// A39.1 / A41.1: what an authority enters to start a scheme.
public struct NewAssessmentScheme: Sendable, Hashable, Codable {
    public var year: Int
    /// The authority's division; the reviewer's own when `nil`.
    public var division: String?
    /// Indicator code → weight.
    public var weights: [String: Double]

    public init(year: Int, division: String? = nil, weights: [String: Double]) {
        self.year = year
        self.division = division
        self.weights = weights
    }
}

/// A39.1 / A41.1: an institution's value of one indicator — computed, and the committee's adjustment beside it.
public struct AssessmentScore: Sendable, Hashable, Codable, RowColumns {
    public var institution: String
    public var indicator: String
    public var computed: Double
    public var adjusted: Double?
    /// The committee's written remark on its adjustment (Markdown).
    public var remark: String?

    /// The value that counts: the adjustment when there is one.
    public var value: Double { adjusted ?? computed }

    init(row: Row) throws {
        institution = try row.decode("institution_uscc")
        indicator = try row.decode("indicator_code")
        computed = try row.decode("computed")
        adjusted = try row.decodeIfPresent("adjusted")
        remark = try row.decodeIfPresent("remark")
    }

    /// The columns ``init(row:)`` reads: the statements that read this type select them by name.
    static let columnNames = ["institution_uscc", "indicator_code", "computed", "adjusted", "remark"]
}

/// A39.1 / A41.1: an institution's weighted total and rank in an assessment.
public struct AssessmentRanking: Sendable, Hashable, Codable, RowColumns {
    public var institution: String
    public var institutionName: String
    public var division: String
    public var total: Double
    public var rank: Int

    init(row: Row) throws {
        institution = try row.decode("institution_uscc")
        institutionName = try row.decode("institution_name")
        division = try row.decode("division_code")
        total = try row.decode("total")
        rank = try row.decode("rank")
    }

    /// The columns ``init(row:)`` reads: the statements that read this type select them by name.
    static let columnNames = ["institution_uscc", "institution_name", "division_code", "total", "rank"]
}

/// A39.1: how an assessment's score table is ordered — by rank, institution name, weighted total or one indicator's
/// value (its adjusted value where the committee adjusted it) — and in which direction; ties keep the rank's order.
public struct AssessmentTableOrder: Sendable, Hashable {
    public enum Key: Sendable, Hashable {
        case rank, institution, total
        /// An indicator's code.
        case indicator(String)
    }

    public var key: Key
    public var ascending: Bool

    public init(key: Key, ascending: Bool) {
        self.key = key
        self.ascending = ascending
    }
}

/// A39.1: one page of an assessment's score table — how many institutions the assessment ranks, which page this is (the
/// last one when a later one was asked), the page's institutions in order and their scores.
public struct AssessmentTablePage: Sendable, Hashable {
    public var institutions: Int
    public var page: Int
    public var ranking: [AssessmentRanking]
    public var scores: [AssessmentScore]

    /// The page's scores by institution, then by indicator.
    public func scoresByInstitution() -> [String: [String: AssessmentScore]] {
        scores.reduce(into: [:]) { table, score in table[score.institution, default: [:]][score.indicator] = score }
    }
}

/// A39.1 / A41.1: one computation of a scheme, with its scores and ranking.
public struct Assessment: Sendable, Hashable, Codable {
    public var id: UUID
    public var scheme: AssessmentScheme
    public var version: Int
    public var asOf: CivilDate
    /// `computed` (the committee may adjust) or `published` (frozen).
    public var state: String
    public var ranking: [AssessmentRanking]
    public var scores: [AssessmentScore]

    /// The score of `institution` on `indicator`. For many lookups (a report's table), use ``scoresByInstitution()``.
    public func score(_ institution: String, _ indicator: String) -> AssessmentScore? {
        scores.first { $0.institution == institution && $0.indicator == indicator }
    }

    /// The scores by institution, then by indicator: one pass, so a table of 5,000 institutions does not search the
    /// 45,000 scores once per cell.
    public func scoresByInstitution() -> [String: [String: AssessmentScore]] {
        scores.reduce(into: [:]) { table, score in table[score.institution, default: [:]][score.indicator] = score }
    }
}

/// A39.1: an assessment as a list shows it — which year and division, which version, as of which day, its state, and
/// how many institutions it ranks — so the committee finds the one to adjust without knowing its id.
public struct AssessmentSummary: Sendable, Hashable, Codable {
    public var id: UUID
    public var schemeID: UUID
    public var year: Int
    public var division: String
    public var version: Int
    public var asOf: CivilDate
    /// `computed` or `published`.
    public var state: String
    public var institutions: Int

    init(row: Row) throws {
        id = try row.decode("id")
        schemeID = try row.decode("scheme_id")
        year = try row.decode("year")
        division = try row.decode("division_code")
        version = try row.decode("version")
        asOf = try row.decode("as_of")
        state = try row.decode("state")
        institutions = try row.decode("institutions")
    }
}
