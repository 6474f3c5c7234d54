import Foundation
import Postgres

/// A20.2, A23.1–A23.4, A50.1: share requests as people use them — each step authorised for its actor and run in one
/// audited transaction (A44.1), so a refused request changes nothing.
///
/// A clerk of the requesting institution files and withdraws; a clerk of the source institution (whose catalog holds
/// the item) answers and delivers. Both sides follow a request and its due dates; so do reviewers of the public data
/// authority of either side's division or of one above it.
public struct ShareRequestWorkflow: Sendable {
    public let database: RegistryDatabase
    let store = ShareRequestStore()

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// A20.2 / A23.1: files a request for the clerk's institution (or `input.requester`, which must be it). A flow-back
    /// (A19.1) is filed by a clerk of a league/city public data authority for an item of the region's catalog; the
    /// region's authority answers it.
    public func file(_ input: NewShareRequest, kind: ShareRequestKind = .share, by actor: Principal) async throws -> ShareRequestDetail {
        try actor.require(.clerk)
        let requester = input.requester?.uppercased() ?? actor.institution ?? ""
        try actor.requireClerk(of: requester)
        let action = kind == .flowBack ? "flow_back.file" : "share_request.file"
        return try await database.write(actor.audit(action)) { [store] connection in
            let request = try store.file(input, kind: kind, requester: requester, account: actor.account.id, on: connection)
            return try store.detail(request.id, on: connection).existing()
        }
    }

    /// A23.2 / A23.4: the source's reply (a clerk of the source institution).
    public func reply(to id: UUID, _ reply: ShareReply, by actor: Principal) async throws -> ShareRequestDetail {
        try actor.require(.clerk)
        let action =
            switch reply {
            case .approve: "share_request.approve"
            case .refuse: "share_request.refuse"
            }
        return try await database.write(actor.audit(action)) { [store] connection in
            try actor.requireClerk(of: try store.lockedRequest(id, on: connection).source)
            _ = try store.reply(id, reply, on: connection)
            return try store.detail(id, on: connection).existing()
        }
    }

    /// A23.2: records the delivery of an approved request (a clerk of the source institution).
    public func deliver(_ id: UUID, note: String?, by actor: Principal) async throws -> ShareRequestDetail {
        try actor.require(.clerk)
        return try await database.write(actor.audit("share_request.deliver")) { [store] connection in
            try actor.requireClerk(of: try store.lockedRequest(id, on: connection).source)
            _ = try store.deliver(id, note: note, on: connection)
            return try store.detail(id, on: connection).existing()
        }
    }

    /// A23.2: withdraws a request (a clerk of the requesting institution).
    public func withdraw(_ id: UUID, reason: String?, by actor: Principal) async throws -> ShareRequestDetail {
        try actor.require(.clerk)
        return try await database.write(actor.audit("share_request.withdraw")) { [store] connection in
            try actor.requireClerk(of: try store.lockedRequest(id, on: connection).requester)
            _ = try store.withdraw(id, reason: reason, on: connection)
            return try store.detail(id, on: connection).existing()
        }
    }

    /// A23.2: a request with its state, due dates and history, for either side or the authorities above them.
    public func detail(_ id: UUID, by actor: Principal) async throws -> ShareRequestDetail {
        try actor.require(.clerk, .reviewer)
        return try await database.read { [store] connection in
            guard let detail = try store.detail(id, on: connection) else { throw RegistryError.notFound("共享申请", field: "id") }
            try actor.requireFollower(of: [detail.request.source, detail.request.requester], subject: "共享申请", on: connection)
            return detail
        }
    }

    /// A20.1 / A19.1: the requests an institution filed or answers (of one kind when `kind` is given), for its clerks
    /// and the authorities above it.
    public func requests(
        of institution: String,
        state: ShareRequestState?,
        kind: ShareRequestKind? = nil,
        by actor: Principal
    ) async throws -> [ShareRequest] {
        try actor.require(.clerk, .reviewer)
        return try await database.read { [store] connection in
            try actor.requireFollower(of: [institution], subject: "共享申请", on: connection)
            return try store.requests(of: institution, state: state, kind: kind, on: connection)
        }
    }

    /// A23.2 / A24.1 / W.1 (提醒督办): an institution's open replies and deliveries, of share requests and of demands
    /// for data outside the catalog, due within `workingDays` working days after `day` (today in Asia/Shanghai when
    /// `nil`), or overdue — for its clerks and the authorities above it.
    public func dueList(
        of institution: String,
        on day: CivilDate? = nil,
        within workingDays: Int,
        by actor: Principal
    ) async throws -> [ShareDueItem] {
        try actor.require(.clerk, .reviewer)
        guard workingDays >= 0 else { throw RegistryError.invalid("within", "提醒天数须为非负的工作日数。") }
        return try await database.read { connection in
            try actor.requireFollower(of: [institution], subject: "共享申请", on: connection)
            let day = try day ?? RegistryClock.today(on: connection)
            return try ShareReminders().dueList(of: institution, on: day, within: workingDays, on: connection)
        }
    }

    /// A20.1: one of the three lists within the actor's oversight (``OversightScope``), narrowed by `filter`.
    public func list(_ list: ShareList, _ filter: OversightFilter, by actor: Principal) async throws -> ShareListTable {
        let scope = try OversightScope(for: actor)
        // A whole list, downloaded as an export: the long statement budget.
        return try await database.read(budget: .long) { connection in
            try list.table(try scope.narrowing(filter, on: connection), on: connection)
        }
    }
}
