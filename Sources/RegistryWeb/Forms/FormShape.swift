import Foundation
import RegistryCore

/// The shape checks of posted text — a known choice, a date — before a workflow judges the rules; a refusal names
/// the field, so it is shown beside it.
enum FormShape {
    /// The case of `Value` posted as `text`; missing or unknown is a refusal naming `field`.
    static func choice<Value: RawRepresentable & CaseIterable>(_ text: String?, _ field: String, _ label: String) throws -> Value
    where Value.RawValue == String {
        guard let value = text.flatMap(Value.init(rawValue:)) else { throw RegistryError.missing(field, label) }
        return value
    }

    /// A date posted as `YYYY-MM-DD`.
    static func date(_ text: String?, _ field: String) throws -> CivilDate {
        guard let date = text.flatMap(CivilDate.init(iso:)) else { throw RegistryError.invalid(field, "请填写有效日期(年-月-日)。") }
        return date
    }

    /// An optional date: blank is none.
    static func optionalDate(_ text: String?, _ field: String) throws -> CivilDate? {
        guard let text, !text.isEmpty else { return nil }
        return try date(text, field)
    }

    /// Text trimmed; blank is none.
    static func optionalText(_ text: String?) -> String? {
        let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Lines of a text area as a list, blank lines dropped.
    static func lines(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
