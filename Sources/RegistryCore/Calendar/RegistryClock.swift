import Foundation
import Postgres
import Synchronization

/// W.4: the registry's one clock in Swift, the twin of `registry_today()` and `registry_now()` in SQL
/// (`sql/0039_one_clock.sql`).
///
/// Today is the real day in Asia/Shanghai unless a day is pinned. A session pins it with the setting `registry.today`
/// (`PGOPTIONS='-c registry.today=2026-12-28'`); ``fromEnvironment(_:)`` reads that same pin, so a program and its
/// database sessions agree. A clock pinned with ``pin(_:)`` (tests, replayed seeds) is applied by
/// ``RegistryDatabase`` to every transaction it runs, where it wins over the session's pin.
public final class RegistryClock: Sendable {
    private let pinned: Mutex<CivilDate?>
    /// The time of day of a pinned clock, when that is pinned too (`registry.time`); else the real time of day.
    private let pinnedTime: Mutex<ClockTime?> = Mutex(nil)

    /// A clock pinned to `day`, or on the real clock when `day` is `nil`.
    public init(pinnedTo day: CivilDate? = nil) {
        pinned = Mutex(day)
    }

    /// The clock of this process: pinned when `PGOPTIONS` pins its database sessions (`-c registry.today=…`).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> RegistryClock {
        RegistryClock(pinnedTo: environment["PGOPTIONS"].flatMap(pinnedDay(inOptions:)))
    }

    /// The day this clock is pinned to, or `nil` on the real clock.
    public var pinnedDay: CivilDate? {
        pinned.withLock { $0 }
    }

    /// Pins the clock to `day` (`nil`: back to the real clock), at `time` of that day when given (tests of timeouts
    /// shorter than a day), else at the real time of day.
    public func pin(_ day: CivilDate?, at time: ClockTime? = nil) {
        pinned.withLock { $0 = day }
        pinnedTime.withLock { $0 = day == nil ? nil : time }
    }

    /// Today in Asia/Shanghai by this clock.
    public var today: CivilDate {
        pinnedDay ?? CivilDate(Date())
    }

    /// Now by this clock: the real instant, or on a pinned clock the pinned day at the real time of day in Asia/Shanghai
    /// (as `registry_now()`).
    public var now: Date {
        let real = Date()
        guard let day = pinnedDay else { return real }
        let sinceMidnight = pinnedTime.withLock { $0 }?.secondsSinceMidnight ?? real.timeIntervalSince(CivilDate(real).previous.endOfDay())
        return day.previous.endOfDay().addingTimeInterval(sinceMidnight)
    }

    /// Sets the pin, if any, for the rest of the current transaction on `connection`.
    public func apply(on connection: Connection) throws {
        guard let day = pinnedDay else { return }
        try Self.pin(day, at: pinnedTime.withLock { $0 }, transactionOn: connection)
    }

    /// Pins `registry.today` to `day`, and `registry.time` to `time` or else the real time of day, for the rest of the
    /// current transaction on `connection`, as a replayed seed moves from day to day. `nil` gives the session its own
    /// clock again: the one its connection was opened with, pinned or real.
    public static func pin(_ day: CivilDate?, at time: ClockTime? = nil, transactionOn connection: Connection) throws {
        guard let day else {
            try connection.query("reset registry.today")
            try connection.query("reset registry.time")
            return
        }
        try connection.query("select set_config('registry.today', \(day.iso), true), set_config('registry.time', \(time?.iso ?? ""), true)")
    }

    /// Today as the database session on `connection` sees it (`registry_today()`).
    public static func today(on connection: Connection) throws -> CivilDate {
        guard let row = try connection.query("select registry_today() as today").first else {
            throw PostgresDecodingError(type: CivilDate.self, reason: "no row returned", column: "today")
        }
        return try row.decode("today")
    }

    /// The day a session on `connection` is pinned to (`registry.today`), or `nil` on the real clock.
    public static func pinnedDay(on connection: Connection) throws -> CivilDate? {
        guard let row = try connection.query("select registry_pinned_day() as day").first else { return nil }
        return try row.decodeIfPresent("day")
    }

    /// The day in libpq options such as `-c registry.today=2026-12-28` or `--registry.today=2026-12-28`.
    static func pinnedDay(inOptions options: String) -> CivilDate? {
        let words = options.split(whereSeparator: \.isWhitespace)
        for (index, word) in words.enumerated() {
            let setting: Substring
            if word.hasPrefix("--") {
                setting = word.dropFirst(2)
            } else if word == "-c", index + 1 < words.count {
                setting = words[index + 1]
            } else if word.hasPrefix("-c") {
                setting = word.dropFirst(2)
            } else {
                continue
            }
            let parts = setting.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0] == "registry.today" { return CivilDate(iso: parts[1]) }
        }
        return nil
    }
}

/// W.4: a time of day (Asia/Shanghai) that a pinned ``RegistryClock`` stands at (`registry.time`).
public struct ClockTime: Sendable, Hashable {
    public var hour: Int
    public var minute: Int

    public init(hour: Int, minute: Int) {
        precondition((0..<24).contains(hour) && (0..<60).contains(minute), "not a time of day")
        self.hour = hour
        self.minute = minute
    }

    /// `09:05`, as `registry.time` takes it.
    public var iso: String { String(format: "%02d:%02d", hour, minute) }

    var secondsSinceMidnight: TimeInterval { TimeInterval(hour * 3600 + minute * 60) }
}
