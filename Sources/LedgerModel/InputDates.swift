import Foundation

/// Dates and times as input gives them, checked for real calendar dates.
enum InputDates {
    /// Parses `YYYY-MM-DD`, checking the day exists (2022-02-30 does not).
    static func day(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= daysIn(month: m, year: y) else { return nil }
        return (y, m, d)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` → the first day it covers, and the precision (year, month, day).
    static func partial(_ text: String) -> (date: String, precision: String)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            guard parts[0].count == 4, Int(parts[0]) != nil else { return nil }
            return ("\(parts[0])-01-01", "year")
        case 2:
            guard parts[0].count == 4, parts[1].count == 2, Int(parts[0]) != nil, let m = Int(parts[1]), (1...12).contains(m) else { return nil }
            return ("\(parts[0])-\(parts[1])-01", "month")
        case 3:
            guard day(text) != nil else { return nil }
            return (text, "day")
        default:
            return nil
        }
    }

    /// A stretch of time as input gives it: a year `YYYY`, a month `YYYY-MM`, a day `YYYY-MM-DD` (each in UTC),
    /// or an instant with its offset. Returns where it starts, where it ends (exclusive for years, months and days;
    /// the instant itself otherwise) and whether it was an instant.
    static func span(_ text: String) -> (start: Date, end: Date, isInstant: Bool)? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 1 || parts.count == 2, let partial = partial(text), let start = instant(partial.date)?.date {
            let end = calendar.date(byAdding: parts.count == 1 ? .year : .month, value: 1, to: start)!
            return (start, end, false)
        }
        guard let point = instant(text) else { return nil }
        if point.hasTime { return (point.date, point.date, true) }
        return (point.date, point.date.addingTimeInterval(86_400), false)
    }

    /// An instant: `YYYY-MM-DDTHH:MM[:SS[.ffffff]](Z|±HH:MM)`, or a day (midnight UTC). Returns the instant and
    /// whether a time was given.
    static func instant(_ text: String) -> (date: Date, hasTime: Bool)? {
        if let d = day(text) {
            var components = DateComponents()
            components.year = d.year; components.month = d.month; components.day = d.day
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            return calendar.date(from: components).map { ($0, false) }
        }
        guard text.count >= 16, let d = day(String(text.prefix(10))), text.dropFirst(10).first == "T" else { return nil }
        let formatter = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds],
                                                      [.withFullDate, .withTime, .withColonSeparatorInTime, .withTimeZone]] {
            formatter.formatOptions = options
            if let date = formatter.date(from: text) {
                _ = d
                return (date, true)
            }
        }
        return nil
    }

    /// The instant as PostgreSQL reads it in any session: ISO 8601 in UTC with microseconds.
    static func postgresText(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
