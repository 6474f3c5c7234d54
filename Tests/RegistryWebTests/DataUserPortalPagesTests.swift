import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import RegistryCore
import Testing

@testable import RegistryWeb

/// The public open data portal (A28.1) and the data users' pages (A28.2, A28.3, A50.1) through the real router:
/// registration without enumeration, applications and objections of one's own only, the item leaving the portal as the
/// objection is filed, facets, caching with `ETag` and 304, CSRF, and refusals beside their field.
@Suite("Data user and portal pages")
struct DataUserPortalPagesTests {
    static func citizenID(_ first17: String) -> String { first17 + String(CitizenIdentityNumber.checkCharacter(for: first17)!) }
    static let citizen = citizenID("15010219900307123")
    static let otherCitizen = citizenID("15010219850101002")

    /// The items of 卫健委 the portal shows: a conditionally open one, an unconditionally open one, and one not open.
    struct Items {
        var conditional: UUID
        var unconditional: UUID
        var closed: UUID
    }

    /// The web world with 卫健委's catalog published, and the data user `citizen2` (registered directly).
    static func world() async throws -> (WebWorld, Items) {
        let world = try await WebWorld.make()
        let hash = try await WebWorld.passwordHash.value
        let items = try await world.database.write(AuditContext(role: "test", action: "fixture")) { connection in
            let accounts = AccountStore()
            let clerk = try accounts.actor(of: world.accounts["clerk"]!, requestID: nil, on: connection)
            let reviewer = try accounts.actor(of: world.accounts["reviewer"]!, requestID: nil, on: connection)
            let catalogs = CatalogStore()
            let catalog = try catalogs.openInstitutionalCatalog(of: WebWorld.health, on: connection)
            let draft = try catalogs.openDraft(of: catalog.id, on: connection)
            let conditional = try catalogs.addItem(code: "O-1", fields: Self.conditionalFields, to: draft.id, on: connection)
            let unconditional = try catalogs.addItem(code: "O-2", fields: Self.unconditionalFields, to: draft.id, on: connection)
            let closed = try catalogs.addItem(code: "O-3", fields: SharingPagesTests.fields, to: draft.id, on: connection)
            _ = try catalogs.submit(draft.id, on: connection)
            _ = try catalogs.approve(draft.id, reviewer: reviewer, on: connection)
            let other = NewAccount(
                role: .dataUser,
                displayName: "李四",
                dataUser: NewDataUser(kind: .naturalPerson, name: "李四", citizenID: otherCitizen)
            )
            let (account, _) = try accounts.create(other, on: connection)
            try SignInStore().setLogin(try Login("citizen2"), of: account.id, on: connection)
            _ = try SignInStore().setPassword(hash, of: account.id, on: connection)
            return Items(conditional: conditional.itemID, unconditional: unconditional.itemID, closed: closed.itemID)
        }
        return (world, items)
    }

    static let conditionalFields = CatalogItemFields(
        name: "医疗机构执业登记",
        description: "全区医疗机构的执业许可与校验信息",
        dataForm: .databaseTable,
        dataItems: [DataItem(name: "机构名称", type: .string), DataItem(name: "诊疗科目", type: .string)],
        shareType: .unconditional,
        shareScope: "全区政务部门",
        openType: .conditional,
        openConditions: "用于医疗服务研究,不得再识别个人",
        updateFrequency: .monthly,
        collectingDepartment: "新城区卫生健康委员会",
        approvingDepartment: "新城区卫生健康委员会",
        providingDepartment: "医政科",
        sourceInstitution: WebWorld.health,
        categoryCode: "livelihood.health",
        grade: .general,
        dataUpdatedOn: CivilDate(iso: "2026-08-31")
    )

    static let unconditionalFields = CatalogItemFields(
        name: "公共厕所分布",
        description: "城区公共厕所位置与开放时间",
        dataForm: .file,
        dataItems: [DataItem(name: "位置", type: .string), DataItem(name: "开放时间", type: .string)],
        shareType: .unconditional,
        shareScope: "全区政务部门",
        openType: .unconditional,
        updateFrequency: .yearly,
        collectingDepartment: "新城区卫生健康委员会",
        approvingDepartment: "新城区卫生健康委员会",
        providingDepartment: "爱卫办",
        sourceInstitution: WebWorld.health,
        categoryCode: "livelihood.health",
        grade: .general
    )

    static func registration(citizenID: String = citizen, login: String = "citizen") -> [String: String] {
        [
            "kind": "natural_person", "name": "张三", "citizen_id": citizenID, "uscc": "", "login": login,
            "password": "a-long-enough-pass-phrase", "password_repeated": "a-long-enough-pass-phrase",
        ]
    }

    static func application(_ item: UUID) -> [String: String] {
        [
            "item": item.uuidString, "scenario": "医疗服务可及性研究", "data_scope": "机构名称、诊疗科目", "delivery_method": "文件下载",
            "time_limit": "2026-12-31", "security_measures": "专人专机,用后销毁",
        ]
    }

    static let pdf = Array("%PDF-1.4\n% evidence\n".utf8)

    @Test("A13.1: a citizen registers (check digit refused beside the field with 第十三条), lands signed in; twice is refused alike")
    func registration() async throws {
        let (world, _) = try await Self.world()
        try await world.test { client in
            let browser = Browser(client)
            var wrong = Self.registration()
            wrong["citizen_id"] = String(Self.citizen.dropLast()) + (Self.citizen.last == "1" ? "2" : "1")
            let refused = try await browser.post("/register", wrong, from: "/register")
            #expect(refused.status == .unprocessableContent)
            let html = refused.text
            #expect(html.contains("id=\"citizen_id-error\"") && html.contains("第十三条"), "\(html)")
            #expect(html.contains("value=\"张三\""), "the form keeps what was typed")
            try PageValidation.check(html, "registration refused")

            let registered = try await browser.post("/register", Self.registration(), from: "/register")
            #expect(registered.status == .seeOther)
            #expect(registered.headers[.location] == "/my?done=registered")
            let my = try await browser.get("/my?done=registered")
            #expect(my.status == .ok && my.text.contains("注册成功"))
            #expect(!my.text.contains(Self.citizen), "the number is never shown again")
            try PageValidation.check(my.text, "my applications")

            // The same number again, and a number someone else registered: one message, beside the same field.
            let again = try await Browser(client).post("/register", Self.registration(login: "citizen.b"), from: "/register")
            let others = try await Browser(client).post(
                "/register",
                Self.registration(citizenID: Self.otherCitizen, login: "citizen.c"),
                from: "/register"
            )
            #expect(again.status == .unprocessableContent && others.status == .unprocessableContent)
            let message = { (text: String) in text.firstMatch(of: /id="citizen_id-error">([^<]*)</)?.1 }
            #expect(message(again.text) != nil && message(again.text) == message(others.text))

            // A14.1: an organisation by its unified social credit code, checked (GB 32100) beside its field.
            let company = WebWorld.uscc("91150102MA0000107")
            var organisation = Self.registration(login: "company")
            organisation.merge(["kind": "legal_person", "name": "某数据科技有限公司", "citizen_id": "", "uscc": String(company.dropLast()) + "0"]) { $1 }
            if company.last == "0" { organisation["uscc"] = String(company.dropLast()) + "1" }
            let wrongCode = try await Browser(client).post("/register", organisation, from: "/register")
            #expect(wrongCode.status == .unprocessableContent && wrongCode.text.contains("id=\"uscc-error\"") && wrongCode.text.contains("第十四条"))
            organisation["uscc"] = company
            #expect(try await Browser(client).post("/register", organisation, from: "/register").headers[.location] == "/my?done=registered")
        }
        let stored = try await world.database.read { connection in
            try connection.query("select citizen_id_masked from data_user where name = '张三'").map {
                try $0.decode("citizen_id_masked", as: String.self)
            }
        }
        #expect(stored.count == 1 && stored[0].contains("*"))
        #expect(try await world.auditActions().contains("data_user.register"))
        try await world.drop()
    }

    @Test("A28.2: a data user applies for a conditional item (fields beside the form), sees it pending; another cannot open it")
    func applying() async throws {
        let (world, items) = try await Self.world()
        try await world.test { client in
            let browser = Browser(client)
            _ = try await browser.post("/register", Self.registration(), from: "/register")
            let form = "/my/applications/new?item=\(items.conditional.uuidString)"
            try PageValidation.check(try await browser.get(form).text, "application form")
            var blank = Self.application(items.conditional)
            blank["data_scope"] = " "
            let refused = try await browser.post("/my/applications", blank, from: form)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("id=\"data_scope-error\"") && refused.text.contains("第二十八条"))
            try PageValidation.check(refused.text, "application refused")

            let filed = try await browser.post("/my/applications", Self.application(items.conditional), from: form)
            #expect(filed.status == .seeOther)
            let record = String((filed.headers[.location] ?? "").split(separator: "?")[0])
            let page = try await browser.get(record)
            #expect(page.status == .ok && page.text.contains("已提交"))
            try PageValidation.check(page.text, "application")
            #expect(try await browser.get("/my").text.contains("待答复"))

            let noCSRF = try await browser.post("/my/applications", Self.application(items.conditional), csrf: "0000")
            #expect(noCSRF.status == .forbidden)

            let other = Browser(client)
            try await other.signIn("citizen2")
            let foreign = try await other.get(record)
            #expect(foreign.status == .forbidden || foreign.status == .notFound)
            #expect(!foreign.text.contains("医疗服务可及性研究"))
            #expect(!(try await other.get("/my").text.contains("医疗机构执业登记")))

            let clerk = Browser(client)
            try await clerk.signIn("clerk")
            #expect(try await clerk.get("/my").status == .forbidden)
            #expect(try await Browser(client).get("/my").status == .seeOther, "anonymous visitors are sent to sign in")
        }
        try await world.drop()
    }

    @Test("A28.3: an objection with an evidence file suspends the item at once: gone from search and item page; types checked")
    func objecting() async throws {
        let (world, items) = try await Self.world()
        try await world.test { client in
            let anonymous = Browser(client)
            #expect(try await anonymous.get("/open/search?q=厕所").text.contains("公共厕所分布"))
            let browser = Browser(client)
            try await browser.signIn("citizen2")
            let form = "/my/objections/new?item=\(items.unconditional.uuidString)"
            try PageValidation.check(try await browser.get(form).text, "objection form")
            let fields = ["item": items.unconditional.uuidString, "harm": "privacy", "description": "公开了我家的门牌号"]
            let wrongType = try await browser.upload(
                "/my/objections",
                fields,
                file: (name: "evidence_file", filename: "evidence.pdf", bytes: Array("not a pdf".utf8)),
                from: form
            )
            #expect(wrongType.status == .unprocessableContent)
            #expect(wrongType.text.contains("id=\"evidence_file-error\"") && wrongType.text.contains("第二十八条"))
            try PageValidation.check(wrongType.text, "objection refused")
            let noToken = try await browser.upload(
                "/my/objections",
                fields,
                file: (name: "evidence_file", filename: "e.pdf", bytes: Self.pdf),
                csrf: "",
                from: form
            )
            #expect(noToken.status == .forbidden)

            let filed = try await browser.upload(
                "/my/objections",
                fields,
                file: (name: "evidence_file", filename: "证据.pdf", bytes: Self.pdf),
                from: form
            )
            #expect(filed.status == .seeOther, "\(filed.text)")
            let record = try await browser.get(String((filed.headers[.location] ?? "/my").split(separator: "?")[0]))
            #expect(record.text.contains("中止开放") && record.text.contains("证据.pdf"))
            try PageValidation.check(record.text, "objection")
            #expect(try await browser.get("/my").text.contains("中止开放"))

            #expect(!(try await anonymous.get("/open/search?q=厕所").text.contains("公共厕所分布")))
            #expect(try await anonymous.get("/open/items/\(items.unconditional.uuidString.lowercased())").status == .notFound)
        }
        let kept = try await world.database.read { connection in
            try connection.query("select count(*)::int as n from open_objection_evidence").first!.decode("n", as: Int.self)
        }
        #expect(kept == 1)
        try await world.drop()
    }

    @Test("A28.1: the portal searches names, descriptions and data items, counts facets, narrows by two; no closed item; JSON-LD")
    func portal() async throws {
        let (world, items) = try await Self.world()
        try await world.test { client in
            let anonymous = Browser(client)
            let home = try await anonymous.get("/open")
            #expect(home.status == .ok && home.text.contains("医疗机构执业登记") && home.text.contains("公共厕所分布"), "\(home.text)")
            #expect(!home.text.contains("医疗机构名录"), "a not-open item is never listed")
            try PageValidation.check(home.text, "portal home")

            for word in ["执业", "校验", "诊疗科目"] {
                #expect(
                    try await anonymous.get("/open/search?q=\(word.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)").text
                        .contains("医疗机构执业登记"),
                    "\(word)"
                )
            }
            let all = try await anonymous.get("/open/search").text
            #expect(all.contains("共 2 项开放数据") && all.contains("有条件开放") && all.contains("新城区卫生健康委员会"))
            try PageValidation.check(all, "portal search")
            #expect(all.utf8.count < 100_000)
            let narrowed = try await anonymous.get("/open/search?open_type=conditional&institution=\(WebWorld.health)")
            #expect(narrowed.text.contains("共 1 项开放数据") && narrowed.text.contains("医疗机构执业登记"))
            #expect(!narrowed.text.contains("公共厕所分布"))
            try PageValidation.check(narrowed.text, "portal search with two facets")
            #expect(try await anonymous.get("/open/search?grade=secret").status == .unprocessableContent)

            let item = try await anonymous.get("/open/items/\(items.conditional.uuidString.lowercased())")
            let html = item.text
            #expect(item.status == .ok && html.contains("<script type=\"application/ld+json\">") && html.contains("\"@type\":\"Dataset\""))
            #expect(html.contains("申请获取") && html.contains("诊疗科目"))
            #expect(!html.contains("全区政务部门") && !html.contains(WebWorld.health), "no internal fields")
            #expect(html.utf8.count < 100_000)
            try PageValidation.check(html, "portal item")
            #expect(try await anonymous.get("/open/items/\(items.closed.uuidString.lowercased())").status == .notFound)
        }
        try await world.drop()
    }

    @Test("A28.1: an item's page answers Turtle, JSON-LD and RDF/XML by content negotiation with the DCAT export's body; HTML otherwise")
    func itemContentNegotiation() async throws {
        let (world, items) = try await Self.world()
        let export = DCATExport(database: world.database)
        try await world.test { client in
            let page = "/open/items/\(items.unconditional.uuidString.lowercased())"
            for format in RDFFormat.allCases {
                let expected = try await export.dataset(items.unconditional).serialised(as: format)
                let accept = format.mediaType.split(separator: ";")[0]
                let response = try await client.executeRequest(uri: page, method: .get, headers: [.accept: "\(accept), text/html;q=0.5"], body: nil)
                #expect(response.status == .ok, "\(format)")
                #expect(response.headers[.contentType] == format.mediaType)
                #expect(response.headers[.vary]?.contains("Accept") == true)
                #expect(String(buffer: response.body) == expected, "the body of GET /api/v1/dcat/datasets/{id}.\(format.rawValue)")
                let closed = try await client.executeRequest(
                    uri: "/open/items/\(items.closed.uuidString.lowercased())",
                    method: .get,
                    headers: [.accept: String(accept)],
                    body: nil
                )
                #expect(closed.status == .notFound, "a not-open item has no dataset (\(format))")
            }
            let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
            for headers: HTTPFields in [[:], [.accept: browser], [.accept: "*/*"], [.accept: "text/turtle;q=0.5, text/html"]] {
                let response = try await client.executeRequest(uri: page, method: .get, headers: headers, body: nil)
                #expect(response.status == .ok && response.headers[.contentType] == "text/html; charset=utf-8", "\(headers)")
                #expect(response.headers[.vary]?.contains("Accept") == true, "\(headers)")
                #expect(String(buffer: response.body).contains("公共厕所分布"), "\(headers)")
            }
        }
        try await world.drop()
    }

    @Test("A28.1: portal pages are cacheable for 60 s with an ETag, answer 304 to If-None-Match, and set no cookie")
    func caching() async throws {
        let (world, _) = try await Self.world()
        try await world.test { client in
            let first = try await client.executeRequest(uri: "/open/search?open_type=conditional", method: .get, headers: [:], body: nil)
            #expect(first.status == .ok)
            #expect(first.headers[.cacheControl] == "public, max-age=60")
            #expect(first.headers[.setCookie] == nil)
            let tag = try #require(first.headers[.eTag])
            let again = try await client.executeRequest(
                uri: "/open/search?open_type=conditional",
                method: .get,
                headers: [.ifNoneMatch: tag],
                body: nil
            )
            #expect(again.status == .notModified && again.body.readableBytes == 0)
            #expect(again.headers[.eTag] == tag)
            let other = try await client.executeRequest(uri: "/open", method: .get, headers: [.ifNoneMatch: tag], body: nil)
            #expect(other.status == .ok)

            let browser = Browser(client)
            try await browser.signIn("citizen2")
            let signedIn = try await browser.get("/open")
            #expect(signedIn.headers[.cacheControl] == "private, no-cache")
        }
        try await world.drop()
    }

    @Test("A33.1 A44.2: a data user records a data product from an item's page (refused beside the field), listed there; its 失信记录 on its page")
    func dataProducts() async throws {
        let (world, items) = try await Self.world()
        try await world.test { client in
            let browser = Browser(client)
            try await browser.signIn("citizen2")
            let item = items.unconditional.uuidString
            let form = "/my/products/new?item=\(item)"
            try PageValidation.check(try await browser.get(form).text, "data product form")
            let product = ["item": item, "name": "公厕地图", "purpose": "便民查询附近公厕", "made_on": "2026-06-01"]
            let blank = try await browser.post("/my/products", product.merging(["name": " "]) { _, b in b }, from: form)
            #expect(blank.status == .unprocessableContent && blank.text.contains("id=\"name-error\"") && blank.text.contains("便民查询附近公厕"))
            try PageValidation.check(blank.text, "data product refused")
            let recorded = try await browser.post("/my/products", product, from: form)
            #expect(recorded.headers[.location] == "/my?done=product")
            let page = try await Browser(client).get("/open/items/\(item.lowercased())").text
            #expect(page.contains("基于此数据的数据产品") && page.contains("公厕地图") && page.contains("便民查询附近公厕"))
            try PageValidation.check(page, "portal item with its data products")
        }
        // A44.2: the data user reads the dishonest conduct record in force against it on its own page.
        try await world.database.write(AuditContext(role: "test", action: "fixture")) { connection in
            try connection.query(
                """
                insert into dishonest_conduct (subject, data_user_account, item_id, sphere, conduct, legal_basis, effective_from,
                                               effective_until, restricts_open_applications, division_code, authority_uscc)
                select 'data_user', id, \(items.conditional), 'use', '超出约定用途使用开放数据',
                       '《内蒙古自治区公共数据管理暂行办法》第四十四条', registry_today() - 1, registry_today() + 30, true, '150102',
                       \(WebWorld.authority)
                  from account where login = 'citizen2'
                """
            )
        }
        try await world.test { client in
            let browser = Browser(client)
            try await browser.signIn("citizen2")
            let my = try await browser.get("/my").text
            #expect(my.contains("失信记录(第四十四条)") && my.contains("超出约定用途使用开放数据") && my.contains("不得申请有条件开放"))
            try PageValidation.check(my, "my page with a dishonest conduct record")
        }
        try await world.drop()
    }

    @Test("A45.1, A36.1, A50.1: error reports and usage feedback beside their fields; a suspended user sees why and until when")
    func reportsFeedbackAndSuspension() async throws {
        let (world, items) = try await Self.world()
        try await world.test { client in
            let browser = Browser(client)
            try await browser.signIn("citizen2")
            let reportForm = "/my/error-reports/new?item=\(items.conditional.uuidString)"
            try PageValidation.check(try await browser.get(reportForm).text, "error report form")
            let blank = try await browser.post(
                "/my/error-reports",
                ["item": items.conditional.uuidString, "kind": "error", "description": " "],
                from: reportForm
            )
            #expect(blank.status == .unprocessableContent)
            #expect(blank.text.contains("id=\"description-error\"") && blank.text.contains("第四十五条"))
            try PageValidation.check(blank.text, "error report refused")
            let reported = try await browser.post(
                "/my/error-reports",
                ["item": items.conditional.uuidString, "kind": "omission", "description": "缺少旗县的医疗机构"],
                from: reportForm
            )
            #expect(reported.headers[.location] == "/my?done=reported")

            let feedbackForm = "/my/feedback/new?item=\(items.conditional.uuidString)"
            try PageValidation.check(try await browser.get(feedbackForm).text, "usage feedback form")
            let feedback = ["period": "2026年第三季度", "use_description": "用于研究", "security_measures": "专人专机"]
            let notObtained = try await browser.post(
                "/my/feedback",
                feedback.merging(["item": items.conditional.uuidString]) { a, _ in a },
                from: feedbackForm
            )
            #expect(notObtained.status == .unprocessableContent && notObtained.text.contains("第三十六条"))
            try PageValidation.check(notObtained.text, "usage feedback refused")
            let given = try await browser.post(
                "/my/feedback",
                feedback.merging(["item": items.unconditional.uuidString]) { a, _ in a },
                from: feedbackForm
            )
            #expect(given.headers[.location] == "/my?done=feedback")

            let my = try await browser.get("/my").text
            #expect(my.contains("医疗机构执业登记") && my.contains("已受理"), "the error report is listed with its state")
        }
        try await world.database.write(AuditContext(role: "test", action: "fixture")) { connection in
            try connection.query(
                """
                insert into access_suspension (account_id, suspended_from, suspended_until, reason, article)
                select id, '2026-09-01', '2026-12-31', '超出约定用途使用开放数据', 'A50.1' from account where login = 'citizen2'
                """
            )
        }
        try await world.test { client in
            let browser = Browser(client)
            try await browser.signIn("citizen2")
            let my = try await browser.get("/my").text
            #expect(my.contains("暂时关闭") && my.contains("超出约定用途使用开放数据") && my.contains("2026-12-31 止") && my.contains("第五十条"))
            try PageValidation.check(my, "my page while suspended")
            let refused = try await browser.post(
                "/my/applications",
                Self.application(items.conditional),
                from: "/my/applications/new?item=\(items.conditional.uuidString)"
            )
            #expect(refused.status == .unprocessableContent && refused.text.contains("第五十条"))
        }
        try await world.drop()
    }
}
