import Foundation
import Postgres

/// A23.2 / A24.1: one step in the history of a share request or of a demand for data outside the catalog, recorded by
/// the database as it happens (`share_request_event`, `share_demand_event`).
public struct SharingEvent<State: PostgresEnum & Codable & Hashable & Sendable>: Sendable, Hashable, Codable, RowColumns {
    public var id: Int64
    /// The state entered.
    public var state: State
    public var at: Date
    /// The day in Asia/Shanghai.
    public var onDate: CivilDate
    /// The due date the step set (the reply's or the delivery's).
    public var due: CivilDate?
    /// W.3: `due` was counted onto the provisional calendar (暂定): a year whose official arrangement is not loaded.
    public var dueProvisional: Bool
    /// The step's words: review note, refusal reason and legal basis, delivery note or withdrawal reason.
    public var note: String?
    public var actorAccount: UUID?
    public var actorRole: String?
    public var actorInstitution: String?

    init(row: Row) throws {
        id = try row.decode("id")
        state = try row.decode("state")
        at = try row.decode("at")
        onDate = try row.decode("on_date")
        due = try row.decodeIfPresent("due")
        dueProvisional = try row.decode("due_provisional")
        note = try row.decodeIfPresent("note")
        actorAccount = try row.decodeIfPresent("actor_account")
        actorRole = try row.decodeIfPresent("actor_role")
        actorInstitution = try row.decodeIfPresent("actor_institution")
    }

    /// The columns ``init(row:)`` reads: the statements that read this type select them by name.
    static var columnNames: [String] {
        ["id", "state", "at", "on_date", "due", "due_provisional", "note", "actor_account", "actor_role", "actor_institution"]
    }
}

/// A23.2: a step in the history of a share request.
public typealias ShareRequestEvent = SharingEvent<ShareRequestState>

/// A24.1: a step in the history of a demand for data outside the catalog.
public typealias ShareDemandEvent = SharingEvent<ShareDemandState>
