import Foundation
import Postgres

/// A44.2: recording dishonest conduct (失信行为) and ending it early. As with a violation, a reviewer of the public data
/// authority of the record's division (the institution's, or for a data user the division of the data concerned, else
/// the region) or of one above it records and ends it; the subject (the institution's clerks, the data user), the
/// committee and the authorities over the division read it. The database refuses the constrained applications and
/// requests while a record is in force. Every write is one audited transaction (A44.1).
public struct DishonestConductWorkflow: Sendable {
    public let database: RegistryDatabase

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// Records dishonest conduct against a data user or an institution.
    public func record(_ input: NewDishonestConduct, by actor: Principal) async throws -> DishonestConduct {
        try actor.require(.reviewer)
        try input.validate()
        guard let authority = actor.institution else { throw RegistryError(.forbidden, "失信行为由公共数据主管部门认定并记录。") }
        return try await database.write(actor.audit("dishonest_conduct.record")) { connection in
            let division = try ViolationStore().jurisdiction(institution: input.institution, item: input.itemID, on: connection)
            try actor.requireAuthority(overLineage: try DivisionStore().lineage(of: division, on: connection))
            let id = try connection.queryOne(
                """
                insert into dishonest_conduct (subject, institution_uscc, data_user_account, item_id, sphere, conduct, legal_basis,
                                               effective_from, effective_until, restricts_open_applications,
                                               restricts_share_requests, division_code, authority_uscc)
                values (\(input.subject)::dishonest_conduct_subject, \(input.institution?.uppercased()), \(input.dataUserAccount),
                        \(input.itemID), \(input.sphere)::dishonest_conduct_sphere, \(input.conduct), \(input.legalBasis),
                        \(input.effectiveFrom)::date, \(input.effectiveUntil)::date, \(input.restrictsOpenApplications),
                        \(input.restrictsShareRequests), \(division), \(authority))
                returning id
                """
            ).decode("id", as: UUID.self)
            return try Self.record(id, on: connection)
        }
    }

    /// Ends a record before its period is over (提前解除, e.g. after credit repair), with the reason; from today it no
    /// longer constrains.
    public func end(_ id: UUID, reason: String, by actor: Principal) async throws -> DishonestConduct {
        try actor.require(.reviewer)
        return try await database.write(actor.audit("dishonest_conduct.end")) { connection in
            let current = try Self.record(id, lock: true, on: connection)
            try actor.requireAuthority(overLineage: try DivisionStore().lineage(of: current.division, on: connection))
            try connection.query("update dishonest_conduct set end_reason = \(reason) where id = \(id)")
            return try Self.record(id, on: connection)
        }
    }

    /// The records the actor may read, newest first: a data user's own, a clerk's institution's, those of an authority's
    /// division and below (a reviewer's), every one for the committee; optionally of one institution, or in force only.
    public func records(institution: String?, inForceOnly: Bool, by actor: Principal) async throws -> [DishonestConduct] {
        let institution = institution?.uppercased()
        return try await database.read { connection in
            var account: UUID?
            var division: String?
            var own = institution
            switch actor.role {
            case .dataUser: account = actor.account.id
            case .committee: break
            case .reviewer where actor.institutionKind == .publicDataAuthority:
                guard let own = actor.division else { throw RegistryError(.forbidden, "无权查看失信记录。") }
                division = own
            case .clerk:
                own = institution ?? actor.institution
                try actor.requireFollower(of: [own ?? ""], subject: "失信记录", on: connection)
            default: throw RegistryError(.forbidden, "无权查看失信记录。")
            }
            return try connection.query(
                """
                \(Self.select)
                 where (\(account)::uuid is null or d.data_user_account = \(account))
                   and (\(division)::text is null or d.division_code in (select division_and_descendants(\(division)::char(6))))
                   and (\(own)::text is null or d.institution_uscc = \(own)::text)
                   and (not \(inForceOnly)::boolean or dishonest_conduct_in_force_on(d, registry_today()))
                 order by d.record_no desc
                 limit 500
                """
            ).map(DishonestConduct.init(row:))
        }
    }

    static func record(_ id: UUID, lock: Bool = false, on connection: Connection) throws -> DishonestConduct {
        let locking: SQL = lock ? " for update of d" : ""
        guard let row = try connection.query("\(select) where d.id = \(id)\(locking)").first else {
            throw RegistryError.notFound("失信记录", field: "id")
        }
        return try DishonestConduct(row: row)
    }

    static let select: SQL = """
        select d.id, d.record_no, d.subject, d.institution_uscc, d.data_user_account, d.item_id, d.sphere, d.conduct, d.legal_basis,
               d.effective_from, d.effective_until, d.restricts_open_applications, d.restricts_share_requests, d.division_code,
               d.authority_uscc, d.ended_on, d.end_reason, i.name as institution_name, dishonest_conduct_in_force_on(d, registry_today()) as in_force,
               \(DataUser.joinedColumns)
          from dishonest_conduct d
          left join institution i on i.uscc = d.institution_uscc
          left join account a on a.id = d.data_user_account
          left join data_user du on du.id = a.data_user_id
        """
}
