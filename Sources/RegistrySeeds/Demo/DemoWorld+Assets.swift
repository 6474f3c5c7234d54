import Foundation
import Postgres
import RegistryCore

extension DemoWorld {
    /// A43.1: every department registers the data assets behind its catalog — one business database per topic, linked
    /// to the topic's three items and graded 重要数据 as the person-level records among them are; the first department has
    /// retired one.
    /// Figures are derived from the positions, so the demo stays the same from run to run.
    mutating func registerAssets() throws {
        let store = DataAssetStore()
        var registered = 0
        for (index, member) in departments.enumerated() {
            guard let department = member.department else { continue }
            let held = items.filter { $0.owner == member.uscc }
            for (number, topic) in department.topics.enumerated() {
                let linked = held.dropFirst(number * DemoVocabulary.suffixes.count).prefix(DemoVocabulary.suffixes.count)
                let input = DataAssetInput(
                    name: topic + "业务数据库",
                    description: "\(member.name)\(topic)业务办理中形成的数据",
                    sourceSystem: topic + "管理信息系统",
                    recordCount: Int64(12_000 + 3_700 * ((index + 3 * number) % 29)),
                    volumeBytes: Int64(1 + (index + number) % 7) << 30,
                    categoryScheme: "NM-2024",
                    categoryCode: department.category,
                    grade: .important,
                    catalogItems: linked.map(\.id),
                    reason: "首次登记"
                )
                let asset = try store.register(try input.validated(), holder: member.uscc, on: connection)
                if index == 0 && number == department.topics.count - 1 {
                    _ = try store.retire(asset.id, reason: "业务系统已停用,数据并入上级平台", on: connection)
                }
                registered += 1
            }
        }
        counts.append(("数据资产", registered))
    }
}
