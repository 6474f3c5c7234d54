import Foundation
import Postgres
import RegistryCore

/// The demo registry being built: its institutions, the actors acting for them and what was made so far.
struct DemoWorld {
    /// An institution of the demo with the actors acting for it.
    struct Member {
        let uscc: String
        let name: String
        let division: String
        let department: DemoDepartment?
        /// The clerk (institutions) or reviewer (authorities) acting for it.
        let staff: Principal
    }

    let connection: Connection
    /// The day the seed runs (W.4): history is replayed up to it, never past it.
    let today: CivilDate
    var random = SeededRandom(state: 20_260_101)
    var authorities: [String: Member] = [:]
    var departments: [Member] = []
    var items: [(id: UUID, owner: String, shareType: ShareType, names: [String])] = []
    var counts: [(String, Int)] = []
    var committee: Principal?
    var dataUsers: [Principal] = []
    private var serial = 0

    init(on connection: Connection) throws {
        self.connection = connection
        self.today = try RegistryClock.today(on: connection)
    }

    var summary: String { counts.map { "\($0.0): \($0.1)" }.joined(separator: "\n") }

    // MARK: Institutions and accounts

    mutating func registerInstitutions() throws {
        let leagues = try connection.query("select code, name from division where level = 'league_city' order by code")
            .map { (try $0.decode("code", as: String.self), try $0.decode("name", as: String.self)) }
        let banners = try connection.query(
            "select code, name from division where level = 'banner_county' and parent_code = '150100' order by code limit 3"
        ).map { (try $0.decode("code", as: String.self), try $0.decode("name", as: String.self)) }
        try addAuthority("150000", "内蒙古自治区政务服务与数据管理局")
        for department in DemoVocabulary.departments { try addDepartment("150000", "内蒙古自治区" + department.regionName, department) }
        for (index, (code, name)) in leagues.enumerated() {
            try addAuthority(code, name + "政务服务与数据管理局")
            for k in 0..<3 {
                let department = DemoVocabulary.departments[(index * 3 + k) % DemoVocabulary.departments.count]
                try addDepartment(code, name + department.name, department)
            }
        }
        for (index, (code, name)) in banners.enumerated() {
            try addAuthority(code, name + "数据管理局")
            try addDepartment(code, name + DemoVocabulary.departments[index].name, DemoVocabulary.departments[index])
        }
        try addPeople()
        counts.append(("机构", authorities.count + departments.count))
    }

    private mutating func nextUSCC(_ division: String) -> String {
        serial += 1
        return SeedIdentifiers.publicBody(division: division, serial: serial)
    }

    private mutating func addAuthority(_ division: String, _ name: String) throws {
        let uscc = nextUSCC(division)
        try InstitutionStore().create(NewInstitution(uscc: uscc, name: name, divisionCode: division, kind: .publicDataAuthority), on: connection)
        let reviewer = try actor(NewAccount(role: .reviewer, displayName: name + "审核员", institution: uscc), division, .publicDataAuthority)
        _ = try actor(NewAccount(role: .planner, displayName: name + "计划编制员", institution: uscc), division, .publicDataAuthority)
        authorities[division] = Member(uscc: uscc, name: name, division: division, department: nil, staff: reviewer)
    }

    private mutating func addDepartment(_ division: String, _ name: String, _ department: DemoDepartment) throws {
        let uscc = nextUSCC(division)
        try InstitutionStore().create(NewInstitution(uscc: uscc, name: name, divisionCode: division, kind: .publicInstitution), on: connection)
        let clerk = try actor(NewAccount(role: .clerk, displayName: name + "登记员", institution: uscc), division, .publicInstitution)
        departments.append(Member(uscc: uscc, name: name, division: division, department: department, staff: clerk))
    }

    private mutating func addPeople() throws {
        committee = try actor(NewAccount(role: .committee, displayName: "自治区公共数据评估委员会委员"), nil, nil)
        let citizen = "15010219850612" + "123"
        let people = [
            NewDataUser(kind: .naturalPerson, name: "张明", citizenID: citizen + String(CitizenIdentityNumber.checkCharacter(for: citizen)!)),
            NewDataUser(
                kind: .legalPerson,
                name: "内蒙古草原数据科技有限公司",
                uscc: "91150100MA0000301" + String(UnifiedSocialCreditCode.checkCharacter(for: "91150100MA0000301")!)
            ),
            NewDataUser(kind: .otherOrganisation, name: "内蒙古大学公共管理研究中心"),
        ]
        for person in people {
            dataUsers.append(try actor(NewAccount(role: .dataUser, displayName: person.name, dataUser: person), nil, nil))
        }
    }

    private func actor(_ account: NewAccount, _ division: String?, _ kind: InstitutionKind?) throws -> Principal {
        Principal(account: try AccountStore().create(account, on: connection).0, division: division, institutionKind: kind, requestID: "seed-demo")
    }
}
