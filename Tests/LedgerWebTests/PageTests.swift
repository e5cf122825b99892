import Foundation
import LedgerTestSupport
@testable import LedgerWeb
import Postgres
import Testing

/// The pages, driven over HTTP as a signed-in researcher or reviewer.
@Suite("Web pages")
struct PageTests {
    @Test func theHomePageShowsTheLedgerState() async throws {
        try await RunningServer.with(prepare: WebFixture.importFixtures) { server in
            let client = server.client()
            try await signInAsResearcher(client)
            let admin = try server.admin()
            defer { admin.close() }
            let size = try #require(try admin.scalar("SELECT size FROM ledger.log_head", as: Int.self))
            let origin = try #require(try admin.scalar("SELECT origin FROM ledger.log_config", as: String.self))
            let home = try await client.get("/")
            #expect(home.status == 200)
            #expect(home.body.contains("\(size) entries"))
            #expect(home.body.contains(origin))
            #expect(home.body.contains("none signed yet"))
            // A researcher's navigation has no review queue.
            #expect(!home.body.contains("href=\"/review\""))
        }
    }

    @Test func aSourceEnteredInTheFormIsInTheLedgerAndItsLog() async throws {
        try await RunningServer.with { server in
            let client = server.client()
            try await signInAsResearcher(client)
            let form = try await client.get("/sources/new")
            #expect(form.status == 200)
            let csrf = try #require(form.hiddenField("csrf"))
            for field in ["id", "title", "publisher", "site", "url", "author", "published", "language", "kind", "reliability", "grading_note", "protection", "notes"] {
                #expect(form.body.contains("<label for=\"f-\(field)\">"), "\(field) has a label")
            }
            let response = try await client.post("/sources", form: [
                ("csrf", csrf), ("id", "src-web-kyiv-independent"), ("title", "Lab confirms missile origin"), ("publisher", "Kyiv Independent"),
                ("site", ""), ("url", "https://kyivindependent.com/x"), ("author", ""), ("published", "2023-11-16"), ("language", "en"),
                ("kind", "media"), ("reliability", "B"), ("grading_note", "established outlet, names its lab"), ("protection", ""), ("notes", ""),
            ])
            #expect(response.status == 303, "\(response.body)")
            #expect(response.header("location") == "/sources?added=src-web-kyiv-independent")
            let admin = try server.admin()
            defer { admin.close() }
            let row = try #require(try admin.query("""
                SELECT publisher, reliability::text, published_on::text, recorded_by, url, site FROM ledger.current_source WHERE id = 'src-web-kyiv-independent'
                """).first)
            #expect(try row.decode(String.self, at: 0) == "Kyiv Independent")
            #expect(try row.decode(String.self, at: 1) == "B")
            #expect(try row.decode(String.self, at: 2) == "2023-11-16")
            #expect(try row.decode(String.self, at: 3) == TestCluster.researcherRole)
            #expect(try row.decode(String?.self, at: 5) == nil, "a field left empty is not given")
            let logged = try admin.scalar("""
                SELECT count(*) FROM ledger.log_entry l JOIN ledger.entity e ON e.id = (l.row_key::jsonb ->> 0)::uuid
                WHERE e.external_id = 'src-web-kyiv-independent' AND l.acting_role = \(TestCluster.researcherRole)
                  AND l.table_name IN ('entity', 'source_version')
                """, as: Int.self)
            #expect(logged == 2)
            let list = try await client.get("/sources?added=src-web-kyiv-independent")
            #expect(list.body.contains("added to the ledger"))
            #expect(list.body.contains("Kyiv Independent"))
        }
    }

    @Test func aRefusedSourceFormShowsEachProblemByItsFieldAndKeepsWhatWasTyped() async throws {
        try await RunningServer.with(prepare: WebFixture.importFixtures) { server in
            let client = server.client()
            try await signInAsResearcher(client)
            let csrf = try #require(try await client.get("/sources/new").hiddenField("csrf"))
            let admin = try server.admin()
            defer { admin.close() }
            let before = try admin.scalar("SELECT size FROM ledger.log_head", as: Int.self)
            let response = try await client.post("/sources", form: [
                ("csrf", csrf), ("id", "src-web-bad"), ("title", "<b>bold</b> claim"), ("published", "2022-02-30"),
                ("kind", ""), ("reliability", "G"), ("url", "ftp://example.org"),
            ])
            #expect(response.status == 422)
            for field in ["published", "kind", "reliability", "url"] {
                #expect(response.body.contains("id=\"f-\(field)-error\""), "an error under \(field)")
                #expect(response.body.contains("aria-describedby=\"f-\(field)-hint f-\(field)-error\"") || response.body.contains("aria-describedby=\"f-\(field)-error\""), "\(field)")
            }
            #expect(!response.body.contains("id=\"f-id-error\""))
            #expect(response.body.contains("value=\"2022-02-30\""))
            #expect(response.body.contains("value=\"src-web-bad\""))
            #expect(response.body.contains("<option value=\"G\" selected>G</option>"))
            #expect(response.body.contains("value=\"&lt;b&gt;bold&lt;/b&gt; claim\""))
            #expect(!response.body.contains("<b>bold</b>"))
            #expect(try admin.scalar("SELECT size FROM ledger.log_head", as: Int.self) == before)
            #expect(try admin.scalar("SELECT count(*) FROM ledger.entity WHERE external_id = 'src-web-bad'", as: Int.self) == 0)
            // The same checks as the CLI: an id the ledger holds is refused under the id.
            let taken = try await client.post("/sources", form: [("csrf", csrf), ("id", "src-hnonline-2022-05-14"), ("kind", "media"), ("reliability", "B")])
            #expect(taken.status == 422)
            #expect(taken.body.contains("id=\"f-id-error\""))
            #expect(taken.body.contains("already in the ledger"))
        }
    }

    @Test func evidenceTextWithMarkupIsShownEscaped() async throws {
        let script = "<script>alert(1)</script>"
        try await RunningServer.with(prepare: { conn in
            try WebFixture.importItems("""
                  - id: "item-web-script"
                    kind: "other"
                    title: "\(script) & \\"quoted\\" 'text'"
                    description: "<img src=x onerror=alert(2)>"

                """, conn)
        }) { server in
            let client = server.client()
            try await signInAsResearcher(client)
            for path in ["/item?id=item-web-script", "/items", "/items?kind=other"] {
                let page = try await client.get(path)
                #expect(page.status == 200, "\(path)")
                #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;text&#39;"), "\(path)")
                #expect(!page.body.contains("<script"), "\(path)")
                #expect(page.header("content-security-policy")?.contains("default-src 'none'") == true)
                #expect(page.header("content-security-policy")?.contains("script-src") == false)
            }
            let item = try await client.get("/item?id=item-web-script")
            #expect(item.body.contains("&lt;img src=x onerror=alert(2)&gt;"))
            #expect(!item.body.contains("<img"))
        }
    }

    @Test func anItemPageShowsSourcesLinksAndHistory() async throws {
        try await RunningServer.with(prepare: WebFixture.importFixtures) { server in
            let client = server.client()
            try await signInAsReviewer(client)
            let admin = try server.admin()
            defer { admin.close() }
            let id = try #require(try admin.scalar("""
                SELECT l.item FROM ledger.current_link l JOIN ledger.current_item i ON i.id = l.item
                WHERE NOT l.withdrawn AND EXISTS (SELECT 1 FROM ledger.item_source s WHERE s.item_id = i.entity_id AND s.locator IS NOT NULL)
                ORDER BY l.item LIMIT 1
                """, as: String.self))
            let link = try #require(try admin.query("SELECT criterion, argument FROM ledger.current_link WHERE item = \(id) AND NOT withdrawn ORDER BY criterion LIMIT 1").first)
            let source = try #require(try admin.query("""
                SELECT e.external_id, s.locator FROM ledger.item_source s JOIN ledger.entity e ON e.id = s.source_id
                JOIN ledger.current_item i ON i.entity_id = s.item_id AND i.version = s.item_version
                WHERE i.id = \(id) AND s.locator IS NOT NULL ORDER BY s.ordinal LIMIT 1
                """).first)
            let page = try await client.get("/item?" + "id=" + HTTPTestClient.encode(id))
            #expect(page.status == 200)
            #expect(page.body.contains(try link.decode(String.self, at: 0)))
            #expect(page.body.contains(try source.decode(String.self, at: 0)))
            #expect(page.body.contains(HTMLEscape.text(try source.decode(String.self, at: 1))))
            #expect(page.body.contains(HTMLEscape.text(try link.decode(String.self, at: 1))))
            // The item is verified, then withdrawn: the page shows three versions, with the reviewer's note.
            _ = try admin.query("SELECT ledger.review_item(\(id), 'verified', 'checked the original report')")
            _ = try admin.query("SELECT ledger.withdraw_item(\(id), 'duplicate of another item')")
            let history = try await client.get("/item?id=" + HTTPTestClient.encode(id))
            #expect(history.body.contains("checked the original report"))
            #expect(history.body.contains("duplicate of another item"))
            #expect(history.body.contains("<td>3</td>"))
            #expect(try await client.get("/item?id=item-that-is-not-there").status == 404)
        }
    }

    @Test func itemListsAreKeysetPagedFiftyAtATime() async throws {
        try await RunningServer.with(prepare: { conn in
            try WebFixture.importFixtures(conn)
            try WebFixture.importItems(WebFixture.numberedItems(60), conn)
        }) { server in
            let client = server.client()
            try await signInAsResearcher(client)
            let admin = try server.admin()
            defer { admin.close() }
            let all = try admin.query("SELECT id FROM ledger.current_item WHERE status <> 'withdrawn' ORDER BY id").map { try $0.decode(String.self, at: 0) }
            #expect(all.count > 50)
            var seen: [String] = []
            var path = "/items"
            var pages = 0
            while pages < 5 {
                let page = try await client.get(path)
                #expect(page.status == 200)
                seen += PageTests.itemIDs(page.body)
                pages += 1
                guard let next = PageTests.nextLink(page.body) else { break }
                path = next
            }
            #expect(pages == (all.count + 49) / 50)
            #expect(seen == all)
            // Filters are kept from page to page.
            let others = try admin.query("SELECT id FROM ledger.current_item WHERE kind = 'other' AND status <> 'withdrawn' ORDER BY id").map { try $0.decode(String.self, at: 0) }
            let first = try await client.get("/items?kind=other")
            let next = try #require(PageTests.nextLink(first.body))
            #expect(next.contains("kind=other"))
            #expect(next.contains("after=" + HTTPTestClient.encode(others[49])))
            let second = try await client.get(next)
            #expect(PageTests.itemIDs(first.body) + PageTests.itemIDs(second.body) == others)
        }
    }

    @Test func itemListsFilterByKindStatusAndCriterion() async throws {
        try await RunningServer.with(prepare: { conn in
            try WebFixture.importFixtures(conn)
            try WebFixture.importItems(WebFixture.numberedItems(3, status: "submitted"), conn)
        }) { server in
            let client = server.client()
            try await signInAsResearcher(client)
            let admin = try server.admin()
            defer { admin.close() }
            let submitted = try admin.query("SELECT id FROM ledger.current_item WHERE status = 'submitted' ORDER BY id").map { try $0.decode(String.self, at: 0) }
            #expect(submitted.contains("item-page-003"))
            #expect(PageTests.itemIDs(try await client.get("/items?status=submitted").body) == submitted)
            #expect(PageTests.itemIDs(try await client.get("/items?status=draft").body).isEmpty == !(try admin.scalar("SELECT bool_or(status = 'draft') FROM ledger.current_item", as: Bool.self) ?? false))
            let launches = try admin.query("SELECT id FROM ledger.current_item WHERE kind = 'missile-launch' AND status <> 'withdrawn' ORDER BY id").map { try $0.decode(String.self, at: 0) }
            #expect(PageTests.itemIDs(try await client.get("/items?kind=missile-launch").body) == launches)
            // A provision matches the links to its elements, as evidence-ledger evidence list --criterion does.
            let linked = try admin.query("""
                SELECT DISTINCT l.item FROM ledger.current_link l LEFT JOIN ledger.current_element ce ON ce.code = l.criterion
                JOIN ledger.current_item i ON i.id = l.item
                WHERE NOT l.withdrawn AND i.status <> 'withdrawn' AND (l.criterion = 'UNGA-3314/3(f)' OR ce.provision = 'UNGA-3314/3(f)')
                ORDER BY l.item
                """).map { try $0.decode(String.self, at: 0) }
            #expect(!linked.isEmpty)
            let byCriterion = try await client.get("/items?criterion=" + HTTPTestClient.encode("UNGA-3314/3(f)"))
            #expect(PageTests.itemIDs(byCriterion.body) == Array(linked.prefix(50)))
            // Both ways of finding a criterion's items give the same pages.
            let researcher = try Connection.connect(server.conninfo + " user=\(TestCluster.researcherRole) password='\(TestCluster.researcherPassword.replacingOccurrences(of: "'", with: "\\'"))'")
            defer { researcher.close() }
            for code in ["UNGA-3314/3(f)", "UNGA-3314/3(f).3"] {
                var query = FormData(fields: ["criterion": code])
                var pages: [[String]] = []
                for fromLinks in [true, false] {
                    var ids: [String] = []
                    for _ in 0..<3 {
                        let page = try ItemListPage.read(researcher, filters: ItemListPage.Filters(query), fromLinks: fromLinks)
                        ids += page.rows.map(\.id)
                        guard let next = page.next else { break }
                        query = FormData(fields: ["criterion": code, "after": next])
                    }
                    query = FormData(fields: ["criterion": code])
                    pages.append(ids)
                }
                #expect(pages[0] == pages[1], "\(code)")
                #expect(!pages[0].isEmpty, "\(code)")
            }
            #expect(ItemListPage.findsFromLinks(links: 10, entities: 1000))
            #expect(!ItemListPage.findsFromLinks(links: 500, entities: 1000))
            let bad = try await client.get("/items?kind=rocket")
            #expect(bad.status == 422)
            #expect(bad.body.contains("id=\"f-kind-error\""))
            let unknown = try await client.get("/items?criterion=NO-SUCH/1")
            #expect(unknown.status == 422)
            #expect(unknown.body.contains("id=\"f-criterion-error\""))
            #expect(unknown.body.contains("value=\"NO-SUCH/1\""))
        }
    }

    @Test func nameSearchFindsNamesInAnyScript() async throws {
        try await RunningServer.with(prepare: WebFixture.importFixtures) { server in
            let client = server.client()
            try await signInAsResearcher(client)
            for query in ["Мозырь", "Mazyr"] {
                let page = try await client.get("/search?q=" + HTTPTestClient.encode(query))
                #expect(page.status == 200)
                #expect(page.body.contains("place-mozyr"), "\(query)")
            }
            let none = try await client.get("/search?q=zzzzqqqq")
            #expect(none.body.contains("No actor or place has a name like"))
        }
    }

    @Test func sourcesAreListedFiftyAtATime() async throws {
        try await RunningServer.with(prepare: WebFixture.importFixtures) { server in
            let client = server.client()
            try await signInAsResearcher(client)
            let page = try await client.get("/sources")
            #expect(page.status == 200)
            #expect(page.body.contains("src-hnonline-2022-05-14"))
        }
    }

    /// The item ids of a list page, in order.
    static func itemIDs(_ body: String) -> [String] {
        body.components(separatedBy: "<a href=\"/item?id=").dropFirst().compactMap { part in
            guard let end = part.range(of: "</a>"), let start = part.range(of: "class=\"mono\">") else { return nil }
            return String(part[start.upperBound..<end.lowerBound])
        }
    }

    /// The href of a page's "next" link, unescaped.
    static func nextLink(_ body: String) -> String? {
        guard let rel = body.range(of: "\" rel=\"next\"") else { return nil }
        let before = body[..<rel.lowerBound]
        guard let start = before.range(of: "href=\"", options: .backwards) else { return nil }
        return String(before[start.upperBound...]).replacingOccurrences(of: "&amp;", with: "&")
    }
}

/// The escaping a page applies to text, for looking for stored text in a page.
enum HTMLEscape {
    static func text(_ value: String) -> String {
        value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}
