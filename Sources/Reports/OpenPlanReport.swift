import Foundation
import Postgres
import RegistryCore

/// RP.2 / A26.1: the annual open plan of the authority of a division — its priorities, the items to open grouped by
/// institution with livelihood items first, the progress of the previous year's plan, and the conversions of open
/// types made in the year (A29.1).
public struct OpenPlanReport: Sendable {
    public var wording: ReportWording

    public init(wording: ReportWording) {
        self.wording = wording
    }

    /// The plan in force (its latest published version) — or, with `draft`, the latest version even if unpublished.
    public func document(
        year: Int,
        division: String,
        asOf day: CivilDate,
        draft: Bool = false,
        on connection: Connection
    ) throws -> ReportDocument {
        let store = OpenPlanStore()
        let versions = try store.versions(of: .authority(division: division), year: year, on: connection)
        guard let plan = draft ? versions.first : versions.first(where: { $0.state == .published }) else {
            throw RegistryError.notFound("\(year)年度开放计划", field: "year")
        }
        let head = try AuditTrail.head(on: connection)
        let scope = try connection.query("select name from division where code = \(division)").first?.decode("name", as: String.self) ?? division
        var values = [
            "year": String(year), "scope": scope, "version": String(plan.version), "as_of": day.description,
            "audit_seq": String(head.sequence), "audit_hash": head.hashHex, "published_on": plan.publishedOn?.description ?? "",
        ]
        values["published"] = wording(plan.state == .published ? "published" : "unpublished", values)
        let detail = try store.detail(plan.id, asOf: day, on: connection).existing()
        var blocks: [ReportBlock] = [.heading(wording("priorities"), anchor: "priorities"), .prose(.typed(plan.priorities))]
        if let note = plan.amendmentNote { blocks += [.heading(wording("amendment"), anchor: "amendment"), .prose(.typed(note))] }
        let names = try Self.institutionNames(on: connection)
        blocks += progress(detail, names: names)
        blocks += items(detail, names: names)
        blocks += try previous(year: year, division: division, asOf: day, store: store, on: connection)
        blocks += try conversions(year: year, division: division, on: connection)
        blocks.append(.note(.trusted(wording("note"))))
        return ReportDocument(
            title: "《\(wording("title", values))》",
            subtitle: wording("subtitle", values),
            provenance: wording("provenance", values),
            blocks: blocks
        )
    }

    /// The statuses a plan's progress is stacked on; items already open when it was published are counted apart.
    static let progressStatuses: [OpenPlanProgressItem.Status] = [.onTime, .late, .overdue, .pending]

    /// A26.1 / RP.2: the progress of the items the plan asked to change, with the items already open counted apart, and
    /// per institution a bar stacked on time / late / overdue / pending.
    private func progress(_ detail: OpenPlanDetail, names: [String: String]) -> [ReportBlock] {
        let count = { (status: OpenPlanProgressItem.Status) in detail.items.filter { $0.status == status }.count }
        let asked = detail.items.count - count(.alreadyOpen)
        let opened = count(.onTime) + count(.late)
        let values = [
            "items": String(detail.items.count), "already_open": String(count(.alreadyOpen)), "asked": String(asked),
            "opened": String(opened), "as_of": detail.asOf.description,
        ]
        let institutions = Dictionary(grouping: detail.items.filter { $0.status != .alreadyOpen }, by: \.institution)
            .map { (names[$0.key] ?? $0.key, $0.value) }.sorted { $0.0 < $1.0 }
        var blocks: [ReportBlock] = [
            .heading(wording("progress"), anchor: "progress"), .prose(.trusted(wording("progress_text", values))),
            .keyFigures([
                KeyFigure("计划所列数据", "\(detail.items.count) 项"), KeyFigure("计划公布时已开放", "\(count(.alreadyOpen)) 项"),
                KeyFigure("需开放", "\(asked) 项"), KeyFigure("已开放", "\(opened) 项"),
                KeyFigure("完成率", asked == 0 ? "—" : ReportFormat.decimal(100 * Double(opened) / Double(asked), 1) + "%"),
            ]),
        ]
        if !institutions.isEmpty {
            blocks.append(
                .stackedChart(
                    StackedBarChart(
                        title: "图1 各机构开放进度",
                        series: Self.progressStatuses.map(\.label),
                        bars: institutions.map { name, items in
                            StackedBarChart.Bar(name, Self.progressStatuses.map { status in items.filter { $0.status == status }.count })
                        }
                    )
                )
            )
        }
        return blocks
    }

    private func items(_ detail: OpenPlanDetail, names: [String: String]) -> [ReportBlock] {
        let groups = Dictionary(grouping: detail.items, by: \.institution).sorted { (names[$0.key] ?? $0.key) < (names[$1.key] ?? $1.key) }
        var blocks: [ReportBlock] = [.heading(wording("items"), anchor: "items"), .prose(.trusted(wording("items_text")))]
        for (index, (institution, items)) in groups.enumerated() {
            blocks.append(
                .table(
                    ReportTable(
                        caption: "表\(index + 1) \(names[institution] ?? institution)",
                        columns: [.init("目录编码"), .init("数据名称"), .init("开放属性"), .init("计划开放日期"), .init("民生相关"), .init("进度")],
                        rows: items.map { item in
                            [
                                .text(item.itemCode), .text(item.itemName), .text(item.openType.label), .text(item.targetDate.description),
                                .text(item.livelihood ? "是" : ""), .text(item.status.label),
                            ]
                        }
                    )
                )
            )
        }
        return blocks
    }

    private func previous(year: Int, division: String, asOf day: CivilDate, store: OpenPlanStore, on connection: Connection) throws -> [ReportBlock] {
        let heading = ReportBlock.heading(wording("previous"), anchor: "previous")
        guard
            let plan = try store.versions(of: .authority(division: division), year: year - 1, on: connection).first(where: { $0.state == .published })
        else { return [heading, .prose(.trusted(wording("no_previous")))] }
        let items = try store.detail(plan.id, asOf: min(day, CivilDate(iso: "\(year - 1)-12-31")!), on: connection).existing().items
        let counts = OpenPlanProgressItem.Status.allCases.map { status in (status, items.filter { $0.status == status }.count) }
        return [
            heading,
            .keyFigures(counts.map { KeyFigure($0.0.label, "\($0.1) 项") }),
            .chart(BarChart(title: "图2 \(year - 1)年度计划完成情况", bars: counts.map { ($0.0.label, Double($0.1)) }, maximum: Double(max(items.count, 1)))),
        ]
    }

    private func conversions(year: Int, division: String, on connection: Connection) throws -> [ReportBlock] {
        let rows = try connection.query(
            """
            select ci.code, r.name, i.name as institution, c.from_type, c.to_type, c.converted_on
              from attribute_conversion c
              join catalog_item ci on ci.id = c.item_id
              join catalog_item_revision r on r.id = ci.current_revision_id
              join catalog k on k.id = ci.catalog_id
              join institution i on i.uscc = k.institution_uscc
             where c.kind = 'open' and extract(year from c.converted_on) = \(year)
               and k.division_code in (select division_and_descendants(\(division)::char(6)))
             order by c.converted_on, ci.code
            """
        ).map { row -> [ReportTable.Cell] in
            let from = OpenType(rawValue: try row.decode("from_type"))?.label ?? ""
            let to = OpenType(rawValue: try row.decode("to_type"))?.label ?? ""
            return [
                .text(try row.decode("code")), .text(try row.decode("name")), .text(try row.decode("institution")),
                .text("\(from) → \(to)"), .text(try row.decode("converted_on", as: CivilDate.self).description),
            ]
        }
        let heading = ReportBlock.heading(wording("conversions"), anchor: "conversions")
        guard !rows.isEmpty else { return [heading, .prose(.trusted(wording("no_conversions")))] }
        return [
            heading,
            .table(
                ReportTable(
                    caption: "开放属性转换",
                    columns: [.init("目录编码"), .init("数据名称"), .init("机构"), .init("转换"), .init("日期")],
                    rows: rows
                )
            ),
        ]
    }

    static func institutionNames(on connection: Connection) throws -> [String: String] {
        try connection.query("select uscc, name from institution").rows.reduce(into: [:]) {
            $0[try $1.decode("uscc", as: String.self)] = try $1.decode("name", as: String.self)
        }
    }
}
