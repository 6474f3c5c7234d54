import Foundation
import Postgres

/// A28.2 / A28.3: who follows what a data user files with an institution (an application, an objection): the data
/// user itself; clerks of the providing institution; reviewers of the authority of its division or of one above it.
enum OpeningAccess {
    /// Whose filings a listing shows.
    enum Listing {
        /// The data user's own.
        case filedBy(UUID)
        /// Those the institution answers.
        case answeredBy(String)
    }

    /// Refuses unless the actor may read a filing of `filer` with `institution`.
    static func requireReader(filer: UUID, institution: String, _ actor: Principal, on connection: Connection) throws {
        if actor.role == .dataUser, actor.account.id == filer { return }
        try actor.require(.clerk, .reviewer)
        try actor.requireFollower(of: [institution], subject: "开放申请或异议", on: connection)
    }

    /// The listing the actor may see: a data user its own filings; staff those of `institution` (their own by default).
    static func listing(of institution: String?, _ actor: Principal, article: String, on connection: Connection) throws -> Listing {
        if actor.role == .dataUser { return .filedBy(actor.account.id) }
        guard let institution = institution ?? actor.institution else {
            throw RegistryError.missing("institution", "机构统一社会信用代码", article: article)
        }
        try actor.require(.clerk, .reviewer)
        try actor.requireFollower(of: [institution], subject: "开放申请或异议", on: connection)
        return .answeredBy(institution)
    }
}
