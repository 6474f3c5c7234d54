import Foundation
import RegistryCore

/// The import form (导入目录条目) and, after an upload, the import's report: how many rows were stored where, and a
/// table of the refused lines with their field, reason and article.
struct CatalogImportPage: FormPage {
    static let template = "catalog-import"
    static let fields: Set<String> = ["file"]
    let title = "导入目录条目"
    let action = CatalogImportController.path
    let maxSize = Figures.bytes(CatalogImportController.maxFileSize)
    let columns = CatalogImportColumns.all.joined(separator: ", ")
    var file: FormField
    var allOrNothing: Bool
    var errors: FormErrors
    var result: CatalogImportResult?

    init(input: CatalogImportInput = CatalogImportInput(), result: CatalogImportResult? = nil, errors: FormErrors = FormErrors()) {
        file = FormField(
            "file", label: "台账文件", type: "file",
            hint: "CSV(首行为列名)或 JSON Lines(每行一个 JSON 对象),UTF-8 编码,扩展名 .csv、.jsonl 或 .ndjson。", errors: errors)
        allOrNothing = input.allOrNothing
        self.errors = errors
        self.result = result
    }
}

/// What the import form posts besides the file.
struct CatalogImportInput: Decodable, Sendable {
    /// Store nothing when any line is refused (`--all-or-nothing`).
    var allOrNothing = false

    enum CodingKeys: String, CodingKey {
        case allOrNothing = "all_or_nothing"
    }

    init() {}

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        allOrNothing = try container.decodeIfPresent(String.self, forKey: .allOrNothing) != nil
    }

    /// The file's bytes and its format, told by its extension; refuses a form without a file or with another kind.
    static func check(_ file: UploadedFile?) throws -> ([UInt8], CatalogImportFormat) {
        guard let file else { throw RegistryError.invalid("file", "请选择要导入的台账文件。") }
        guard let format = CatalogImportFormat(fileExtensionOf: URL(fileURLWithPath: file.filename)) else {
            throw RegistryError.invalid("file", "只能导入扩展名为 .csv、.jsonl 或 .ndjson 的文件。")
        }
        guard !file.bytes.isEmpty else { throw RegistryError.invalid("file", "文件 \(file.filename) 是空的。") }
        return (file.bytes, format)
    }
}

/// An import's report as the page shows it.
struct CatalogImportResult: Sendable {
    /// The most refused lines the table shows; the count says how many there were.
    static let shownProblems = 500

    var filename: String
    var rowsRead: Int
    var rowsStored: Int
    var rowsRefused: Int
    /// Where the rows went, or why nothing was stored.
    var outcome: String
    var storedAny: Bool
    var problems: [Problem]
    var anyProblems: Bool
    /// Set when the table does not show every refusal.
    var problemsCut: String?

    init(_ report: CatalogImportReport, filename: String) {
        self.filename = filename
        rowsRead = report.rowsRead
        rowsStored = report.rowsStored
        rowsRefused = report.rowsRefused
        storedAny = report.stored != nil
        outcome = Self.outcome(of: report)
        problems = report.problems.prefix(Self.shownProblems).map(Problem.init)
        anyProblems = !problems.isEmpty
        problemsCut =
            report.problems.count > Self.shownProblems
            ? "共 \(report.problems.count) 条拒收原因,此处只列出前 \(Self.shownProblems) 条。" : nil
    }

    static func outcome(of report: CatalogImportReport) -> String {
        guard let stored = report.stored else {
            return report.rowsRead == 0 ? "文件中没有数据行,未存入任何内容。" : "未存入任何内容:请改正下列各行后重新导入。"
        }
        let version = stored.versionOpened ? "新建的草稿第 \(stored.versionNumber) 版" : "草稿第 \(stored.versionNumber) 版"
        return "已存入本机构目录的\(version)\(stored.catalogCreated ? "(目录随本次导入建立)" : ""):新增目录项 \(stored.itemsCreated) 个,"
            + "新增修订 \(stored.revisionsAdded) 条,更新修订 \(stored.revisionsChanged) 条,未变 \(stored.revisionsUnchanged) 条。"
    }

    /// One refused line's reason.
    struct Problem: Sendable {
        var line: Int
        var field: String
        var message: String
        var article: String

        init(_ problem: CatalogImportProblem) {
            line = problem.line
            field = problem.field ?? "—"
            message = problem.message
            article = ArticleName.of(problem.article) ?? "—"
        }
    }
}
