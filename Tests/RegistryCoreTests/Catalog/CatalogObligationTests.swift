import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// A11.1: a change of legal basis or duty starts a 15-working-day deadline to submit the updated catalog, counted by the
/// official calendar (W.1); the next submission fulfils it.
@Suite("Catalog update obligations (A11.1, W.1)")
struct CatalogObligationTests {
    /// Events just before and during 春节 and 国庆节, where the State Council's arrangement moves the deadline.
    static let eventDays = [
        "2025-01-24",  // Friday before 春节 2025 (off 01-28 … 02-04; working Sunday 01-26 and Saturday 02-08)
        "2025-09-30",  // last working day before 国庆节 2025 (off 10-01 … 10-08; working Saturday 10-11)
        "2026-02-13",  // Friday before 春节 2026 (off 02-15 … 02-23; working Saturday 02-14 and 02-28)
        "2026-10-01",  // 国庆节 2026 itself
    ]

    @Test("the update deadline is 15 working days after the event, as the Swift calendar counts them")
    func deadlinesAcrossHolidays() async throws {
        let world = try await CatalogWorld.make()
        let calendar = try CalendarFixtures.registryCalendar()
        let (catalog, _) = try await world.healthCatalogWithDraft()
        for day in Self.eventDays {
            let eventOn = CivilDate(iso: day)!
            let recorded = try await world.write(as: world.healthClerk, "catalog.obligation") {
                try CatalogStore().recordUpdateObligation(
                    NewCatalogUpdateObligation(eventOn: eventOn, description: "《某条例》修订,职责调整", legalBasis: "《某条例》(2025年修订)"),
                    for: catalog.id,
                    on: $0
                )
            }
            let expected = try calendar.dueDate(from: eventOn, workingDays: 15)
            #expect(recorded.updateDue == expected, "event \(day)")
            // The holidays matter: three calendar weeks would be a different day.
            #expect(recorded.updateDue != eventOn.adding(days: 21), "event \(day)")
            #expect(recorded.isOpen)
            #expect(recorded.institution == CatalogWorld.xinchengHealth)
        }
        // Checked by hand: 2026-02-14 (调休上班) is the 1st working day, 02-15 … 02-23 are off, 03-12 is the 15th.
        #expect(try calendar.dueDate(from: CivilDate(iso: "2026-02-13")!, workingDays: 15) == CivilDate(iso: "2026-03-12"))
        try await world.drop()
    }

    @Test("open obligations are listed by deadline and with the overdue ones; a submission fulfils them")
    func fulfilledBySubmission() async throws {
        let world = try await CatalogWorld.make()
        let (catalog, draft) = try await world.healthCatalogWithDraft()
        let education = try await world.write(as: world.educationClerk) {
            try CatalogStore().openInstitutionalCatalog(of: CatalogWorld.xinchengEducation, on: $0)
        }
        let today = try await world.today()
        let recorded = try await world.write(as: world.xinchengReviewer, "catalog.obligation") { connection in
            // The reviewing authority may record it too.
            [
                try CatalogStore().recordUpdateObligation(
                    NewCatalogUpdateObligation(eventOn: CivilDate(iso: "2026-02-13")!, description: "机构改革,职责划入"),
                    for: catalog.id,
                    on: connection
                ),
                try CatalogStore().recordUpdateObligation(
                    NewCatalogUpdateObligation(eventOn: today, description: "新法施行"),
                    for: education.id,
                    on: connection
                ),
            ]
        }
        let open = try await world.read { try CatalogStore().openUpdateObligations(inDivision: "150100", on: $0) }
        #expect(open.map(\.id) == recorded.map(\.id))
        let overdue = try await world.read { try CatalogStore().openUpdateObligations(inDivision: "150102", overdueOn: today, on: $0) }
        #expect(overdue.map(\.id) == [recorded[0].id])
        #expect(overdue.first?.isOverdue(on: today) == true)
        #expect(try await world.read { try CatalogStore().openUpdateObligations(inDivision: "150103", on: $0) }.isEmpty)

        let version = try await world.write(as: world.healthClerk, "catalog.submit") { connection in
            try CatalogStore().addItem(code: "YL-001", fields: CatalogWorld.fields(), to: draft.id, on: connection)
            return try CatalogStore().submit(draft.id, on: connection)
        }
        let obligations = try await world.read { try CatalogStore().updateObligations(of: catalog.id, on: $0) }
        #expect(obligations.count == 1)
        #expect(obligations.first?.fulfilledVersionID == version.id)
        #expect(obligations.first?.fulfilledOn == today)
        #expect(obligations.first?.isOverdue(on: today) == false)
        let stillOpen = try await world.read { try CatalogStore().openUpdateObligations(on: $0) }
        #expect(stillOpen.map(\.id) == [recorded[1].id])
        try await world.drop()
    }
}
