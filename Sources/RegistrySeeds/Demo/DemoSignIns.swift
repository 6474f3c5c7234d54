import Foundation
import Postgres
import RegistryCore

/// RP.4: the demo registry's sign-ins — one account per role with a login and a published demo password, so that a
/// newcomer can click through the workspace at once. Only `registry seed demo` sets them, on a demo database.
public struct DemoSignIns {
    /// One demo sign-in.
    public struct Entry: Sendable, Hashable {
        public var role: Role
        public var login: String
        public var password: String
        public var displayName: String
    }

    public init() {}

    /// The demo password of a role (public: it is printed by `scripts/up.sh`).
    public static func password(for role: Role) -> String {
        "demo-\(role.rawValue.replacingOccurrences(of: "_", with: "-"))-2026"
    }

    /// The login of a role's demo account.
    public static func login(for role: Role) -> String {
        "demo.\(role.rawValue)"
    }

    /// The login of a second clerk, of another institution than the demo clerk's (its password is the clerk's): to
    /// see that a clerk cannot open another institution's draft.
    public static let otherClerkLogin = "demo.clerk.other"

    /// The login of a reviewer of the region's authority (its password is the reviewer's), which publishes the region's
    /// assessment (A39.1) — the demo reviewer is of the authority deciding the demo clerk's catalog, of whatever division.
    public static let regionReviewerLogin = "demo.reviewer.region"

    /// Gives one account per role its demo login and password hash (from `hashes`, by role), opening the admin and
    /// auditor accounts the demo registry lacks, and a second clerk of another institution; accounts that have a
    /// password keep it. Returns every sign-in.
    public func apply(hashes: [Role: String], on connection: Connection) throws -> [Entry] {
        var entries = try Role.allCases.map { role in
            let (id, name) = try account(for: role, on: connection)
            try setSignIn(of: id, login: Self.login(for: role), hash: hashes[role], on: connection)
            return Entry(role: role, login: Self.login(for: role), password: Self.password(for: role), displayName: name)
        }
        if let (id, name) = try otherClerk(on: connection) {
            try setSignIn(of: id, login: Self.otherClerkLogin, hash: hashes[.clerk], on: connection)
            entries.append(Entry(role: .clerk, login: Self.otherClerkLogin, password: Self.password(for: .clerk), displayName: name))
        }
        if let (id, name) = try regionReviewer(on: connection) {
            try setSignIn(of: id, login: Self.regionReviewerLogin, hash: hashes[.reviewer], on: connection)
            entries.append(Entry(role: .reviewer, login: Self.regionReviewerLogin, password: Self.password(for: .reviewer), displayName: name))
        }
        return entries
    }

    private func setSignIn(of id: UUID, login: String, hash: String?, on connection: Connection) throws {
        try connection.query("update account set login = \(login), password_hash = \(hash) where id = \(id) and password_hash is null")
    }

    /// A clerk of another institution than the demo clerk's, of its division where there is one.
    private func otherClerk(on connection: Connection) throws -> (UUID, String)? {
        let clerk = Self.login(for: .clerk)
        return try connection.query(
            """
            select a.id, a.display_name from account a join institution i on i.uscc = a.institution_uscc
             where a.role = 'clerk' and a.revoked_at is null and (a.login is null or a.login = \(Self.otherClerkLogin))
               and a.institution_uscc is distinct from (select institution_uscc from account where login = \(clerk))
             order by a.login = \(Self.otherClerkLogin) desc nulls last,
                      i.division_code = (select ci.division_code from account ca join institution ci on ci.uscc = ca.institution_uscc
                                          where ca.login = \(clerk)) desc nulls last,
                      a.institution_uscc, a.created_at, a.id
             limit 1
            """
        ).first.map { (try $0.decode("id"), try $0.decode("display_name")) }
    }

    /// A reviewer of the region's authority other than the demo reviewer, opened when it has none; `nil` without a
    /// region's authority (not a demo registry).
    private func regionReviewer(on connection: Connection) throws -> (UUID, String)? {
        let login = Self.regionReviewerLogin
        let reviewer = Self.login(for: .reviewer)
        let found = try connection.query(
            """
            select a.id, a.display_name from account a join institution i on i.uscc = a.institution_uscc
             where a.role = 'reviewer' and a.revoked_at is null and i.kind = 'public_data_authority' and i.division_code = '150000'
               and (a.login is null or a.login = \(login)) and a.login is distinct from \(reviewer)
             order by a.login = \(login) desc nulls last, a.created_at, a.id
             limit 1
            """
        ).first
        if let found { return (try found.decode("id"), try found.decode("display_name")) }
        guard
            let authority = try connection.query(
                "select uscc from institution where kind = 'public_data_authority' and division_code = '150000' order by uscc limit 1"
            ).first
        else { return nil }
        let new = NewAccount(role: .reviewer, displayName: "自治区公共数据主管部门审核员(演示)", institution: try authority.decode("uscc", as: String.self))
        let (account, _) = try AccountStore().create(new, on: connection)
        return (account.id, account.displayName)
    }

    /// The account that signs in for `role`: the one with its demo login, else the demo registry's account in the role
    /// whose institution has the most open work to show (a reviewer: of the authority that decides the demo clerk's
    /// catalog) (share requests and demands to answer or deliver, error
    /// reports to handle), the region's first where there is a choice, else a new one.
    private func account(for role: Role, on connection: Connection) throws -> (UUID, String) {
        let row = try connection.query(
            """
            select a.id, a.display_name from account a left join institution i on i.uscc = a.institution_uscc
             where a.role = \(role)::account_role and a.revoked_at is null
             order by a.login = \(Self.login(for: role)) desc nulls last,
                      -- the demo planner drafts the region's plans
                      (\(role)::account_role = 'planner' and i.division_code = '150000') desc nulls last,
                      -- the demo reviewer decides the demo clerk's catalog: of the authority of the clerk's division
                      (\(role)::account_role = 'reviewer' and i.kind = 'public_data_authority'
                       and i.division_code = (select ci.division_code from account ca join institution ci on ci.uscc = ca.institution_uscc
                                               where ca.login = \(Self.login(for: .clerk)))) desc nulls last,
                      (select count(*) from share_request r where r.source_uscc = a.institution_uscc and r.state in ('submitted', 'approved'))
                      + (select count(*) from share_demand d where d.source_uscc = a.institution_uscc and d.state in ('forwarded', 'confirmed'))
                      + (select count(*) from error_report e where e.provider_uscc = a.institution_uscc and e.state in ('received', 'verifying'))
                      desc,
                      i.division_code nulls last, a.institution_uscc, a.created_at, a.id
             limit 1
            """
        ).first
        if let row { return (try row.decode("id"), try row.decode("display_name")) }
        let (account, _) = try AccountStore().create(NewAccount(role: role, displayName: role.label + "(演示)"), on: connection)
        return (account.id, account.displayName)
    }
}
