import Foundation
import Postgres

/// A45.1: error reports in the database — the only place with the SQL of `error_report`, its notices, its marks and
/// its policy (`sql/0026_error_reports_and_disputes.sql`).
///
/// Swift checks only the shape of input; the database judges every rule that needs data (``ErrorReportRules`` gives
/// its refusals their words), stamps the provider, the days and the due date, and writes the notices to related
/// institutions.
/// Call the writing methods inside an audited transaction (A44.1). Authorisation is the workflow's
/// (``ErrorReportWorkflow``).
public struct ErrorReportStore: Sendable {
    public init() {}

    // MARK: Writing

    /// A45.1: files a report of `reporter` (a data user, or a clerk of another institution than the provider).
    public func file(_ input: NewErrorReport, reporter: UUID, on connection: Connection) throws -> ErrorReport {
        try input.validate()
        let id = try connection.queryOne(
            """
            insert into error_report (item_id, reporter_account, kind, description)
            values (\(input.itemID), \(reporter), \(input.kind)::error_report_kind, \(input.description))
            returning id
            """
        ).decode("id", as: UUID.self)
        return try report(id, on: connection).existing()
    }

    /// A45.1: the provider starts verifying a received report (核实).
    public func verify(_ id: UUID, note: String?, on connection: Connection) throws -> ErrorReport {
        try change(id, "state = 'verifying', verification_note = \(note)", on: connection)
    }

    /// A45.1: the provider closes a verified report: handled with feedback, or rejected with the reason.
    public func close(_ id: UUID, _ closing: ErrorReportClosing, on connection: Connection) throws -> ErrorReport {
        switch closing {
        case .handled(let feedback):
            if SQLText.isBlank(feedback) { throw ErrorReportRules.feedback.error }
            return try change(id, "state = 'handled', feedback = \(feedback)", on: connection)
        case .rejected(let reason):
            if SQLText.isBlank(reason) { throw ErrorReportRules.rejectionReason.error }
            return try change(id, "state = 'rejected', rejection_reason = \(reason)", on: connection)
        }
    }

    /// A45.1: sets the handling working days for reports received in a year (from then on; reports already received
    /// keep the due date stamped at receipt).
    public func setPolicy(_ policy: ErrorReportPolicy, on connection: Connection) throws -> ErrorReportPolicy {
        try policy.validate()
        try connection.query(
            """
            insert into error_report_policy (year, handling_working_days, note)
            values (\(policy.year), \(policy.handlingWorkingDays), \(policy.note))
            on conflict (year) do update
               set handling_working_days = excluded.handling_working_days, note = excluded.note, updated_at = registry_now()
            """
        )
        return policy
    }

    /// Applies a step; the database judges it (``Connection/applyStep(to:id:_:subject:)``).
    private func change(_ id: UUID, _ assignments: SQL, on connection: Connection) throws -> ErrorReport {
        try connection.applyStep(to: "error_report", id: id, assignments, subject: "纠错")
        return try report(id, on: connection).existing()
    }

    // MARK: Reading

    /// The report with this id, if filed.
    public func report(_ id: UUID, on connection: Connection) throws -> ErrorReport? {
        try connection.query("\(Self.select) where r.id = \(id)").first.map(ErrorReport.init(row:))
    }

    /// The report, locked until the transaction ends; not found is an error.
    public func locked(_ id: UUID, on connection: Connection) throws -> ErrorReport {
        guard let row = try connection.query("\(Self.select) where r.id = \(id) for update of r").first else {
            throw RegistryError.notFound("纠错", field: "id")
        }
        return try ErrorReport(row: row)
    }

    /// A45.1: the reports an institution received as provider or filed through its clerks, newest first.
    public func reports(of institution: String, state: ErrorReportState?, on connection: Connection) throws -> [ErrorReport] {
        try connection.query(
            """
            \(Self.select)
             where (r.provider_uscc = \(institution)::text or r.reporter_institution = \(institution)::text)
               and (\(state)::error_report_state is null or r.state = \(state)::error_report_state)
             order by r.report_no desc
            """
        ).map(ErrorReport.init(row:))
    }

    /// A45.1: the reports an account filed, newest first.
    public func reports(filedBy account: UUID, state: ErrorReportState?, on connection: Connection) throws -> [ErrorReport] {
        try connection.query(
            """
            \(Self.select)
             where r.reporter_account = \(account)
               and (\(state)::error_report_state is null or r.state = \(state)::error_report_state)
             order by r.report_no desc
            """
        ).map(ErrorReport.init(row:))
    }

    /// A45.1 (标注): the mark of an item — its open reports without their reporters (from `catalog_item_error_marks`).
    public func mark(of itemID: UUID, on connection: Connection) throws -> ErrorReportMark {
        let summary = try connection.query(
            """
            select open_reports, kinds::text[] as kinds, marked_since, earliest_due,
                   calendar_day_is_provisional(earliest_due) as earliest_due_provisional
              from catalog_item_error_marks where item_id = \(itemID)
            """
        ).first
        let reports = try connection.query(
            """
            select report_no, kind, state, description, received_on, handling_due, handling_due_provisional
              from error_report where item_id = \(itemID) and state in ('received', 'verifying')
             order by report_no
            """
        ).map { row in
            ErrorReportMark.OpenReport(
                number: try row.decode("report_no"),
                kind: try row.decode("kind"),
                state: try row.decode("state"),
                description: try row.decode("description"),
                receivedOn: try row.decode("received_on"),
                handlingDue: try row.decode("handling_due"),
                handlingDueProvisional: try row.decode("handling_due_provisional")
            )
        }
        return ErrorReportMark(
            itemID: itemID,
            marked: summary != nil,
            openReports: try summary?.decode("open_reports", as: Int.self) ?? 0,
            kinds: try summary?.decode("kinds", as: [String].self).compactMap(ErrorReportKind.init(rawValue:)) ?? [],
            markedSince: try summary?.decodeIfPresent("marked_since"),
            earliestDue: try summary?.decodeIfPresent("earliest_due"),
            earliestDueProvisional: try summary?.decode("earliest_due_provisional", as: Bool.self) ?? false,
            reports: reports
        )
    }

    /// A45.1 (通报): the notices an institution received, newest first.
    public func notices(to institution: String, on connection: Connection) throws -> [ErrorReportNotice] {
        try connection.query(
            """
            select n.id, n.report_id, r.report_no, n.institution_uscc, n.event, r.item_id, i.code as item_code,
                   rev.name as item_name, r.provider_uscc, p.name as provider_name,
                   n.share_request_nos::text[] as share_request_nos, n.created_on, n.note
              from error_report_notice n
              join error_report r on r.id = n.report_id
              join catalog_item i on i.id = r.item_id
              join catalog_item_revision rev on rev.id = r.revision_id
              join institution p on p.uscc = r.provider_uscc
             where n.institution_uscc = \(institution)::text
             order by n.id desc
            """
        ).map(ErrorReportNotice.init(row:))
    }

    /// A45.1 / W.1: the open reports of a provider due within `workingDays` working days after `day`, or overdue.
    public func dueList(
        of institution: String,
        on day: CivilDate,
        within workingDays: Int,
        on connection: Connection
    ) throws
        -> [ErrorReportDueItem]
    {
        try connection.query(
            """
            select d.id, d.number, d.item_id, d.state, d.received_on, d.due, d.working_days_left, d.overdue,
                   calendar_day_is_provisional(d.due) as due_provisional
              from error_report_due_list(\(institution), \(day)::date, \(workingDays)) d
            """
        )
        .map(ErrorReportDueItem.init(row:))
    }

    /// A45.1: the handling policies, by year.
    public func policies(on connection: Connection) throws -> [ErrorReportPolicy] {
        try connection.query("select year, handling_working_days, note from error_report_policy order by year").map { row in
            ErrorReportPolicy(
                year: try row.decode("year"),
                handlingWorkingDays: try row.decode("handling_working_days"),
                note: try row.decodeIfPresent("note")
            )
        }
    }

    // MARK: Helpers

    /// The providing institution of a published item (its catalog's institution), or `nil` when it is not published.
    func publishedProvider(of itemID: UUID, on connection: Connection) throws -> String? {
        try connection.query(
            """
            select p.institution_uscc from catalog_item_published p
             where p.id = (select current_revision_id from catalog_item where id = \(itemID))
            """
        ).first?.decode("institution_uscc", as: String.self)
    }

    static let select: SQL = """
        select r.id, r.report_no, r.item_id, r.provider_uscc, r.reporter_account, r.reporter_institution, r.kind, r.description, r.state,
               r.received_on, r.handling_working_days, r.handling_due, r.handling_due_provisional, r.verifying_on, r.verification_note,
               r.closed_on, r.feedback, r.rejection_reason, i.code as item_code, rev.name as item_name, p.name as provider_name,
               ri.name as reporter_institution_name, \(DataUser.joinedColumns),
               (r.state in ('received', 'verifying') and registry_today() > r.handling_due) as overdue
          from error_report r
          join catalog_item i on i.id = r.item_id
          join catalog_item_revision rev on rev.id = r.revision_id
          join institution p on p.uscc = r.provider_uscc
          left join institution ri on ri.uscc = r.reporter_institution
          left join account a on a.id = r.reporter_account and a.role = 'data_user'
          left join data_user du on du.id = a.data_user_id
        """
}
