import Foundation
import Postgres

/// A28.2 / A50.1: applications for conditionally open data in the database — the only place with the SQL of
/// `open_application` (`sql/0022_opening.sql`). Call the writing methods inside an audited transaction (A44.1).
public struct OpenApplicationStore: Sendable {
    public init() {}

    /// A28.2: files the application of the data user `account` for a conditionally open item that is open today.
    public func file(_ input: NewOpenApplication, account: UUID, on connection: Connection) throws -> OpenApplication {
        try input.validate(on: try RegistryClock.today(on: connection))
        let id = try connection.queryOne(
            """
            insert into open_application (item_id, applicant_account, scenario, data_scope, delivery_method, time_limit,
                                          security_measures)
            values (\(input.itemID), \(account), \(input.scenario), \(input.dataScope), \(input.deliveryMethod),
                    \(input.timeLimit)::date, \(input.securityMeasures))
            returning id
            """
        ).decode("id", as: UUID.self)
        return try application(id, on: connection).existing()
    }

    /// A28.2: the providing institution's answer; an approval only while the item is open and the applicant not
    /// suspended.
    public func reply(_ id: UUID, _ reply: OpenApplicationReply, on connection: Connection) throws -> OpenApplication {
        switch reply {
        case .approve(let use, let scope):
            if SQLText.isBlank(use) || SQLText.isBlank(scope) { throw OpeningRules.applicationApprovalStatesUseAndScope.error }
            return try change(id, "state = 'approved', approved_use = \(use), approved_scope = \(scope)", on: connection)
        case .refuse(let reason, let legalBasis):
            if SQLText.isBlank(reason) { throw OpeningRules.applicationRefusalReason.error }
            if SQLText.isBlank(legalBasis) { throw OpeningRules.applicationRefusalLegalBasis.error }
            return try change(id, "state = 'refused', refusal_reason = \(reason), refusal_legal_basis = \(legalBasis)", on: connection)
        }
    }

    /// A28.2: the applicant withdraws a submitted application.
    public func withdraw(_ id: UUID, on connection: Connection) throws -> OpenApplication {
        try change(id, "state = 'withdrawn'", on: connection)
    }

    // MARK: Reading

    public func application(_ id: UUID, on connection: Connection) throws -> OpenApplication? {
        try connection.query("\(Self.select) where o.id = \(id)").first.map(OpenApplication.init(row:))
    }

    /// The applications a data user filed, or an institution answers, newest first.
    public func applications(
        applicant: UUID? = nil,
        institution: String? = nil,
        on connection: Connection
    ) throws
        -> [OpenApplication]
    {
        try connection.query(
            """
            \(Self.select)
             where (\(applicant)::uuid is null or o.applicant_account = \(applicant))
               and (\(institution)::text is null or o.institution_uscc = \(institution))
             order by o.application_no desc
            """
        ).map(OpenApplication.init(row:))
    }

    func locked(_ id: UUID, on connection: Connection) throws -> OpenApplication {
        guard let row = try connection.query("\(Self.select) where o.id = \(id) for update of o").first else {
            throw RegistryError.notFound("开放申请", field: "id")
        }
        return try OpenApplication(row: row)
    }

    // MARK: Helpers

    /// Applies a step; the database judges it (``Connection/applyStep(to:id:_:subject:)``).
    private func change(_ id: UUID, _ assignments: SQL, on connection: Connection) throws -> OpenApplication {
        try connection.applyStep(to: "open_application", id: id, assignments, subject: "开放申请")
        return try application(id, on: connection).existing()
    }

    static let select: SQL = """
        select o.id, o.application_no, o.item_id, o.institution_uscc, o.applicant_account, o.scenario, o.data_scope, o.delivery_method,
               o.time_limit, o.security_measures, o.state, o.received_on, o.replied_on, o.approved_use, o.approved_scope, o.refusal_reason,
               o.refusal_legal_basis, i.code as item_code, r.name as item_name, \(DataUser.joinedColumns)
          from open_application o
          join catalog_item i on i.id = o.item_id
          join catalog_item_revision r on r.id = o.revision_id
          join account a on a.id = o.applicant_account
          join data_user du on du.id = a.data_user_id
        """
}
