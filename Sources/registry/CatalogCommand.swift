import ArgumentParser
import Foundation
import Postgres
import RegistryCore

extension Registry {
    /// The catalog read from the command line (A10.1, A10.3, A11.1): published items, an item's history, the versions
    /// awaiting a decision and the open update obligations, as tab-separated lines under a header. Changes go through
    /// the API (each by its keeper or reviewer) or `registry import catalog`.
    struct CatalogCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "catalog",
            abstract: "Read the three-level catalog (A10, A11).",
            subcommands: [Items.self, History.self, Reviews.self, Obligations.self]
        )

        /// `registry catalog items`: published items with the API's filters, every page.
        struct Items: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List published catalog items: code, name, institution, share type, open type, grade, data updated on."
            )

            @OptionGroup var global: GlobalOptions

            @Option(help: "A division code (GB/T 2260): items of its catalogs and of the divisions below it.")
            var division: String?
            @Option(help: "Unified social credit code of the institution.")
            var institution: String?
            @Option(name: .customLong("share-type"), help: "unconditional, conditional or not_shared.")
            var shareType: ShareType?
            @Option(name: .customLong("open-type"), help: "unconditional, conditional or not_open.")
            var openType: OpenType?
            @Option(help: "core, important or general.")
            var grade: DataGrade?
            @Option(name: .customLong("text"), help: "Words found in the item's name or its data items' names.")
            var text: String?

            func run() async throws {
                let filter = CatalogItemFilter(
                    divisionCode: division,
                    institution: institution?.uppercased(),
                    shareType: shareType,
                    openType: openType,
                    grade: grade,
                    text: try text.flatMap { text throws(RegistryError) in try SearchText(validating: text, field: "--text")?.text }
                )
                let connection = try global.connect()
                print(["code", "name", "institution", "share_type", "open_type", "grade", "data_updated_on"].tabbed)
                var cursor: CatalogItemCursor?
                repeat {
                    let page = try CatalogStore().publishedItems(
                        filter,
                        after: cursor,
                        limit: CatalogStore.maximumPageSize,
                        on: connection
                    )
                    for item in page.items { print(Self.line(item)) }
                    cursor = try page.nextCursor.map { text throws(RegistryError) in try CatalogItemCursor(parsing: text) }
                } while cursor != nil
            }

            static func line(_ item: CatalogItemSummary) -> String {
                [
                    item.code, item.name, item.institution, item.shareType.label, item.openType.label,
                    item.grade?.label ?? "", item.dataUpdatedOn?.description ?? "",
                ].tabbed
            }
        }

        /// `registry catalog history ITEM`: every revision of an item.
        struct History: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "An item's revisions: version, state, submitted on, decision due, name, withdrawn."
            )

            @OptionGroup var global: GlobalOptions

            @Argument(help: "The item's id (UUID).")
            var item: String

            func validate() throws {
                if UUID(uuidString: item) == nil { throw ValidationError("ITEM must be the item's id (a UUID).") }
            }

            func run() async throws {
                let revisions = try CatalogStore().history(of: UUID(uuidString: item)!, on: try global.connect())
                guard !revisions.isEmpty else { throw CommandFailure("no catalog item \(item)") }
                print(["version", "state", "submitted_on", "decision_due", "name", "withdrawn"].tabbed)
                for revision in revisions {
                    print(
                        [
                            String(revision.versionNumber), revision.versionState.label, revision.submittedOn?.description ?? "",
                            revision.decisionDue?.deadlineLabel(provisional: revision.decisionDueProvisional) ?? "", revision.fields.name,
                            revision.withdrawn ? "撤销" : "",
                        ].tabbed
                    )
                }
            }
        }

        /// `registry catalog reviews --division CODE`: what the division's authority has to decide, by deadline.
        struct Reviews: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Catalog versions awaiting the decision of a division's public data authority, by deadline (A11.1)."
            )

            @OptionGroup var global: GlobalOptions

            @Option(help: "The division code (GB/T 2260) of the reviewing authority.")
            var division: String

            func run() async throws {
                let connection = try global.connect()
                let store = CatalogStore()
                print(["decision_due", "submitted_on", "catalog", "version"].tabbed)
                for version in try store.versionsAwaitingDecision(reviewedIn: division, on: connection) {
                    let catalog = try store.catalog(version.catalogID, on: connection)
                    print(
                        [
                            version.decisionDue?.deadlineLabel(provisional: version.decisionDueProvisional) ?? "",
                            version.submittedOn?.description ?? "",
                            catalog?.name ?? "",
                            String(version.number),
                        ].tabbed
                    )
                }
            }
        }

        /// `registry catalog obligations [--division CODE] [--overdue-on DATE]`: open update obligations.
        struct Obligations: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Open catalog update obligations (A11.1), the earliest deadline first."
            )

            @OptionGroup var global: GlobalOptions

            @Option(help: "A division code: obligations of its catalogs and of the divisions below it.")
            var division: String?
            @Option(name: .customLong("overdue-on"), help: "Only those overdue on this day (YYYY-MM-DD).")
            var overdueOn: String?

            func validate() throws {
                if let overdueOn, CivilDate(iso: overdueOn) == nil { throw ValidationError("--overdue-on must be a date YYYY-MM-DD.") }
            }

            func run() async throws {
                let obligations = try CatalogStore().openUpdateObligations(
                    inDivision: division,
                    overdueOn: overdueOn.flatMap(CivilDate.init(iso:)),
                    on: try global.connect()
                )
                print(["update_due", "event_on", "institution", "description"].tabbed)
                for obligation in obligations {
                    print(
                        [
                            obligation.updateDue.deadlineLabel(provisional: obligation.updateDueProvisional), obligation.eventOn.description,
                            obligation.institution, obligation.description,
                        ].tabbed
                    )
                }
            }
        }
    }
}

extension ShareType: ExpressibleByArgument {}
extension OpenType: ExpressibleByArgument {}
extension DataGrade: ExpressibleByArgument {}

extension [String] {
    /// The fields as one tab-separated line; tabs and line breaks inside a field become spaces.
    var tabbed: String {
        map { $0.replacing(/[\t\r\n]/, with: " ") }.joined(separator: "\t")
    }
}
