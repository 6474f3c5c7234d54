import ArgumentParser
import Foundation
import RegistryCore

extension Registry {
    struct Accounts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Accounts, their API tokens and their sign-in to the web workspace.",
            subcommands: [Create.self, Rotate.self, ResetPassword.self]
        )

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Open an account and print its API token (shown only this once).",
                discussion: "With --login, also print a one-time link to set the web password (valid 72 hours)."
            )

            @OptionGroup var global: GlobalOptions

            @OptionGroup var link: PasswordLinkOptions

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

            @Flag(help: "For data_user: reissue credentials to the data user already registered with this number.")
            var reissue = false

            func validate() throws {
                try link.validate()
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
                let new = NewAccount(
                    role: role,
                    displayName: name ?? role.label,
                    institution: institution,
                    dataUser: dataUser,
                    reissue: reissue ? true : nil
                )
                let login = try link.login.map { text throws(RegistryError) in try Login(text) }
                let (account, token, setup) = try global.write(action: "account.create") { connection in
                    let (account, token) = try AccountStore().create(new, on: connection)
                    return (account, token, try login.map { try SignInStore().assignLogin($0, to: account.id, on: connection) })
                }
                print("account \(account.id.uuidString.lowercased()) (\(account.role.rawValue))")
                print(token.value)
                if let setup { print("set the password within 72 hours: \(link.url(for: setup))") }
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

        struct ResetPassword: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "reset-password",
                abstract: "Print a one-time link to set a new web password for an account (valid 72 hours; earlier links stop working)."
            )

            @OptionGroup var global: GlobalOptions

            @OptionGroup var link: PasswordLinkOptions

            func validate() throws {
                try link.validate()
                guard link.login != nil else { throw ValidationError("--login names the account whose password is reset.") }
            }

            func run() async throws {
                let login = try Login(link.login ?? "")
                let (account, setup) = try global.write(action: "account.reset_password") { try SignInStore().resetPassword(of: login, on: $0) }
                print("account \(account.id.uuidString.lowercased()) (\(account.role.rawValue))")
                print("set the password within 72 hours: \(link.url(for: setup))")
            }
        }
    }
}

/// The login of an account and the address its one-time password link starts with.
struct PasswordLinkOptions: ParsableArguments {
    @Option(help: "Login name for the web workspace (lower case, 3 to 32 letters, digits, '.', '_' or '-').")
    var login: String?

    @Option(name: .customLong("base-url"), help: "Where the workspace is reached, for the password link.")
    var baseURL = "http://127.0.0.1:8080"

    func validate() throws {
        guard let url = URL(string: baseURL), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw ValidationError("--base-url must be an http or https address, such as https://registry.example.cn.")
        }
    }

    /// `BASE/password/setup?token=…`.
    func url(for token: WebSecret) -> String {
        (baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL) + "/password/setup?token=" + token.value
    }
}
