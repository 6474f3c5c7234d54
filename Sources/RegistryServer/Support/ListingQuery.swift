import Foundation
import Hummingbird
import RegistryCore

/// The query and path parameters the listings share: paging, institution, division, dates, enum values, ids.
struct ListingQuery {
    let parameters: [String: String]

    init(_ request: Request) {
        var parameters: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { parameters[String(key)] = String(value) }
        self.parameters = parameters
    }

    subscript(name: String) -> String? { parameters[name] }

    /// `limit` (1…500, default 50) and `offset` (default 0).
    func page() throws -> ListingPage {
        var page = ListingPage()
        if let text = parameters["limit"] {
            guard let limit = Int(text) else { throw RegistryError.invalid("limit", "每页条数须为整数。") }
            page.limit = limit
        }
        if let text = parameters["offset"] {
            guard let offset = Int(text) else { throw RegistryError.invalid("offset", "偏移量须为整数。") }
            page.offset = offset
        }
        return try page.validated()
    }

    /// `institution` (a credit code) and `division` (a GB/T 2260 code, covering the divisions below it).
    func oversight() throws -> OversightFilter {
        if let division = parameters["division"], !Division.isWellFormedCode(division) {
            throw RegistryError.invalid("division", "区划代码须为6位数字(GB/T 2260)。", article: "A3.1")
        }
        return OversightFilter(institution: parameters["institution"]?.uppercased(), division: parameters["division"])
    }

    /// A free-text search parameter (`q`), bounded (``SearchText``); `nil` when absent or blank.
    func searchText(_ name: String = "q") throws -> String? {
        guard let text = parameters[name] else { return nil }
        return try SearchText(validating: text, field: name)?.text
    }

    /// A date parameter `YYYY-MM-DD`.
    func date(_ name: String) throws -> CivilDate? {
        guard let text = parameters[name] else { return nil }
        guard let date = CivilDate(iso: text) else { throw RegistryError.invalid(name, "日期须为 YYYY-MM-DD 格式的有效日期。") }
        return date
    }

    /// A parameter naming a case of `type`.
    func value<Value: RawRepresentable & CaseIterable>(_ name: String, as type: Value.Type) throws -> Value?
    where Value.RawValue == String {
        guard let text = parameters[name] else { return nil }
        guard let value = Value(rawValue: text) else {
            throw RegistryError.invalid(name, "\(name) 须为 \(Value.allCases.map(\.rawValue).joined(separator: "、")) 之一。")
        }
        return value
    }

    /// A UUID query parameter.
    func uuid(_ name: String) throws -> UUID? {
        guard let text = parameters[name] else { return nil }
        guard let id = UUID(uuidString: text) else { throw RegistryError.invalid(name, "\(name) 须为 UUID。") }
        return id
    }

    /// A path parameter (`{id}` unless named) as a UUID.
    static func pathID(_ context: RegistryRequestContext, _ name: String = "id") throws -> UUID {
        guard let id = UUID(uuidString: try context.parameters.require(name)) else {
            throw RegistryError.invalid(name, "标识须为 UUID。")
        }
        return id
    }
}
