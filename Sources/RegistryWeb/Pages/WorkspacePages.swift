import RegistryCore

/// The clerk's 工作台: everything due for the institution, the nearest deadline first (W.1), overdue work marked,
/// provisional deadlines marked 暂定 (W.3).
struct ClerkWorkspacePage: PageView {
    static let template = "workspace-clerk"
    let title = "工作台"
    var today: String
    var rows: [Row]
    var anyRows: Bool
    var overdueCount: Int
    var anyOverdue: Bool

    init(work: [DueWork], today: CivilDate) {
        self.today = today.iso
        rows = work.map(Row.init)
        anyRows = !rows.isEmpty
        overdueCount = work.filter(\.overdue).count
        anyOverdue = overdueCount > 0
    }

    /// One piece of due work as the table shows it.
    struct Row: Sendable, TemplateRow {
        var kind: String
        var number: String
        var task: String
        var due: String
        var provisional: Bool
        var left: String
        var overdue: Bool
        var note: String?

        init(_ work: DueWork) {
            kind = work.kind.label
            number = work.number.map { "第 \($0) 号" } ?? "—"
            task = work.task.label
            due = work.due?.iso ?? "—"
            provisional = work.dueProvisional
            left = Self.left(work.workingDaysLeft)
            overdue = work.overdue
            note = work.note
        }

        static func left(_ days: Int?) -> String {
            guard let days else { return "—" }
            if days < 0 { return "逾期 \(-days) 个工作日" }
            return days == 0 ? "今天到期" : "剩 \(days) 个工作日"
        }
    }
}

/// The reviewer's 工作台: the catalog versions awaiting the authority's decision, the earliest deadline first (A11.1),
/// and the demands outside the catalog to route (A24.1).
struct ReviewerWorkspacePage: PageView {
    static let template = "workspace-reviewer"
    let title = "工作台"
    var versions: [VersionRow]
    var demands: [DemandRow]
    /// Stored, not computed: templates read values by reflection.
    var anyVersions: Bool
    var anyDemands: Bool

    init(versions: [VersionRow], demands: [DemandRow]) {
        self.versions = versions
        self.demands = demands
        anyVersions = !versions.isEmpty
        anyDemands = !demands.isEmpty
    }

    /// A submitted catalog version awaiting decision, with the address of its review page.
    struct VersionRow: Sendable {
        var catalog: String
        var number: Int
        var path: String
        var submittedOn: String
        var due: String
        var provisional: Bool

        /// The versions the authority of `division` has to decide, the earliest deadline first (A11.1).
        static func awaiting(reviewedIn division: String, in database: RegistryDatabase) async throws -> [VersionRow] {
            let catalogs = CatalogStore()
            return try await database.readReplica.read { connection in
                try catalogs.versionsAwaitingDecision(reviewedIn: division, on: connection).map { version in
                    VersionRow(
                        catalog: try catalogs.catalog(version.catalogID, on: connection)?.name ?? "—",
                        number: version.number,
                        path: "/catalog-versions/\(version.id)",
                        submittedOn: version.submittedOn?.iso ?? "—",
                        due: version.decisionDue?.iso ?? "—",
                        provisional: version.decisionDueProvisional
                    )
                }
            }
        }
    }

    /// A demand awaiting review.
    struct DemandRow: Sendable {
        var number: Int64
        var requester: String
        var dataWanted: String
        var receivedOn: String
    }
}

/// The 工作台 of the roles whose pages come later (part 2 of the web workspace): who they are, and where to turn.
struct PlainWorkspacePage: PageView {
    static let template = "workspace"
    let title = "工作台"
    var roleLabel: String
}
