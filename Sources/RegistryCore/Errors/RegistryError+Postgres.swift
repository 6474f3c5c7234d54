import Postgres

extension RegistryError {
    /// Maps a database error to what a user may see: the rule behind a named constraint, a conflict, a missing
    /// reference — never the server's own text, which can repeat the values of a row.
    public init(_ error: PostgresError) {
        if let calendar = WorkingDayCalendarStore.calendarError(from: error) {
            self = calendar.registryError
            return
        }
        if let constraint = error.constraint, let rule = RuleCatalog.rule(forConstraint: constraint) {
            self = rule.error
            // A rule over several columns names the one the database reports.
            if field == nil, let column = error.column, !column.isEmpty { field = column }
            return
        }
        if error.kind == .commitOutcomeUnknown {
            self.init(.outcomeUnknown, "提交结果未知:连接在提交时中断,本次操作可能已经生效。请先查询确认,不要直接重复提交。")
            return
        }
        let article = error.constraint.flatMap(RequirementID.fromConstraint)
        switch error.sqlState {
        case "23505":
            self.init(.conflict, "记录已存在,与现有记录冲突。", field: error.column, article: article)
        case "23503":
            self.init(.invalidInput, "引用的记录不存在或仍被引用。", field: error.column, article: article)
        case "23502":
            self.init(.invalidInput, "缺少必填项。", field: error.column, article: article)
        case "23514", "23P01":
            self.init(.ruleViolation, "输入违反登记规则\(article.map { "(\($0))" } ?? "")。", field: error.column, article: article)
        case "40001", "40P01":
            self.init(.conflict, "并发修改冲突,请重试。")
        case "55P03", "57014":
            // lock_timeout or statement_timeout: the registry is busy (a long import, say); the request changed nothing.
            self.init(.unavailable, "系统繁忙,本次操作未生效,请稍后重试。")
        case let state? where state.hasPrefix("22"):
            self.init(.invalidInput, "输入值格式不正确或超出范围。", field: error.column)
        case let state? where state.hasPrefix("08") || state.hasPrefix("57P"):
            self.init(.unavailable, "数据库暂不可用,请稍后重试。")
        default:
            self.init(error.kind == .server ? .internal : .unavailable, error.kind == .server ? "内部错误。" : "数据库暂不可用,请稍后重试。")
        }
    }

    /// Any error as a registry error: registry errors pass through, database errors are mapped, the rest are internal.
    public init(mapping error: any Error) {
        switch error {
        case let error as RegistryError: self = error
        case let error as PostgresError: self.init(error)
        case let error as any RegistryErrorConvertible: self = error.registryError
        default: self.init(.internal, "内部错误。")
        }
    }
}

/// A domain error that knows how it reads to users.
public protocol RegistryErrorConvertible: Error {
    var registryError: RegistryError { get }
}

extension RegistryError {
    /// What may be logged about an error: registry and database errors describe themselves without values;
    /// anything else is named by its type only, since its text could carry personal data (A13.1).
    public static func loggableDescription(of error: any Error) -> String {
        switch error {
        case let error as RegistryError: error.description
        case let error as PostgresError: error.description
        default: String(describing: type(of: error))
        }
    }
}
