/// What it takes to open an account: the role, a name, and the subject the account acts for.
public struct NewAccount: Sendable, Hashable, Codable {
    public var role: Role
    public var displayName: String
    /// Unified social credit code of the institution (clerk, reviewer, planner; optional for committee members).
    public var institution: String?
    /// The data user to register with the account (role `data_user`).
    public var dataUser: NewDataUser?

    public init(role: Role, displayName: String, institution: String? = nil, dataUser: NewDataUser? = nil) {
        self.role = role
        self.displayName = displayName
        self.institution = institution
        self.dataUser = dataUser
    }

    /// The same checks the database makes, first, so the message names the field (A38.1, A14.1).
    public func validate() throws(RegistryError) {
        if displayName.trimmingWhitespace.isEmpty { throw .missing("display_name", "账户名称") }
        switch role {
        case .clerk, .reviewer, .planner:
            guard let institution else { throw AccountRules.subjectMatchesRole.error }
            try Self.validateUSCC(institution, field: "institution")
            if dataUser != nil { throw AccountRules.subjectMatchesRole.error }
        case .committee:
            if let institution { try Self.validateUSCC(institution, field: "institution") }
            if dataUser != nil { throw AccountRules.subjectMatchesRole.error }
        case .dataUser:
            guard let dataUser, institution == nil else { throw AccountRules.subjectMatchesRole.error }
            try dataUser.validate()
        case .admin:
            if institution != nil || dataUser != nil { throw AccountRules.subjectMatchesRole.error }
        }
    }

    static func validateUSCC(_ code: String, field: String) throws(RegistryError) {
        do {
            _ = try UnifiedSocialCreditCode(validating: code)
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

    public func validate() throws(RegistryError) {
        if name.trimmingWhitespace.isEmpty { throw .missing("data_user.name", "数据利用主体名称") }
        switch kind {
        case .naturalPerson:
            guard let citizenID, uscc == nil else { throw AccountRules.naturalPersonIdentified.error }
            do {
                _ = try CitizenIdentityNumber(validating: citizenID)
            } catch {
                throw error.registryError(field: "data_user.citizen_id")
            }
        case .legalPerson:
            guard let uscc, citizenID == nil else { throw AccountRules.legalPersonIdentified.error }
            try NewAccount.validateUSCC(uscc, field: "data_user.uscc")
        case .otherOrganisation:
            if citizenID != nil { throw AccountRules.organisationHasNoCitizenID.error }
            if let uscc { try NewAccount.validateUSCC(uscc, field: "data_user.uscc") }
        }
    }
}

extension String {
    var trimmingWhitespace: Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
        return self[start..<end]
    }
}
