import Foundation
import Postgres

/// A13.2, A13.3, A18.1: source claims, duplicate collection and the base databases in the database. The only place
/// with their SQL.
public struct BaseDataSourceStore: Sendable {
    public init() {}

    /// What a listing of claims can be narrowed to.
    public struct Filter: Sendable, Hashable {
        public var oversight: OversightFilter
        public var baseDataKindCode: String?
        public var status: BaseDataSourceStatus?

        public init(oversight: OversightFilter = OversightFilter(), baseDataKindCode: String? = nil, status: BaseDataSourceStatus? = nil) {
            self.oversight = oversight
            self.baseDataKindCode = baseDataKindCode
            self.status = status
        }
    }

    /// Records a claim, which the database routes (`sql/0138_base_data_source_claim_routed.sql`): accepted when its
    /// kind has no accepted source in the division, else a conflict with that source.
    public func insert(_ claim: NewBaseDataSourceClaim, on connection: Connection) throws -> BaseDataSourceClaim {
        let id = try connection.queryOne(
            """
            insert into base_data_source (base_data_kind_code, division_code, institution_uscc, claimed_on, basis)
            values (\(claim.baseDataKindCode), \(claim.divisionCode)::char(6), \(claim.institution),
                    coalesce(\(claim.claimedOn)::date, registry_today()), \(claim.basis))
            returning id
            """
        ).decode("id", as: UUID.self)
        return try get(id, on: connection).existing()
    }

    /// The claim with this id, with the current source of its kind and division.
    public func get(_ id: UUID, on connection: Connection) throws -> BaseDataSourceClaim? {
        try connection.query("\(Self.select) where s.id = \(id)").first.map(BaseDataSourceClaim.init(row:))
    }

    /// Claims matching `filter`, by division, kind, then the day claimed; conflicts show the current source.
    public func list(_ filter: Filter, page: ListingPage, on connection: Connection) throws -> ListingResult<BaseDataSourceClaim> {
        let condition: SQL = """
            \(filter.oversight.condition(institutionColumn: "s.institution_uscc", divisionColumn: "s.division_code"))
            and (\(filter.baseDataKindCode)::text is null or s.base_data_kind_code = \(filter.baseDataKindCode))
            and (\(filter.status)::base_data_source_status is null or s.status = \(filter.status)::base_data_source_status)
            """
        return try .fetch(
            count: "select count(*) as n from base_data_source s where \(condition)",
            rows:
                """
                \(Self.select) where \(condition)
                order by s.division_code, k.position, s.base_data_kind_code, s.claimed_on, s.created_at, s.id
                """,
            page: page,
            on: connection,
            BaseDataSourceClaim.init(row:)
        )
    }

    /// A13.2: the authority's decision on a conflict; accepting it ends the previous source's claim (the database's
    /// trigger does, in the same statement).
    public func resolve(
        _ id: UUID,
        _ resolution: BaseDataSourceResolution,
        resolver: String,
        account: UUID?,
        on connection: Connection
    ) throws -> BaseDataSourceClaim {
        let status: BaseDataSourceStatus = resolution.decision == .accept ? .accepted : .dismissed
        try connection.query(
            """
            update base_data_source
               set status = \(status)::base_data_source_status, resolver_institution = \(resolver),
                   resolver_account = \(account), resolution_note = \(resolution.note)
             where id = \(id)
            """
        )
        return try get(id, on: connection).existing()
    }

    /// A13.3: published items collecting base data whose source is another institution, by division and institution.
    public func duplicateCollection(
        _ filter: OversightFilter,
        page: ListingPage,
        on connection: Connection
    ) throws -> ListingResult<DuplicateCollection> {
        let condition = filter.condition(institutionColumn: "d.institution_uscc", divisionColumn: "d.division_code")
        return try .fetch(
            count: "select count(*) as n from duplicate_collection d where \(condition)",
            rows:
                """
                select \(DuplicateCollection.columns(of: "d")) from duplicate_collection d where \(condition)
                order by d.division_code, d.institution_uscc, d.item_code, d.item_id
                """,
            page: page,
            on: connection,
            DuplicateCollection.init(row:)
        )
    }

    /// A18.1: the base databases in the regulation's order with the kinds each holds.
    public func baseDatabases(on connection: Connection) throws -> [BaseDatabaseHoldings] {
        try connection.query("select code, name, kinds from base_database_kinds order by position")
            .map(BaseDatabaseHoldings.init(row:))
    }

    /// The division of a registered institution, if any.
    func divisionOfInstitution(_ uscc: String, on connection: Connection) throws -> String? {
        try connection.query("select division_code from institution where uscc::text = \(uscc)").first?.decode("division_code")
    }

    private static let select: SQL = """
        select s.id, s.base_data_kind_code, k.name as base_data_kind_name, s.division_code, s.institution_uscc,
               i.name as institution_name, s.claimed_on, s.basis, s.status, s.competing_claim_id, s.resolved_on,
               s.resolver_institution, s.resolution_note, s.ended_on,
               cur.institution_uscc as current_source_uscc, ci.name as current_source_name
          from base_data_source s
          join base_data_kind k on k.code = s.base_data_kind_code
          join institution i on i.uscc = s.institution_uscc
          left join base_data_source cur
                 on cur.base_data_kind_code = s.base_data_kind_code and cur.division_code = s.division_code
                and cur.status = 'accepted'
          left join institution ci on ci.uscc = cur.institution_uscc
        """
}
