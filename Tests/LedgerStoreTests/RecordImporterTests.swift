import Foundation
import LedgerModel
import LedgerStore
import LedgerTestSupport
import Postgres
import Testing

@Suite("Importing records into a real ledger")
struct RecordImporterTests {
    let connection: Connection
    let dir: String

    init() throws {
        connection = try Connection.connect(try TestCluster.shared.makeMigratedDatabase())
        dir = try TestCluster.makeTemporaryDirectory(prefix: "el-import")
    }

    func file(_ name: String, _ text: String) throws -> String {
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func count(_ sql: String) throws -> Int {
        try connection.scalar(PostgresQuery(unsafeSQL: sql), as: Int.self) ?? -1
    }

    static let catalogue = """
        format: evidence-ledger/legal-catalogue@1
        instruments:
          - {code: "UNGA-3314", title: "Definition of Aggression", kind: "un-resolution", symbol: "A/RES/3314(XXIX)", adopted: "1974-12-14"}
        provisions:
          - code: "UNGA-3314/3(f)"
            instrument: "UNGA-3314"
            label: "Article 3(f)"
            text_status: "standard-text-unconfirmed"
            text: "The action of a State in allowing its territory …"
            elements:
              - {code: "UNGA-3314/3(f).1", text: "territory placed at the disposal of another State", basis: "reference"}
              - {code: "UNGA-3314/3(f).3", text: "used for perpetrating an act of aggression against a third State", basis: "reference"}
        """
    static let actors = """
        format: evidence-ledger/actors@1
        actors:
          - id: "actor-belarus"
            kind: "state"
            names: [{text: "Belarus", lang: "en"}, {text: "Беларусь", lang: "be"}, {text: "Biełaruś", lang: "be-Latn", romanisation: "Łacinka"}]
          - {id: "actor-russia", kind: "state", names: [{text: "Russia", lang: "en"}]}
          - {id: "actor-hajun", kind: "monitoring-group", state: "actor-belarus", names: [{text: "Hajun", lang: "en"}]}
        """
    static let sources = """
        format: evidence-ledger/sources@1
        sources:
          - {id: "src-hn", publisher: "ČTK via HN Online", site: "hnonline.sk", published: "2022-05-14", kind: "media", reliability: "B"}
        """
    static func items(title: String = "Hajun: 633 missiles fired from Belarus by 14 May 2022") -> String {
        """
        format: evidence-ledger/items@1
        items:
          - id: "item-hajun-633"
            kind: "missile-launch"
            title: "\(title)"
            occurred: {from: "2022-02-24", to: "2022-05-14", precision: "day"}
            acting_state: "actor-russia"
            territorial_state: "actor-belarus"
            attributes: {count: 633, count_qualifier: "at least"}
            actors: [{actor: "actor-hajun", role: "reported-by"}]
            sources: [{source: "src-hn"}]
            claim_status: "confirmed-in-publication (secondary)"
            review_status: "submitted"
            links:
              - {element: "UNGA-3314/3(f).3", relation: "supports", credibility: 2, argument: "Russian launches from Belarusian territory."}
        """
    }

    func allFiles(items: String = RecordImporterTests.items()) throws -> [String] {
        [try file("catalogue.yaml", Self.catalogue), try file("actors.yaml", Self.actors),
         try file("sources.yaml", Self.sources), try file("items.yaml", items)]
    }

    @Test func importsEverythingThenNothingTheSecondTime() throws {
        let paths = try allFiles()
        let first = try FileImport(connection: connection).run(paths, reason: "test")
        #expect(first.created[.item] == 1)
        #expect(first.created[.link] == 1)
        #expect(first.created[.element] == 2)
        #expect(try count("SELECT count(*) FROM ledger.actor_name") == 5)
        let item = try connection.query("SELECT acting_state, territorial_state, attributes->>'count', status::text, lower(occurred) = '2022-02-24 00:00+00' FROM ledger.current_item")[0]
        #expect(try item.decode(String.self, at: 0) == "actor-russia")
        #expect(try item.decode(String.self, at: 1) == "actor-belarus")
        #expect(try item.decode(String.self, at: 2) == "633")
        #expect(try item.decode(String.self, at: 3) == "submitted")
        #expect(try item.decode(Bool.self, at: 4))
        #expect(try count("SELECT count(*) FROM ledger.current_link WHERE criterion = 'UNGA-3314/3(f).3' AND criterion_type = 'element'") == 1)

        let second = try FileImport(connection: connection).run(paths, reason: "test again")
        #expect(second.totalWritten == 0)
        #expect(second.unchanged[.item] == 1)
        #expect(try count("SELECT count(*) FROM ledger.item_version") == 1)
    }

    @Test func aChangedVerifiedRecordGetsANewVersionAndGoesBackToReview() throws {
        try FileImport(connection: connection).run(try allFiles(), reason: "first")
        // A reviewer verifies the item.
        try connection.execute("""
            INSERT INTO ledger.item_version (entity_id, kind, title, occurred, occurred_precision, acting_state_id, territorial_state_id,
                attributes, claim_status, status, reviewer, review_note, change_reason)
            SELECT entity_id, kind, title, occurred, occurred_precision, acting_state_id, territorial_state_id, attributes, claim_status,
                'verified', 'someone else', 'checked against the publication', 'review'
            FROM ledger.item_version;
            INSERT INTO ledger.item_source (item_id, item_version, source_id, ordinal)
            SELECT item_id, 2, source_id, ordinal FROM ledger.item_source WHERE item_version = 1
            """)
        // The reviewer is who recorded the review, not a name given.
        #expect(try connection.scalar("SELECT reviewer FROM ledger.item_version WHERE version = 2", as: String.self) == connection.user)
        let summary = try FileImport(connection: connection).run(try allFiles(items: Self.items(title: "Hajun: at least 633 missiles fired from Belarus")), reason: "title corrected")
        #expect(summary.amended[.item] == 1)
        let current = try connection.query("SELECT version, title, status::text, reviewer FROM ledger.current_item")[0]
        #expect(try current.decode(Int.self, at: 0) == 3)
        #expect(try current.decode(String.self, at: 1) == "Hajun: at least 633 missiles fired from Belarus")
        // New content has not been reviewed: the item is submitted again, with no reviewer.
        #expect(try current.decode(String.self, at: 2) == "submitted")
        #expect(try current.decode(String?.self, at: 3) == nil)
        #expect(try connection.scalar("SELECT change_reason FROM ledger.item_version WHERE version = 3", as: String.self) == "title corrected")
        // The children were recorded again with the new version.
        #expect(try count("SELECT count(*) FROM ledger.item_source WHERE item_version = 3") == 1)
        #expect(try connection.scalar("SELECT review_note IS NULL FROM ledger.item_version WHERE version = 3", as: Bool.self) == true)
        #expect(try count("SELECT count(*) FROM ledger.item_version") == 3)
    }

    @Test func aReferenceToNothingWritesNothing() throws {
        let items = Self.items().replacingOccurrences(of: "source: \"src-hn\"", with: "source: \"src-missing\"")
        let paths = try allFiles(items: items)
        do {
            try FileImport(connection: connection).run(paths, reason: "test")
            Issue.record("a missing source was accepted")
        } catch let failure as ImportFailure {
            #expect(failure.issues.count == 1)
            #expect(failure.issues[0].value == "src-missing")
            #expect(failure.issues[0].field == "sources[0].source")
            #expect(failure.issues[0].location.file.hasSuffix("items.yaml"))
        }
        #expect(try count("SELECT count(*) FROM ledger.entity") == 0)
    }

    @Test func anUnknownCriterionWritesNothing() throws {
        let items = Self.items().replacingOccurrences(of: "UNGA-3314/3(f).3", with: "UNGA-3314/3(h).9")
        #expect(throws: ImportFailure.self) { try FileImport(connection: connection).run(try allFiles(items: items), reason: "test") }
        #expect(try count("SELECT count(*) FROM ledger.entity") == 0)
    }

    @Test func oneBadFileStopsTheWholeBatch() throws {
        var paths = try allFiles()
        paths.append(try file("bad.yaml", "format: evidence-ledger/sources@1\nsources:\n  - {id: \"src-x\", kind: \"media\", reliability: \"Q\"}\n"))
        do {
            try FileImport(connection: connection).run(paths, reason: "test")
            Issue.record("accepted")
        } catch let failure as ImportFailure {
            #expect(failure.description.contains("bad.yaml:3: sources[0].reliability: \"Q\""))
        }
        #expect(try count("SELECT count(*) FROM ledger.entity") == 0)
    }

    @Test func referencesMayPointAtRecordsAlreadyInTheLedger() throws {
        try FileImport(connection: connection).run([try file("catalogue.yaml", Self.catalogue), try file("actors.yaml", Self.actors), try file("sources.yaml", Self.sources)], reason: "first")
        let summary = try FileImport(connection: connection).run([try file("items.yaml", Self.items())], reason: "second")
        #expect(summary.created[.item] == 1)
    }

    @Test func dryRunWritesNothing() throws {
        let summary = try FileImport(connection: connection).run(try allFiles(), reason: "test", dryRun: true)
        #expect(summary.created[.item] == 1)
        #expect(try count("SELECT count(*) FROM ledger.entity") == 0)
    }

    @Test func theSwiftVocabularyMatchesTheDatabaseEnums() throws {
        var database: [String: [String]] = [:]
        for row in try connection.query("""
            SELECT t.typname::text, e.enumlabel::text FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
            JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'ledger' ORDER BY t.typname, e.enumsortorder
            """) {
            database[try row.decode(String.self, at: 0), default: []].append(try row.decode(String.self, at: 1))
        }
        #expect(database == Vocabulary.byTypeName)
    }

    @Test func theProjectFixturesImportTwiceWithoutChange() throws {
        let files = FileImport.fixtureFiles()
        #expect(files.count >= 1)
        let first = try FileImport(connection: connection).run(files, reason: "fixtures")
        #expect(first.totalWritten > 0)
        let second = try FileImport(connection: connection).run(files, reason: "fixtures again")
        #expect(second.totalWritten == 0)
    }

    @Test func theCSVAndJSONLinesSamplesSayTheSameAsTheYAML() throws {
        try FileImport(connection: connection).run(FileImport.fixtureFiles(), reason: "fixtures")
        let samples = FileImport.fixturesDirectory() + "/samples/"
        let csv = try FileImport(connection: connection).run([samples + "sources.csv", samples + "items.csv", samples + "links.csv"], reason: "samples")
        #expect(csv.totalWritten == 0)
        #expect(csv.unchanged[.item] == 2)
        let jsonl = try FileImport(connection: connection).run([samples + "batch.jsonl"], reason: "samples")
        #expect(jsonl.totalWritten == 0)
        #expect(jsonl.unchanged[.link] == 2)
    }

    @Test func largeFilesStreamInBatchesAndStayAllOrNothing() throws {
        try FileImport(connection: connection).run([try file("actors.yaml", Self.actors)], reason: "actors")
        var csv = "id,kind,title,occurred_from,occurred_precision,acting_state,territorial_state\n"
        for i in 0..<23 { csv += "item-\(i),other,\"Row \(i), synthetic\",2022-03-01,day,actor-russia,actor-belarus\n" }
        let good = try file("items.csv", csv)
        var batches: [Int] = []
        try FileImport(connection: connection).forEachBatch([good], batchSize: 5) { batches.append($0.count) }
        #expect(batches == [4, 5, 5, 5, 4]) // the first batch gives one row to the header
        // A problem in the last batch stops everything; the earlier batches, staged and their new entities recorded, are rolled back.
        let bad = try file("bad.csv", csv + "item-99,other,\"Row 99\",2022-02-30,day,,\n")
        do {
            try FileImport(connection: connection).run([bad], reason: "x", batchSize: 5)
            Issue.record("accepted")
        } catch let failure as ImportFailure {
            #expect(failure.issues.map(\.location.line) == [25])
        }
        #expect(try count("SELECT count(*) FROM ledger.item_version") == 0)
        // An id repeated in another batch is found in the database, with both places.
        let repeated = try file("repeated.csv", csv + "item-3,other,\"Row 3 again\",2022-03-02,day,,\n")
        do {
            try FileImport(connection: connection).run([repeated], reason: "x", batchSize: 5)
            Issue.record("accepted")
        } catch let failure as ImportFailure {
            #expect(failure.issues.first?.location.line == 25)
            #expect(failure.issues.first?.expected.contains("repeated.csv:5") == true, "\(failure)")
        }
        #expect(try count("SELECT count(*) FROM ledger.item_version") == 0)
        let summary = try FileImport(connection: connection).run([good], reason: "x")
        #expect(summary.created[.item] == 23)
    }

    @Test func invalidUTF8InACSVGivesItsLine() throws {
        let path = dir + "/latin1.csv"
        var bytes = Array("id,kind,reliability,publisher\nsrc-1,media,B,ok\nsrc-2,media,B,".utf8)
        bytes += [0x4D, 0xE9, 0x64, 0x69, 0x61, 0x0A] // "Média" in Latin-1
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        do {
            try FileImport(connection: connection).run([path], reason: "x")
            Issue.record("accepted")
        } catch let failure as ImportFailure {
            #expect(failure.issues.first?.location.line == 3)
            #expect(failure.issues.first?.expected.contains("UTF-8") == true)
        }
    }

    @Test func datesRangeLinksAndAttributesAreCheckedWithTheirPlace() throws {
        var paths = try allFiles()
        // An end before the start by a whole day, an end in the future.
        for (from, to, expected) in [("2022-02-25", "2022-02-24", "not before from"), ("2022-02-25", "2099-12-31", "not in the future")] {
            paths[3] = try file("items.yaml", Self.items().replacingOccurrences(of: "from: \"2022-02-24\", to: \"2022-05-14\"", with: "from: \"\(from)\", to: \"\(to)\""))
            do {
                try FileImport(connection: connection).run(paths, reason: "x")
                Issue.record("accepted \(from)–\(to)")
            } catch let failure as ImportFailure {
                #expect(failure.issues.first?.field == "items[0].occurred.to")
                #expect(failure.issues.first?.expected.contains(expected) == true)
            }
        }
        // An attribute naming a place that does not exist.
        paths[3] = try file("items.yaml", Self.items().replacingOccurrences(of: "attributes: {count: 633, count_qualifier: \"at least\"}", with: "attributes: {count: 633, launch_area: \"place-nowhere\"}"))
        do {
            try FileImport(connection: connection).run(paths, reason: "x")
            Issue.record("accepted")
        } catch let failure as ImportFailure {
            #expect(failure.issues.first?.field == "attributes.launch_area")
            #expect(failure.issues.first?.location.file.hasSuffix("items.yaml") == true)
        }
        // A provision that has elements is linked through one of them.
        paths[3] = try file("items.yaml", Self.items().replacingOccurrences(of: "element: \"UNGA-3314/3(f).3\"", with: "element: \"UNGA-3314/3(f)\""))
        do {
            try FileImport(connection: connection).run(paths, reason: "x")
            Issue.record("accepted")
        } catch let failure as ImportFailure {
            #expect(failure.issues.first?.expected.contains("this provision has elements") == true)
        }
        #expect(try count("SELECT count(*) FROM ledger.entity") == 0)
    }

    @Test func aChangedRelationAmendsTheOneLink() throws {
        try FileImport(connection: connection).run(try allFiles(), reason: "first")
        let changed = Self.items().replacingOccurrences(of: "relation: \"supports\", credibility: 2", with: "relation: \"qualifies\", credibility: 3")
        let summary = try FileImport(connection: connection).run(try allFiles(items: changed), reason: "relation was wrong")
        #expect(summary.amended[.link] == 1)
        #expect(summary.created[.link] == 0)
        #expect(try count("SELECT count(*) FROM ledger.current_link") == 1)
        #expect(try connection.scalar("SELECT relation::text FROM ledger.current_link", as: String.self) == "qualifies")
        #expect(try connection.scalar("SELECT ledger.withdraw_link('item-hajun-633/UNGA-3314/3(f).3', 'wrong element')", as: Int.self) == 3)
        #expect(try connection.scalar("SELECT withdrawn FROM ledger.current_link", as: Bool.self) == true)
    }

    @Test func aCSVWithCRLFLineEndingsImportsTheSameAsWithLF() throws {
        try FileImport(connection: connection).run(FileImport.fixtureFiles(), reason: "fixtures")
        let samples = FileImport.fixturesDirectory() + "/samples/"
        let lf = try String(contentsOfFile: samples + "items.csv", encoding: .utf8).replacingOccurrences(of: "\r\n", with: "\n")
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        let summary = try FileImport(connection: connection).run([samples + "sources.csv", try file("crlf.csv", crlf), samples + "links.csv"], reason: "x")
        #expect(summary.totalWritten == 0)
    }
}
