import Foundation
import Postgres
import RegistryCore

extension SyntheticRegistry {
    /// The authority of every division with its reviewer and planner, the departments spread over the divisions (a
    /// sixth at the region, a third in the leagues/cities, the rest in the banners/counties) each with a clerk, the
    /// data users (natural persons, companies, organisations) and a member of the assessment committee (A39.1).
    mutating func registerInstitutions(on connection: Connection) throws {
        divisions = try connection.query("select code, name, level::text as level from division order by code").map {
            (try $0.decode("code"), try $0.decode("name"), try $0.decode("level"))
        }
        var institutions: [[String?]] = []
        var accounts: [[String?]] = []
        for division in divisions {
            let uscc = SeedIdentifiers.publicBody(division: division.code, serial: nextSerial())
            let name = division.name + (division.level == "banner_county" ? "数据管理局" : "政务服务与数据管理局")
            institutions.append([uscc, name, division.code, InstitutionKind.publicDataAuthority.rawValue])
            let reviewer = random.uuid()
            accounts.append([reviewer.uuidString, Role.reviewer.rawValue, name + "审核员", uscc, nil, unusableTokenHash()])
            accounts.append([random.uuid().uuidString, Role.planner.rawValue, name + "计划编制员", uscc, nil, unusableTokenHash()])
            authorities[division.code] = Authority(uscc: uscc, reviewer: reviewer)
        }
        for index in 0..<scale.departments {
            let department = placeDepartment(index)
            institutions.append([department.uscc, department.name, department.division, InstitutionKind.publicInstitution.rawValue])
            accounts.append([department.clerk.uuidString, Role.clerk.rawValue, department.name + "登记员", department.uscc, nil, unusableTokenHash()])
            departments.append(department)
        }
        try connection.copy(into: "institution", columns: ["uscc", "name", "division_code", "kind"], rows: institutions)
        let committee = random.uuid()
        self.committee = committee
        accounts.append([committee.uuidString, Role.committee.rawValue, "自治区公共数据评估委员会委员", nil, nil, unusableTokenHash()])
        accounts += try registerDataUsers(on: connection)
        try connection.copy(
            into: "account",
            columns: ["id", "role", "display_name", "institution_uscc", "data_user_id", "token_hash"],
            rows: accounts
        )
    }

    /// The `index`-th department: its division, kind and name (a second body of the same kind in a division is one of
    /// the department's units).
    private mutating func placeDepartment(_ index: Int) -> Department {
        let leagues = divisions.filter { $0.level == "league_city" }
        let banners = divisions.filter { $0.level == "banner_county" }
        let region = divisions.first { $0.level == "region" }!
        let draw = random.below(6)
        let division = draw == 0 ? region : draw <= 2 ? leagues[random.below(leagues.count)] : banners[random.below(banners.count)]
        let kind = index % DemoVocabulary.departments.count
        let sameKind = departments.lazy.filter { $0.division == division.code && $0.kind == kind }.count
        let department = DemoVocabulary.departments[kind]
        var name = division.level == "region" ? division.name + department.regionName : division.name + department.name
        if sameKind > 0 { name += Self.units[(sameKind - 1) % Self.units.count] + (sameKind > Self.units.count ? "\(sameKind)" : "") }
        return Department(
            uscc: SeedIdentifiers.publicBody(division: division.code, serial: nextSerial()),
            name: name,
            division: division.code,
            kind: kind,
            clerk: random.uuid()
        )
    }

    private static let units = ["信息中心", "综合行政执法支队", "事务服务中心", "档案馆", "政务服务中心", "监测中心", "调查队", "研究院"]

    /// Data users: three in five natural persons (their citizen number kept only as digest and mask, A13.1), companies
    /// and other organisations; returns their accounts.
    private mutating func registerDataUsers(on connection: Connection) throws -> [[String?]] {
        var users: [[String?]] = []
        var accounts: [[String?]] = []
        for index in 0..<scale.dataUsers {
            let id = random.uuid()
            let division = divisions[random.below(divisions.count)].code
            switch index % 5 {
            case 0, 1, 2:
                let birthday = "\(1960 + index % 45)0\(1 + index / 45 % 9)1\(index / 405 % 9)"
                let citizen = SeedIdentifiers.citizen(division: division, birthday: birthday, serial: index / 3645)
                users.append([
                    id.uuidString, DataUserKind.naturalPerson.rawValue, Self.surnames[index % Self.surnames.count] + "某\(index)", citizen, nil,
                ])
            case 3:
                let uscc = SeedIdentifiers.company(division: division, serial: index)
                users.append([id.uuidString, DataUserKind.legalPerson.rawValue, "内蒙古数据应用企业\(index)有限公司", nil, uscc])
            default:
                users.append([id.uuidString, DataUserKind.otherOrganisation.rawValue, "公共数据研究中心\(index)", nil, nil])
            }
            let account = random.uuid()
            accounts.append([account.uuidString, Role.dataUser.rawValue, users[index][2], nil, id.uuidString, unusableTokenHash()])
            dataUsers.append(account)
        }
        try connection.copy(into: "data_user", columns: ["id", "kind", "name", "citizen_id", "uscc"], rows: users)
        return accounts
    }

    private static let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "巴特尔", "其其格", "乌力吉", "萨仁"]
}
