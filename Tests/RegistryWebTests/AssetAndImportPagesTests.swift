import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import RegistryCore
import Testing

@testable import RegistryWeb

/// 导入 (a catalog ledger uploaded by a clerk), 数据资产 (A43.1) and the reviewer's asset register, through the real
/// router.
@Suite("Import and data asset pages")
struct AssetAndImportPagesTests {
    /// A form of a new asset every rule accepts, in the default scheme.
    static let asset: [String: String] = [
        "name": "全区医疗机构名录库", "description": "医疗机构的登记信息", "source_system": "卫生健康统计信息系统",
        "record_count": "12000", "volume_bytes": "1073741824", "category_scheme": "NM-2024", "category_code": "government.services",
        "grade": "general", "reason": "首次登记",
    ]

    /// A ledger of two rows: one every rule accepts, one not shared without a reason or a legal basis (A21.1).
    static func ledger() -> [UInt8] {
        let columns = [
            "code", "name", "data_form", "data_items", "share_type", "share_scope", "open_type", "open_conditions", "update_frequency",
            "collecting_department", "approving_department", "providing_department", "source_institution", "category_code", "grade",
        ]
        let items = #""[{""name"":""机构名称"",""type"":""string""}]""#
        func row(_ code: String, share: String) -> String {
            [
                code, "医疗机构基本信息", "database_table", items, share, "全区政务部门", "conditional", "面向科研机构", "monthly",
                "新城区卫生健康委员会", "新城区卫生健康委员会", "新城区卫生健康委员会", WebWorld.health, "government.services", "general",
            ].joined(separator: ",")
        }
        return Array(
            ([columns.joined(separator: ","), row("WJ-001", share: "unconditional"), row("WJ-002", share: "not_shared")]
                .joined(separator: "\n") + "\n").utf8
        )
    }

    /// The same first row as JSON Lines, with the code `code`.
    static func jsonLine(_ code: String) -> [UInt8] {
        let department = "新城区卫生健康委员会"
        let row: [String: Any] = [
            "code": code, "name": "医疗机构基本信息", "data_form": "database_table", "data_items": [["name": "机构名称", "type": "string"]],
            "share_type": "unconditional", "share_scope": "全区政务部门", "open_type": "conditional", "open_conditions": "面向科研机构",
            "update_frequency": "monthly", "collecting_department": department, "approving_department": department,
            "providing_department": department, "source_institution": WebWorld.health, "category_code": "government.services",
            "grade": "general",
        ]
        return Array(try! JSONSerialization.data(withJSONObject: row)) + [10]
    }

    @Test("anonymous people are sent to sign in; other roles get the 403 page")
    func access() async throws {
        let world = try await WebWorld.make()
        try await world.test { client in
            let anonymous = Browser(client)
            for path in ["/catalog/import", "/catalog/import/jobs/\(UUID().uuidString.lowercased())", "/assets", "/assets/new", "/asset-register"] {
                let response = try await anonymous.get(path)
                #expect(response.status == .seeOther && response.headers[.location] == "/sign-in", "\(path)")
            }
            let reviewer = Browser(client)
            try await reviewer.signIn("reviewer")
            for path in ["/catalog/import", "/assets", "/assets/new"] {
                let response = try await reviewer.get(path)
                #expect(response.status == .forbidden, "\(path)")
                try PageValidation.check(response.text, "403 \(path)")
            }
            let clerk = Browser(client)
            try await clerk.signIn("clerk")
            #expect(try await clerk.get("/asset-register").status == .forbidden)
            let workspace = try await clerk.get("/workspace").text
            #expect(workspace.contains("href=\"/catalog/import\"") && workspace.contains("href=\"/assets\""))
            #expect(try await reviewer.get("/workspace").text.contains("href=\"/asset-register\""))
        }
        try await world.drop()
    }

    @Test("a POST without the form token gets 403, a form's and an upload's alike, and changes nothing")
    func csrf() async throws {
        let world = try await WebWorld.make()
        try await world.test { client in
            let clerk = Browser(client)
            try await clerk.signIn("clerk")
            #expect(try await clerk.post("/assets", Self.asset, csrf: "").status == .forbidden)
            let upload = try await clerk.upload("/catalog/import", file: ("file", "ledger.csv", Self.ledger()), csrf: "", from: "/catalog/import")
            #expect(upload.status == .forbidden)
            let wrong = String(repeating: "0", count: 64)
            #expect(try await clerk.upload("/catalog/import", file: ("file", "a.csv", Self.ledger()), csrf: wrong, from: "").status == .forbidden)
            let elsewhere = try await clerk.upload("/assets", file: ("file", "a.csv", []), from: "/assets/new")
            #expect(elsewhere.status == .badRequest, "only the import takes an upload")
        }
        #expect(!(try await world.auditActions()).contains { $0.hasPrefix("data_asset.") || $0.hasPrefix("catalog.import") })
        try await world.drop()
    }

    /// Runs the import jobs waiting, as the service's runner does.
    static func runImports(_ world: WebWorld) async throws {
        let jobs = CatalogImportJobs(clock: world.database.clock)
        try await world.database.client.withConnection { connection in
            while try jobs.runNext(on: connection) != nil {}
        }
    }

    /// Uploads `file` and follows the answer: the job's page, where the upload must be sent.
    static func queue(_ clerk: Browser, _ file: (String, [UInt8]), _ fields: [String: String] = [:]) async throws -> String {
        let response = try await clerk.upload("/catalog/import", fields, file: ("file", file.0, file.1), from: "/catalog/import")
        #expect(response.status == .seeOther)
        let location = try #require(response.headers[.location])
        #expect(location.hasPrefix("/catalog/import/jobs/"))
        return location
    }

    @Test("A10.3: an upload is answered at once with its job's page, which reloads itself until the job has run, then shows the result")
    func importLedger() async throws {
        let world = try await WebWorld.make()
        try await world.test { client in
            let clerk = Browser(client)
            try await clerk.signIn("clerk")
            try PageValidation.check(try await clerk.get("/catalog/import").text, "import form")
            let job = try await Self.queue(clerk, ("台账.csv", Self.ledger()))
            let waiting = try await clerk.get(job)
            #expect(waiting.status == .ok)
            #expect(waiting.text.contains("<meta http-equiv=\"refresh\" content=\"2\">") && waiting.text.contains("<progress"))
            #expect(waiting.text.contains("排队等候"))
            try PageValidation.check(waiting.text, "import job queued")

            try await Self.runImports(world)
            let html = try await clerk.get(job).text
            #expect(!html.contains("http-equiv=\"refresh\""), "an ended job's page stays")
            #expect(html.contains("导入任务:台账.csv") && html.contains("已完成"))
            #expect(html.contains("<dd>2 行</dd>") && html.contains("<dd>1 行</dd>"))
            #expect(html.contains("<tr><td>3</td><td><code>share_"), "line 3 (the header is line 1)")
            #expect(html.contains("第二十一条") && !html.contains("A21"))
            #expect(html.contains("新建的草稿第 1 版"))
            try PageValidation.check(html, "import result")
            #expect(try await clerk.get("/catalog/import").text.contains("href=\"\(job)\""), "the form lists the job")

            let strict = try await Self.queue(clerk, ("台账.csv", Self.ledger()), ["all_or_nothing": "1"])
            try await Self.runImports(world)
            #expect(try await clerk.get(strict).text.contains("未存入任何内容"))

            let lines = try await Self.queue(clerk, ("ledger.jsonl", Self.jsonLine("WJ-003")))
            try await Self.runImports(world)
            let stored = try await clerk.get(lines).text
            #expect(stored.contains("草稿第 1 版") && stored.contains("新增目录项 1 个"), "JSON Lines into the same draft")

            let long = Self.ledger() + [UInt8](repeating: 10, count: 70 << 10)
            let keyed = try await clerk.upload(
                "/catalog/import",
                ["form_key": UUID().uuidString.lowercased()],
                file: ("file", "long.csv", long),
                from: "/catalog/import"
            )
            #expect(keyed.status == .seeOther, "a form's key covers an upload larger than a form without a file may be")

            let empty = try await clerk.upload("/catalog/import", file: ("file", "", []), from: "/catalog/import")
            #expect(empty.status == .unprocessableContent && empty.text.contains("id=\"file-error\""))
            let other = try await clerk.upload("/catalog/import", file: ("file", "ledger.xlsx", [1, 2]), from: "/catalog/import")
            #expect(other.text.contains("只能导入扩展名为"))
            let huge = [UInt8](repeating: 65, count: CatalogImportController.maxFileSize + (64 << 10) + 1)
            let tooLarge = try await clerk.upload("/catalog/import", file: ("file", "big.csv", huge), from: "/catalog/import")
            #expect(tooLarge.status == .contentTooLarge && tooLarge.text.contains("20 MB"))
        }
        let actions = try await world.auditActions()
        #expect(actions.contains(CatalogImportStore.auditAction) && actions.contains(CatalogImportJobs.auditAction))
        try await world.drop()
    }

    @Test("a running job's page shows its progress; another institution's clerk gets 404, a reviewer 403, nobody signed in the sign-in")
    func importJobAccess() async throws {
        let world = try await WebWorld.make()
        let other = WebWorld.uscc("12150102MB0000301")
        try await world.database.write(AuditContext(role: "test", action: "fixture")) { connection in
            try InstitutionStore().create(
                NewInstitution(uscc: other, name: "新城区教育局", divisionCode: "150102", kind: .publicInstitution),
                on: connection
            )
        }
        let hash = try await WebWorld.passwordHash.value
        try await world.database.write(AuditContext(role: "test", action: "fixture")) { connection in
            let (account, _) = try AccountStore().create(
                NewAccount(role: .clerk, displayName: "教育局登记员", institution: other),
                on: connection
            )
            try SignInStore().setLogin(try Login("edu-clerk"), of: account.id, on: connection)
            _ = try SignInStore().setPassword(hash, of: account.id, on: connection)
        }
        try await world.test { client in
            let clerk = Browser(client)
            try await clerk.signIn("clerk")
            let job = try await Self.queue(clerk, ("台账.csv", Self.ledger()))
            try await world.database.write(AuditContext(role: "test", action: "fixture")) { connection in
                try connection.query(
                    """
                    update catalog_import_job set state = 'running', started_at = registry_now(), rows_total = 5000,
                           rows_done = 1480, rows_refused = 20
                    """
                )
            }
            let running = try await clerk.get(job).text
            #expect(running.contains("<progress id=\"import-progress\" max=\"5000\" value=\"1500\">"))
            #expect(running.contains("已处理 1,500 / 5,000 行") && running.contains("正在导入"))
            try PageValidation.check(running, "import job running")

            let stranger = Browser(client)
            try await stranger.signIn("edu-clerk")
            let hidden = try await stranger.get(job)
            #expect(hidden.status == .notFound && !hidden.text.contains("台账.csv"))
            #expect(!(try await stranger.get("/catalog/import").text.contains(job)), "nor in the other's list")
            let reviewer = Browser(client)
            try await reviewer.signIn("reviewer")
            #expect(try await reviewer.get(job).status == .forbidden)
            let anonymous = try await Browser(client).get(job)
            #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/sign-in")
            #expect(try await clerk.get("/catalog/import/jobs/not-a-job").status == .notFound)
        }
        try await world.drop()
    }

    @Test("a clerk registers, changes and retires an asset; a refusal is shown beside its field with the article")
    func clerkAssets() async throws {
        let world = try await WebWorld.make()
        try await world.test { client in
            let clerk = Browser(client)
            try await clerk.signIn("clerk")
            let form = try await clerk.get("/assets/new").text
            #expect(form.contains("<option value=\"government.services\">") && form.contains("核心数据"))
            try PageValidation.check(form, "asset form")

            var negative = Self.asset
            negative["record_count"] = "-1"
            let refused = try await clerk.post("/assets", negative, from: "/assets/new")
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("id=\"record_count-error\">数据量(条数)不能为负数。<span class=\"article\">(依据第四十三条)"))
            #expect(refused.text.contains("value=\"全区医疗机构名录库\""), "the input is kept")
            try PageValidation.check(refused.text, "asset form refused")

            let created = try await clerk.post("/assets", Self.asset, from: "/assets/new")
            #expect(created.status == .seeOther)
            let path = try #require(created.headers[.location])
            #expect(try await clerk.get("/assets").text.contains("全区医疗机构名录库"))

            var changed = Self.asset
            changed["record_count"] = "15000"
            changed["reason"] = "年度更新"
            #expect(try await clerk.post(path, changed, from: path + "/edit").status == .seeOther)
            #expect(try await clerk.post(path + "/retire", ["reason": "系统下线"], from: path).status == .seeOther)
            let detail = try await clerk.get(path).text
            #expect(detail.contains("已注销") && detail.contains("数据量(条):12,000 → 15,000") && detail.contains("系统下线"))
            #expect(!detail.contains("卫健委登记员</td>"), "the history names roles, not people")
            try PageValidation.check(detail, "asset detail")

            let again = try await clerk.post(path + "/retire", [:], from: path)
            #expect(again.status == .unprocessableContent && again.text.contains("只能由公共数据主管部门恢复"))

            let reviewer = Browser(client)
            try await reviewer.signIn("reviewer")
            let register = try await reviewer.get("/asset-register")
            #expect(register.text.contains("新城区数据资产登记簿") && register.text.contains("全区医疗机构名录库"))
            try PageValidation.check(register.text, "asset register")
            #expect(try await reviewer.post(path + "/restore", ["reason": "误注销"], from: path).status == .seeOther)
            #expect(try await clerk.get(path).text.contains("已变更"))
        }
        try await world.drop()
    }

    @Test("another institution's asset is refused, never shown")
    func otherInstitution() async throws {
        let world = try await WebWorld.make()
        let other = WebWorld.uscc("12150102MB0000301")
        let account = try await world.database.write(AuditContext(role: "test", action: "fixture")) { connection in
            try InstitutionStore().create(
                NewInstitution(uscc: other, name: "新城区教育局", divisionCode: "150102", kind: .publicInstitution),
                on: connection
            )
            let (account, _) = try AccountStore().create(NewAccount(role: .clerk, displayName: "教育局登记员", institution: other), on: connection)
            return account
        }
        let actor = try await world.database.read { try AccountStore().actor(of: account, requestID: nil, on: $0) }
        var input = try DataAssetFormInput.posted(Self.asset).assetInput()
        input.name = "学籍信息库"
        let asset = try await DataAssetRegister(database: world.database).register(input, by: actor).asset
        try await world.test { client in
            let clerk = Browser(client)
            try await clerk.signIn("clerk")
            let path = "/assets/\(asset.id.uuidString.lowercased())"
            for page in [path, path + "/edit"] {
                let response = try await clerk.get(page)
                #expect(response.status == .forbidden && !response.text.contains("学籍信息库"), "\(page)")
            }
            #expect(try await clerk.post(path + "/retire", [:], from: "/assets").status == .forbidden)
            #expect(try await clerk.post(path, Self.asset, from: "/assets").status == .forbidden)
            #expect(!(try await clerk.get("/assets").text.contains("学籍信息库")))
            #expect(try await clerk.get("/assets/not-an-id").status == .notFound)
        }
        try await world.drop()
    }
}

/// The upload's reading and the figures, without a database.
@Suite("Multipart forms and figures")
struct MultipartAndFiguresTests {
    @Test("a multipart form gives its text inputs as a URL-encoded form and its files by input name")
    func multipart() throws {
        #expect(MultipartForm.boundary(of: "multipart/form-data; boundary=\"a b\"") == "a b")
        #expect(MultipartForm.boundary(of: "application/x-www-form-urlencoded") == nil)
        let body = Array(
            ("preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc&d=1\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"C:\\台账\\目录.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\ncode,name\r\n--XyZ-ish\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n\r\n\r\n--XyZ--\r\n").utf8
        )
        let form = try MultipartForm.parse(body, boundary: "XyZ")
        struct Token: Decodable { var csrf: String }
        #expect(try form.decode(Token.self).csrf == "abc&d=1")
        #expect(form.file("file")?.bytes == Array("code,name\r\n--XyZ-ish".utf8))
        #expect(form.file("empty") == nil, "a file input left empty sends no file")
        #expect(throws: RegistryError.self) { try MultipartForm.parse(Array("--XyZ\r\nno end".utf8), boundary: "XyZ") }
    }

    @Test("counts are grouped by thousands, sizes shown in units")
    func figures() {
        #expect(Figures.count(1_234_567) == "1,234,567" && Figures.count(999) == "999" && Figures.count(-1000) == "-1,000")
        #expect(Figures.bytes(2 << 20) == "2 MB" && Figures.bytes(1536) == "1.5 KB" && Figures.bytes(512) == "512 字节")
    }
}

extension DataAssetFormInput {
    /// The form as posted with `fields`.
    static func posted(_ fields: [String: String]) throws -> DataAssetFormInput {
        let text = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
        return try FormBody(text: text.joined(separator: "&")).decode()
    }
}
