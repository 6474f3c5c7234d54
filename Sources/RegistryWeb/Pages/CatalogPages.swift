import Foundation
import RegistryCore

/// A catalog (A10.1, A10.3): its versions with their states and the reviewers' reasons, and the items in force; its
/// keeper opens a draft here, and while one is open edits or withdraws the items in force. Read-only for the
/// authorities above it.
struct CatalogPage: FormPage {
    static let template = "catalog"
    static let fields: Set<String> = ["note"]
    var title: String
    var kindLabel: String
    var versions: [VersionRow]
    var openVersion: VersionRow?
    /// The note input of a new draft, for the keeper when no version is open.
    var draftNote: FormField?
    var draftPath: String
    var items: [ItemRow]
    var anyItems: Bool
    var morePath: String?
    var errors: FormErrors

    /// One version as the list shows it.
    struct VersionRow: Sendable, TemplateRow {
        var number: Int
        var path: String
        var state: String
        var stateKey: String
        var changeCount: Int
        var submittedOn: String
        var due: String
        var provisional: Bool
        var returnReason: String?

        init(_ record: CatalogVersionRecord) {
            let version = record.version
            number = version.number
            path = "/catalog-versions/\(version.id)"
            state = version.state.label
            stateKey = version.state.rawValue
            changeCount = record.changeCount
            submittedOn = version.submittedOn?.iso ?? "—"
            due = version.decisionDue?.iso ?? "—"
            provisional = version.decisionDueProvisional && version.state == .submitted
            returnReason = version.state == .returned ? version.returnReason : nil
        }
    }

    /// One published item, with the keeper's actions while a draft is open.
    struct ItemRow: Sendable, TemplateRow {
        var code: String
        var name: String
        var path: String
        var shareType: String
        var openType: String
        var grade: String
        var updateFrequency: String
        var editPath: String?
        var withdrawPath: String?

        init(_ item: CatalogItemSummary, draft: UUID?) {
            code = item.code
            name = item.name
            path = "/catalog-items/\(item.id)"
            shareType = item.shareType.label
            openType = item.openType.label
            grade = item.grade?.label ?? "—"
            updateFrequency = item.updateFrequency.label
            editPath = draft.map { "/catalog-versions/\($0)/items/\(item.id)" }
            withdrawPath = editPath.map { $0 + "/withdraw" }
        }
    }

    /// The page of `overview` with a page of its published items; `keeper` when the actor keeps the catalog.
    init(_ overview: CatalogOverview, items: RegistryCore.CatalogItemPage, keeper: Bool, errors: FormErrors = FormErrors()) {
        let catalog = overview.catalog
        title = catalog.name
        kindLabel = catalog.kind.label
        versions = overview.versions.reversed().map(VersionRow.init)
        let open = overview.versions.first { $0.version.state != .approved }
        openVersion = open.map(VersionRow.init)
        draftNote =
            keeper && open == nil
            ? FormField("note", label: "本版说明", value: "", hint: "例如:法律依据变化后更新(第十一条)。", errors: errors) : nil
        draftPath = "/catalogs/\(catalog.id)/versions"
        let draft = keeper && open?.version.state == .draft ? open?.version.id : nil
        self.items = items.items.map { ItemRow($0, draft: draft) }
        anyItems = !self.items.isEmpty
        morePath = items.nextCursor.map { "/catalogs/\(catalog.id)?cursor=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
        self.errors = errors
    }
}

/// The clerk's 本机构目录 before the institution has a catalog: a button to open it (A10.1).
struct CatalogMissingPage: PageView {
    static let template = "catalog-missing"
    let title = "本机构目录"
}

/// A catalog version (A10.3, A11.1): its state, deadline and review history with the reviewers' reasons, and each
/// item it adds, changes or withdraws beside the version in force. Its keeper edits a draft, submits it, and reopens a
/// returned one; a reviewer approves a submitted version or returns it with reasons.
struct CatalogVersionPage: FormPage {
    static let template = "catalog-version"
    static let fields: Set<String> = ["reason"]
    var title: String
    var catalogPath: String
    var catalogName: String
    var state: String
    var stateKey: String
    var note: String?
    var submittedOn: String?
    var due: String?
    var provisional: Bool
    var baseNumber: Int?
    var returnReason: String?
    var events: [EventRow]
    var anyEvents: Bool
    var entries: [EntryView]
    var anyEntries: Bool
    /// The keeper's actions on a draft, or on a returned version.
    var draft: DraftActions?
    var reopenPath: String?
    /// The reviewer's decision on a submitted version.
    var decision: Decision?
    var errors: FormErrors

    /// One review event.
    struct EventRow: Sendable {
        var label: String
        var on: String
        var reason: String?
    }

    /// One item that differs, its fields side by side.
    struct EntryView: Sendable {
        var code: String
        var name: String
        var change: String
        var changeKey: String
        var itemPath: String
        var rows: [FieldRow]
        var editPath: String?
        var discardPath: String?
    }

    /// What the keeper does with a draft.
    struct DraftActions: Sendable {
        var addPath: String
        var submitPath: String
    }

    /// The reviewer's two answers (A10.3): approve, or return with reasons.
    struct Decision: Sendable {
        var approvePath: String
        var returnPath: String
        var reason: FormField
    }

    /// The page of `comparison` for `actor`; `categories` names the categories by code; `reason` is a return's reason
    /// as typed.
    init(_ comparison: CatalogComparison, actor: Principal, categories: [String: String], reason: String = "", errors: FormErrors = FormErrors()) {
        let version = comparison.version
        let path = "/catalog-versions/\(version.id)"
        let keeper = actor.role == .clerk && actor.institution == comparison.catalog.institution
        title = "\(comparison.catalog.name) 第 \(version.number) 版"
        catalogPath = "/catalogs/\(comparison.catalog.id)"
        catalogName = comparison.catalog.name
        state = version.state.label
        stateKey = version.state.rawValue
        note = version.note
        submittedOn = version.submittedOn?.iso
        due = version.decisionDue?.iso
        provisional = version.decisionDueProvisional
        baseNumber = comparison.base?.number
        returnReason = version.state == .returned ? version.returnReason : nil
        events = comparison.events.map { EventRow(label: $0.kind.label, on: $0.onDate.iso, reason: $0.reason) }
        anyEvents = !events.isEmpty
        let editable = keeper && version.state == .draft
        entries = comparison.entries.map { Self.entry($0, versionPath: path, editable: editable, categories: categories) }
        anyEntries = !entries.isEmpty
        draft = editable ? DraftActions(addPath: path + "/items/new", submitPath: path + "/submit") : nil
        reopenPath = keeper && version.state == .returned ? path + "/reopen" : nil
        decision =
            actor.role == .reviewer && version.state == .submitted
            ? Decision(
                approvePath: path + "/approve",
                returnPath: path + "/return",
                reason: FormField("reason", label: "退回理由", type: "textarea", value: reason, hint: "写明需要更正的条目和原因(第十条)。", errors: errors)
            )
            : nil
        self.errors = errors
    }

    private static func entry(
        _ entry: CatalogComparison.Entry,
        versionPath: String,
        editable: Bool,
        categories: [String: String]
    ) -> EntryView {
        let rows: [FieldRow]
        switch entry.change {
        case .added: rows = FieldRow.rows(before: nil, after: entry.after, categories: categories)
        case .changed: rows = FieldRow.rows(before: entry.before, after: entry.after, keys: entry.changedFields, categories: categories)
        case .withdrawn:
            rows = [
                FieldRow(label: CatalogFieldText.label("name"), before: entry.before?.name ?? entry.after?.name ?? "", after: "(撤销)", changed: true)
            ]
        }
        let itemPath = "\(versionPath)/items/\(entry.itemID)"
        return EntryView(
            code: entry.code,
            name: entry.after?.name ?? entry.before?.name ?? "",
            change: changeLabel(entry.change),
            changeKey: entry.change.rawValue,
            itemPath: "/catalog-items/\(entry.itemID)",
            rows: rows,
            editPath: editable && entry.change != .withdrawn ? itemPath : nil,
            discardPath: editable ? itemPath + "/discard" : nil
        )
    }

    private static func changeLabel(_ change: CatalogComparison.Change) -> String {
        switch change {
        case .added: "新增"
        case .changed: "变更"
        case .withdrawn: "撤销"
        }
    }
}

/// A catalog item (A10.2, A10.3): its fields in force and its history, version by version.
struct CatalogItemHistoryPage: PageView {
    static let template = "catalog-item"
    var title: String
    var code: String
    var catalogPath: String
    var rows: [FieldRow]
    var published: Bool
    var history: [Revision]

    /// One revision of the item.
    struct Revision: Sendable {
        var versionNumber: Int
        var versionPath: String
        var state: String
        var submittedOn: String
        var withdrawn: Bool
    }

    init(_ item: CatalogItem, history: [CatalogItemRevision], categories: [String: String]) {
        title = item.fields?.name ?? history.last?.fields.name ?? item.code
        code = item.code
        catalogPath = "/catalogs/\(item.catalogID)"
        rows = FieldRow.rows(before: nil, after: item.fields, categories: categories)
        published = item.isPublished
        self.history = history.reversed().map { revision in
            Revision(
                versionNumber: revision.versionNumber,
                versionPath: "/catalog-versions/\(revision.versionID)",
                state: revision.versionState.label,
                submittedOn: revision.submittedOn?.iso ?? "—",
                withdrawn: revision.withdrawn
            )
        }
    }
}

/// The catalogs in a reviewer's oversight (A10.1): the division's and those below it, read-only.
struct CatalogListPage: PageView {
    static let template = "catalog-list"
    let title = "辖区目录"
    var catalogs: [Row]
    var anyCatalogs: Bool

    /// One catalog.
    struct Row: Sendable {
        var name: String
        var kind: String
        var divisionCode: String
        var path: String
    }

    init(_ catalogs: [Catalog]) {
        self.catalogs = catalogs.map { Row(name: $0.name, kind: $0.kind.label, divisionCode: $0.divisionCode, path: "/catalogs/\($0.id)") }
        anyCatalogs = !self.catalogs.isEmpty
    }
}

/// The reviewer's queue of catalog versions to decide (A11.1), the earliest deadline first.
struct CatalogReviewsPage: PageView {
    static let template = "catalog-reviews"
    let title = "目录审核"
    var versions: [ReviewerWorkspacePage.VersionRow]
    var anyVersions: Bool

    init(_ versions: [ReviewerWorkspacePage.VersionRow]) {
        self.versions = versions
        anyVersions = !versions.isEmpty
    }
}
