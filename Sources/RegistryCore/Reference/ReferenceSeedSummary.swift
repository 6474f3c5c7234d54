/// What `registry seed reference` did, per reference file.
public struct ReferenceSeedSummary: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Counts for one file.
    public struct FileCounts: Sendable, Hashable, Codable {
        /// The file name (e.g. `divisions-150000.tsv`).
        public var file: String
        public var inserted: Int
        public var updated: Int
        public var unchanged: Int
        /// Rows the database held that the file no longer lists and that were removed (only the calendar removes:
        /// a year's listed days are replaced as a whole).
        public var deleted: Int

        public init(file: String, inserted: Int = 0, updated: Int = 0, unchanged: Int = 0, deleted: Int = 0) {
            self.file = file
            self.inserted = inserted
            self.updated = updated
            self.unchanged = unchanged
            self.deleted = deleted
        }

        /// Rows in the file.
        public var total: Int { inserted + updated + unchanged }

        /// True when the database already held exactly what the file says.
        public var changedNothing: Bool { inserted == 0 && updated == 0 && deleted == 0 }

        /// Counts one row's outcome.
        public mutating func record(_ outcome: UpsertOutcome) {
            switch outcome {
            case .inserted: inserted += 1
            case .updated: updated += 1
            case .unchanged: unchanged += 1
            }
        }
    }

    /// One entry per file loaded, in loading order.
    public var files: [FileCounts]

    public init(files: [FileCounts]) {
        self.files = files
    }

    /// The counts of one file, if it was loaded.
    public subscript(file: String) -> FileCounts? {
        files.first { $0.file == file }
    }

    /// True when the database already held exactly what the files say.
    public var changedNothing: Bool {
        files.allSatisfy(\.changedNothing)
    }

    public var description: String {
        files.map { counts in
            "\(counts.file): \(counts.inserted) inserted, \(counts.updated) updated, \(counts.unchanged) unchanged"
                + (counts.deleted > 0 ? ", \(counts.deleted) deleted" : "")
        }
        .joined(separator: "\n")
    }
}
