import Postgres

/// A13.4: reads and seeds the `base_data_kind` table. The only place with its SQL.
public struct BaseDataKindStore: Sendable {
    public init() {}

    /// Every base data kind in the regulation's order (A13 clauses, then A14, then the A15 categories).
    public func list(on connection: Connection) throws -> [BaseDataKind] {
        try connection.query(
            """
            select code, name, article_clause, source_departments, base_database_code, subject_kind, position
            from base_data_kind order by position, code
            """
        ).map(Self.kind(from:))
    }

    /// The base data kinds of one subject (natural persons, organisations, natural resources) in the regulation's order.
    public func list(subject: BaseDataSubjectKind, on connection: Connection) throws -> [BaseDataKind] {
        try connection.query(
            """
            select code, name, article_clause, source_departments, base_database_code, subject_kind, position
            from base_data_kind where subject_kind = \(subject)::base_data_subject_kind order by position, code
            """
        ).map(Self.kind(from:))
    }

    /// The base data kind with this code, if any.
    public func get(code: String, on connection: Connection) throws -> BaseDataKind? {
        try connection.query(
            """
            select code, name, article_clause, source_departments, base_database_code, subject_kind, position
            from base_data_kind where code = \(code)
            """
        ).first.map(Self.kind(from:))
    }

    /// Inserts the kind, or updates it when any stored value differs; leaves it untouched (no write, no audit row)
    /// when nothing differs.
    @discardableResult
    public func upsert(_ kind: BaseDataKind, on connection: Connection) throws -> UpsertOutcome {
        let result = try connection.query(
            """
            insert into base_data_kind
                (code, name, article_clause, source_departments, base_database_code, subject_kind, position)
            values (\(kind.code), \(kind.name), \(kind.articleClause), \(kind.sourceDepartments), \(kind.baseDatabase),
                    \(kind.subjectKind)::base_data_subject_kind, \(kind.position)::smallint)
            on conflict (code) do update
                set name = excluded.name, article_clause = excluded.article_clause,
                    source_departments = excluded.source_departments, base_database_code = excluded.base_database_code,
                    subject_kind = excluded.subject_kind, position = excluded.position
                where (base_data_kind.name, base_data_kind.article_clause, base_data_kind.source_departments,
                       base_data_kind.base_database_code, base_data_kind.subject_kind, base_data_kind.position)
                      is distinct from (excluded.name, excluded.article_clause, excluded.source_departments,
                                        excluded.base_database_code, excluded.subject_kind, excluded.position)
            returning (xmax = 0) as inserted
            """
        )
        guard let row = result.first else { return .unchanged }
        return try row.decode("inserted", as: Bool.self) ? .inserted : .updated
    }

    static func kind(from row: Row) throws -> BaseDataKind {
        BaseDataKind(
            code: try row.decode("code"),
            name: try row.decode("name"),
            articleClause: try row.decode("article_clause"),
            sourceDepartments: try row.decode("source_departments"),
            baseDatabase: try row.decode("base_database_code"),
            subjectKind: try row.decode("subject_kind"),
            position: try row.decode("position")
        )
    }
}
