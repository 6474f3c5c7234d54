/// A29.2: one row of a dataset the audit authority reads — each column's value as text (`nil` for SQL NULL).
public typealias AuditRow = [String: String?]

/// A29.2: public data opened to the audit authority (审计部门) — its accounts read every register of the registry,
/// one page of one dataset at a time, and each read is recorded in `audit_read_log` in the read's own transaction,
/// chained into the audit trail (A44.1). Every other role is refused; auditors change nothing (the database refuses
/// any change made as one).
public struct AuditAccessWorkflow: Sendable {
    public let database: RegistryDatabase
    let store = AuditAccessStore()

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// The datasets the audit authority reads (auditors only).
    public func datasets(by actor: Principal) throws -> [AuditDataset] {
        try actor.require(.auditor)
        return AuditDataset.allCases
    }

    /// One page of the dataset named `name`, recorded as read by `actor` (auditors only); an unknown name is not found.
    public func read(_ name: String, page: ListingPage, by actor: Principal) async throws -> ListingResult<AuditRow> {
        try actor.require(.auditor)
        guard let dataset = AuditDataset(rawValue: name) else { throw RegistryError.notFound("数据集", field: "dataset") }
        let page = try page.validated()
        return try await database.write(actor.audit("audit_access.read")) { [store] connection in
            let result = try store.page(of: dataset, page, on: connection)
            try store.recordRead(of: dataset, page, rows: result.items.count, by: actor, on: connection)
            return result
        }
    }
}
