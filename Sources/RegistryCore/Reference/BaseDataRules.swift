/// A13.4 / A18.1: the rules `sql/0004_places.sql` enforces on base databases and base data kinds (``RuleCatalog``
/// joins them). Only seeding writes these tables; the reader of `sql/reference/base-data-kinds.tsv` checks the same.
enum BaseDataRules {
    static let baseDatabaseCodeFormat = Rule(
        constraint: "base_database_code_format_a18_1",
        field: "code",
        message: "基础数据库代码只能由小写字母、数字和下划线组成,并以字母开头。"
    )
    static let baseDatabaseExists = Rule(
        constraint: "base_data_kind_base_database_exists_a18_1",
        field: "base_database_code",
        message: "基础数据须属于第十八条所列的基础数据库之一。"
    )
    static let codeFormat = Rule(
        constraint: "base_data_kind_code_format_a13_4",
        field: "code",
        message: "基础数据类别代码只能由小写字母、数字和下划线组成,并以字母开头。"
    )
    static let articleClause = Rule(
        constraint: "base_data_kind_article_clause_a13_4",
        field: "article_clause",
        message: "条款须写作 A13(一)、A14(八) 或 A15 的形式。"
    )
    static let sourceNamed = Rule(
        constraint: "base_data_kind_source_named_a13_4",
        field: "source_departments",
        message: "须写明法定数源部门。"
    )
    static let subjectMatchesArticle = Rule(
        constraint: "base_data_kind_subject_matches_article_a13_4",
        field: "subject_kind",
        message: "自然人基础数据见第十三条,法人和非法人组织基础数据见第十四条,自然资源和空间地理基础数据见第十五条。"
    )

    static let all: [Rule] = [baseDatabaseCodeFormat, baseDatabaseExists, codeFormat, articleClause, sourceNamed, subjectMatchesArticle]
}
