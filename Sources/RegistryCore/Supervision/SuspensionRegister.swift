import Foundation
import Postgres

/// A50.1: a suspension of access to public data in force today (暂时关闭其获取相关公共数据的权限), as the authority
/// supervising it sees it: whose access, to which data, why, since and until when — a day, or until the violation
/// behind it is rectified (its rectification deadline) — and that violation, whose rectification lifts it.
public struct SuspensionEntry: Sendable, Hashable {
    /// The data user suspended, by name and masked identity only (A13.1); `nil` for an institution.
    public var dataUser: DataUser?
    public var institutionName: String?
    public var itemName: String?
    public var reason: String
    /// The clause, as recorded (`第五十条第(一)项` or `A50(1)`).
    public var article: String
    public var suspendedFrom: CivilDate
    public var suspendedUntil: CivilDate?
    public var violationID: UUID?
    public var violationNumber: Int64?
    public var rectificationDue: CivilDate?

    init(row: Row) throws {
        dataUser = try row.decodeIfPresent("du_id", as: UUID.self) == nil ? nil : try DataUser(row: row, prefix: "du_")
        institutionName = try row.decodeIfPresent("institution_name")
        itemName = try row.decodeIfPresent("item_name")
        reason = try row.decode("reason")
        article = try row.decode("article")
        suspendedFrom = try row.decode("suspended_from")
        suspendedUntil = try row.decodeIfPresent("suspended_until")
        violationID = try row.decodeIfPresent("violation_id")
        violationNumber = try row.decodeIfPresent("violation_no")
        rectificationDue = try row.decodeIfPresent("rectification_due")
    }
}

extension ViolationWorkflow {
    /// A50.1: the suspensions in force today in the reviewer's division and below it (the division of the data concerned,
    /// else the region's), those with the nearest rectification deadline first.
    public func suspensionsInDivision(by actor: Principal) async throws -> [SuspensionEntry] {
        try actor.require(.reviewer)
        guard actor.institutionKind == .publicDataAuthority, let division = actor.division else {
            throw RegistryError(.forbidden, "暂停获取权限的情况由公共数据主管部门监督。")
        }
        return try await database.read { connection in
            try connection.query(
                """
                select s.reason, s.article, s.suspended_from, s.suspended_until, v.id as violation_id, v.violation_no,
                       v.rectification_due, i.name as institution_name, r.name as item_name, \(DataUser.joinedColumns)
                  from access_suspension s
                  left join violation v on v.suspension_id = s.id
                  left join institution i on i.uscc = s.institution_uscc
                  left join account a on a.id = s.account_id
                  left join data_user du on du.id = a.data_user_id
                  left join catalog_item ci on ci.id = s.item_id
                  left join catalog_item_revision r on r.id = ci.current_revision_id
                 where violation_jurisdiction(s.institution_uscc, s.item_id) in (select division_and_descendants(\(division)::char(6)))
                   and s.suspended_from <= registry_today()
                   and (s.suspended_until is null or registry_today() <= s.suspended_until)
                   and (s.lifted_on is null or registry_today() < s.lifted_on)
                 order by coalesce(v.rectification_due, s.suspended_until) nulls last, s.suspended_from, s.id
                 limit 500
                """
            ).map(SuspensionEntry.init(row:))
        }
    }
}
