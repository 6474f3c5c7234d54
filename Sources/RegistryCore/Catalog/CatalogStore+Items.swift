import Foundation
import Postgres

/// A10.2 / A10.3: adding, changing and withdrawing the items of a draft version.
extension CatalogStore {
    /// A10.1 / A10.2: adds a new item with code `code` to the catalog of a draft version; the item is published when the
    /// version is approved.
    ///
    /// When `fields.categoryScheme` is `nil` and a category code is given, the category is read in the default scheme
    /// (the region's, A9.1).
    ///
    /// - Throws: ``RegistryError`` — `not_found` for an unknown version, or the first rule of A9.2, A10.1–
    ///   A10.3, A14.1, A21.1, A27.1 the item breaks: its shape checked here, the rest judged by the database.
    @discardableResult
    public func addItem(
        code: String,
        fields: CatalogItemFields,
        to versionID: UUID,
        on connection: Connection
    ) throws -> CatalogItemRevision {
        let (version, catalog) = try lockedVersion(versionID, exclusive: false, on: connection)
        return try addItem(code: code, fields: fields, to: version, of: catalog, on: connection)
    }

    /// ``addItem(code:fields:to:on:)`` in a version the caller has locked with its catalog (``lockedVersion(_:exclusive:on:)``).
    func addItem(
        code: String,
        fields: CatalogItemFields,
        to version: CatalogVersion,
        of catalog: Catalog,
        on connection: Connection
    ) throws -> CatalogItemRevision {
        if !Self.isValidItemCode(code) { throw CatalogRules.itemCodeFormat.error }
        let fields = try prepared(fields, on: connection)
        if let failure = fields.validationFailure() { throw failure }
        let itemID = try connection.queryOne(
            "insert into catalog_item (catalog_id, code) values (\(catalog.id), \(code)) returning id"
        ).decode("id", as: UUID.self)
        return try saveRevision(of: itemID, in: version.id, fields: fields, withdrawn: false, on: connection)
    }

    /// A10.3: changes an item of the catalog in a draft version. Changing it again in the same draft replaces that
    /// draft's revision. A withdrawn item that is changed is in force again once the version is approved.
    @discardableResult
    public func changeItem(
        _ itemID: UUID,
        fields: CatalogItemFields,
        in versionID: UUID,
        on connection: Connection
    ) throws -> CatalogItemRevision {
        let (version, _) = try lockedVersion(versionID, exclusive: false, on: connection)
        return try changeItem(itemID, fields: fields, in: version, on: connection)
    }

    /// ``changeItem(_:fields:in:on:)`` in a version the caller has locked (``lockedVersion(_:exclusive:on:)``).
    func changeItem(
        _ itemID: UUID,
        fields: CatalogItemFields,
        in version: CatalogVersion,
        on connection: Connection
    ) throws -> CatalogItemRevision {
        try requireItem(itemID, on: connection)
        let fields = try prepared(fields, on: connection)
        if let failure = fields.validationFailure() { throw failure }
        return try saveRevision(of: itemID, in: version.id, fields: fields, withdrawn: false, on: connection)
    }

    /// A10.3: withdraws (撤销) an item in a draft version: the revision keeps the item's fields as they stand in the
    /// draft and marks them withdrawn; once approved, the item leaves the published catalog. Its code is never reused.
    @discardableResult
    public func withdrawItem(_ itemID: UUID, in versionID: UUID, on connection: Connection) throws -> CatalogItemRevision {
        let (version, _) = try lockedVersion(versionID, exclusive: false, on: connection)
        return try withdrawItem(itemID, in: version, on: connection)
    }

    /// ``withdrawItem(_:in:on:)`` in a version the caller has locked (``lockedVersion(_:exclusive:on:)``).
    func withdrawItem(_ itemID: UUID, in version: CatalogVersion, on connection: Connection) throws -> CatalogItemRevision {
        try requireItem(itemID, on: connection)
        guard let fields = try fieldsInForce(of: itemID, at: version, on: connection) else {
            throw RegistryError.notFound("目录条目", field: "item_id")
        }
        return try saveRevision(of: itemID, in: version.id, fields: fields, withdrawn: true, on: connection)
    }

    /// A10.3: takes an item's change out of a draft version; an item added in that draft disappears with it.
    public func discardChange(of itemID: UUID, in versionID: UUID, on connection: Connection) throws {
        let (version, _) = try lockedVersion(versionID, exclusive: false, on: connection)
        try discardChange(of: itemID, in: version, on: connection)
    }

    /// ``discardChange(of:in:on:)`` in a version the caller has locked (``lockedVersion(_:exclusive:on:)``).
    func discardChange(of itemID: UUID, in version: CatalogVersion, on connection: Connection) throws {
        let removed = try connection.query(
            "delete from catalog_item_revision where item_id = \(itemID) and version_id = \(version.id)"
        )
        guard removed.affectedRows > 0 else { throw RegistryError.notFound("该版本中这个目录条目的修改", field: "item_id") }
        try connection.query(
            """
            delete from catalog_item i where i.id = \(itemID) and i.current_revision_id is null
               and not exists (select 1 from catalog_item_revision r where r.item_id = i.id)
            """
        )
    }

    /// Whether `code` is a valid item code (`catalog_item_code_format`): 1–64 ASCII letters, digits and `. _ / -`,
    /// starting with a letter or digit.
    public static func isValidItemCode(_ code: String) -> Bool {
        code.wholeMatch(of: /[A-Za-z0-9][A-Za-z0-9._\/\-]{0,63}/) != nil
    }

    // MARK: - Rules

    /// The fields as they will be stored: the source institution's code upper-case (refused with A14.1 when invalid,
    /// as the `uscc` domain refuses it before anything else), the default scheme for a category given without one.
    func prepared(_ fields: CatalogItemFields, on connection: Connection) throws -> CatalogItemFields {
        var prepared = fields
        prepared.sourceInstitution = try Self.normalisedUSCC(fields.sourceInstitution, field: "source_institution")
        if prepared.categoryScheme == nil, prepared.categoryCode != nil {
            prepared.categoryScheme = try ClassificationStore().defaultScheme(on: connection)?.code
        }
        return prepared
    }

    // MARK: - SQL

    /// Inserts the item's revision in the version, or replaces the one it already has there.
    private func saveRevision(
        of itemID: UUID,
        in versionID: UUID,
        fields: CatalogItemFields,
        withdrawn: Bool,
        on connection: Connection
    ) throws -> CatalogItemRevision {
        let id = try connection.queryOne(
            """
            insert into catalog_item_revision (
                item_id, version_id, withdrawn, name, description, data_form, data_items, share_type, share_conditions,
                share_reason, share_legal_basis, share_scope, open_type, open_conditions, not_open_ground, open_legal_basis,
                update_frequency, collecting_department, approving_department, providing_department, source_institution_uscc,
                category_scheme, category_code, grade, legal_basis, base_data_kind_code, data_updated_on, livelihood_related)
            values (
                \(itemID), \(versionID), \(withdrawn), \(fields.name), \(fields.description), \(fields.dataForm)::data_form,
                \(PostgresJSON(fields.dataItems))::jsonb, \(fields.shareType)::share_type, \(fields.shareConditions),
                \(fields.shareReason), \(fields.shareLegalBasis), \(fields.shareScope), \(fields.openType)::open_type,
                \(fields.openConditions), \(fields.notOpenGround)::not_open_ground, \(fields.openLegalBasis),
                \(fields.updateFrequency)::update_frequency, \(fields.collectingDepartment), \(fields.approvingDepartment),
                \(fields.providingDepartment), \(fields.sourceInstitution), \(fields.categoryScheme), \(fields.categoryCode),
                \(fields.grade)::data_grade, \(fields.legalBasis), \(fields.baseDataKind), \(fields.dataUpdatedOn)::date,
                \(fields.livelihoodRelated))
            on conflict on constraint catalog_item_revision_once_per_version do update set (
                withdrawn, name, description, data_form, data_items, share_type, share_conditions, share_reason,
                share_legal_basis, share_scope, open_type, open_conditions, not_open_ground, open_legal_basis,
                update_frequency, collecting_department, approving_department, providing_department, source_institution_uscc,
                category_scheme, category_code, grade, legal_basis, base_data_kind_code, data_updated_on, livelihood_related
            ) = (
                excluded.withdrawn, excluded.name, excluded.description, excluded.data_form, excluded.data_items,
                excluded.share_type, excluded.share_conditions, excluded.share_reason, excluded.share_legal_basis,
                excluded.share_scope, excluded.open_type, excluded.open_conditions, excluded.not_open_ground,
                excluded.open_legal_basis, excluded.update_frequency, excluded.collecting_department,
                excluded.approving_department, excluded.providing_department, excluded.source_institution_uscc,
                excluded.category_scheme, excluded.category_code, excluded.grade, excluded.legal_basis,
                excluded.base_data_kind_code, excluded.data_updated_on, excluded.livelihood_related)
            returning id
            """
        ).decode("id", as: Int64.self)
        guard let revision = try revision(id, on: connection) else { throw RegistryError.notFound("目录条目修订") }
        return revision
    }

    /// Refuses an item that does not exist.
    private func requireItem(_ itemID: UUID, on connection: Connection) throws {
        if try connection.query("select 1 from catalog_item where id = \(itemID)").count == 0 {
            throw RegistryError.notFound("目录条目", field: "item_id")
        }
    }

    /// The item's fields in force at a version: its revision in that version, else in the latest approved one before.
    private func fieldsInForce(of itemID: UUID, at version: CatalogVersion, on connection: Connection) throws -> CatalogItemFields? {
        try connection.query(
            """
            select \(CatalogItemFields.columns(of: "r")) from catalog_item_revision r join catalog_version v on v.id = r.version_id
             where r.item_id = \(itemID)
               and (v.id = \(version.id) or (v.catalog_id = \(version.catalogID) and v.state = 'approved' and v.number < \(version.number)))
             order by v.number desc limit 1
            """
        ).first.map { try CatalogItemFields(revision: $0) }
    }
}
