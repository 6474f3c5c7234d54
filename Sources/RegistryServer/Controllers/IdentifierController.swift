import Hummingbird
import RegistryCore

/// `POST /api/v1/identifiers/check`: says which kind of code a string is, whether it is valid, and why not (A13.1, A14.1).
///
/// The code travels in the body, not the URL, so a citizen identity number never lands in an access log; the answer
/// shows it only masked.
struct IdentifierController {
    struct CheckRequest: Decodable {
        var code: String
    }

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.post("/identifiers/check") { request, context -> IdentifierCheckResult in
            let body = try await request.decodeBody(as: CheckRequest.self, context: context)
            return IdentifierCheck.check(body.code)
        }
    }
}

extension IdentifierCheckResult: ResponseEncodable {}
