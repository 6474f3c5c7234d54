import Hummingbird
import RegistryCore

/// Institutions and platforms (A3, A5–A8, A36.1, A38.1): the directory, an institution's record, registration, its
/// security officer, and the public data platforms. Who may do what is decided by the stores (``Principal``'s checks).
struct InstitutionsController {
    let database: RegistryDatabase

    struct Platforms: ResponseEncodable {
        var platforms: [Platform]
    }

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.get("/institutions", use: list)
        group.get("/institutions/{uscc}", use: institution)
        group.post("/institutions", use: register)
        group.put("/institutions/{uscc}/security-officer", use: nameSecurityOfficer)
        group.get("/platforms", use: platforms)
        group.post("/platforms", use: registerPlatform)
    }

    /// `GET /api/v1/institutions[?division=&kind=&q=&security_officer=named|missing&limit=&offset=]` (staff).
    @Sendable func list(_ request: Request, context: RegistryRequestContext) async throws -> InstitutionListing {
        let actor = try context.requirePrincipal()
        let filter = try Self.institutionFilter(request.uri.queryParameters)
        return try await database.readReplica.read { try InstitutionStore().list(filter, readBy: actor, on: $0) }
    }

    /// `GET /api/v1/institutions/{uscc}`: the full record, for those responsible for it.
    @Sendable func institution(_ request: Request, context: RegistryRequestContext) async throws -> Institution {
        let actor = try context.requirePrincipal()
        let uscc = try Self.uscc(context)
        return try await database.read { try InstitutionStore().institution(uscc, readBy: actor, on: $0) }
    }

    /// `POST /api/v1/institutions` (admin, or a reviewer of the division's authority or one above it).
    @Sendable func register(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<Institution> {
        let actor = try context.requirePrincipal()
        let new = try await request.decodeBody(as: NewInstitution.self, context: context)
        let institution = try await database.write(actor.audit("institution.register")) {
            try InstitutionStore().register(new, by: actor, on: $0)
        }
        return EditedResponse(status: .created, response: institution)
    }

    /// `PUT /api/v1/institutions/{uscc}/security-officer` (a clerk of the institution, or its authority; A36.1).
    @Sendable func nameSecurityOfficer(_ request: Request, context: RegistryRequestContext) async throws -> Institution {
        let actor = try context.requirePrincipal()
        let uscc = try Self.uscc(context)
        let officer = try await request.decodeBody(as: SecurityOfficer.self, context: context)
        return try await database.write(actor.audit("institution.security_officer")) {
            try InstitutionStore().nameSecurityOfficer(officer, of: uscc, by: actor, on: $0)
        }
    }

    /// `GET /api/v1/platforms[?division=&exceptions=true]` (staff).
    @Sendable func platforms(_ request: Request, context: RegistryRequestContext) async throws -> Platforms {
        let actor = try context.requirePrincipal()
        let query = request.uri.queryParameters
        let filter = PlatformFilter(
            division: try Self.division(query["division"]),
            exceptionsOnly: try Self.flag(query["exceptions"], field: "exceptions") ?? false
        )
        return Platforms(platforms: try await database.readReplica.read { try PlatformStore().list(filter, readBy: actor, on: $0) })
    }

    /// `POST /api/v1/platforms` (admin, or a reviewer of the division's authority or one above it; A8.1).
    @Sendable func registerPlatform(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<Platform> {
        let actor = try context.requirePrincipal()
        let new = try await request.decodeBody(as: NewPlatform.self, context: context)
        let platform = try await database.write(actor.audit("platform.register")) {
            try PlatformStore().register(new, by: actor, on: $0)
        }
        return EditedResponse(status: .created, response: platform)
    }

    // MARK: - Query parameters

    static func institutionFilter(_ query: Parameters) throws -> InstitutionFilter {
        var filter = InstitutionFilter(division: try division(query["division"]))
        if let kind = query["kind"] {
            guard let value = InstitutionKind(rawValue: String(kind)) else {
                throw RegistryError.invalid("kind", "机构类别须为 public_data_authority、public_institution 或 public_service_org。", article: "A5.1")
            }
            filter.kind = value
        }
        filter.text = try query["q"].flatMap { text throws(RegistryError) in try SearchText(validating: String(text), field: "q")?.text }
        switch query["security_officer"] {
        case nil: break
        case "named": filter.securityOfficerNamed = true
        case "missing": filter.securityOfficerNamed = false
        default: throw RegistryError.invalid("security_officer", "security_officer 须为 named 或 missing。", article: "A36.1")
        }
        filter.limit = try integer(query["limit"], field: "limit", in: 1...InstitutionFilter.maximumLimit) ?? filter.limit
        filter.offset = try integer(query["offset"], field: "offset", in: 0...Int(Int32.max)) ?? 0
        return filter
    }

    static func division(_ text: Substring?) throws -> String? {
        guard let text else { return nil }
        guard Division.isWellFormedCode(String(text)) else {
            throw RegistryError.invalid("division", "区划代码须为6位数字(GB/T 2260)。", article: "A3.1")
        }
        return String(text)
    }

    static func integer(_ text: Substring?, field: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw RegistryError.invalid(field, "\(field) 须为 \(range.lowerBound) 至 \(range.upperBound) 之间的整数。")
        }
        return value
    }

    static func flag(_ text: Substring?, field: String) throws -> Bool? {
        switch text {
        case nil: nil
        case "true": true
        case "false": false
        default: throw RegistryError.invalid(field, "\(field) 须为 true 或 false。")
        }
    }

    /// The `{uscc}` of the path in canonical form; an invalid code is refused naming the failing position (A14.1).
    static func uscc(_ context: RegistryRequestContext) throws -> String {
        let text = try context.parameters.require("uscc")
        do {
            return try UnifiedSocialCreditCode(validating: text).value
        } catch {
            throw error.registryError(field: "uscc")
        }
    }
}

extension Institution: ResponseEncodable {}
extension InstitutionListing: ResponseEncodable {}
extension Platform: ResponseEncodable {}
