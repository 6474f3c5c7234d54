import Foundation
import Postgres

/// A39.1 / A41.1: the records behind one score of an assessment — the committee sees why a number is what it is before
/// it adjusts it. Built for the indicators whose records are rows of their own (obligations, reports, violations);
/// ``AssessmentEvidence/indicatorsWithRecords`` names them.
public struct AssessmentEvidence: Sendable, Hashable {
    /// One record and whether it counts against the score (late, still open).
    public struct Record: Sendable, Hashable {
        public var cells: [String]
        public var againstScore: Bool
    }

    /// The column titles, in the regulation's words.
    public var columns: [String]
    public var records: [Record]

    /// The indicators whose records can be listed; the others are computed over the whole published catalog or from
    /// a single fact (a named security officer) and show their explanation only.
    public static let indicatorsWithRecords: Set<String> = [
        "share_timeliness", "catalog_timeliness", "error_reports_on_time", "objections_handled", "violations_open",
        "dishonest_conduct",
    ]
}

extension AssessmentStore {
    /// The records behind `institution`'s value of `indicator` in `assessment` (its year, up to its as-of day), in the
    /// same window and by the same rules as the computation of `sql/0033_assessment_set_based.sql`; `nil` for an
    /// indicator without records of its own.
    public func evidence(
        _ assessment: Assessment,
        institution: String,
        indicator: String,
        on connection: Connection
    ) throws -> AssessmentEvidence? {
        let year = assessment.scheme.year
        let day = assessment.asOf
        func text(_ row: Row, _ column: String) throws -> String {
            try row.decodeIfPresent(column, as: CivilDate.self)?.iso ?? "—"
        }
        switch indicator {
        case "share_timeliness":
            let rows = try connection.query(
                """
                select o.kind, o.number, o.obligation, o.due, o.done_on, o.article
                  from sharing_obligation o
                 where o.source_uscc = \(institution)
                   and o.due between make_date(\(year), 1, 1) and assessment_window_end(\(year), \(day)::date)
                   and (o.done_on is not null or (o.withdrawn_on is null and \(day)::date > o.due))
                 order by o.due, o.number
                """
            )
            return AssessmentEvidence(
                columns: ["事项", "义务", "期限", "办结日期", "结果"],
                records: try rows.map { row in
                    let due = try row.decode("due", as: CivilDate.self)
                    let done = try row.decodeIfPresent("done_on", as: CivilDate.self)
                    let kind = try row.decode("kind", as: String.self) == "request" ? "共享申请" : "目录外需求"
                    let obligation = try row.decode("obligation", as: String.self) == "reply" ? "答复" : "交付"
                    let late = done.map { $0 > due } ?? true
                    return .init(
                        cells: [
                            "\(kind) 第 \(try row.decode("number", as: Int64.self)) 号", obligation, due.iso, done?.iso ?? "—",
                            done == nil ? "逾期未办" : (late ? "逾期办结" : "按期"),
                        ],
                        againstScore: late
                    )
                }
            )
        case "catalog_timeliness":
            let rows = try connection.query(
                """
                select o.description, o.event_on, o.update_due, o.fulfilled_on
                  from catalog_update_obligation o join catalog c on c.id = o.catalog_id
                 where c.institution_uscc = \(institution)
                   and o.update_due between make_date(\(year), 1, 1) and assessment_window_end(\(year), \(day)::date)
                   and (o.fulfilled_on is not null or \(day)::date > o.update_due)
                 order by o.update_due
                """
            )
            return AssessmentEvidence(
                columns: ["更新事由", "发生日期", "更新期限", "提交更新日期", "结果"],
                records: try rows.map { row in
                    let due = try row.decode("update_due", as: CivilDate.self)
                    let done = try row.decodeIfPresent("fulfilled_on", as: CivilDate.self)
                    let late = done.map { $0 > due } ?? true
                    return .init(
                        cells: [
                            try row.decode("description"), try text(row, "event_on"), due.iso, done?.iso ?? "—",
                            done == nil ? "逾期未更新" : (late ? "逾期更新" : "按期"),
                        ],
                        againstScore: late
                    )
                }
            )
        case "error_reports_on_time":
            let rows = try connection.query(
                """
                select r.report_no, r.received_on, r.handling_due, r.closed_on
                  from error_report r
                 where r.provider_uscc = \(institution)
                   and r.handling_due between make_date(\(year), 1, 1) and assessment_window_end(\(year), \(day)::date)
                   and (r.closed_on is not null or \(day)::date > r.handling_due)
                 order by r.handling_due, r.report_no
                """
            )
            return AssessmentEvidence(
                columns: ["纠错", "收到日期", "处理期限", "办结日期", "结果"],
                records: try rows.map { row in
                    let due = try row.decode("handling_due", as: CivilDate.self)
                    let done = try row.decodeIfPresent("closed_on", as: CivilDate.self)
                    let late = done.map { $0 > due } ?? true
                    return .init(
                        cells: [
                            "第 \(try row.decode("report_no", as: Int64.self)) 号", try text(row, "received_on"), due.iso, done?.iso ?? "—",
                            done == nil ? "逾期未办结" : (late ? "逾期办结" : "按期"),
                        ],
                        againstScore: late
                    )
                }
            )
        case "objections_handled":
            let rows = try connection.query(
                """
                select o.objection_no, o.received_on, o.decided_on
                  from open_objection o
                 where o.institution_uscc = \(institution)
                   and o.received_on between make_date(\(year), 1, 1) and assessment_window_end(\(year), \(day)::date)
                 order by o.received_on, o.objection_no
                """
            )
            return AssessmentEvidence(
                columns: ["异议", "收到日期", "处理日期", "结果"],
                records: try rows.map { row in
                    let decided = try row.decodeIfPresent("decided_on", as: CivilDate.self).flatMap { $0 <= day ? $0 : nil }
                    return .init(
                        cells: [
                            "第 \(try row.decode("objection_no", as: Int64.self)) 号", try text(row, "received_on"), decided?.iso ?? "—",
                            decided == nil ? "截至评估日未处理" : "已处理",
                        ],
                        againstScore: decided == nil
                    )
                }
            )
        case "violations_open":
            let rows = try connection.query(
                """
                select v.violation_no, v.clause, v.rectification_due, v.working_days_overdue
                  from violations_open_on(assessment_window_end(\(year), \(day)::date)) v
                 where v.institution_uscc = \(institution)
                """
            )
            return AssessmentEvidence(
                columns: ["违规记录", "违反条款", "整改期限", "逾期工作日"],
                records: try rows.map { row in
                    .init(
                        cells: [
                            "第 \(try row.decode("violation_no", as: Int64.self)) 号", try row.decode("clause"), try text(row, "rectification_due"),
                            String(try row.decode("working_days_overdue", as: Int.self)),
                        ],
                        againstScore: true
                    )
                }
            )
        case "dishonest_conduct":
            let rows = try connection.query(
                """
                select d.record_no, d.conduct, d.effective_from, d.effective_until, d.ended_on
                  from dishonest_conduct_in_period(make_date(\(year), 1, 1), assessment_window_end(\(year), \(day)::date)) d
                 where d.institution_uscc = \(institution)
                 order by d.effective_from, d.record_no
                """
            )
            return AssessmentEvidence(
                columns: ["失信记录", "失信行为", "起始日期", "截止日期", "提前解除日期"],
                records: try rows.map { row in
                    .init(
                        cells: [
                            "第 \(try row.decode("record_no", as: Int64.self)) 号", try row.decode("conduct"), try text(row, "effective_from"),
                            try text(row, "effective_until"), try text(row, "ended_on"),
                        ],
                        againstScore: true
                    )
                }
            )
        default:
            return nil
        }
    }

    /// The schemes of `year` (of one division, or of every division when `nil`), each with its computed versions,
    /// the region's first.
    public func schemes(year: Int, division: String?, on connection: Connection) throws -> [AssessmentSchemeVersions] {
        let rows = try connection.query(
            """
            select s.id, s.division_code, d.name as division_name, s.state,
                   coalesce(json_agg(json_build_object('id', a.id, 'version', a.version, 'as_of', a.as_of, 'state', a.state)
                                     order by a.version desc) filter (where a.id is not null), '[]')::text as versions
              from assessment_scheme s
              join division d on d.code = s.division_code
              left join assessment a on a.scheme_id = s.id
             where s.year = \(year) and (\(division)::text is null or s.division_code = \(division)::text)
             group by s.id, s.division_code, d.name, s.state
             order by s.division_code, s.id
            """
        )
        return try rows.map { row in
            let versions = try JSONDecoder().decode(
                [AssessmentSchemeVersions.Version].self,
                from: Data(try row.decode("versions", as: String.self).utf8)
            )
            return AssessmentSchemeVersions(
                schemeID: try row.decode("id"),
                division: try row.decode("division_code"),
                divisionName: try row.decode("division_name"),
                state: try row.decode("state"),
                versions: versions
            )
        }
    }
}

/// A39.1: a year's scheme of a division with the versions computed from it, newest first.
public struct AssessmentSchemeVersions: Sendable, Hashable {
    /// One computation of the scheme.
    public struct Version: Sendable, Hashable, Decodable {
        public var id: UUID
        public var version: Int
        public var asOf: String
        public var state: String

        enum CodingKeys: String, CodingKey {
            case id, version, state
            case asOf = "as_of"
        }
    }

    public var schemeID: UUID
    public var division: String
    public var divisionName: String
    public var state: String
    public var versions: [Version]
}

extension AssessmentWorkflow {
    /// The schemes of a year with their versions: every division's for the committee, the own division's for a
    /// reviewer of its authority (A39.1).
    public func schemes(year: Int, division: String?, by actor: Principal) async throws -> [AssessmentSchemeVersions] {
        let scope: String?
        if actor.role == .committee {
            scope = division
        } else {
            scope = division ?? actor.division ?? ""
            try actor.requireAuthority(of: scope ?? "")
        }
        return try await database.read { [store] connection in try store.schemes(year: year, division: scope, on: connection) }
    }

    /// The records behind one score (``AssessmentEvidence``), for those who may read the assessment; `nil` for an
    /// indicator without records of its own.
    public func evidence(_ id: UUID, institution: String, indicator: String, by actor: Principal) async throws -> (Assessment, AssessmentEvidence?) {
        let assessment = try await assessment(id, by: actor)
        guard assessment.score(institution, indicator) != nil else { throw RegistryError.notFound("评估得分", field: "indicator") }
        let evidence = try await database.read { [store] connection in
            try store.evidence(assessment, institution: institution, indicator: indicator, on: connection)
        }
        return (assessment, evidence)
    }
}
