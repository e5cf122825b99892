import Foundation
import LedgerModel
import Testing

@Suite("Reading CSV and JSON Lines (no database)")
struct LineFormatReaderTests {
    let reader = LineFormatReader(records: YAMLRecordReader(now: ISO8601DateFormatter().date(from: "2026-01-01T00:00:00Z")!))

    static let header = "id,kind,title,occurred_from,occurred_to,occurred_precision,acting_state,territorial_state,attributes,actors,sources,review_status"

    func csvIssues(_ text: String) -> [ImportIssue] {
        do {
            _ = try reader.readCSV(text, file: "items.csv")
            return []
        } catch {
            return error.issues
        }
    }

    @Test func readsItemsWithQuotesNewlinesAndLists() throws {
        let text = Self.header + "\r\n"
            + "item-1,missile-launch,\"Hajun: 633 missiles, \"\"at least\"\"\",2022-02-24,2022-05-14,day,actor-russia,actor-belarus,\"{\"\"count\"\": 633}\",actor-hajun:reported-by,src-1;src-2,submitted\r\n"
            + "item-2,other,\"two\nlines\",,,,,,,,,\r\n"
        let records = try reader.readCSV(text, file: "items.csv")
        #expect(records.count == 2)
        #expect(records[0].columns["title"] == .string("Hajun: 633 missiles, \"at least\""))
        #expect(records[0].columns["attributes"] == .object(["count": .integer(633)]))
        #expect(records[0].children["sources"]?.count == 2)
        #expect(records[0].children["actors"]?.first?["role"] == .string("reported-by"))
        #expect(records[0].location.line == 2)
        #expect(records[1].columns["title"] == .string("two\nlines"))
        #expect(records[1].location.line == 3)
    }

    @Test func listsMayBeJSONToCarryLocatorsQuotesAndExhibits() throws {
        let text = "id,kind,title,sources,exhibits,actors\n"
            + "item-1,other,t,\"[{\"\"source\"\": \"\"src-1\"\", \"\"locator\"\": \"\"para. 2\"\", \"\"quote\"\": \"\"at least 56\"\"}]\",exh-1;exh-2,\"[{\"\"actor\"\": \"\"actor-a\"\", \"\"role\"\": \"\"reported-by\"\"}]\"\n"
        let records = try reader.readCSV(text, file: "items.csv")
        #expect(records[0].children["sources"]?.first?["locator"] == .string("para. 2"))
        #expect(records[0].children["sources"]?.first?["quote"] == .string("at least 56"))
        #expect(records[0].children["exhibits"]?.map { $0["exhibit_id"] } == [.string("exh-1"), .string("exh-2")])
        #expect(records[0].children["actors"]?.first?["role"] == .string("reported-by"))
        let bad = csvIssues("id,kind,title,sources\nitem-1,other,t,[oops\n")
        #expect(bad.first?.field == "sources")
    }

    @Test func malformedQuotingGivesTheLine() {
        let issues = csvIssues(Self.header + "\nitem-1,other,\"unclosed,,,,,,,,,\n")
        #expect(issues.first?.location.line == 2)
        #expect(issues.first?.expected.contains("closing quote") == true)
        let stray = csvIssues(Self.header + "\nitem-1,other,ab\"c\"d,,,,,,,,,\n")
        #expect(stray.first?.expected.contains("quote") == true)
    }

    @Test func wrongColumnCountGivesTheLine() {
        let issues = csvIssues(Self.header + "\nitem-1,other,t,,,,,,,,,\nitem-2,other,t\n")
        #expect(issues.count == 1)
        #expect(issues.first?.location.line == 3)
        #expect(issues.first?.value == "3 fields")
    }

    @Test func unknownAndMissingColumns() {
        let issues = csvIssues("id,kind,title,colour\nitem-1,other,t,red\n")
        #expect(issues.contains { $0.value == "colour" })
        #expect(csvIssues("name,value\na,b\n").first?.field == "(header)")
        #expect(csvIssues("").first?.field == "(file)")
        #expect(csvIssues(Self.header + "\n").first?.expected.contains("at least one record") == true)
    }

    @Test func rowsAreCheckedLikeYAML() {
        let issues = csvIssues(Self.header + "\nitem-1,rocket,t,2022-02-30,,day,,,,,,\n")
        #expect(issues.contains { $0.field == "item.kind" && $0.location.line == 2 })
        #expect(issues.contains { $0.field == "item.occurred.from" && $0.value == "2022-02-30" })
    }

    @Test func linksAndSourcesHaveTheirOwnLayouts() throws {
        let links = try reader.readCSV("item,element,relation,credibility,argument\nitem-1,UNGA-3314/3(f).3,supports,2,\"launches, from Belarus\"\n", file: "links.csv")
        #expect(links[0].externalID == "item-1/UNGA-3314/3(f).3")
        #expect(links[0].columns["credibility"] == .integer(2))
        let sources = try reader.readCSV("id,publisher,kind,reliability,published\nsrc-1,Babel.ua,media,B,2022-07\n", file: "sources.csv")
        #expect(sources[0].columns["published_precision"] == .string("month"))
    }

    @Test func jsonLines() throws {
        let text = """
            {"type": "source", "id": "src-1", "publisher": "ČTK", "kind": "media", "reliability": "B"}

            {"type": "item", "id": "item-1", "kind": "missile-launch", "title": "t", "attributes": {"count": 633}, "sources": [{"source": "src-1"}], "links": [{"element": "UNGA-3314/3(f).3", "relation": "supports", "credibility": 2, "argument": "a"}]}
            {"type": "link", "item": "item-1", "element": "ILC-ARSIWA/16.1", "relation": "supports", "credibility": 3, "argument": "b"}
            """
        let records = try reader.readJSONLines(text, file: "batch.jsonl")
        #expect(records.map(\.kind) == [.source, .item, .link, .link])
        #expect(records[1].location.line == 3)
        do {
            _ = try reader.readJSONLines(#"{"type": "link", "item": "item-1", "element": "ILC-ARSIWA/16.1", "relation": "supports", "credibility": true, "argument": "b"}"#, file: "bool.jsonl")
            Issue.record("a boolean credibility was accepted")
        } catch {
            #expect(error.issues.first?.value == "true")
        }
        do {
            _ = try reader.readJSONLines("{\"type\": \"rocket\"}\nnot json\n{\"type\": \"source\", \"id\": \"s\", \"kind\": \"media\", \"reliability\": \"Z\"}\n", file: "bad.jsonl")
            Issue.record("accepted")
        } catch {
            #expect(error.issues.map(\.location.line) == [1, 2, 3])
        }
    }
}
