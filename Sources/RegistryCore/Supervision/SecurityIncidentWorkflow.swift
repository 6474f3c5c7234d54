import Foundation
import Postgres

/// A37.1: recording security incidents and their emergency response. The institution's clerks and the reviewers of
/// the authorities over it record them; the committee reads them too. Each write is one audited transaction (A44.1),
/// and the database keeps the steps in order and unchanged.
public struct SecurityIncidentWorkflow: Sendable {
    public let database: RegistryDatabase

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// Records an incident as detected.
    public func record(_ input: NewSecurityIncident, by actor: Principal) async throws -> SecurityIncident {
        try actor.require(.clerk, .reviewer)
        guard let institution = input.institution?.uppercased() ?? actor.institution else {
            throw RegistryError.missing("institution", "机构统一社会信用代码", article: "A37.1")
        }
        return try await database.write(actor.audit("security_incident.record")) { connection in
            try actor.requireFollower(of: [institution], subject: "安全事件", on: connection)
            return try Self.incident(
                """
                insert into security_incident (institution_uscc, title, level, description, detected_at, recorded_by)
                values (\(institution), \(input.title), \(input.level)::security_incident_level, \(input.description),
                        \(input.detectedAt)::timestamptz, \(actor.account.id))
                returning \(SecurityIncident.columns)
                """,
                on: connection
            )
        }
    }

    /// Records the steps of the response given in `steps` (containment, recovery, report); the others stay as they are.
    public func respond(to incidentID: UUID, with steps: SecurityIncidentResponse, by actor: Principal) async throws -> SecurityIncident {
        try actor.require(.clerk, .reviewer)
        return try await database.write(actor.audit("security_incident.respond")) { connection in
            try Self.requireFollower(of: incidentID, actor, on: connection)
            return try Self.incident(
                """
                update security_incident
                   set response = coalesce(\(steps.response), response),
                       contained_at = coalesce(\(steps.containedAt)::timestamptz, contained_at),
                       recovered_at = coalesce(\(steps.recoveredAt)::timestamptz, recovered_at),
                       reported_at = coalesce(\(steps.reportedAt)::timestamptz, reported_at),
                       report_recipient = coalesce(\(steps.reportRecipient), report_recipient)
                 where id = \(incidentID)
                returning \(SecurityIncident.columns)
                """,
                on: connection
            )
        }
    }

    /// An institution's incidents, the latest detected first.
    public func incidents(of institution: String, by actor: Principal) async throws -> [SecurityIncident] {
        try await database.read { connection in
            if actor.role != .committee { try actor.requireFollower(of: [institution], subject: "安全事件", on: connection) }
            return try connection.query(
                "select \(SecurityIncident.columns) from security_incident where institution_uscc = \(institution) order by detected_at desc, id"
            ).map(SecurityIncident.init(row:))
        }
    }

    static func requireFollower(of incidentID: UUID, _ actor: Principal, on connection: Connection) throws {
        let institution = try connection.query("select institution_uscc from security_incident where id = \(incidentID)")
            .first.map { try $0.decode("institution_uscc", as: String.self) }
        guard let institution else { throw RegistryError.notFound("安全事件", field: "id") }
        try actor.requireFollower(of: [institution], subject: "安全事件", on: connection)
    }

    static func incident(_ statement: SQL, on connection: Connection) throws -> SecurityIncident {
        guard let row = try connection.query(statement).first else { throw RegistryError.notFound("安全事件", field: "id") }
        return try SecurityIncident(row: row)
    }
}
