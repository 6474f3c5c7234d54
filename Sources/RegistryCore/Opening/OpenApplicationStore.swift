import Foundation
import Postgres

/// A28.2 / A50.1: applications for conditionally open data in the database — the only place with the SQL of
/// `open_application` (`sql/0022_opening.sql`). Call the writing methods inside an audited transaction (A44.1).
public struct OpenApplicationStore: Sendable {
    let objections = ObjectionStore()

    public init() {}

    /// A28.2: files the application of the data user `account` for a conditionally open item that is open today.
    public func file(_ input: NewOpenApplication, account: UUID, on connection: Connection) throws -> OpenApplication {
        try input.validate(on: try RegistryClock.today(on: connection))
        try checkApplicant(account, item: input.itemID, on: connection)
        try checkItemOpenOnConditions(input.itemID, on: connection)
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
        let current = try locked(id, on: connection)
        guard current.state == .submitted else { throw OpeningRules.applicationTransition.error }
        switch reply {
        case .approve(let use, let scope):
            if SQLText.isBlank(use) || SQLText.isBlank(scope) { throw OpeningRules.applicationApprovalStatesUseAndScope.error }
            guard try objections.openingState(of: current.itemID, on: connection) == .open else {
                throw OpeningRules.applicationItemConditionallyOpen.error
            }
            try checkApplicant(current.applicantAccount, item: current.itemID, on: connection)
            try connection.query(
                "update open_application set state = 'approved', approved_use = \(use), approved_scope = \(scope) where id = \(id)"
            )
        case .refuse(let reason, let legalBasis):
            if SQLText.isBlank(reason) { throw OpeningRules.applicationRefusalReason.error }
            if SQLText.isBlank(legalBasis) { throw OpeningRules.applicationRefusalLegalBasis.error }
            try connection.query(
                """
                update open_application set state = 'refused', refusal_reason = \(reason), refusal_legal_basis = \(legalBasis)
                 where id = \(id)
                """
            )
        }
        return try application(id, on: connection).existing()
    }

    /// A28.2: the applicant withdraws a submitted application.
    public func withdraw(_ id: UUID, on connection: Connection) throws -> OpenApplication {
        guard try locked(id, on: connection).state == .submitted else { throw OpeningRules.applicationTransition.error }
        try connection.query("update open_application set state = 'withdrawn' where id = \(id)")
        return try application(id, on: connection).existing()
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

    /// A28.2 / A50.1: the applicant is a current data user account whose access to the item is not suspended.
    private func checkApplicant(_ account: UUID, item: UUID, on connection: Connection) throws {
        let found = try connection.query(
            "select 1 from account where id = \(account) and role = 'data_user' and revoked_at is null"
        )
        if found.count == 0 { throw OpeningRules.applicationByDataUser.error }
        let suspended = try connection.queryOne(
            "select access_suspension_in_force(\(account), null, \(item), registry_today()) is not null as barred"
        )
        if try suspended.decode("barred", as: Bool.self) { throw OpeningRules.applicationApplicantSuspended.error }
    }

    /// A28.2: the item is published as conditionally open, and its opening is neither suspended nor withdrawn.
    private func checkItemOpenOnConditions(_ item: UUID, on connection: Connection) throws {
        let row = try connection.query(
            """
            select p.open_type = 'conditional' and item_opening_state(\(item)) = 'open' as ok
              from catalog_item_published p where p.id = (select current_revision_id from catalog_item where id = \(item))
            """
        ).first
        guard try row?.decode("ok", as: Bool.self) == true else { throw OpeningRules.applicationItemConditionallyOpen.error }
    }

    static let select: SQL = """
        select o.*, i.code as item_code, r.name as item_name, \(DataUser.joinedColumns)
          from open_application o
          join catalog_item i on i.id = o.item_id
          join catalog_item_revision r on r.id = o.revision_id
          join account a on a.id = o.applicant_account
          join data_user du on du.id = a.data_user_id
        """
}
