import Foundation
import LedgerModel
import LedgerStore
import LedgerTestSupport
import Postgres
import Testing

/// An item entered as a whole, and read back as the amend form starts from it: entering what was read back
/// unchanged writes nothing, whatever the shape of its time range and the session's time zone.
@Suite("Item entry round trip")
struct ItemEntryRoundTripTests {
    @Test(arguments: [
        ["from": "2022-02-24", "to": "2022-05-14", "precision": "day"],
        ["from": "2022-02-24", "precision": "exact"],
        ["from": "2022-02-27T17:00:00+02:00", "to": "2022-02-27T18:30:00+02:00", "precision": "hour"],
        ["from": "2022-02-27T17:00:00.250+02:00", "precision": "exact"],
        ["from": "2022-02-27T17:00:00Z", "to": "2022-03-02", "precision": "approximate"],
    ])
    func whatIsReadBackIsWhatWasEntered(_ occurred: [String: String]) throws {
        let conninfo = try TestCluster.shared.makeMigratedDatabase()
        let conn = try Connection.connect(conninfo)
        defer { conn.close() }
        try conn.execute("SET TimeZone = 'Pacific/Chatham'")
        let records = try FileImport(connection: conn).read(FileImport.fixtureFiles().filter { !$0.hasSuffix("items.yaml") })
        try RecordImporter(connection: conn).write(records, reason: "fixtures")
        let item: [String: JSONValue] = [
            "id": .string("item-round-trip"), "kind": .string("missile-launch"), "title": .string("Round trip"),
            "occurred": .object(occurred.mapValues { .string($0) }),
            "place": .string("place-mozyr"), "acting_state": .string("actor-russia"), "territorial_state": .string("actor-belarus"),
            "attributes": .object(["count": .integer(12), "weapon_system": .string("Iskander-M"), "launch_area": .string("place-gomel-region")]),
            "actors": .array([.object(["actor": .string("actor-russian-armed-forces"), "role": .string("perpetrator")]),
                              .object(["actor": .string("actor-belarus"), "role": .string("facilitator")])]),
            "sources": .array([.object(["source": .string("src-express-2023"), "locator": .string("para. 3"), "quote": .string("“…”")])]),
            "claim_status": .string("unconfirmed"),
        ]
        try ItemEntry(item: item).add(on: conn) { $0 }
        let back = try #require(try ItemEntry.current(id: "item-round-trip", on: conn))
        let summary = try ItemEntry(item: back).amend(on: conn, reason: "checked") { $0 }
        #expect(summary.totalWritten == 0, "\(back)")
        #expect(try conn.scalar("SELECT max(version) FROM ledger.item_version v JOIN ledger.entity e ON e.id = v.entity_id WHERE e.external_id = 'item-round-trip'", as: Int.self) == 1)
    }
}
