import Foundation
import Postgres

/// A26.1: annual open plans in the database — the only place with the SQL of `open_plan`, `open_plan_item` and
/// `open_plan_progress` (`sql/0021_open_plans.sql`).
///
/// Swift checks only the shape of input; the database judges every rule that needs data (``OpeningRules`` gives its
/// refusals their words), numbers the versions, copies a published version into its amendment and freezes what is
/// published. Call the writing
/// methods inside an audited transaction (A44.1); authorisation is the workflow's (``OpenPlanWorkflow``).
public struct OpenPlanStore: Sendable {
    public init() {}

    // MARK: Writing

    /// Starts the plan of `owner` for a year, or — when a version is published — an amendment that copies it.
    public func create(_ input: NewOpenPlan, owner: OpenPlanOwner, on connection: Connection) throws -> OpenPlan {
        guard (2024...2100).contains(input.year) else { throw OpeningRules.planYear.error }
        if SQLText.isBlank(input.priorities) { throw OpeningRules.planPriorities.error }
        let (division, institution) = Self.columns(owner)
        let id = try connection.queryOne(
            """
            insert into open_plan (year, division_code, institution_uscc, priorities, amendment_note)
            values (\(input.year), \(division), \(institution), \(input.priorities), \(input.amendmentNote))
            returning id
            """
        ).decode("id", as: UUID.self)
        return try plan(id, on: connection).existing()
    }

    /// Adds (or replaces) an item of a draft plan.
    public func setItem(_ item: NewOpenPlanItem, of planID: UUID, on connection: Connection) throws {
        if item.openType == .notOpen { throw OpeningRules.planItemOpens.error }
        try connection.query("delete from open_plan_item where plan_id = \(planID) and item_id = \(item.itemID)")
        try connection.query(
            """
            insert into open_plan_item (plan_id, item_id, open_type, target_date, livelihood, note)
            values (\(planID), \(item.itemID), \(item.openType)::open_type, \(item.targetDate)::date, \(item.livelihood),
                    \(item.note))
            """
        )
    }

    /// Removes an item from a draft plan.
    public func removeItem(_ itemID: UUID, of planID: UUID, on connection: Connection) throws {
        let removed = try connection.query("delete from open_plan_item where plan_id = \(planID) and item_id = \(itemID)")
        if removed.affectedRows == 0 { throw RegistryError.notFound("开放计划中的该目录条目", field: "item_id") }
    }

    /// Publishes a draft plan with its items; it is frozen from then on.
    public func publish(_ planID: UUID, on connection: Connection) throws -> OpenPlan {
        try connection.applyStep(to: "open_plan", id: planID, "state = 'published'", subject: "开放计划")
        return try plan(planID, on: connection).existing()
    }

    // MARK: Reading

    /// The plan version with this id.
    public func plan(_ id: UUID, on connection: Connection) throws -> OpenPlan? {
        try connection.query("select \(OpenPlan.columns) from open_plan where id = \(id)").first.map(OpenPlan.init(row:))
    }

    /// Every version of the plan of `owner` for `year`, newest first.
    public func versions(of owner: OpenPlanOwner, year: Int, on connection: Connection) throws -> [OpenPlan] {
        let (division, institution) = Self.columns(owner)
        return try connection.query(
            """
            select \(OpenPlan.columns) from open_plan
             where year = \(year) and division_code is not distinct from \(division)::char(6)
               and institution_uscc is not distinct from \(institution)::text
             order by version desc
            """
        ).map(OpenPlan.init(row:))
    }

    /// The published plans in force for `year` (the latest published version of each), authorities' first.
    public func plansInForce(year: Int, on connection: Connection) throws -> [OpenPlan] {
        try connection.query(
            """
            select distinct on (division_code, institution_uscc) \(OpenPlan.columns) from open_plan
             where year = \(year) and state = 'published'
             order by division_code nulls last, institution_uscc, version desc
            """
        ).map(OpenPlan.init(row:))
    }

    /// A plan with the progress of its items on `day`, livelihood items first.
    public func detail(_ id: UUID, asOf day: CivilDate, on connection: Connection) throws -> OpenPlanDetail? {
        guard let plan = try plan(id, on: connection) else { return nil }
        let items = try connection.query("select \(OpenPlanProgressItem.columns) from open_plan_progress(\(id), \(day)::date)").map(
            OpenPlanProgressItem.init(row:)
        )
        return OpenPlanDetail(plan: plan, asOf: day, items: items)
    }

    // MARK: Helpers

    /// The plan, locked until the transaction ends; not found is an error.
    func lockedPlan(_ id: UUID, on connection: Connection) throws -> OpenPlan {
        guard let row = try connection.query("select \(OpenPlan.columns) from open_plan where id = \(id) for update").first else {
            throw RegistryError.notFound("开放计划", field: "id")
        }
        return try OpenPlan(row: row)
    }

    static func columns(_ owner: OpenPlanOwner) -> (division: String?, institution: String?) {
        switch owner {
        case .authority(let division): (division, nil)
        case .institution(let uscc): (nil, uscc)
        }
    }
}
