import ArgumentParser
import Postgres
import RegistryCore

extension Registry {
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The audit trail (A44.1).",
            subcommands: [Verify.self, Seal.self, Anchor.self]
        )

        struct Verify: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Verify the audit trail's hash chain; print OK with the head hash, or the first broken sequence number.",
                discussion: "Seals what is final first (`audit seal`), then checks the sealed chain and the rows not yet sealed."
            )

            @OptionGroup var global: GlobalOptions

            @Option(help: "A head hash noted earlier (64 hex digits): verify the chain still contains it (catches a cut-off tail).")
            var head: String?

            @Option(help: "A file of anchors (`registry audit anchor`): verify every anchored head is still in the chain.")
            var anchors: String?

            func validate() throws {
                if let head, AuditHead.hash(fromHex: head) == nil {
                    throw ValidationError("--head must be a SHA-256 hash as 64 hex digits.")
                }
            }

            func run() async throws {
                let expected = head.flatMap(AuditHead.hash(fromHex:))
                let anchored = try anchors.map { try AuditAnchorFile(path: $0).read() } ?? []
                let connection = try global.connect()
                do {
                    let sealing = try AuditTrail.sealAll(on: connection)
                    if let problem = sealing.problem { print("SEALER STOPPED: \(problem)") }
                } catch let error as PostgresError where error.sqlState == "42501" {
                    print("not sealed first: this database role may not run the sealer (rows not yet sealed are checked as they are)")
                }
                let result = try AuditTrail.verify(expectedHead: expected, on: connection)
                let mismatches = try AuditTrail.check(anchors: anchored, on: connection)
                print(result.summary)
                if anchors != nil {
                    for mismatch in mismatches { print("ANCHOR BROKEN: \(mismatch)") }
                    if mismatches.isEmpty { print("anchors: all \(anchored.count) still in the chain") }
                }
                if !result.isIntact || !mismatches.isEmpty { throw ExitCode.failure }
            }
        }

        struct Seal: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Chain the committed audit rows not yet sealed (`registry serve` does it every few hundred milliseconds).",
                discussion: "Only one sealer runs at a time: while another holds the lock this one seals nothing and says so."
            )

            @OptionGroup var global: GlobalOptions

            func run() async throws {
                let result = try AuditTrail.sealAll(on: try global.connect())
                print(result)
                if result.problem != nil { throw ExitCode.failure }
            }
        }

        struct Anchor: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Append the chain's current head (time, sequence, hash) to an append-only file kept outside the database.",
                discussion: "`registry serve` does it on a schedule (--anchor-interval); `audit verify --anchors FILE` checks them."
            )

            @OptionGroup var global: GlobalOptions

            @Option(help: "The anchor file, appended to (created when missing).")
            var out: String

            func run() async throws {
                let anchor = try AuditAnchor.take(on: try global.connect())
                try AuditAnchorFile(path: out).append(anchor)
                print(anchor)
            }
        }
    }
}
