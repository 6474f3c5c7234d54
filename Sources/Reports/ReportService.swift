import Foundation
import Postgres
import RegistryCore

/// The committees' three reports (RP.1–RP.3) as every entrance asks for them — the API, the workspace's pages and
/// `registry report`: who may read each one, its wording and styles from `reports/`, and its document built in the
/// caller's read-only transaction. The entrances only translate: a query string or arguments in, bytes out.
public struct ReportService: Sendable {
    /// Who asks for a report.
    public enum Reader: Sendable {
        /// A signed-in account, authorised report by report.
        case principal(Principal)
        /// The operator at the command line, who holds the database's credentials and may read every report.
        case `operator`
    }

    /// The directory with the reports' wording (`<kind>.json`) and stylesheet (`style.css`).
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// The service over the project's `reports/` directory. Wording is read on each call, so an authority's edits show
    /// without a restart.
    public static func located() throws -> ReportService {
        ReportService(directory: try ProjectLayout.locate().reports)
    }

    // MARK: - Documents

    /// RP.1: the assessment report of a year's scheme of `division`: its published assessment, else its latest version —
    /// which, unpublished, only the committee and the scheme's authority read.
    public func assessment(year: Int, division: String, for reader: Reader, on connection: Connection) throws -> ReportDocument {
        let latest = try AssessmentReport.latest(year: year, division: division, on: connection)
        if case .principal(let actor) = reader, latest.state != "published" {
            try AssessmentWorkflow.requireAssessor(of: latest.scheme, actor, committee: true)
        }
        return try assessment(latest, on: connection)
    }

    /// RP.1: the report of one version of an assessment, which the caller has read through ``AssessmentWorkflow`` (and so
    /// may read).
    public func assessment(_ assessment: Assessment, on connection: Connection) throws -> ReportDocument {
        try AssessmentReport(wording: try wording("assessment")).document(assessment, on: connection)
    }

    /// RP.2: the open plan of the authority of `division` for `year`, with its progress on `day`. Every account reads a
    /// published plan; a draft only the planners of that authority and the operator.
    public func openPlan(
        year: Int,
        division: String,
        asOf day: CivilDate,
        draft: Bool = false,
        for reader: Reader,
        on connection: Connection
    ) throws -> ReportDocument {
        if draft, case .principal(let actor) = reader { try actor.requireAuthority(of: division, roles: [.planner]) }
        return try OpenPlanReport(wording: try wording("open-plan")).document(
            year: year,
            division: division,
            asOf: day,
            draft: draft,
            on: connection
        )
    }

    /// RP.3: the compliance report of `division` and those below it as of `day`, for the committee, the admin, the
    /// reviewers and planners of the authorities over it, and the operator.
    public func compliance(asOf day: CivilDate, division: String, for reader: Reader, on connection: Connection) throws -> ReportDocument {
        try requireComplianceReader(reader, of: division, on: connection)
        return try ComplianceReport(wording: try wording("compliance")).document(asOf: day, division: division, on: connection)
    }

    /// RP.3: the compliance report's CSV appendix, every finding, handed to `sink` a chunk at a time; the same readers.
    public func complianceFindings(
        asOf day: CivilDate,
        division: String,
        for reader: Reader,
        on connection: Connection,
        to sink: (Data) throws -> Void
    ) throws {
        try requireComplianceReader(reader, of: division, on: connection)
        try ComplianceFindingsCSV.write(asOf: day, division: division, on: connection, to: sink)
    }

    /// The compliance findings behind the report, filtered and paged for the workspace; the same readers.
    public func complianceView(
        asOf day: CivilDate,
        division: String,
        article: String?,
        institution: String?,
        limit: Int,
        offset: Int,
        for reader: Reader,
        on connection: Connection
    ) throws -> ComplianceFindingsView {
        try requireComplianceReader(reader, of: division, on: connection)
        return try ComplianceFindingsView.read(
            asOf: day,
            division: division,
            article: article,
            institution: institution,
            limit: limit,
            offset: offset,
            on: connection
        )
    }

    // MARK: - Rendering

    /// The document as Markdown.
    public func markdown(_ document: ReportDocument) -> String {
        MarkdownRenderer().render(document)
    }

    /// The document as a standalone HTML page with the stylesheet of `reports/`.
    public func html(_ document: ReportDocument) throws -> String {
        HTMLRenderer(stylesheet: try String(contentsOf: directory.appendingPathComponent("style.css"), encoding: .utf8)).render(document)
    }

    // MARK: - Helpers

    private func wording(_ kind: String) throws -> ReportWording {
        try ReportWording(kind: kind, in: directory)
    }

    private func requireComplianceReader(_ reader: Reader, of division: String, on connection: Connection) throws {
        guard case .principal(let actor) = reader else { return }
        try ComplianceReport.requireReader(actor, of: division, on: connection)
    }
}
