import Dossier
import Foundation
import LedgerStore
import LedgerTestSupport
@testable import LedgerWeb
import Postgres
import Testing
import Transparency

/// Dossiers built and downloaded in the browser.
@Suite("Web dossiers")
struct DossierWebTests {
    @Test func aDossierIsBuiltFromAServerSpecAndItsFilesDownloadOnlyForItsBuilder() async throws {
        let specs = SchemaDirectory.sourceTreeRoot + "/fixtures/dossiers"
        // The server is configured after its database is prepared: the key is named after the database's log.
        var signer: NoteSigner?
        try await RunningServer.with(configure: { $0.verifierKey = signer?.verifier; $0.dossierSpecs = specs }, prepare: { admin in
            try WebFixture.importFixtures(admin)
            signer = try NoteSigner(name: try LedgerLog(connection: admin).origin(), seed: Array(repeating: 3, count: 32))
            _ = try LedgerLog(connection: admin).signCheckpoint(with: signer!)
        }) { server in
            let key = try #require(signer)
            let client = server.client()
            try await signInAsResearcher(client)
            let page = try await client.get("/dossiers?spec=belarus-3314-3f.yaml")
            #expect(page.status == 200)
            #expect(page.body.contains("UNGA-3314/3(f)"), "the chosen spec is in the box")
            let csrf = try #require(page.hiddenField("csrf"))
            let spec = try String(contentsOfFile: specs + "/belarus-3314-3f.yaml", encoding: .utf8)
            let built = try await client.post("/dossiers", form: [("csrf", csrf), ("spec", spec)])
            #expect(built.status == 303, "\(built.body)")
            let location = try #require(built.header("location"))
            let result = try await client.get(location)
            #expect(result.body.contains("bundle.zip"))
            let id = String(location.split(separator: "=").last!)
            let html = try await client.get("/dossiers/file?id=\(id)&name=dossier.html")
            #expect(html.status == 200)
            #expect(html.header("content-disposition") == "attachment; filename=\"dossier.html\"")
            #expect(html.body.contains("<!DOCTYPE html>"))
            let zip = try await client.get("/dossiers/file?id=\(id)&name=bundle.zip")
            #expect(zip.status == 200)
            #expect(zip.header("content-type") == "application/zip")
            // The bundle verifies offline against the pinned key.
            let files = try DossierBundle.unzip(Data(zip.bytes))
            #expect(files["manifest.json"] != nil)
            #expect(BundleVerifier(pinnedKey: key.verifier).verify(files).holds)
            // Nothing but the build's own files is served.
            #expect(try await client.get("/dossiers/file?id=\(id)&name=../../etc/passwd").status == 404)
            #expect(try await client.get("/dossiers/file?id=\(id)&name=manifest.json").status == 404)
            // Another user does not see it.
            let reviewer = server.client()
            try await signInAsReviewer(reviewer)
            #expect(try await reviewer.get("/dossiers/file?id=\(id)&name=dossier.html").status == 404)
            #expect(try await reviewer.get(location).status == 404)
        }
    }

    @Test func aSpecWithProblemsBuildsNothingAndSaysWhy() async throws {
        let key = try NoteSigner(name: "any", seed: Array(repeating: 3, count: 32))
        try await RunningServer.with(configure: { $0.verifierKey = key.verifier }, prepare: WebFixture.importFixtures) { server in
            let client = server.client()
            try await signInAsResearcher(client)
            let csrf = try #require(try await client.get("/dossiers").hiddenField("csrf"))
            let refused = try await client.post("/dossiers", form: [("csrf", csrf), ("spec", "title: x\ncriteria: [\"NO-SUCH/1\"]\nprofile: nonsense\n")])
            #expect(refused.status == 422)
            #expect(refused.body.contains("Nothing was built"))
        }
    }

    @Test func withoutAVerifierKeyTheServerSaysDossiersAreNotBuiltHere() async throws {
        try await RunningServer.with { server in
            let client = server.client()
            try await signInAsResearcher(client)
            let page = try await client.get("/dossiers")
            #expect(page.body.contains("started without the ledger&#39;s verifier key"))
        }
    }
}

@Suite("Web verification")
struct VerificationWebTests {
    @Test func anAuditorVerifiesTheLogAndTheLedgerPageShowsTheResultToEveryone() async throws {
        var signer: NoteSigner?
        try await RunningServer.with(configure: { $0.verifierKey = signer?.verifier }, prepare: { admin in
            try WebFixture.importFixtures(admin)
            signer = try NoteSigner(name: try LedgerLog(connection: admin).origin(), seed: Array(repeating: 5, count: 32))
            _ = try LedgerLog(connection: admin).signCheckpoint(with: signer!)
        }) { server in
            let researcher = server.client()
            try await signInAsResearcher(researcher)
            let home = try await researcher.get("/")
            #expect(home.body.contains(try #require(signer).verifier.keyString))
            #expect(home.body.contains("none run from this server"))
            let csrf = try #require(home.hiddenField("csrf"))
            #expect(try await researcher.post("/verify", form: [("csrf", csrf)]).status == 403, "a researcher does not verify")
            let auditor = server.client()
            let signedIn = try await signIn(auditor, user: TestCluster.auditorRole, password: TestCluster.auditorPassword)
            try #require(signedIn.status == 303)
            let auditorToken = try #require(try await auditor.get("/").hiddenField("csrf"))
            let verified = try await auditor.post("/verify", form: [("csrf", auditorToken)])
            #expect(verified.status == 303, "\(verified.body)")
            let after = try await researcher.get("/")
            #expect(after.body.contains("everything holds"), "\(after.body)")
            #expect(after.body.contains("by \(TestCluster.auditorRole)"))
        }
    }
}
