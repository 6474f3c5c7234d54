import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RegistryCore
import RegistryServer
import TestSupport
import Testing

/// Every route of the OpenAPI document, walked with no token, with a token that is not one, and as each role: who may
/// call what. The answers are compared with `RouteMatrix.txt` beside this file, one line per route and a status per
/// caller, so a change of who may do what is seen in review. `REGISTRY_UPDATE_ROUTE_MATRIX=1` rewrites the file.
///
/// Paths name objects that do not exist (a random id) or the callers' own division and institution: object-level
/// access across institutions and divisions is tested route by route in each part's API tests.
@Suite("Every route, every role (A38.1)")
struct RouteMatrixTests {
    static func uscc(_ first17: String) -> String { first17 + String(UnifiedSocialCreditCode.checkCharacter(for: first17)!) }
    static let regionAuthority = uscc("11150000MB0000301")
    static let hohhotAuthority = uscc("11150100MB0000302")
    static let hohhotInstitution = uscc("11150100MB0000303")

    /// The callers, in the matrix's column order.
    static let callers = ["nobody", "forged", "clerk", "reviewer", "planner", "committee", "data_user", "admin", "auditor"]

    /// One operation of the OpenAPI document.
    struct Operation: Sendable {
        var method: HTTPRequest.Method
        var path: String
        var uri: String
        var isPublic: Bool
        var declared: Set<String>
    }

    @Test("no token is 401 on every protected route; no caller gets a 5xx or an undeclared status; the matrix is as recorded")
    func everyRouteEveryRole() async throws {
        let registry = try await TestRegistry.make()
        let tokens = try await Self.tokens(registry)
        let operations = try await registry.test { client in try await Self.operations(client) }
        let lines = try await registry.test(tokenFailureLimit: 100_000) { client in
            var lines: [String] = []
            for operation in operations {
                var statuses: [String] = []
                for caller in Self.callers {
                    let status = try await Self.call(operation, as: tokens[caller], client: client)
                    #expect(status < 500, "\(operation.method) \(operation.path) as \(caller): \(status)")
                    #expect(
                        operation.declared.contains(String(status)),
                        "\(operation.method) \(operation.path) as \(caller): \(status) not declared"
                    )
                    if !operation.isPublic, caller == "nobody" || caller == "forged" {
                        #expect(status == 401, "\(operation.method) \(operation.path) as \(caller): \(status)")
                    }
                    statuses.append(String(status))
                }
                lines.append(([operation.method.rawValue, operation.path] + statuses).joined(separator: "\t"))
            }
            return lines
        }
        try Self.compare(lines)
        try await registry.drop()
    }

    // MARK: - The callers

    /// A token per caller: a clerk of a city institution, a reviewer and a planner of its city's authority, the
    /// committee, a data user, the admin and the auditor; `forged` has the form of a token and is none.
    static func tokens(_ registry: TestRegistry) async throws -> [String: String] {
        try await registry.registry.write(AuditContext(role: "test")) { connection in
            for institution in [
                NewInstitution(uscc: regionAuthority, name: "内蒙古自治区政务服务与数据管理局", divisionCode: "150000", kind: .publicDataAuthority),
                NewInstitution(uscc: hohhotAuthority, name: "呼和浩特市政务服务与数据管理局", divisionCode: "150100", kind: .publicDataAuthority),
                NewInstitution(uscc: hohhotInstitution, name: "呼和浩特市交通运输局", divisionCode: "150100", kind: .publicInstitution),
            ] {
                try InstitutionStore().create(institution, on: connection)
            }
            let accounts: [(String, NewAccount)] = [
                ("clerk", NewAccount(role: .clerk, displayName: "登记员", institution: hohhotInstitution)),
                ("reviewer", NewAccount(role: .reviewer, displayName: "审核员", institution: hohhotAuthority)),
                ("planner", NewAccount(role: .planner, displayName: "规划员", institution: hohhotAuthority)),
                ("committee", NewAccount(role: .committee, displayName: "评估委员")),
                ("data_user", NewAccount(role: .dataUser, displayName: "某研究会", dataUser: NewDataUser(kind: .otherOrganisation, name: "某研究会"))),
                ("auditor", NewAccount(role: .auditor, displayName: "审计员")),
            ]
            var tokens = ["forged": "rg_" + String(repeating: "0", count: 64)]
            for (name, account) in accounts { tokens[name] = try AccountStore().create(account, on: connection).1.value }
            return tokens
        }.merging(["admin": registry.adminToken]) { $1 }
    }

    // MARK: - The routes

    /// Every operation of the document the service serves, its path filled in.
    static func operations(_ client: any TestClientProtocol) async throws -> [Operation] {
        let response = try await client.executeRequest(uri: "/api/v1/openapi.json", method: .get, headers: [:], body: nil)
        let paths = try response.decode(OpenAPIDocument.self).paths
        var operations: [Operation] = []
        for (path, entries) in paths.sorted(by: { $0.key < $1.key }) {
            for method in ["get", "post", "put", "delete"] {
                guard let operation = entries[method] else { continue }
                let responses = operation.responses ?? [:]
                operations.append(
                    Operation(
                        method: HTTPRequest.Method(method.uppercased())!,
                        path: path,
                        uri: filled(path),
                        isPublic: operation.security == nil,
                        declared: Set(responses.keys)
                    )
                )
            }
        }
        return operations
    }

    /// The path with each parameter given a well-formed value: an id that names nothing, the callers' city.
    static func filled(_ path: String) -> String {
        let values = [
            "{id}": "00000000-0000-4000-8000-000000000001", "{item}": "00000000-0000-4000-8000-000000000002",
            "{distribution}": "00000000-0000-4000-8000-000000000003", "{file}": "00000000-0000-4000-8000-000000000004.ttl",
            "{code}": "150100", "{uscc}": hohhotInstitution, "{year}": "2026", "{deadline}": "demand_review",
            "{dataset}": "institutions", "{list}": "demand",
        ]
        return values.reduce(path) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
    }

    /// The status `operation` answers with to `token` (none when `nil`); changes send an empty JSON object.
    static func call(_ operation: Operation, as token: String?, client: any TestClientProtocol) async throws -> Int {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        let body = operation.method == .get || operation.method == .delete ? nil : ByteBuffer(string: "{}")
        return try await client.executeRequest(uri: operation.uri, method: operation.method, headers: headers, body: body).status.code
    }

    // MARK: - The recorded matrix

    static var recordedFile: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("RouteMatrix.txt")
    }

    /// Compares `lines` with the recorded matrix, or records them when asked to.
    static func compare(_ lines: [String]) throws {
        let text = (["method\tpath\t" + callers.joined(separator: "\t")] + lines).joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["REGISTRY_UPDATE_ROUTE_MATRIX"] == "1" {
            try text.write(to: recordedFile, atomically: true, encoding: .utf8)
            return
        }
        let recorded = try String(contentsOf: recordedFile, encoding: .utf8)
        let expected = Set(recorded.split(separator: "\n"))
        let actual = Set(text.split(separator: "\n"))
        #expect(
            recorded == text,
            """
            who may call what changed (REGISTRY_UPDATE_ROUTE_MATRIX=1 records it):
            now: \(actual.subtracting(expected).sorted().joined(separator: "\n     "))
            was: \(expected.subtracting(actual).sorted().joined(separator: "\n     "))
            """
        )
    }
}
