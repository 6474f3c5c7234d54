import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// A10.1, A10.3: no authority decides on its own catalog. A league or city authority's own catalog goes to the region's
/// authority; the region's own goes to its designated reviewer, and to no other account of the region's authority.
@Suite("No one reviews their own catalog (A10.1, A10.3)")
struct SelfReviewTests {
    /// The own catalog of `institution`, kept by `clerk`, with one item, submitted.
    static func submittedOwnCatalog(of institution: String, clerk: Principal, in world: CatalogWorld) async throws -> CatalogVersion {
        let store = CatalogStore()
        return try await world.write(as: clerk) { connection in
            let catalog = try store.openInstitutionalCatalog(of: institution, on: connection)
            let draft = try store.openDraft(of: catalog.id, note: "首次编制", on: connection)
            try store.addItem(code: "ZW-001", fields: CatalogWorld.fields("政务服务事项目录", source: institution), to: draft.id, on: connection)
            return try store.submit(draft.id, on: connection)
        }
    }

    static func actor(_ role: Role, _ institution: String?, in world: CatalogWorld) async throws -> Principal {
        try await world.database.actor(for: NewAccount(role: role, displayName: role.label, institution: institution), requestID: "req-self")
    }

    @Test("A10.3: 呼和浩特市's authority's own catalog is decided by the region's authority, never by itself")
    func cityAuthorityOwnCatalog() async throws {
        let world = try await CatalogWorld.make()
        let store = CatalogStore()
        let clerk = try await Self.actor(.clerk, CatalogWorld.hohhotAuthority, in: world)
        let version = try await Self.submittedOwnCatalog(of: CatalogWorld.hohhotAuthority, clerk: clerk, in: world)
        let reviewing = try await world.read {
            try $0.query("select catalog_reviewing_division(\(version.catalogID)) as d").first!.decode("d", as: String.self)
        }
        #expect(reviewing == "150000")
        #expect(try await world.read { try store.versionsAwaitingDecision(reviewedIn: "150000", on: $0) }.map(\.id) == [version.id])

        let bySwift = await refusal { _ = try await world.workflow.transition(version.id, .approve, by: world.hohhotReviewer) }
        #expect(bySwift?.code == .forbidden)
        let reviewer = world.hohhotReviewer
        let bySQL = await world.refusal {
            try $0.query(
                """
                update catalog_version set state = 'approved', reviewer_institution = \(CatalogWorld.hohhotAuthority),
                       reviewer_account = \(reviewer.account.id) where id = \(version.id)
                """
            )
        }
        #expect(bySQL == CatalogRules.reviewedByCompetentAuthority.error)

        let approved = try await world.write(as: world.regionReviewer) { try store.approve(version.id, reviewer: world.regionReviewer, on: $0) }
        #expect(approved.reviewerInstitution == CatalogWorld.regionAuthority)
        try await world.drop()
    }

    @Test("A10.3: the region's own catalog is decided only by its designated reviewer, designated by the admin with a basis")
    func regionOwnCatalog() async throws {
        let world = try await CatalogWorld.make()
        let store = CatalogStore()
        let workflow = CatalogWorkflow(database: world.database)
        let clerk = try await Self.actor(.clerk, CatalogWorld.regionAuthority, in: world)
        let designated = try await Self.actor(.reviewer, CatalogWorld.regionAuthority, in: world)
        let admin = try await Self.actor(.admin, nil, in: world)
        let version = try await Self.submittedOwnCatalog(of: CatalogWorld.regionAuthority, clerk: clerk, in: world)

        // No reviewer designated: the region's reviewers are refused by the database, in Swift and in SQL alike.
        let regionReviewer = world.regionReviewer
        try await world.expectSameRefusal(
            CatalogRules.notSelfReviewed,
            as: regionReviewer,
            swift: { try store.approve(version.id, reviewer: regionReviewer, on: $0) },
            sql: {
                try $0.query(
                    """
                    update catalog_version set state = 'approved', reviewer_institution = \(CatalogWorld.regionAuthority),
                           reviewer_account = \(regionReviewer.account.id) where id = \(version.id)
                    """
                )
            }
        )

        // Designation: only the admin, only for a division with no division above, only a reviewer of its authority.
        let designation = DesignatedCatalogReviewer(divisionCode: "150000", reviewerAccount: designated.account.id, basis: "厅务会议决定")
        await #expect(throws: RegistryError.self) { try await workflow.designateReviewer(designation, by: regionReviewer) }
        var city = designation
        city.divisionCode = "150100"
        city.reviewerAccount = world.hohhotReviewer.account.id
        await #expect(throws: CatalogRules.designatedReviewerTopDivision.error) { try await workflow.designateReviewer(city, by: admin) }
        var byClerk = designation
        byClerk.reviewerAccount = clerk.account.id
        await #expect(throws: CatalogRules.designatedReviewerAccount.error) { try await workflow.designateReviewer(byClerk, by: admin) }
        var unfounded = designation
        unfounded.basis = "  "
        await #expect(throws: CatalogRules.designatedReviewerBasis.error) { try await workflow.designateReviewer(unfounded, by: admin) }
        let recorded = try await workflow.designateReviewer(designation, by: admin)
        #expect(try await workflow.designatedReviewer(of: "150000", by: clerk) == recorded)

        // Still refused to every other reviewer of the region; the designated one decides, and the audit trail says so.
        let refused = await world.refusal(as: regionReviewer) { try store.approve(version.id, reviewer: regionReviewer, on: $0) }
        #expect(refused == CatalogRules.notSelfReviewed.error)
        let approved = try await world.write(as: designated) { try store.approve(version.id, reviewer: designated, on: $0) }
        #expect(approved.reviewerAccount == designated.account.id)
        let audited = try await world.read {
            try $0.query("select count(*) as n from audit_log where entity = 'designated_catalog_reviewer' and action = 'catalog.designate_reviewer'")
                .first!.decode("n", as: Int.self)
        }
        #expect(audited == 1)
        try await world.drop()
    }
}
