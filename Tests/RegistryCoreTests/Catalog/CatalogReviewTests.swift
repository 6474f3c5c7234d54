import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// A10.1, A10.3, A11.1: review level by level — an institution's catalog by its own division's authority, a level
/// catalog by the authority above — with deadlines counted in working days, and who may act at each step.
@Suite("Catalog review across two levels (A10.1, A10.3, A11.1)")
struct CatalogReviewTests {
    /// The calendar of `sql/reference/`, read by Swift on its own (no SQL).
    static func calendar() throws -> WorkingDayCalendar {
        try CalendarFixtures.registryCalendar()
    }

    @Test("新城区: an institution's catalog approved by 新城区, the level catalog returned and approved by 呼和浩特市")
    func twoLevelRoundTrip() async throws {
        let world = try await CatalogWorld.make()
        let review = TwoLevelReview(world: world, calendar: try Self.calendar())
        let institutional = try await review.submitInstitutionCatalog()
        try await review.approveInstitutionCatalog(institutional.draft)
        let level = try await review.compileAndSubmitLevelCatalog(institutional.draft, today: institutional.today)
        try await review.refuseIncompetentDecisions(on: level.levelDraft)
        let returned = try await review.returnAndResubmitLevelCatalog(level.levelDraft, draft: institutional.draft)
        try await review.checkReviewHistory(
            catalog: institutional.catalog,
            draft: institutional.draft,
            level: level.level,
            levelDraft: level.levelDraft,
            today: institutional.today,
            reason: returned.reason,
            resubmitted: returned.resubmitted
        )
        try await world.drop()
    }

    @Test("the region's own level catalog is reviewed by the region's authority")
    func regionLevelCatalog() async throws {
        let world = try await CatalogWorld.make()
        let store = CatalogStore()
        let (level, draft) = try await world.write(as: world.regionReviewer) { connection in
            let level = try store.openLevelCatalog(of: "150000", on: connection)
            return (level, try store.openDraft(of: level.id, on: connection))
        }
        let reviewing = try await world.read {
            try $0.query("select catalog_reviewing_division(\(level.id)) as d").first!.decode("d", as: String.self)
        }
        #expect(reviewing == "150000")
        let empty = await world.refusal(as: world.regionReviewer) { try store.submit(draft.id, on: $0) }
        #expect(empty == CatalogRules.notEmpty.error)
        try await world.drop()
    }

    @Test("clerks act only for their own institution's catalog (A38.1)")
    func clerksOfOtherInstitutions() async throws {
        let world = try await CatalogWorld.make()
        let catalogs = world.workflow
        let (catalog, draft) = try await world.healthCatalogWithDraft()
        let before = try await world.snapshot()
        let education = world.educationClerk
        let attempts: [@Sendable () async throws -> Void] = [
            { _ = try await catalogs.open(NewCatalog(kind: .institutional, institution: CatalogWorld.xinchengHealth), by: education) },
            { _ = try await catalogs.addItem(NewCatalogItem(code: "X-1", fields: CatalogWorld.fields()), to: draft.id, by: education) },
            { _ = try await catalogs.transition(draft.id, .submit, by: education) },
            { try await catalogs.discardDraft(draft.id, by: education) },
            { _ = try await catalogs.openDraft(of: catalog.id, note: nil, by: world.huiminClerk) },
            { _ = try await catalogs.openDraft(of: catalog.id, note: nil, by: world.xinchengReviewer) },
            { _ = try await catalogs.open(NewCatalog(kind: .level, divisionCode: "150102"), by: world.healthClerk) },
            { _ = try await catalogs.open(NewCatalog(kind: .level, divisionCode: "150102"), by: world.huiminReviewer) },
            {
                _ = try await catalogs.recordUpdateObligation(
                    NewCatalogUpdateObligation(eventOn: CivilDate(iso: "2026-03-02")!, description: "职责调整"),
                    for: catalog.id,
                    by: education
                )
            },
        ]
        for attempt in attempts {
            let refused = await refusal(of: attempt)
            #expect(refused?.code == .forbidden)
        }
        #expect(try await world.snapshot() == before)
        try await world.drop()
    }

    @Test("every step is in the audit trail with its semantic action and actor (A44.1)")
    func auditedSteps() async throws {
        let world = try await CatalogWorld.make()
        let (catalog, draft) = try await world.healthCatalogWithDraft()
        try await world.write(as: world.healthClerk, "catalog.submit") { connection in
            try CatalogStore().addItem(code: "YL-001", fields: CatalogWorld.fields(), to: draft.id, on: connection)
            try CatalogStore().submit(draft.id, on: connection)
        }
        let rows = try await world.read { connection in
            try connection.query(
                """
                select entity, action, actor_institution from audit_log
                 where entity in ('catalog_version', 'catalog_review_event') and record_id in (\(draft.id.uuidString.lowercased()),
                       (select id::text from catalog_review_event where version_id = \(draft.id)))
                   and action = 'catalog.submit'
                """
            ).map { try ($0.decode("entity", as: String.self), $0.decode("actor_institution", as: String.self)) }
        }
        #expect(Set(rows.map(\.0)) == ["catalog_version", "catalog_review_event"])
        #expect(rows.allSatisfy { $0.1 == CatalogWorld.xinchengHealth })
        #expect(catalog.kind == .institutional)
        try await world.drop()
    }
}

/// The steps of `CatalogReviewTests.twoLevelRoundTrip`, in order: each takes what an earlier step returned.
private struct TwoLevelReview {
    let world: CatalogWorld
    let calendar: WorkingDayCalendar
    let store = CatalogStore()
}

extension TwoLevelReview {
    /// 1. The institution's catalog (A10.1): drafted and submitted by its clerk, due 5 working days later (A11.1), in the
    /// queue of 新城区 only. Returns the catalog, its draft and the day of submission.
    func submitInstitutionCatalog() async throws -> (catalog: Catalog, draft: CatalogVersion, today: CivilDate) {
        let (catalog, draft) = try await world.healthCatalogWithDraft()
        let submitted = try await world.write(as: world.healthClerk, "catalog.submit") { connection in
            try store.addItem(code: "YL-001", fields: CatalogWorld.fields(), to: draft.id, on: connection)
            try store.addItem(code: "YL-002", fields: CatalogWorld.restrictedFields(), to: draft.id, on: connection)
            return try store.submit(draft.id, on: connection)
        }
        let today = try await world.today()
        #expect(submitted.state == .submitted)
        #expect(submitted.submittedOn == today)
        #expect(submitted.decisionDue == (try calendar.dueDate(from: today, workingDays: 5)))
        #expect(try await world.read { try store.versionsAwaitingDecision(reviewedIn: "150102", on: $0) }.map(\.id) == [draft.id])
        #expect(try await world.read { try store.versionsAwaitingDecision(reviewedIn: "150100", on: $0) }.isEmpty)
        return (catalog, draft, today)
    }

    /// Reviewed by the authority of its own division (A10.3): the city's and the neighbour's reviewers are refused;
    /// approved by 新城区, its items published at version 1.
    func approveInstitutionCatalog(_ draft: CatalogVersion) async throws {
        for outsider in [world.hohhotReviewer, world.huiminReviewer, world.regionReviewer, world.healthClerk] {
            let refused = await refusal { _ = try await world.workflow.transition(draft.id, .approve, by: outsider) }
            #expect(refused?.code == .forbidden)
        }
        let approved = try await world.write(as: world.xinchengReviewer, "catalog.approve") {
            try store.approve(draft.id, reviewer: world.xinchengReviewer, on: $0)
        }
        #expect(approved.state == .approved)
        #expect(approved.reviewerInstitution == CatalogWorld.xinchengAuthority)
        #expect(approved.reviewerAccount == world.xinchengReviewer.account.id)
        let published = try await world.read { try store.publishedItems(CatalogItemFilter(institution: CatalogWorld.xinchengHealth), on: $0) }
        #expect(published.items.map(\.code) == ["YL-001", "YL-002"])
        #expect(published.items.allSatisfy { $0.currentVersionNumber == 1 })
    }

    /// 2. 新城区's level catalog compiles the approved catalog and goes to 呼和浩特市 (A10.3), due 5 working days later
    /// (A11.1). Returns the level catalog and its draft.
    func compileAndSubmitLevelCatalog(_ draft: CatalogVersion, today: CivilDate) async throws -> (level: Catalog, levelDraft: CatalogVersion) {
        let (level, levelDraft) = try await world.write(as: world.xinchengReviewer) { connection in
            let level = try store.openLevelCatalog(of: "150102", on: connection)
            return (level, try store.openDraft(of: level.id, note: "新城区本级目录2026年版", on: connection))
        }
        let members = try await world.write(as: world.xinchengReviewer, "catalog.compile") {
            try store.compileLevelCatalog(levelDraft.id, on: $0)
        }
        #expect(members.map(\.versionID) == [draft.id])
        #expect(members.first?.institutionName == "新城区卫生健康委员会")
        let levelSubmitted = try await world.write(as: world.xinchengReviewer, "catalog.submit") {
            try store.submit(levelDraft.id, on: $0)
        }
        #expect(levelSubmitted.decisionDue == (try calendar.dueDate(from: today, workingDays: 5)))
        #expect(try await world.read { try store.versionsAwaitingDecision(reviewedIn: "150100", on: $0) }.map(\.id) == [levelDraft.id])
        return (level, levelDraft)
    }

    /// Its own authority, the neighbour above nothing, and the region are not the level above 新城区 (A10.3); the database
    /// refuses a decision by an authority that is not competent, whoever writes it.
    func refuseIncompetentDecisions(on levelDraft: CatalogVersion) async throws {
        for outsider in [world.xinchengReviewer, world.huiminReviewer, world.regionReviewer] {
            let refused = await refusal { _ = try await world.workflow.transition(levelDraft.id, .return(reason: "不全"), by: outsider) }
            #expect(refused?.code == .forbidden)
        }
        // The database refuses a decision by an authority that is not competent, whoever writes it.
        let wrongAuthority = await world.refusal {
            try $0.query(
                """
                update catalog_version set state = 'approved', reviewer_institution = \(CatalogWorld.xinchengAuthority)
                 where id = \(levelDraft.id)
                """
            )
        }
        #expect(wrongAuthority == CatalogRules.reviewedByCompetentAuthority.error)
    }

    /// 3. Returned with reasons by 呼和浩特市, reopened by its keeper only, corrected with 教育局's catalog, resubmitted and
    /// approved (A10.3). Returns the reason given and the resubmitted version.
    func returnAndResubmitLevelCatalog(
        _ levelDraft: CatalogVersion,
        draft: CatalogVersion
    ) async throws -> (
        reason: String, resubmitted: CatalogVersion
    ) {
        let reason = "缺少新城区教育局的部门目录,请补充后重新提交。"
        let returned = try await world.write(as: world.hohhotReviewer, "catalog.return") {
            try store.returnVersion(levelDraft.id, reason: reason, reviewer: world.hohhotReviewer, on: $0)
        }
        #expect(returned.state == .returned)
        #expect(returned.returnReason == reason)
        #expect(returned.reviewerInstitution == CatalogWorld.hohhotAuthority)
        let outsiderReopen = await refusal { _ = try await world.workflow.transition(levelDraft.id, .reopen, by: world.healthClerk) }
        #expect(outsiderReopen?.code == .forbidden)
        let reopened = try await world.write(as: world.xinchengReviewer, "catalog.reopen") {
            try store.reopen(levelDraft.id, on: $0)
        }
        #expect(reopened.state == .draft)
        #expect(reopened.returnReason == nil && reopened.decisionDue == nil)

        let education = try await world.write(as: world.educationClerk) {
            try store.openInstitutionalCatalog(of: CatalogWorld.xinchengEducation, on: $0)
        }
        let educationVersion = try await world.publish(
            [("JY-001", CatalogWorld.fields("中小学校名录", source: CatalogWorld.xinchengEducation))],
            in: education,
            clerk: world.educationClerk,
            reviewer: world.xinchengReviewer
        )
        let recompiled = try await world.write(as: world.xinchengReviewer, "catalog.compile") {
            try store.compileLevelCatalog(levelDraft.id, on: $0)
        }
        #expect(Set(recompiled.map(\.versionID)) == [draft.id, educationVersion.id])
        let resubmitted = try await world.write(as: world.xinchengReviewer, "catalog.submit") {
            try store.submit(levelDraft.id, on: $0)
        }
        let final = try await world.write(as: world.hohhotReviewer, "catalog.approve") {
            try store.approve(levelDraft.id, reviewer: world.hohhotReviewer, on: $0)
        }
        #expect(final.state == .approved)
        #expect(final.number == 1)
        return (reason, resubmitted)
    }

    /// 4. The review history: every step with the deadline it ran under (A11.1), the reviewing authority, the members.
    func checkReviewHistory(
        catalog: Catalog,
        draft: CatalogVersion,
        level: Catalog,
        levelDraft: CatalogVersion,
        today: CivilDate,
        reason: String,
        resubmitted: CatalogVersion
    ) async throws {
        let history = try await world.read { try store.versions(of: level.id, on: $0) }
        #expect(history.count == 1)
        let events = history[0].events
        #expect(events.map(\.kind) == [.submitted, .returned, .reopened, .submitted, .approved])
        let due = try calendar.dueDate(from: today, workingDays: 5)
        #expect(events.map(\.decisionDue) == [due, due, nil, due, due])
        #expect(events[1].reason == reason)
        #expect(events[1].reviewerInstitution == CatalogWorld.hohhotAuthority)
        #expect(events[4].reviewerInstitution == CatalogWorld.hohhotAuthority)
        #expect(resubmitted.decisionDue == due)
        #expect(history[0].changeCount == 2)
        let compiled = try await world.read { try store.members(of: levelDraft.id, on: $0) }
        #expect(compiled.map(\.institution) == [CatalogWorld.xinchengHealth, CatalogWorld.xinchengEducation])
        #expect(try await world.read { try store.catalog(catalog.id, on: $0) }?.kind == .institutional)
    }
}
