import Foundation
import LedgerStore
import LedgerTestSupport
import Postgres
import Testing

/// Entering data through the CLI: sources, exhibits, items from the template, amendments and links.
@Suite("Entry commands")
struct EntryCLITests {
    let conninfo: String
    let dir: String

    init() throws {
        conninfo = try TestCluster.shared.makeMigratedDatabase()
        dir = try TestCluster.makeTemporaryDirectory(prefix: "el-entry")
        let imported = try CommandRunner.run(["import", "--database", conninfo] + FileImport.fixtureFiles())
        #expect(imported.status == 0, "\(imported.stderr)")
    }

    func run(_ arguments: [String]) throws -> CommandRunner.Outcome {
        try CommandRunner.run(arguments + ["--database", conninfo])
    }

    @Test func sourceAddChecksEveryOption() throws {
        let bad = try run(["source", "add", "--id", "src-new", "--kind", "media", "--reliability", "G", "--published", "2022-02-30"])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("--reliability: \"G\""))
        #expect(bad.stderr.contains("--published: \"2022-02-30\""))
        let good = try run(["source", "add", "--id", "src-new", "--publisher", "Kyiv Independent", "--kind", "media", "--reliability", "B", "--published", "2023-11-16"])
        #expect(good.status == 0, "\(good.stderr)")
        let again = try run(["source", "add", "--id", "src-new", "--kind", "media", "--reliability", "B"])
        #expect(again.status == 65)
        #expect(again.stderr.contains("already in the ledger"))
        let shown = try run(["source", "show", "src-new"])
        #expect(shown.stdout.contains("published:     2023-11-16"))
        let listed = try run(["source", "list", "--reliability", "E", "--format", "csv"])
        #expect(listed.stdout.contains("src-southfront"))
    }

    @Test func exhibitsAreStoredOnceAndSaySo() throws {
        let file = dir + "/capture.html"
        try "<html>capture</html>".write(toFile: file, atomically: true, encoding: .utf8)
        let first = try run(["exhibit", "add", file, "--id", "exh-a", "--source", "src-hnonline-2022-05-14", "--collected-by", "researcher A",
                             "--collected-at", "2024-03-01T10:00:00Z", "--from-url", "https://example.org/a", "--tool", "capture 1.0"])
        #expect(first.status == 0, "\(first.stderr)")
        let digest = try ExhibitIntake.sha256(ofFile: file).digest.map { String(format: "%02x", $0) }.joined()
        #expect(first.stdout.contains(digest))
        let second = try run(["exhibit", "add", file, "--id", "exh-b"])
        #expect(second.stdout.contains("already stored as exh-a"))
        let connection = try Connection.connect(conninfo)
        #expect(try connection.scalar("SELECT count(*) FROM ledger.exhibit_content", as: Int.self) == 1)
        #expect(try connection.scalar("SELECT count(*) FROM ledger.exhibit", as: Int.self) == 2)
        // An item cites the exhibit.
        let items = dir + "/with-exhibit.yaml"
        try """
            format: evidence-ledger/items@1
            items:
              - id: "item-with-exhibit"
                kind: "other"
                title: "Test: an item with its exhibit"
                sources: [{source: "src-hnonline-2022-05-14"}]
                exhibits: [{exhibit: "exh-a", note: "capture of the article"}]
            """.write(toFile: items, atomically: true, encoding: .utf8)
        let added = try run(["evidence", "add", items])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try connection.scalar("SELECT count(*) FROM ledger.item_exhibit", as: Int.self) == 1)
        let missingExhibit = try run(["evidence", "add", items.replacingOccurrences(of: "with-exhibit", with: "x")])
        #expect(missingExhibit.status != 0)
        let missingSource = try run(["exhibit", "add", file, "--id", "exh-c", "--source", "src-nowhere"])
        #expect(missingSource.status != 0)
        #expect(try connection.scalar("SELECT count(*) FROM ledger.exhibit", as: Int.self) == 2)
    }

    @Test func anItemFromTheTemplateIsAddedAmendedAndLinked() throws {
        let template = try run(["evidence", "new", "--kind", "rail-transport"])
        #expect(template.status == 0)
        #expect(template.stdout.contains("# operator: \"actor-…\""))
        let filled = template.stdout
            .replacingOccurrences(of: "item-CHANGE-ME", with: "item-test-rail")
            .replacingOccurrences(of: "title: \"\"", with: "title: \"Test: rail movement reported\"")
            .replacingOccurrences(of: "from: \"YYYY-MM-DD\"", with: "from: \"2022-03\"")
            .replacingOccurrences(of: "to: \"YYYY-MM-DD\"", with: "to: \"2022-03\"")
            .replacingOccurrences(of: "precision: \"day\"", with: "precision: \"month\"")
            .replacingOccurrences(of: "source: \"src-…\"", with: "source: \"src-ukrainska-pravda-2022-03-19\"")
        let file = dir + "/item.yaml"
        try filled.write(toFile: file, atomically: true, encoding: .utf8)
        let added = try run(["evidence", "add", file])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == "added 1 item and 0 links\n")
        #expect(try run(["evidence", "add", file]).stderr.contains("already in the ledger"))

        let unchanged = try run(["evidence", "amend", "item-test-rail", file, "--reason", "nothing really"])
        #expect(unchanged.stdout.hasPrefix("no change"))
        try filled.replacingOccurrences(of: "Test: rail movement reported", with: "Test: rail movement reported by Ukrzaliznytsia")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let amended = try run(["evidence", "amend", "item-test-rail", file, "--reason", "title names the reporter"])
        #expect(amended.status == 0, "\(amended.stderr)")
        let history = try run(["evidence", "show", "item-test-rail", "--history"])
        #expect(history.stdout.contains("version 2 of 2"))
        #expect(history.stdout.contains("title names the reporter"))

        let linked = try run(["evidence", "link", "item-test-rail", "--element", "ILC-ARSIWA/16.1", "--relation", "supports",
                              "--credibility", "3", "--argument", "Rail transport for the attacking forces would be assistance."])
        #expect(linked.status == 0, "\(linked.stderr)")
        let relink = try run(["evidence", "link", "item-test-rail", "--element", "ILC-ARSIWA/16.1", "--relation", "supports",
                              "--credibility", "4", "--argument", "Doubtful: one report."])
        #expect(relink.status == 64)
        let badElement = try run(["evidence", "link", "item-test-rail", "--element", "ILC-ARSIWA/99.9", "--relation", "supports",
                                  "--credibility", "3", "--argument", "x"])
        #expect(badElement.status == 65)
        #expect(badElement.stderr.contains("ILC-ARSIWA/99.9"))
        let badCredibility = try run(["evidence", "link", "item-test-rail", "--element", "ILC-ARSIWA/16.1", "--relation", "supports",
                                      "--credibility", "7", "--argument", "x"])
        #expect(badCredibility.status == 64)
    }

    @Test func criteriaShowTheTextAndItsStatus() throws {
        let shown = try run(["criteria", "show", "ILC-ARSIWA/16"])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("text status: confirmed"))
        #expect(shown.stdout.contains("A State which aids or assists another State"))
        #expect(shown.stdout.contains("element ILC-ARSIWA/16.2"))
        let listed = try run(["criteria", "list", "--instrument", "UNGA-3314", "--format", "csv"])
        #expect(listed.stdout.contains("UNGA-3314/3(f),Article 3(f),standard-text-unconfirmed,3,"))
        #expect(try run(["criteria", "show", "NO-SUCH/1"]).status == 65)
    }
}
