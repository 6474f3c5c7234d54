import Postgres

/// A13.4: a kind of base data named in A13, A14 or A15, with its statutory source department(s) (数源部门).
public struct BaseDataKind: Sendable, Hashable, Codable {
    /// Stable identifier, lower-case ASCII (e.g. `household_registration`).
    public var code: String
    /// Chinese name as the regulation words it (e.g. 户籍登记数据).
    public var name: String
    /// Article and clause, e.g. `A13(一)`; the categories of A15 have no clause: `A15`.
    public var articleClause: String
    /// The statutory source department(s), exactly as the regulation words them.
    public var sourceDepartments: String
    /// The base database the data belongs to (A18.1).
    public var baseDatabase: BaseDatabase
    /// Whom the data describes.
    public var subjectKind: BaseDataSubjectKind
    /// Order in the regulation (1-based).
    public var position: Int

    public init(
        code: String,
        name: String,
        articleClause: String,
        sourceDepartments: String,
        baseDatabase: BaseDatabase,
        subjectKind: BaseDataSubjectKind,
        position: Int
    ) {
        self.code = code
        self.name = name
        self.articleClause = articleClause
        self.sourceDepartments = sourceDepartments
        self.baseDatabase = baseDatabase
        self.subjectKind = subjectKind
        self.position = position
    }

    /// Whether `text` is an article reference the registry accepts for base data: `A13`, `A14` or `A15`, optionally
    /// followed by a clause in Chinese numerals in ASCII parentheses (`A13(十一)`). Same rule as
    /// `base_data_kind_article_clause_a13_4`.
    public static func isValidArticleClause(_ text: String) -> Bool {
        text.wholeMatch(of: /A1[345](\([一二三四五六七八九十]+\))?/) != nil
    }

    /// Whether `code` is lower-case ASCII letters, digits and underscores, starting with a letter.
    public static func isValidCode(_ code: String) -> Bool {
        code.wholeMatch(of: /[a-z][a-z0-9_]*/) != nil
    }
}

/// A13–A15: whom base data describes — 自然人 (A13), 法人和非法人组织 (A14), 自然资源和空间地理 (A15).
public enum BaseDataSubjectKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// 自然人, identified by the citizen identity number (A13).
    case naturalPerson = "natural_person"
    /// 法人和非法人组织, identified by the unified social credit code (A14).
    case organisation
    /// 自然资源和空间地理 (A15).
    case naturalResources = "natural_resources"

    /// The regulation's Chinese label.
    public var label: String {
        switch self {
        case .naturalPerson: "自然人"
        case .organisation: "法人和非法人组织"
        case .naturalResources: "自然资源和空间地理"
        }
    }

    /// The article that lists the base data of this subject.
    public var article: String {
        switch self {
        case .naturalPerson: "A13"
        case .organisation: "A14"
        case .naturalResources: "A15"
        }
    }
}

extension BaseDataSubjectKind: PostgresEnum {}
