import Foundation
import LedgerStore
import LedgerTestSupport
@testable import LedgerWeb
import Postgres
import Testing
import Transparency

/// The web interface in a real browser: Tests/Browser/walkthrough.py drives headless Chromium (chromedriver,
/// Selenium) through sign-in, a source, an exhibit upload, an item, a link, a review and a dossier download, with
/// keyboard and 200 % zoom checks, against the real server and database. Screenshots of every page are kept in
/// .build/browser-screenshots. ops/test installs Chromium, chromedriver and Selenium from Debian's packages;
/// EVIDENCE_LEDGER_SKIP_BROWSER=1 leaves this test out where they cannot be had.
@Suite("Web in a browser")
struct BrowserTests {
    static let python = "/usr/bin/python3"
    static let skip = ProcessInfo.processInfo.environment["EVIDENCE_LEDGER_SKIP_BROWSER"] == "1"

    @Test(.disabled(if: BrowserTests.skip, "EVIDENCE_LEDGER_SKIP_BROWSER=1"))
    func aResearcherAndAReviewerDoTheirWorkInABrowser() async throws {
        let root = SchemaDirectory.sourceTreeRoot
        for program in [BrowserTests.python, "/usr/bin/chromium", "/usr/bin/chromedriver"] {
            try #require(FileManager.default.isExecutableFile(atPath: program),
                         "\(program) is missing: ops/test installs it (apt-get install chromium chromium-driver python3-selenium)")
        }
        let screenshots = root + "/.build/browser-screenshots"
        try? FileManager.default.removeItem(atPath: screenshots)
        try FileManager.default.createDirectory(atPath: screenshots, withIntermediateDirectories: true)
        let exhibit = screenshots + "/exhibit.txt"
        try Data("A capture kept as an exhibit by the browser walkthrough.\n".utf8).write(to: URL(fileURLWithPath: exhibit))
        var signer: NoteSigner?
        try await RunningServer.with(configure: { $0.verifierKey = signer?.verifier; $0.dossierSpecs = root + "/fixtures/dossiers" }, prepare: { admin in
            try WebFixture.importFixtures(admin)
            signer = try NoteSigner(name: try LedgerLog(connection: admin).origin(), seed: Array(repeating: 7, count: 32))
            _ = try LedgerLog(connection: admin).signCheckpoint(with: signer!)
        }) { server in
            let (status, output) = try await BrowserTests.run(BrowserTests.python, [
                root + "/Tests/Browser/walkthrough.py", "--url", "http://127.0.0.1:\(server.port)",
                "--researcher", "\(TestCluster.researcherRole):\(TestCluster.researcherPassword)",
                "--reviewer", "\(TestCluster.reviewerRole):\(TestCluster.reviewerPassword)",
                "--screenshots", screenshots, "--exhibit", exhibit,
            ])
            #expect(status == 0, "\(output)")
            let admin = try server.admin()
            defer { admin.close() }
            #expect(try admin.scalar("SELECT status::text FROM ledger.current_item WHERE id = 'item-browser-walkthrough'", as: String.self) == "verified")
            #expect(try admin.scalar("SELECT place FROM ledger.current_item WHERE id = 'item-browser-walkthrough'", as: String.self) == "place-mozyr")
            let shots = try FileManager.default.contentsOfDirectory(atPath: screenshots).filter { $0.hasSuffix(".png") }
            #expect(shots.count >= 15, "screenshots kept: \(shots.sorted())")
        }
    }

    /// Runs a program to its end without holding a thread, and returns its exit status and what it printed.
    static func run(_ program: String, _ arguments: [String]) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("walkthrough-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        try handle.close()
        defer { try? FileManager.default.removeItem(at: output) }
        return (status, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }
}
