import Foundation
import Postgres

/// The clocks of the workflows (`share_request_now()`, `supervision_now()`), pinned to a day for one seeding transaction.
///
/// Seeds replay years of history, so the database must stamp each step with the day it happened. `pin` redefines both
/// clock functions to read the transaction-local setting `registry.seed_clock` (falling back to `now()`), `set` moves
/// that clock, and `restore` puts back `now()` before the transaction commits — outside a seed nothing changes.
enum SeedClock {
    /// Today in Asia/Shanghai.
    static var today: CivilDate { CivilDate(Date()) }

    private static let clocks = ["share_request_now", "supervision_now"]

    static func pin(on connection: Connection) throws {
        for clock in clocks {
            try connection.query(
                """
                create or replace function \(unescaped: clock)() returns timestamptz language sql stable parallel safe
                    return coalesce(nullif(current_setting('registry.seed_clock', true), '')::timestamptz, now())
                """)
        }
    }

    static func set(_ day: CivilDate, on connection: Connection) throws {
        try connection.query("select set_config('registry.seed_clock', \(day.description + " 10:00:00+08"), true)")
    }

    static func restore(on connection: Connection) throws {
        for clock in clocks {
            try connection.query("create or replace function \(unescaped: clock)() returns timestamptz language sql stable parallel safe return now()")
        }
        try connection.query("select set_config('registry.seed_clock', '', true)")
    }

    /// `day` plus `n` working days, by the official calendar.
    static func adding(_ n: Int, to day: CivilDate, on connection: Connection) throws -> CivilDate {
        try connection.query("select add_working_days(\(day)::date, \(n)) as due").first!.decode("due")
    }
}
