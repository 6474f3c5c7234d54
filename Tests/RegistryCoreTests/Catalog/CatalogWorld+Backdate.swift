import Foundation
import Postgres
import RegistryCore

extension CatalogWorld {
    /// Moves the approval of every approved catalog version (or only of `version`) to 10:00 on `day`.
    func backdateApprovals(of version: UUID? = nil, to day: String) async throws {
        try await database.write(AuditContext(role: "test")) { connection in
            try connection.query("set local session_replication_role = replica")
            try connection.query(
                """
                update catalog_version set decided_at = \(day + " 10:00:00+08")::timestamptz
                 where state = 'approved' and (\(version)::uuid is null or id = \(version))
                """
            )
        }
    }
}
