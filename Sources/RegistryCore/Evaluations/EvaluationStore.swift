import Foundation
import Postgres

/// A22.1 / A29.1: evaluations and conversions in the database. The only place with their SQL.
public struct EvaluationStore: Sendable {
    public init() {}

    /// What a listing of evaluations or conversions can be narrowed to.
    public struct Filter: Sendable, Hashable {
        public var oversight: OversightFilter
        public var itemID: UUID?
        public var kind: EvaluatedAttribute?

        public init(oversight: OversightFilter = OversightFilter(), itemID: UUID? = nil, kind: EvaluatedAttribute? = nil) {
            self.oversight = oversight
            self.itemID = itemID
            self.kind = kind
        }
    }

    /// An item as the evaluation rules see it: its catalog's institution and, when published, its share and open type.
    public struct ItemAttributes: Sendable, Hashable {
        public var institution: String
        public var shareType: String?
        public var openType: String?

        public var isPublished: Bool { shareType != nil }

        /// The published value of `kind`, if the item is published.
        public subscript(kind: EvaluatedAttribute) -> String? { kind == .share ? shareType : openType }
    }

    /// The item's institution and published attributes; `nil` for an unknown item.
    public func attributes(ofItem id: UUID, on connection: Connection) throws -> ItemAttributes? {
        try connection.query(
            """
            select c.institution_uscc, p.share_type::text as share_type, p.open_type::text as open_type
              from catalog_item i join catalog c on c.id = i.catalog_id
              left join catalog_item_published p on p.item_id = i.id
             where i.id = \(id)
            """
        ).first.map {
            ItemAttributes(
                institution: try $0.decode("institution_uscc"),
                shareType: try $0.decodeIfPresent("share_type"),
                openType: try $0.decodeIfPresent("open_type")
            )
        }
    }

    /// Records an evaluation.
    public func insert(_ evaluation: NewAttributeEvaluation, on connection: Connection) throws -> AttributeEvaluation {
        let id = try connection.queryOne(
            """
            insert into attribute_evaluation (item_id, kind, evaluated_on, outcome, reason, evaluator)
            values (\(evaluation.itemID), \(evaluation.kind)::attribute_kind, coalesce(\(evaluation.evaluatedOn)::date, registry_today()),
                    \(evaluation.outcome)::evaluation_outcome, \(evaluation.reason), \(evaluation.evaluator))
            returning id
            """
        ).decode("id", as: UUID.self)
        return try connection.query("\(Self.selectEvaluations) where e.id = \(id)").first.map(AttributeEvaluation.init(row:)).existing()
    }

    /// Evaluations within `filter`, latest first.
    public func evaluations(
        _ filter: Filter,
        page: ListingPage,
        on connection: Connection
    ) throws -> ListingResult<AttributeEvaluation> {
        let condition = Self.condition(filter, alias: "e")
        return try .fetch(
            count:
                """
                select count(*) as n
                  from attribute_evaluation e join catalog_item i on i.id = e.item_id join catalog c on c.id = i.catalog_id
                 where \(condition)
                """,
            rows:
                """
                \(Self.selectEvaluations) where \(condition)
                order by e.evaluated_on desc, e.created_at desc, e.id
                """,
            page: page,
            on: connection,
            AttributeEvaluation.init(row:)
        )
    }

    /// Whether an evaluation of this item and attribute found it convertible.
    func evaluationFoundConvertible(_ id: UUID, item: UUID, kind: EvaluatedAttribute, on connection: Connection) throws -> Bool {
        try connection.queryOne(
            """
            select exists (select 1 from attribute_evaluation where id = \(id) and item_id = \(item)
                              and kind = \(kind)::attribute_kind and outcome = 'convert') as found
            """
        ).decode("found")
    }

    /// The value of `kind` the item's revision in `version` carries, if the version changes the item.
    func carriedType(item: UUID, version: UUID, kind: EvaluatedAttribute, on connection: Connection) throws -> String? {
        try connection.query(
            """
            select case \(kind)::attribute_kind when 'share' then r.share_type::text else r.open_type::text end as value
              from catalog_item_revision r where r.item_id = \(item) and r.version_id = \(version)
            """
        ).first?.decode("value")
    }

    /// The value of `kind` in the item's last approved revision before `version`.
    func previousType(item: UUID, version: UUID, kind: EvaluatedAttribute, on connection: Connection) throws -> String? {
        try connection.query(
            """
            select case \(kind)::attribute_kind when 'share' then r.share_type::text else r.open_type::text end as value
              from catalog_version target
              join catalog_version v on v.catalog_id = target.catalog_id and v.state = 'approved' and v.number < target.number
              join catalog_item_revision r on r.version_id = v.id and r.item_id = \(item)
             where target.id = \(version)
             order by v.number desc limit 1
            """
        ).first?.decode("value")
    }

    /// Records a conversion.
    public func insert(_ conversion: NewAttributeConversion, on connection: Connection) throws -> AttributeConversion {
        let id = try connection.queryOne(
            """
            insert into attribute_conversion (item_id, kind, from_type, to_type, basis, evaluation_id, version_id, converted_on, note)
            values (\(conversion.itemID), \(conversion.kind)::attribute_kind, \(conversion.fromType), \(conversion.toType),
                    \(conversion.basis)::conversion_basis, \(conversion.evaluationID)::uuid, \(conversion.versionID),
                    coalesce(\(conversion.convertedOn)::date, registry_today()), \(conversion.note))
            returning id
            """
        ).decode("id", as: UUID.self)
        return try connection.query("\(Self.selectConversions) where x.id = \(id)").first.map(AttributeConversion.init(row:)).existing()
    }

    /// Conversions within `filter`, latest first.
    public func conversions(
        _ filter: Filter,
        page: ListingPage,
        on connection: Connection
    ) throws -> ListingResult<AttributeConversion> {
        let condition = Self.condition(filter, alias: "x")
        return try .fetch(
            count:
                """
                select count(*) as n
                  from attribute_conversion x join catalog_item i on i.id = x.item_id join catalog c on c.id = i.catalog_id
                 where \(condition)
                """,
            rows:
                """
                \(Self.selectConversions) where \(condition)
                order by x.converted_on desc, x.created_at desc, x.id
                """,
            page: page,
            on: connection,
            AttributeConversion.init(row:)
        )
    }

    private static func condition(_ filter: Filter, alias: String) -> SQL {
        """
        \(filter.oversight.condition(institutionColumn: "c.institution_uscc", divisionColumn: "c.division_code"))
        and (\(filter.itemID)::uuid is null or \(unescaped: alias).item_id = \(filter.itemID)::uuid)
        and (\(filter.kind)::attribute_kind is null or \(unescaped: alias).kind = \(filter.kind)::attribute_kind)
        """
    }

    private static let selectEvaluations: SQL = """
        select e.id, e.item_id, e.kind, e.revision_id, e.institution_uscc, e.evaluated_on, e.outcome, e.reason, e.evaluator, e.created_at,
               i.code as item_code, r.name as item_name, c.division_code
          from attribute_evaluation e
          join catalog_item i on i.id = e.item_id
          join catalog c on c.id = i.catalog_id
          join catalog_item_revision r on r.id = e.revision_id
        """

    private static let selectConversions: SQL = """
        select x.id, x.item_id, x.kind, x.from_type, x.to_type, x.basis, x.evaluation_id, x.version_id, x.converted_on, x.note,
               x.institution_uscc, x.created_at, i.code as item_code, r.name as item_name, c.division_code
          from attribute_conversion x
          join catalog_item i on i.id = x.item_id
          join catalog c on c.id = i.catalog_id
          join catalog_item_revision r on r.item_id = x.item_id and r.version_id = x.version_id
        """
}
