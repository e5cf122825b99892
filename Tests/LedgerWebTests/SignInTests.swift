import Foundation
import LedgerTestSupport
import LedgerWeb
import Postgres
import Testing

/// Signs in as a person does: the form's token from the sign-in page, then the user name and password.
func signIn(_ client: HTTPTestClient, user: String, password: String) async throws -> HTTPTestClient.Response {
    let form = try await client.get("/sign-in")
    let token = try #require(form.hiddenField("csrf"))
    return try await client.post("/sign-in", form: [("csrf", token), ("user", user), ("password", password)])
}

func signInAsResearcher(_ client: HTTPTestClient) async throws {
    let response = try await signIn(client, user: TestCluster.researcherRole, password: TestCluster.researcherPassword)
    try #require(response.status == 303, "\(response.body)")
}

func signInAsReviewer(_ client: HTTPTestClient) async throws {
    let response = try await signIn(client, user: TestCluster.reviewerRole, password: TestCluster.reviewerPassword)
    try #require(response.status == 303, "\(response.body)")
}

/// Sign-in, sessions, sign-out and the sign-in limit, over HTTP against the running server.
@Suite("Web sign-in and sessions")
struct SignInTests {
    @Test func theRightPasswordOpensASessionAsThatRole() async throws {
        try await RunningServer.with { server in
            let client = server.client()
            let response = try await signIn(client, user: TestCluster.researcherRole, password: TestCluster.researcherPassword)
            #expect(response.status == 303)
            #expect(response.header("location") == "/")
            let cookie = try #require(response.headers["set-cookie"]?.first { $0.hasPrefix("el_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(cookie.contains("Path=/"))
            // Listening on loopback: plain HTTP to this machine, so no Secure attribute.
            #expect(!cookie.contains("Secure"))
            let token = try #require(client.cookie("el_session"))
            #expect(token.count == 43)
            let home = try await client.get("/")
            #expect(home.status == 200)
            #expect(home.body.contains(TestCluster.researcherRole))
            #expect(home.body.contains("ledger_researcher"))
            // The session's statements run as the role itself.
            let admin = try server.admin()
            defer { admin.close() }
            let sessions = try admin.scalar("""
                SELECT count(*) FROM pg_stat_activity WHERE usename = \(TestCluster.researcherRole) AND datname = current_database()
                """, as: Int.self)
            #expect(sessions == 1)
        }
    }

    @Test func aWrongPasswordShowsTheFormAgainWithTheUserNameAndNoPassword() async throws {
        try await RunningServer.with { server in
            let client = server.client()
            let wrong = "not the password <b>"
            let response = try await signIn(client, user: TestCluster.researcherRole, password: wrong)
            #expect(response.status == 422)
            #expect(response.body.contains("The user name or the password is wrong."))
            #expect(response.body.contains("value=\"\(TestCluster.researcherRole)\""))
            #expect(!response.body.contains("not the password"))
            #expect(client.cookie("el_session") == nil)
            #expect(try await client.get("/").status == 303)
            // An unknown role gets the same answer.
            let unknown = try await signIn(client, user: "el_nobody_at_all", password: "x")
            #expect(unknown.status == 422)
            #expect(unknown.body.contains("The user name or the password is wrong."))
        }
    }

    @Test func everyPageWithoutASessionSendsToSignIn() async throws {
        try await RunningServer.with(prepare: WebFixture.importFixtures) { server in
            let client = server.client()
            for path in ["/", "/items", "/items?kind=other", "/item?id=item-hajun-633-missiles-2022-05-14", "/sources", "/sources/new",
                         "/search?q=Mozyr", "/review"] {
                let response = try await client.get(path)
                #expect(response.status == 303, "\(path)")
                #expect(response.header("location") == "/sign-in", "\(path)")
                #expect(!response.body.contains("hajun"), "\(path)")
            }
            let admin = try server.admin()
            defer { admin.close() }
            let before = try admin.scalar("SELECT size FROM ledger.log_head", as: Int.self)
            for (path, form) in [("/sources", [("id", "src-no-session"), ("kind", "media"), ("reliability", "B")]),
                                 ("/review", [("id", "item-hajun-633-missiles-2022-05-14"), ("status", "verified"), ("note", "x")]),
                                 ("/sign-out", [])] {
                let response = try await client.post(path, form: form)
                #expect(response.status == 303, "\(path)")
                #expect(response.header("location") == "/sign-in", "\(path)")
            }
            #expect(try admin.scalar("SELECT size FROM ledger.log_head", as: Int.self) == before)
            // A made-up session cookie is no session.
            client.setCookie("el_session", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
            #expect(try await client.get("/").status == 303)
        }
    }

    @Test func signOutClosesTheConnectionAndForgetsTheSession() async throws {
        try await RunningServer.with { server in
            let client = server.client()
            try await signInAsResearcher(client)
            let token = try #require(client.cookie("el_session"))
            let home = try await client.get("/")
            let csrf = try #require(home.hiddenField("csrf"))
            let out = try await client.post("/sign-out", form: [("csrf", csrf)])
            #expect(out.status == 303)
            #expect(out.header("location") == "/sign-in")
            #expect(out.headers["set-cookie"]?.contains { $0.hasPrefix("el_session=;") && $0.contains("Max-Age=0") } == true)
            #expect(client.cookie("el_session") == nil)
            client.setCookie("el_session", token)
            #expect(try await client.get("/").status == 303)
            let admin = try server.admin()
            defer { admin.close() }
            var open = 1
            for _ in 0..<50 where open > 0 {
                open = try admin.scalar("""
                    SELECT count(*) FROM pg_stat_activity WHERE usename = \(TestCluster.researcherRole) AND datname = current_database()
                    """, as: Int.self) ?? 0
                if open > 0 { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(open == 0)
        }
    }

    @Test func fiveFailedSignInsPerUserOrAddressThenTooManyRequests() async throws {
        try await RunningServer.with { server in
            let client = server.client()
            for attempt in 1...5 {
                let response = try await signIn(client, user: TestCluster.researcherRole, password: "guess \(attempt)")
                #expect(response.status == 422)
            }
            // Even the right password is not tried now.
            let limited = try await signIn(client, user: TestCluster.researcherRole, password: TestCluster.researcherPassword)
            #expect(limited.status == 429)
            #expect(limited.header("content-type")?.hasPrefix("text/plain") == true)
            #expect(limited.body.contains("Too many failed sign-ins"))
            #expect(client.cookie("el_session") == nil)
            // The address has used its failures too: another user from it is refused as well.
            let other = try await signIn(client, user: TestCluster.reviewerRole, password: TestCluster.reviewerPassword)
            #expect(other.status == 429)
        }
    }

    @Test func aSessionUnusedForTheIdleTimeoutIsClosed() async throws {
        try await RunningServer.with(configure: { $0.idleTimeout = .milliseconds(1500) }) { server in
            let client = server.client()
            try await signInAsResearcher(client)
            #expect(try await client.get("/").status == 200)
            try await Task.sleep(for: .milliseconds(2000))
            let response = try await client.get("/")
            #expect(response.status == 303)
            #expect(response.header("location") == "/sign-in")
        }
    }

    @Test func theSignInFormNeedsItsOwnToken() async throws {
        try await RunningServer.with { server in
            let client = server.client()
            // No sign-in cookie at all.
            let bare = try await client.post("/sign-in", form: [("csrf", "x"), ("user", TestCluster.researcherRole), ("password", TestCluster.researcherPassword)])
            #expect(bare.status == 403)
            // The cookie from the sign-in page, but another token in the form.
            _ = try await client.get("/sign-in")
            let wrong = try await client.post("/sign-in", form: [("csrf", "another-token"), ("user", TestCluster.researcherRole), ("password", TestCluster.researcherPassword)])
            #expect(wrong.status == 403)
            #expect(client.cookie("el_session") == nil)
        }
    }

    @Test func aRoleLetInWithoutItsPasswordIsRefused() async throws {
        // The test cluster lets roles without a scram-sha-256 line in by trust, as the managed cluster does.
        let role = "el_web_trusted_\(UUID().uuidString.prefix(8).lowercased())"
        try await RunningServer.with(prepare: { admin in
            try admin.query("CREATE ROLE \(identifier: role) LOGIN IN ROLE ledger_researcher")
        }) { server in
            let client = server.client()
            let response = try await signIn(client, user: role, password: "anything at all")
            #expect(response.status == 403)
            #expect(response.body.contains("without checking its password"))
            #expect(client.cookie("el_session") == nil)
        }
    }
}
