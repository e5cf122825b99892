import Foundation

/// Dates and times as input gives them, checked for real calendar dates. Plain arithmetic on the proleptic
/// Gregorian calendar in UTC: no formatter, locale or time-zone database is involved, and it is fast enough for
/// millions of rows.
public enum InputDates {
    /// True for a real calendar day written YYYY-MM-DD.
    public static func isRealDay(_ text: String) -> Bool { day(text) != nil }

    /// The real day `YYYY-MM-DD` moved by `offset` days, written the same way; nil when `text` is not a real day or
    /// the result falls outside the years 1 to 9999.
    public static func shift(day text: String, by offset: Int) -> String? {
        guard let (y, m, d) = day(text) else { return nil }
        let (year, month, dayOfMonth) = civil(daysSinceEpoch: daysSinceEpoch(year: y, month: m, day: d) + offset)
        guard (1...9999).contains(year) else { return nil }
        func digits(_ n: Int, _ count: Int) -> String { String(repeating: "0", count: max(0, count - String(n).count)) + String(n) }
        return digits(year, 4) + "-" + digits(month, 2) + "-" + digits(dayOfMonth, 2)
    }

    /// Parses `YYYY-MM-DD`, checking the day exists (2022-02-30 does not).
    static func day(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 10, utf8[4] == 0x2D, utf8[7] == 0x2D,
              let y = number(utf8[0..<4]), let m = number(utf8[5..<7]), let d = number(utf8[8..<10]),
              y >= 1, (1...12).contains(m), d >= 1, d <= daysIn(month: m, year: y) else { return nil }
        return (y, m, d)
    }

    static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in digits {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return digits.isEmpty ? nil : value
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to the date (Howard Hinnant's days_from_civil).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day count from 1970-01-01 (civil_from_days).
    static func civil(daysSinceEpoch z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` → the first day it covers, and the precision (year, month, day).
    static func partial(_ text: String) -> (date: String, precision: String)? {
        let utf8 = Array(text.utf8)
        switch utf8.count {
        case 4:
            guard let y = number(utf8[0..<4]), y >= 1 else { return nil }
            return ("\(text)-01-01", "year")
        case 7:
            guard utf8[4] == 0x2D, let y = number(utf8[0..<4]), y >= 1, let m = number(utf8[5..<7]), (1...12).contains(m) else { return nil }
            return ("\(text)-01", "month")
        case 10:
            guard day(text) != nil else { return nil }
            return (text, "day")
        default:
            return nil
        }
    }

    /// Microseconds since 1970-01-01 00:00 UTC.
    typealias Instant = Int64

    /// A stretch of time as input gives it: a year `YYYY`, a month `YYYY-MM`, a day `YYYY-MM-DD` (each in UTC),
    /// or an instant `YYYY-MM-DDTHH:MM[:SS[.ffffff]](Z|±HH:MM)`. Returns where it starts, where it ends (exclusive
    /// for years, months and days; the instant itself otherwise) and whether it was an instant.
    static func span(_ text: String) -> (start: Instant, end: Instant, isInstant: Bool)? {
        let micro: Int64 = 86_400_000_000
        let utf8 = Array(text.utf8)
        switch utf8.count {
        case 4:
            guard let y = number(utf8[0..<4]), y >= 1 else { return nil }
            return (Int64(daysSinceEpoch(year: y, month: 1, day: 1)) * micro, Int64(daysSinceEpoch(year: y + 1, month: 1, day: 1)) * micro, false)
        case 7:
            guard utf8[4] == 0x2D, let y = number(utf8[0..<4]), y >= 1, let m = number(utf8[5..<7]), (1...12).contains(m) else { return nil }
            let next = m == 12 ? (y + 1, 1) : (y, m + 1)
            return (Int64(daysSinceEpoch(year: y, month: m, day: 1)) * micro, Int64(daysSinceEpoch(year: next.0, month: next.1, day: 1)) * micro, false)
        case 10:
            guard let d = day(text) else { return nil }
            let start = Int64(daysSinceEpoch(year: d.year, month: d.month, day: d.day)) * micro
            return (start, start + micro, false)
        default:
            guard let instant = instant(utf8) else { return nil }
            return (instant, instant, true)
        }
    }

    /// `YYYY-MM-DDTHH:MM[:SS[.ffffff]](Z|±HH:MM)`.
    static func instant(_ utf8: [UInt8]) -> Instant? {
        guard utf8.count >= 17, let d = day(String(decoding: utf8[0..<10], as: UTF8.self)), utf8[10] == 0x54,
              let hour = number(utf8[11..<13]), utf8[13] == 0x3A, let minute = number(utf8[14..<16]),
              hour < 24, minute < 60 else { return nil }
        var i = 16
        var second = 0, micros = 0
        if i < utf8.count, utf8[i] == 0x3A {
            guard i + 3 <= utf8.count, let s = number(utf8[(i + 1)..<(i + 3)]), s < 60 else { return nil }
            second = s
            i += 3
            if i < utf8.count, utf8[i] == 0x2E {
                i += 1
                var digits = 0
                while i < utf8.count, (0x30...0x39).contains(utf8[i]) {
                    if digits < 6 { micros = micros * 10 + Int(utf8[i] - 0x30) }
                    digits += 1
                    i += 1
                }
                guard digits > 0 else { return nil }
                if digits < 6 { for _ in digits..<6 { micros *= 10 } }
            }
        }
        guard i < utf8.count else { return nil } // the offset is required
        var offsetMinutes = 0
        if utf8[i] == 0x5A {
            guard i + 1 == utf8.count else { return nil }
        } else {
            guard utf8[i] == 0x2B || utf8[i] == 0x2D, i + 6 == utf8.count, utf8[i + 3] == 0x3A,
                  let oh = number(utf8[(i + 1)..<(i + 3)]), let om = number(utf8[(i + 4)..<(i + 6)]), oh < 24, om < 60 else { return nil }
            offsetMinutes = (oh * 60 + om) * (utf8[i] == 0x2D ? -1 : 1)
        }
        let days = Int64(daysSinceEpoch(year: d.year, month: d.month, day: d.day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetMinutes * 60)
        return seconds * 1_000_000 + Int64(micros)
    }

    /// The instant as PostgreSQL reads it in any session: ISO 8601 in UTC, with milliseconds and microseconds.
    static func postgresText(_ instant: Instant) -> String {
        let micro: Int64 = 86_400_000_000
        var days = instant / micro, rest = instant % micro
        if rest < 0 { days -= 1; rest += micro }
        let date = civil(daysSinceEpoch: Int(days))
        let seconds = Int(rest / 1_000_000), fraction = Int(rest % 1_000_000)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var text = "\(date.year)-\(two(date.month))-\(two(date.day))T\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
        let millis = fraction / 1000, rest6 = fraction % 1000
        text += "." + String(millis + 1000).dropFirst()
        if rest6 != 0 { text += String(rest6 + 1000).dropFirst() }
        return text + "Z"
    }

    /// Now, in microseconds since 1970.
    static func instant(_ date: Date) -> Instant {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }
}
