import Foundation
import Postgres

/// A46.1: reports of unlawful use in the database — the only place with the SQL of `unlawful_use_report`
/// (`sql/0026_error_reports_and_disputes.sql`).
///
/// Reports are read through the view `unlawful_use_report_anonymous`, which has no reporter column: the reporter's
/// account is written once, when the report is filed, and used only to find a reporter's own reports. Call the
/// writing methods inside an audited transaction (A44.1); the audit trail redacts the reporter.
public struct UnlawfulUseReportStore: Sendable {
    public init() {}

    // MARK: Writing

    /// A46.1: files a report of `reporter`; the authority of the reported institution's division handles it, else the
    /// authority of the division chosen.
    public func file(_ input: NewUnlawfulUseReport, reporter: UUID, on connection: Connection) throws -> UnlawfulUseReport {
        try input.validate()
        let subjectInstitution = input.subjectInstitution?.uppercased()
        // The reported institution's division, else the one chosen; the database judges the rest (unlawful_use_report_file).
        let id = try connection.queryOne(
            """
            insert into unlawful_use_report (reporter_account, authority_division, subject_institution, subject_account,
                                             description)
            values (\(reporter),
                    coalesce((select division_code from institution where uscc = \(subjectInstitution)::text), \(input.division)::text),
                    \(subjectInstitution), \(input.subjectDataUser), \(input.description))
            returning id
            """
        ).decode("id", as: UUID.self)
        return try report(id, on: connection).existing()
    }

    /// A46.1: the authority starts investigating a received report (核查).
    public func investigate(_ id: UUID, note: String?, on connection: Connection) throws -> UnlawfulUseReport {
        try change(id, "state = 'handling', handling_note = \(note)", on: connection)
    }

    /// A46.1: the authority concludes a report with its outcome (办结).
    public func conclude(_ id: UUID, outcome: String, on connection: Connection) throws -> UnlawfulUseReport {
        if SQLText.isBlank(outcome) { throw UnlawfulUseReportRules.outcome.error }
        return try change(id, "state = 'handled', outcome = \(outcome)", on: connection)
    }

    /// Applies a step; the database judges it (``Connection/applyStep(to:id:_:subject:)``).
    private func change(_ id: UUID, _ assignments: SQL, on connection: Connection) throws -> UnlawfulUseReport {
        try connection.applyStep(to: "unlawful_use_report", id: id, assignments, subject: "举报")
        return try report(id, on: connection).existing()
    }

    // MARK: Reading

    /// The report with this id, if filed, without its reporter.
    public func report(_ id: UUID, on connection: Connection) throws -> UnlawfulUseReport? {
        try connection.query("\(Self.select) where v.id = \(id)").first.map(UnlawfulUseReport.init(row:))
    }

    /// The report, its row locked until the transaction ends; not found is an error.
    public func locked(_ id: UUID, on connection: Connection) throws -> UnlawfulUseReport {
        guard try connection.query("select 1 from unlawful_use_report where id = \(id) for update").count > 0,
            let report = try report(id, on: connection)
        else { throw RegistryError.notFound("举报", field: "id") }
        return report
    }

    /// Whether `account` filed the report.
    public func isReporter(_ account: UUID, of id: UUID, on connection: Connection) throws -> Bool {
        try connection.query("select 1 from unlawful_use_report where id = \(id) and reporter_account = \(account)").count > 0
    }

    /// A46.1: the reports an account filed, newest first.
    public func reports(
        filedBy account: UUID,
        state: UnlawfulUseReportState?,
        on connection: Connection
    ) throws
        -> [UnlawfulUseReport]
    {
        try connection.query(
            """
            \(Self.select)
             where v.id in (select id from unlawful_use_report where reporter_account = \(account))
               and (\(state)::unlawful_use_report_state is null or v.state = \(state)::unlawful_use_report_state)
             order by v.report_no desc
            """
        ).map(UnlawfulUseReport.init(row:))
    }

    /// A46.1: the reports for the authorities of `division` and the divisions below it, newest first.
    public func reports(
        for division: String,
        state: UnlawfulUseReportState?,
        on connection: Connection
    ) throws
        -> [UnlawfulUseReport]
    {
        try connection.query(
            """
            \(Self.select)
             where v.authority_division in (select division_and_descendants(\(division)::char(6)))
               and (\(state)::unlawful_use_report_state is null or v.state = \(state)::unlawful_use_report_state)
             order by v.report_no desc
            """
        ).map(UnlawfulUseReport.init(row:))
    }

    // MARK: Helpers

    static let select: SQL = """
        select v.id, v.report_no, v.reporter, v.authority_division, v.subject_institution, v.subject_account, v.description, v.state,
               v.received_on, v.handling_on, v.handling_note, v.handled_on, v.outcome, si.name as subject_institution_name,
               \(DataUser.joinedColumns)
          from unlawful_use_report_anonymous v
          left join institution si on si.uscc = v.subject_institution
          left join account a on a.id = v.subject_account
          left join data_user du on du.id = a.data_user_id
        """
}
