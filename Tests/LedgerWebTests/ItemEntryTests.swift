import Foundation
import LedgerTestSupport
@testable import LedgerWeb
import Postgres
import Testing

/// Entering, amending, withdrawing and linking evidence items in the browser, as a researcher.
@Suite("Web item entry")
struct ItemEntryTests {
    static let launch: [(String, String)] = [
        ("id", "item-web-launch"), ("kind", "missile-launch"), ("title", "Monitors report launches from the Gomel region"),
        ("description", "As <b>reported</b>."), ("occurred_from", "2022-03-01"), ("occurred_to", "2022-03-31"), ("precision", "day"),
        ("place", "place-gomel-region"), ("acting_state", "actor-russia"), ("territorial_state", "actor-belarus"),
        ("attr_weapon_system", "Iskander-M"), ("attr_count", "12"), ("attr_launch_area", "place-gomel-region"),
        ("actor_1", "actor-russian-armed-forces"), ("role_1", "perpetrator"),
        ("source_1", "src-express-2023"), ("locator_1", "para. 3"), ("quote_1", ""),
        ("claim_status", "unconfirmed"), ("review_status", "submitted"), ("action", "save"),
    ]

    @Test func aNewItemOfAKindShowsThatKindsFieldsAndIsRecordedWithItsLogEntries() async throws {
        try await RunningServer.with(prepare: WebFixture.importFixtures) { server in
            let client = server.client()
            try await signInAsResearcher(client)
            let chooser = try await client.get("/items/new")
            #expect(chooser.body.contains("<label for=\"f-kind\">"))
            let form = try await client.get("/items/new?kind=missile-launch")
            #expect(form.status == 200)
            for field in ["id", "title", "occurred_from", "place", "attr_weapon_system", "attr_count", "attr_launch_area", "actor_1", "role_1", "source_1", "locator_1", "exhibit_1"] {
                #expect(form.body.contains("<label for=\"f-\(field)\">"), "\(field) has a label")
            }
            #expect(!form.body.contains("f-attr_route"), "a rail transport's fields are not a launch's")
            let csrf = try #require(form.hiddenField("csrf"))
            let response = try await client.post("/items", form: [("csrf", csrf)] + ItemEntryTests.launch)
            #expect(response.status == 303, "\(response.body)")
            #expect(response.header("location") == "/item?id=item-web-launch&saved=added")
            let admin = try server.admin()
            defer { admin.close() }
            let row = try #require(try admin.query("""
                SELECT kind::text, status::text, attributes::text, recorded_by, place FROM ledger.current_item WHERE id = 'item-web-launch'
                """).first)
            #expect(try row.decode(String.self, at: 0) == "missile-launch")
            #expect(try row.decode(String.self, at: 1) == "submitted")
            #expect(try row.decode(String.self, at: 2) == #"{"count": 12, "launch_area": "place-gomel-region", "weapon_system": "Iskander-M"}"#)
            #expect(try row.decode(String.self, at: 3) == TestCluster.researcherRole)
            let logged = try admin.scalar("""
                SELECT count(*) FROM ledger.log_entry l WHERE l.acting_role = \(TestCluster.researcherRole) AND l.table_name IN ('item_version', 'item_actor', 'item_source')
                """, as: Int.self)
            #expect(logged == 3)
            let page = try await client.get("/item?id=item-web-launch&saved=added")
            #expect(page.body.contains("The item was added"))
            #expect(page.body.contains("As &lt;b&gt;reported&lt;/b&gt;."), "evidence text is shown escaped")
            // The same id again is refused, by its field.
            let again = try await client.post("/items", form: [("csrf", csrf)] + ItemEntryTests.launch)
            #expect(again.status == 422)
            #expect(again.body.contains("id=\"f-id-error\""))
        }
    }

    @Test func aNameInAnyScriptOffersTheMatchesAndNothingIsSavedUntilOneIsChosen() async throws {
        try await RunningServer.with(prepare: WebFixture.importFixtures) { server in
            let client = server.client()
            try await signInAsResearcher(client)
            let csrf = try #require(try await client.get("/items/new?kind=fuel-supply").hiddenField("csrf"))
            let fields: [(String, String)] = [("csrf", csrf), ("id", "item-web-fuel"), ("kind", "fuel-supply"), ("title", "Fuel from the refinery"),
                                              ("place", "Мозырь"), ("actor_1", "Mazyr refinery"), ("role_1", "facilitator"), ("action", "save")]
            let first = try await client.post("/items", form: fields)
            #expect(first.status == 422)
            #expect(first.body.contains("“Мозырь” is not the id of a place"))
            #expect(first.body.contains("<option value=\"place-mozyr\">"), "\(first.body)")
            #expect(first.body.contains("<option value=\"\" selected>choose one of the matches</option>"), "no match is chosen for the user")
            #expect(first.body.contains("name=\"place_typed\" value=\"Мозырь\""))
            // Sent back without a choice, the name is looked up again: nothing is saved, nothing is dropped.
            let unchosen = fields.map { name, value in (name, name == "place" ? "" : value) } + [("place_typed", "Мозырь")]
            let again = try await client.post("/items", form: unchosen.filter { $0.0 != "actor_1" } + [("actor_1", ""), ("actor_1_typed", "Mazyr refinery")])
            #expect(again.status == 422)
            #expect(again.body.contains("“Мозырь” is not the id of a place"))
            let admin = try server.admin()
            defer { admin.close() }
            #expect(try admin.scalar("SELECT count(*) FROM ledger.entity WHERE external_id = 'item-web-fuel'", as: Int.self) == 0)
            // Choosing the offered matches (what the browser sends back) saves it.
            let chosen = fields.map { name, value in
                (name, name == "place" ? "place-mozyr" : name == "actor_1" ? "actor-mozyr-npz" : value)
            }
            let second = try await client.post("/items", form: chosen)
            #expect(second.status == 303, "\(second.body)")
            #expect(try admin.scalar("SELECT place FROM ledger.current_item WHERE id = 'item-web-fuel'", as: String.self) == "place-mozyr")
        }
    }

    @Test func aRefusedItemShowsEachProblemByItsFieldAndKeepsWhatWasTyped() async throws {
        try await RunningServer.with(prepare: WebFixture.importFixtures) { server in
            let client = server.client()
            try await signInAsResearcher(client)
            let csrf = try #require(try await client.get("/items/new?kind=missile-launch").hiddenField("csrf"))
            let admin = try server.admin()
            defer { admin.close() }
            let before = try admin.scalar("SELECT size FROM ledger.log_head", as: Int.self)
            let response = try await client.post("/items", form: [
                ("csrf", csrf), ("id", "item-web-bad"), ("kind", "missile-launch"), ("title", "<script>alert(1)</script>"),
                ("occurred_from", "2022-02-30"), ("attr_count", "many"), ("source_1", ""), ("locator_1", "p. 4"),
                ("source_2", "src-express-2023"), ("quote_2", "kept as typed"), ("action", "save"),
            ])
            #expect(response.status == 422)
            #expect(response.body.contains("id=\"f-occurred_from-error\""), "the date is refused by its field")
            #expect(response.body.contains("id=\"f-attr_count-error\""), "the count is refused by its field")
            #expect(response.body.contains("id=\"f-source_1-error\""), "a locator without its source is refused on its row")
            #expect(response.body.contains("kept as typed"))
            #expect(response.body.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""))
            #expect(!response.body.contains("<script>alert"))
            #expect(try admin.scalar("SELECT size FROM ledger.log_head", as: Int.self) == before, "nothing was written")
        }
    }

    @Test func anAmendmentIsANewVersionWithItsReasonAndAnUnchangedFormWritesNothing() async throws {
        try await RunningServer.with(prepare: WebFixture.importFixtures) { server in
            let client = server.client()
            try await signInAsResearcher(client)
            let csrf = try #require(try await client.get("/items/new?kind=missile-launch").hiddenField("csrf"))
            #expect(try await client.post("/items", form: [("csrf", csrf)] + ItemEntryTests.launch).status == 303)
            let form = try await client.get("/item/amend?id=item-web-launch")
            #expect(form.status == 200)
            #expect(form.body.contains("value=\"Iskander-M\""))
            #expect(form.body.contains("value=\"2022-03-31\""))
            // The form as it came, with a reason: nothing to record.
            var fields = ItemEntryTests.launch.filter { $0.0 != "review_status" }
            let unchanged = try await client.post("/item/amend", form: [("csrf", csrf), ("reason", "checked again")] + fields)
            #expect(unchanged.header("location") == "/item?id=item-web-launch&saved=unchanged", "\(unchanged.body)")
            // Without a reason: refused.
            fields = fields.map { $0.0 == "attr_count" ? ("attr_count", "11") : $0 }
            let noReason = try await client.post("/item/amend", form: [("csrf", csrf), ("reason", " ")] + fields)
            #expect(noReason.status == 422)
            #expect(noReason.body.contains("id=\"f-reason-error\""))
            let amended = try await client.post("/item/amend", form: [("csrf", csrf), ("reason", "the count corrected from the source")] + fields)
            #expect(amended.header("location") == "/item?id=item-web-launch&saved=amended")
            let admin = try server.admin()
            defer { admin.close() }
            let versions = try admin.query("""
                SELECT version, attributes ->> 'count', change_reason, status::text FROM ledger.item_version v JOIN ledger.entity e ON e.id = v.entity_id
                WHERE e.external_id = 'item-web-launch' ORDER BY version
                """)
            #expect(versions.count == 2)
            #expect(try versions[1].decode(String.self, at: 1) == "11")
            #expect(try versions[1].decode(String.self, at: 2) == "the count corrected from the source")
            #expect(try versions[1].decode(String.self, at: 3) == "submitted", "an amendment keeps the review status")
            let page = try await client.get("/item?id=item-web-launch")
            #expect(page.body.contains("the count corrected from the source"), "the history shows the reason")
        }
    }

    @Test func anItemIsLinkedWithTheProvisionShownThenTheLinkAndTheItemAreWithdrawn() async throws {
        try await RunningServer.with(prepare: WebFixture.importFixtures) { server in
            let client = server.client()
            try await signInAsResearcher(client)
            let csrf = try #require(try await client.get("/items/new?kind=missile-launch").hiddenField("csrf"))
            #expect(try await client.post("/items", form: [("csrf", csrf)] + ItemEntryTests.launch).status == 303)
            let chooser = try await client.get("/item/link?id=item-web-launch")
            #expect(chooser.body.contains("UNGA-3314/3(f).3"))
            let form = try await client.get("/item/link?id=item-web-launch&element=UNGA-3314%2F3%28f%29.3")
            #expect(form.body.contains("Article 3(f)"), "the provision is shown beside the argument")
            #expect(form.body.contains("<label for=\"f-argument\">"))
            let missing = try await client.post("/item/link", form: [("csrf", csrf), ("id", "item-web-launch"), ("element", "UNGA-3314/3(f).3"),
                                                                     ("relation", "supports"), ("credibility", "9"), ("argument", "")])
            #expect(missing.status == 422)
            #expect(missing.body.contains("id=\"f-credibility-error\""))
            #expect(missing.body.contains("id=\"f-argument-error\""))
            let linked = try await client.post("/item/link", form: [("csrf", csrf), ("id", "item-web-launch"), ("element", "UNGA-3314/3(f).3"),
                                                                    ("relation", "supports"), ("credibility", "3"), ("argument", "launched from Belarusian territory")])
            #expect(linked.header("location") == "/item?id=item-web-launch&saved=linked", "\(linked.body)")
            // Changing it needs a reason.
            let change: [(String, String)] = [("csrf", csrf), ("id", "item-web-launch"), ("element", "UNGA-3314/3(f).3"),
                                              ("relation", "supports"), ("credibility", "2"), ("argument", "launched from Belarusian territory")]
            let noReason = try await client.post("/item/link", form: change)
            #expect(noReason.status == 422)
            #expect(noReason.body.contains("id=\"f-reason-error\""))
            #expect(try await client.post("/item/link", form: change + [("reason", "a second source")]).header("location") == "/item?id=item-web-launch&saved=link-amended")
            let unlinked = try await client.post("/item/unlink", form: [("csrf", csrf), ("id", "item-web-launch"), ("element", "UNGA-3314/3(f).3"), ("reason", "another airfield")])
            #expect(unlinked.header("location") == "/item?id=item-web-launch&saved=unlinked")
            let refused = try await client.post("/item/withdraw", form: [("csrf", csrf), ("id", "item-web-launch"), ("reason", "")])
            #expect(refused.status == 422)
            #expect(refused.body.contains("id=\"withdraw-reason-error\""))
            let withdrawn = try await client.post("/item/withdraw", form: [("csrf", csrf), ("id", "item-web-launch"), ("reason", "duplicate of another item")])
            #expect(withdrawn.header("location") == "/item?id=item-web-launch&saved=withdrawn")
            let admin = try server.admin()
            defer { admin.close() }
            #expect(try admin.scalar("SELECT status::text FROM ledger.current_item WHERE id = 'item-web-launch'", as: String.self) == "withdrawn")
            let links = try admin.query("""
                SELECT v.version, v.credibility::text, v.withdrawn FROM ledger.link_version v JOIN ledger.entity e ON e.id = v.entity_id
                WHERE e.external_id = 'item-web-launch/UNGA-3314/3(f).3' ORDER BY v.version
                """)
            #expect(links.count == 3, "linked, changed, withdrawn: every version kept")
            #expect(try links[2].decode(Bool.self, at: 2))
        }
    }
}

@Suite("Web item filters")
struct ItemFilterTests {
    /// The item ids a page lists.
    static func ids(_ page: HTTPTestClient.Response) -> Set<String> {
        var found: Set<String> = []
        var rest = page.body[...]
        while let range = rest.range(of: "<a href=\"/item?id=") {
            let after = rest[range.upperBound...]
            let id = after.prefix { $0 != "\"" }
            found.insert(FormData.decode(Substring(id)))
            rest = after
        }
        return found
    }

    @Test func itemsAreFilteredByPeriodActorAndPlaceAsTheLedgerSays() async throws {
        try await RunningServer.with(prepare: WebFixture.importFixtures) { server in
            let client = server.client()
            try await signInAsResearcher(client)
            let admin = try server.admin()
            defer { admin.close() }
            func expected(_ sql: PostgresQuery) throws -> Set<String> { Set(try admin.query(sql).map { try $0.decode(String.self, at: 0) }) }
            let byActor = try expected("""
                SELECT i.id FROM ledger.current_item i WHERE i.status <> 'withdrawn' AND (i.acting_state = 'actor-russia' OR i.territorial_state = 'actor-russia'
                  OR EXISTS (SELECT 1 FROM ledger.item_actor a JOIN ledger.entity e ON e.id = a.actor_id
                             WHERE a.item_id = i.entity_id AND a.item_version = i.version AND e.external_id = 'actor-russia'))
                """)
            #expect(!byActor.isEmpty)
            #expect(ItemFilterTests.ids(try await client.get("/items?actor=actor-russia")) == byActor)
            let inMarch = try expected("""
                SELECT id FROM ledger.current_item WHERE status <> 'withdrawn' AND occurred && tstzrange('2022-03-01 00:00+00', '2022-04-01 00:00+00', '[)')
                """)
            #expect(!inMarch.isEmpty)
            #expect(ItemFilterTests.ids(try await client.get("/items?from=2022-03-01&to=2022-03-31")) == inMarch)
            let withWords = try expected("""
                SELECT id FROM ledger.current_item WHERE status <> 'withdrawn'
                  AND to_tsvector('simple', title || ' ' || coalesce(description, '')) @@ plainto_tsquery('simple', 'Iskander')
                """)
            #expect(!withWords.isEmpty)
            #expect(ItemFilterTests.ids(try await client.get("/items?text=iskander")) == withWords, "words are found whatever their case")
            // Both ways of finding them (from the index's matches, or walking the items) give the same page.
            let filters = ItemListPage.Filters(FormData(urlEncoded: "text=iskander"))
            let fromMatches = try ItemListPage.read(admin, filters: filters).rows.map(\.id)
            let walking = try ItemListPage.read(admin, filters: filters, wordsFirstLimit: 0).rows.map(\.id)
            #expect(fromMatches == walking)
            #expect(Set(fromMatches) == withWords)
            let atPlace = try expected("SELECT id FROM ledger.current_item WHERE status <> 'withdrawn' AND place = 'place-mozyr'")
            #expect(ItemFilterTests.ids(try await client.get("/items?place=place-mozyr")) == atPlace)
            // A name is not taken as a guess: the matches are offered.
            let named = try await client.get("/items?place=%D0%9C%D0%BE%D0%B7%D1%8B%D1%80%D1%8C")
            #expect(named.status == 422)
            #expect(named.body.contains("<option value=\"place-mozyr\">"))
            let badDate = try await client.get("/items?from=2022-02-30")
            #expect(badDate.status == 422)
            #expect(badDate.body.contains("id=\"f-from-error\""))
        }
    }
}
