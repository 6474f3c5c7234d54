/// W.1: a day the State Council's holiday arrangement lists — a day off (放假) or an adjusted working day (调休上班).
///
/// Days not listed follow the week: Monday–Friday are working days, Saturday and Sunday rest days.
public struct OfficialDay: Sendable, Hashable, Codable, CustomStringConvertible {
    /// W.1: what the arrangement makes of the day.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// An official day off (放假), weekday or weekend.
        case off
        /// An adjusted working day (调休上班): a Saturday or Sunday worked in exchange for a day off.
        case work

        /// The Chinese term.
        public var label: String {
            switch self {
            case .off: "放假"
            case .work: "调休上班"
            }
        }
    }

    /// The day.
    public var date: CivilDate
    /// Day off or adjusted working day.
    public var kind: Kind
    /// The holiday it belongs to (元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节).
    public var holiday: String

    public init(date: CivilDate, kind: Kind, holiday: String) {
        self.date = date
        self.kind = kind
        self.holiday = holiday
    }

    /// Whether work happens on this day.
    public var isWorking: Bool { kind == .work }

    public var description: String { "\(date) \(kind.label) (\(holiday))" }
}
