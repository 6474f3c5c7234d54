import Foundation
import Postgres

/// A49.1 / A50.1 / A51.1: violations in the database — the only place with the SQL of `violation`
/// (`sql/0025_violations_and_security.sql`). Recording a data user's violation suspends its access in the same
/// transaction; rectifying it restores access that day. Call the writing methods inside an audited transaction.
public struct ViolationStore: Sendable {
    public init() {}

    /// Records a violation found by the public data authority `authority`.
    public func record(_ input: NewViolation, authority: String, on connection: Connection) throws -> Violation {
        try input.validate()
        let id = try connection.queryOne(
            """
            insert into violation (subject, institution_uscc, data_user_account, item_id, clause, description, found_on,
                                   rectification_due, authority_uscc)
            values (\(input.subject)::violation_subject, \(input.institution?.uppercased()), \(input.dataUserAccount),
                    \(input.itemID), \(input.clause), \(input.description), \(input.foundOn)::date,
                    \(input.rectificationDue)::date, \(authority))
            returning id
            """
        ).decode("id", as: UUID.self)
        return try violation(id, on: connection).existing()
    }

    /// Closes an open violation: rectified (restoring a data user's access), or referred after the deadline.
    public func close(_ id: UUID, _ closing: ViolationClosing, on connection: Connection) throws -> Violation {
        switch closing {
        case .rectified(let outcome):
            if SQLText.isBlank(outcome) { throw ViolationRules.closed.error }
            try connection.applyStep(to: "violation", id: id, "state = 'rectified', outcome = \(outcome)", subject: "违规记录")
        case .referred(let department, let outcome):
            if SQLText.isBlank(outcome) { throw ViolationRules.closed.error }
            if SQLText.isBlank(department) { throw ViolationRules.referredTo.error }
            let assignments: SQL = "state = 'referred', outcome = \(outcome), referred_to = \(department)"
            try connection.applyStep(to: "violation", id: id, assignments, subject: "违规记录")
        }
        return try violation(id, on: connection).existing()
    }

    // MARK: Reading

    public func violation(_ id: UUID, on connection: Connection) throws -> Violation? {
        try connection.query("\(Self.select) where v.id = \(id)").first.map(Violation.init(row:))
    }

    /// The violations against an institution (or a data user's, concerning its data), or a data user's, newest first,
    /// optionally in one state.
    public func violations(
        institution: String? = nil,
        dataUser: UUID? = nil,
        state: ViolationState? = nil,
        on connection: Connection
    ) throws -> [Violation] {
        try connection.query(
            """
            \(Self.select)
             where (\(institution)::text is null or v.institution_uscc = \(institution)
                    or v.item_id in (select ci.id from catalog_item ci join catalog c on c.id = ci.catalog_id
                                      where c.institution_uscc = \(institution)))
               and (\(dataUser)::uuid is null or v.data_user_account = \(dataUser))
               and (\(state)::violation_state is null or v.state = \(state)::violation_state)
             order by v.violation_no desc
            """
        ).map(Violation.init(row:))
    }

    func locked(_ id: UUID, on connection: Connection) throws -> Violation {
        guard let row = try connection.query("\(Self.select) where v.id = \(id) for update of v").first else {
            throw RegistryError.notFound("违规记录", field: "id")
        }
        return try Violation(row: row)
    }

    /// A49.1 / A50.1: the division a violation of this subject and data would belong to (`violation_jurisdiction`).
    public func jurisdiction(institution: String?, item: UUID?, on connection: Connection) throws -> String {
        try connection.queryOne("select violation_jurisdiction(\(institution?.uppercased()), \(item)) as division")
            .decode("division", as: String.self)
    }

    static let select: SQL = """
        select v.id, v.violation_no, v.subject, v.institution_uscc, v.data_user_account, v.item_id, v.clause, v.description, v.found_on,
               v.rectification_due, v.authority_uscc, v.state, v.closed_on, v.outcome, v.referred_to, v.suspension_id,
               i.name as institution_name, violation_jurisdiction(v.institution_uscc, v.item_id) as jurisdiction,
               (select c.institution_uscc from catalog_item ci join catalog c on c.id = ci.catalog_id where ci.id = v.item_id)
                   as item_institution,
               \(DataUser.joinedColumns)
          from violation v
          left join institution i on i.uscc = v.institution_uscc
          left join account a on a.id = v.data_user_account
          left join data_user du on du.id = a.data_user_id
        """
}
