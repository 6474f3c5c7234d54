import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// Object-level authorisation of share requests: only the requester's clerks file and withdraw, only the source's
/// clerks answer and deliver; both sides and the authorities above them follow a request (A20.2, A23.2).
@Suite("Share requests: who may and may not act")
struct SharingAuthorisationTests {
    @Test("only a clerk of the requesting institution files, for its own institution")
    func filing() async throws {
        let world = try await ShareWorld.make()
        var input = world.input(world.conditional)
        input.requester = ShareWorld.requesterUSCC
        let forEducation = input
        try await world.expectForbidden { _ = try await world.workflow.file(forEducation, by: world.outsider) }
        try await world.expectForbidden { _ = try await world.workflow.file(forEducation, by: world.catalog.xinchengReviewer) }
        _ = try await world.workflow.file(forEducation, by: world.requester)
        try await world.drop()
    }

    @Test("only the source institution answers and delivers; the requester cannot approve its own request")
    func answering() async throws {
        let world = try await ShareWorld.make()
        let request = try await world.file(world.input(world.conditional))
        for actor in [world.requester, world.outsider, world.catalog.xinchengReviewer] {
            try await world.expectForbidden { _ = try await world.workflow.reply(to: request.id, .approve(dataItems: nil), by: actor) }
            try await world.expectForbidden {
                _ = try await world.workflow.reply(to: request.id, .refuse(reason: "理由", legalBasis: "《中华人民共和国数据安全法》第二十一条"), by: actor)
            }
        }
        _ = try await world.workflow.reply(to: request.id, .approve(dataItems: nil), by: world.source)
        for actor in [world.requester, world.outsider] {
            try await world.expectForbidden { _ = try await world.workflow.deliver(request.id, note: nil, by: actor) }
        }
        _ = try await world.workflow.deliver(request.id, note: nil, by: world.source)
        try await world.drop()
    }

    @Test("only the requester withdraws; the source and others cannot")
    func withdrawing() async throws {
        let world = try await ShareWorld.make()
        let request = try await world.file(world.input(world.conditional))
        for actor in [world.source, world.outsider, world.catalog.xinchengReviewer] {
            try await world.expectForbidden { _ = try await world.workflow.withdraw(request.id, reason: nil, by: actor) }
        }
        _ = try await world.workflow.withdraw(request.id, reason: nil, by: world.secondRequesterClerk)
        try await world.drop()
    }

    @Test("both sides and the authorities above them follow a request; others do not")
    func following() async throws {
        let world = try await ShareWorld.make()
        let request = try await world.file(world.input(world.conditional))
        for actor in [world.requester, world.source, world.catalog.xinchengReviewer, world.catalog.hohhotReviewer, world.catalog.regionReviewer] {
            #expect(try await world.workflow.detail(request.id, by: actor).request.id == request.id)
        }
        for actor in [world.outsider, world.catalog.huiminReviewer] {
            try await world.expectForbidden { _ = try await world.workflow.detail(request.id, by: actor) }
            try await world.expectForbidden {
                _ = try await world.workflow.dueList(of: ShareWorld.sourceUSCC, within: 5, by: actor)
            }
        }
        let listed = try await world.workflow.requests(of: ShareWorld.requesterUSCC, state: .submitted, by: world.requester)
        #expect(listed.map(\.id) == [request.id])
        try await world.drop()
    }
}
