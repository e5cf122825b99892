/// The pieces of a row's canonical payload text (docs/log-leaf-format.md), written byte for byte as the server
/// writes them, so that a verifier can rebuild the text from a row's column values and hash it itself.
///
/// The server's payload is `{"name": value, …}`: members ordered by the byte length of the column name, then its
/// bytes; each value a JSON string (or `null`) escaped as PostgreSQL's `to_json(text)` escapes (`\"`, `\\`, `\b`,
/// `\f`, `\n`, `\r`, `\t`, other bytes below 0x20 as `\u00XX` in lower-case hex, everything else as is); `", "`
/// between members and `": "` after each name. Timestamps are ISO 8601 in UTC with six fractional digits
/// (`ledger.log_time`), a `tstzrange` is its two bounds so written in its brackets, a row key a JSON array of text.
public enum CanonicalPayloadText {
    /// Appends `value` as a JSON string, escaped as PostgreSQL's `escape_json` does.
    public static func appendJSONString(_ value: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        out.append(0x22)
        var runStart = 0
        for (offset, byte) in value.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: value[runStart..<offset]))
            runStart = offset + 1
            out.append(0x5C)
            switch byte {
            case 0x08: out.append(0x62) // \b
            case 0x0C: out.append(0x66) // \f
            case 0x0A: out.append(0x6E) // \n
            case 0x0D: out.append(0x72) // \r
            case 0x09: out.append(0x74) // \t
            case 0x22, 0x5C: out.append(byte)
            default:
                out.append(contentsOf: [0x75, 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]) // u00XX
            }
        }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: value[runStart...]))
        out.append(0x22)
    }

    /// ``appendJSONString(_:to:)`` of a Swift string's UTF-8.
    public static func appendJSONString(_ value: String, to out: inout [UInt8]) {
        var copy = value
        copy.withUTF8 { appendJSONString(UnsafeRawBufferPointer($0), to: &out) }
    }

    /// Microseconds between 1970-01-01 and 2000-01-01 (PostgreSQL's epoch for timestamps sent in binary).
    public static let postgresEpochOffset: Int64 = 946_684_800_000_000

    /// Appends a timestamp given in microseconds since 2000-01-01 00:00 UTC (PostgreSQL's binary form) as
    /// `YYYY-MM-DDTHH:MM:SS.ffffffZ`, the text of `ledger.log_time`. Returns false, appending nothing, for a
    /// timestamp outside the years 1 to 9999 (where `to_char` writes the year otherwise) or an infinite one.
    public static func appendTimestamp(postgresMicroseconds: Int64, to out: inout [UInt8]) -> Bool {
        // ±infinity are Int64.min and Int64.max; years 1 to 9999 are well inside.
        let micros = postgresMicroseconds
        let perDay: Int64 = 86_400_000_000
        var days = micros / perDay
        var rest = micros % perDay
        if rest < 0 { rest += perDay; days -= 1 }
        // Civil date from days since 1970-01-01 (proleptic Gregorian, as PostgreSQL counts); 10,957 days from 1970 to 2000.
        let civil = InputDates.civil(daysSinceEpoch: Int(days) + 10_957)
        let (year, month, day) = (Int64(civil.year), Int64(civil.month), Int64(civil.day))
        guard year >= 1, year <= 9999 else { return false }
        // The 27 bytes `YYYY-MM-DDTHH:MM:SS.ffffffZ`, written into one buffer and appended at once.
        let seconds = rest / 1_000_000, fraction = rest % 1_000_000
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 27) { text in
            func digits(_ value: Int64, _ count: Int, at start: Int) {
                var v = value
                for i in stride(from: start + count - 1, through: start, by: -1) {
                    text[i] = 0x30 + UInt8(truncatingIfNeeded: v % 10)
                    v /= 10
                }
            }
            digits(year, 4, at: 0); text[4] = 0x2D; digits(month, 2, at: 5); text[7] = 0x2D; digits(day, 2, at: 8)
            text[10] = 0x54
            digits(seconds / 3600, 2, at: 11); text[13] = 0x3A; digits(seconds / 60 % 60, 2, at: 14); text[16] = 0x3A
            digits(seconds % 60, 2, at: 17)
            text[19] = 0x2E; digits(fraction, 6, at: 20)
            text[26] = 0x5A
            out.append(contentsOf: UnsafeBufferPointer(text))
        }
        return true
    }

    /// Appends a UUID given as its 16 bytes as PostgreSQL writes it: lower-case hex in groups 8-4-4-4-12.
    public static func appendUUID(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        @inline(__always) func hex(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }
        // Two hex digits a byte and four dashes, written into one buffer and appended at once.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * bytes.count + 4) { text in
            var at = 0
            for (i, byte) in bytes.enumerated() {
                if i == 4 || i == 6 || i == 8 || i == 10 {
                    text[at] = 0x2D
                    at += 1
                }
                text[at] = hex(byte >> 4)
                text[at + 1] = hex(byte & 0x0F)
                at += 2
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[..<at]))
        }
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
