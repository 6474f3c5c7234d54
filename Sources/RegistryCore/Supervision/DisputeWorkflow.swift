import Foundation
import Postgres

/// A47.1: disputes as people use them — each step authorised for its actor and run in one audited transaction
/// (A44.1), so a refused step changes nothing.
///
/// A party — a clerk of a party institution, or a party data user — brings a dispute to a public data authority;
/// only reviewers of that authority coordinate it, refer it to the expert committee and decide it; only accounts of the
/// committee record its recommendation. The parties, the authorities of the division and above, and the committee
/// follow a dispute.
public struct DisputeWorkflow: Sendable {
    public let database: RegistryDatabase
    let store = DisputeStore()

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// A47.1: files a dispute (a clerk of a party institution, or a party data user).
    public func file(_ input: NewDispute, by actor: Principal) async throws -> DisputeDetail {
        try actor.require(.clerk, .dataUser)
        return try await database.write(actor.audit("dispute.file")) { [store] connection in
            try store.file(input, filer: actor.account.id, on: connection)
        }
    }

    /// A47.1: the authority takes up coordination.
    public func coordinate(_ id: UUID, note: String?, by actor: Principal) async throws -> DisputeDetail {
        try await authorityStep(id, "dispute.coordinate", by: actor) { [store] connection in
            try store.coordinate(id, note: note, on: connection)
        }
    }

    /// A47.1: the authority refers the dispute to the expert committee.
    public func refer(_ id: UUID, question: String, by actor: Principal) async throws -> DisputeDetail {
        try await authorityStep(id, "dispute.refer", by: actor) { [store] connection in
            try store.refer(id, question: question, on: connection)
        }
    }

    /// A47.1: an account of the expert committee records its recommendation.
    public func recommend(_ id: UUID, _ recommendation: String, by actor: Principal) async throws -> DisputeDetail {
        try await database.write(actor.audit("dispute.recommend")) { [store] connection in
            _ = try store.locked(id, on: connection)
            guard actor.role == .committee else {
                throw RegistryError(.forbidden, "只有公共数据专家委员会可以提出专业建议。")
            }
            return try store.recommend(id, recommendation, by: actor.account.id, on: connection)
        }
    }

    /// A47.1: the authority decides the dispute.
    public func decide(_ id: UUID, decision: String, by actor: Principal) async throws -> DisputeDetail {
        try await authorityStep(id, "dispute.decide", by: actor) { [store] connection in
            try store.decide(id, decision: decision, on: connection)
        }
    }

    /// A47.1: a dispute with its parties and history, for the parties, the authorities of its division and above, and
    /// the committee.
    public func detail(_ id: UUID, by actor: Principal) async throws -> DisputeDetail {
        try await database.read { [store] connection in
            guard let detail = try store.detail(id, on: connection) else { throw RegistryError.notFound("争议", field: "id") }
            try Self.requireReader(of: detail.dispute, actor, on: connection)
            return detail
        }
    }

    /// A47.1: the disputes before the reviewer's authority and those below it; every dispute for the committee; a
    /// clerk's institution's and a data user's own.
    public func disputes(state: DisputeState?, by actor: Principal) async throws -> [Dispute] {
        try actor.require(.clerk, .reviewer, .committee, .dataUser)
        return try await database.read { [store] connection in
            switch actor.role {
            case .committee:
                return try store.allDisputes(state: state, on: connection)
            case .dataUser:
                return try store.disputes(ofAccount: actor.account.id, state: state, on: connection)
            case .clerk:
                return try store.disputes(ofInstitution: actor.institution ?? "", state: state, on: connection)
            default:
                guard actor.institutionKind == .publicDataAuthority, let division = actor.division else {
                    throw RegistryError(.forbidden, "只有公共数据主管部门的审核员可以查看本地区的争议。")
                }
                return try store.disputes(for: division, state: state, on: connection)
            }
        }
    }

    // MARK: Helpers

    /// One audited step on a locked dispute, by a reviewer of the authority it was brought to.
    private func authorityStep(
        _ id: UUID,
        _ action: String,
        by actor: Principal,
        _ step: @escaping @Sendable (Connection) throws -> DisputeDetail
    ) async throws -> DisputeDetail {
        try await database.write(actor.audit(action)) { [store] connection in
            let dispute = try store.locked(id, on: connection)
            try actor.requireAuthority(of: dispute.authorityDivision)
            return try step(connection)
        }
    }

    /// The parties and the filer, the committee, and reviewers of the authority of the dispute's division or above.
    static func requireReader(of dispute: Dispute, _ actor: Principal, on connection: Connection) throws {
        switch actor.role {
        case .committee: return
        case _ where actor.account.id == dispute.filedBy: return
        case .dataUser where dispute.partyAccounts.contains(actor.account.id): return
        case .clerk where actor.institution.map(dispute.partyInstitutions.contains) == true: return
        case .reviewer:
            let lineage = try DivisionStore().lineage(of: dispute.authorityDivision, on: connection)
            try actor.requireAuthority(overLineage: lineage)
        default:
            throw RegistryError(.forbidden, "只有争议当事方、受理的公共数据主管部门及其上级和专家委员会可以查看该争议。")
        }
    }
}
