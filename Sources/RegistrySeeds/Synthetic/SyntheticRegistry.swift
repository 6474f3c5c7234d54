import Foundation
import Postgres
import RegistryCore

/// The synthetic registry being generated: who is in it and what was made so far, kept compact enough for a province
/// (a million items take about 40 MB here).
struct SyntheticRegistry {
    /// A department or other public body with the clerk acting for it.
    struct Department {
        let uscc: String
        let name: String
        let division: String
        /// Index into ``DemoVocabulary/departments``: what the department's data are about.
        let kind: Int
        let clerk: UUID
    }

    /// A division's public data authority with its reviewer and planner.
    struct Authority {
        let uscc: String
        let reviewer: UUID
    }

    /// A published catalog item, as the later phases draw on it.
    struct Item {
        let id: UUID
        let department: Int32
        let topic: Int16
        let shareType: ShareType
        let openType: OpenType
    }

    let scale: SyntheticScale
    var random: SeededRandom
    var divisions: [(code: String, name: String, level: String)] = []
    var authorities: [String: Authority] = [:]
    var departments: [Department] = []
    var dataUsers: [UUID] = []
    var committee: UUID?
    var items: [Item] = []
    private(set) var serial = 0

    init(scale: SyntheticScale, seed: UInt64) {
        self.scale = scale
        self.random = SeededRandom(state: seed)
    }

    mutating func nextSerial() -> Int {
        serial += 1
        return serial
    }

    /// A token hash nobody holds: synthetic accounts act only through the seed (`registry account token` gives a real one).
    mutating func unusableTokenHash() -> String {
        "\\x" + (0..<4).map { _ in String(format: "%016llx", random.next()) }.joined()
    }

    /// The data items (数据项) every item of a department's topic carries: ten, the department's four and six of the topic.
    static func dataItemNames(kind: Int, topic: Int) -> [String] {
        let department = DemoVocabulary.departments[kind]
        let subject = department.topics[topic]
        return department.fields + [subject + "编号", subject + "名称", "办理状态", "更新时间", "数据来源", "备注"]
    }
}
