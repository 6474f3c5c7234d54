/// What it takes to open an account: the role, a name, and the subject the account acts for.
public struct NewAccount: Sendable, Hashable, Codable {
    public var role: Role
    public var displayName: String
    /// Unified social credit code of the institution (clerk, reviewer, planner; optional for committee members and
    /// auditors, whose audit office may be registered as an institution).
    public var institution: String?
    /// The data user to register with the account (role `data_user`).
    public var dataUser: NewDataUser?
    /// Reissue credentials: when the data user is already registered (the same citizen identity number or credit code),
    /// the new account acts for it instead of registering it a second time.
    public var reissue: Bool?

    public init(role: Role, displayName: String, institution: String? = nil, dataUser: NewDataUser? = nil, reissue: Bool? = nil) {
        self.role = role
        self.displayName = displayName
        self.institution = institution
        self.dataUser = dataUser
        self.reissue = reissue
    }

    /// The same checks the database makes, first, so the message names the field (A38.1, A14.1); returns the
    /// account with its codes in their normalised (upper-case) form, as the database stores them.
    public func validated() throws(RegistryError) -> NewAccount {
        if displayName.trimmingWhitespace.isEmpty { throw .missing("display_name", "账户名称") }
        var valid = self
        switch role {
        case .clerk, .reviewer, .planner:
            guard let institution, dataUser == nil else { throw AccountRules.subjectMatchesRole.error }
            valid.institution = try Self.normalisedUSCC(institution, field: "institution")
        case .committee, .auditor:
            if dataUser != nil { throw AccountRules.subjectMatchesRole.error }
            valid.institution = try institution.map { code throws(RegistryError) in try Self.normalisedUSCC(code, field: "institution") }
        case .dataUser:
            guard let dataUser, institution == nil else { throw AccountRules.subjectMatchesRole.error }
            valid.dataUser = try dataUser.validated()
        case .admin:
            if institution != nil || dataUser != nil { throw AccountRules.subjectMatchesRole.error }
        }
        return valid
    }

    static func normalisedUSCC(_ code: String, field: String) throws(RegistryError) -> String {
        do {
            return try UnifiedSocialCreditCode(validating: code).value
        } catch {
            throw error.registryError(field: field)
        }
    }
}

/// A data user (数据利用主体) to register: natural persons by citizen identity number (A13.1), legal persons by
/// unified social credit code (A14.1).
public struct NewDataUser: Sendable, Hashable, Codable {
    public var kind: DataUserKind
    public var name: String
    /// Only held in memory until the database turns it into a digest and a masked form.
    public var citizenID: String?
    public var uscc: String?

    public init(kind: DataUserKind, name: String, citizenID: String? = nil, uscc: String? = nil) {
        self.kind = kind
        self.name = name
        self.citizenID = citizenID
        self.uscc = uscc
    }

    /// Checks the identity (A13.1, A14.1) and returns it with its codes normalised.
    public func validated() throws(RegistryError) -> NewDataUser {
        if name.trimmingWhitespace.isEmpty { throw .missing("data_user.name", "数据利用主体名称") }
        var valid = self
        switch kind {
        case .naturalPerson:
            guard let citizenID, uscc == nil else { throw AccountRules.naturalPersonIdentified.error }
            do {
                valid.citizenID = try CitizenIdentityNumber(validating: citizenID).unmaskedValue
            } catch {
                throw error.registryError(field: "data_user.citizen_id")
            }
        case .legalPerson:
            guard let uscc, citizenID == nil else { throw AccountRules.legalPersonIdentified.error }
            valid.uscc = try NewAccount.normalisedUSCC(uscc, field: "data_user.uscc")
        case .otherOrganisation:
            if citizenID != nil { throw AccountRules.organisationHasNoCitizenID.error }
            valid.uscc = try uscc.map { code throws(RegistryError) in try NewAccount.normalisedUSCC(code, field: "data_user.uscc") }
        }
        return valid
    }
}

extension String {
    var trimmingWhitespace: Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
        return self[start..<end]
    }
}
