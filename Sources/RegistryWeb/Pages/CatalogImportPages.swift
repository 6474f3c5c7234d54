import Foundation
import RegistryCore

/// The import form (导入目录条目), with the institution's latest import jobs.
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
    var jobs: [JobLine]
    var anyJobs: Bool

    init(input: CatalogImportInput = CatalogImportInput(), jobs: [CatalogImportJob] = [], errors: FormErrors = FormErrors()) {
        file = FormField(
            "file",
            label: "台账文件",
            type: "file",
            hint: "CSV(首行为列名)或 JSON Lines(每行一个 JSON 对象),UTF-8 编码,扩展名 .csv、.jsonl 或 .ndjson。",
            errors: errors
        )
        allOrNothing = input.allOrNothing
        self.errors = errors
        self.jobs = jobs.map(JobLine.init)
        anyJobs = !jobs.isEmpty
    }

    /// One job in the list of the latest imports.
    struct JobLine: Sendable {
        var path: String
        var filename: String
        var createdAt: String
        var state: String
        var rows: String

        init(_ job: CatalogImportJob) {
            path = CatalogImportController.path(of: job.id)
            filename = job.filename
            createdAt = AccountPage.time(job.createdAt)
            state = CatalogImportJobPage.stateLabel(job.state)
            rows =
                job.rowsTotal.map { total in
                    "存入 \(Figures.count(job.rowsDone)) 行,拒收 \(Figures.count(job.rowsRefused)) 行,共 \(Figures.count(total)) 行"
                } ?? "—"
        }
    }
}

/// An import job's page: while it runs, its progress (the page reloads itself every few seconds); once it has ended,
/// how many rows were stored where, and a table of the refused lines with their field, reason and article.
struct CatalogImportJobPage: PageView {
    static let template = "catalog-import-job"
    var title: String
    let formPath = CatalogImportController.path
    var state: String
    var createdAt: String
    /// Seconds until the page reloads itself; `nil` once the job has ended.
    var refreshSeconds: Int?
    var progress: Progress?
    var result: CatalogImportResult?

    init(_ job: CatalogImportJob, problems: [CatalogImportProblem] = [], problemCount: Int = 0) {
        title = "导入任务:\(job.filename)"
        state = Self.stateLabel(job.state)
        createdAt = AccountPage.time(job.createdAt)
        if job.isFinished {
            result = CatalogImportResult(job, problems: problems, problemCount: problemCount)
        } else {
            refreshSeconds = CatalogImportController.refreshSeconds
            progress = Progress(job)
        }
    }

    static func stateLabel(_ state: CatalogImportJob.State) -> String {
        switch state {
        case .queued: "排队等候"
        case .running: "正在导入"
        case .done: "已完成"
        case .failed: "未完成"
        }
    }

    /// How far a running job has got.
    struct Progress: Sendable {
        /// Rows handled (stored or refused) and the file's rows; `nil` while the file is being read.
        var done: Int?
        var total: Int?
        var sentence: String

        init(_ job: CatalogImportJob) {
            guard let total = job.rowsTotal else {
                sentence = job.state == .queued ? "任务已排队,即将开始读取文件。" : "正在读取并检查文件中的各行……"
                return
            }
            let done = job.rowsDone + job.rowsRefused
            self.done = done
            self.total = total
            sentence =
                "已处理 \(Figures.count(done)) / \(Figures.count(total)) 行"
                + "(存入 \(Figures.count(job.rowsDone)) 行,拒收 \(Figures.count(job.rowsRefused)) 行)。"
        }
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

/// An ended import job's result as the page shows it.
struct CatalogImportResult: Sendable {
    /// The most refused lines the table shows; the count says how many there were.
    static let shownProblems = 200

    var rowsRead: String
    var rowsStored: String
    var rowsRefused: String
    /// Where the rows went, or why nothing was stored.
    var outcome: String
    var storedAny: Bool
    /// Why the job stopped before its end, with the article when a rule is at stake.
    var failure: String?
    var problems: [Problem]
    var anyProblems: Bool
    /// Set when the table does not show every refusal.
    var problemsCut: String?

    init(_ job: CatalogImportJob, problems: [CatalogImportProblem], problemCount: Int) {
        rowsRead = Figures.count(job.rowsTotal ?? 0)
        rowsStored = Figures.count(job.rowsDone)
        rowsRefused = Figures.count(job.rowsRefused)
        storedAny = job.stored != nil
        outcome = Self.outcome(of: job)
        failure = job.failure.map { failure in
            "导入未完成:\(failure.message)" + (ArticleName.of(failure.article).map { "(\($0))" } ?? "")
                + (job.rowsDone > 0 ? "此前已分批存入的 \(Figures.count(job.rowsDone)) 行保留在草稿中,可修改后重新导入其余各行。" : "")
        }
        self.problems = problems.prefix(Self.shownProblems).map(Problem.init)
        anyProblems = !problems.isEmpty
        problemsCut =
            problemCount > Self.shownProblems ? "共 \(Figures.count(problemCount)) 条拒收原因,此处只列出前 \(Self.shownProblems) 条。" : nil
    }

    static func outcome(of job: CatalogImportJob) -> String {
        guard let stored = job.stored else {
            if job.state == .failed { return "未存入任何内容。" }
            return (job.rowsTotal ?? 0) == 0 ? "文件中没有数据行,未存入任何内容。" : "未存入任何内容:请改正下列各行后重新导入。"
        }
        let version = stored.versionOpened ? "新建的草稿第 \(stored.versionNumber) 版" : "草稿第 \(stored.versionNumber) 版"
        return "已存入本机构目录的\(version)\(stored.catalogCreated ? "(目录随本次导入建立)" : ""):新增目录项 \(Figures.count(stored.itemsCreated)) 个,"
            + "新增修订 \(Figures.count(stored.revisionsAdded)) 条,更新修订 \(Figures.count(stored.revisionsChanged)) 条,"
            + "未变 \(Figures.count(stored.revisionsUnchanged)) 条。"
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
