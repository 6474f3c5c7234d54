/// W.1 / W.2 / W.3: the working-day calendar in memory — loaded years plus the days the State Council lists, then the
/// provisional years after them.
///
/// It counts day by day and shares no code with the SQL functions (`add_working_days`, `working_days_between` in
/// `sql/0003_calendar.sql`), which count with precomputed ordinals; the tests cross-check the two. Deadlines in the
/// registry's workflows and reports are computed by the database; this type serves checks, previews and tests.
///
/// Rules (W.1): a listed day is off (放假) or an adjusted working day (调休上班); any other day is a working day
/// Monday–Friday and a rest day on Saturday/Sunday. The day of receipt does not count.
///
/// Rules (W.3): in a provisional year — after the loaded ones, through ``provisionalYears`` — a working day is Monday to
/// Friday and not a ``StatutoryHoliday``; no 调休 is guessed. A computation that touches a year outside both throws
/// ``CalendarError/yearNotLoaded(_:)`` naming that year.
public struct WorkingDayCalendar: Sendable, Hashable {
    /// The loaded years of the official arrangement; always contiguous. `nil` when nothing is loaded.
    public let loadedYears: ClosedRange<Int>?
    /// W.3: the years after ``loadedYears`` counted on the provisional calendar; `nil` when there are none.
    public let provisionalYears: ClosedRange<Int>?
    private let listed: [CivilDate: OfficialDay]
    private let statutory: Set<CivilDate>

    /// A calendar of `loadedYears` (must be contiguous) with `officialDays` (each inside a loaded year, each date once),
    /// continued on the provisional calendar through `provisionalThrough` (a year after the loaded ones, at most the
    /// last of ``StatutoryHoliday/supportedYears``).
    public init(
        loadedYears: some Sequence<Int>,
        officialDays: some Sequence<OfficialDay>,
        provisionalThrough: Int? = nil
    ) throws {
        let years = Set(loadedYears).sorted()
        if let first = years.first, let last = years.last {
            if let gap = (first...last).first(where: { !years.contains($0) }) {
                throw CalendarError.yearsNotContiguous(missing: gap)
            }
            self.loadedYears = first...last
        } else {
            self.loadedYears = nil
        }
        var listed: [CivilDate: OfficialDay] = [:]
        for day in officialDays {
            guard self.loadedYears?.contains(day.date.year) ?? false else {
                throw CalendarError.invalidDay(day.date, .outsideYears(self.loadedYears))
            }
            guard listed[day.date] == nil else {
                throw CalendarError.invalidDay(day.date, .listedTwice)
            }
            if day.kind == .work, !day.date.isWeekend {
                throw CalendarError.invalidDay(day.date, .weekdayAsWorkingDay)
            }
            listed[day.date] = day
        }
        self.listed = listed
        if let last = self.loadedYears?.upperBound, let through = provisionalThrough, through > last {
            let years = (last + 1)...min(through, StatutoryHoliday.supportedYears.upperBound)
            provisionalYears = years
            statutory = Set(years.flatMap { StatutoryHoliday.days(in: $0).map(\.date) })
        } else {
            provisionalYears = nil
            statutory = []
        }
    }

    /// A calendar of exactly the years that `officialDays` mention (e.g. a parsed reference file).
    public init(officialDays: [OfficialDay]) throws {
        try self.init(loadedYears: officialDays.map(\.date.year), officialDays: officialDays)
    }

    /// The listed days, in date order.
    public var officialDays: [OfficialDay] {
        listed.values.sorted { $0.date < $1.date }
    }

    /// The listed entry for `date`, if the arrangement lists it.
    public func officialDay(on date: CivilDate) -> OfficialDay? {
        listed[date]
    }

    /// Whether `year` is loaded.
    public func isLoaded(_ year: Int) -> Bool {
        loadedYears?.contains(year) ?? false
    }

    /// W.3: whether `date` lies on the provisional calendar; a deadline falling on it is provisional (暂定).
    public func isProvisional(_ date: CivilDate) -> Bool {
        provisionalYears?.contains(date.year) ?? false
    }

    /// Whether days of `year` can be counted, on the official or the provisional calendar.
    public func covers(_ year: Int) -> Bool {
        isLoaded(year) || (provisionalYears?.contains(year) ?? false)
    }

    /// W.1: whether `date` is a working day.
    public func isWorkingDay(_ date: CivilDate) throws -> Bool {
        try requireLoaded(date)
        return isWorkingUnchecked(date)
    }

    /// W.1: the deadline for something received on `start` with `workingDays` working days: the close of the
    /// `workingDays`-th working day after `start` (the day of receipt does not count). Zero gives `start` itself.
    ///
    /// - Throws: ``CalendarError/yearNotLoaded(_:)`` for the first year not loaded on the way (the year of `start`, or
    ///   the year after the last loaded one); ``CalendarError/negativeWorkingDays(_:)``.
    public func dueDate(from start: CivilDate, workingDays: Int) throws -> CivilDate {
        guard workingDays >= 0 else { throw CalendarError.negativeWorkingDays(workingDays) }
        try requireLoaded(start)
        var day = start
        var remaining = workingDays
        while remaining > 0 {
            day = day.next
            try requireLoaded(day)
            if isWorkingUnchecked(day) { remaining -= 1 }
        }
        return day
    }

    /// W.1: the working days after `from` up to and including `to` — negative when `to` is earlier — so that
    /// `workingDays(from: d, to: dueDate(from: d, workingDays: n)) == n`.
    ///
    /// - Throws: ``CalendarError/yearNotLoaded(_:)`` for the first year not loaded going from `from` towards `to`.
    public func workingDays(from: CivilDate, to: CivilDate) throws -> Int {
        try requireLoaded(from)
        var day = from
        var count = 0
        while day < to {
            day = day.next
            try requireLoaded(day)
            if isWorkingUnchecked(day) { count += 1 }
        }
        while day > to {
            if isWorkingUnchecked(day) { count -= 1 }
            day = day.previous
            try requireLoaded(day)
        }
        return count
    }

    /// W.2 / W.3: the number of working days in `year` (2024: 251, 2025: 248, 2026: 248).
    public func workingDayCount(in year: Int) throws -> Int {
        guard covers(year), let first = CivilDate.firstDay(of: year) else { throw CalendarError.yearNotLoaded(year) }
        return (0..<CivilDate.numberOfDays(in: year)).count { isWorkingUnchecked(first.adding(days: $0)) }
    }

    private func requireLoaded(_ date: CivilDate) throws {
        guard covers(date.year) else { throw CalendarError.yearNotLoaded(date.year) }
    }

    private func isWorkingUnchecked(_ date: CivilDate) -> Bool {
        if let official = listed[date] { return official.kind == .work }
        return !date.isWeekend && !statutory.contains(date)
    }
}
