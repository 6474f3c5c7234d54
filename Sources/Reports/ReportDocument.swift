/// RP.1–RP.4: a report as a small document model — headings, prose, key figures, tables, charts and notes — built from
/// registry data and rendered alike as Markdown (``MarkdownRenderer``) and standalone HTML (``HTMLRenderer``).
///
/// Text comes in two kinds: `trusted` wording from the templates in `reports/`, and `typed` text people entered
/// (committee remarks, reasons, descriptions), which renderers keep intact but inert.
public struct ReportDocument: Sendable, Hashable {
    /// 《…》 title.
    public var title: String
    /// Scope and as-of line under the title.
    public var subtitle: String
    /// The traceability line: as-of time and the audit trail's head (A44.1).
    public var provenance: String
    public var blocks: [ReportBlock]

    public init(title: String, subtitle: String, provenance: String, blocks: [ReportBlock]) {
        self.title = title
        self.subtitle = subtitle
        self.provenance = provenance
        self.blocks = blocks
    }

    /// The level-2 headings, for a table of contents.
    public var sections: [(anchor: String, title: String)] {
        blocks.compactMap { block in
            if case .heading(let title, let anchor) = block { return (anchor, title) }
            return nil
        }
    }
}

/// One block of a report.
public enum ReportBlock: Sendable, Hashable {
    /// A section heading with its anchor (level 2).
    case heading(String, anchor: String)
    /// Prose: Markdown, trusted (template wording) or typed by people.
    case prose(ReportText)
    /// Key figures shown side by side.
    case keyFigures([KeyFigure])
    case table(ReportTable)
    case chart(BarChart)
    case stackedChart(StackedBarChart)
    /// A note in smaller print.
    case note(ReportText)
}

/// Markdown text and whether it comes from the templates or from people.
public struct ReportText: Sendable, Hashable {
    public enum Origin: Sendable, Hashable {
        /// Wording of the templates in `reports/`.
        case trusted
        /// What people typed: kept intact, rendered inert.
        case typed
    }

    public var markdown: String
    public var origin: Origin

    public static func trusted(_ markdown: String) -> ReportText { ReportText(markdown: markdown, origin: .trusted) }
    public static func typed(_ markdown: String) -> ReportText { ReportText(markdown: markdown, origin: .typed) }
}

/// A key figure: a label and a value (already formatted).
public struct KeyFigure: Sendable, Hashable {
    public var label: String
    public var value: String

    public init(_ label: String, _ value: String) {
        self.label = label
        self.value = value
    }
}

/// A table: columns with alignment, rows of cells.
public struct ReportTable: Sendable, Hashable {
    public struct Column: Sendable, Hashable {
        public var title: String
        /// Numbers are right-aligned.
        public var numeric: Bool

        public init(_ title: String, numeric: Bool = false) {
            self.title = title
            self.numeric = numeric
        }
    }

    /// A cell: text (typed by people or not, always shown as plain text) or a number with its decimals.
    public enum Cell: Sendable, Hashable {
        case text(String)
        case number(Double, decimals: Int)
        case integer(Int)

        /// The cell as plain text, numbers with fixed decimals.
        public var plain: String {
            switch self {
            case .text(let text): text
            case .number(let value, let decimals): ReportFormat.decimal(value, decimals)
            case .integer(let value): String(value)
            }
        }
    }

    public var caption: String
    public var columns: [Column]
    public var rows: [[Cell]]

    public init(caption: String, columns: [Column], rows: [[Cell]]) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
    }
}

/// A horizontal bar chart of values between 0 and `maximum`.
public struct BarChart: Sendable, Hashable {
    public var title: String
    public var bars: [(label: String, value: Double)]
    public var maximum: Double

    public init(title: String, bars: [(label: String, value: Double)], maximum: Double) {
        self.title = title
        self.bars = bars
        self.maximum = maximum
    }

    public static func == (a: BarChart, b: BarChart) -> Bool {
        a.title == b.title && a.maximum == b.maximum && a.bars.map(\.label) == b.bars.map(\.label)
            && a.bars.map(\.value) == b.bars.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(title)
        hasher.combine(bars.map(\.label))
        hasher.combine(bars.map(\.value))
    }
}

/// A horizontal bar chart whose bars are stacked from parts, one per series (按期开放, 逾期开放 …), with a legend.
public struct StackedBarChart: Sendable, Hashable {
    /// One bar: its label and a value per series, in the order of `series`.
    public struct Bar: Sendable, Hashable {
        public var label: String
        public var parts: [Int]

        public init(_ label: String, _ parts: [Int]) {
            self.label = label
            self.parts = parts
        }
    }

    public var title: String
    public var series: [String]
    public var bars: [Bar]

    public init(title: String, series: [String], bars: [Bar]) {
        precondition(bars.allSatisfy { $0.parts.count == series.count }, "a bar has one part per series")
        self.title = title
        self.series = series
        self.bars = bars
    }

    /// The longest bar's total, at least 1.
    public var maximum: Int { max(bars.map { $0.parts.reduce(0, +) }.max() ?? 1, 1) }
}

/// Number formatting shared by the renderers, independent of the locale so output is byte-identical everywhere.
public enum ReportFormat {
    /// `value` with exactly `decimals` decimals, rounded half away from zero.
    public static func decimal(_ value: Double, _ decimals: Int) -> String {
        let scale = (0..<decimals).reduce(1.0) { result, _ in result * 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        let whole = Int(scaled / scale)
        let sign = value < 0 && scaled > 0 ? "-" : ""
        guard decimals > 0 else { return sign + String(whole) }
        let fraction = String(Int(scaled) % Int(scale))
        return sign + String(whole) + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}
