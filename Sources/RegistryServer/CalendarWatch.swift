import Logging
import RegistryCore

/// W.3 / W.4: tells operators in the service log what needs them about the registry's clock and calendar — at start
/// when the database sessions are pinned to a day, and once a day while the calendar is not `ok` (provisional days in
/// use, or the last official year ending within 60 days).
public struct CalendarWatch: Sendable {
    let database: RegistryDatabase
    let logger: Logger

    public init(database: RegistryDatabase, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Checks now, then once a day, until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            await check()
            try? await Task.sleep(for: .seconds(24 * 60 * 60))
        }
    }

    /// Logs a warning for each thing that needs an operator now.
    public func check() async {
        await warnIfPinned()
        await checkCalendar()
    }

    private func warnIfPinned() async {
        guard let day = try? await database.read({ try RegistryClock.pinnedDay(on: $0) }) else { return }
        logger.warning("the registry's clock is pinned: today is \(day) for every session (registry.today, W.4)")
    }

    private func checkCalendar() async {
        do {
            let status = try await database.read { try WorkingDayCalendarStore().status(on: $0) }
            guard let warning = status.warning else { return }
            logger.warning("working-day calendar: \(warning)", metadata: ["calendar": "\(status.state.rawValue)"])
        } catch {
            logger.error("working-day calendar cannot be read: \(error)")
        }
    }
}
