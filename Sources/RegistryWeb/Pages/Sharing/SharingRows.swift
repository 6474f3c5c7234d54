import Foundation
import RegistryCore

/// A share request or a demand as the lists of 共享 show it: its number, what is shared, the other side, its state,
/// and the open reply or delivery with its working days left (W.1), overdue marked, provisional marked 暂定 (W.3).
struct SharingRow: Sendable {
    var number: String
    var link: String
    var subject: String
    var counterpart: String
    var receivedOn: String
    var state: String
    var task: String
    var due: String
    var provisional: Bool
    var left: String
    /// For ordering: the open obligation's working days left.
    var daysLeft: Int?
    var overdue: Bool

    init(number: Int64, link: String, subject: String, counterpart: String, receivedOn: CivilDate, state: String, due: ShareDueItem?) {
        self.number = "第 \(number) 号"
        self.link = link
        self.subject = subject
        self.counterpart = counterpart
        self.receivedOn = receivedOn.iso
        self.state = state
        task = due?.obligation.label ?? "—"
        self.due = due?.due.iso ?? "—"
        provisional = due?.dueProvisional ?? false
        left = ClerkWorkspacePage.Row.left(due?.workingDaysLeft)
        daysLeft = due?.workingDaysLeft
        overdue = due?.overdue ?? false
    }

    /// A share request, `due` its open obligation for the institution, if any.
    init(_ request: ShareRequest, counterpart: String, due: ShareDueItem?) {
        self.init(
            number: request.number,
            link: "/sharing/requests/\(request.id.uuidString.lowercased())",
            subject: "\(request.itemName)(\(request.itemCode))",
            counterpart: counterpart,
            receivedOn: request.receivedOn,
            state: request.state.label,
            due: due
        )
    }

    /// A demand for data outside the catalog, `due` its open obligation for the institution, if any.
    init(_ demand: ShareDemand, counterpart: String, due: ShareDueItem?) {
        self.init(
            number: demand.number,
            link: "/sharing/demands/\(demand.id.uuidString.lowercased())",
            subject: demand.dataWanted,
            counterpart: counterpart,
            receivedOn: demand.receivedOn,
            state: demand.state.label,
            due: due
        )
    }
}

/// Two lists of one kind of sharing record: those the institution answers and those it filed.
struct SharingBoxes: Sendable {
    var incoming: SharingTable
    var outgoing: SharingTable

    init(incoming: [SharingRow], outgoing: [SharingRow]) {
        self.incoming = SharingTable(incoming)
        self.outgoing = SharingTable(outgoing)
    }
}

/// The rows of one list (the `share-table` partial), the open ones first, the nearest deadline first (W.1), then the
/// others as listed (newest first).
struct SharingTable: Sendable {
    var rows: [SharingRow]
    /// Stored, not computed: templates read values by reflection.
    var any: Bool

    init(_ rows: [SharingRow]) {
        self.rows = rows.enumerated().sorted { a, b in
            (a.element.daysLeft ?? .max, a.offset) < (b.element.daysLeft ?? .max, b.offset)
        }.map(\.element)
        any = !rows.isEmpty
    }
}

/// A step of a request's or a demand's history (A23.2 审核进度查询): the state entered, the day, the due date it set,
/// its words.
struct SharingEventRow: Sendable {
    var state: String
    var on: String
    var due: String?
    var provisional: Bool
    var note: String?

    init<State>(_ event: SharingEvent<State>, label: String) {
        state = label
        on = event.onDate.iso
        due = event.due?.iso
        provisional = event.dueProvisional
        note = event.note
    }
}

/// A label and a value of a record's facts (`<dl>`).
struct Fact: Sendable {
    var label: String
    var value: String
}

/// The notices the 共享 pages are redirected to after a step (`?done=…`); anything else shows nothing.
enum SharingNotice {
    static func text(_ key: String?) -> String? {
        switch key {
        case "filed": "已提交。办理进度见下方记录。"
        case "approved": "已同意共享,请在交付期限内完成交付。"
        case "refused": "已拒绝,理由和依据已告知申请方。"
        case "delivered": "已登记交付。"
        case "forwarded": "已转交数源部门。"
        case "rejected": "已作审核未通过处理,理由已告知需求方。"
        case "confirmed": "已确认共享,请在交付期限内完成交付。"
        case "withdrawn": "已撤回,数源部门不再办理。"
        default: nil
        }
    }
}
