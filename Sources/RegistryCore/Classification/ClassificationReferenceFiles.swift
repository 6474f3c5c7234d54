import Foundation

/// A9.1: reads the registry's default classification scheme from `sql/reference/` — `classification-scheme.tsv` and
/// `data-categories.tsv` — for ``ReferenceData``; ``ClassificationStore`` upserts the rows.
///
/// Every row is checked against the rules of `sql/0007_classification.sql` that need no database, so a malformed file
/// is refused with its file and line before anything is written.
enum ClassificationReferenceFiles {
    static let schemeColumns = ["code", "name", "kind", "division_code", "is_default"]
    static let categoryColumns = ["scheme_code", "code", "name", "parent_code"]

    /// The schemes of a schemes file in file order. Only the region's own schemes are reference data: filed
    /// league/city and industry schemes are recorded by the region authority's reviewers with their filing date.
    static func readSchemes(from url: URL) throws -> [(line: Int, scheme: ClassificationScheme)] {
        var codes: Set<String> = []
        var defaults = 0
        return try TabSeparatedFile.read(url, columns: schemeColumns).map { record in
            let code = try record.required("code")
            guard codes.insert(code).inserted else { throw record.error("code \(code) appears twice") }
            guard record["kind"] == ClassificationSchemeKind.region.rawValue else {
                throw record.error("kind must be region: filed league/city and industry schemes are recorded, not seeded")
            }
            let isDefault: Bool
            switch record["is_default"] {
            case "true": isDefault = true
            case "false": isDefault = false
            default: throw record.error("is_default must be true or false")
            }
            defaults += isDefault ? 1 : 0
            guard defaults <= 1 else { throw record.error("a second default scheme [\(ClassificationRules.schemeOneDefault.constraint)]") }
            let scheme = ClassificationScheme(
                code: code,
                name: try record.required("name"),
                kind: .region,
                divisionCode: try record.required("division_code"),
                isDefault: isDefault
            )
            if let rule = ClassificationStore.brokenCheck(scheme) {
                throw record.error("\(rule.message) [\(rule.constraint)]")
            }
            return (record.line, scheme)
        }
    }

    /// The categories of a categories file in file order; every scheme must be in `schemes` and every parent listed
    /// above its children in the same scheme.
    static func readCategories(from url: URL, schemes: Set<String>) throws -> [(line: Int, category: DataCategory)] {
        var seen: [String: Set<String>] = [:]
        return try TabSeparatedFile.read(url, columns: categoryColumns).map { record in
            let schemeCode = try record.required("scheme_code")
            guard schemes.contains(schemeCode) else { throw record.error("scheme \(schemeCode) is not in the schemes file") }
            let code = try record.required("code")
            let category = DataCategory(
                schemeCode: schemeCode,
                code: code,
                name: try record.required("name"),
                parentCode: record.optional("parent_code")
            )
            let filing = ClassificationSchemeFiling.Category(code: code, name: category.name, parentCode: category.parentCode)
            if let rule = ClassificationStore.brokenRule([filing], after: seen[schemeCode] ?? []) {
                throw record.error("\(rule.message) [\(rule.constraint)]")
            }
            seen[schemeCode, default: []].insert(code)
            return (record.line, category)
        }
    }
}
