/// A36.1: the security officer (安全管理责任人) an institution names — name, title and the day named.
public struct SecurityOfficer: Sendable, Hashable, Codable {
    public var name: String
    /// 职务.
    public var title: String
    /// The day the officer was named; the registry records today (Asia/Shanghai) when it is not given.
    public var namedOn: CivilDate?

    public init(name: String, title: String, namedOn: CivilDate? = nil) {
        self.name = name
        self.title = title
        self.namedOn = namedOn
    }

    /// The rule `institution_security_officer_complete_a36_1` enforces: a name and a title that are not blank.
    public func validate() throws(PlaceRuleViolation) {
        if name.isBlankInDatabase || title.isBlankInDatabase {
            throw PlaceRuleViolation(PlaceRules.institutionSecurityOfficerComplete)
        }
    }
}
