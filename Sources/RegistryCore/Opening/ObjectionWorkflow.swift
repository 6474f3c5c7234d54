import Foundation
import Postgres

/// A28.3: objections as people use them — a data user files one against an open item and its opening stops at once;
/// a clerk of the providing institution verifies and decides, then reopens processed data; the complainant, the
/// institution and the authorities above it follow. Every step is one audited transaction.
public struct ObjectionWorkflow: Sendable {
    public let database: RegistryDatabase
    let store = ObjectionStore()

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// Files an objection (a data user, in its own name), with its evidence files; the item's opening is suspended in
    /// the same transaction.
    public func file(_ input: NewObjection, evidence: [ObjectionEvidenceFile] = [], by actor: Principal) async throws -> Objection {
        try actor.require(.dataUser)
        return try await database.write(actor.audit("open_objection.file")) { [store] connection in
            let objection = try store.file(input, account: actor.account.id, on: connection)
            for file in evidence { try store.addEvidence(file, to: objection.id, on: connection) }
            return objection
        }
    }

    /// The evidence files of an objection, for those who may read it.
    public func evidence(of id: UUID, by actor: Principal) async throws -> [ObjectionEvidence] {
        _ = try await objection(id, by: actor)
        return try await database.read { [store] connection in try store.evidence(of: id, on: connection) }
    }

    /// Records the decision after verification (a clerk of the providing institution).
    public func decide(_ id: UUID, _ decision: ObjectionDecision, by actor: Principal) async throws -> Objection {
        try await database.write(actor.audit("open_objection.decide")) { [store] connection in
            try actor.requireClerk(of: try store.locked(id, on: connection).institution)
            return try store.decide(id, decision, on: connection)
        }
    }

    /// Reopens processed data (a clerk of the providing institution).
    public func reopen(_ id: UUID, feedback: String, by actor: Principal) async throws -> Objection {
        try await database.write(actor.audit("open_objection.reopen")) { [store] connection in
            try actor.requireClerk(of: try store.locked(id, on: connection).institution)
            return try store.reopen(id, feedback: feedback, on: connection)
        }
    }

    /// One objection, for the complainant, the providing institution and the authorities above it.
    public func objection(_ id: UUID, by actor: Principal) async throws -> Objection {
        try await database.read { [store] connection in
            guard let objection = try store.objection(id, on: connection) else { throw RegistryError.notFound("异议", field: "id") }
            try OpeningAccess.requireReader(
                filer: objection.complainantAccount,
                institution: objection.institution,
                actor,
                on: connection
            )
            return objection
        }
    }

    /// A data user's own objections, or those an institution decides (its clerks and the authorities above it).
    public func objections(of institution: String?, by actor: Principal) async throws -> [Objection] {
        try await database.read { [store] connection in
            switch try OpeningAccess.listing(of: institution, actor, article: "A28.3", on: connection) {
            case .filedBy(let account): try store.objections(complainant: account, on: connection)
            case .answeredBy(let uscc): try store.objections(institution: uscc, on: connection)
            }
        }
    }
}
