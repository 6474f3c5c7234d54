import ArgumentParser
import RegistryCore

extension Registry {
    struct Identifier: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "id",
            abstract: "Identifiers: citizen identity numbers (GB 11643) and unified social credit codes (GB 32100).",
            subcommands: [Check.self]
        )

        struct Check: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Say which kind of code CODE is and whether it is valid, and why not (exit 1 when invalid)."
            )

            @Argument(help: "The code to check.")
            var code: String

            func run() async throws {
                let result = IdentifierCheck.check(code)
                print(Self.summary(of: result))
                if !result.isValid { throw ExitCode.failure }
            }

            /// `unified_social_credit_code (统一社会信用代码): valid 91350100M000100Y43` or the reasons it is not.
            static func summary(of result: IdentifierCheckResult) -> String {
                let kind = "\(result.kind.rawValue) (\(result.kind.labelZH))"
                if result.isValid { return "\(kind): valid \(result.display ?? "")" }
                return "\(kind): invalid: \(result.reason ?? "unknown") / \(result.reasonZH ?? "")"
            }
        }
    }
}
