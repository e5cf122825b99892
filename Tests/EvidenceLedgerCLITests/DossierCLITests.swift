import Crypto
import Foundation
import LedgerStore
import LedgerTestSupport
import Postgres
import Testing

/// Dossiers built through the CLI from a real ledger: the Belarus fixtures plus a few records that exercise
/// redaction (a restricted and a protected source, exhibits with collection records, a place with coordinates).
@Suite("Dossiers")
struct DossierCLITests {
    struct Ledger {
        var conninfo: String
        var dir: String
        var vkey: String
        var keyFile: String

        func run(_ arguments: [String]) throws -> CommandRunner.Outcome {
            try CommandRunner.run(arguments + ["--database", conninfo])
        }

        func build(_ spec: String, name: String, extra: [String] = []) throws -> (CommandRunner.Outcome, String) {
            let specFile = dir + "/\(name).yaml"
            try spec.write(toFile: specFile, atomically: true, encoding: .utf8)
            let out = dir + "/\(name)"
            return (try run(["dossier", "build", specFile, "--out", out, "--vkey", vkey] + extra), out)
        }

        func verify(_ bundle: String) throws -> CommandRunner.Outcome {
            try CommandRunner.run(["dossier", "verify", bundle, "--vkey", vkey])
        }
    }

    static func spec(profile: String = "public", criteria: String = "[\"UNGA-3314/3(f)\"]") -> String {
        """
        format: evidence-ledger/dossier-spec@1
        title: "Belarus under 3314 Art. 3(f) <test>"
        subject: [actor-belarus]
        criteria: \(criteria)
        period: {from: "2022-02-24", to: "2023-12-31"}
        redaction: \(profile)
        language: en
        """
    }

    static func makeLedger(descriptionExtra: String = "") throws -> Ledger {
        let conninfo = try TestCluster.shared.makeMigratedDatabase(prefix: "dossier")
        let dir = try TestCluster.makeTemporaryDirectory(prefix: "el-dossier")
        func run(_ arguments: [String]) throws {
            let outcome = try CommandRunner.run(arguments + ["--database", conninfo])
            #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
        }
        try run(["import"] + FileImport.fixtureFiles())
        try """
            format: evidence-ledger/sources@1
            sources:
              - id: "src-test-witness"
                title: "WITNESS-TITLE-SECRET"
                publisher: "WITNESS-PUBLISHER-SECRET"
                kind: "witness"
                reliability: "C"
                protection: "protected"
              - id: "src-test-restricted"
                title: "RESTRICTED-TITLE-SECRET"
                publisher: "Restricted briefing"
                kind: "government-document"
                reliability: "B"
                protection: "restricted"
            """.write(toFile: dir + "/sources.yaml", atomically: true, encoding: .utf8)
        try """
            format: evidence-ledger/places@1
            places:
              - id: "place-test-launch-site"
                kind: "other"
                names:
                  - {text: "Test launch site", lang: "en"}
                state: "actor-belarus"
            """.write(toFile: dir + "/places.yaml", atomically: true, encoding: .utf8)
        try run(["import", dir + "/sources.yaml", dir + "/places.yaml"])
        try Data("photo bytes of a launch".utf8).write(to: URL(fileURLWithPath: dir + "/witness.jpg"))
        try Data("<html>a public capture</html>".utf8).write(to: URL(fileURLWithPath: dir + "/capture.html"))
        try run(["exhibit", "add", dir + "/witness.jpg", "--id", "exh-test-witness-photo", "--source", "src-test-witness", "--collected-by", "COLLECTOR-SECRET"])
        try run(["exhibit", "add", dir + "/capture.html", "--id", "exh-test-public-capture", "--source", "src-hnonline-2022-05-14",
                 "--collected-by", "Public capture desk", "--custody-notes", "CUSTODY-NOTE-SECRET"])
        try """
            format: evidence-ledger/items@1
            items:
              - id: "item-test-witness-launch"
                kind: "missile-launch"
                title: "A witness saw a launch from Belarusian territory"
                description: "Recorded for the test.\(descriptionExtra)"
                occurred: {from: "2022-03-01", to: "2022-03-01", precision: "day"}
                place: "place-test-launch-site"
                acting_state: "actor-russia"
                territorial_state: "actor-belarus"
                sources:
                  - {source: "src-test-witness", locator: "interview 3", quote: "WITNESS-QUOTE-SECRET"}
                  - {source: "src-test-restricted", locator: "annex B"}
                exhibits: [{exhibit: "exh-test-witness-photo", note: "photo"}]
                review_status: "submitted"
                links:
                  - {element: "UNGA-3314/3(f).3", relation: "supports", credibility: 3, argument: "A launch from Belarusian territory."}
              - id: "item-test-public-capture"
                kind: "official-statement"
                title: "A denial <script>alert(1)</script>"
                occurred: {from: "2022-03-02", to: "2022-03-02", precision: "day"}
                territorial_state: "actor-belarus"
                sources:
                  - {source: "src-hnonline-2022-05-14", locator: "para. 2"}
                exhibits: [{exhibit: "exh-test-public-capture", note: "capture"}]
                review_status: "submitted"
                links:
                  - {element: "UNGA-3314/3(f).3", relation: "contradicts", credibility: 5, argument: "An official denial."}
            """.write(toFile: dir + "/items.yaml", atomically: true, encoding: .utf8)
        try run(["import", dir + "/items.yaml"])
        let admin = try Connection.connect(conninfo)
        defer { admin.close() }
        try admin.transaction { tx in
            try tx.query("""
                INSERT INTO ledger.place_version (entity_id, kind, state_id, latitude, longitude, coordinates_source, change_reason)
                SELECT v.entity_id, v.kind, v.state_id, 52.03621, 29.21788, 'the witness', 'coordinates from the witness'
                FROM ledger.current_place c JOIN ledger.place_version v ON v.entity_id = c.entity_id AND v.version = c.version
                WHERE c.id = 'place-test-launch-site'
                """)
            try tx.query("""
                INSERT INTO ledger.place_name (place_id, place_version, ordinal, name, language)
                SELECT entity_id, version, 1, 'Test launch site', 'en' FROM ledger.current_place WHERE id = 'place-test-launch-site'
                """)
        }
        let key = try CommandRunner.run(["key", "generate", "--out", dir + "/ledger.key", "--database", conninfo])
        #expect(key.status == 0, "\(key.stderr)")
        try run(["checkpoint", "--key", dir + "/ledger.key"])
        return Ledger(conninfo: conninfo, dir: dir, vkey: key.stdout.trimmingCharacters(in: .whitespacesAndNewlines), keyFile: dir + "/ledger.key")
    }

    static func files(_ dir: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let walker = FileManager.default.enumerator(atPath: dir)!
        while let path = walker.nextObject() as? String {
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: dir + "/" + path, isDirectory: &isDir)
            if !isDir.boolValue { files[path] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + path)) }
        }
        return files
    }

    static func allText(_ dir: String) throws -> String {
        try files(dir).sorted { $0.key < $1.key }.map { $0.key + "\n" + String(decoding: $0.value, as: UTF8.self) }.joined(separator: "\n")
    }

    @Test func aBundleVerifiesAndTheSameCheckpointGivesTheSameBytes() throws {
        let ledger = try Self.makeLedger()
        let (first, dir1) = try ledger.build(Self.spec(), name: "one", extra: ["--zip"])
        #expect(first.status == 0, "\(first.stderr)")
        let verified = try ledger.verify(dir1)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.contains("verified:"))
        let zipped = try ledger.verify(dir1 + ".zip")
        #expect(zipped.status == 0, "\(zipped.stdout)\(zipped.stderr)")

        // Later writes, not yet in a checkpoint, change nothing: the dossier is the ledger as of its checkpoint.
        #expect(try ledger.run(["review", "item-hajun-633-missiles-2022-05-14", "--status", "verified", "--note", "read the ČTK report"]).status == 0)
        let (second, dir2) = try ledger.build(Self.spec(), name: "two")
        #expect(second.status == 0, "\(second.stderr)")
        let one = try Self.files(dir1), two = try Self.files(dir2)
        #expect(one.keys.sorted() == two.keys.sorted())
        for (path, data) in one { #expect(two[path] == data, "\(path) differs between two builds of one checkpoint") }

        // The dossier's date is the checkpoint's, not the clock's.
        let admin = try Connection.connect(ledger.conninfo)
        defer { admin.close() }
        let signedAt = try admin.scalar("SELECT ledger.log_time(signed_at) FROM ledger.checkpoint ORDER BY size DESC LIMIT 1", as: String.self)!
        let json = String(decoding: one["dossier.json"]!, as: UTF8.self)
        #expect(json.contains("\"checkpoint_signed_at\" : \"\(signedAt)\""), "\(signedAt)")
        // Contrary evidence is there, and escaped in HTML.
        #expect(json.contains("item-test-public-capture"))
        let html = String(decoding: one["dossier.html"]!, as: UTF8.self)
        #expect(!html.contains("<script>alert(1)</script>"))
        #expect(html.contains("&lt;script&gt;"))
        // One proof per item shown, under the item's name.
        #expect(one["proofs/item-hajun-633-missiles-2022-05-14.tlog-proof"] != nil)

        // A newer checkpoint shows the review.
        #expect(try ledger.run(["checkpoint", "--key", ledger.keyFile]).status == 0)
        let (third, dir3) = try ledger.build(Self.spec(), name: "three")
        #expect(third.status == 0, "\(third.stderr)")
        #expect(String(decoding: try Self.files(dir3)["dossier.json"]!, as: UTF8.self).contains("read the ČTK report"))
        #expect(try ledger.verify(dir3).status == 0)
    }

    @Test func profilesWithholdWhatTheyMustAndTheLeakCheckHolds() throws {
        let ledger = try Self.makeLedger()
        let (publicBuild, publicDir) = try ledger.build(Self.spec(profile: "public"), name: "public")
        #expect(publicBuild.status == 0, "\(publicBuild.stderr)")
        let publicText = try Self.allText(publicDir)
        for secret in ["WITNESS-TITLE-SECRET", "WITNESS-PUBLISHER-SECRET", "WITNESS-QUOTE-SECRET", "RESTRICTED-TITLE-SECRET",
                       "COLLECTOR-SECRET", "CUSTODY-NOTE-SECRET", "Public capture desk", "src-test-witness", "52.03621", "29.21788"] {
            #expect(!publicText.contains(secret), "the public dossier holds \(secret)")
        }
        let witnessPhoto = SHA256.hash(data: Data("photo bytes of a launch".utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(!publicText.contains(witnessPhoto))
        #expect(publicText.contains("\"latitude\" : \"52.0\""))
        #expect(publicText.contains("\"withheld_sources\" : 2"))
        #expect(try ledger.verify(publicDir).status == 0)

        let (unBuild, unDir) = try ledger.build(Self.spec(profile: "un"), name: "un")
        #expect(unBuild.status == 0, "\(unBuild.stderr)")
        let unText = try Self.allText(unDir)
        #expect(unText.contains("RESTRICTED-TITLE-SECRET"))
        #expect(unText.contains("CUSTODY-NOTE-SECRET"))
        #expect(!unText.contains("WITNESS-TITLE-SECRET"))
        #expect(!unText.contains("52.03621"))
        #expect(try ledger.verify(unDir).status == 0)

        let (prosecutor, prosecutorDir) = try ledger.build(Self.spec(profile: "prosecutor"), name: "prosecutor")
        #expect(prosecutor.status == 0, "\(prosecutor.stderr)")
        let prosecutorText = try Self.allText(prosecutorDir)
        #expect(prosecutorText.contains("WITNESS-TITLE-SECRET"))
        #expect(prosecutorText.contains("52.03621"))
        #expect(try ledger.verify(prosecutorDir).status == 0)

        // Identities only with --include-protected, a prosecutor profile and a role that may read them.
        let (wrongProfile, _) = try ledger.build(Self.spec(profile: "public"), name: "wrong", extra: ["--include-protected"])
        #expect(wrongProfile.status == 64)
        let admin = try Connection.connect(ledger.conninfo)
        defer { admin.close() }
        let researcher = "res_\(UUID().uuidString.prefix(6).lowercased())"
        try admin.query("CREATE ROLE \(identifier: researcher) LOGIN IN ROLE ledger_researcher")
        var options = try ConnectionString.parse(ledger.conninfo)
        options["user"] = researcher
        let asResearcher = ConnectionString.make(["host": options["host"]!, "port": options["port"]!, "dbname": options["dbname"]!, "user": researcher])
        let specFile = ledger.dir + "/prosecutor.yaml"
        let refused = try CommandRunner.run(["dossier", "build", specFile, "--out", ledger.dir + "/refused", "--vkey", ledger.vkey,
                                             "--include-protected", "--database", asResearcher])
        #expect(refused.status == 77, "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: ledger.dir + "/refused"))
        // A researcher builds public dossiers.
        let researcherBuild = try CommandRunner.run(["dossier", "build", ledger.dir + "/public.yaml", "--out", ledger.dir + "/by-researcher",
                                                     "--vkey", ledger.vkey, "--database", asResearcher])
        #expect(researcherBuild.status == 0, "\(researcherBuild.stderr)")
        #expect(try Self.files(ledger.dir + "/by-researcher") == Self.files(publicDir))
    }

    @Test func aWithheldValueThatShowsElsewhereStopsTheBuild() throws {
        // The witness's publisher name also appears in a public item's description: the public dossier would leak it.
        let ledger = try Self.makeLedger(descriptionExtra: " Told to WITNESS-PUBLISHER-SECRET.")
        let (outcome, dir) = try ledger.build(Self.spec(profile: "public"), name: "leaky")
        #expect(outcome.status == 1, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stderr.contains("leak check"))
        #expect(!FileManager.default.fileExists(atPath: dir))
        let (prosecutor, _) = try ledger.build(Self.spec(profile: "prosecutor"), name: "full")
        #expect(prosecutor.status == 0, "\(prosecutor.stderr)")
    }

    static let streamedFormats = "\nformats: [json, html, csv]\n"

    @Test func aStreamedBuildWritesTheBytesOfTheInMemoryBuild() throws {
        let ledger = try Self.makeLedger()
        // Two items whose ids make the same HTML anchor, so that the streamed build numbers anchors as the renderer does.
        try """
            format: evidence-ledger/items@1
            items:
              - id: "item-test-Same.Anchor"
                kind: "official-statement"
                title: "First of two ids with one anchor"
                occurred: {from: "2022-04-01", to: "2022-04-01", precision: "day"}
                territorial_state: "actor-belarus"
                review_status: "submitted"
                links:
                  - {element: "UNGA-3314/3(f).1", relation: "qualifies", credibility: 4, argument: "Test."}
              - id: "item-test-same-anchor"
                kind: "official-statement"
                title: "Second of two ids with one anchor"
                occurred: {from: "2022-04-01", to: "2022-04-01", precision: "day"}
                territorial_state: "actor-belarus"
                review_status: "submitted"
                links:
                  - {element: "UNGA-3314/3(f).1", relation: "supports", credibility: 2, argument: "Test."}
                  - {element: "UNGA-3314/3(f).3", relation: "contradicts", credibility: 5, argument: "Test."}
            """.write(toFile: ledger.dir + "/anchors.yaml", atomically: true, encoding: .utf8)
        #expect(try ledger.run(["import", ledger.dir + "/anchors.yaml"]).status == 0)
        // Before the checkpoint: a second version of an item and a withdrawn link (the current rows are shown).
        func amend(_ title: String, _ name: String) throws {
            try """
                format: evidence-ledger/items@1
                items:
                  - id: "item-test-same-anchor"
                    kind: "official-statement"
                    title: "\(title)"
                    occurred: {from: "2022-04-02", to: "2022-04-02", precision: "day"}
                    territorial_state: "actor-belarus"
                    review_status: "submitted"
                """.write(toFile: ledger.dir + "/" + name, atomically: true, encoding: .utf8)
            let amended = try ledger.run(["evidence", "amend", "item-test-same-anchor", ledger.dir + "/" + name, "--reason", "Test."])
            #expect(amended.status == 0, "\(amended.stderr)")
        }
        try amend("Second of two ids, amended before the checkpoint", "amend-1.yaml")
        let unlinked = try ledger.run(["evidence", "unlink", "item-test-same-anchor", "--element", "UNGA-3314/3(f).3", "--reason", "Test."])
        #expect(unlinked.status == 0, "\(unlinked.stderr)")
        #expect(try ledger.run(["checkpoint", "--key", ledger.keyFile]).status == 0)
        // After it: nothing of these may show in a dossier built from that checkpoint.
        try amend("AFTER-CHECKPOINT-TITLE", "amend-2.yaml")
        let relinked = try ledger.run(["evidence", "link", "item-test-same-anchor", "--element", "UNGA-3314/3(f).2", "--relation", "supports",
                                       "--credibility", "3", "--argument", "AFTER-CHECKPOINT-ARGUMENT"])
        #expect(relinked.status == 0, "\(relinked.stderr)")
        // The un profile is compared without a database (DossierStreamTests).
        for profile in ["public", "prosecutor"] {
            let spec = Self.spec(profile: profile) + Self.streamedFormats
            let (whole, wholeDir) = try ledger.build(spec, name: "whole-\(profile)", extra: ["--formats-only"])
            #expect(whole.status == 0, "\(whole.stderr)")
            let (streamed, streamedDir) = try ledger.build(spec, name: "streamed-\(profile)", extra: ["--stream"])
            #expect(streamed.status == 0, "\(streamed.stderr)")
            // Also with every item in its own run (many threads' parts, some of them empty, appended in order).
            let (runs, runsDir) = try ledger.build(spec, name: "streamed-runs-\(profile)", extra: ["--stream", "--run-items", "1"])
            #expect(runs.status == 0, "\(runs.stderr)")
            let one = try Self.files(wholeDir), two = try Self.files(streamedDir), three = try Self.files(runsDir)
            #expect(one.keys.sorted() == ["dossier.html", "dossier.json", "items.csv"])
            #expect(two.keys.sorted() == one.keys.sorted())
            #expect(three.keys.sorted() == one.keys.sorted(), "no working file is left behind")
            for (path, data) in one {
                #expect(two[path] == data, "\(path) differs between the streamed and the in-memory build (\(profile))")
                #expect(three[path] == data, "\(path) differs between the streamed build in runs of one item and the in-memory build (\(profile))")
            }
        }
        let html = String(decoding: try Self.files(ledger.dir + "/streamed-public")["dossier.html"]!, as: UTF8.self)
        #expect(html.contains("id=\"item-item-test-same-anchor-2\""))
        #expect(html.contains("amended before the checkpoint"))
        #expect(!html.contains("AFTER-CHECKPOINT"))
        #expect(!html.contains("Second of two ids with one anchor"))
        let text = try Self.allText(ledger.dir + "/streamed-public")
        for secret in ["WITNESS-TITLE-SECRET", "WITNESS-PUBLISHER-SECRET", "WITNESS-QUOTE-SECRET", "RESTRICTED-TITLE-SECRET",
                       "COLLECTOR-SECRET", "CUSTODY-NOTE-SECRET", "src-test-witness", "52.03621", "29.21788"] {
            #expect(!text.contains(secret), "the streamed public dossier holds \(secret)")
        }
        // Markdown is not written item by item.
        let (markdown, _) = try ledger.build(Self.spec() + "\nformats: [json, markdown]\n", name: "streamed-markdown", extra: ["--stream"])
        #expect(markdown.status == 65, "\(markdown.stderr)")
    }

    @Test func aStreamedBuildHoldsTheLeakCheck() throws {
        let ledger = try Self.makeLedger(descriptionExtra: " Told to WITNESS-PUBLISHER-SECRET.")
        let (outcome, dir) = try ledger.build(Self.spec(profile: "public") + Self.streamedFormats, name: "leaky", extra: ["--stream"])
        #expect(outcome.status == 1, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stderr.contains("leak check"))
        #expect(!FileManager.default.fileExists(atPath: dir))
        #expect(try FileManager.default.contentsOfDirectory(atPath: ledger.dir).filter { $0.contains("partial") }.isEmpty)
    }

    @Test func verifyNamesTheFileAfterAnyTampering() throws {
        let ledger = try Self.makeLedger()
        let (built, dir) = try ledger.build(Self.spec(profile: "prosecutor"), name: "bundle")
        #expect(built.status == 0, "\(built.stderr)")
        let original = try Self.files(dir)
        let exhibit = original.keys.first { $0.hasPrefix("exhibits/") }!
        let itemProof = "proofs/item-hajun-633-missiles-2022-05-14.tlog-proof"

        func manifest(for files: [String: Data]) throws -> Data {
            var entries: [[String: Any]] = []
            for path in files.keys.sorted() where path != "manifest.json" {
                let data = files[path]!
                entries.append(["path": path, "sha256": SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined(), "size": data.count])
            }
            return try JSONSerialization.data(withJSONObject: ["format": "evidence-ledger/dossier-bundle@1", "files": entries], options: [.sortedKeys])
        }
        func tampered(_ name: String, rewriteManifest: Bool = true, _ change: (inout [String: Data]) -> Void) throws -> CommandRunner.Outcome {
            var files = original
            change(&files)
            if rewriteManifest { files["manifest.json"] = try manifest(for: files) }
            let target = ledger.dir + "/tampered-\(name)"
            for (path, data) in files {
                let url = URL(fileURLWithPath: target + "/" + path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            return try ledger.verify(target)
        }
        func replace(_ data: Data, _ old: String, _ new: String) -> Data {
            Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: old, with: new).utf8)
        }

        let cases: [(String, String, Bool, (inout [String: Data]) -> Void)] = [
            ("exhibit", exhibit, true, { $0[exhibit] = Data("other bytes".utf8) }),
            ("item-text", "dossier.json", true, { $0["dossier.json"] = replace($0["dossier.json"]!, "633 missiles", "683 missiles") }),
            ("item-text-unlisted", "dossier.json", false, { $0["dossier.json"] = replace($0["dossier.json"]!, "633 missiles", "683 missiles") }),
            ("html", "dossier.html", true, { $0["dossier.html"] = replace($0["dossier.html"]!, "633 missiles", "683 missiles") }),
            ("proof-hash", itemProof, true, { files in
                var lines = String(decoding: files[itemProof]!, as: UTF8.self).components(separatedBy: "\n")
                let at = lines.firstIndex { $0.count == 44 && $0.hasSuffix("=") }!
                lines[at] = (lines[at].hasPrefix("A") ? "B" : "A") + lines[at].dropFirst()
                files[itemProof] = Data(lines.joined(separator: "\n").utf8)
            }),
            ("checkpoint", "checkpoint.note", true, { $0["checkpoint.note"] = replace($0["checkpoint.note"]!, "\n\n", "\nextra\n\n") }),
            ("removed", itemProof, true, { $0[itemProof] = nil }),
            ("removed-unlisted", itemProof, false, { $0[itemProof] = nil }),
            ("added", "notes.txt", false, { $0["notes.txt"] = Data("an extra file".utf8) }),
            ("added-listed", "proofs/entries/999999.tlog-proof", true, { $0["proofs/entries/999999.tlog-proof"] = $0[itemProof] }),
        ]
        for (name, file, rewrite, change) in cases {
            let outcome = try tampered(name, rewriteManifest: rewrite, change)
            #expect(outcome.status == 1, "\(name): \(outcome.stdout)\(outcome.stderr)")
            #expect(outcome.stdout.contains(file), "\(name): expected \(file) to be named: \(outcome.stdout)")
        }
        // Another key does not verify it.
        let other = try CommandRunner.run(["key", "generate", "--out", ledger.dir + "/other.key", "--name", "another.example/log"])
        let wrongKey = try CommandRunner.run(["dossier", "verify", dir, "--vkey", other.stdout.trimmingCharacters(in: .whitespacesAndNewlines)])
        #expect(wrongKey.status == 1)
        // The untouched bundle still verifies.
        #expect(try ledger.verify(dir).status == 0)
    }

    @Test func badSpecsAreRefusedWithTheLine() throws {
        let ledger = try Self.makeLedger()
        let (unknown, dir) = try ledger.build(Self.spec(criteria: "[\"UNGA-3314/3(z)\"]"), name: "unknown")
        #expect(unknown.status == 65)
        #expect(unknown.stderr.contains("UNGA-3314/3(z)"))
        #expect(!FileManager.default.fileExists(atPath: dir))
        let (bad, _) = try ledger.build("""
            title: "x"
            criteria: ["UNGA-3314/3(f)"]
            period: {from: "2022-02-30"}
            redaction: everyone
            min_reliability: G
            """, name: "bad")
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("bad.yaml:3: period.from \"2022-02-30\""), "\(bad.stderr)")
        #expect(bad.stderr.contains("redaction \"everyone\""))
        #expect(bad.stderr.contains("min_reliability \"G\""))
        let template = try CommandRunner.run(["dossier", "new"])
        #expect(template.status == 0)
        let (fromTemplate, templateDir) = try ledger.build(template.stdout, name: "template")
        #expect(fromTemplate.status == 0, "\(fromTemplate.stderr)")
        #expect(try ledger.verify(templateDir).status == 0)
    }
}
