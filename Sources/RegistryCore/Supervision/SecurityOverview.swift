import Foundation
import Postgres

/// A36.1: the security duties of the institutions in an authority's division and below — whether each has named its
/// security officer, and its latest periodic security check and the checks of the year — for the authority's
/// supervision list. Read-only; checks are recorded through ``SecurityRecords``.
public struct SecurityOverviewEntry: Sendable, Hashable {
    public var institution: String
    public var institutionName: String
    public var officerNamedOn: CivilDate?
    public var lastPeriodicCheck: CivilDate?
    public var checksThisYear: Int
    /// Issues found by the year's checks.
    public var issuesThisYear: Int
}

extension SecurityRecords {
    /// The reviewer's division's institutions, those without a security officer first, then the longest unchecked.
    public func overview(by actor: Principal) async throws -> [SecurityOverviewEntry] {
        try actor.require(.reviewer)
        guard actor.institutionKind == .publicDataAuthority, let division = actor.division else {
            throw RegistryError(.forbidden, "安全管理监督由公共数据主管部门办理。")
        }
        return try await database.read { connection in
            try connection.query(
                """
                select i.uscc, i.name, i.security_officer_named_on,
                       (select max(s.checked_on) from security_check s where s.institution_uscc = i.uscc and s.kind = 'periodic_check')
                           as last_periodic_check,
                       (select count(*) from security_check s
                         where s.institution_uscc = i.uscc and extract(year from s.checked_on) = extract(year from registry_today()))::int
                           as checks_this_year,
                       (select coalesce(sum(s.issues_found), 0) from security_check s
                         where s.institution_uscc = i.uscc and extract(year from s.checked_on) = extract(year from registry_today()))::int
                           as issues_this_year
                  from institution i
                 where i.division_code in (select division_and_descendants(\(division)::char(6)))
                 order by i.security_officer_named_on is not null, last_periodic_check nulls first, i.name
                 limit 500
                """
            ).map { row in
                SecurityOverviewEntry(
                    institution: try row.decode("uscc"),
                    institutionName: try row.decode("name"),
                    officerNamedOn: try row.decodeIfPresent("security_officer_named_on"),
                    lastPeriodicCheck: try row.decodeIfPresent("last_periodic_check"),
                    checksThisYear: try row.decode("checks_this_year"),
                    issuesThisYear: try row.decode("issues_this_year")
                )
            }
        }
    }
}
