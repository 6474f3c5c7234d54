import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RegistryCore
import Testing

@testable import RegistryWeb

/// The catalog pages: 本机构目录 and its draft editor for clerks, the review of a version for reviewers (A10.1–A10.3,
/// A11.1, A21.1), through the real router.
@Suite("Catalog pages")
struct CatalogPagesTests {
    static let other = WebWorld.uscc("12150102MB0000302")

    /// A world whose health bureau has a catalog with a draft, and a second bureau with its own clerk (`other`).
    static func world() async throws -> (WebWorld, draft: UUID) {
        let world = try await WebWorld.make()
        let hash = try await WebWorld.passwordHash.value
        let draft = try await world.database.write(AuditContext(role: "test", action: "fixture")) { connection in
            let bureau = NewInstitution(uscc: other, name: "新城区教育局", divisionCode: "150102", kind: .publicInstitution)
            try InstitutionStore().create(bureau, on: connection)
            let (account, _) = try AccountStore().create(NewAccount(role: .clerk, displayName: "教育局登记员", institution: other), on: connection)
            try SignInStore().setLogin(try Login("other"), of: account.id, on: connection)
            _ = try SignInStore().setPassword(hash, of: account.id, on: connection)
            let clerk = try AccountStore().actor(of: world.accounts["clerk"]!, requestID: nil, on: connection)
            let catalog = try CatalogStore().openInstitutionalCatalog(of: WebWorld.health, on: connection)
            return try CatalogStore().openDraft(of: catalog.id, note: "首次编制", on: connection).id
        }
        return (world, draft)
    }

    /// A complete item of the health bureau as the editor posts it; `change` adjusts it.
    static func item(_ code: String, _ change: (inout [String: String]) -> Void = { _ in }) -> [String: String] {
        var form = [
            "code": code, "name": "医疗机构名录", "description": "", "data_form": "database_table", "item_name[]": "机构名称",
            "item_type[]": "string", "item_description[]": "", "share_type": "unconditional", "share_scope": "全区政务部门",
            "open_type": "unconditional", "not_open_ground": "", "update_frequency": "monthly", "collecting_department": "新城区卫健委",
            "approving_department": "新城区卫健委", "providing_department": "新城区卫健委", "source_institution": WebWorld.health,
            "category_code": "government.services", "grade": "general", "legal_basis": "", "base_data_kind": "", "data_updated_on": "",
        ]
        change(&form)
        return form
    }

    @Test("anonymous visitors are sent to sign in; other roles get the 403 page; a POST without its token is refused")
    func access() async throws {
        let (world, draft) = try await Self.world()
        try await world.test { client in
            let anonymous = Browser(client)
            for page in ["/catalog", "/reviews", "/catalogs", "/catalog-versions/\(draft)", "/catalog-versions/\(draft)/items/new"] {
                let response = try await anonymous.get(page)
                #expect(response.status == .seeOther && response.headers[.location] == "/sign-in", "\(page)")
            }
            let reviewer = Browser(client)
            try await reviewer.signIn("reviewer")
            for page in ["/catalog", "/catalog-versions/\(draft)/items/new"] {
                let response = try await reviewer.get(page)
                #expect(response.status == .forbidden, "\(page)")
                try PageValidation.check(response.text, "403 of \(page)")
            }
            let clerk = Browser(client)
            try await clerk.signIn("clerk")
            #expect(try await clerk.get("/reviews").status == .forbidden)
            let forged = try await clerk.post("/catalog-versions/\(draft)/submit", ["csrf": "0"])
            #expect(forged.status == .forbidden)
        }
        try await world.drop()
    }

    @Test("another institution's clerk cannot open, edit or submit the draft, and never sees its content")
    func otherInstitution() async throws {
        let (world, draft) = try await Self.world()
        try await world.test { client in
            let clerk = Browser(client)
            try await clerk.signIn("clerk")
            let added = try await clerk.post("/catalog-versions/\(draft)/items/new", Self.item("WJ-001"), from: "/catalog")
            #expect(added.status == .seeOther)
            let other = Browser(client)
            try await other.signIn("other")
            for page in ["/catalog-versions/\(draft)", "/catalog-versions/\(draft)/items/new"] {
                let response = try await other.get(page)
                #expect([.forbidden, .notFound].contains(response.status), "\(page)")
                #expect(!response.text.contains("医疗机构名录"))
            }
            let submit = try await other.post("/catalog-versions/\(draft)/submit", [:], from: "/catalog")
            #expect(submit.status == .forbidden)
            let mine = try await other.get("/catalog")
            #expect(mine.text.contains("编制本机构目录") && !mine.text.contains("医疗机构名录"))
        }
        try await world.drop()
    }

    @Test("a refused item comes back with the input kept and the message beside its field, with 第二十一条")
    func refusedItem() async throws {
        let (world, draft) = try await Self.world()
        try await world.test { client in
            let clerk = Browser(client)
            try await clerk.signIn("clerk")
            let form = Self.item("WJ-002") {
                $0["share_type"] = "conditional"
                $0["share_conditions"] = "仅限履职使用"
                $0["share_reason"] = "含个人信息"
            }
            let refused = try await clerk.post("/catalog-versions/\(draft)/items/new", form, from: "/catalog")
            #expect(refused.status == .unprocessableContent)
            let html = refused.text
            #expect(html.contains("id=\"share_legal_basis-error\"") && html.contains("第二十一条"))
            #expect(html.contains("value=\"医疗机构名录\"") && html.contains("仅限履职使用"), "the input is kept")
            #expect(html.contains("<option value=\"conditional\" selected>有条件共享</option>"))
            try PageValidation.check(html, "refused item")
            let more = try await clerk.post("/catalog-versions/\(draft)/items/new", form.merging(["add_row": "1"]) { $1 }, from: "/catalog")
            #expect(more.status == .ok)
            #expect(more.text.contains("id=\"item-name-1\"") && !more.text.contains("id=\"item-name-2\""), "one more row")
            #expect(more.text.contains("value=\"机构名称\""))
        }
        try await world.drop()
    }

    @Test("a clerk submits, the reviewer returns with reasons, the clerk sees them and resubmits, the reviewer approves")
    func reviewCycle() async throws {
        let (world, draft) = try await Self.world()
        try await world.test { client in
            let clerk = Browser(client)
            try await clerk.signIn("clerk")
            try PageValidation.check(try await clerk.get("/catalog-versions/\(draft)/items/new").text, "new item")
            _ = try await clerk.post("/catalog-versions/\(draft)/items/new", Self.item("WJ-003"), from: "/catalog")
            try PageValidation.check(try await clerk.get("/catalog").text, "catalog")
            #expect(try await clerk.post("/catalog-versions/\(draft)/submit", [:], from: "/catalog").status == .seeOther)

            let reviewer = Browser(client)
            try await reviewer.signIn("reviewer")
            let queue = try await reviewer.get("/reviews").text
            #expect(queue.contains("/catalog-versions/\(draft)"))
            try PageValidation.check(queue, "review queue")
            let review = try await reviewer.get("/catalog-versions/\(draft)").text
            #expect(review.contains("医疗机构名录") && review.contains("审核通过") && review.contains("退回并说明理由"))
            try PageValidation.check(review, "review page")
            let blank = try await reviewer.post("/catalog-versions/\(draft)/return", ["reason": " "], from: "/reviews")
            #expect(blank.status == .unprocessableContent && blank.text.contains("id=\"reason-error\""))
            let returned = try await reviewer.post("/catalog-versions/\(draft)/return", ["reason": "共享范围过宽"], from: "/reviews")
            #expect(returned.status == .seeOther)

            let page = try await clerk.get("/catalog-versions/\(draft)").text
            #expect(page.contains("共享范围过宽") && page.contains("重新打开为草稿"))
            _ = try await clerk.post("/catalog-versions/\(draft)/reopen", [:], from: "/catalog")
            try PageValidation.check(try await clerk.get("/catalog-versions/\(draft)").text, "draft")
            #expect(try await clerk.post("/catalog-versions/\(draft)/submit", [:], from: "/catalog").status == .seeOther)
            #expect(try await reviewer.post("/catalog-versions/\(draft)/approve", [:], from: "/reviews").status == .seeOther)
            let catalog = try await clerk.get("/catalog").text
            #expect(catalog.contains("医疗机构名录") && catalog.contains("审核通过") && catalog.contains("新建草稿版本"))
            let division = try await reviewer.get("/catalogs").text
            #expect(division.contains("新城区卫生健康委员会公共数据资源目录"))
            try PageValidation.check(division, "division catalogs")
        }
        try await world.drop()
    }
}
