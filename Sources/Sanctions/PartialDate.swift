import LedgerModel

/// A date known to the year, the month or the day, as sanctions lists give them ("2014", "2022-11", "2022-11-22").
public struct PartialDate: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How much of the date is known.
    public enum Precision: String, Sendable, Codable {
        case year, month, day
    }

    /// The date as normalised text: `2022`, `2022-11` or `2022-11-22`.
    public var text: String
    public var precision: Precision
    /// The first day the date covers: `2022-01-01` for `2022`, `2022-11-01` for `2022-11`.
    public var firstDay: String

    public init(text: String, precision: Precision, firstDay: String) {
        self.text = text
        self.precision = precision
        self.firstDay = firstDay
    }

    public var description: String { text }

    /// The years a partial date may fall in; anything outside is a typing error rather than a listing.
    public static let years = 1000...2999

    /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or a date-time `YYYY-MM-DDTHH:MM[:SS[.fraction]][Z|±HH:MM]`, whose
    /// time is dropped (the day stays as written, whatever the offset). Nil unless the day or month exists.
    public static func parse(_ s: String) -> PartialDate? {
        let utf8 = Array(s.utf8)
        guard utf8.count >= 4, let year = number(utf8[0..<4]), years.contains(year) else { return nil }
        if utf8.count == 4 { return PartialDate(text: s, precision: .year, firstDay: s + "-01-01") }
        guard utf8.count >= 7, utf8[4] == 0x2D, let month = number(utf8[5..<7]), (1...12).contains(month) else { return nil }
        if utf8.count == 7 { return PartialDate(text: s, precision: .month, firstDay: s + "-01") }
        guard utf8.count >= 10, utf8[7] == 0x2D else { return nil }
        let day = String(decoding: utf8[0..<10], as: UTF8.self)
        guard InputDates.isRealDay(day) else { return nil }
        if utf8.count > 10 && !isTime(utf8[10...]) { return nil }
        return PartialDate(text: day, precision: .day, firstDay: day)
    }

    /// True for a day with or without a time: what `first_seen`, `last_seen` and `last_change` hold.
    public static func isTimestamp(_ s: String) -> Bool {
        parse(s)?.precision == .day
    }

    /// `THH:MM[:SS[.fraction]][Z|±HH:MM]`.
    static func isTime(_ rest: ArraySlice<UInt8>) -> Bool {
        let t = Array(rest)
        guard t.count >= 6, t[0] == 0x54, let hour = number(t[1..<3]), hour < 24, t[3] == 0x3A,
              let minute = number(t[4..<6]), minute < 60 else { return false }
        var i = 6
        if i < t.count, t[i] == 0x3A {
            guard i + 3 <= t.count, let second = number(t[(i + 1)..<(i + 3)]), second < 61 else { return false }
            i += 3
            if i < t.count, t[i] == 0x2E {
                i += 1
                let start = i
                while i < t.count, (0x30...0x39).contains(t[i]) { i += 1 }
                guard i > start else { return false }
            }
        }
        if i == t.count { return true }
        if t[i] == 0x5A { return i + 1 == t.count }
        guard t[i] == 0x2B || t[i] == 0x2D, i + 6 == t.count, t[i + 3] == 0x3A,
              let oh = number(t[(i + 1)..<(i + 3)]), oh < 24, let om = number(t[(i + 4)..<(i + 6)]), om < 60 else { return false }
        return true
    }

    static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in digits {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return digits.isEmpty ? nil : value
    }
}
