import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RegistryCore
import Testing

/// The annual assessment over HTTP (A39.1, A41.1): who sets, computes, adjusts and publishes.
@Suite("Annual assessment over HTTP (A39.1, A41.1)")
struct AssessmentAPITests {
    typealias World = CatalogAPITests.World

    @Test(
        "A39.1: a city's reviewer sets and computes the scheme; the committee lists assessments by year and division; the committee adjusts with a remark; publication freezes it"
    )
    func routes() async throws {
        let world = try await World.make()
        try await world.registry.test { client in
            let year = AssessmentYear(world: world, client: client)
            let scheme = try await year.setAndPublishScheme()
            let computed = try await year.computeAndAdjust(scheme: scheme)
            try await year.listAndPublish(computed.assessment, adjust: computed.adjust)
            try await year.readAssessmentReport()
            try await year.readComplianceReport()
        }
        try await world.registry.drop()
    }
}

/// `GET /assessment-indicators`, of which the tests count the indicators.
private struct IndicatorList: Decodable {
    var indicators: [Counted]
}

/// An assessment with its ranking (`Assessment`): each institution's total score in rank order.
private struct AssessmentBody: Decodable {
    struct Rank: Decodable {
        var total: Double
    }

    var id: String
    var ranking: [Rank]
}

/// `GET /assessments`: each assessment's id and state.
private struct AssessmentList: Decodable {
    struct Assessment: Decodable {
        var id: String
        var state: String
    }

    var assessments: [Assessment]
}

/// The steps of `AssessmentAPITests.routes`, in order: each takes what an earlier step returned.
private struct AssessmentYear {
    typealias World = CatalogAPITests.World
    let world: World
    let client: any TestClientProtocol
    var c: Callers { world.callers }
}

extension AssessmentYear {
    /// A39.1: the committee reads the indicators; a city's reviewer sets the 2026 scheme (a district's may not) and
    /// publishes it (the region's may not). Returns the scheme's id.
    func setAndPublishScheme() async throws -> String {
        let indicators = try await world.call(
            client,
            .get,
            "/api/v1/assessment-indicators",
            as: "committee",
            expect: .ok,
            decoding: IndicatorList.self
        )
        #expect(indicators.indicators.count == 10)
        let scheme = #"{"year": 2026, "weights": {"share_timeliness": 50, "security_duties": 50}}"#
        try await c.expect(
            client,
            .post,
            "/api/v1/assessment-schemes",
            scheme,
            [("healthClerk", .forbidden), ("xinchengReviewer", .unprocessableContent)]
        )
        let created = try await world.call(
            client,
            .post,
            "/api/v1/assessment-schemes",
            as: "hohhotReviewer",
            scheme,
            expect: .created,
            decoding: Identified.self
        )
        let id = created.id
        try await c.expect(
            client,
            .post,
            "/api/v1/assessment-schemes/\(id)/publish",
            nil,
            [("regionReviewer", .forbidden), ("hohhotReviewer", .ok)]
        )
        return id
    }

    /// A39.1: the committee computes the assessment and adjusts it with a remark; only the committee reads it before
    /// publication. Returns the assessment's id and the adjustment sent.
    func computeAndAdjust(scheme id: String) async throws -> (assessment: String, adjust: String) {
        let computed = try await world.call(
            client,
            .post,
            "/api/v1/assessment-schemes/\(id)/compute",
            as: "committee",
            #"{"as_of": "2026-11-15"}"#,
            expect: .created,
            decoding: AssessmentBody.self
        )
        let assessment = computed.id
        #expect(computed.ranking.map(\.total) == [50, 50], "share 100, security 0 for both institutions")
        let adjust = #"{"institution": "\#(World.health)", "indicator": "security_duties", "value": 100, "remark": "已补交检查报告"}"#
        try await c.expect(
            client,
            .post,
            "/api/v1/assessments/\(assessment)/adjust",
            adjust,
            [("hohhotReviewer", .forbidden), ("committee", .ok)]
        )
        try await c.expect(client, .get, "/api/v1/assessments/\(assessment)", nil, [("healthClerk", .forbidden), ("committee", .ok)])
        return (assessment, adjust)
    }

    /// A39.1: the committee finds the assessment by year and division; others see it once published; publication
    /// freezes it (A41.1).
    func listAndPublish(_ assessment: String, adjust: String) async throws {
        let listed = try await world.call(
            client,
            .get,
            "/api/v1/assessments?year=2026&division=150100",
            as: "committee",
            expect: .ok,
            decoding: AssessmentList.self
        )
        #expect(listed.assessments.map(\.id) == [assessment])
        let hidden = try await world.call(
            client,
            .get,
            "/api/v1/assessments?year=2026",
            as: "healthClerk",
            expect: .ok,
            decoding: AssessmentList.self
        )
        #expect(hidden.assessments.isEmpty, "a computed assessment is not public")
        let badYear = try await c.send(client, .get, "/api/v1/assessments?year=two", as: "committee")
        #expect(badYear.status == .badRequest && (try? badYear.decode(ErrorBody.self).error.field) == "year")
        try await c.expect(client, .post, "/api/v1/assessments/\(assessment)/publish", nil, [("committee", .forbidden), ("hohhotReviewer", .ok)])
        let published = try await world.call(
            client,
            .get,
            "/api/v1/assessments?division=150100",
            as: "healthClerk",
            expect: .ok,
            decoding: AssessmentList.self
        )
        #expect(published.assessments.first?.state == "published")
        let frozen = try await c.send(client, .post, "/api/v1/assessments/\(assessment)/adjust", as: "committee", adjust)
        #expect(frozen.status == .unprocessableContent)
        #expect(try frozen.decode(ErrorBody.self).error.article == "A41.1")
        let read = try await world.call(
            client,
            .get,
            "/api/v1/assessments/\(assessment)",
            as: "healthClerk",
            expect: .ok,
            decoding: AssessmentBody.self
        )
        #expect(read.ranking.first?.total == 100)
    }

    /// RP.1: the report, as Markdown or standalone HTML, the same bytes for the same data.
    func readAssessmentReport() async throws {
        let report = "/api/v1/reports/assessment?year=2026&division=150100"
        try await c.expect(client, .get, report, nil, [(nil, .unauthorized), ("healthClerk", .ok)])
        let markdown = try await c.send(client, .get, report + "&format=md", as: "healthClerk")
        #expect(markdown.headers[.contentType] == "text/markdown; charset=utf-8")
        #expect(markdown.text.hasPrefix("# 《2026年度公共数据管理评估报告》"))
        #expect(markdown.text.contains("| 1 | 新城区卫生健康委员会 | 150102 | 100\\.00 |") || markdown.text.contains("新城区卫生健康委员会"))
        let html = try await c.send(client, .get, report + "&format=html", as: "healthClerk")
        #expect(html.headers[.contentType] == "text/html; charset=utf-8")
        #expect(html.text.hasPrefix("<!DOCTYPE html>") && html.text.contains("<style>"))
        let again = try await c.send(client, .get, report + "&format=html", as: "committee")
        #expect(again.text == html.text, "the same data give the same bytes")
    }

    /// RP.3: the compliance report for the committee and the authorities over the division, and its CSV appendix.
    func readComplianceReport() async throws {
        let today = RegistryClock.fromEnvironment().today
        let compliance = "/api/v1/reports/compliance?as_of=\(today)&division=150102&format=md"
        try await c.expect(
            client,
            .get,
            compliance,
            nil,
            [("healthClerk", .forbidden), ("huiminReviewer", .forbidden), ("hohhotReviewer", .ok), ("committee", .ok)]
        )
        let missing = try await c.send(client, .get, compliance, as: "committee")
        #expect(missing.text.contains("未明确安全管理责任人"))
        // Its CSV appendix, streamed, to the same readers.
        let csv = compliance.replacingOccurrences(of: "format=md", with: "format=csv")
        try await c.expect(client, .get, csv, nil, [("healthClerk", .forbidden), ("hohhotReviewer", .ok)])
        let appendix = try await c.send(client, .get, csv, as: "committee")
        #expect(appendix.headers[.contentType] == "text/csv; charset=utf-8")
        #expect(appendix.headers[.contentDisposition]?.contains("compliance-\(today)-150102.csv") == true)
        #expect(appendix.text.hasPrefix("\u{FEFF}条款,责任机构,事项,期限,逾期工作日\r\n"))
        #expect(appendix.text.contains(",未明确安全管理责任人,,\r\n"))
        let pdf = try await c.send(client, .get, compliance.replacingOccurrences(of: "format=md", with: "format=pdf"), as: "committee")
        #expect(pdf.status == .badRequest)
        #expect(pdf.text.contains("md、html、csv"), "the declared formats, named")
    }
}
