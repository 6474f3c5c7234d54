import ArgumentParser
import Foundation
import RegistryCore

extension Registry {
    struct Accounts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Accounts and their API tokens.",
            subcommands: [Create.self, Rotate.self]
        )

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Open an account and print its API token (shown only this once)."
            )

            @OptionGroup var global: GlobalOptions

            @Option(help: "Role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
            var role: String

            @Option(help: "Unified social credit code of the institution the account acts for.")
            var institution: String?

            @Option(help: "Display name of the account (default: the role's label).")
            var name: String?

            @Option(name: .customLong("data-user-kind"), help: "For data_user: natural_person, legal_person or other_organisation.")
            var dataUserKind: String?

            @Option(name: .customLong("citizen-id"), help: "For a natural person: citizen identity number (stored only masked).")
            var citizenID: String?

            @Option(help: "For a legal person or organisation: its unified social credit code.")
            var uscc: String?

            func validate() throws {
                guard Role(rawValue: role) != nil else {
                    throw ValidationError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                if let dataUserKind, DataUserKind(rawValue: dataUserKind) == nil {
                    throw ValidationError("--data-user-kind must be natural_person, legal_person or other_organisation.")
                }
            }

            func run() async throws {
                let role = Role(rawValue: role)!
                let dataUser = role == .dataUser ? newDataUser() : nil
                let new = NewAccount(role: role, displayName: name ?? role.label, institution: institution, dataUser: dataUser)
                let (account, token) = try global.write(action: "account.create") { try AccountStore().create(new, on: $0) }
                print("account \(account.id.uuidString.lowercased()) (\(account.role.rawValue))")
                print(token.value)
            }

            private func newDataUser() -> NewDataUser {
                let kind = dataUserKind.flatMap(DataUserKind.init(rawValue:)) ?? (citizenID != nil ? .naturalPerson : .legalPerson)
                return NewDataUser(kind: kind, name: name ?? kind.label, citizenID: citizenID, uscc: uscc)
            }
        }

        struct Rotate: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Issue a new API token for an account (shown only this once); the old one works for the grace period."
            )

            @OptionGroup var global: GlobalOptions

            @Argument(help: "The account's id.")
            var account: String

            func validate() throws {
                guard UUID(uuidString: account) != nil else { throw ValidationError("ACCOUNT must be the account's id (a UUID).") }
            }

            func run() async throws {
                let id = UUID(uuidString: account)!
                let (account, token) = try global.write(action: "account.rotate_token") { try AccountStore().rotateToken(of: id, on: $0) }
                print("account \(account.id.uuidString.lowercased()) (\(account.role.rawValue)), token good until \(account.tokenExpiresAt)")
                print(token.value)
            }
        }
    }
}
