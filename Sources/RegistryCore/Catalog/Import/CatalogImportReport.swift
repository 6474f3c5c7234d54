import Foundation

/// What an import did — how many rows were read, each refused row with its reasons, and where the
/// stored rows went (A10.3: the draft version of the institution's catalog).
public struct CatalogImportReport: Sendable {
    /// Where the valid rows were stored.
    public struct Stored: Sendable, Hashable {
        public var catalogID: UUID
        /// Whether the institution had no catalog and the import created it.
        public var catalogCreated: Bool
        public var versionID: UUID
        public var versionNumber: Int
        /// Whether no version was open and the import opened this draft.
        public var versionOpened: Bool
        /// Items the catalog did not have before.
        public var itemsCreated: Int
        /// Revisions added to the draft.
        public var revisionsAdded: Int
        /// Revisions the draft already had, changed by this import.
        public var revisionsChanged: Int
        /// Rows identical to the revision the draft already had (not written again).
        public var revisionsUnchanged: Int
    }

    /// Rows the file holds (blank lines and the CSV header not counted).
    public var rowsRead: Int
    /// Every problem, ordered by line; a row may have several.
    public var problems: [CatalogImportProblem]
    /// `nil` when nothing was stored: every row was refused, or some were and the import was all-or-nothing.
    public var stored: Stored?

    /// Rows with at least one problem.
    public var rowsRefused: Int { Set(problems.map(\.line)).count }
    /// Rows stored in the draft (new, changed or unchanged revisions).
    public var rowsStored: Int { stored == nil ? 0 : rowsRead - rowsRefused }
}

/// How far a long import has got, for a progress line.
public enum CatalogImportProgress: Sendable, Hashable {
    /// Reading the file into the staging table: rows read so far and the seconds since the import started.
    case reading(rows: Int, seconds: Double)
    /// Checking the staged rows against the rules of the catalog.
    case validating(rows: Int, seconds: Double)
    /// Writing the valid rows into the draft version.
    case storing(rows: Int, seconds: Double)
    /// Done.
    case finished(rows: Int, seconds: Double)
}
