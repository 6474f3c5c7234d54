import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension OpenCatalogSnapshot {
    /// A search with words: the query's facets, and its words and the whole phrase lower-cased by the database.
    struct Search {
        var query: OpenPortalQuery
        var words: [[UInt8]]
        var phrase: [UInt8]
    }

    /// A facet's value and the number of matches that have it.
    struct Tally {
        var facet: OpenPortalFacet
        var value: String
        var count: Int

        /// How the labels of ``OpenCatalogSearchIndex`` name it.
        var key: String { "\(facet.rawValue):\(value)" }
    }

    /// What ``find(_:limit:from:facetValues:)`` finds: the answer of ``OpenPortal``'s statement, before the labels.
    struct Found {
        var total: Int
        var itemIDs: [UUID]
        var facets: [Tally]
        var next: OpenPortalCursor?
    }

    /// The entries matching `search` — every word in the search text, and the facets chosen — ranked as the statement
    /// ranks them (0: the name is the phrase; 1: the name holds every word; 2: the rest), then in code order; the page of
    /// `limit` from `start`, and every facet counted over all matches.
    func find(_ search: Search, limit: Int, from start: OpenPortalPageStart, facetValues: Int?) -> Found {
        guard let filter = Filter(search.query, in: self) else { return Found(total: 0, itemIDs: [], facets: [], next: nil) }
        var ranked: [[Int]] = [[], [], []]
        var counts = Counts(self)
        let wanted = CharacterSignature(search.words.joined())
        let (words, phrase, width) = (search.words, search.phrase, Column.allCases.count)
        let (textEnds, nameEnds) = (texts.ends, names.ends)
        facetCodes.withUnsafeBufferPointer { codes in
            signatures.withUnsafeBufferPointer { signatures in
                texts.bytes.withUnsafeBufferPointer { text in
                    names.bytes.withUnsafeBufferPointer { name in
                        for entry in signatures.indices {
                            let row = entry * width
                            guard filter.admits(codes, row: row), signatures[entry].covers(wanted) else { continue }
                            let textRange = (entry == 0 ? 0 : textEnds[entry - 1])..<textEnds[entry]
                            guard words.allSatisfy({ Self.holds(text, textRange, $0) }) else { continue }
                            let nameRange = (entry == 0 ? 0 : nameEnds[entry - 1])..<nameEnds[entry]
                            let rank =
                                name[nameRange].elementsEqual(phrase) ? 0 : words.allSatisfy({ Self.holds(name, nameRange, $0) }) ? 1 : 2
                            ranked[rank].append(entry)
                            counts.add(codes, row: row)
                        }
                    }
                }
            }
        }
        let page = self.page(of: ranked, limit: limit, from: start)
        return Found(
            total: ranked.reduce(0) { $0 + $1.count },
            itemIDs: page.prefix(limit).map { itemIDs[$0.entry] },
            facets: counts.tallies(of: self, query: search.query, facetValues: facetValues),
            next: page.count > limit ? cursor(page[limit - 1]) : nil
        )
    }

    /// Whether `bytes[range]` holds `word` (not empty): each place of its last byte (`memchr`) is compared backwards,
    /// since a last byte of UTF-8 Chinese is one of 64 values where the first is one of a few.
    private static func holds(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ word: [UInt8]) -> Bool {
        guard let last = word.last, word.count <= range.count, let base = bytes.baseAddress else { return false }
        return word.withUnsafeBufferPointer { needle in
            let end = base + range.upperBound
            var from = base + range.lowerBound + needle.count - 1
            while from < end, let found = memchr(from, Int32(last), end - from) {
                let place = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
                if memcmp(place - (needle.count - 1), needle.baseAddress!, needle.count) == 0 { return true }
                from = place + 1
            }
            return false
        }
    }

    /// The matches from `start` (after its cursor, then past its offset) in the search's order: `limit` and one more
    /// when there is a next page.
    private func page(of ranked: [[Int]], limit: Int, from start: OpenPortalPageStart) -> [(rank: Int, entry: Int)] {
        var page: [(rank: Int, entry: Int)] = []
        var skipped = 0
        for (rank, entries) in ranked.enumerated() {
            var from = entries.startIndex
            if let cursor = start.cursor {
                if rank < cursor.rank { continue }
                if rank == cursor.rank {
                    let after = firstEntry(after: cursor)
                    from = entries.partitioningIndex { $0 >= after }
                }
            }
            for entry in entries[from...] {
                if skipped < start.offset {
                    skipped += 1
                    continue
                }
                page.append((rank, entry))
                if page.count > limit { return page }
            }
        }
        return page
    }

    /// The first entry after `cursor`'s code and id in code order (bytes, as `collate "C"`; then the id's bytes).
    private func firstEntry(after cursor: OpenPortalCursor) -> Int {
        let code = Array(cursor.code.utf8)
        let id = cursor.itemID.uuid
        return itemIDs.indices.partitioningIndex { entry in
            let entryCode = codes.bytes[codes.range(entry)]
            if !entryCode.elementsEqual(code) { return !entryCode.lexicographicallyPrecedes(code) }
            return withUnsafeBytes(of: id) { cursorID in
                withUnsafeBytes(of: itemIDs[entry].uuid) { cursorID.lexicographicallyPrecedes($0) }
            }
        }
    }

    private func cursor(_ match: (rank: Int, entry: Int)) -> OpenPortalCursor {
        OpenPortalCursor(rank: match.rank, code: codes.string(match.entry), itemID: itemIDs[match.entry])
    }
}

extension RandomAccessCollection {
    /// The index of the first element for which `isAfter` holds, in a collection where it holds of a suffix.
    fileprivate func partitioningIndex(where isAfter: (Element) -> Bool) -> Index {
        var low = startIndex
        var count = self.count
        while count > 0 {
            let half = count / 2
            let middle = index(low, offsetBy: half)
            if isAfter(self[middle]) {
                count = half
            } else {
                low = index(after: middle)
                count -= half + 1
            }
        }
        return low
    }
}

/// A query's facets as the values of each column they admit; `nil` when a facet admits none (nothing matches).
private struct Filter {
    typealias Column = OpenCatalogSnapshot.Column
    /// The columns chosen, and per column where its values' admission starts in ``admitted``.
    private var checked: [(column: Int, start: Int)] = []
    private var admitted: [Bool] = []

    init?(_ query: OpenPortalQuery, in snapshot: OpenCatalogSnapshot) {
        func value(_ wanted: String?) -> ((String?, Int) -> Bool)? {
            wanted.map { wanted in { value, _ in value == wanted } }
        }
        let admissions: [(Column, ((String?, Int) -> Bool)?)] = [
            (.divisions, query.division.map { division in { _, number in snapshot.divisionPaths[number].contains(division) } }),
            (.institution, value(query.institution)),
            (.category, value(query.category)),
            (.openType, value(query.openType?.rawValue)),
            (.grade, value(query.grade?.rawValue)),
            (.frequency, value(query.updateFrequency?.rawValue)),
            (.formats, query.format.map { format in { _, number in snapshot.formatSets[number].contains(format) } }),
        ]
        for case let (column, admits?) in admissions {
            let values = snapshot.columns[column.rawValue].values
            let admitted = values.indices.map { admits(values[$0], $0) }
            guard admitted.contains(true) else { return nil }
            checked.append((column.rawValue, self.admitted.count))
            self.admitted += admitted
        }
    }

    /// Whether the entry whose numbers start at `row` of `codes` has a value admitted in every column chosen.
    @inline(__always)
    func admits(_ codes: UnsafeBufferPointer<UInt32>, row: Int) -> Bool {
        for (column, start) in checked where !admitted[start + Int(codes[row + column])] { return false }
        return true
    }
}

/// The matches counted per value of each column, all columns' counts in one array.
private struct Counts {
    typealias Column = OpenCatalogSnapshot.Column
    /// Where each column's counts start in ``counts``.
    private let starts: [Int]
    private var counts: [Int]

    init(_ snapshot: OpenCatalogSnapshot) {
        let sizes = snapshot.columns.map(\.values.count)
        starts = sizes.indices.map { sizes[..<$0].reduce(0, +) }
        counts = Array(repeating: 0, count: sizes.reduce(0, +))
    }

    @inline(__always)
    mutating func add(_ codes: UnsafeBufferPointer<UInt32>, row: Int) {
        for column in starts.indices { counts[starts[column] + Int(codes[row + column])] += 1 }
    }

    /// The counts of `column`'s values, by number.
    private func counts(of column: Column) -> ArraySlice<Int> {
        let start = starts[column.rawValue]
        return counts[start..<(column.rawValue + 1 < starts.count ? starts[column.rawValue + 1] : counts.count)]
    }

    /// Each facet's values as the statement lists them: a division under the one chosen (else the region, the last of a
    /// path) and under the division directly below it; the `facetValues` most frequent values of each facet (the
    /// institutions' without the value chosen), and the value chosen; by facet, then most frequent first.
    func tallies(of snapshot: OpenCatalogSnapshot, query: OpenPortalQuery, facetValues: Int?) -> [OpenCatalogSnapshot.Tally] {
        var tallies: [OpenCatalogSnapshot.Tally] = []
        for (facet, ordered) in ordered(of: snapshot, query: query) {
            for (place, tally) in ordered.enumerated() {
                let chosen = facet != .institution && query.value(of: facet) == tally.value
                if facetValues.map({ place < $0 }) ?? true || chosen { tallies.append(tally) }
            }
        }
        return tallies.sorted { first, second in
            first.facet == second.facet
                ? Self.mostFrequent(first, second) : first.facet.rawValue.utf8.lexicographicallyPrecedes(second.facet.rawValue.utf8)
        }
    }

    /// Every counted value of each facet, the most frequent first. The columns of one value per entry are ordered by
    /// their numbers' places in byte order (``OpenCatalogSnapshot/valueOrder``): thousands of institutions are sorted
    /// without comparing their codes.
    private func ordered(of snapshot: OpenCatalogSnapshot, query: OpenPortalQuery) -> [OpenPortalFacet: [OpenCatalogSnapshot.Tally]] {
        var spread: [OpenPortalFacet: [String: Int]] = [:]
        for (number, n) in counts(of: .divisions).enumerated() where n > 0 {
            let path = snapshot.divisionPaths[number]
            let top = query.division ?? path.last
            let topPosition = query.division.flatMap { path.firstIndex(of: $0) } ?? path.count - 1
            if let top { spread[.division, default: [:]][top, default: 0] += n }
            if topPosition >= 1 { spread[.division, default: [:]][path[topPosition - 1], default: 0] += n }
        }
        for (number, n) in counts(of: .formats).enumerated() where n > 0 {
            for format in snapshot.formatSets[number] { spread[.format, default: [:]][format, default: 0] += n }
        }
        var ordered: [OpenPortalFacet: [OpenCatalogSnapshot.Tally]] = [:]
        for (facet, counted) in spread {
            ordered[facet] = counted.map { OpenCatalogSnapshot.Tally(facet: facet, value: $0.key, count: $0.value) }.sorted(by: Self.mostFrequent)
        }
        let plain: [(OpenPortalFacet, Column)] = [
            (.institution, .institution), (.category, .category), (.openType, .openType), (.grade, .grade),
            (.updateFrequency, .frequency),
        ]
        for (facet, column) in plain {
            let values = snapshot.columns[column.rawValue].values
            let order = snapshot.valueOrder[column.rawValue]
            let counted = counts(of: column).enumerated().filter { $0.element > 0 && values[$0.offset] != nil }
                .sorted { $0.element != $1.element ? $0.element > $1.element : order[$0.offset] < order[$1.offset] }
            guard !counted.isEmpty else { continue }
            ordered[facet] = counted.map { OpenCatalogSnapshot.Tally(facet: facet, value: values[$0.offset]!, count: $0.element) }
        }
        return ordered
    }

    /// More matches first, then the value's bytes (as `collate "C"`).
    private static func mostFrequent(_ first: OpenCatalogSnapshot.Tally, _ second: OpenCatalogSnapshot.Tally) -> Bool {
        first.count != second.count ? first.count > second.count : first.value.utf8.lexicographicallyPrecedes(second.value.utf8)
    }
}
