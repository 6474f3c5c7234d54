import Foundation
import Postgres

/// A35.2: a sharing risk assessment or security review (共享风险评估和安全审查) recorded for an institution of an
/// authority's division, as its supervision list shows it.
public struct RiskReviewEntry: Sendable, Hashable {
    public var check: SecurityCheck
    public var institutionName: String
}

extension SecurityRecords {
    /// A35.2: the kinds of record a sharing risk review is.
    public static let riskReviewKinds: [SecurityCheckKind] = [.riskAssessment, .securityReview]

    /// A35.2: the risk assessments and security reviews of the institutions in the reviewer's division and below it,
    /// newest first (at most 500).
    public func riskReviews(by actor: Principal) async throws -> [RiskReviewEntry] {
        try actor.require(.reviewer)
        guard actor.institutionKind == .publicDataAuthority, let division = actor.division else {
            throw RegistryError(.forbidden, "共享风险评估和安全审查由公共数据主管部门组织开展。")
        }
        return try await database.read { connection in
            try connection.query(
                """
                select \(SecurityCheck.columns(of: "s")), i.name as institution_name
                  from security_check s join institution i on i.uscc = s.institution_uscc
                 where s.kind in ('risk_assessment', 'security_review')
                   and i.division_code in (select division_and_descendants(\(division)::char(6)))
                 order by s.checked_on desc, s.created_at desc
                 limit 500
                """
            ).map { RiskReviewEntry(check: try SecurityCheck(row: $0), institutionName: try $0.decode("institution_name")) }
        }
    }
}
