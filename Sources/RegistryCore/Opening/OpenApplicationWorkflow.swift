import Foundation
import Postgres

/// A28.2: applications for conditionally open data as people use them — a data user applies and follows its
/// application, and withdraws it; a clerk of the providing institution answers; the authorities above the institution
/// follow. Every step is one audited transaction.
public struct OpenApplicationWorkflow: Sendable {
    public let database: RegistryDatabase
    let store = OpenApplicationStore()

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// Files an application (a data user, in its own name).
    public func file(_ input: NewOpenApplication, by actor: Principal) async throws -> OpenApplication {
        try actor.require(.dataUser)
        return try await database.write(actor.audit("open_application.file")) { [store] connection in
            try store.file(input, account: actor.account.id, on: connection)
        }
    }

    /// Answers an application (a clerk of the providing institution).
    public func reply(to id: UUID, _ reply: OpenApplicationReply, by actor: Principal) async throws -> OpenApplication {
        let action =
            switch reply {
            case .approve: "open_application.approve"
            case .refuse: "open_application.refuse"
            }
        return try await database.write(actor.audit(action)) { [store] connection in
            try actor.requireClerk(of: try store.locked(id, on: connection).institution)
            return try store.reply(id, reply, on: connection)
        }
    }

    /// Withdraws an application (its applicant).
    public func withdraw(_ id: UUID, by actor: Principal) async throws -> OpenApplication {
        try await database.write(actor.audit("open_application.withdraw")) { [store] connection in
            guard try store.locked(id, on: connection).applicantAccount == actor.account.id else {
                throw RegistryError(.forbidden, "只有申请人可以撤回开放申请。")
            }
            return try store.withdraw(id, on: connection)
        }
    }

    /// One application, for its applicant, the providing institution and the authorities above it.
    public func application(_ id: UUID, by actor: Principal) async throws -> OpenApplication {
        try await database.read { [store] connection in
            guard let application = try store.application(id, on: connection) else {
                throw RegistryError.notFound("开放申请", field: "id")
            }
            try OpeningAccess.requireReader(
                filer: application.applicantAccount,
                institution: application.institution,
                actor,
                on: connection
            )
            return application
        }
    }

    /// A data user's own applications, or those an institution answers (its clerks and the authorities above it).
    public func applications(of institution: String?, by actor: Principal) async throws -> [OpenApplication] {
        try await database.read { [store] connection in
            switch try OpeningAccess.listing(of: institution, actor, article: "A28.2", on: connection) {
            case .filedBy(let account): try store.applications(applicant: account, on: connection)
            case .answeredBy(let uscc): try store.applications(institution: uscc, on: connection)
            }
        }
    }
}
