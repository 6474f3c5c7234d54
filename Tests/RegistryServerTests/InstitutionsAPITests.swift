import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import RegistryCore
import RegistryServer
import Testing

/// Institutions and platforms over HTTP (A5.1, A8.1, A36.1, A38.1): for every route, who may and may not call it.
@Suite("Institutions and platforms over HTTP")
struct InstitutionsAPITests {
    static func uscc(_ first17: String) -> String {
        first17 + String(UnifiedSocialCreditCode.checkCharacter(for: first17)!)
    }

    static let regionAuthority = "11150000MB0000001F"
    static let hohhotAuthority = "11150100MB0000002P"
    static let xinchengAuthority = uscc("11150102MB0000008")
    static let xinchengInstitution = "11150102MB0000005X"
    static let baotouAuthority = uscc("11150200MB0000009")
    static let baotouInstitution = uscc("11150200MB0000010")
    static let newUSCC = uscc("11150102MB0000012")

    /// A registry with institutions in the region, 呼和浩特市 (新城区 below it) and 包头市, and a token per actor.
    struct World {
        let registry: TestRegistry
        let admin: String
        let dataUser: String
        let hohhotReviewer: String
        let baotouReviewer: String
        let xinchengClerk: String
        let baotouClerk: String

        static func make() async throws -> World {
            let registry = try await TestRegistry.make()
            let institutions = [
                NewInstitution(uscc: regionAuthority, name: "内蒙古自治区政务服务与数据管理局", divisionCode: "150000", kind: .publicDataAuthority),
                NewInstitution(uscc: hohhotAuthority, name: "呼和浩特市政务服务与数据管理局", divisionCode: "150100", kind: .publicDataAuthority),
                NewInstitution(uscc: xinchengAuthority, name: "新城区数据管理局", divisionCode: "150102", kind: .publicDataAuthority),
                NewInstitution(
                    uscc: xinchengInstitution,
                    name: "新城区卫生健康委员会",
                    divisionCode: "150102",
                    kind: .publicInstitution,
                    securityOfficer: SecurityOfficer(name: "王五", title: "副主任")
                ),
                NewInstitution(uscc: baotouAuthority, name: "包头市政务服务与数据管理局", divisionCode: "150200", kind: .publicDataAuthority),
                NewInstitution(uscc: baotouInstitution, name: "包头市教育局", divisionCode: "150200", kind: .publicInstitution),
            ]
            try await registry.registry.write(AuditContext(role: "test")) { connection in
                for institution in institutions { try InstitutionStore().create(institution, on: connection) }
            }
            func token(_ role: Role, _ institution: String? = nil, dataUser: NewDataUser? = nil) async throws -> String {
                let account = NewAccount(role: role, displayName: role.label, institution: institution, dataUser: dataUser)
                return try await registry.registry.write(AuditContext(role: "test")) { try AccountStore().create(account, on: $0).1.value }
            }
            return World(
                registry: registry,
                admin: registry.adminToken,
                dataUser: try await token(.dataUser, dataUser: NewDataUser(kind: .otherOrganisation, name: "某研究会")),
                hohhotReviewer: try await token(.reviewer, hohhotAuthority),
                baotouReviewer: try await token(.reviewer, baotouAuthority),
                xinchengClerk: try await token(.clerk, xinchengInstitution),
                baotouClerk: try await token(.clerk, baotouInstitution)
            )
        }

        /// The institution and platform rows and the audit trail's length: what a refused request must leave alone.
        func snapshot() async throws -> String {
            try await registry.registry.read { connection in
                try connection.query(
                    """
                    select (select count(*) from audit_log)::text || ' '
                           || (select string_agg(i::text, ';' order by uscc) from institution i) || ' '
                           || (select coalesce(string_agg(p::text, ';' order by division_code), '') from platform p) as state
                    """
                ).first!.decode("state", as: String.self)
            }
        }

        /// The error a plain SQL statement is refused with, as the API would show it.
        func sqlRefusal(_ statement: SQL) async -> [String?]? {
            do {
                _ = try await registry.registry.write(AuditContext(role: "psql")) { try $0.query(statement) }
                return nil
            } catch let error as RegistryError {
                return [error.code.rawValue, error.message, error.field, error.article]
            } catch {
                return nil
            }
        }
    }

    /// An error response's fields in the order ``World/sqlRefusal(_:)`` gives them.
    static func fields(_ error: ErrorBody.Detail?) -> [String?]? {
        error.map { [$0.code, $0.message, $0.field, $0.article] }
    }

    /// Calls a route and returns its status and, for refusals, the error.
    static func call(
        _ client: some TestClientProtocol,
        _ method: HTTPRequest.Method,
        _ uri: String,
        token: String?,
        body: String? = nil
    ) async throws -> (HTTPResponse.Status, String, ErrorBody.Detail?) {
        let headers: HTTPFields = token.map { .bearer($0) } ?? .json
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(json: $0) }) { response in
            let error = response.status.code >= 400 ? try? response.decode(ErrorBody.self).error : nil
            return (response.status, response.text, error)
        }
    }

    static let newInstitutionBody = """
        {"uscc": "\(newUSCC)", "name": "新城区教育局", "division_code": "150102", "kind": "public_institution",
         "security_officer": {"name": "赵六", "title": "局长", "named_on": "2025-05-06"}}
        """

    @Test("GET /institutions: staff of any division read the directory; data users and anonymous callers do not")
    func listInstitutions() async throws {
        let world = try await World.make()
        try await world.registry.test { client in
            let uri = "/api/v1/institutions?division=150100&q=%E6%96%B0%E5%9F%8E"  // q=新城
            #expect(try await Self.call(client, .get, uri, token: nil).0 == .unauthorized)
            #expect(try await Self.call(client, .get, uri, token: world.dataUser).0 == .forbidden)
            // The directory is not limited to the reader's division: 包头's clerk finds 新城区's institutions.
            let (status, text, _) = try await Self.call(client, .get, uri, token: world.baotouClerk)
            #expect(status == .ok)
            let listing = try APIJSON.decoder.decode(Listing.self, from: Data(text.utf8))
            #expect(listing.total == 2)
            #expect(listing.institutions.map(\.uscc) == [Self.xinchengAuthority, Self.xinchengInstitution])
            #expect(listing.institutions.map(\.securityOfficerNamed) == [false, true])
            #expect(!text.contains("王五"))

            let missing = try await Self.call(client, .get, "/api/v1/institutions?security_officer=missing&limit=2&offset=1", token: world.admin)
            let page = try APIJSON.decoder.decode(Listing.self, from: Data(missing.1.utf8))
            #expect(page.total == 5)
            #expect(page.institutions.count == 2)
            for bad in ["division=1501", "kind=agency", "security_officer=maybe", "limit=0", "offset=-1"] {
                let (status, _, error) = try await Self.call(client, .get, "/api/v1/institutions?\(bad)", token: world.admin)
                #expect(status == .badRequest, "\(bad)")
                #expect(error?.field == String(bad.prefix { $0 != "=" }), "\(bad)")
            }
        }
        try await world.registry.drop()
    }

    @Test("GET /institutions/{uscc}: the record is for its own clerks and the authorities over it")
    func getInstitution() async throws {
        let world = try await World.make()
        try await world.registry.test { client in
            let uri = "/api/v1/institutions/\(Self.xinchengInstitution.lowercased())"
            #expect(try await Self.call(client, .get, uri, token: nil).0 == .unauthorized)
            #expect(try await Self.call(client, .get, uri, token: world.dataUser).0 == .forbidden)
            #expect(try await Self.call(client, .get, uri, token: world.baotouReviewer).0 == .forbidden)
            #expect(try await Self.call(client, .get, uri, token: world.baotouClerk).0 == .forbidden)
            for token in [world.xinchengClerk, world.hohhotReviewer, world.admin] {
                let (status, text, _) = try await Self.call(client, .get, uri, token: token)
                #expect(status == .ok)
                #expect(text.contains("\"security_officer\":{\"name\":\"王五\""))
                #expect(text.contains("\"division_code\":\"150102\""))
            }
            let invalid = try await Self.call(client, .get, "/api/v1/institutions/11150102MB0000005Y", token: world.admin)
            #expect(invalid.0 == .badRequest)
            #expect(invalid.2?.article == "A14.1")
            #expect(try await Self.call(client, .get, "/api/v1/institutions/\(Self.newUSCC)", token: world.admin).0 == .notFound)
        }
        try await world.registry.drop()
    }

    @Test("POST /institutions: the admin or a reviewer over the division registers; the registrar is recorded")
    func registerInstitution() async throws {
        let world = try await World.make()
        let before = try await world.snapshot()
        let refused = try await world.registry.test { client in
            [
                try await Self.call(client, .post, "/api/v1/institutions", token: nil, body: Self.newInstitutionBody).0,
                try await Self.call(client, .post, "/api/v1/institutions", token: world.xinchengClerk, body: Self.newInstitutionBody).0,
                try await Self.call(client, .post, "/api/v1/institutions", token: world.baotouReviewer, body: Self.newInstitutionBody).0,
            ]
        }
        #expect(refused == [.unauthorized, .forbidden, .forbidden])
        #expect(try await world.snapshot() == before)
        try await world.registry.test { client in
            let (status, text, _) = try await Self.call(
                client,
                .post,
                "/api/v1/institutions",
                token: world.hohhotReviewer,
                body: Self.newInstitutionBody
            )
            #expect(status == .created)
            #expect(text.contains("\"registered_by\":\""))
            #expect(text.contains("\"named_on\":\"2025-05-06\""))
        }
        let registrar = try await world.registry.registry.read { connection in
            try connection.query(
                """
                select a.role from institution i join account a on a.id = i.registered_by where i.uscc = \(Self.newUSCC)
                """
            ).first?.decode("role", as: String.self)
        }
        #expect(registrar == "reviewer")
        try await world.registry.drop()
    }

    @Test("POST /institutions refuses an incomplete security officer as a psql INSERT does, storing nothing (A36.1)")
    func registerRefused() async throws {
        let world = try await World.make()
        let before = try await world.snapshot()
        let body = """
            {"uscc": "\(Self.newUSCC)", "name": "新城区教育局", "division_code": "150102", "kind": "public_institution",
             "security_officer": {"name": "赵六", "title": "  "}}
            """
        let api = try await world.registry.test { client in
            try await Self.call(client, .post, "/api/v1/institutions", token: world.admin, body: body)
        }
        let sql = await world.sqlRefusal(
            """
            insert into institution (uscc, name, division_code, kind, security_officer_name, security_officer_title)
            values (\(Self.newUSCC), '新城区教育局', '150102', 'public_institution', '赵六', '  ')
            """
        )
        #expect(api.0 == .unprocessableContent)
        #expect(api.2?.article == "A36.1")
        #expect(api.2?.field == "security_officer")
        #expect(Self.fields(api.2) == sql)
        #expect(try await world.snapshot() == before)
        try await world.registry.drop()
    }

    @Test("PUT /institutions/{uscc}/security-officer: the institution's clerk or its authority names the officer")
    func nameSecurityOfficer() async throws {
        let world = try await World.make()
        let uri = "/api/v1/institutions/\(Self.xinchengInstitution)/security-officer"
        let body = "{\"name\": \"李四\", \"title\": \"主任\"}"
        let before = try await world.snapshot()
        try await world.registry.test { client in
            #expect(try await Self.call(client, .put, uri, token: nil, body: body).0 == .unauthorized)
            #expect(try await Self.call(client, .put, uri, token: world.admin, body: body).0 == .forbidden)
            #expect(try await Self.call(client, .put, uri, token: world.dataUser, body: body).0 == .forbidden)
            #expect(try await Self.call(client, .put, uri, token: world.baotouClerk, body: body).0 == .forbidden)
            #expect(try await Self.call(client, .put, uri, token: world.baotouReviewer, body: body).0 == .forbidden)
            let blank = try await Self.call(client, .put, uri, token: world.xinchengClerk, body: "{\"name\": \"\", \"title\": \"主任\"}")
            #expect(blank.0 == .unprocessableContent)
            #expect(blank.2?.article == "A36.1")
        }
        #expect(try await world.snapshot() == before)
        try await world.registry.test { client in
            for token in [world.xinchengClerk, world.hohhotReviewer] {
                let (status, text, _) = try await Self.call(client, .put, uri, token: token, body: body)
                #expect(status == .ok)
                #expect(text.contains("\"name\":\"李四\""))
            }
        }
        try await world.registry.drop()
    }

    @Test("GET /platforms: staff read the platforms; data users and anonymous callers do not")
    func listPlatforms() async throws {
        let world = try await World.make()
        try await world.registry.test { client in
            let body = "{\"name\": \"呼和浩特市公共数据平台\", \"division_code\": \"150100\", \"operator_institution\": \"\(Self.hohhotAuthority)\"}"
            #expect(try await Self.call(client, .post, "/api/v1/platforms", token: world.admin, body: body).0 == .created)
            #expect(try await Self.call(client, .get, "/api/v1/platforms", token: nil).0 == .unauthorized)
            #expect(try await Self.call(client, .get, "/api/v1/platforms", token: world.dataUser).0 == .forbidden)
            // Not limited to the reader's division.
            let (status, text, _) = try await Self.call(client, .get, "/api/v1/platforms?division=150000", token: world.baotouClerk)
            #expect(status == .ok)
            #expect(text.contains("呼和浩特市公共数据平台"))
            let exceptions = try await Self.call(client, .get, "/api/v1/platforms?exceptions=true", token: world.hohhotReviewer)
            #expect(exceptions.1 == "{\"platforms\":[]}")
            #expect(try await Self.call(client, .get, "/api/v1/platforms?exceptions=yes", token: world.admin).0 == .badRequest)
        }
        try await world.registry.drop()
    }

    @Test("POST /platforms: a reviewer over the division registers; a banner platform needs an exception (A8.1)")
    func registerPlatform() async throws {
        let world = try await World.make()
        let hohhot = "{\"name\": \"呼和浩特市公共数据平台\", \"division_code\": \"150100\", \"operator_institution\": \"\(Self.hohhotAuthority)\"}"
        let banner = "{\"name\": \"新城区公共数据平台\", \"division_code\": \"150102\", \"operator_institution\": \"\(Self.xinchengAuthority)\""
        let before = try await world.snapshot()
        let statuses = try await world.registry.test { client in
            [
                try await Self.call(client, .post, "/api/v1/platforms", token: nil, body: hohhot).0,
                try await Self.call(client, .post, "/api/v1/platforms", token: world.xinchengClerk, body: hohhot).0,
                try await Self.call(client, .post, "/api/v1/platforms", token: world.baotouReviewer, body: hohhot).0,
            ]
        }
        #expect(statuses == [.unauthorized, .forbidden, .forbidden])
        let refused = try await world.registry.test { client in
            try await Self.call(client, .post, "/api/v1/platforms", token: world.hohhotReviewer, body: banner + "}")
        }
        let sql = await world.sqlRefusal(
            "insert into platform (name, division_code, operator_uscc) values ('新城区公共数据平台', '150102', \(Self.xinchengAuthority))"
        )
        #expect(refused.0 == .unprocessableContent)
        #expect(refused.2?.article == "A8.1")
        #expect(Self.fields(refused.2) == sql)
        #expect(try await world.snapshot() == before)

        try await world.registry.test { client in
            let created = try await Self.call(client, .post, "/api/v1/platforms", token: world.hohhotReviewer, body: hohhot)
            #expect(created.0 == .created)
            let exception = ", \"exception\": {\"reason\": \"经批准独立建设\", \"approving_document\": \"呼政数发〔2025〕3号\", \"recorded_on\": \"2025-04-01\"}}"
            let (status, text, _) = try await Self.call(client, .post, "/api/v1/platforms", token: world.hohhotReviewer, body: banner + exception)
            #expect(status == .created)
            #expect(text.contains("\"recorded_on\":\"2025-04-01\""))
        }
        try await world.registry.drop()
    }

    struct Listing: Decodable {
        struct Entry: Decodable {
            var uscc: String
            var securityOfficerNamed: Bool
        }

        var institutions: [Entry]
        var total: Int
    }
}
