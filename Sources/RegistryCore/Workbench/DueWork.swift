import Foundation
import Postgres

/// W.1: one thing an institution's clerk has to do by a deadline — the rows of the clerk's 工作台.
public struct DueWork: Sendable, Hashable {
    /// What kind of record the work is about.
    public enum Kind: String, Sendable, Hashable, CaseIterable, PostgresEnum {
        /// A share request to answer or deliver (A23.2).
        case shareRequest = "share_request"
        /// A demand for data outside the catalog to answer or deliver (A24.1).
        case shareDemand = "share_demand"
        /// An error report on a published item to handle (A45.1).
        case errorReport = "error_report"
        /// A change of legal basis or duty: submit the updated catalog (A11.1).
        case catalogUpdate = "catalog_update"
        /// A catalog version the authority returned with reasons: correct and submit it again (A10.3).
        case returnedVersion = "returned_version"

        /// The Chinese label.
        public var label: String {
            switch self {
            case .shareRequest: "共享申请"
            case .shareDemand: "目录外数据需求"
            case .errorReport: "数据纠错"
            case .catalogUpdate: "目录更新"
            case .returnedVersion: "退回的目录版本"
            }
        }
    }

    /// What is to be done.
    public enum Task: String, Sendable, Hashable, CaseIterable, PostgresEnum {
        case reply, delivery, handle, submit, resubmit

        /// The Chinese label.
        public var label: String {
            switch self {
            case .reply: "答复"
            case .delivery: "交付"
            case .handle: "核实处理"
            case .submit: "提交更新后的目录"
            case .resubmit: "修改后重新提交"
            }
        }
    }

    public var kind: Kind
    /// The id of the request, demand, report, obligation or version.
    public var id: UUID
    /// Its number (申请编号, 需求编号, 纠错编号, 版本号), when it has one.
    public var number: Int64?
    public var task: Task
    /// The deadline, if the work has one (a returned version has none of its own).
    public var due: CivilDate?
    /// W.3: `due` was counted onto the provisional calendar (暂定).
    public var dueProvisional: Bool
    /// Working days from today to `due`; negative when overdue.
    public var workingDaysLeft: Int?
    public var overdue: Bool
    /// The obligation's description or the reviewer's reasons for returning a version.
    public var note: String?

    init(row: Row) throws {
        kind = try row.decode("kind")
        id = try row.decode("id")
        number = try row.decodeIfPresent("number")
        task = try row.decode("task")
        due = try row.decodeIfPresent("due")
        dueProvisional = try row.decode("due_provisional")
        workingDaysLeft = try row.decodeIfPresent("working_days_left")
        overdue = try row.decode("overdue")
        note = try row.decodeIfPresent("note")
    }
}
