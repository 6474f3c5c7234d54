import Foundation
import Postgres

/// A24.1 / A25.1: demands for data outside the catalog in the database — the only place with the SQL of
/// `share_demand` and its history (`sql/0020_share_demands.sql`).
///
/// Swift checks only the shape of input; the database judges every rule that needs data (``ShareDemandRules`` gives
/// its refusals their words), stamps every date and the route, and writes the history. Call the writing methods inside
/// an audited transaction (A44.1). Authorisation is the workflow's (``ShareDemandWorkflow``).
public struct ShareDemandStore: Sendable {
    public init() {}

    // MARK: Writing

    /// A24.1: files a demand of `requester` by the clerk `account` on the platform of the requester's division.
    public func file(_ input: NewShareDemand, requester: String, account: UUID, on connection: Connection) throws -> ShareDemand {
        try input.validate(receivedOn: try RegistryClock.today(on: connection))
        let id = try connection.queryOne(
            """
            insert into share_demand (requester_uscc, requester_account, data_wanted, requested_items, scenario, commitment,
                                      mode, end_date, source_uscc)
            values (\(requester), \(account), \(input.dataWanted), \(input.dataItems), \(input.scenario), \(input.commitment),
                    \(input.mode)::sharing_mode, \(input.endDate)::date, \(input.proposedSource?.uppercased()))
            returning id
            """
        ).decode("id", as: UUID.self)
        return try demand(id, on: connection).existing()
    }

    /// A24.1: the authority's review — forwarded to the named source department, or not, with the reason.
    public func review(_ id: UUID, _ review: ShareDemandReview, on connection: Connection) throws -> ShareDemand {
        switch review {
        case .forward(let source, let note):
            return try change(id, "state = 'forwarded', source_uscc = \(source.uppercased()), review_note = \(note)", on: connection)
        case .reject(let reason):
            if SQLText.isBlank(reason) { throw ShareDemandRules.rejectionReason.error }
            return try change(id, "state = 'rejected', review_note = \(reason)", on: connection)
        }
    }

    /// A24.1: the source's reply — confirmed (with the day it can share when the data needs processing), or refused
    /// with reason and legal basis.
    public func reply(_ id: UUID, _ reply: ShareDemandReply, on connection: Connection) throws -> ShareDemand {
        switch reply {
        case .confirm(let processingUntil):
            let assignments: SQL =
                "state = 'confirmed', processing_needed = \(processingUntil != nil), delivery_due = \(processingUntil)::date"
            return try change(id, assignments, on: connection)
        case .refuse(let reason, let legalBasis):
            if SQLText.isBlank(reason) { throw ShareDemandRules.refusalNeedsReason.error }
            if SQLText.isBlank(legalBasis) { throw ShareDemandRules.refusalNeedsLegalBasis.error }
            return try change(id, "state = 'refused', refusal_reason = \(reason), refusal_legal_basis = \(legalBasis)", on: connection)
        }
    }

    /// A24.1: the source has delivered a confirmed demand (not to a suspended requester).
    public func deliver(_ id: UUID, note: String?, on connection: Connection) throws -> ShareDemand {
        try change(id, "state = 'delivered', delivery_note = \(note)", on: connection)
    }

    /// A24.1: the requester withdraws a demand that is still open.
    public func withdraw(_ id: UUID, reason: String?, on connection: Connection) throws -> ShareDemand {
        try change(id, "state = 'withdrawn', withdrawal_reason = \(reason)", on: connection)
    }

    /// Applies a step; the database judges it (``Connection/applyStep(to:id:_:subject:)``).
    private func change(_ id: UUID, _ assignments: SQL, on connection: Connection) throws -> ShareDemand {
        try connection.applyStep(to: "share_demand", id: id, assignments, subject: "目录外数据需求")
        return try demand(id, on: connection).existing()
    }

    // MARK: Reading

    /// The demand with this id, if filed.
    public func demand(_ id: UUID, on connection: Connection) throws -> ShareDemand? {
        try connection.query("\(Self.demandSelect) where d.id = \(id)").first.map(ShareDemand.init(row:))
    }

    /// The demand, locked until the transaction ends; not found is an error.
    public func lockedDemand(_ id: UUID, on connection: Connection) throws -> ShareDemand {
        let row = try connection.query("\(Self.demandSelect) where d.id = \(id) for update of d").first
        guard let row else { throw RegistryError.notFound("目录外数据需求", field: "id") }
        return try ShareDemand(row: row)
    }

    /// A demand with its history, oldest step first, if filed.
    public func detail(_ id: UUID, on connection: Connection) throws -> ShareDemandDetail? {
        guard let demand = try demand(id, on: connection) else { return nil }
        let history = try connection.query("select \(ShareDemandEvent.columns) from share_demand_event where demand_id = \(id) order by id")
            .map(ShareDemandEvent.init(row:))
        return ShareDemandDetail(demand: demand, history: history)
    }

    /// A24.1: the demands an institution filed or answers, newest first, optionally in one state.
    public func demands(of institution: String, state: ShareDemandState?, on connection: Connection) throws -> [ShareDemand] {
        let stateCondition: SQL = state.map { "d.state = \($0)::share_demand_state" } ?? "true"
        return try connection.query(
            """
            \(Self.demandSelect)
             where (d.source_uscc = \(institution)::text or d.requester_uscc = \(institution)::text) and \(stateCondition)
             order by d.demand_no desc
            """
        ).map(ShareDemand.init(row:))
    }

    /// A24.1: the demands waiting for the review of the authority of `division`, oldest first.
    public func awaitingReview(by division: String, on connection: Connection) throws -> [ShareDemand] {
        try connection.query(
            "\(Self.demandSelect) where d.authority_division = \(division) and d.state = 'submitted' order by d.demand_no"
        ).map(ShareDemand.init(row:))
    }

    // MARK: Helpers

    static let demandSelect: SQL = """
        select d.id, d.demand_no, d.requester_uscc, d.requester_account, d.authority_division, d.data_wanted, d.requested_items, d.scenario,
               d.commitment, d.mode, d.end_date, d.source_uscc, d.route, d.state, d.received_on, d.reviewed_on, d.review_note, d.reply_due,
               d.reply_due_provisional, d.replied_on, d.processing_needed, d.delivery_due, d.delivery_due_provisional, d.refusal_reason,
               d.refusal_legal_basis, d.delivered_on, d.delivery_note, d.withdrawn_on, d.withdrawal_reason,
               q.name as requester_name, s.name as source_name
          from share_demand d
          join institution q on q.uscc = d.requester_uscc
          left join institution s on s.uscc = d.source_uscc
        """
}
