import Foundation
import Postgres

/// A49.1 / A50.1 / A51.1: violations as people use them — a reviewer of a public data authority records a violation
/// that belongs to its division or one below it (``Violation/jurisdiction``: the institution's division, or for a data
/// user the division of the data concerned) and closes it; the institution's clerks (or those of the institution
/// whose data it concerns), the data user, the committee and the authorities above follow. Every step is one audited
/// transaction.
public struct ViolationWorkflow: Sendable {
    public let database: RegistryDatabase
    let store = ViolationStore()

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// Records a violation (a reviewer of the authority of the violation's division or of one above it).
    public func record(_ input: NewViolation, by actor: Principal) async throws -> Violation {
        try actor.require(.reviewer)
        guard let authority = actor.institution else { throw RegistryError(.forbidden, "违规记录由公共数据主管部门作出。") }
        return try await database.write(actor.audit("violation.record")) { [store] connection in
            let division = try store.jurisdiction(institution: input.institution, item: input.itemID, on: connection)
            try actor.requireAuthority(overLineage: try DivisionStore().lineage(of: division, on: connection))
            return try store.record(input, authority: authority, on: connection)
        }
    }

    /// Closes a violation (a reviewer of the authority of the violation's division or of one above it).
    public func close(_ id: UUID, _ closing: ViolationClosing, by actor: Principal) async throws -> Violation {
        try await database.write(actor.audit("violation.close")) { [store] connection in
            let violation = try store.locked(id, on: connection)
            try actor.requireAuthority(overLineage: try DivisionStore().lineage(of: violation.jurisdiction, on: connection))
            return try store.close(id, closing, on: connection)
        }
    }

    /// One violation, for its subject, the committee and the authorities over it.
    public func violation(_ id: UUID, by actor: Principal) async throws -> Violation {
        try await database.read { [store] connection in
            guard let violation = try store.violation(id, on: connection) else {
                throw RegistryError.notFound("违规记录", field: "id")
            }
            try Self.requireReader(of: violation, actor, on: connection)
            return violation
        }
    }

    /// The violations of an institution (its clerks, the committee, the authorities above it), or a data user's own.
    public func violations(of institution: String?, state: ViolationState?, by actor: Principal) async throws -> [Violation] {
        try await database.read { [store] connection in
            if actor.role == .dataUser { return try store.violations(dataUser: actor.account.id, state: state, on: connection) }
            guard let institution = institution ?? actor.institution else {
                throw RegistryError.missing("institution", "机构统一社会信用代码", article: "A49.1")
            }
            if actor.role != .committee { try actor.requireFollower(of: [institution], subject: "违规记录", on: connection) }
            return try store.violations(institution: institution, state: state, on: connection)
        }
    }

    static func requireReader(of violation: Violation, _ actor: Principal, on connection: Connection) throws {
        switch actor.role {
        case .committee: return
        case .dataUser where violation.dataUserAccount == actor.account.id: return
        case .reviewer where actor.institution == violation.authority: return
        case .reviewer:
            try actor.requireAuthority(overLineage: try DivisionStore().lineage(of: violation.jurisdiction, on: connection))
        default:
            guard let institution = violation.institution ?? violation.itemInstitution else {
                throw RegistryError(.forbidden, "无权查看该违规记录。")
            }
            try actor.requireFollower(of: [institution], subject: "违规记录", on: connection)
        }
    }
}
