import Foundation
import LedgerModel
import LedgerStore
import LedgerTestSupport
@testable import LedgerWeb
import Postgres
import Testing

/// What a ledger_reader sees in the browser: items and their current version, public sources only, no history,
/// no entry.
@Suite("Web pages for readers")
struct ReaderPageTests {
    static func prepare(_ admin: Connection) throws {
        try WebFixture.importFixtures(admin)
        let sources = try YAMLRecordReader().read(text: """
            format: evidence-ledger/sources@1
            sources:
              - id: "src-web-protected-witness"
                title: "Witness statement PROTECTED-TITLE"
                kind: "witness"
                reliability: "C"
                protection: "protected"
            """, file: "test")
        try RecordImporter(connection: admin).write(sources, reason: "test")
        try WebFixture.importItems("""
              - id: "item-web-reader"
                kind: "other"
                title: "Seen by readers"
                occurred: {from: "2022-03-01", precision: "day"}
                sources:
                  - {source: "src-express-2023", locator: "para. 1"}
                  - {source: "src-web-protected-witness", locator: "PROTECTED-LOCATOR"}
            """, admin)
        let amended = try YAMLRecordReader(attributeTypes: try RecordImporter(connection: admin).attributeTypes()).read(text: """
            format: evidence-ledger/items@1
            items:
              - id: "item-web-reader"
                kind: "other"
                title: "Seen by readers, as amended"
                occurred: {from: "2022-03-01", precision: "day"}
                sources:
                  - {source: "src-express-2023", locator: "para. 1"}
                  - {source: "src-web-protected-witness", locator: "PROTECTED-LOCATOR"}
            """, file: "test")
        try RecordImporter(connection: admin).write(amended, reason: "title corrected")
    }

    @Test func aReaderSeesTheCurrentVersionAndPublicSourcesOnly() async throws {
        try await RunningServer.with(prepare: ReaderPageTests.prepare) { server in
            let client = server.client()
            let signedIn = try await signIn(client, user: TestCluster.readerRole, password: TestCluster.readerPassword)
            try #require(signedIn.status == 303, "\(signedIn.body)")
            let list = try await client.get("/items")
            #expect(list.status == 200, "\(list.body)")
            #expect(list.body.contains("item-web-reader"))
            #expect(try await client.get("/items?kind=other").body.contains("item-web-reader"))
            let filtered = try await client.get("/items?criterion=UNGA-3314%2F3%28f%29")
            #expect(filtered.status == 422)
            #expect(filtered.body.contains("your role lists items by kind and review status only"))
            let page = try await client.get("/item?id=item-web-reader")
            #expect(page.status == 200, "\(page.body)")
            #expect(page.body.contains("Seen by readers, as amended"))
            #expect(page.body.contains("src-express-2023"))
            #expect(!page.body.contains("PROTECTED"), "neither the protected source nor its locator")
            #expect(!page.body.contains("title corrected"), "no history: earlier versions are not shown")
            #expect(!page.body.contains("Amend the item"))
            #expect(!page.body.contains("href=\"/items/new\""), "no entry offered")
            #expect(try await client.get("/item?id=no-such-item").status == 404)
        }
    }
}
