import Hummingbird
import RegistryCore

/// The audit trail (A44.1): verification of the hash chain (admin).
struct AuditController {
    let database: RegistryDatabase

    struct Verification: ResponseEncodable {
        var ok: Bool
        var rowsChecked: Int64
        var headSequence: Int64
        var headHash: String
        var brokenSequence: Int64?
        var problem: String?
    }

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.get("/audit/verify", use: verify)
    }

    /// `GET /api/v1/audit/verify[?head=<hex>]`: checks the chain, and that an earlier head is still in it.
    @Sendable func verify(_ request: Request, context: RegistryRequestContext) async throws -> Verification {
        try context.require(.admin, .committee, .auditor)
        var expected: [UInt8]?
        if let head = request.uri.queryParameters["head"] {
            guard let hash = AuditHead.hash(fromHex: String(head)) else {
                throw RegistryError.invalid("head", "head 须为 64 位十六进制的 SHA-256 值。", article: "A44.1")
            }
            expected = hash
        }
        let result = try await database.read(budget: .long) { [expected] in try AuditTrail.verify(expectedHead: expected, on: $0) }
        return Verification(
            ok: result.isIntact,
            rowsChecked: result.rowsChecked,
            headSequence: result.head.sequence,
            headHash: result.head.hashHex,
            brokenSequence: result.brokenSequence,
            problem: result.problem
        )
    }
}
