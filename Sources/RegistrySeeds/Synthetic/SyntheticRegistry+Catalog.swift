import Foundation
import Postgres
import RegistryCore

extension SyntheticRegistry {
    /// How many items each department's catalog holds: between 0.3 and 1.7 times the mean, adding up to the scale's total.
    mutating func itemCounts() -> [Int] {
        let weights = departments.map { _ in 0.3 + 1.4 * Double(random.below(1_000)) / 1_000 }
        let sum = weights.reduce(0, +)
        var counts = weights.map { Int(Double(scale.catalogItems) * $0 / sum) }
        for index in 0..<(scale.catalogItems - counts.reduce(0, +)) { counts[index % counts.count] += 1 }
        return counts
    }

    /// The catalogs of `batch` of the departments: each catalog's first version with `counts[d]` items, drafted and
    /// submitted on 8 January 2024 and approved a week later by the authority of its division (A10.1–A10.3) — every row
    /// through COPY and the tables' triggers, on the registry's clock pinned to those days.
    mutating func publishCatalogs(_ batch: Range<Int>, counts: [Int], on connection: Connection) throws {
        var catalogs: [[String?]] = []
        var versions: [[String?]] = []
        var entries: [[String?]] = []
        var revisions: [[String?]] = []
        for index in batch {
            let department = departments[index]
            let catalog = random.uuid()
            let version = random.uuid()
            catalogs.append([catalog.uuidString, "institutional", department.uscc, department.division, department.name + "公共数据目录"])
            versions.append([version.uuidString, catalog.uuidString, "首次编制"])
            for number in 0..<counts[index] {
                let item = makeItem(number, of: index)
                entries.append([item.id.uuidString, catalog.uuidString, "SYN-\(index)-\(number)"])
                revisions.append(revisionRow(item, number: number, version: version))
                items.append(item)
            }
        }
        try SeedClock.set(CivilDate(iso: "2024-01-08")!, at: ClockTime(hour: 10, minute: 0), on: connection)
        try connection.copy(into: "catalog", columns: ["id", "kind", "institution_uscc", "division_code", "name"], rows: catalogs)
        try connection.copy(into: "catalog_version", columns: ["id", "catalog_id", "note"], rows: versions)
        try connection.copy(into: "catalog_item", columns: ["id", "catalog_id", "code"], rows: entries)
        try connection.copy(into: "catalog_item_revision", columns: Self.revisionColumns, rows: revisions)
        let ids = versions.map { $0[0]! }
        try connection.query("update catalog_version set state = 'submitted' where id = any(\(ids)::uuid[])")
        try SeedClock.set(CivilDate(iso: "2024-01-15")!, at: ClockTime(hour: 10, minute: 0), on: connection)
        try connection.query(
            """
            update catalog_version v set state = 'approved', reviewer_institution = a.uscc
              from catalog c join institution a on a.division_code = c.division_code and a.kind = 'public_data_authority'
             where c.id = v.catalog_id and v.id = any(\(ids)::uuid[])
            """
        )
    }

    /// Item `number` of a department: topics in turn; a tenth not shared and four tenths shared on conditions (A21.1);
    /// records of persons not open, lists open on conditions, statistics open (A27.1).
    private mutating func makeItem(_ number: Int, of department: Int) -> Item {
        let share = random.below(10)
        let suffix = number / 10 % 3
        let open: OpenType = suffix == 2 ? .unconditional : suffix == 1 ? (random.chance(0.5) ? .unconditional : .conditional) : .notOpen
        return Item(
            id: random.uuid(),
            department: Int32(department),
            topic: Int16(number % 10),
            shareType: share >= 9 ? .notShared : share >= 5 ? .conditional : .unconditional,
            openType: open
        )
    }

    static let revisionColumns = [
        "item_id", "version_id", "name", "description", "data_form", "data_items", "share_type", "share_conditions",
        "share_reason", "share_legal_basis", "share_scope", "open_type", "open_conditions", "not_open_ground",
        "update_frequency", "collecting_department", "approving_department", "providing_department",
        "source_institution_uscc", "category_scheme", "category_code", "grade", "legal_basis", "data_updated_on",
        "livelihood_related",
    ]

    private static let suffixes = ["信息", "名录", "统计数据"]
    private static let qualifiers = ["", "登记", "变更", "年度", "明细", "汇总", "历史", "注销", "核验", "许可"]
    private static let frequencies: [UpdateFrequency] = [.daily, .weekly, .monthly, .monthly, .quarterly, .quarterly, .yearly, .realTime]

    private mutating func revisionRow(_ item: Item, number: Int, version: UUID) -> [String?] {
        let department = departments[Int(item.department)]
        let vocabulary = DemoVocabulary.departments[department.kind]
        let name = vocabulary.topics[Int(item.topic)] + Self.qualifiers[number / 30 % Self.qualifiers.count] + Self.suffixes[number / 10 % 3]
        let dataItems = Self.dataItemNames(kind: department.kind, topic: Int(item.topic)).map {
            "{\"name\": \"\($0)\", \"type\": \"\($0 == "更新时间" ? "datetime" : "string")\"}"
        }
        let restricted = item.shareType != .unconditional
        let notOpen = item.openType == .notOpen
        return [
            item.id.uuidString, version.uuidString, name, "\(department.name)履职中采集的\(name)",
            number / 10 % 3 == 2 ? DataForm.file.rawValue : DataForm.databaseTable.rawValue, "[" + dataItems.joined(separator: ", ") + "]",
            item.shareType.rawValue, item.shareType == .conditional ? "仅限履行法定职责使用,不得转提供" : nil,
            restricted ? "含个人信息或敏感信息" : nil, restricted ? vocabulary.law : nil, "全区政务部门",
            item.openType.rawValue, item.openType == .conditional ? "限定用于科研、公益和政务用途,不得用于营利" : nil,
            notOpen ? NotOpenGround.privacy.rawValue : nil, Self.frequencies[random.below(Self.frequencies.count)].rawValue,
            department.name, department.name, department.name, department.uscc, "NM-2024", vocabulary.category,
            notOpen ? DataGrade.important.rawValue : DataGrade.general.rawValue, vocabulary.law,
            "2026-\(String(format: "%02d", 1 + random.below(11)))-\(10 + random.below(18))",
            vocabulary.category.hasPrefix("livelihood") ? "true" : "false",
        ]
    }
}
