import ArgumentParser
import RegistryCore

extension Registry {
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The audit trail (A44.1).",
            subcommands: [Verify.self]
        )

        struct Verify: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Verify the audit trail's hash chain; print OK with the head hash, or the first broken sequence number."
            )

            @OptionGroup var global: GlobalOptions

            @Option(help: "A head hash noted earlier (64 hex digits): verify the chain still contains it (catches a cut-off tail).")
            var head: String?

            func validate() throws {
                if let head, AuditHead.hash(fromHex: head) == nil {
                    throw ValidationError("--head must be a SHA-256 hash as 64 hex digits.")
                }
            }

            func run() async throws {
                let expected = head.flatMap(AuditHead.hash(fromHex:))
                let result = try AuditTrail.verify(expectedHead: expected, on: try global.connect())
                print(result.summary)
                if !result.isIntact { throw ExitCode.failure }
            }
        }
    }
}
