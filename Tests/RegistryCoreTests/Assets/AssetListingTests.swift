import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

@Suite("Asset listings and the level register (A43.1)")
struct AssetListingTests {
    /// Five assets: three of the Xincheng health commission, one of the education bureau next door, one in Baotou;
    /// one of the health commission's is retired.
    private func populated() async throws -> (AssetWorld, [DataAsset]) {
        let world = try await AssetWorld.make()
        var assets: [DataAsset] = []
        for (name, grade) in [("人口健康档案库", DataGrade.important), ("疫苗接种记录", .core), ("医疗机构名录", .general)] {
            let input = world.input(name: name, recordCount: 100, volumeBytes: 10, grade: grade)
            assets.append(try await world.register.register(input, by: world.clerk).asset)
        }
        let school = DataAssetInput(
            name: "学籍信息库",
            sourceSystem: "教育管理平台",
            recordCount: 50,
            volumeBytes: 5,
            categoryScheme: AssetWorld.scheme,
            categoryCode: "EDU",
            grade: .important,
            catalogItems: [world.items["B-001"]!]
        )
        assets.append(try await world.register.register(school, by: world.neighbourClerk).asset)
        var baotou = school
        baotou.name = "包头医疗数据_100%"
        baotou.catalogItems = []
        baotou.categoryCode = "HEALTH"
        assets.append(try await world.register.register(baotou, by: world.baotouClerk).asset)
        _ = try await world.register.retire(assets[2].id, reason: nil, by: world.clerk)
        return (world, assets)
    }

    @Test("a clerk lists its own institution's assets only, newest first")
    func clerkListing() async throws {
        let (world, assets) = try await populated()
        let page = try await world.register.list(DataAssetQuery(), by: world.clerk)
        #expect(page.assets.map(\.id) == [assets[2].id, assets[1].id, assets[0].id])
        #expect(page.nextCursor == nil)
        let refused = await #expect(throws: RegistryError.self) {
            try await world.register.list(DataAssetQuery(institution: AssetWorld.neighbour), by: world.clerk)
        }
        #expect(refused?.code == .forbidden)
        try await world.drop()
    }

    @Test("a reviewer lists its division and every division below it; a filter outside that is refused")
    func reviewerListing() async throws {
        let (world, assets) = try await populated()
        let hohhot = try await world.register.list(DataAssetQuery(), by: world.hohhotReviewer)
        #expect(Set(hohhot.assets.map(\.id)) == Set(assets[0...3].map(\.id)))
        let region = try await world.register.list(DataAssetQuery(), by: world.regionReviewer)
        #expect(region.assets.count == 5)
        let baotou = try await world.register.list(DataAssetQuery(), by: world.baotouReviewer)
        #expect(baotou.assets.map(\.id) == [assets[4].id])
        let regionNarrowed = try await world.register.list(DataAssetQuery(division: "150200"), by: world.regionReviewer)
        #expect(regionNarrowed.assets.map(\.id) == [assets[4].id])

        for query in [DataAssetQuery(division: "150200"), DataAssetQuery(division: "150000"), DataAssetQuery(institution: AssetWorld.baotouHolder)] {
            let refused = await #expect(throws: RegistryError.self) { try await world.register.list(query, by: world.hohhotReviewer) }
            #expect(refused?.code == .forbidden)
        }
        for outsider in [world.committee] {
            let refused = await #expect(throws: RegistryError.self) { try await world.register.list(DataAssetQuery(), by: outsider) }
            #expect(refused?.code == .forbidden)
        }
        try await world.drop()
    }

    @Test("filters: institution, grade, status and free text (wildcards taken literally)")
    func filters() async throws {
        let (world, assets) = try await populated()
        let reviewer = world.regionReviewer
        func ids(_ query: DataAssetQuery) async throws -> [UUID] {
            try await world.register.list(query, by: reviewer).assets.map(\.id)
        }
        #expect(try await ids(DataAssetQuery(institution: AssetWorld.neighbour)) == [assets[3].id])
        #expect(try await ids(DataAssetQuery(grade: .core)) == [assets[1].id])
        #expect(try await ids(DataAssetQuery(status: .retired)) == [assets[2].id])
        #expect(try await ids(DataAssetQuery(division: "150102", grade: .important)) == [assets[3].id, assets[0].id])
        #expect(try await ids(DataAssetQuery(text: "档案库")) == [assets[0].id])
        #expect(try await ids(DataAssetQuery(text: "教育管理")) == [assets[4].id, assets[3].id])
        #expect(try await ids(DataAssetQuery(text: "_100%")) == [assets[4].id])
        #expect(try await ids(DataAssetQuery(text: "%")) == [assets[4].id])
        try await world.drop()
    }

    @Test("keyset paging visits every asset once, even when one is registered between pages")
    func paging() async throws {
        let (world, assets) = try await populated()
        var seen: [UUID] = []
        var query = DataAssetQuery(limit: 2)
        var pages = 0
        while true {
            let page = try await world.register.list(query, by: world.regionReviewer)
            seen += page.assets.map(\.id)
            pages += 1
            if pages == 1 { _ = try await world.register.register(world.input(name: "新登记"), by: world.clerk) }
            guard let cursor = page.nextCursor else { break }
            query.after = Int64(cursor)
        }
        #expect(pages == 3)
        #expect(seen == assets.reversed().map(\.id))
        try await world.drop()
    }

    @Test("the level register sums assets in force per grade for the division and below; retired ones apart")
    func levelRegister() async throws {
        let (world, _) = try await populated()
        let xincheng = try await world.register.levelRegister(of: "150102", by: world.xinchengReviewer)
        #expect(xincheng.division.name == "新城区")
        #expect(xincheng.lines.map(\.grade) == [.core, .important, .general])
        #expect(xincheng.lines.map(\.assetCount) == [1, 2, 0])
        #expect(xincheng.lines.map(\.retiredCount) == [0, 0, 1])
        #expect(xincheng.lines.map(\.recordCount) == [100, 150, 0])
        #expect(xincheng.total.assetCount == 3)
        #expect(xincheng.total.volumeBytes == 25)
        #expect(xincheng.recentChanges.count == 5)
        #expect(xincheng.recentChanges.first?.action == .retire)

        let hohhot = try await world.register.levelRegister(of: "150100", by: world.hohhotReviewer)
        #expect(hohhot.total == xincheng.total)
        let region = try await world.register.levelRegister(of: "150000", by: world.regionReviewer)
        #expect(region.total.assetCount == 4)
        #expect(region.total.retiredCount == 1)
        let fromAbove = try await world.register.levelRegister(of: "150102", by: world.regionReviewer)
        #expect(fromAbove.total == xincheng.total)

        for (division, actor) in [
            ("150100", world.xinchengReviewer), ("150100", world.baotouReviewer), ("150102", world.clerk),
            ("150102", world.committee),
        ] {
            let refused = await #expect(throws: RegistryError.self) { try await world.register.levelRegister(of: division, by: actor) }
            #expect(refused?.code == .forbidden)
        }
        let unknown = await #expect(throws: RegistryError.self) {
            try await world.register.levelRegister(of: "150999", by: world.regionReviewer)
        }
        #expect(unknown?.code == .notFound)
        try await world.drop()
    }

    @Test("one asset is read by its clerk and by reviewers of its division or above, with links and history")
    func detailAccess() async throws {
        let (world, assets) = try await populated()
        for reader in [world.clerk, world.xinchengReviewer, world.hohhotReviewer, world.regionReviewer] {
            let detail = try await world.register.detail(assets[0].id, by: reader)
            #expect(detail.catalogItems.map(\.code) == ["A-001"])
            #expect(detail.history.count == 1)
            #expect(try await world.register.history(of: assets[0].id, by: reader).count == 1)
        }
        for outsider in [world.neighbourClerk, world.baotouReviewer, world.baotouClerk, world.committee] {
            let refused = await #expect(throws: RegistryError.self) { try await world.register.detail(assets[0].id, by: outsider) }
            #expect(refused?.code == .forbidden)
            let history = await #expect(throws: RegistryError.self) { try await world.register.history(of: assets[0].id, by: outsider) }
            #expect(history?.code == .forbidden)
        }
        let missing = await #expect(throws: RegistryError.self) { try await world.register.detail(UUID(), by: world.clerk) }
        #expect(missing?.code == .notFound)
        try await world.drop()
    }
}
