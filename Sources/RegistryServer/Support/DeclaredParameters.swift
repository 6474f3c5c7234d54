import Foundation
import RegistryCore

/// What the OpenAPI document (`openapi.json`) declares for each route's parameters — the one description of what the
/// server accepts, read once at start.
///
/// ``ParameterGate`` refuses, before a handler runs, a query parameter the route does not declare and a value that
/// does not fit its declared schema: type (`integer`, `boolean`), `format` (`uuid`, `date`), `pattern`, `enum`,
/// `minimum`/`maximum` and `minLength`/`maxLength`. The document's own format `uscc` (a unified social credit code,
/// GB 32100) is left to the handlers.
struct DeclaredParameters: Sendable {
    /// One declared parameter and the schema its value must fit.
    struct Parameter: Sendable {
        var name: String
        var type: String?
        var format: String?
        var pattern: String?
        var allowed: [String]?
        var minimum: Int?
        var maximum: Int?
        var minLength: Int?
        var maxLength: Int?

        /// Why `value` does not fit, in Chinese, or `nil` when it does.
        func problem(with value: Substring) -> String? {
            if value.utf8.contains(0) { return "不能包含空字符(NUL)。" }
            switch type {
            case "integer":
                guard let number = Int(value) else { return "须为整数。" }
                if let minimum, number < minimum { return "不能小于 \(minimum)。" }
                if let maximum, number > maximum { return "不能大于 \(maximum)。" }
            case "boolean":
                guard value == "true" || value == "false" else { return "须为 true 或 false。" }
            default:
                // A unified social credit code is judged by the handler, which names the position and the check
                // character that is wrong (GB 32100) and the article, where a pattern could only say "malformed".
                if format == "uscc" { return nil }
                if let allowed, !allowed.contains(String(value)) { return "须为 \(allowed.joined(separator: "、")) 之一。" }
                if format == "uuid", UUID(uuidString: String(value)) == nil { return "须为 UUID。" }
                if format == "date", CivilDate(iso: value) == nil { return "须为 YYYY-MM-DD 格式的有效日期。" }
                if let pattern, value.range(of: pattern, options: .regularExpression) == nil { return "格式不正确。" }
                if let minLength, value.count < minLength { return "长度不能少于 \(minLength) 个字符。" }
                if let maxLength, value.count > maxLength { return "长度不能超过 \(maxLength) 个字符。" }
            }
            return nil
        }
    }

    /// One operation: its path parameters, its query parameters, and whether it needs a bearer token.
    struct Operation: Sendable {
        var path: [String: Parameter]
        var query: [String: Parameter]
        var secured: Bool
    }

    /// A path template (`/api/v1/catalog-items/{id}`) as segments: literals, or `nil` for a parameter's name slot.
    struct Template: Sendable {
        var segments: [String]
        /// The methods declared, upper case, with their operations.
        var operations: [String: Operation]

        /// The parameter values of `path`, by name, when it has the template's shape.
        func match(_ path: [Substring]) -> [String: Substring]? {
            guard path.count == segments.count else { return nil }
            var values: [String: Substring] = [:]
            for (segment, part) in zip(segments, path) {
                if segment.hasPrefix("{") {
                    values[String(segment.dropFirst().dropLast())] = part
                } else if segment != part {
                    return nil
                }
            }
            return values
        }
    }

    let templates: [Template]

    /// Reads `document`, an OpenAPI 3.1 document as JSON.
    init(document: Data) throws {
        guard let root = try JSONSerialization.jsonObject(with: document) as? [String: Any],
            let paths = root["paths"] as? [String: [String: Any]]
        else { throw DeclaredParametersError.malformed }
        templates = paths.keys.sorted().map { path in
            var operations: [String: Operation] = [:]
            for (method, value) in paths[path]! {
                guard let operation = value as? [String: Any] else { continue }
                let parameters = (operation["parameters"] as? [[String: Any]] ?? []).compactMap(Self.parameter)
                operations[method.uppercased()] = Operation(
                    path: Dictionary(parameters.filter { $0.in == "path" }.map { ($0.parameter.name, $0.parameter) }) { first, _ in first },
                    query: Dictionary(parameters.filter { $0.in == "query" }.map { ($0.parameter.name, $0.parameter) }) { first, _ in first },
                    secured: !(operation["security"] as? [Any] ?? []).isEmpty
                )
            }
            return Template(segments: path.split(separator: "/").map(String.init), operations: operations)
        }
    }

    /// The template `path` has, preferring literal segments over parameters (`/share-requests/due` over `/{id}`).
    func template(for path: String) -> (Template, [String: Substring])? {
        let parts = path.split(separator: "/")
        return
            templates
            .compactMap { template in template.match(parts).map { (template, $0) } }
            .min { $0.1.count < $1.1.count }
    }

    private static func parameter(_ object: [String: Any]) -> (in: String, parameter: Parameter)? {
        guard let name = object["name"] as? String, let location = object["in"] as? String else { return nil }
        let schema = object["schema"] as? [String: Any] ?? [:]
        return (
            location,
            Parameter(
                name: name,
                type: schema["type"] as? String,
                format: schema["format"] as? String,
                pattern: schema["pattern"] as? String,
                allowed: schema["enum"] as? [String],
                minimum: schema["minimum"] as? Int,
                maximum: schema["maximum"] as? Int,
                minLength: schema["minLength"] as? Int,
                maxLength: schema["maxLength"] as? Int
            )
        )
    }
}

/// The OpenAPI document cannot be read as one.
enum DeclaredParametersError: Error {
    case malformed
}
