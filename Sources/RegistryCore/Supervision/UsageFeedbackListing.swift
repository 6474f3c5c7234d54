import Foundation
import Postgres

/// A36.1: a data user's usage feedback as its readers list it — the item and its institution, the data user by name
/// and masked identity only (A13.1), the period, the use and the security measures, and the day it was filed.
public struct UsageFeedbackEntry: Sendable, Hashable, Codable {
    public var id: UUID
    public var submittedOn: CivilDate
    public var itemID: UUID
    public var itemCode: String
    public var itemName: String
    public var institution: String
    public var institutionName: String
    public var division: String
    public var dataUser: DataUser
    public var period: String
    public var useDescription: String
    public var securityMeasures: String

    init(row: Row) throws {
        id = try row.decode("id")
        submittedOn = try row.decode("submitted_on")
        itemID = try row.decode("item_id")
        itemCode = try row.decode("item_code")
        itemName = try row.decode("item_name")
        institution = try row.decode("institution_uscc")
        institutionName = try row.decode("institution_name")
        division = try row.decode("division_code")
        dataUser = try DataUser(row: row, prefix: "du_")
        period = try row.decode("period")
        useDescription = try row.decode("use_description")
        securityMeasures = try row.decode("security_measures")
    }

    /// The columns of the CSV download, in Chinese.
    public static let csvHeader = ["提交日期", "目录编码", "数据名称", "提供机构", "数据利用主体", "身份标识(已脱敏)", "使用期间", "使用情况", "安全保障措施"]

    /// The row of the CSV download.
    public var csvRow: [String?] {
        [
            submittedOn.description, itemCode, itemName, institutionName, dataUser.name, dataUser.maskedCitizenID ?? dataUser.uscc, period,
            useDescription, securityMeasures,
        ]
    }
}

/// A36.1: which usage feedback to list — within an actor's oversight (an institution; a division and those below it),
/// of one item, filed between two days (each bound included when given).
public struct UsageFeedbackFilter: Sendable, Hashable {
    public var oversight: OversightFilter
    public var itemID: UUID?
    public var from: CivilDate?
    public var to: CivilDate?

    public init(oversight: OversightFilter = OversightFilter(), itemID: UUID? = nil, from: CivilDate? = nil, to: CivilDate? = nil) {
        self.oversight = oversight
        self.itemID = itemID
        self.from = from
        self.to = to
    }
}

extension SecurityRecords {
    /// A36.1: the usage feedback on the items of the institutions the actor oversees — a clerk its own institution's, the
    /// authority of a division those of the division and below it, the committee and the admin all — newest first.
    public func usageFeedback(_ filter: UsageFeedbackFilter, by actor: Principal) async throws -> [UsageFeedbackEntry] {
        let scope = try OversightScope(for: actor)
        return try await database.read(budget: .long) { connection in
            var narrowed = filter
            narrowed.oversight = try scope.narrowing(filter.oversight, on: connection)
            return try connection.query(
                """
                select f.id, civil_date(f.submitted_at) as submitted_on, f.item_id, ci.code as item_code, r.name as item_name,
                       c.institution_uscc::text as institution_uscc, i.name as institution_name, c.division_code::text as division_code,
                       f.period, f.use_description, f.security_measures, \(DataUser.joinedColumns)
                  from usage_feedback f
                  join catalog_item ci on ci.id = f.item_id
                  join catalog c on c.id = ci.catalog_id
                  join institution i on i.uscc = c.institution_uscc
                  join catalog_item_revision r on r.id = ci.current_revision_id
                  join account a on a.id = f.data_user_account
                  join data_user du on du.id = a.data_user_id
                 where \(narrowed.oversight.condition(institutionColumn: "c.institution_uscc", divisionColumn: "c.division_code"))
                   and (\(narrowed.itemID)::uuid is null or f.item_id = \(narrowed.itemID)::uuid)
                   and (\(narrowed.from)::date is null or civil_date(f.submitted_at) >= \(narrowed.from)::date)
                   and (\(narrowed.to)::date is null or civil_date(f.submitted_at) <= \(narrowed.to)::date)
                 order by f.submitted_at desc, f.id
                """
            ).map(UsageFeedbackEntry.init(row:))
        }
    }
}
