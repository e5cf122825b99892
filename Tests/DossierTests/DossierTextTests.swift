import Foundation
import Testing
@testable import Dossier

/// The small text helpers every item goes through, against the slower forms they replace. No database.
@Suite struct DossierTextTests {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The calendar's answer, as `shiftDay` gave it before it counted days itself.
    static func calendarShift(_ day: String, by offset: Int) -> String? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let date = utc.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
              let shifted = utc.date(byAdding: .day, value: offset, to: date) else { return nil }
        let c = utc.dateComponents([.year, .month, .day], from: shifted)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    @Test func shiftingADayCountsAsTheCalendarDoes() {
        var days: [String] = []
        // Every day of 1999–2001 and 2099–2101 (leap rules of 100 and 400), and the ends of the years written.
        for year in [1999, 2000, 2001, 2099, 2100, 2101, 1600, 1900, 2024] {
            for month in 1...12 { for day in 1...31 { days.append(String(format: "%04d-%02d-%02d", year, month, day)) } }
        }
        days += ["0001-01-01", "0001-03-01", "9999-12-31", "9999-12-30", "2022-02-30", "2022-13-01", "22-1-1", "2022-02-28",
                 // Around the calendar's change from Julian to Gregorian days, and before it.
                 "1582-10-15", "1582-10-04", "1583-01-01", "1582-12-31", "1500-03-01", "1500-02-28"]
        for day in days {
            for offset in [-1, 1, 0, 366, -400] {
                // Days the calendar would have to roll over (30 February) keep its answer too.
                #expect(DossierBuilder.shiftDay(day, by: offset) == Self.calendarShift(day, by: offset), "\(day) \(offset)")
            }
        }
    }

    @Test func rangesAreReadByBytes() {
        let range = DossierBuilder.parseRange("[2022-01-01T00:00:00.000000Z,2022-01-02T00:00:00.000000Z)")
        #expect(range?.from == "2022-01-01T00:00:00.000000Z" && range?.to == "2022-01-02T00:00:00.000000Z")
        #expect(range?.lowerInclusive == true && range?.upperInclusive == false)
        #expect(DossierBuilder.parseRange("(a,b]")?.upperInclusive == true)
        #expect(DossierBuilder.parseRange("(a,b]")?.lowerInclusive == false)
        for bad in ["", "[]", "[a]", "[a,b,c)", "ab"] { #expect(DossierBuilder.parseRange(bad) == nil, "\(bad)") }
        #expect(DossierBuilder.parseRange("[á,b)")?.from == "á")
    }

    /// `escape` as it was before its plain-text shortcut.
    static func slowEscape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\r": out += "\n"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || (v >= 0x7F && v <= 0x9F) || (v >= 0xFDD0 && v <= 0xFDEF) || (v & 0xFFFE) == 0xFFFE {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    @Test func escapingIsUnchangedByItsShortcut() {
        let pieces = ["a", " ", "&", "<", ">", "\"", "'", "\r", "\n", "\t", "\u{00}", "\u{1F}", "\u{7F}", "\u{85}", "\u{9F}",
                      String(Unicode.Scalar(0xFDD0)!), String(Unicode.Scalar(0xFFFE)!), String(Unicode.Scalar(0x1FFFF)!),
                      "Мозырь", "e\u{301}", "€"]
        var state: UInt64 = 1
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<6 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text += pieces[Int((state >> 33) % UInt64(pieces.count))]
            }
            #expect(HTMLText.escape(text) == Self.slowEscape(text), "\(Array(text.unicodeScalars))")
            // Lines: every line break (CR LF, CR, LF) becomes <br>, the rest is escaped; one line is its escape.
            let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
                .split(separator: "\n", omittingEmptySubsequences: false).map { Self.slowEscape(String($0)) }.joined(separator: "<br>")
            #expect(HTMLText.lines(text) == lines, "\(Array(text.unicodeScalars))")
        }
        #expect(HTMLText.lines("a & b") == "a &amp; b")
        #expect(HTMLText.lines("a\r\nb\rc\n") == "a<br>b<br>c<br>")
        #expect(HTMLText.paragraphs("plain line", class: "description") == "<p class=\"description\">plain line</p>")
        #expect(HTMLText.paragraphs("") == "")
        #expect(HTMLText.paragraphs("a & b") == "<p>a &amp; b</p>")
        #expect(HTMLText.paragraphs("one\n\ntwo") == "<p>one</p>\n<p>two</p>")
    }

    /// The anchor slug as it was made scalar by scalar, before it went byte by byte.
    static func slowSlug(_ text: String) -> String {
        var out = ""
        var pendingHyphen = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let isAlnum = (v >= 0x30 && v <= 0x39) || (v >= 0x61 && v <= 0x7A)
            let isUpper = v >= 0x41 && v <= 0x5A
            if isAlnum || isUpper {
                if pendingHyphen && !out.isEmpty { out.append("-") }
                pendingHyphen = false
                out.unicodeScalars.append(isUpper ? Unicode.Scalar(v + 0x20)! : scalar)
            } else {
                pendingHyphen = true
            }
        }
        return out.isEmpty ? "x" : out
    }

    @Test func slugsAreUnchangedByGoingByteByByte() {
        let pieces = ["a", "Z", "0", "9", "-", "_", " ", "/", "(", ")", ".", "@", "[", "`", "{", "Мозырь", "é", "e\u{301}", "€", "😀", "\u{7F}", "\u{80}"]
        var state: UInt64 = 7
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<(Int(state % 7)) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text += pieces[Int((state >> 33) % UInt64(pieces.count))]
            }
            state = state &* 6364136223846793005 &+ 1442695040888963407
            #expect(DossierRenderIndex.slug(text) == Self.slowSlug(text), "\(Array(text.unicodeScalars))")
        }
        #expect(DossierRenderIndex.slug("item-Hajun-633 (2022/05/14)") == "item-hajun-633-2022-05-14")
        #expect(DossierRenderIndex.slug("Мозырь") == "x")
        #expect(DossierRenderIndex.slug("UNGA-3314/3(f).1") == "unga-3314-3-f-1")
    }

    /// A row as the CSV form wrote it before rows were put together in one string: each field, joined by commas.
    static func slowRow(_ item: DossierDocument.Item, links: [String]) -> String {
        func field(_ raw: String) -> String {
            var value = raw
            if let first = value.unicodeScalars.first, ["=", "+", "@", "\t", "\r"].contains(first) { value = "'" + value }
            guard value.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return value }
            var out: [UInt8] = [0x22]
            for byte in value.utf8 {
                out.append(byte)
                if byte == 0x22 { out.append(0x22) }
            }
            out.append(0x22)
            return String(decoding: out, as: UTF8.self)
        }
        let values: [String] = [
            item.id, String(item.version), item.kind, item.title, item.description ?? "",
            item.occurred?.from ?? "", item.occurred?.to ?? "", item.occurred?.precision ?? "", item.occurred?.display ?? "",
            item.place ?? "", item.actingState ?? "", item.territorialState ?? "",
            item.actors.map { "\($0.actor) (\($0.role))" }.joined(separator: "; "),
            item.claimStatus ?? "", item.status, item.reviewer ?? "", item.reviewNote ?? "",
            item.sources.map(\.source).joined(separator: "; "), String(item.withheldSources),
            item.exhibits.map(\.exhibit).joined(separator: "; "), String(item.withheldExhibits),
            links.joined(separator: "; "), item.origins.joined(separator: "; "),
            item.recordedAt, item.recordedBy, String(item.entry),
        ]
        return values.map(field).joined(separator: ",") + "\r\n"
    }

    @Test func csvRowsAreEachFieldJoinedByCommas() {
        var items = SampleDossier.document().items
        #expect(!items.isEmpty)
        var odd = items[0]
        odd.title = "=SUM(A1) \"quoted\", two\r\nlines"
        odd.description = "@handle\tand tab"
        odd.reviewNote = "\rstarts with a return"
        odd.actors = [.init(actor: "actor-a", role: "commander"), .init(actor: "+actor, b", role: "unit")]
        odd.origins = ["origin \"one\"", "Мозырь"]
        odd.place = nil
        odd.occurred = nil
        items.append(odd)
        for item in items {
            for links in [[], ["E.1 supports B2"], ["E.1 supports B2", "=E.2 contradicts –4", "a,b"]] {
                #expect(CSVRenderer.row(item, links: links) == Self.slowRow(item, links: links), "\(item.id)")
            }
        }
    }

    @Test func csvQuotesFindSeparatorsByBytes() {
        #expect(CSVRenderer.field("plain") == "plain")
        #expect(CSVRenderer.field("a,b") == "\"a,b\"")
        #expect(CSVRenderer.field("say \"x\"") == "\"say \"\"x\"\"\"")
        #expect(CSVRenderer.field("line\r\nbreak") == "\"line\r\nbreak\"")
        // A quote or comma followed by a combining mark is one character, but still a quote or comma to a CSV reader.
        #expect(CSVRenderer.field("a\"\u{301}b") == "\"a\"\"\u{301}b\"")
        #expect(CSVRenderer.field(",\u{301}") == "\",\u{301}\"")
        #expect(CSVRenderer.field("=1+1") == "'=1+1")
    }
}

/// Attributes read directly give what JSONSerialization gives, and anything unusual still goes that way.
@Suite struct DossierAttributeTests {
    @Test func directReadingMatchesJSONSerialization() {
        let cases = [
            #"{"count": 41, "weapon_system": "Iskander-M"}"#,
            #"{"a": true, "b": false, "c": null, "d": 0, "e": -7, "f": 123456789012345}"#,
            #"{}"#, #" { } "#, #"{"name": "Мозырь"}"#, #"{"z": "1", "a": "2", "m": 3}"#,
            // These go the general way: escapes, fractions, exponents, long integers, nesting, -0, leading zeros.
            #"{"quote": "say \"x\""}"#, #"{"x": 1.5}"#, #"{"x": 1e3}"#, #"{"x": 12345678901234567890}"#,
            #"{"x": [1, 2]}"#, #"{"x": {"y": "z"}}"#, #"{"x": -0}"#, #"{"x": 007}"#, #"{"x": 1.0}"#,
            // Not objects, or broken.
            #"[1]"#, #""x""#, #"{"x": }"#, #"{"x" 1}"#, #"{"x": 1,}"#, "",
        ]
        for json in cases {
            #expect(DossierBuilder.attributes(json) == DossierBuilder.attributesInGeneral(json), "\(json)")
        }
        #expect(DossierBuilder.attributes(#"{"count": 41}"#) == [DossierDocument.Attribute(name: "count", value: "41")])
        #expect(DossierBuilder.attributes(nil).isEmpty)
    }
}

/// The leak check over files: every form of a withheld value is found, across the windows it reads in.
@Suite struct LeakCheckFileTests {
    @Test func valuesAreFoundInAnyFormAndAcrossWindows() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("leaks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func check(_ text: String, _ values: Set<String>) throws -> [String] {
            let url = directory.appendingPathComponent("f")
            try Data(text.utf8).write(to: url)
            return try Redaction.leaks(of: values, inFile: url)
        }
        #expect(try check("nothing here", ["SECRET-NAME"]).isEmpty)
        #expect(try check("a SECRET-NAME b", ["SECRET-NAME", "OTHER-VALUE"]) == ["SECRET-NAME"])
        // As HTML and JSON write them.
        #expect(try check("<p>Tom &amp; Jerry&#39;s</p>", ["Tom & Jerry's"]) == ["Tom & Jerry's"])
        #expect(try check(#"{"q": "say \"hi\" there"}"#, ["say \"hi\" there"]) == ["say \"hi\" there"])
        #expect(try check("Мозырь НПЗ", ["Мозырь НПЗ"]) == ["Мозырь НПЗ"])
        // Straddling the 8 MiB windows the file is read in.
        let pad = String(repeating: "x", count: (8 << 20) - 5)
        #expect(try check(pad + "SECRET-NAME" + pad, ["SECRET-NAME"]) == ["SECRET-NAME"])
        #expect(try check(pad + "SECRET-NAM" + pad, ["SECRET-NAME"]).isEmpty)
        // Bytes: a value followed by a combining mark still counts.
        #expect(try check("SECRET-NAME\u{301}", ["SECRET-NAME"]) == ["SECRET-NAME"])
        // The same name stored precomposed and written decomposed, or the other way round.
        #expect(try check("by Zoe\u{308} Ivanova", ["Zo\u{EB} Ivanova"]) == ["Zo\u{EB} Ivanova"])
        #expect(try check("by Zo\u{EB} Ivanova", ["Zoe\u{308} Ivanova"]) == ["Zoe\u{308} Ivanova"])
    }
}
