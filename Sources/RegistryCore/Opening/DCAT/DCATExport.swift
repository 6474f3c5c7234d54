import Foundation
import Postgres

/// The open catalog as DCAT-AP 3.0.1 (W3C DCAT 3) for harvesters: a `dcat:Catalog` paged with `hydra:PagedCollection`
/// as ckanext-dcat pages it, and one `dcat:Dataset` per item of the open catalog (A28.1). Items suspended or withdrawn
/// after an objection (A28.3) and items not open never appear: everything is read from `open_catalog_entry` (0128).
/// Nothing personal is exported — institutions only, and a contact point with the institution's name.
public struct DCATExport: Sendable {
    public let database: RegistryDatabase
    /// Where the registry is reached (`REGISTRY_PUBLIC_URL`), the root of every URI the export mints.
    public let baseURL: String
    /// Datasets per catalog page.
    public static let pageSize = 100

    public init(database: RegistryDatabase, baseURL: String) {
        self.database = database
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// The export with URIs under the registry's configured address: `REGISTRY_PUBLIC_URL`, else the default address of
    /// a local server. The API's DCAT routes and the portal's item pages mint the same URIs.
    public init(database: RegistryDatabase) {
        self.init(database: database, baseURL: ProcessInfo.processInfo.environment["REGISTRY_PUBLIC_URL"] ?? "http://127.0.0.1:8080")
    }

    /// One page (from 1) of the catalog in `format`; a page past the last is `not_found`.
    public func catalog(page: Int, format: RDFFormat) async throws -> RDFGraph {
        try await database.read { connection in
            let total: Int = try connection.queryOne("select coalesce(sum(items), 0)::int as n from open_catalog_facet_sum").decode("n")
            let last = max(1, (total + Self.pageSize - 1) / Self.pageSize)
            guard page >= 1, page <= last else { throw RegistryError.notFound("目录页", field: "page") }
            let rows = try self.datasets(where: "true", page: page, on: connection)
            var builder = try Builder(baseURL: baseURL, on: connection)
            let catalog = builder.catalogNode()
            for row in rows {
                let dataset = try builder.dataset(row)
                builder.graph.add(catalog, .dcat, "dataset", dataset)
            }
            let pageURL = { (number: Int) in RDFTerm.literal("\(baseURL)/api/v1/dcat/catalog.\(format.rawValue)?page=\(number)") }
            let collection = RDFTerm.iri("\(baseURL)/api/v1/dcat/catalog.\(format.rawValue)?page=\(page)")
            builder.graph.add(collection, .rdf, "type", RDFNamespace.hydra.term("PagedCollection"))
            builder.graph.add(collection, .hydra, "totalItems", .typed(String(total), "integer"))
            builder.graph.add(collection, .hydra, "itemsPerPage", .typed(String(Self.pageSize), "integer"))
            builder.graph.add(collection, .hydra, "firstPage", pageURL(1))
            builder.graph.add(collection, .hydra, "lastPage", pageURL(last))
            if page > 1 { builder.graph.add(collection, .hydra, "previousPage", pageURL(page - 1)) }
            if page < last { builder.graph.add(collection, .hydra, "nextPage", pageURL(page + 1)) }
            return builder.graph
        }
    }

    /// One dataset of the open catalog; an item that is not open, suspended or withdrawn is `not_found`.
    public func dataset(_ itemID: UUID) async throws -> RDFGraph {
        try await database.read { connection in
            guard let row = try self.datasets(where: "e.item_id = \(itemID)", page: 1, on: connection).first else {
                throw RegistryError.notFound("开放目录中的数据", field: "id")
            }
            var builder = try Builder(baseURL: baseURL, on: connection)
            _ = try builder.dataset(row)
            return builder.graph
        }
    }

    /// The items of the open catalog with what a dataset needs, by code (a page of `open_catalog_entry`'s order, read
    /// from its index before anything is joined), with their coverage and distributions.
    private func datasets(where condition: SQL, page: Int, on connection: Connection) throws -> [DatasetRow] {
        let rows = try connection.query(
            """
            select l.item_id, l.code as item_code, r.name as item_name, r.description, l.institution_uscc::text as institution_uscc,
                   ins.name as institution_name, c.division_code, l.open_type::text as open_type,
                   r.update_frequency::text as update_frequency, r.data_updated_on, r.category_scheme, r.category_code,
                   cat.name as category_name,
                   coalesce((select array_agg(x.e->>'name' order by x.n) from jsonb_array_elements(r.data_items) with ordinality as x(e, n)
                              where x.e->>'name' is not null), '{}') as keywords
              from (select e.item_id, e.code from open_catalog_entry e where \(condition)
                     order by e.code collate "C", e.item_id limit \(Self.pageSize) offset \((page - 1) * Self.pageSize)) e
              join catalog_listing l on l.item_id = e.item_id
              join catalog_item_revision r on r.id = l.revision_id
              join catalog c on c.id = l.catalog_id
              join institution ins on ins.uscc = l.institution_uscc
              left join data_category cat on cat.scheme_code = r.category_scheme and cat.code = r.category_code
             order by e.code collate "C", e.item_id
            """
        ).map(DatasetRow.init(row:))
        // The ids do not change the best plans of their coverage and distributions: planned once per session.
        let offers = try connection.withGenericPlans { try DistributionStore().openOffers(of: rows.map(\.itemID), on: connection) }
        return rows.map { row in
            var row = row
            row.offer = offers[row.itemID]
            return row
        }
    }
}

/// One item of the open catalog as the export reads it.
struct DatasetRow {
    var itemID: UUID
    var code: String
    var name: String
    var description: String?
    var institution: String
    var institutionName: String
    var division: String
    var openType: String
    var updateFrequency: String
    var dataUpdatedOn: CivilDate?
    var categoryScheme: String?
    var categoryCode: String?
    var categoryName: String?
    var keywords: [String]
    var offer: ItemDistributions?

    init(row: Row) throws {
        itemID = try row.decode("item_id")
        code = try row.decode("item_code")
        name = try row.decode("item_name")
        description = try row.decodeIfPresent("description")
        institution = try row.decode("institution_uscc")
        institutionName = try row.decode("institution_name")
        division = try row.decode("division_code")
        openType = try row.decode("open_type")
        updateFrequency = try row.decode("update_frequency")
        dataUpdatedOn = try row.decodeIfPresent("data_updated_on")
        categoryScheme = try row.decodeIfPresent("category_scheme")
        categoryCode = try row.decodeIfPresent("category_code")
        categoryName = try row.decodeIfPresent("category_name")
        keywords = try row.decode("keywords")
    }
}

/// Builds the graph: datasets, their agents, divisions, themes and distributions, each node once.
private struct Builder {
    let baseURL: String
    /// About 40 triples a dataset: the page's fit without growing.
    var graph = RDFGraph(reservingCapacity: 40 * DCATExport.pageSize)
    var divisions: [String: (name: String, level: String)] = [:]
    var fileTypes: [String: String] = [:]
    var authority: (uscc: String, name: String)?
    /// The catalog node, when the graph is a catalog page.
    var catalog: RDFTerm?
    /// The institutions whose agent already carries its `adms:identifier`.
    private var identified: Set<String> = []
    private var blankCount = 0

    init(baseURL: String, on connection: Connection) throws {
        self.baseURL = baseURL
        for row in try connection.query("select code::text as code, name, level::text as level from division") {
            divisions[try row.decode("code")] = (try row.decode("name"), try row.decode("level"))
        }
        for row in try connection.query("select media_type, file_type from media_type_reference") {
            fileTypes[try row.decode("media_type")] = try row.decode("file_type")
        }
        authority = try connection.query(
            """
            select uscc::text as uscc, name from institution where kind = 'public_data_authority' and division_code = '150000'
             order by uscc limit 1
            """
        ).first.map { (try $0.decode("uscc"), try $0.decode("name")) }
    }

    func id(_ path: String) -> RDFTerm { .safeIRI("\(baseURL)/id/\(path)") }

    mutating func blank() -> RDFTerm {
        blankCount += 1
        return .blank("b\(blankCount)")
    }

    /// The catalog node: title, description, publisher (the region's public data authority), language, spatial,
    /// theme taxonomies and homepage.
    mutating func catalogNode() -> RDFTerm {
        let catalog = id("catalog")
        self.catalog = catalog
        graph.add(catalog, .rdf, "type", RDFNamespace.dcat.term("Catalog"))
        graph.add(catalog, .dct, "title", .chinese("内蒙古自治区公共数据开放目录"))
        graph.add(catalog, .dct, "description", .chinese("内蒙古自治区无条件开放和有条件开放的公共数据(《内蒙古自治区公共数据管理暂行办法》第二十八条)。"))
        let publisher: RDFTerm
        if let authority {
            publisher = agent(uscc: authority.uscc, name: authority.name, division: "150000")
        } else {
            publisher = id("authority/150000")
            graph.add(publisher, .rdf, "type", RDFNamespace.foaf.term("Agent"))
            graph.add(publisher, .foaf, "name", .chinese("内蒙古自治区公共数据主管部门"))
        }
        graph.add(catalog, .dct, "publisher", publisher)
        graph.add(catalog, .foaf, "homepage", .safeIRI(baseURL + "/"))
        graph.add(catalog, .dct, "language", .iri("http://publications.europa.eu/resource/authority/language/ZHO"))
        let region = division("150000")
        graph.add(catalog, .dct, "spatial", region)
        let themes = euThemes()
        graph.add(catalog, .dcat, "themeTaxonomy", themes)
        return catalog
    }

    /// The EU data-theme vocabulary as a concept scheme.
    mutating func euThemes() -> RDFTerm {
        let scheme = RDFTerm.iri(DCATVocabulary.dataThemeScheme)
        graph.add(scheme, .rdf, "type", RDFNamespace.skos.term("ConceptScheme"))
        graph.add(scheme, .dct, "title", .literal("Data theme", language: "en"))
        return scheme
    }

    /// A publisher: an institution as `foaf:Agent` with its unified social credit code as `adms:identifier`.
    mutating func agent(uscc: String, name: String, division code: String) -> RDFTerm {
        let node = id("institution/\(uscc)")
        graph.add(node, .rdf, "type", RDFNamespace.foaf.term("Agent"))
        graph.add(node, .foaf, "name", .chinese(name))
        graph.add(node, .dct, "type", .iri(DCATVocabulary.publisherType(level: divisions[code]?.level)))
        if identified.insert(uscc).inserted {
            let identifier = blank()
            graph.add(node, .adms, "identifier", identifier)
            graph.add(identifier, .rdf, "type", RDFNamespace.adms.term("Identifier"))
            graph.add(identifier, .skos, "notation", .literal(uscc))
            graph.add(identifier, .adms, "schemaAgency", .chinese("统一社会信用代码(GB 32100)"))
        }
        return node
    }

    /// A division with a stable URI per GB/T 2260 code.
    mutating func division(_ code: String) -> RDFTerm {
        let node = id("division/\(code)")
        graph.add(node, .rdf, "type", RDFNamespace.dct.term("Location"))
        graph.add(node, .skos, "notation", .literal(code))
        if let name = divisions[code]?.name { graph.add(node, .skos, "prefLabel", .chinese(name)) }
        return node
    }

    /// The category as an EU data theme where one matches, else as a concept of the registry's own scheme.
    mutating func theme(scheme: String, code: String, name: String?) -> RDFTerm {
        if let eu = DCATVocabulary.dataTheme(category: code) {
            let node = RDFTerm.iri(eu)
            graph.add(node, .rdf, "type", RDFNamespace.skos.term("Concept"))
            let scheme = euThemes()
            graph.add(node, .skos, "inScheme", scheme)
            let theme = String(eu.split(separator: "/").last!)
            graph.add(node, .skos, "prefLabel", DCATVocabulary.dataThemeLabels[theme].map { .literal($0, language: "en") })
            return node
        }
        let schemeNode = id("category-scheme/\(scheme)")
        graph.add(schemeNode, .rdf, "type", RDFNamespace.skos.term("ConceptScheme"))
        graph.add(schemeNode, .dct, "title", .chinese("公共数据分类(\(scheme))"))
        if let catalog { graph.add(catalog, .dcat, "themeTaxonomy", schemeNode) }
        let node = id("category/\(scheme)/\(code)")
        graph.add(node, .rdf, "type", RDFNamespace.skos.term("Concept"))
        graph.add(node, .skos, "inScheme", schemeNode)
        graph.add(node, .skos, "notation", .literal(code))
        if let name { graph.add(node, .skos, "prefLabel", .chinese(name)) }
        return node
    }

    /// A dataset with every property DCAT-AP 3 asks for that the registry holds.
    mutating func dataset(_ row: DatasetRow) throws -> RDFTerm {
        let node = id("dataset/\(row.itemID.uuidString.lowercased())")
        graph.add(node, .rdf, "type", RDFNamespace.dcat.term("Dataset"))
        graph.add(node, .dct, "identifier", .literal(row.code))
        graph.add(node, .dct, "title", .chinese(row.name))
        graph.add(node, .dct, "description", .chinese(row.description.flatMap { $0.isEmpty ? nil : $0 } ?? row.name))
        let publisher = agent(uscc: row.institution, name: row.institutionName, division: row.division)
        graph.add(node, .dct, "publisher", publisher)
        let contact = blank()
        graph.add(node, .dcat, "contactPoint", contact)
        graph.add(contact, .rdf, "type", RDFNamespace.vcard.term("Kind"))
        graph.add(contact, .rdf, "type", RDFNamespace.vcard.term("Organization"))
        graph.add(contact, .vcard, "fn", .chinese(row.institutionName))
        for keyword in row.keywords where !keyword.isEmpty { graph.add(node, .dcat, "keyword", .chinese(keyword)) }
        if let scheme = row.categoryScheme, let code = row.categoryCode {
            let concept = theme(scheme: scheme, code: code, name: row.categoryName)
            graph.add(node, .dcat, "theme", concept)
        }
        graph.add(node, .dct, "accrualPeriodicity", .iri(DCATVocabulary.frequency(row.updateFrequency)))
        let rights = RDFTerm.iri(DCATVocabulary.accessRights(openType: row.openType))
        graph.add(node, .dct, "accessRights", rights)
        graph.add(rights, .rdf, "type", RDFNamespace.dct.term("RightsStatement"))
        let spatial = division(row.offer?.coverage?.spatialDivision ?? row.division)
        graph.add(node, .dct, "spatial", spatial)
        if let coverage = row.offer?.coverage, coverage.temporalFrom != nil || coverage.temporalTo != nil {
            let period = blank()
            graph.add(node, .dct, "temporal", period)
            graph.add(period, .rdf, "type", RDFNamespace.dct.term("PeriodOfTime"))
            graph.add(period, .dcat, "startDate", coverage.temporalFrom.map { .typed($0.description, "date") })
            graph.add(period, .dcat, "endDate", coverage.temporalTo.map { .typed($0.description, "date") })
        }
        graph.add(node, .dct, "modified", row.dataUpdatedOn.map { .typed($0.description, "date") })
        for distribution in row.offer?.distributions ?? [] {
            let offered = self.distribution(distribution)
            graph.add(node, .dcat, "distribution", offered)
        }
        return node
    }

    mutating func distribution(_ d: Distribution) -> RDFTerm {
        let node = id("distribution/\(d.id.uuidString.lowercased())")
        graph.add(node, .rdf, "type", RDFNamespace.dcat.term("Distribution"))
        graph.add(node, .dct, "title", .chinese(d.title))
        graph.add(node, .dcat, "accessURL", .safeIRI(d.accessUrl))
        graph.add(node, .dcat, "downloadURL", d.downloadUrl.map(RDFTerm.safeIRI))
        if let mediaType = d.mediaType {
            let media = RDFTerm.iri("http://www.iana.org/assignments/media-types/" + mediaType)
            graph.add(node, .dcat, "mediaType", media)
            graph.add(media, .rdf, "type", RDFNamespace.dct.term("MediaType"))
            if let fileType = fileTypes[mediaType] {
                let format = RDFTerm.iri("http://publications.europa.eu/resource/authority/file-type/" + fileType)
                graph.add(node, .dct, "format", format)
                graph.add(format, .rdf, "type", RDFNamespace.dct.term("MediaTypeOrExtent"))
            }
        }
        graph.add(node, .dcat, "byteSize", d.byteSize.map { .typed(String($0), "nonNegativeInteger") })
        if let checksum = d.checksumSha256 {
            let node2 = blank()
            graph.add(node, .spdx, "checksum", node2)
            graph.add(node2, .rdf, "type", RDFNamespace.spdx.term("Checksum"))
            graph.add(node2, .spdx, "algorithm", RDFNamespace.spdx.term("checksumAlgorithm_sha256"))
            graph.add(node2, .spdx, "checksumValue", .typed(checksum, "hexBinary"))
        }
        if d.licenseUrl != nil || d.licenseName != nil {
            let licence = d.licenseUrl.map(RDFTerm.safeIRI) ?? blank()
            graph.add(node, .dct, "license", licence)
            graph.add(licence, .rdf, "type", RDFNamespace.dct.term("LicenseDocument"))
            graph.add(licence, .dct, "title", d.licenseName.map { .literal($0) })
        }
        graph.add(node, .dct, "issued", d.issuedOn.map { .typed($0.description, "date") })
        graph.add(node, .dct, "modified", d.modifiedOn.map { .typed($0.description, "date") })
        return node
    }
}
