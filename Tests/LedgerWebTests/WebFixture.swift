import Foundation
import LedgerModel
import LedgerStore
import LedgerTestSupport
import Postgres

/// What the tests put in a ledger before they start the server.
enum WebFixture {
    /// The project's fixture set (35 items, 31 sources).
    static func importFixtures(_ conn: Connection) throws {
        let records = try FileImport(connection: conn).read(FileImport.fixtureFiles())
        try RecordImporter(connection: conn).write(records, reason: "test fixtures")
    }

    /// Items written from YAML text (format evidence-ledger/items@1), as an import writes them.
    static func importItems(_ yaml: String, _ conn: Connection) throws {
        let records = try YAMLRecordReader(attributeTypes: try RecordImporter(connection: conn).attributeTypes())
            .read(text: "format: evidence-ledger/items@1\nitems:\n" + yaml, file: "test")
        try RecordImporter(connection: conn).write(records, reason: "test items")
    }

    /// `count` plain items `item-page-001`…, submitted or draft.
    static func numberedItems(_ count: Int, status: String = "draft") -> String {
        (1...count).map { n in
            let id = String(format: "item-page-%03d", n)
            return "  - id: \"\(id)\"\n    kind: \"other\"\n    title: \"Test item \(n)\"\n    review_status: \"\(status)\"\n"
        }.joined()
    }
}
