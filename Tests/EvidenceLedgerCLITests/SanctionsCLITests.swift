import Foundation
import LedgerStore
import LedgerTestSupport
import Postgres
import Testing

/// The sanctions module through the CLI against a real server: imports (and re-imports) of both OpenSanctions
/// formats, bad files that write nothing, matching that links nothing silently, designations by hand, the gap
/// report, and the log covering all of it.
@Suite("Sanctions")
struct SanctionsCLITests {
    static let header = "\"id\",\"schema\",\"name\",\"aliases\",\"birth_date\",\"countries\",\"addresses\",\"identifiers\",\"sanctions\",\"phones\",\"emails\",\"program_ids\",\"dataset\",\"first_seen\",\"last_seen\",\"last_change\""

    /// A targets.simple.csv row in the exporter's layout (every field quoted).
    static func row(_ id: String, _ schema: String, _ name: String, aliases: String = "", identifiers: String = "", sanctions: String = "",
                    lastSeen: String = "2025-01-10T06:00:00") -> String {
        [id, schema, name, aliases, "", "", "", identifiers, sanctions, "", "", "", "Synthetic test dataset", "2024-01-01T00:00:00", lastSeen, lastSeen]
            .map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",")
    }

    struct Ledger {
        var conninfo: String
        var dir: String

        func run(_ arguments: [String]) throws -> CommandRunner.Outcome {
            try CommandRunner.run(arguments + ["--database", conninfo])
        }

        @discardableResult
        func ok(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
            let outcome = try run(arguments)
            #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)", sourceLocation: sourceLocation)
            return outcome.stdout
        }

        func write(_ name: String, _ lines: [String]) throws -> String {
            let path = dir + "/" + name
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        func scalar(_ sql: String) throws -> String? {
            let conn = try Connection.connect(conninfo)
            defer { conn.close() }
            return try conn.scalar(PostgresQuery(stringLiteral: sql), as: String.self)
        }

        func json(_ arguments: [String]) throws -> Any {
            try JSONSerialization.jsonObject(with: Data(try ok(arguments).utf8))
        }
    }

    /// A migrated database with the Belarus fixtures, plus one test item naming Belarusian Railways as the
    /// operator of a rail transport that supports a criterion (the fixtures themselves do not say who operated).
    static func makeLedger() throws -> Ledger {
        let ledger = Ledger(conninfo: try TestCluster.shared.makeMigratedDatabase(prefix: "sanctions"),
                            dir: try TestCluster.makeTemporaryDirectory(prefix: "el-sanctions"))
        try ledger.ok(["import"] + FileImport.fixtureFiles())
        let items = try ledger.write("items.yaml", [
            "format: evidence-ledger/items@1",
            "items:",
            "  - id: \"item-test-br-rail\"",
            "    kind: \"rail-transport\"",
            "    title: \"Test: a rail transport run by Belarusian Railways\"",
            "    occurred: {from: \"2022-03-20\", to: \"2022-03-20\", precision: \"day\"}",
            "    territorial_state: \"actor-belarus\"",
            "    actors: [{actor: \"actor-belarusian-railways\", role: \"operator\"}]",
            "    sources: [{source: \"src-hnonline-2022-05-14\", locator: \"para. 1\"}]",
            "    review_status: \"submitted\"",
            "    links:",
            "      - {element: \"ILC-ARSIWA/16.1\", relation: \"supports\", credibility: 2, argument: \"Test.\"}",
        ])
        try ledger.ok(["import", items])
        return ledger
    }

    @Test func fixtureListingsMatchAcceptAndGaps() throws {
        let ledger = try Self.makeLedger()
        let folder = FileImport.fixturesDirectory() + "/sanctions"
        let first = try ledger.ok(["sanctions", "import", folder + "/ca-belarus.targets.simple.csv", "--format", "opensanctions-csv",
                                   "--dataset", "fixture_ca_belarus", "--jurisdiction", "CA"])
        #expect(first.contains("2 in the file: 2 new, 0 changed"))
        // The same file again changes nothing and duplicates nothing.
        let again = try ledger.ok(["sanctions", "import", folder + "/ca-belarus.targets.simple.csv", "--format", "opensanctions-csv",
                                   "--dataset", "fixture_ca_belarus", "--jurisdiction", "CA"])
        #expect(again.contains("2 in the file: 0 new, 0 changed, 0 no longer in the data"))
        #expect(try ledger.scalar("SELECT count(*)::text FROM ledger.designation_version") == "2")
        try ledger.ok(["sanctions", "import", folder + "/us-naftan.targets.simple.csv", "--format", "opensanctions-csv",
                       "--dataset", "fixture_us_naftan", "--jurisdiction", "US"])

        // Imported listings reach no actor before a person accepts a match.
        let before = try ledger.json(["sanctions", "list", "--format", "json"]) as? [Any]
        #expect(before?.isEmpty == true)
        let proposals = try ledger.json(["sanctions", "match", "--format", "json"]) as? [[String: String]] ?? []
        let pairs = Set(proposals.map { ($0["actor"] ?? "") + " " + ($0["target"] ?? "") })
        #expect(pairs.contains("actor-belarusian-railways el-fixture-ca-belarusian-railways"), "\(proposals)")
        #expect(pairs.contains("actor-vladimir-morozov el-fixture-ca-vladimir-morozov"), "\(proposals)")
        #expect(pairs.contains("actor-naftan el-fixture-us-naftan"), "\(proposals)")
        #expect(!pairs.contains { $0.hasPrefix("actor-vladimir-morozov el-fixture-ca-belarusian-railways") }, "a person is never a company")
        #expect((try ledger.json(["sanctions", "list", "--format", "json"]) as? [Any])?.isEmpty == true)
        // Matching again proposes nothing new.
        let second = try ledger.run(["sanctions", "match", "--format", "json"])
        #expect(second.stderr.contains("0 new proposals"))

        let railways = try #require(proposals.first { $0["target"] == "el-fixture-ca-belarusian-railways" })
        let decided = try ledger.ok(["sanctions", "match", "--accept", railways["id"] ?? "", "--note", "same company", "--format", "csv"])
        #expect(decided.contains("accepted"))
        #expect(try ledger.scalar("SELECT v.change_reason || ' ' || (v.decided_by IS NOT NULL)::text FROM ledger.actor_match_version v JOIN ledger.current_actor_match m ON m.entity_id = v.entity_id AND m.version = v.version WHERE m.decision = 'accepted'") == "same company true")
        let listed = try ledger.json(["sanctions", "list", "--actor", "actor-belarusian-railways", "--format", "json"]) as? [[String: Any]] ?? []
        #expect(listed.count == 1)
        #expect(listed.first?["jurisdiction"] as? String == "CA")
        #expect(listed.first?["listed"] as? String == "2022-11")

        // The gap report: Belarusian Railways designated by Canada, nowhere else in the loaded data; the Mozyr
        // refinery (a facilitator in the fixtures) designated nowhere in the loaded data; states left out.
        let report = try #require(try ledger.json(["sanctions", "gaps", "--jurisdiction", "EU,US,UK,UA,CA", "--as-of", "2025-01-01", "--format", "json"]) as? [String: Any])
        let actors = report["actors"] as? [[String: Any]] ?? []
        func cells(_ actor: String) -> [String: String] {
            let row = actors.first { $0["actor"] as? String == actor }
            var out: [String: String] = [:]
            for cell in row?["jurisdictions"] as? [[String: Any]] ?? [] {
                out[cell["jurisdiction"] as? String ?? ""] = (cell["status"] as? String ?? "") + " " + (cell["date"] as? String ?? "")
            }
            return out
        }
        #expect(cells("actor-belarusian-railways")["CA"] == "designated 2022-11")
        #expect(cells("actor-belarusian-railways")["EU"] == "no-designation-in-loaded-data ")
        #expect(cells("actor-mozyr-npz").values.allSatisfy { $0.hasPrefix("no-designation-in-loaded-data") })
        #expect(cells("actor-mozyr-npz").count == 5)
        #expect((report["states_left_out"] as? [String])?.contains("actor-belarus") == true)
        #expect((report["basis"] as? [[String: Any]])?.count == 2)
        #expect((report["caveat"] as? String)?.contains("does not mean the actor is not sanctioned") == true)
        // As of a day before the listing month, Canada had not listed it yet.
        let earlier = try ledger.ok(["sanctions", "gaps", "--jurisdiction", "CA", "--as-of", "2022-10-31", "--format", "csv"])
        #expect(earlier.contains("actor-belarusian-railways,Belarusian Railways,company,B2,CA,no-designation-in-loaded-data,,no designation in the loaded data as of 2022-10-31 (listed later: 2022-11)"), "\(earlier)")
        // A grade filter leaves out the refinery, whose only evidence is graded D4.
        let strict = try ledger.ok(["sanctions", "gaps", "--min-grade", "B2", "--format", "csv"])
        #expect(!strict.contains("actor-mozyr-npz"))
        #expect(strict.contains("actor-belarusian-railways"))
        // Every form says what it rests on and never "not sanctioned" as a finding.
        for format in ["table", "md"] {
            let text = try ledger.ok(["sanctions", "gaps", "--format", format])
            #expect(text.contains("fixture_ca_belarus"))
            #expect(text.contains("no designation in the loaded data"))
        }
        // Everything written is in the log and verifies.
        let key = try ledger.run(["key", "generate", "--out", ledger.dir + "/ledger.key"])
        try ledger.ok(["checkpoint", "--key", ledger.dir + "/ledger.key"])
        let vkey = key.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try ledger.ok(["verify", "--vkey", vkey])

        // The dossier on ILC Art. 16 carries the sanctions status of the actors its supporting evidence implicates,
        // as of the checkpoint's day, and dossier verify rebuilds it from the bundle's proven records.
        let out = ledger.dir + "/ilc-16"
        try ledger.ok(["dossier", "build", FileImport.fixturesDirectory() + "/dossiers/belarus-ilc-16.yaml", "--out", out, "--vkey", vkey])
        let dossier = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/dossier.json"))) as? [String: Any])
        let section = try #require(dossier["sanctions"] as? [String: Any])
        #expect(section["jurisdictions"] as? [String] == ["EU", "US", "UK", "UA", "CA"])
        let sectionActors = section["actors"] as? [[String: Any]] ?? []
        let railwaysRow = try #require(sectionActors.first { $0["actor"] as? String == "actor-belarusian-railways" })
        let statuses: [[String: Any]] = railwaysRow["statuses"] as? [[String: Any]] ?? []
        let canada: [String: Any] = statuses.first { ($0["jurisdiction"] as? String) == "CA" } ?? [:]
        let status: String? = canada["status"] as? String, date: String? = canada["date"] as? String
        #expect(status == "designated")
        #expect(date == "2022-11")
        #expect(sectionActors.contains { $0["actor"] as? String == "actor-mozyr-npz" })
        let html = try String(contentsOfFile: out + "/dossier.html", encoding: .utf8)
        #expect(html.contains("Sanctions status") && html.contains("designated since 2022-11"))
        let records = try String(contentsOfFile: out + "/records.jsonl", encoding: .utf8)
        #expect(records.contains("\"designation_version\"") && records.contains("\"actor_match_version\"") && records.contains("\"sanctions_import\""))
        #expect(!records.contains("el-fixture-us-naftan"), "Naftan is not implicated: its rows stay out of the bundle")
        let verified = try CommandRunner.run(["dossier", "verify", out, "--vkey", vkey])
        #expect(verified.status == 0, "\(verified.stderr)")
        let json = try String(contentsOfFile: out + "/dossier.json", encoding: .utf8)
        try json.replacingOccurrences(of: "designated since 2022-11", with: "no designation in the loaded data")
            .write(toFile: out + "/dossier.json", atomically: true, encoding: .utf8)
        let tampered = try CommandRunner.run(["dossier", "verify", out, "--vkey", vkey])
        #expect(tampered.status != 0 && (tampered.stdout + tampered.stderr).contains("dossier.json"), "\(tampered.stdout) \(tampered.stderr)")
        let logged = try ledger.scalar("""
            SELECT count(*)::text FROM ledger.log_entry WHERE table_name IN ('sanctions_import', 'sanctions_target_version', 'designation_version', 'actor_match_version')
            """)
        let rows = try ledger.scalar("""
            SELECT ((SELECT count(*) FROM ledger.sanctions_import) + (SELECT count(*) FROM ledger.sanctions_target_version)
                    + (SELECT count(*) FROM ledger.designation_version) + (SELECT count(*) FROM ledger.actor_match_version))::text
            """)
        #expect(logged == rows)
        // Three imports (one of them the unchanged re-import), three targets, three listings, the proposals, one decision.
        #expect(rows == "\(3 + 3 + 3 + proposals.count + 1)", "\(proposals)")
    }

    @Test func reimportRecordsChangesWithoutDuplicating() throws {
        let ledger = try Self.makeLedger()
        let v1 = try ledger.write("v1.csv", [Self.header,
            Self.row("t-1", "Company", "Alpha Trading", sanctions: "Programme A - 2020-01-15"),
            Self.row("t-2", "Company", "Beta Logistics", sanctions: "Programme B - 2021-05"),
            Self.row("t-3", "Person", "Gamma Person", aliases: "G. Person"),
        ])
        let first = try ledger.ok(["sanctions", "import", v1, "--format", "opensanctions-csv", "--dataset", "synthetic", "--jurisdiction", "EU"])
        #expect(first.contains("targets      3 in the file: 3 new, 0 changed"))
        #expect(first.contains("listings     3 in the file: 3 new, 0 changed, 0 no longer in the data"))
        let v2 = try ledger.write("v2.csv", [Self.header,
            Self.row("t-1", "Company", "Alpha Trading", sanctions: "Programme A - 2020-01-15 - 2023-03-01", lastSeen: "2025-02-01T06:00:00"),
            Self.row("t-3", "Person", "Gamma Person", aliases: "G. Person;Gamma \"Junior\" Person", lastSeen: "2025-02-01T06:00:00"),
            Self.row("t-4", "Company", "Delta Fuel", sanctions: "Programme A - 2024"),
        ])
        let dry = try ledger.ok(["sanctions", "import", v2, "--format", "opensanctions-csv", "--dataset", "synthetic", "--jurisdiction", "EU", "--dry-run"])
        #expect(dry.contains("dry run"))
        #expect(try ledger.scalar("SELECT count(*)::text FROM ledger.sanctions_import") == "1")
        let second = try ledger.ok(["sanctions", "import", v2, "--format", "opensanctions-csv", "--dataset", "synthetic", "--jurisdiction", "EU"])
        // t-3's aliases changed; only last_seen changed for t-1, which is not a new description.
        #expect(second.contains("targets      3 in the file: 1 new, 1 changed"), "\(second)")
        #expect(second.contains("listings     3 in the file: 1 new, 1 changed, 1 no longer in the data"), "\(second)")
        #expect(try ledger.scalar("SELECT count(*)::text FROM ledger.entity WHERE entity_type = 'designation'") == "4")
        #expect(try ledger.scalar("SELECT string_agg(to_char(delisted_on, 'YYYY-MM-DD'), ',') FROM ledger.current_designation WHERE target = 't-1'") == "2023-03-01")
        #expect(try ledger.scalar("SELECT in_data::text || ' ' || version FROM ledger.current_designation WHERE target = 't-2'") == "false 2")
        #expect(try ledger.scalar("SELECT array_to_string(aliases, '|') FROM ledger.current_sanctions_target WHERE id = 't-3'") == "G. Person|Gamma \"Junior\" Person")
        #expect(try ledger.scalar("SELECT change_reason FROM ledger.designation_version v JOIN ledger.entity e ON e.id = v.target_id WHERE e.external_id = 't-2' AND v.version = 2")?.hasPrefix("no longer in synthetic") == true)
        // The third import of the same file changes nothing.
        let third = try ledger.ok(["sanctions", "import", v2, "--format", "opensanctions-csv", "--dataset", "synthetic", "--jurisdiction", "EU"])
        #expect(third.contains("0 new, 0 changed, 0 no longer in the data"))
    }

    @Test func badFilesWriteNothing() throws {
        let ledger = try Self.makeLedger()
        let log = try ledger.scalar("SELECT size::text FROM ledger.log_head")
        let good = Self.row("t-1", "Company", "Alpha Trading", sanctions: "Programme A - 2020-01-15")
        let cases: [(name: String, content: [String], expect: [String])] = [
            ("missing-column.csv", [Self.header.replacingOccurrences(of: ",\"program_ids\"", with: ""), good], ["program_ids"]),
            ("bad-date.csv", [Self.header, good, Self.row("t-2", "Company", "Beta", sanctions: "x").replacingOccurrences(of: "\"2024-01-01T00:00:00\"", with: "\"2024-13-45\"")], [":3:", "first_seen"]),
            ("duplicate.csv", [Self.header, good, good], [":3:", "id", "line 2"]),
            ("unknown-schema.csv", [Self.header, Self.row("t-1", "Spaceship", "Alpha")], [":2:", "schema", "Spaceship"]),
            ("truncated.csv", [Self.header, good, String(good.prefix(40))], [":3:"]),
        ]
        for bad in cases {
            let path = try ledger.write(bad.name, bad.content)
            let outcome = try ledger.run(["sanctions", "import", path, "--format", "opensanctions-csv", "--dataset", "synthetic", "--jurisdiction", "EU"])
            #expect(outcome.status == 65, "\(bad.name): \(outcome.status) \(outcome.stderr)")
            for text in bad.expect { #expect(outcome.stderr.contains(text), "\(bad.name): \(outcome.stderr)") }
        }
        var bytes = Array((Self.header + "\n" + good + "\n").utf8)
        bytes.insert(0xFF, at: bytes.count - 10)
        try Data(bytes).write(to: URL(fileURLWithPath: ledger.dir + "/latin1.csv"))
        let utf8 = try ledger.run(["sanctions", "import", ledger.dir + "/latin1.csv", "--format", "opensanctions-csv", "--dataset", "synthetic", "--jurisdiction", "EU"])
        #expect(utf8.status == 65 && utf8.stderr.contains("UTF-8"), "\(utf8.stderr)")
        let noJurisdiction = try ledger.run(["sanctions", "import", ledger.dir + "/latin1.csv", "--format", "opensanctions-csv", "--dataset", "synthetic"])
        #expect(noJurisdiction.status == 64)
        let badFormat = try ledger.run(["sanctions", "import", ledger.dir + "/latin1.csv", "--format", "xml", "--dataset", "synthetic"])
        #expect(badFormat.status == 64)
        let missing = try ledger.run(["sanctions", "import", ledger.dir + "/nope.csv", "--format", "ftm", "--dataset", "synthetic"])
        #expect(missing.status == 66, "\(missing.stderr)")
        let ftm = try ledger.write("bad.ftm.json", [
            #"{"id": "c-1", "schema": "Company", "properties": {"name": ["Alpha"]}}"#,
            #"{"id": "s-1", "schema": "Sanction", "properties": {"entity": ["c-404"], "country": ["eu"]}}"#,
        ])
        let dangling = try ledger.run(["sanctions", "import", ftm, "--format", "ftm", "--dataset", "synthetic"])
        #expect(dangling.status == 65 && dangling.stderr.contains(":2:"), "\(dangling.stderr)")
        #expect(try ledger.scalar("SELECT size::text FROM ledger.log_head") == log)
        #expect(try ledger.scalar("SELECT count(*)::text FROM ledger.sanctions_import") == "0")
    }

    @Test func followTheMoneyImportCarriesJurisdictionsAndDates() throws {
        let ledger = try Self.makeLedger()
        let path = try ledger.write("entities.ftm.json", [
            #"{"id": "s-eu-1", "schema": "Sanction", "properties": {"entity": ["c-1"], "country": ["eu"], "authority": ["Council of the European Union"], "program": ["Belarus regime"], "startDate": ["2022-06-03"], "sourceUrl": ["https://example.org/oj"]}, "datasets": ["synthetic"]}"#,
            #"{"id": "c-1", "schema": "Company", "properties": {"name": ["Alpha Trading"], "alias": ["Альфа Трейдинг"], "registrationNumber": ["100123"]}, "datasets": ["synthetic"], "target": true, "last_seen": "2025-01-10T06:00:00"}"#,
            #"{"id": "s-gb-1", "schema": "Sanction", "properties": {"entity": ["c-1"], "country": ["gb"], "startDate": ["2022-03"], "endDate": ["2024-01-01"]}, "datasets": ["synthetic"]}"#,
            #"{"id": "a-1", "schema": "Address", "properties": {"full": ["Somewhere"]}}"#,
            #"{"id": "p-relative", "schema": "Person", "properties": {"name": ["A relative, not listed"]}, "target": false}"#,
        ])
        let out = try ledger.ok(["sanctions", "import", path, "--format", "ftm", "--dataset", "synthetic_ftm"])
        #expect(out.contains("listings     2 in the file: 2 new"), "\(out)")
        #expect(out.contains("targets      1 in the file: 1 new"), "\(out)")
        #expect(out.contains("1 Address"), "\(out)")
        #expect(try ledger.scalar("""
            SELECT string_agg(jurisdiction || ' ' || to_char(listed_on, 'YYYY-MM-DD') || ' ' || listed_precision || ' ' || coalesce(to_char(delisted_on, 'YYYY-MM-DD'), '-') || ' ' || coalesce(authority, '-'), '; ' ORDER BY jurisdiction)
            FROM ledger.current_designation
            """) == "EU 2022-06-03 day - Council of the European Union; UK 2022-03-01 month 2024-01-01 -")
        // An identifier on the actor matches at score 1.
        let conn = try Connection.connect(ledger.conninfo)
        defer { conn.close() }
        try conn.transaction { tx in
            try tx.query("""
                INSERT INTO ledger.actor_version (entity_id, kind, state_id, identifiers, notes, change_reason)
                SELECT v.entity_id, v.kind, v.state_id, '[{"scheme": "registration", "value": "100123"}]', v.notes, 'test: registration number'
                FROM ledger.current_actor c JOIN ledger.actor_version v ON v.entity_id = c.entity_id AND v.version = c.version WHERE c.id = 'actor-mozyr-npz'
                """)
            try tx.query("""
                INSERT INTO ledger.actor_name (actor_id, actor_version, ordinal, name, language)
                SELECT entity_id, version, 1, 'OJSC Mozyr Oil Refinery', 'en' FROM ledger.current_actor WHERE id = 'actor-mozyr-npz'
                """)
        }
        let proposals = try ledger.json(["sanctions", "match", "--format", "json"]) as? [[String: String]] ?? []
        let byIdentifier = proposals.first { $0["actor"] == "actor-mozyr-npz" && $0["target"] == "c-1" }
        #expect(byIdentifier?["method"] == "identifier", "\(proposals)")
        #expect(byIdentifier?["score"] == "1.000")
    }

    @Test func designationsByHandNeedTheirSource() throws {
        let ledger = try Self.makeLedger()
        let noSource = try ledger.run(["sanctions", "add", "--actor", "actor-mozyr-npz", "--jurisdiction", "UA", "--listed", "2023-05"])
        #expect(noSource.status == 65 && noSource.stderr.contains("--source"), "\(noSource.stderr)")
        let badDate = try ledger.run(["sanctions", "add", "--actor", "actor-mozyr-npz", "--jurisdiction", "UA", "--listed", "2023-02-30", "--source-url", "https://example.org/x"])
        #expect(badDate.status == 65 && badDate.stderr.contains("--listed"), "\(badDate.stderr)")
        let unknown = try ledger.run(["sanctions", "add", "--actor", "actor-nobody", "--jurisdiction", "UA", "--source-url", "https://example.org/x"])
        #expect(unknown.status == 65 && unknown.stderr.contains("actor-nobody"), "\(unknown.stderr)")
        let reader = try ledger.run(["sanctions", "add", "--actor", "actor-mozyr-npz", "--jurisdiction", "Ukraine", "--source-url", "https://example.org/x"])
        #expect(reader.status == 65)
        #expect(try ledger.scalar("SELECT count(*)::text FROM ledger.designation_version") == "0")

        let added = try ledger.ok(["sanctions", "add", "--actor", "actor-mozyr-npz", "--jurisdiction", "UA", "--listed", "2023-05-12",
                                   "--delisted", "2024-02", "--programme", "Test programme", "--source", "src-hnonline-2022-05-14"])
        #expect(added.contains("des:actor-mozyr-npz:UA:1"))
        let during = try ledger.ok(["sanctions", "gaps", "--jurisdiction", "UA", "--as-of", "2023-06-01", "--format", "csv"])
        #expect(during.contains("actor-mozyr-npz,Mozyr NPZ") || during.contains("actor-mozyr-npz,"), "\(during)")
        #expect(during.contains(",UA,designated,2023-05-12,designated since 2023-05-12,des:actor-mozyr-npz:UA:1,"), "\(during)")
        let after = try ledger.ok(["sanctions", "gaps", "--jurisdiction", "UA", "--as-of", "2024-03-01", "--format", "csv"])
        #expect(after.contains(",UA,delisted,2024-02,delisted 2024-02,"), "\(after)")
        let listing = try ledger.ok(["sanctions", "list", "--actor", "actor-mozyr-npz", "--format", "csv"])
        #expect(listing.contains("source src-hnonline-2022-05-14"))
        // Bad report options are refused plainly.
        #expect(try ledger.run(["sanctions", "gaps", "--min-grade", "Z9"]).status == 65)
        #expect(try ledger.run(["sanctions", "gaps", "--as-of", "2024-02"]).status == 65)
        #expect(try ledger.run(["sanctions", "gaps", "--format", "pdf"]).status == 64)
    }
}
