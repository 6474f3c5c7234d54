import Foundation
import Postgres

/// A39.1 / A41.1: assessment schemes, computations and adjustments in the database — the only place with the SQL of
/// `sql/0027_assessment.sql`. Scores are computed by `assessment_compute`, never typed; a published assessment is
/// frozen. Call the writing methods inside an audited transaction (A44.1).
public struct AssessmentStore: Sendable {
    public init() {}

    // MARK: Schemes

    /// Starts the scheme of `division` for a year with its weights (a draft until published).
    public func createScheme(_ input: NewAssessmentScheme, division: String, on connection: Connection) throws -> AssessmentScheme {
        guard (2024...2100).contains(input.year) else { throw AssessmentRules.schemeYear.error }
        let id = try connection.queryOne(
            "insert into assessment_scheme (year, division_code) values (\(input.year), \(division)) returning id"
        ).decode("id", as: UUID.self)
        for (code, weight) in input.weights.sorted(by: { $0.key < $1.key }) {
            try setWeight(code, weight, of: id, on: connection)
        }
        return try scheme(id, on: connection).existing()
    }

    /// Sets (or, with weight 0, removes) an indicator's weight in a draft scheme.
    public func setWeight(_ code: String, _ weight: Double, of schemeID: UUID, on connection: Connection) throws {
        guard (0...100).contains(weight) else { throw AssessmentRules.weight.error }
        try connection.query("delete from assessment_scheme_indicator where scheme_id = \(schemeID) and indicator_code = \(code)")
        if weight > 0 {
            try connection.query(
                "insert into assessment_scheme_indicator (scheme_id, indicator_code, weight) values (\(schemeID), \(code), \(weight))"
            )
        }
    }

    /// Publishes a scheme whose weights add up to 100.
    public func publishScheme(_ id: UUID, on connection: Connection) throws -> AssessmentScheme {
        try connection.applyStep(to: "assessment_scheme", id: id, "state = 'published'", subject: "评估方案")
        return try scheme(id, on: connection).existing()
    }

    public func scheme(_ id: UUID, on connection: Connection) throws -> AssessmentScheme? {
        guard let row = try connection.query("select year, division_code, state from assessment_scheme where id = \(id)").first else { return nil }
        let weights = try connection.query(
            """
            select \(AssessmentIndicator.columns(of: "i")), si.weight from assessment_scheme_indicator si join assessment_indicator i on i.code = si.indicator_code
             where si.scheme_id = \(id) order by si.weight desc, i.code
            """
        ).map { AssessmentScheme.Weight(indicator: try AssessmentIndicator(row: $0), weight: try $0.decode("weight")) }
        return AssessmentScheme(
            id: id,
            year: try row.decode("year"),
            division: try row.decode("division_code"),
            state: try row.decode("state"),
            weights: weights
        )
    }

    /// Every indicator the registry computes.
    public func indicators(on connection: Connection) throws -> [AssessmentIndicator] {
        try connection.query("select \(AssessmentIndicator.columns) from assessment_indicator order by code").map(AssessmentIndicator.init(row:))
    }

    // MARK: Assessments

    /// Computes a published scheme as of a day: a new version of the assessment.
    public func compute(_ schemeID: UUID, asOf day: CivilDate, on connection: Connection) throws -> Assessment {
        let id = try connection.queryOne("select assessment_compute(\(schemeID), \(day)::date) as id").decode("id", as: UUID.self)
        return try assessment(id, on: connection).existing()
    }

    /// The committee's adjustment of a computed value, with its written remark; `nil` clears it.
    public func adjust(
        _ id: UUID,
        institution: String,
        indicator: String,
        to value: Double?,
        remark: String?,
        on connection: Connection
    ) throws -> Assessment {
        if let value, !(0...100).contains(value) { throw AssessmentRules.scoreRange.error }
        if value != nil, SQLText.isBlank(remark) { throw AssessmentRules.adjustmentRemark.error }
        let updated = try connection.query(
            """
            update assessment_score set adjusted = \(value), remark = \(value == nil ? nil : remark)
             where assessment_id = \(id) and institution_uscc = \(institution) and indicator_code = \(indicator)
            returning 1
            """
        )
        if updated.count == 0 { throw RegistryError.notFound("评估得分", field: "indicator") }
        return try assessment(id, on: connection).existing()
    }

    /// Publishes an assessment: frozen from then on, one per scheme.
    public func publish(_ id: UUID, on connection: Connection) throws -> Assessment {
        try connection.applyStep(to: "assessment", id: id, "state = 'published'", subject: "评估结果")
        return try assessment(id, on: connection).existing()
    }

    /// An assessment with its whole ranking and every score.
    public func assessment(_ id: UUID, on connection: Connection) throws -> Assessment? {
        guard var assessment = try heading(id, on: connection) else { return nil }
        assessment.ranking = try connection.query(
            "select \(AssessmentRanking.columns) from assessment_result where assessment_id = \(id) order by rank, institution_uscc"
        ).map(AssessmentRanking.init(row:))
        assessment.scores = try connection.query(
            "select \(AssessmentScore.columns) from assessment_score where assessment_id = \(id) order by institution_uscc, indicator_code"
        ).map(AssessmentScore.init(row:))
        return assessment
    }

    /// An assessment's scheme, version, day and state, with its ranking and scores left empty: for a page of its score
    /// table (``table(_:order:page:size:on:)``), which a region of thousands of institutions needs instead of them all.
    public func heading(_ id: UUID, on connection: Connection) throws -> Assessment? {
        guard let row = try connection.query("select scheme_id, version, as_of, state from assessment where id = \(id)").first else { return nil }
        return Assessment(
            id: id,
            scheme: try scheme(try row.decode("scheme_id"), on: connection)!,
            version: try row.decode("version"),
            asOf: try row.decode("as_of"),
            state: try row.decode("state"),
            ranking: [],
            scores: []
        )
    }

    /// Page `page` (from 1; the last one when beyond it) of `size` institutions of assessment `id`'s score table, ordered
    /// in the database, with their scores.
    public func table(
        _ id: UUID,
        order: AssessmentTableOrder,
        page: Int,
        size: Int,
        on connection: Connection
    ) throws -> AssessmentTablePage {
        let institutions: Int = try connection.queryOne(
            "select count(*)::int as n from assessment_total where assessment_id = \(id)"
        ).decode("n")
        let current = min(max(page, 1), max(1, (institutions + size - 1) / size))
        var indicator: String?
        let key: SQL
        // The ranking is the totals' order, highest first: ordered by total, a page is read from the totals' index.
        switch order.key {
        case .rank: key = order.ascending ? "r.total desc" : "r.total asc"
        case .institution: key = "r.institution_name \(unescaped: order.ascending ? "asc" : "desc")"
        case .total: key = "r.total \(unescaped: order.ascending ? "asc" : "desc")"
        case .indicator(let code):
            (key, indicator) = ("coalesce(s.adjusted, s.computed, -1) \(unescaped: order.ascending ? "asc" : "desc")", code)
        }
        let ranking = try connection.query(
            """
            select \(AssessmentRanking.columns(of: "r")) from assessment_result r
              left join assessment_score s
                on s.assessment_id = r.assessment_id and s.institution_uscc = r.institution_uscc and s.indicator_code = \(indicator)
             where r.assessment_id = \(id)
             order by \(key), r.total desc, r.institution_uscc
             limit \(size) offset \((current - 1) * size)
            """
        ).map(AssessmentRanking.init(row:))
        let scores = try connection.query(
            """
            select \(AssessmentScore.columns) from assessment_score where assessment_id = \(id) and institution_uscc = any(\(ranking.map(\.institution))::text[])
             order by institution_uscc, indicator_code
            """
        ).map(AssessmentScore.init(row:))
        return AssessmentTablePage(institutions: institutions, page: current, ranking: ranking, scores: scores)
    }

    /// A39.1: the assessments of a year and/or a division (each when given), by year, division and version, newest first.
    public func summaries(year: Int?, division: String?, on connection: Connection) throws -> [AssessmentSummary] {
        try connection.query(
            """
            select a.id, a.scheme_id, s.year, s.division_code::text as division_code, a.version, a.as_of, a.state::text as state,
                   (select count(*) from assessment_result r where r.assessment_id = a.id)::int as institutions
              from assessment a join assessment_scheme s on s.id = a.scheme_id
             where (\(year)::int is null or s.year = \(year)::int) and (\(division)::text is null or s.division_code = \(division)::text)
             order by s.year desc, s.division_code, a.version desc
            """
        ).map(AssessmentSummary.init(row:))
    }

    /// The assessments of a scheme, newest version first.
    public func assessments(of schemeID: UUID, on connection: Connection) throws -> [UUID] {
        try connection.query("select id from assessment where scheme_id = \(schemeID) order by version desc").map { try $0.decode("id") }
    }
}
