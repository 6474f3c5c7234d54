import Postgres

/// W.1: `date` values travel as `YYYY-MM-DD` (every connection runs with `DateStyle = 'ISO, YMD'`).
extension CivilDate: PostgresCodable {
    public var postgresText: String { iso }

    public init(postgresText text: String) throws {
        guard let date = CivilDate(iso: text) else {
            throw PostgresDecodingError(type: CivilDate.self, reason: "not a date YYYY-MM-DD in the years 1…9999")
        }
        self = date
    }
}
