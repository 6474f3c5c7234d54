import Foundation
import Postgres
import RegistryCore

extension SyntheticRegistry {
    /// `count` data assets (A43.1) held by departments drawn at random: name, source system, records and volume spread
    /// over five orders of magnitude, category and grade of the department's data (A9.2).
    mutating func registerAssets(_ count: Int, on connection: Connection) throws {
        var rows: [[String?]] = []
        rows.reserveCapacity(count)
        for _ in 0..<count {
            let department = departments[random.below(departments.count)]
            let vocabulary = DemoVocabulary.departments[department.kind]
            let topic = vocabulary.topics[random.below(vocabulary.topics.count)]
            let records = (1 + random.below(9)) * [100, 1_000, 10_000, 100_000, 1_000_000][random.below(5)]
            rows.append([
                department.uscc, topic + "业务数据库", "\(department.name)\(topic)业务办理中形成的数据", topic + "业务系统",
                String(records), String(records * (200 + random.below(800))), "NM-2024", vocabulary.category,
                random.chance(0.2) ? DataGrade.important.rawValue : DataGrade.general.rawValue,
            ])
        }
        try connection.copy(
            into: "data_asset",
            columns: [
                "holder_uscc", "name", "description", "source_system", "record_count", "volume_bytes", "category_scheme", "category_code", "grade",
            ],
            rows: rows
        )
    }
}
