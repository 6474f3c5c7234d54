import Foundation
import Postgres

/// A50.1: a data user's account as a reviewer of a public data authority finds it to suspend its access — by the
/// organisation's name or code, the account's login, or a natural person's identity number (matched by its keyed
/// digest) or a fragment of its masked form; the person only masked (A13.1), never the clear number, which the
/// registry does not keep.
public struct DataUserAccountEntry: Sendable, Hashable {
    public var account: UUID
    public var login: String?
    public var dataUser: DataUser
    /// Whether a suspension of its access is in force today.
    public var suspended: Bool

    init(row: Row) throws {
        account = try row.decode("account_id")
        login = try row.decodeIfPresent("login")
        dataUser = try DataUser(row: row, prefix: "du_")
        suspended = try row.decode("suspended")
    }
}

/// A50.1: data a suspension may cover (相关公共数据) — a catalog item the data user applied for (A28.2), reported
/// using (A36.1) or was found to misuse before (A50.1), in the reviewer's division or below it.
public struct SuspensionItemChoice: Sendable, Hashable {
    public var item: UUID
    public var name: String
    public var code: String

    init(row: Row) throws {
        item = try row.decode("item_id")
        name = try row.decode("name")
        code = try row.decode("code")
    }
}

extension ViolationWorkflow {
    /// The most accounts one search lists.
    public static let candidateLimit = 50

    /// A50.1: the current data users' accounts matching `text` (a reviewer of a public data authority, of any division:
    /// a data user belongs to none) — an organisation's name or unified social credit code, a login, the account's id,
    /// a full identity number (by its digest), a masked one or a fragment of it (`150102`, `123X`). A natural person's
    /// name is never matched.
    public func dataUserAccounts(matching text: String, by actor: Principal) async throws -> [DataUserAccountEntry] {
        try Self.requireSuspender(actor)
        let word = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !word.isEmpty else { return [] }
        let number = try? CitizenIdentityNumber(validating: word)
        return try await database.read { connection in
            try connection.query(
                """
                \(Self.candidateSelect)
                   and (a.id::text = lower(\(word)) or a.login = lower(\(word)) or du.uscc::text = upper(\(word))
                        or (du.kind <> 'natural_person' and strpos(du.name, \(word)) > 0)
                        or strpos(du.citizen_id_masked, upper(\(word))) > 0
                        or du.citizen_id_digest = citizen_id_digest(\(number)::text))
                 order by du.kind, du.name, a.login, a.id
                 limit \(Self.candidateLimit)
                """
            ).map(DataUserAccountEntry.init(row:))
        }
    }

    /// A50.1: one current data user's account, and the data in the reviewer's division or below it that a suspension
    /// may name; `nil` when the account is not a current data user's.
    public func suspensionCandidate(_ account: UUID, by actor: Principal) async throws -> (DataUserAccountEntry, [SuspensionItemChoice])? {
        try Self.requireSuspender(actor)
        guard let division = actor.division else { return nil }
        return try await database.read { connection in
            guard let entry = try connection.query("\(Self.candidateSelect) and a.id = \(account)").first.map(DataUserAccountEntry.init(row:)) else {
                return nil
            }
            let items = try connection.query(
                """
                select ci.id as item_id, ci.code, r.name
                  from catalog_item ci
                  join catalog_item_revision r on r.id = ci.current_revision_id
                 where ci.id in (select item_id from open_application where applicant_account = \(account)
                                 union select item_id from usage_feedback where data_user_account = \(account)
                                 union select item_id from violation where data_user_account = \(account))
                   and violation_jurisdiction(null, ci.id) in (select division_and_descendants(\(division)::char(6)))
                 order by r.name, ci.code
                """
            ).map(SuspensionItemChoice.init(row:))
            return (entry, items)
        }
    }

    /// Only a reviewer of a public data authority suspends a data user's access (A50.1).
    static func requireSuspender(_ actor: Principal) throws {
        try actor.require(.reviewer)
        guard actor.institutionKind == .publicDataAuthority else {
            throw RegistryError(.forbidden, "暂时关闭数据利用主体获取公共数据的权限,由公共数据主管部门决定。")
        }
    }

    /// Current data users' accounts, each with whether a suspension of its access is in force today; callers add
    /// their conditions with `and`.
    static let candidateSelect: SQL = """
        select a.id as account_id, a.login, \(DataUser.joinedColumns),
               exists (select 1 from access_suspension s
                        where s.account_id = a.id and s.suspended_from <= registry_today()
                          and (s.suspended_until is null or registry_today() <= s.suspended_until)
                          and (s.lifted_on is null or registry_today() < s.lifted_on)) as suspended
          from account a
          join data_user du on du.id = a.data_user_id
         where a.role = 'data_user' and a.revoked_at is null
        """
}
