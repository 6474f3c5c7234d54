import Foundation
import Postgres
import RegistryCore
import TestSupport

/// Demands for data outside the catalog (A24.1) in a ``ShareWorld``: 新城区教育局 asks for 学生体检结果, which no
/// catalog lists; 新城区卫生健康委员会 is the source the authority names.
extension ShareWorld {
    var demands: ShareDemandWorkflow { ShareDemandWorkflow(database: database) }
    var reviewer: Principal { catalog.xinchengReviewer }

    /// A valid demand, by interface, until the end of 2026.
    func demandInput(
        dataWanted: String = "辖区中小学生年度体检结果",
        items: [String] = ["学生姓名", "体检日期", "视力"],
        scenario: String = "学生近视防控",
        commitment: Bool = true,
        endDate: String = "2026-12-31"
    ) -> NewShareDemand {
        NewShareDemand(
            dataWanted: dataWanted,
            dataItems: items,
            scenario: scenario,
            commitment: commitment,
            mode: .file,
            endDate: Self.day(endDate),
            proposedSource: Self.sourceUSCC
        )
    }

    /// Files a demand as `clerk` (the requester's by default).
    func fileDemand(_ input: NewShareDemand? = nil, by clerk: Principal? = nil) async throws -> ShareDemand {
        try await demands.file(input ?? demandInput(), by: clerk ?? requester).demand
    }

    /// Files a demand and has the requester's authority forward it to the health commission.
    func forwardedDemand() async throws -> ShareDemand {
        let demand = try await fileDemand()
        return try await demands.review(demand.id, .forward(source: Self.sourceUSCC, note: nil), by: reviewer).demand
    }

    /// A plain INSERT of a demand, as psql would write it (filed by `account` for 新城区教育局).
    static func plainDemandInsert(_ input: NewShareDemand, account: UUID) -> SQL {
        """
        insert into share_demand (requester_uscc, requester_account, data_wanted, requested_items, scenario, commitment,
                                  mode, end_date)
        values (\(requesterUSCC), \(account), \(input.dataWanted), \(input.dataItems), \(input.scenario), \(input.commitment),
                \(input.mode.rawValue)::sharing_mode, \(input.endDate)::date)
        """
    }
}
