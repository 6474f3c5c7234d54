import Postgres
import RegistryCore

/// The registry's clock (W.4) walked through history inside one seeding transaction.
///
/// Seeds replay years of history, so the database must stamp each step with the day it happened: ``set(_:at:on:)`` pins
/// `registry.today` (and the time of day, when given) for the rest of the transaction, ``release(on:)`` gives the session
/// its own clock back. Nothing outlives the transaction. The workflows' own triggers stamp every date, so a seed never
/// needs to re-date a row afterwards, nor any privilege beyond the service's.
enum SeedClock {
    static func set(_ day: CivilDate, at time: ClockTime? = nil, on connection: Connection) throws {
        try RegistryClock.pin(day, at: time, transactionOn: connection)
    }

    static func release(on connection: Connection) throws {
        try RegistryClock.pin(nil, transactionOn: connection)
    }

    /// `day` plus `n` working days, by the registry's calendar.
    static func adding(_ n: Int, to day: CivilDate, on connection: Connection) throws -> CivilDate {
        try WorkingDayCalendarStore().dueDate(from: day, workingDays: n, on: connection)
    }
}
