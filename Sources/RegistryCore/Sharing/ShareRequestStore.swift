import Foundation
import Postgres

/// A20.2, A23.1–A23.4, A50.1: share requests in the database — the only place with the SQL of `share_request`, its
/// history and `access_suspension` (`sql/0017_share_requests.sql`).
///
/// Swift checks only the shape of input; the database judges every rule that needs data (``ShareRequestRules`` gives
/// its refusals their words), stamps every date and writes the history. Call the writing methods inside an audited
/// transaction (A44.1). Authorisation is the workflow's (``ShareRequestWorkflow``).
public struct ShareRequestStore: Sendable {
    public init() {}

    // MARK: Writing

    /// A20.2 / A23.1: files a request of `requester` by the clerk `account`; an unconditional item is granted at once.
    /// A flow-back (A19.1) is filed the same way; the database checks who may ask and routes it to the region platform.
    public func file(
        _ input: NewShareRequest,
        kind: ShareRequestKind = .share,
        requester: String,
        account: UUID,
        on connection: Connection
    ) throws -> ShareRequest {
        try input.validate(receivedOn: try RegistryClock.today(on: connection))
        let id = try connection.queryOne(
            """
            insert into share_request (kind, item_id, requester_uscc, requester_account, scenario, commitment, requested_items,
                                       mode, end_date, purpose)
            values (\(kind)::share_request_kind, \(input.itemID), \(requester), \(account), \(input.scenario), \(input.commitment),
                    \(input.dataItems), \(input.mode)::sharing_mode, \(input.endDate)::date, \(input.purpose)::share_purpose)
            returning id
            """
        ).decode("id", as: UUID.self)
        return try request(id, on: connection).existing()
    }

    /// A23.2 / A23.4: the source's reply — an approval within the data items requested, or a refusal with reason and
    /// legal basis.
    public func reply(_ id: UUID, _ reply: ShareReply, on connection: Connection) throws -> ShareRequest {
        switch reply {
        case .approve(let items):
            return try change(id, "state = 'approved', approved_items = coalesce(\(items)::text[], requested_items)", on: connection)
        case .refuse(let reason, let legalBasis):
            if SQLText.isBlank(reason) { throw ShareRequestRules.refusalNeedsReason.error }
            if SQLText.isBlank(legalBasis) { throw ShareRequestRules.refusalNeedsLegalBasis.error }
            return try change(id, "state = 'refused', refusal_reason = \(reason), refusal_legal_basis = \(legalBasis)", on: connection)
        }
    }

    /// A23.2: the source has delivered an approved request (not to a suspended requester, not after the end date).
    public func deliver(_ id: UUID, note: String?, on connection: Connection) throws -> ShareRequest {
        try change(id, "state = 'delivered', delivery_note = \(note)", on: connection)
    }

    /// A23.2: the requester withdraws a request that is submitted or approved.
    public func withdraw(_ id: UUID, reason: String?, on connection: Connection) throws -> ShareRequest {
        try change(id, "state = 'withdrawn', withdrawal_reason = \(reason)", on: connection)
    }

    /// Applies a step; the database judges it (``Connection/applyStep(to:id:_:subject:)``).
    private func change(_ id: UUID, _ assignments: SQL, on connection: Connection) throws -> ShareRequest {
        try connection.applyStep(to: "share_request", id: id, assignments, subject: "共享申请")
        return try request(id, on: connection).existing()
    }

    // MARK: Reading

    /// The request with this id, if filed.
    public func request(_ id: UUID, on connection: Connection) throws -> ShareRequest? {
        try connection.query("\(Self.requestSelect) where r.id = \(id)").first.map(ShareRequest.init(row:))
    }

    /// The request, locked until the transaction ends; not found is an error.
    public func lockedRequest(_ id: UUID, on connection: Connection) throws -> ShareRequest {
        let row = try connection.query("\(Self.requestSelect) where r.id = \(id) for update of r").first
        guard let row else { throw RegistryError.notFound("共享申请", field: "id") }
        return try ShareRequest(row: row)
    }

    /// A23.2: a request's history, oldest first.
    public func history(of id: UUID, on connection: Connection) throws -> [ShareRequestEvent] {
        try connection.query("select \(ShareRequestEvent.columns) from share_request_event where request_id = \(id) order by id").map(
            ShareRequestEvent.init(row:)
        )
    }

    /// A request with its history, if filed.
    public func detail(_ id: UUID, on connection: Connection) throws -> ShareRequestDetail? {
        guard let request = try request(id, on: connection) else { return nil }
        return ShareRequestDetail(
            request: request,
            history: try history(of: id, on: connection),
            nextStates: try nextStates(of: request.state, on: connection)
        )
    }

    /// A23.2: the states a request in `state` may go to, read from the database's state machine.
    public func nextStates(of state: ShareRequestState, on connection: Connection) throws -> [ShareRequestState] {
        try connection.query(
            """
            select s from unnest(enum_range(null::share_request_state)) s
             where share_request_may_go(\(state)::share_request_state, s)
            """
        ).map { try $0.decode("s") }
    }

    /// A20.1: the requests an institution filed or answers (the demand list), newest first, optionally in one state
    /// and of one kind (A19.1).
    public func requests(
        of institution: String,
        state: ShareRequestState?,
        kind: ShareRequestKind? = nil,
        on connection: Connection
    ) throws -> [ShareRequest] {
        let stateCondition: SQL = state.map { "r.state = \($0)::share_request_state" } ?? "true"
        let kindCondition: SQL = kind.map { "r.kind = \($0)::share_request_kind" } ?? "true"
        return try connection.query(
            """
            \(Self.requestSelect)
             where (r.source_uscc = \(institution)::text or r.requester_uscc = \(institution)::text) and \(stateCondition)
               and \(kindCondition)
             order by r.request_no desc
            """
        ).map(ShareRequest.init(row:))
    }

    // MARK: Helpers

    static let requestSelect: SQL = """
        select r.id, r.request_no, r.kind, r.item_id, r.revision_id, r.source_uscc, r.share_type, r.requester_uscc, r.requester_account,
               r.scenario, r.commitment, r.requested_items, r.mode, r.end_date, r.purpose, r.state, r.received_at, r.received_on, r.reply_due,
               r.reply_due_provisional, r.replied_on, r.approved_items, r.refusal_reason, r.refusal_legal_basis, r.delivery_due,
               r.delivery_due_provisional, r.delivered_on, r.delivery_note, r.withdrawn_on, r.withdrawal_reason, r.route,
               i.code as item_code, pr.name as item_name, s.name as source_name, q.name as requester_name
          from share_request r
          join catalog_item i on i.id = r.item_id
          join catalog_item_revision pr on pr.id = r.revision_id
          join institution s on s.uscc = r.source_uscc
          join institution q on q.uscc = r.requester_uscc
        """
}
