import Foundation
import Postgres

/// A46.1: reports of unlawful use as people use them — each step authorised for its actor and run in one audited
/// transaction (A44.1).
///
/// Anyone with an account (任何单位和个人: data users and staff) reports; only reviewers of the public data authority
/// of the report's division investigate and conclude it, and the authorities above that division follow it. The
/// reporter's identity is protected: handlers and lists see 匿名举报人, and only the reporter finds its own reports.
public struct UnlawfulUseReportWorkflow: Sendable {
    public let database: RegistryDatabase
    let store = UnlawfulUseReportStore()

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// A46.1: files a report (any account that may change the registry: not the read-only audit authority).
    ///
    /// The filing is audited as ``anonymousFiling``: no account, institution, role or request id that could lead back to
    /// the reporter; the report's own `reporter_account` is redacted in its audit rows.
    public func file(_ input: NewUnlawfulUseReport, by actor: Principal) async throws -> UnlawfulUseReport {
        try actor.require(.dataUser, .clerk, .reviewer, .planner, .committee, .admin)
        return try await database.write(Self.anonymousFiling) { [store] connection in
            try store.file(input, reporter: actor.account.id, on: connection)
        }
    }

    /// How the audit trail records the filing of a report: an anonymous reporter (匿名举报人), nothing more.
    static let anonymousFiling = AuditContext(role: "anonymous", action: "unlawful_use_report.file")

    /// A46.1: a reviewer of the report's authority starts investigating.
    public func investigate(_ id: UUID, note: String?, by actor: Principal) async throws -> UnlawfulUseReport {
        try await write(id, "unlawful_use_report.investigate", by: actor) { [store] connection in
            try store.investigate(id, note: note, on: connection)
        }
    }

    /// A46.1: a reviewer of the report's authority concludes it with the outcome.
    public func conclude(_ id: UUID, outcome: String, by actor: Principal) async throws -> UnlawfulUseReport {
        try await write(id, "unlawful_use_report.conclude", by: actor) { [store] connection in
            try store.conclude(id, outcome: outcome, on: connection)
        }
    }

    /// A46.1: one report, for its reporter and the authorities of its division and above — never naming the reporter.
    public func report(_ id: UUID, by actor: Principal) async throws -> UnlawfulUseReport {
        try await database.read { [store] connection in
            guard let report = try store.report(id, on: connection) else { throw RegistryError.notFound("举报", field: "id") }
            if try store.isReporter(actor.account.id, of: id, on: connection) { return report }
            try Self.requireOverseer(of: report, actor, on: connection)
            return report
        }
    }

    /// A46.1: for reviewers, the reports of their division and the divisions below it; for everyone else, the
    /// reports they filed.
    public func reports(state: UnlawfulUseReportState?, by actor: Principal) async throws -> [UnlawfulUseReport] {
        try await database.read { [store] connection in
            if actor.role == .reviewer, actor.institutionKind == .publicDataAuthority, let division = actor.division {
                return try store.reports(for: division, state: state, on: connection)
            }
            return try store.reports(filedBy: actor.account.id, state: state, on: connection)
        }
    }

    // MARK: Helpers

    /// One audited step on a locked report, by a reviewer of the authority of its division.
    private func write(
        _ id: UUID,
        _ action: String,
        by actor: Principal,
        _ step: @escaping @Sendable (Connection) throws -> UnlawfulUseReport
    ) async throws -> UnlawfulUseReport {
        try await database.write(actor.audit(action)) { [store] connection in
            let report = try store.locked(id, on: connection)
            try actor.requireAuthority(of: report.authorityDivision)
            return try step(connection)
        }
    }

    /// Refuses unless the actor is a reviewer of the authority of the report's division or of one above it.
    static func requireOverseer(of report: UnlawfulUseReport, _ actor: Principal, on connection: Connection) throws {
        let lineage = try DivisionStore().lineage(of: report.authorityDivision, on: connection)
        try actor.requireAuthority(overLineage: lineage)
    }
}
