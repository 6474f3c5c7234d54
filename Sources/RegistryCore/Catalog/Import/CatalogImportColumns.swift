/// A10.2: the fields an import file gives for each catalog item — the columns of a CSV header, the keys of a JSON
/// Lines object — named as the API names them (`source_institution`, `base_data_kind`).
///
/// `code` identifies the item in its catalog (A10.1); the others are the fields of its revision (A10.2, A21.1, A27.1,
/// A9.2, A16.1). `data_items` is the share content as a JSON array of `{"name", "type", "description"}` objects (in a
/// CSV cell as JSON text). An empty `category_scheme` means the default scheme when `category_code` is given; an empty
/// `livelihood_related` means false.
public enum CatalogImportColumns {
    /// Every column, in the order of the SQL type `catalog_import_row` after its `line`.
    public static let all: [String] = [
        "code", "name", "description", "data_form", "data_items", "share_type", "share_conditions", "share_reason",
        "share_legal_basis", "share_scope", "open_type", "open_conditions", "not_open_ground", "open_legal_basis",
        "update_frequency", "collecting_department", "approving_department", "providing_department", "source_institution",
        "category_scheme", "category_code", "grade", "legal_basis", "base_data_kind", "data_updated_on", "livelihood_related",
    ]

    /// The columns a CSV header must name: those the database requires (NOT NULL without a default).
    public static let required: Set<String> = [
        "code", "name", "data_form", "data_items", "share_type", "share_scope", "open_type", "update_frequency",
        "collecting_department", "approving_department", "providing_department", "source_institution",
    ]

    /// The columns of the staging table, in COPY order.
    static let staging: [String] = ["line"] + all

    /// Position of each column in ``all``.
    static let position: [String: Int] = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1, $0) })
}
