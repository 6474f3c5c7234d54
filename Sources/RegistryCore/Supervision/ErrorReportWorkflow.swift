import Foundation
import Postgres

/// A45.1: error reports as people use them — each step authorised for its actor and run in one audited transaction
/// (A44.1), so a refused step changes nothing.
///
/// A data user, or a clerk of another institution, reports an error or omission in a published item; only clerks of
/// the providing institution (the item's catalog institution) verify it and handle it with feedback or reject it with
/// the reason. The reporter, both institutions' clerks and the authorities over the provider follow a report;
/// institutions holding the item through a share request read the notices sent to them; every account sees the mark
/// on an item. The handling deadline follows the policy of the region's authority.
public struct ErrorReportWorkflow: Sendable {
    public let database: RegistryDatabase
    let store = ErrorReportStore()

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// A45.1: files a report (a data user, or a clerk of another institution than the provider).
    public func file(_ input: NewErrorReport, by actor: Principal) async throws -> ErrorReport {
        try actor.require(.dataUser, .clerk)
        return try await database.write(actor.audit("error_report.file")) { [store] connection in
            try store.file(input, reporter: actor.account.id, on: connection)
        }
    }

    /// A45.1: the provider starts verifying (a clerk of the providing institution).
    public func verify(_ id: UUID, note: String?, by actor: Principal) async throws -> ErrorReport {
        try await write(id, "error_report.verify", by: actor) { [store] connection in
            try store.verify(id, note: note, on: connection)
        }
    }

    /// A45.1: the provider closes a verified report with feedback, or rejects it with the reason.
    public func close(_ id: UUID, _ closing: ErrorReportClosing, by actor: Principal) async throws -> ErrorReport {
        let action =
            switch closing {
            case .handled: "error_report.handle"
            case .rejected: "error_report.reject"
            }
        return try await write(id, action, by: actor) { [store] connection in
            try store.close(id, closing, on: connection)
        }
    }

    /// A45.1: one report, for its reporter, the clerks of the provider and of a reporting institution, and the
    /// authorities over the provider.
    public func report(_ id: UUID, by actor: Principal) async throws -> ErrorReport {
        try await database.read { [store] connection in
            guard let report = try store.report(id, on: connection) else { throw RegistryError.notFound("纠错", field: "id") }
            try Self.requireReader(of: report, actor, on: connection)
            return report
        }
    }

    /// A45.1: a data user's own reports; for clerks and reviewers, the reports an institution received or filed (its
    /// own clerks, the authorities above it).
    public func reports(of institution: String?, state: ErrorReportState?, by actor: Principal) async throws -> [ErrorReport] {
        try actor.require(.dataUser, .clerk, .reviewer)
        return try await database.read { [store] connection in
            if actor.role == .dataUser { return try store.reports(filedBy: actor.account.id, state: state, on: connection) }
            guard let institution = institution?.uppercased() ?? actor.institution else {
                throw RegistryError.missing("institution", "机构统一社会信用代码", article: "A45.1")
            }
            try actor.requireFollower(of: [institution], subject: "纠错", on: connection)
            return try store.reports(of: institution, state: state, on: connection)
        }
    }

    /// A45.1 (标注): the mark on a published item, for every account; the reporters are not shown.
    public func mark(of itemID: UUID, by actor: Principal) async throws -> ErrorReportMark {
        try await database.read { [store] connection in
            guard try store.publishedProvider(of: itemID, on: connection) != nil else {
                throw RegistryError.notFound("已发布的目录条目", field: "id")
            }
            return try store.mark(of: itemID, on: connection)
        }
    }

    /// A45.1 (通报相关机构): the notices an institution received (its clerks, the authorities above it).
    public func notices(to institution: String?, by actor: Principal) async throws -> [ErrorReportNotice] {
        try actor.require(.clerk, .reviewer)
        guard let institution = institution?.uppercased() ?? actor.institution else {
            throw RegistryError.missing("institution", "机构统一社会信用代码", article: "A45.1")
        }
        return try await database.read { [store] connection in
            try actor.requireFollower(of: [institution], subject: "纠错", on: connection)
            return try store.notices(to: institution, on: connection)
        }
    }

    /// A45.1 / W.1: a provider's open reports due within `workingDays` working days after `day` (today in
    /// Asia/Shanghai when `nil`), or overdue — for its clerks and the authorities above it.
    public func dueList(
        of institution: String?,
        on day: CivilDate? = nil,
        within workingDays: Int,
        by actor: Principal
    ) async throws -> [ErrorReportDueItem] {
        try actor.require(.clerk, .reviewer)
        guard workingDays >= 0 else { throw RegistryError.invalid("within", "提醒天数须为非负的工作日数。") }
        guard let institution = institution?.uppercased() ?? actor.institution else {
            throw RegistryError.missing("institution", "机构统一社会信用代码", article: "A45.1")
        }
        return try await database.read { [store] connection in
            try actor.requireFollower(of: [institution], subject: "纠错", on: connection)
            let day = try day ?? RegistryClock.today(on: connection)
            return try store.dueList(of: institution, on: day, within: workingDays, on: connection)
        }
    }

    /// A45.1: the handling policies by year, for every account.
    public func policies(by actor: Principal) async throws -> [ErrorReportPolicy] {
        try await database.read { [store] connection in try store.policies(on: connection) }
    }

    /// A45.1 (具体办法由自治区公共数据主管部门制定): sets a year's handling working days — a reviewer of the region's
    /// authority, or the admin.
    public func setPolicy(_ policy: ErrorReportPolicy, by actor: Principal) async throws -> ErrorReportPolicy {
        try actor.require(.reviewer, .admin)
        return try await database.write(actor.audit("error_report.policy")) { [store] connection in
            if actor.role == .reviewer {
                let region =
                    try connection.query(
                        "select 1 from division where code = \(actor.division ?? "") and level = 'region'"
                    ).count > 0
                guard region, actor.institutionKind == .publicDataAuthority else {
                    throw RegistryError(.forbidden, "纠错处理期限由自治区公共数据主管部门确定。")
                }
            }
            return try store.setPolicy(policy, on: connection)
        }
    }

    // MARK: Helpers

    /// One audited step on a locked report, by a clerk of its providing institution.
    private func write(
        _ id: UUID,
        _ action: String,
        by actor: Principal,
        _ step: @escaping @Sendable (Connection) throws -> ErrorReport
    ) async throws -> ErrorReport {
        try await database.write(actor.audit(action)) { [store] connection in
            let report = try store.locked(id, on: connection)
            try Self.requireProviderClerk(of: report, actor)
            return try step(connection)
        }
    }

    /// Refuses unless the actor is a clerk of the providing institution.
    static func requireProviderClerk(of report: ErrorReport, _ actor: Principal) throws(RegistryError) {
        guard actor.role == .clerk, actor.institution == report.provider else {
            throw RegistryError(.forbidden, "只有提供该数据的机构的登记员可以核实、处理纠错。")
        }
    }

    /// The reporter, clerks of the provider or of the reporting institution, and the authorities over the provider.
    static func requireReader(of report: ErrorReport, _ actor: Principal, on connection: Connection) throws {
        if actor.account.id == report.reporterAccount { return }
        switch actor.role {
        case .clerk, .reviewer:
            let parties = [report.provider] + (report.reporterInstitution.map { [$0] } ?? [])
            try actor.requireFollower(of: actor.role == .clerk ? parties : [report.provider], subject: "纠错", on: connection)
        default:
            throw RegistryError(.forbidden, "无权查看该纠错。")
        }
    }
}
