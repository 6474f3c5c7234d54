import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// A registry to test error reports (A45.1), reports of unlawful use (A46.1) and disputes (A47.1), built on
/// ``ShareWorld``: 新城区卫生健康委员会 publishes `MED-001` … `MED-003`; two data users (张三, a natural person, and
/// 某科技公司), an account of the expert committee and the admin join them.
///
/// The registry's clock (W.4) is pinned for this test's database, to ``ShareWorld/defaultDay`` unless a test pins
/// another day.
struct SupervisionCaseWorld {
    let share: ShareWorld
    let citizen: Principal
    let company: Principal
    let committee: Principal
    let admin: Principal

    var database: RegistryDatabase { share.database }
    var catalog: CatalogWorld { share.catalog }
    /// A clerk of the providing institution, 新城区卫生健康委员会.
    var provider: Principal { share.source }
    /// A clerk of 新城区教育局.
    var education: Principal { share.requester }
    /// A clerk of 回民区民政局.
    var civilAffairs: Principal { share.outsider }
    /// A clerk of 呼和浩特市交通运输局.
    var transport: Principal { catalog.transportClerk }
    var xinchengReviewer: Principal { catalog.xinchengReviewer }
    var hohhotReviewer: Principal { catalog.hohhotReviewer }
    var huiminReviewer: Principal { catalog.huiminReviewer }
    var regionReviewer: Principal { catalog.regionReviewer }

    var errorReports: ErrorReportWorkflow { ErrorReportWorkflow(database: database) }
    var unlawfulUse: UnlawfulUseReportWorkflow { UnlawfulUseReportWorkflow(database: database) }
    var disputes: DisputeWorkflow { DisputeWorkflow(database: database) }

    static let citizenID = "150102" + "19850611" + "432" + String(CitizenIdentityNumber.checkCharacter(for: "15010219850611432")!)

    static func make() async throws -> SupervisionCaseWorld {
        let share = try await ShareWorld.make()
        let db = share.database
        let world = SupervisionCaseWorld(
            share: share,
            citizen: try await db.actor(
                for: NewAccount(
                    role: .dataUser,
                    displayName: "张三",
                    dataUser: NewDataUser(kind: .naturalPerson, name: "张三", citizenID: citizenID)
                )
            ),
            company: try await db.actor(
                for: NewAccount(
                    role: .dataUser,
                    displayName: "某科技公司",
                    dataUser: NewDataUser(kind: .legalPerson, name: "某科技公司", uscc: CatalogWorld.uscc("91150102MA0000401"))
                )
            ),
            committee: try await db.actor(for: NewAccount(role: .committee, displayName: "专家委员")),
            admin: try await db.actor(for: NewAccount(role: .admin, displayName: "平台管理员"))
        )
        try await world.pinDay(ShareWorld.defaultDay)
        return world
    }

    func drop() async throws {
        try await share.drop()
    }

    // MARK: - The clock

    /// Pins the registry's clock to `day` for every transaction of this test (W.4).
    func pinDay(_ day: String) async throws {
        try await share.pinDay(day)
    }

    static func day(_ iso: String) -> CivilDate { ShareWorld.day(iso) }

    // MARK: - Refusals

    /// Everything a refused change must leave as it was: the audit trail's length and every row of this part's tables.
    static let fingerprint = Fingerprint([
        .init("error_report_policy", orderedBy: "year"), .init("error_report", orderedBy: "report_no"),
        .init("error_report_notice", orderedBy: "id"), .init("unlawful_use_report", orderedBy: "report_no"),
        .init("dispute", orderedBy: "dispute_no"), .init("dispute_event", orderedBy: "id"),
    ])

    func snapshot() async throws -> String {
        try await Self.fingerprint.read(on: database)
    }

    /// Expects `body` to be refused as forbidden (object-level authorisation) and to leave everything as it was.
    func expectForbidden(
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: @escaping @Sendable () async throws -> Void
    ) async throws {
        let before = try await snapshot()
        let error = await refusal(sourceLocation: sourceLocation, of: body)
        #expect(error?.code == .forbidden, "\(String(describing: error))", sourceLocation: sourceLocation)
        #expect(try await snapshot() == before, sourceLocation: sourceLocation)
    }

    /// Expects `swift` (through the workflow or the store) and `sql` (plain statements, no actor) to be refused with
    /// `rule`'s error and to leave everything as it was.
    func expectSameRefusal(
        _ rule: String,
        swift: @escaping @Sendable () async throws -> Void,
        sql: [SQL],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        try await TestSupport.expectSameRefusal(
            RuleCatalog.rule(forConstraint: rule)?.error,
            swift: swift,
            sql: { [database] in try await runAsPsql(sql, on: database) },
            unchanged: snapshot,
            sourceLocation: sourceLocation
        )
    }

    /// Expects plain statements alone to be refused with `rule`'s error, leaving everything as it was.
    func expectSQLRefused(_ rule: String, _ sql: [SQL], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let before = try await snapshot()
        let error = await sqlRefusal(sql, on: database, sourceLocation: sourceLocation)
        #expect(error == RuleCatalog.rule(forConstraint: rule)?.error, "\(rule): \(String(describing: error))", sourceLocation: sourceLocation)
        #expect(try await snapshot() == before, "a refused change left something behind", sourceLocation: sourceLocation)
    }

    /// Runs `body` on the store in one audited transaction as `actor`, the way a workflow does (without its
    /// authorisation), to reach the store's own checks.
    func asStore<Result: Sendable>(
        _ actor: Principal,
        _ body: @escaping @Sendable (Connection) throws -> Result
    ) async throws -> Result {
        try await database.write(actor.audit("supervision.test"), body)
    }

    // MARK: - Error reports

    /// A report of an error in `item` (MED-001 by default).
    func errorInput(
        _ item: UUID? = nil,
        kind: ErrorReportKind = .error,
        description: String = "执业范围与登记证不一致"
    )
        -> NewErrorReport
    {
        NewErrorReport(itemID: item ?? share.unconditional, kind: kind, description: description)
    }

    /// A plain INSERT of an error report filed by `account`, as psql would write it.
    static func plainErrorInsert(_ input: NewErrorReport, account: UUID) -> SQL {
        """
        insert into error_report (item_id, reporter_account, kind, description)
        values (\(input.itemID), \(account), \(input.kind.rawValue)::error_report_kind, \(input.description))
        """
    }

    // MARK: - Reports of unlawful use

    /// A plain INSERT of a report filed by `account`, as psql would write it.
    static func plainUnlawfulInsert(_ input: NewUnlawfulUseReport, account: UUID) -> SQL {
        """
        insert into unlawful_use_report (reporter_account, authority_division, subject_institution, subject_account, description)
        values (\(account), \(input.division), \(input.subjectInstitution), \(input.subjectDataUser), \(input.description))
        """
    }

    // MARK: - Disputes

    /// A dispute over sharing between 新城区教育局 (filing) and 新城区卫生健康委员会.
    func disputeInput(
        description: String = "对共享申请答复范围有异议",
        institutions: [String]? = nil,
        dataUsers: [UUID] = [],
        division: String? = nil
    ) -> NewDispute {
        NewDispute(
            subject: .sharing,
            description: description,
            partyInstitutions: institutions ?? [ShareWorld.requesterUSCC, ShareWorld.sourceUSCC],
            partyDataUsers: dataUsers,
            division: division
        )
    }

    /// A plain INSERT of a dispute filed by `account`, as psql would write it.
    static func plainDisputeInsert(_ input: NewDispute, account: UUID) -> SQL {
        """
        insert into dispute (subject, description, party_institutions, party_accounts, filed_by, authority_division)
        values (\(input.subject.rawValue)::dispute_subject, \(input.description), \(input.partyInstitutions)::text[],
                \(input.partyDataUsers.map { $0.uuidString.lowercased() })::uuid[], \(account), \(input.division))
        """
    }
}
