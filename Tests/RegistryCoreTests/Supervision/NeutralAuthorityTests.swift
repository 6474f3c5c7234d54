import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// A46.1, A47.1: a report of unlawful use on a public data authority, or a dispute it is a party to, goes to the
/// authority of the division above; at the region, where there is none, the registry refuses it and names where to go.
@Suite("No authority handles a case about itself (A46.1, A47.1)")
struct NeutralAuthorityTests {
    @Test("A46.1: a report on 新城区's authority is handled by 呼和浩特市's; a report on the region's authority is refused")
    func unlawfulUseReports() async throws {
        let world = try await SupervisionCaseWorld.make()
        let onDistrict = try await world.unlawfulUse.file(
            NewUnlawfulUseReport(description: "数据管理局将开放平台数据提供给无关企业", subjectInstitution: CatalogWorld.xinchengAuthority),
            by: world.citizen
        )
        #expect(onDistrict.authorityDivision == "150100")
        let onRegion = NewUnlawfulUseReport(description: "违规提供数据", subjectInstitution: CatalogWorld.regionAuthority)
        try await world.expectSameRefusal(
            "unlawful_use_report_not_self_handled_a46_1",
            swift: { _ = try await world.unlawfulUse.file(onRegion, by: world.citizen) },
            sql: [
                """
                insert into unlawful_use_report (reporter_account, subject_institution, description)
                values (\(world.citizen.account.id), \(CatalogWorld.regionAuthority), '违规提供数据')
                """
            ]
        )
        try await world.drop()
    }

    @Test("A47.1: a dispute with 新城区's authority is coordinated by 呼和浩特市's; one with the region's authority is refused")
    func disputes() async throws {
        let world = try await SupervisionCaseWorld.make()
        let withDistrict = try await world.disputes.file(
            world.disputeInput(institutions: [CatalogWorld.xinchengAuthority, ShareWorld.sourceUSCC]),
            by: world.provider
        )
        #expect(withDistrict.dispute.authorityDivision == "150100")
        let chosen = try await world.disputes.file(
            world.disputeInput(institutions: [CatalogWorld.xinchengAuthority, ShareWorld.sourceUSCC], division: "150102"),
            by: world.provider
        )
        #expect(chosen.dispute.authorityDivision == "150100", "the authority chosen is a party: the one above coordinates")
        let withRegion = world.disputeInput(institutions: [CatalogWorld.regionAuthority, CatalogWorld.hohhotTransport])
        try await world.expectSameRefusal(
            "dispute_not_self_decided_a47_1",
            swift: { _ = try await world.disputes.file(withRegion, by: world.transport) },
            sql: [
                """
                insert into dispute (subject, description, party_institutions, filed_by)
                values ('sharing', '对共享申请答复范围有异议',
                        array[\(CatalogWorld.regionAuthority), \(CatalogWorld.hohhotTransport)]::text[], \(world.transport.account.id))
                """
            ]
        )
        try await world.drop()
    }
}
