import Foundation
import Postgres

/// A50.1: a suspension of a data user's access in force today, as the data user is told of it — why, under which
/// article, since when and until when (a day, or until the violation is rectified, by its rectification deadline).
public struct DataUserSuspension: Sendable, Hashable {
    public var reason: String
    /// The clause of the regulation the suspension rests on, as recorded (`A50(3)`).
    public var article: String
    public var itemName: String?
    public var suspendedFrom: CivilDate
    public var suspendedUntil: CivilDate?
    /// The rectification deadline of the violation behind the suspension, if one is.
    public var rectificationDue: CivilDate?

    init(row: Row) throws {
        reason = try row.decode("reason")
        article = try row.decode("article")
        itemName = try row.decodeIfPresent("item_name")
        suspendedFrom = try row.decode("suspended_from")
        suspendedUntil = try row.decodeIfPresent("suspended_until")
        rectificationDue = try row.decodeIfPresent("rectification_due")
    }

    /// The suspensions of the signed-in data user's own access in force today.
    public static func inForce(for actor: Principal, in database: RegistryDatabase) async throws -> [DataUserSuspension] {
        try actor.require(.dataUser)
        let account = actor.account.id
        return try await database.read { connection in
            try connection.query(
                """
                select s.reason, s.article, s.suspended_from, s.suspended_until, v.rectification_due, r.name as item_name
                  from access_suspension s
                  left join violation v on v.suspension_id = s.id
                  left join catalog_item i on i.id = s.item_id
                  left join catalog_item_revision r on r.id = i.current_revision_id
                 where s.account_id = \(account) and s.suspended_from <= registry_today()
                   and (s.suspended_until is null or registry_today() <= s.suspended_until)
                   and (s.lifted_on is null or registry_today() < s.lifted_on)
                 order by s.suspended_from, s.id
                """
            ).map(DataUserSuspension.init(row:))
        }
    }
}
