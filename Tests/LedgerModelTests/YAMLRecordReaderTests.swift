import Foundation
import LedgerModel
import Testing

@Suite("Reading YAML records (no database)")
struct YAMLRecordReaderTests {
    let reader = YAMLRecordReader(now: ISO8601DateFormatter().date(from: "2026-01-01T00:00:00Z")!)

    func read(_ text: String) throws(ImportFailure) -> [StagedRecord] {
        try reader.read(text: text, file: "input.yaml")
    }

    /// The single issue of a failing read.
    func issue(_ text: String) -> ImportIssue? {
        do {
            _ = try read(text)
            return nil
        } catch {
            return error.issues.first
        }
    }

    static let item = """
        format: evidence-ledger/items@1
        items:
          - id: "item-1"
            kind: "missile-launch"
            title: "A claim"
            occurred: {from: "2022-02-24", to: "2022-05-14", precision: "day"}
            attributes: {count: 633, count_qualifier: "at least"}
            sources:
              - {source: "src-1", locator: "para. 2"}
            actors:
              - {actor: "actor-hajun", role: "reported-by"}
            links:
              - element: "UNGA-3314/3(f).3"
                relation: "supports"
                credibility: 2
                argument: "Launches from Belarus."
        """

    @Test func readsAnItemWithItsLinks() throws {
        let records = try read(Self.item)
        #expect(records.map(\.kind) == [.item, .link])
        let item = records[0]
        #expect(item.externalID == "item-1")
        #expect(item.location.line == 3)
        #expect(item.columns["kind"] == .string("missile-launch"))
        // Whole days: the range runs to the next midnight, exclusive, in UTC.
        #expect(item.columns["occurred"] == .string("[2022-02-24T00:00:00.000Z,2022-05-15T00:00:00.000Z)"))
        #expect(item.columns["attributes"] == .object(["count": .integer(633), "count_qualifier": .string("at least")]))
        #expect(item.children["sources"]?.first?["source_id"] == .string("src-1"))
        let link = records[1]
        #expect(link.externalID == "item-1/UNGA-3314/3(f).3")
        #expect(link.columns["item_id"] == .string("item-1"))
        #expect(link.columns["credibility"] == .integer(2))
    }

    @Test(arguments: [
        ("\"2022-07\"", "\"2022-07\"", "[2022-07-01T00:00:00.000Z,2022-08-01T00:00:00.000Z)"),
        ("\"2022\"", "\"2022\"", "[2022-01-01T00:00:00.000Z,2023-01-01T00:00:00.000Z)"),
        ("\"2022-02-27T17:00:00+02:00\"", "\"2022-02-27T17:00:00+02:00\"", "[2022-02-27T15:00:00.000Z,2022-02-27T15:00:00.000Z]"),
        ("\"2022-12\"", "\"2023-01-15\"", "[2022-12-01T00:00:00.000Z,2023-01-16T00:00:00.000Z)"),
        ("\"2024-02-29T23:59:59.1234567-05:30\"", "\"2024-03-01T05:29:59.123457Z\"", "[2024-03-01T05:29:59.123456Z,2024-03-01T05:29:59.123457Z]"),
        ("\"1999-12-31T23:00Z\"", "\"2000-01-01\"", "[1999-12-31T23:00:00.000Z,2000-01-02T00:00:00.000Z)"),
    ])
    func occurredTakesYearsMonthsDaysAndInstants(from: String, to: String, stored: String) throws {
        let text = Self.item.replacingOccurrences(of: "from: \"2022-02-24\", to: \"2022-05-14\"", with: "from: \(from), to: \(to)")
        #expect(try read(text)[0].columns["occurred"] == .string(stored))
    }

    @Test func catalogueElementsGetTheirProvisionAndOrder() throws {
        let records = try read("""
            format: evidence-ledger/legal-catalogue@1
            instruments:
              - {code: "UNGA-3314", title: "Definition of Aggression", kind: "un-resolution"}
            provisions:
              - code: "UNGA-3314/3(f)"
                instrument: "UNGA-3314"
                label: "Article 3(f)"
                text_status: "standard-text-unconfirmed"
                text: "The action of a State …"
                elements:
                  - {code: "UNGA-3314/3(f).1", text: "placed at the disposal", basis: "reference"}
                  - {code: "UNGA-3314/3(f).2", text: "allowed", basis: "reference"}
            """)
        #expect(records.map(\.kind) == [.instrument, .provision, .element, .element])
        #expect(records[3].columns["provision_id"] == .string("UNGA-3314/3(f)"))
        #expect(records[3].columns["ordinal"] == .integer(2))
    }

    @Test(arguments: [
        ("kind: \"missile-launch\"", "kind: \"rocket\"", "items[0].kind", "one of missile-launch"),
        ("from: \"2022-02-24\"", "from: \"2022-02-30\"", "items[0].occurred.from", "a real date"),
        ("from: \"2022-02-24\"", "from: \"2022-02-24T25:00Z\"", "items[0].occurred.from", "a real date"),
        ("from: \"2022-02-24\"", "from: \"2022-02-24T10:00\"", "items[0].occurred.from", "a real date"),
        ("to: \"2022-05-14\"", "to: \"2022-01-01\"", "items[0].occurred.to", "not before from"),
        ("from: \"2022-02-24\", to: \"2022-05-14\"", "from: \"2030-01-01\"", "items[0].occurred.from", "not in the future"),
        ("credibility: 2", "credibility: 7", "items[0].links[0].credibility", "from 1 to 6"),
        ("relation: \"supports\"", "relation: \"proves\"", "items[0].links[0].relation", "one of supports"),
        ("id: \"item-1\"", "id: \"item 1\"", "items[0].id", "an id of letters"),
        ("title: \"A claim\"", "title: \"\"", "items[0].title", "text"),
        ("title: \"A claim\"", "titel: \"A claim\"", "items[0].titel", "one of the fields"),
    ])
    func badFieldsAreReportedWithTheirPlace(original: String, replacement: String, field: String, expected: String) throws {
        let text = Self.item.replacingOccurrences(of: original, with: replacement)
        #expect(text != Self.item)
        do {
            _ = try read(text)
            Issue.record("accepted: \(replacement)")
        } catch {
            #expect(error.issues.contains { $0.field == field && $0.expected.contains(expected) && $0.location.file == "input.yaml" }, "\(error)")
        }
    }

    @Test func sourceGradesAndDates() throws {
        let ok = try read("""
            format: evidence-ledger/sources@1
            sources:
              - {id: "src-1", publisher: "Express", kind: "media", reliability: "D", published: "2023"}
            """)
        #expect(ok[0].columns["published_on"] == .string("2023-01-01"))
        #expect(ok[0].columns["published_precision"] == .string("year"))
        let bad = issue("""
            format: evidence-ledger/sources@1
            sources:
              - {id: "src-1", publisher: "Express", kind: "media", reliability: "G"}
            """)
        #expect(bad?.field == "sources[0].reliability")
        #expect(bad?.location.line == 3)
    }

    @Test func duplicateIdsInAFile() throws {
        let found = issue("""
            format: evidence-ledger/sources@1
            sources:
              - {id: "src-1", kind: "media", reliability: "B"}
              - {id: "src-1", kind: "media", reliability: "C"}
            """)
        #expect(found?.value == "src-1")
        #expect(found?.expected.contains("line 3") == true)
    }

    @Test func malformedYAMLGivesItsLine() throws {
        let found = issue("format: evidence-ledger/sources@1\nsources:\n  - {id: \"src-1\", kind: [unclosed\n")
        #expect(found?.field == "(YAML)")
        #expect((found?.location.line ?? 0) >= 3)
    }

    @Test func emptyAndFormatlessFiles() throws {
        #expect(issue("")?.expected.contains("format") == true)
        #expect(issue("sources: []")?.field == "format")
        #expect(issue("format: evidence-ledger/unknown@9")?.value == "evidence-ledger/unknown@9")
    }

    @Test func nulIsRefusedNotStripped() throws {
        let found = issue("format: evidence-ledger/sources@1\nsources:\n  - {id: \"src-1\", title: \"a\u{0}b\", kind: \"media\", reliability: \"B\"}\n")
        #expect(found?.location.line == 3)
        #expect(found?.expected.contains("NUL") == true)
    }

    @Test func invalidUTF8GivesItsLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("el-utf8-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bad.yaml").path
        var bytes = Array("format: evidence-ledger/sources@1\nsources:\n  - {id: \"src-1\", title: \"".utf8)
        bytes += [0xC3, 0x28] // an invalid two-byte sequence
        bytes += Array("\", kind: \"media\", reliability: \"B\"}\n".utf8)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        do {
            _ = try reader.read(file: path)
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.issues.first?.location.line == 3)
            #expect(error.issues.first?.expected.contains("UTF-8") == true)
        }
    }

    @Test func aTwentyMegabyteFieldIsRefused() throws {
        let big = String(repeating: "x", count: 20 * 1024 * 1024)
        let found = issue("format: evidence-ledger/sources@1\nsources:\n  - {id: \"src-1\", notes: \"\(big)\", kind: \"media\", reliability: \"B\"}\n")
        #expect(found?.field == "sources[0].notes")
        #expect(found?.value?.count ?? 1000 < 100)
    }

    @Test func aYAMLBombIsRefusedWithoutBeingExpanded() throws {
        // A billion laughs: ten levels of ten aliases. Aliases share nodes (nothing is copied), and the reader
        // only walks the shapes it expects, within a node budget, so this ends at once with a few issues.
        var lines = ["format: evidence-ledger/sources@1", "sources:", "  - &a0 {id: \"src-1\", kind: \"media\", reliability: \"B\"}"]
        for i in 1...9 { lines.append("  - &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]") }
        for _ in 0..<100 { lines.append("  - *a9") }
        let start = Date()
        var small = reader
        small.nodeBudget = 50
        do {
            _ = try small.read(text: lines.joined(separator: "\n"), file: "bomb.yaml")
            Issue.record("the bomb was read")
        } catch {
            #expect(error.issues.count < 100)
            #expect(error.issues.contains { $0.expected.contains("YAML nodes") || $0.expected.contains("a mapping") })
        }
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test func attributesAreCheckedPerKindWhenTheCatalogueIsKnown() throws {
        var strict = reader
        strict.attributeTypes = ["missile-launch": ["count": "integer", "count_qualifier": "text"]]
        #expect(try strict.read(text: Self.item, file: "input.yaml").count == 2)
        do {
            _ = try strict.read(text: Self.item.replacingOccurrences(of: "count: 633", with: "count: many"), file: "input.yaml")
            Issue.record("a count of \"many\" was accepted")
        } catch {
            #expect(error.issues.first?.field == "items[0].attributes.count")
            #expect(error.issues.first?.expected == "a whole number")
        }
        let text = Self.item.replacingOccurrences(of: "count: 633", with: "colour: red")
        do {
            _ = try strict.read(text: text, file: "input.yaml")
            Issue.record("an unknown attribute was accepted")
        } catch {
            #expect(error.issues.first?.field == "items[0].attributes.colour")
        }
    }

    @Test func stagedJSONIsDeterministic() {
        let value = JSONValue.object(["b": .integer(1), "a": .array([.string("x\n\"y\""), .null, .bool(true)]), "é": .string("Мазыр")])
        #expect(value.text == #"{"a":["x\n\"y\"",null,true],"b":1,"é":"Мазыр"}"#)
    }
}
