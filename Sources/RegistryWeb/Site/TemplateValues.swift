import Mustache

/// A page's view model as the templates read it: nested dictionaries and arrays made once per page.
///
/// swift-mustache looks a name up by reflecting the object anew for every lookup and every level of the context stack
/// it climbs; for a list of a few hundred rows that reflection was most of a page's time. Reflecting each value once
/// and handing the templates dictionaries gives the same lookups — a `nil` optional is left out, so the name is looked
/// up in the enclosing context as before — at a fraction of the cost. The rows of long lists skip reflection
/// altogether (``TemplateRow``).
enum TemplateValues {
    /// `value` with every struct and class turned into a dictionary of its stored properties, optionals unwrapped,
    /// collections turned into arrays; strings, numbers, booleans, enumerations, anything printable and the values
    /// Mustache treats specially (lambdas) stay as they are.
    static func tree(of value: Any) -> Any? {
        switch value {
        case is String, is Bool, is Int, is Int64, is MustacheLambda: return value
        default: break
        }
        if let row = value as? any TemplateRow { return try? TemplateRowEncoder.values(of: row) }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.flatMap { tree(of: $0.value) }
        case .collection, .set:
            return mirror.children.compactMap { tree(of: $0.value) }
        case .struct, .class:
            if value is any CustomStringConvertible { return value }
            var fields: [String: Any] = [:]
            for child in mirror.children {
                if let label = child.label, let field = tree(of: child.value) { fields[label] = field }
            }
            return fields
        default:
            return value
        }
    }
}
