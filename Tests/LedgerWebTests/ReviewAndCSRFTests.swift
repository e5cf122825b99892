import Foundation
import LedgerTestSupport
import Postgres
import Testing

/// Who may review, and forms sent without their token.
@Suite("Web review queue and CSRF")
struct ReviewAndCSRFTests {
    static func submittedItems(_ conn: Connection) throws {
        try WebFixture.importFixtures(conn)
        try WebFixture.importItems(WebFixture.numberedItems(2, status: "submitted"), conn)
    }

    @Test func aResearcherCannotReachTheReviewQueue() async throws {
        try await RunningServer.with(prepare: ReviewAndCSRFTests.submittedItems) { server in
            let client = server.client()
            try await signInAsResearcher(client)
            let queue = try await client.get("/review")
            #expect(queue.status == 403)
            #expect(!queue.body.contains("item-page-001"))
            let csrf = try #require(try await client.get("/").hiddenField("csrf"))
            let post = try await client.post("/review", form: [("csrf", csrf), ("id", "item-page-001"), ("status", "verified"), ("note", "looks fine")])
            #expect(post.status == 403)
            let admin = try server.admin()
            defer { admin.close() }
            #expect(try admin.scalar("SELECT status::text FROM ledger.current_item WHERE id = 'item-page-001'", as: String.self) == "submitted")
        }
    }

    @Test func aReviewerVerifiesAnItemWithANote() async throws {
        try await RunningServer.with(prepare: ReviewAndCSRFTests.submittedItems) { server in
            let client = server.client()
            try await signInAsReviewer(client)
            let home = try await client.get("/")
            #expect(home.body.contains("href=\"/review\""))
            let queue = try await client.get("/review")
            #expect(queue.status == 200)
            #expect(queue.body.contains("item-page-001"))
            #expect(queue.body.contains("item-page-002"))
            let csrf = try #require(queue.hiddenField("csrf"))
            let admin = try server.admin()
            defer { admin.close() }
            // A verdict without a note is refused beside the form; nothing is written.
            let noNote = try await client.post("/review", form: [("csrf", csrf), ("id", "item-page-001"), ("status", "verified"), ("note", "  ")])
            #expect(noNote.status == 422)
            #expect(noNote.body.contains("say what was checked"))
            #expect(try admin.scalar("SELECT version FROM ledger.current_item WHERE id = 'item-page-001'", as: Int.self) == 1)
            let done = try await client.post("/review", form: [("csrf", csrf), ("id", "item-page-001"), ("status", "verified"),
                                                                ("note", "report read; the count matches")])
            #expect(done.status == 303, "\(done.body)")
            let row = try #require(try admin.query("""
                SELECT status::text, reviewer, review_note, version FROM ledger.current_item WHERE id = 'item-page-001'
                """).first)
            #expect(try row.decode(String.self, at: 0) == "verified")
            #expect(try row.decode(String.self, at: 1) == TestCluster.reviewerRole)
            #expect(try row.decode(String.self, at: 2) == "report read; the count matches")
            #expect(try row.decode(Int.self, at: 3) == 2)
            // The same as `evidence-ledger review` writes: the reason the SQL function gives, and a log entry by the reviewer.
            #expect(try admin.scalar("SELECT change_reason FROM ledger.item_version v JOIN ledger.entity e ON e.id = v.entity_id WHERE e.external_id = 'item-page-001' AND v.version = 2", as: String.self) == "review: verified")
            #expect(try admin.scalar("SELECT count(*) FROM ledger.log_entry WHERE table_name = 'item_version' AND acting_role = \(TestCluster.reviewerRole)", as: Int.self) == 1)
            let after = try await client.get(try #require(done.header("location")))
            #expect(after.body.contains("is now verified"))
            #expect(!after.body.contains("name=\"id\" value=\"item-page-001\""))
            #expect(after.body.contains("name=\"id\" value=\"item-page-002\""))
        }
    }

    @Test func aFormWithoutItsTokenOrWithAnotherIsRefusedAndNothingIsDone() async throws {
        try await RunningServer.with(prepare: ReviewAndCSRFTests.submittedItems) { server in
            let client = server.client()
            try await signInAsReviewer(client)
            let admin = try server.admin()
            defer { admin.close() }
            let before = try admin.scalar("SELECT size FROM ledger.log_head", as: Int.self)
            let source: [(String, String)] = [("id", "src-web-csrf"), ("kind", "media"), ("reliability", "B")]
            let review: [(String, String)] = [("id", "item-page-001"), ("status", "verified"), ("note", "checked")]
            for (path, form) in [("/sources", source), ("/review", review), ("/sign-out", [])] {
                let missing = try await client.post(path, form: form)
                #expect(missing.status == 403, "\(path) without a token")
                let wrong = try await client.post(path, form: [("csrf", "c2VjdXJpdHkgdG9rZW4gb2YgYW5vdGhlciBzZXNzaW9u")] + form)
                #expect(wrong.status == 403, "\(path) with another token")
            }
            #expect(try admin.scalar("SELECT size FROM ledger.log_head", as: Int.self) == before)
            #expect(try admin.scalar("SELECT status::text FROM ledger.current_item WHERE id = 'item-page-001'", as: String.self) == "submitted")
            // Sign-out refused: the session is still there.
            #expect(try await client.get("/").status == 200)
            // A token from another session is another token.
            let other = server.client()
            try await signInAsResearcher(other)
            let otherToken = try #require(try await other.get("/").hiddenField("csrf"))
            let crossed = try await client.post("/sources", form: [("csrf", otherToken)] + source)
            #expect(crossed.status == 403)
        }
    }

    @Test func aFormLargerThanTheLimitIsRefusedUnread() async throws {
        try await RunningServer.with { server in
            let client = server.client()
            try await signInAsResearcher(client)
            let csrf = try #require(try await client.get("/sources/new").hiddenField("csrf"))
            let notes = String(repeating: "x", count: 100 * 1024)
            let response = try await client.post("/sources", form: [("csrf", csrf), ("id", "src-web-large"), ("kind", "media"), ("reliability", "B"), ("notes", notes)])
            #expect(response.status == 413)
            let admin = try server.admin()
            defer { admin.close() }
            #expect(try admin.scalar("SELECT count(*) FROM ledger.entity WHERE external_id = 'src-web-large'", as: Int.self) == 0)
        }
    }
}
