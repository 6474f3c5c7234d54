extension Connection {
    /// Reads the rows of `sql` in batches of at most `batchSize` through a cursor, so that a result of any size never
    /// sits whole in memory; `body` gets each batch in order.
    ///
    /// Runs inside the caller's transaction (a cursor lives as long as its transaction); one cursor at a time per
    /// connection.
    public func forEachBatch(of sql: SQL, batchSize: Int = 10_000, _ body: (QueryResult) throws -> Void) throws {
        precondition(batchSize > 0, "a batch holds at least one row")
        try query("declare registry_batches no scroll cursor for \(sql)")
        while true {
            let batch = try query("fetch forward \(unescaped: String(batchSize)) from registry_batches")
            if batch.rows.isEmpty { break }
            try body(batch)
        }
        try query("close registry_batches")
    }
}
