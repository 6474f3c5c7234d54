import Foundation
import Postgres

/// A20.2, A23.1–A23.4, A50.1: share requests in the database — the only place with the SQL of `share_request`, its
/// history and `access_suspension` (`sql/0017_share_requests.sql`).
///
/// Writes check the rules first, in the database's order and with its words (``ShareRequestRules``); the database
/// checks them again, stamps every date and writes the history. Call the writing methods inside an audited
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
        let today = try RegistryClock.today(on: connection)
        try input.validate(receivedOn: today)
        if try suspension(account: account, institution: requester, item: input.itemID, on: today, on: connection) != nil {
            throw ShareRequestRules.requesterSuspended.error
        }
        try checkFiler(account, of: requester, on: connection)
        try checkItem(input, on: connection)
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
        let current = try lockedRequest(id, on: connection)
        switch reply {
        case .approve(let items):
            try Self.checkTransition(current.state, to: .approved)
            let granted = items ?? current.requestedItems
            if granted.isEmpty || !granted.allSatisfy(current.requestedItems.contains) {
                throw ShareRequestRules.minimumAuthorisation.error
            }
            if current.endDate < (try RegistryClock.today(on: connection)) { throw ShareRequestRules.authorisationEnded.error }
            try connection.query(
                "update share_request set state = 'approved', approved_items = \(granted) where id = \(id)"
            )
        case .refuse(let reason, let legalBasis):
            try Self.checkTransition(current.state, to: .refused)
            if SQLText.isBlank(reason) { throw ShareRequestRules.refusalNeedsReason.error }
            if SQLText.isBlank(legalBasis) { throw ShareRequestRules.refusalNeedsLegalBasis.error }
            try connection.query(
                """
                update share_request set state = 'refused', refusal_reason = \(reason), refusal_legal_basis = \(legalBasis)
                 where id = \(id)
                """
            )
        }
        return try request(id, on: connection).existing()
    }

    /// A23.2: the source has delivered an approved request (not to a suspended requester, not after the end date).
    public func deliver(_ id: UUID, note: String?, on connection: Connection) throws -> ShareRequest {
        let current = try lockedRequest(id, on: connection)
        try Self.checkTransition(current.state, to: .delivered)
        let today = try RegistryClock.today(on: connection)
        let barred = try suspension(
            account: current.requesterAccount,
            institution: current.requester,
            item: current.itemID,
            on: today,
            on: connection
        )
        if barred != nil { throw ShareRequestRules.requesterSuspended.error }
        if current.endDate < today { throw ShareRequestRules.authorisationEnded.error }
        try connection.query("update share_request set state = 'delivered', delivery_note = \(note) where id = \(id)")
        return try request(id, on: connection).existing()
    }

    /// A23.2: the requester withdraws a request that is submitted or approved.
    public func withdraw(_ id: UUID, reason: String?, on connection: Connection) throws -> ShareRequest {
        let current = try lockedRequest(id, on: connection)
        try Self.checkTransition(current.state, to: .withdrawn)
        try connection.query("update share_request set state = 'withdrawn', withdrawal_reason = \(reason) where id = \(id)")
        return try request(id, on: connection).existing()
    }

    /// A23.2: refuses a step the state machine does not allow, as `share_request_transition_a23_2` does.
    static func checkTransition(_ from: ShareRequestState, to: ShareRequestState) throws(RegistryError) {
        guard from.successors.contains(to) else { throw ShareRequestRules.transition.error }
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
        try connection.query("select * from share_request_event where request_id = \(id) order by id").map(ShareRequestEvent.init(row:))
    }

    /// A request with its history, if filed.
    public func detail(_ id: UUID, on connection: Connection) throws -> ShareRequestDetail? {
        guard let request = try request(id, on: connection) else { return nil }
        return ShareRequestDetail(request: request, history: try history(of: id, on: connection))
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

    /// A50.1: the suspension barring this account or institution from this item (from all public data when `nil`) on
    /// `day`, if any.
    public func suspension(
        account: UUID,
        institution: String,
        item: UUID?,
        on day: CivilDate,
        on connection: Connection
    ) throws -> AccessSuspension? {
        try connection.query(
            """
            select * from access_suspension
             where id = access_suspension_in_force(\(account), \(institution), \(item), \(day)::date)
            """
        ).first.map { row in
            AccessSuspension(
                id: try row.decode("id"),
                account: try row.decodeIfPresent("account_id"),
                institution: try row.decodeIfPresent("institution_uscc"),
                itemID: try row.decodeIfPresent("item_id"),
                from: try row.decode("suspended_from"),
                until: try row.decodeIfPresent("suspended_until"),
                reason: try row.decode("reason"),
                article: try row.decode("article")
            )
        }
    }

    // MARK: Helpers

    static let requestSelect: SQL = """
        select r.*, i.code as item_code, pr.name as item_name, s.name as source_name, q.name as requester_name
          from share_request r
          join catalog_item i on i.id = r.item_id
          join catalog_item_revision pr on pr.id = r.revision_id
          join institution s on s.uscc = r.source_uscc
          join institution q on q.uscc = r.requester_uscc
        """

    /// A20.2 / A24.1: the filer is a current clerk account of the requesting institution; `refusal` otherwise.
    func checkFiler(
        _ account: UUID,
        of requester: String,
        on connection: Connection,
        refusal: Rule = ShareRequestRules.filedByRequesterClerk
    ) throws {
        let rows = try connection.query(
            """
            select 1 from account
             where id = \(account) and role = 'clerk' and institution_uscc = \(requester)::text and revoked_at is null
            """
        )
        if rows.count == 0 { throw refusal.error }
    }

    /// A24.1 / A23.3 / A23.4: the item is published, the data items are in its share content, and an item that is
    /// not shared takes only verification or comparison.
    private func checkItem(_ input: NewShareRequest, on connection: Connection) throws {
        let row = try connection.query(
            """
            select p.share_type, array(select e ->> 'name' from jsonb_array_elements(p.data_items) e) as names
              from catalog_item_published p
             where p.id = (select current_revision_id from catalog_item where id = \(input.itemID))
            """
        ).first
        guard let row else { throw ShareRequestRules.itemPublished.error }
        let names = try row.decode("names", as: [String].self)
        if !input.dataItems.allSatisfy(names.contains) { throw ShareRequestRules.itemsInShareContent.error }
        if try row.decode("share_type", as: ShareType.self) == .notShared, !input.purpose.isVerification {
            throw ShareRequestRules.notSharedVerificationOnly.error
        }
    }
}
