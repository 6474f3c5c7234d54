import Foundation
import Postgres

/// One generation of the open catalog's entries as ``OpenCatalogSearchIndex`` holds them, in the search's order without
/// words (code, then id): their texts packed, and the values of the searched columns numbered once per column, one row
/// of numbers per entry.
struct OpenCatalogSnapshot: Sendable {
    /// The columns a search filters and counts, in the order of each entry's row of ``facetCodes``.
    enum Column: Int, CaseIterable {
        /// The entry's divisions, its own first and the region last, as one value.
        case divisions
        case institution, category, openType, grade, frequency
        /// The entry's set of distribution formats, as one value.
        case formats
    }

    let generation: Int64
    let itemIDs: [UUID]
    let codes: PackedText
    /// Each entry's name, lower-cased by the database.
    let names: PackedText
    /// Each entry's `search_text` (kept lower-cased).
    let texts: PackedText
    /// Each entry's characters of ``texts`` (``CharacterSignature``): a word with a character outside it is not there.
    let signatures: [CharacterSignature]
    /// Per entry, the number of its value in each ``Column``, ``Column/allCases``.count numbers an entry.
    let facetCodes: [UInt32]
    /// Per ``Column``, its values by number.
    let columns: [ValueNumbers]
    /// Per ``Column``, each number's place among its values in byte order (`collate "C"`).
    let valueOrder: [[Int]]
    /// The elements of each value of ``Column/divisions`` and of ``Column/formats``.
    let divisionPaths: [[String]]
    let formatSets: [[String]]

    /// Reads every entry of the open catalog in one snapshot, with the generation that snapshot sees; `nil` when the
    /// open catalog is empty (no row to carry the generation, and nothing the statement is slow to search).
    static func load(on connection: Connection) throws -> OpenCatalogSnapshot? {
        var generation: Int64 = 0
        var itemIDs: [UUID] = []
        var codes = PackedText()
        var names = PackedText()
        var texts = PackedText()
        var columns = Column.allCases.map { _ in ValueNumbers() }
        var facetCodes: [UInt32] = []
        try connection.forEachBatch(
            of: """
                select (select g.generation from open_catalog_generation g) as generation, e.item_id, e.code,
                       lower(e.name) as name, e.search_text, e.divisions::text[]::text as divisions,
                       e.institution_uscc::text as institution, e.category_code, e.open_type::text as open_type,
                       e.grade::text as grade, e.update_frequency::text as update_frequency, e.formats::text as formats
                  from open_catalog_entry e
                 order by e.code collate "C", e.item_id
                """
        ) { batch in
            for row in batch {
                generation = try row.decode(at: 0)
                itemIDs.append(try row.decode(at: 1))
                codes.append(row.text(at: 2) ?? "")
                names.append(row.text(at: 3) ?? "")
                texts.append(row.text(at: 4) ?? "")
                for column in Column.allCases {
                    facetCodes.append(columns[column.rawValue].number(for: row.text(at: 5 + column.rawValue)))
                }
            }
        }
        guard !itemIDs.isEmpty else { return nil }
        return OpenCatalogSnapshot(
            generation: generation,
            itemIDs: itemIDs,
            codes: codes,
            names: names,
            texts: texts,
            signatures: itemIDs.indices.map { CharacterSignature(texts.bytes[texts.range($0)]) },
            facetCodes: facetCodes,
            columns: columns,
            valueOrder: columns.map(\.byteOrder),
            divisionPaths: try columns[Column.divisions.rawValue].values.map { try $0.map([String].init(postgresText:)) ?? [] },
            formatSets: try columns[Column.formats.rawValue].values.map { try $0.map([String].init(postgresText:)) ?? [] }
        )
    }
}

/// Strings one after another in one buffer of UTF-8: the `n`th ends where ``ends``[n] says.
struct PackedText: Sendable {
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []

    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        ends.append(bytes.count)
    }

    /// Where the `n`th string lies in ``bytes``.
    func range(_ n: Int) -> Range<Int> { (n == 0 ? 0 : ends[n - 1])..<ends[n] }

    func string(_ n: Int) -> String { String(decoding: bytes[range(n)], as: UTF8.self) }
}

/// A column's values numbered in the order first met; number 0 is NULL.
struct ValueNumbers: Sendable {
    private(set) var values: [String?] = [nil]
    private var numbers: [String: UInt32] = [:]

    /// The number of `value`, numbered now when it is new.
    mutating func number(for value: String?) -> UInt32 {
        guard let value else { return 0 }
        if let number = numbers[value] { return number }
        let number = UInt32(values.count)
        values.append(value)
        numbers[value] = number
        return number
    }

    /// The number of `value`; `nil` when no entry has it.
    func number(of value: String) -> UInt32? { numbers[value] }

    /// Each number's place among the values in byte order, NULL first.
    var byteOrder: [Int] {
        let sorted = values.indices.sorted { first, second in
            guard let second = values[second] else { return false }
            guard let first = values[first] else { return true }
            return first.utf8.lexicographicallyPrecedes(second.utf8)
        }
        var places = Array(repeating: 0, count: values.count)
        for (place, number) in sorted.enumerated() { places[number] = place }
        return places
    }
}

/// The characters of a text as 256 bits, each character setting the bit its scalar hashes to: a text holds a word only
/// if its signature has every bit of the word's. Some 60 distinct characters of an entry set a fifth of the bits, so
/// a word of two characters passes about one entry in twenty before its text is read.
struct CharacterSignature: Sendable {
    private var bits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// The signature of the UTF-8 text `bytes`.
    init(_ bytes: some Collection<UInt8>) {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        while case .scalarValue(let scalar) = decoder.decode(&iterator) {
            let bit = Int((scalar.value &* 0x9E37_79B1) >> 24)
            switch bit >> 6 {
            case 0: bits.0 |= 1 << UInt64(bit & 63)
            case 1: bits.1 |= 1 << UInt64(bit & 63)
            case 2: bits.2 |= 1 << UInt64(bit & 63)
            default: bits.3 |= 1 << UInt64(bit & 63)
            }
        }
    }

    /// Whether every bit of `other` is set here.
    func covers(_ other: CharacterSignature) -> Bool {
        bits.0 & other.bits.0 == other.bits.0 && bits.1 & other.bits.1 == other.bits.1
            && bits.2 & other.bits.2 == other.bits.2 && bits.3 & other.bits.3 == other.bits.3
    }
}
