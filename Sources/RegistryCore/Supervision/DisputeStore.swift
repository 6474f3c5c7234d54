import Foundation
import Postgres

/// A47.1: disputes in the database — the only place with the SQL of `dispute`, its parties and its history
/// (`sql/0026_error_reports_and_disputes.sql`).
///
/// Swift checks only the shape of input; the database judges every rule that needs data (``DisputeRules`` gives its
/// refusals their words), stamps every day and actor, and writes the history. Call the writing methods inside an audited
/// transaction (A44.1). Authorisation is the workflow's (``DisputeWorkflow``).
public struct DisputeStore: Sendable {
    public init() {}

    // MARK: Writing

    /// A47.1: files a dispute brought by `filer`, a party, to the authority of the division named — over every party
    /// institution — or else of the lowest division over them (the filing clerk's own when no institution is a party).
    public func file(_ input: NewDispute, filer: UUID, on connection: Connection) throws -> DisputeDetail {
        try input.validate()
        // The database judges the parties, the filer and the authority (dispute_file): one rule, one place.
        let id = try connection.queryOne(
            """
            insert into dispute (subject, description, party_institutions, party_accounts, filed_by, authority_division)
            values (\(input.subject)::dispute_subject, \(input.description), \(input.institutions)::text[],
                    \(input.partyDataUsers.map { $0.uuidString.lowercased() })::uuid[], \(filer), \(input.division)::char(6))
            returning id
            """
        ).decode("id", as: UUID.self)
        return try detail(id, on: connection).existing()
    }

    /// A47.1: the authority takes up coordination (协调).
    public func coordinate(_ id: UUID, note: String?, on connection: Connection) throws -> DisputeDetail {
        try change(id, "state = 'coordinating', coordination_note = \(note)", on: connection)
    }

    /// A47.1: the authority refers the dispute to the expert committee with the question to study.
    public func refer(_ id: UUID, question: String, on connection: Connection) throws -> DisputeDetail {
        if SQLText.isBlank(question) { throw DisputeRules.referralQuestion.error }
        return try change(id, "state = 'referred', referral_question = \(question)", on: connection)
    }

    /// A47.1: the expert committee's recommendation on a referred dispute, recorded once by a committee account.
    public func recommend(_ id: UUID, _ recommendation: String, by account: UUID, on connection: Connection) throws -> DisputeDetail {
        if SQLText.isBlank(recommendation) { throw DisputeRules.recommendation.error }
        return try change(id, "recommendation = \(recommendation), recommended_by = \(account)", on: connection)
    }

    /// A47.1: the authority's decision, closing the dispute (after the committee's recommendation when referred).
    public func decide(_ id: UUID, decision: String, on connection: Connection) throws -> DisputeDetail {
        if SQLText.isBlank(decision) { throw DisputeRules.decision.error }
        return try change(id, "state = 'decided', decision = \(decision)", on: connection)
    }

    /// Applies a step; the database judges it (``Connection/applyStep(to:id:_:subject:)``).
    private func change(_ id: UUID, _ assignments: SQL, on connection: Connection) throws -> DisputeDetail {
        try connection.applyStep(to: "dispute", id: id, assignments, subject: "争议")
        return try detail(id, on: connection).existing()
    }

    // MARK: Reading

    /// The dispute with this id and its parties, if filed.
    public func dispute(_ id: UUID, on connection: Connection) throws -> Dispute? {
        guard let row = try connection.query("select \(Dispute.columns) from dispute where id = \(id)").first else { return nil }
        return try Dispute(row: row, parties: try parties(of: id, on: connection))
    }

    /// The dispute, locked until the transaction ends; not found is an error.
    public func locked(_ id: UUID, on connection: Connection) throws -> Dispute {
        guard let row = try connection.query("select \(Dispute.columns) from dispute where id = \(id) for update").first else {
            throw RegistryError.notFound("争议", field: "id")
        }
        return try Dispute(row: row, parties: try parties(of: id, on: connection))
    }

    /// A dispute with its history, oldest step first, if filed.
    public func detail(_ id: UUID, on connection: Connection) throws -> DisputeDetail? {
        guard let dispute = try dispute(id, on: connection) else { return nil }
        let history = try connection.query("select \(DisputeEvent.columns) from dispute_event where dispute_id = \(id) order by id")
            .map(DisputeEvent.init(row:))
        return DisputeDetail(dispute: dispute, history: history)
    }

    /// The disputes matching `condition` (a fixed condition on `d`), newest first.
    private func disputes(where condition: SQL, state: DisputeState?, on connection: Connection) throws -> [Dispute] {
        let rows = try connection.query(
            """
            select \(Dispute.columns(of: "d")) from dispute d
             where \(condition) and (\(state)::dispute_state is null or d.state = \(state)::dispute_state)
             order by d.dispute_no desc
            """
        )
        return try rows.map { row in try Dispute(row: row, parties: try parties(of: try row.decode("id"), on: connection)) }
    }

    /// A47.1: the disputes before the authorities of `division` and the divisions below it.
    public func disputes(for division: String, state: DisputeState?, on connection: Connection) throws -> [Dispute] {
        try disputes(where: "d.authority_division in (select division_and_descendants(\(division)::char(6)))", state: state, on: connection)
    }

    /// A47.1: the disputes an institution is party to.
    public func disputes(ofInstitution institution: String, state: DisputeState?, on connection: Connection) throws -> [Dispute] {
        try disputes(where: "\(institution)::text = any (d.party_institutions)", state: state, on: connection)
    }

    /// A47.1: the disputes a data user account is party to.
    public func disputes(ofAccount account: UUID, state: DisputeState?, on connection: Connection) throws -> [Dispute] {
        try disputes(where: "\(account)::uuid = any (d.party_accounts)", state: state, on: connection)
    }

    /// A47.1: every dispute (the expert committee).
    public func allDisputes(state: DisputeState?, on connection: Connection) throws -> [Dispute] {
        try disputes(where: "true", state: state, on: connection)
    }

    // MARK: Helpers

    private func parties(of id: UUID, on connection: Connection) throws -> [DisputeParty] {
        try connection.query(
            """
            select p.kind, p.institution_uscc, p.institution_name, p.account_id, \(DataUser.joinedColumns)
              from dispute_party p
              left join account a on a.id = p.account_id
              left join data_user du on du.id = a.data_user_id
             where p.dispute_id = \(id)
             order by p.kind desc, p.position
            """
        ).map(DisputeParty.init(row:))
    }
}
