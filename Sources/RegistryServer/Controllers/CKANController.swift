import Foundation
import Hummingbird
import RegistryCore

/// CKAN 2.11's read-only action API over the open catalog (A28.1), at `/api/3/action/{action}` and, as ckanapi and
/// older clients call it, `/api/action/{action}`: GET with a query string or POST with a JSON object, no token needed
/// (and none accepted for more). Answers `{"help", "success", "result"}`, or CKAN's error object.
struct CKANController {
    let database: RegistryDatabase

    var catalog: CKANCatalog {
        CKANCatalog(database: database.readReplica, baseURL: ProcessInfo.processInfo.environment["REGISTRY_PUBLIC_URL"] ?? "http://127.0.0.1:8080")
    }

    func addRoutes(to router: Router<RegistryRequestContext>) {
        for prefix in ["/api/3/action", "/api/action"] {
            let group = router.group(RouterPath(prefix))
            for action in CKANCatalog.actions {
                group.get(RouterPath(action)) { try await call(action, $0, $1) }
                group.post(RouterPath(action)) { try await call(action, $0, $1) }
            }
        }
    }

    @Sendable func call(_ action: String, _ request: Request, _ context: RegistryRequestContext) async throws -> Response {
        let help = "\(catalog.baseURL)/api/3/action/help_show?name=\(action)"
        do {
            let parameters = try await Self.parameters(request, context: context)
            let result = try await catalog.result(of: action, parameters)
            return Self.response(.ok, #"{"help": \#(CKANCatalog.json(help)), "success": true, "result": \#(result)}"#)
        } catch let error as CKANError {
            let body = #"{"help": \#(CKANCatalog.json(help)), "success": false, "error": \#(CKANCatalog.json(error.object))}"#
            return Self.response(HTTPResponse.Status(code: error.status), body)
        }
    }

    /// The query string's parameters, and over them a JSON body's members (lists and objects as JSON text).
    static func parameters(_ request: Request, context: RegistryRequestContext) async throws -> [String: String] {
        var parameters: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { parameters[String(key)] = String(value) }
        guard request.method == .post else { return parameters }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { return parameters }
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any] else {
            throw CKANError(type: "Validation Error", status: 400, members: [:], message: "JSON Error: the body is not a JSON object")
        }
        for (key, value) in object {
            switch value {
            case let text as String: parameters[key] = text
            case let number as NSNumber:
                // JSON true and false arrive as NSNumber of type char.
                parameters[key] = String(cString: number.objCType) == "c" ? (number.boolValue ? "true" : "false") : number.stringValue
            case is NSNull: continue
            default: parameters[key] = CKANCatalog.json(value)
            }
        }
        return parameters
    }

    static func response(_ status: HTTPResponse.Status, _ body: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json;charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
