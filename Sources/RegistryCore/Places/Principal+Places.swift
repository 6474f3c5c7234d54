import Postgres

/// A5.1 / A38.1: who may act on institutions and platforms, in one place.
///
/// A division's affairs are the business of its own public data authority and of the authorities above it (A5(一):
/// 统筹本行政区域内公共数据管理工作); `lineage` is the division concerned with every division above it, region first
/// (``DivisionStore/lineage(of:on:)``).
extension Principal {
    /// Refuses unless the actor, in one of `roles`, is staff of the public data authority of a division in `lineage`.
    public func requireAuthority(overLineage lineage: [String], roles: [Role] = [.reviewer]) throws(RegistryError) {
        try require(roles)
        guard institutionKind == .publicDataAuthority, let division, lineage.contains(division) else {
            throw RegistryError(.forbidden, "只能办理本级或下级行政区划内公共数据主管部门职责范围内的事项。")
        }
    }

    /// Refuses unless the actor is a clerk of one of `institutions`, or a reviewer of the authority of the division of one
    /// of them or of a division above it; the refusal names `subject`, what the actor tried to follow (共享申请, 违规记录 …).
    public func requireFollower(of institutions: [String], subject: String, on connection: Connection) throws {
        if role == .clerk {
            guard let own = institution, institutions.contains(own) else {
                throw RegistryError(.forbidden, "只有相关机构可以查看该\(subject)。")
            }
            return
        }
        var lastRefusal = RegistryError(.forbidden, "只能查看本级或下级地区机构的\(subject)。")
        for institution in institutions {
            let division = try connection.query("select division_code from institution where uscc = \(institution)::text").first
            guard let code = try division?.decode("division_code", as: String.self) else { continue }
            let lineage = try DivisionStore().lineage(of: code, on: connection)
            do {
                try requireAuthority(overLineage: lineage)
                return
            } catch {
                lastRefusal = error
            }
        }
        throw lastRefusal
    }

    /// Refuses data users and anyone else outside the registry's staff: the directory of institutions and platforms
    /// is for the people who keep the registry (A5.1).
    public func requireRegistryStaff() throws(RegistryError) {
        try require([.clerk, .reviewer, .planner, .committee, .admin])
    }

    /// Refuses unless the actor acts in one of `roles` (the array form of ``require(_:)``).
    private func require(_ roles: [Role]) throws(RegistryError) {
        guard roles.contains(role) else { throw RegistryError(.forbidden, "当前角色(\(role.label))无权执行此操作。") }
    }

    /// A5.1: registers institutions in `lineage`'s last division — the admin (platform operator), or a reviewer of the
    /// authority of that division or of one above it.
    func requireInstitutionRegistrar(lineage: [String]) throws(RegistryError) {
        if role == .admin { return }
        try requireAuthority(overLineage: lineage)
    }

    /// A36.1: names an institution's security officer — a clerk of the institution, or a reviewer of the authority of
    /// its division or of one above it.
    func requireSecurityOfficerEditor(of institution: Institution, lineage: [String]) throws(RegistryError) {
        if role == .clerk {
            try requireClerk(of: institution.uscc)
            return
        }
        try requireAuthority(overLineage: lineage)
    }

    /// A36.1 / A38.1: reads an institution's full record (its security officer, its registrar) — the admin, the
    /// committee, its own clerks, and staff of the authority of its division or of one above it.
    func requireRecordReader(of institution: Institution, lineage: [String]) throws(RegistryError) {
        try requireRegistryStaff()
        switch role {
        case .admin, .committee: return
        case .clerk: try requireClerk(of: institution.uscc)
        default: try requireAuthority(overLineage: lineage, roles: [.reviewer, .planner])
        }
    }

    /// A8.1: registers a platform in `lineage`'s last division — the admin, or a reviewer of the authority of that
    /// division or of one above it; a banner/county exception (A8 ¶2) only the admin or a reviewer of a division above.
    func requirePlatformRegistrar(lineage: [String], recordsException: Bool) throws(RegistryError) {
        if role == .admin { return }
        try requireAuthority(overLineage: recordsException ? Array(lineage.dropLast()) : lineage)
    }
}
