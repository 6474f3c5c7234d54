import Foundation
import Postgres

/// A28.3: objections in the database — the only place with the SQL of `open_objection` and `item_opening_state`
/// (`sql/0022_opening.sql`). Filing one suspends the item's opening in the same transaction, because the opening
/// state is computed from the objections. Call the writing methods inside an audited transaction (A44.1).
public struct ObjectionStore: Sendable {
    public init() {}

    /// A28.3: files the objection of the data user `account`.
    public func file(_ input: NewObjection, account: UUID, on connection: Connection) throws -> Objection {
        if SQLText.isBlank(input.description) { throw OpeningRules.objectionDescription.error }
        if SQLText.isBlank(input.evidence) { throw OpeningRules.objectionEvidence.error }
        let id = try connection.queryOne(
            """
            insert into open_objection (item_id, complainant_account, harm, description, evidence)
            values (\(input.itemID), \(account), \(input.harm)::objection_harm, \(input.description), \(input.evidence))
            returning id
            """
        ).decode("id", as: UUID.self)
        return try objection(id, on: connection).existing()
    }

    /// A28.3: the decision after verification, with the feedback to the complainant.
    public func decide(_ id: UUID, _ decision: ObjectionDecision, on connection: Connection) throws -> Objection {
        let (verification, feedback) = decision.texts
        if SQLText.isBlank(verification) || SQLText.isBlank(feedback) { throw OpeningRules.objectionDecisionRecorded.error }
        let assignments: SQL =
            "state = \(decision.state)::objection_state, verification_note = \(verification), feedback = \(feedback)"
        return try change(id, assignments, on: connection)
    }

    /// A28.3: the processed data opens again (依法处理后开放), with the feedback to the complainant.
    public func reopen(_ id: UUID, feedback: String, on connection: Connection) throws -> Objection {
        if SQLText.isBlank(feedback) { throw OpeningRules.objectionReopeningRecorded.error }
        return try change(id, "state = 'reopened', reopen_feedback = \(feedback)", on: connection)
    }

    /// Applies a step; the database judges it (``Connection/applyStep(to:id:_:subject:)``).
    private func change(_ id: UUID, _ assignments: SQL, on connection: Connection) throws -> Objection {
        try connection.applyStep(to: "open_objection", id: id, assignments, subject: "异议")
        return try objection(id, on: connection).existing()
    }

    // MARK: Reading

    /// The opening state of an item today.
    public func openingState(of itemID: UUID, on connection: Connection) throws -> OpeningState {
        try connection.queryOne("select item_opening_state(\(itemID)) as state").decode("state", as: OpeningState.self)
    }

    public func objection(_ id: UUID, on connection: Connection) throws -> Objection? {
        try connection.query("\(Self.select) where o.id = \(id)").first.map(Objection.init(row:))
    }

    /// The objections a data user filed, or an institution must decide, newest first.
    public func objections(complainant: UUID? = nil, institution: String? = nil, on connection: Connection) throws -> [Objection] {
        try connection.query(
            """
            \(Self.select)
             where (\(complainant)::uuid is null or o.complainant_account = \(complainant))
               and (\(institution)::text is null or o.institution_uscc = \(institution))
             order by o.objection_no desc
            """
        ).map(Objection.init(row:))
    }

    func locked(_ id: UUID, on connection: Connection) throws -> Objection {
        guard let row = try connection.query("\(Self.select) where o.id = \(id) for update of o").first else {
            throw RegistryError.notFound("异议", field: "id")
        }
        return try Objection(row: row)
    }

    static let select: SQL = """
        select o.id, o.objection_no, o.item_id, o.institution_uscc, o.complainant_account, o.harm, o.description, o.evidence, o.state,
               o.received_on, o.decided_on, o.verification_note, o.feedback, o.reopened_on, o.reopen_feedback,
               i.code as item_code, r.name as item_name, \(DataUser.joinedColumns)
          from open_objection o
          join catalog_item i on i.id = o.item_id
          join catalog_item_revision r on r.id = i.current_revision_id
          join account a on a.id = o.complainant_account
          join data_user du on du.id = a.data_user_id
        """
}
