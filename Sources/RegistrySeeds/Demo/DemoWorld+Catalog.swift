import Foundation
import Postgres
import RegistryCore

extension DemoWorld {
    /// Every department publishes a catalog of 30 items (10 topics × 信息, 名录, 统计数据), drafted and submitted on
    /// 24 February 2025 and approved on 3 March 2025 by the authority of its division.
    mutating func publishCatalogs() throws {
        let store = CatalogStore()
        for member in departments {
            guard let department = member.department, let reviewer = authorities[member.division]?.staff else { continue }
            try SeedClock.set(CivilDate(iso: "2025-02-24")!, at: ClockTime(hour: 10, minute: 0), on: connection)
            let catalog = try store.openInstitutionalCatalog(of: member.uscc, on: connection)
            let draft = try store.openDraft(of: catalog.id, note: "首次编制", on: connection)
            var number = 0
            for topic in department.topics {
                for suffix in DemoVocabulary.suffixes {
                    number += 1
                    let fields = itemFields(topic + suffix, suffix: suffix, department: department, member: member)
                    let code = String(format: "%@-%03d", String(member.uscc.suffix(5)), number)
                    let revision = try store.addItem(code: code, fields: fields, to: draft.id, on: connection)
                    if fields.openType == .unconditional, number % 4 != 0 {
                        try offer(revision, code: code, fields: fields, member: member)
                    }
                    items.append((revision.itemID, member.uscc, fields.shareType, fields.dataItems.map(\.name)))
                }
            }
            let submitted = try store.submit(draft.id, on: connection)
            try SeedClock.set(CivilDate(iso: "2025-03-03")!, at: ClockTime(hour: 10, minute: 0), on: connection)
            _ = try store.approve(submitted.id, reviewer: reviewer, on: connection)
        }
        counts.append(("目录项", items.count))
    }

    /// The fields of one item: aggregates open, lists open on conditions, person-level records not open; a tenth not
    /// shared, four tenths shared on conditions.
    mutating func itemFields(_ name: String, suffix: String, department: DemoDepartment, member: Member) -> CatalogItemFields {
        var fields = CatalogItemFields(
            name: name,
            description: "\(member.name)履职中采集的\(name)",
            dataForm: suffix == "统计数据" ? .file : .databaseTable,
            dataItems: department.fields.map { DataItem(name: $0, type: .string) } + [DataItem(name: name + "编号", type: .string)],
            shareType: .unconditional,
            shareScope: "全区政务部门",
            openType: .unconditional,
            updateFrequency: [.monthly, .quarterly, .yearly][random.below(3)],
            collectingDepartment: member.name,
            approvingDepartment: member.name,
            providingDepartment: member.name,
            sourceInstitution: member.uscc,
            categoryScheme: "NM-2024",
            categoryCode: department.category,
            grade: .general,
            legalBasis: department.law,
            dataUpdatedOn: CivilDate(iso: "2026-0\(1 + random.below(9))-15"),
            livelihoodRelated: department.category.hasPrefix("livelihood")
        )
        let share = random.below(10)
        if share >= 9 {
            (fields.shareType, fields.shareReason, fields.shareLegalBasis) = (.notShared, "涉及个人隐私和敏感信息", department.law)
        } else if share >= 5 {
            (fields.shareType, fields.shareConditions) = (.conditional, "仅限履行法定职责使用,不得转提供")
            (fields.shareReason, fields.shareLegalBasis) = ("含个人信息", "《中华人民共和国个人信息保护法》第三十四条")
        }
        switch suffix {
        case "统计数据": break
        case "名录" where random.chance(0.5): break
        case "名录": (fields.openType, fields.openConditions) = (.conditional, "限定用于科研、公益和政务用途,不得用于营利")
        default:
            (fields.openType, fields.notOpenGround, fields.grade) = (.notOpen, .privacy, .important)
        }
        return fields
    }

    /// A28.1: how to obtain an unconditionally open item — a CSV file with its checksum under CC BY 4.0 and the
    /// division and period it covers. Every fourth item of a catalog offers none: a finding of the compliance view.
    func offer(_ revision: CatalogItemRevision, code: String, fields: CatalogItemFields, member: Member) throws {
        let store = DistributionStore()
        let checksum: String = try connection.queryOne("select encode(sha256(convert_to(\(code), 'UTF8')), 'hex') as h").decode("h")
        let file = NewDistribution(
            title: "\(fields.name)(CSV)",
            accessUrl: "https://data.nmg.gov.cn/opendata/\(code)",
            downloadUrl: "https://data.nmg.gov.cn/opendata/\(code)/\(code).csv",
            mediaType: "text/csv",
            format: "CSV",
            byteSize: Int64(4_096 + code.utf8.reduce(0) { $0 + Int($1) } * 37),
            checksumSha256: checksum,
            licenseName: "CC BY 4.0",
            licenseUrl: "https://creativecommons.org/licenses/by/4.0/",
            issuedOn: CivilDate(iso: "2025-03-03"),
            modifiedOn: fields.dataUpdatedOn
        )
        _ = try store.insert(file, into: revision.id, refresh: false, on: connection)
        _ = try store.setCoverage(
            ItemCoverage(temporalFrom: CivilDate(iso: "2024-01-01"), temporalTo: fields.dataUpdatedOn, spatialDivision: member.division),
            of: revision.id,
            on: connection
        )
    }
}
