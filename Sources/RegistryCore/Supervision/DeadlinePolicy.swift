import Foundation
import Postgres

/// A24.1 / A28.2: a deadline the regulation leaves to the authority, set per year in working days — the review of a
/// demand outside the catalog (else 5) and the answer to a conditional open application (else 10). The compliance
/// report counts overdue reviews and answers against it and says so in its closing note.
public struct DeadlinePolicy: Sendable, Hashable, Codable {
    /// Which deadline.
    public enum Deadline: String, Sendable, Hashable, Codable, CaseIterable, PostgresEnum {
        /// 目录外需求审核 (A24.1).
        case demandReview = "demand_review"
        /// 有条件开放申请答复 (A28.2).
        case openApplicationReply = "open_application_reply"

        /// The working days when a year has no policy.
        public var defaultWorkingDays: Int { self == .demandReview ? 5 : 10 }
    }

    public var year: Int
    public var deadline: Deadline
    /// 1…60 working days after the day of receipt.
    public var workingDays: Int
    public var note: String?

    public init(year: Int, deadline: Deadline, workingDays: Int, note: String? = nil) {
        self.year = year
        self.deadline = deadline
        self.workingDays = workingDays
        self.note = note
    }

    init(row: Row) throws {
        year = try row.decode("year")
        deadline = try row.decode("deadline")
        workingDays = try row.decode("working_days")
        note = try row.decodeIfPresent("note")
    }

    /// The table's checks.
    public func validate() throws(RegistryError) {
        if !(2000...2999).contains(year) { throw DeadlinePolicyRules.year.error }
        if !(1...60).contains(workingDays) { throw DeadlinePolicyRules.workingDays.error }
    }
}

/// A24.1 / A28.2: the rules of `deadline_policy` (`sql/0065_compliance_findings_complete.sql`).
enum DeadlinePolicyRules {
    static let year = Rule(constraint: "deadline_policy_year_a24_1", field: "year", message: "期限的适用年度须为有效年份。")
    static let workingDays = Rule(
        constraint: "deadline_policy_working_days_a24_1",
        field: "working_days",
        message: "审核、答复期限须为 1 至 60 个工作日。"
    )

    static let all = [year, workingDays]
}

/// A24.1 / A28.2: reads and sets the deadlines by year — every account reads them; a reviewer of the region's authority
/// or the admin sets them, in one audited transaction.
public struct DeadlinePolicyWorkflow: Sendable {
    public let database: RegistryDatabase

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// The policies set, by year and deadline.
    public func policies() async throws -> [DeadlinePolicy] {
        try await database.read { connection in
            try connection.query("select year, deadline::text as deadline, working_days, note from deadline_policy order by year, deadline")
                .map(DeadlinePolicy.init(row:))
        }
    }

    /// Sets a year's deadline (for what is received from then on in that year).
    public func setPolicy(_ policy: DeadlinePolicy, by actor: Principal) async throws -> DeadlinePolicy {
        try actor.require(.reviewer, .admin)
        try policy.validate()
        return try await database.write(actor.audit("deadline_policy.set")) { connection in
            if actor.role == .reviewer {
                let region =
                    try connection.query(
                        "select 1 from division where code = \(actor.division ?? "") and level = 'region'"
                    ).count > 0
                guard region, actor.institutionKind == .publicDataAuthority else {
                    throw RegistryError(.forbidden, "目录外需求审核期限和有条件开放申请答复期限由自治区公共数据主管部门确定。")
                }
            }
            try connection.query(
                """
                insert into deadline_policy (year, deadline, working_days, note)
                values (\(policy.year), \(policy.deadline.rawValue)::policy_deadline, \(policy.workingDays), \(policy.note))
                on conflict (year, deadline) do update
                   set working_days = excluded.working_days, note = excluded.note, updated_at = registry_now()
                """
            )
            return policy
        }
    }
}
