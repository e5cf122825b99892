import Foundation
import LedgerModel
import LedgerStore
import LedgerTestSupport
import Postgres
import Testing
import Transparency

@Suite("The log under concurrent writers", .serialized)
struct LogConcurrencyTests {
    @Test func eightWritersOfAThousandItemsEach() throws {
        let conninfo = try TestCluster.shared.makeMigratedDatabase()
        let setup = try Connection.connect(conninfo)
        let dir = try TestCluster.makeTemporaryDirectory(prefix: "el-concurrent")
        try """
            {"type": "actor", "id": "actor-synthetic-a", "kind": "state", "names": [{"text": "SYNTHETIC STATE A", "lang": "en"}]}
            """.write(toFile: dir + "/actors.jsonl", atomically: true, encoding: .utf8)
        try FileImport(connection: setup).run([dir + "/actors.jsonl"], reason: "setup")
        let before = try setup.scalar("SELECT size FROM ledger.log_head", as: Int.self) ?? 0
        // Each writer imports its own 1,000 items in batches of 100, so transactions interleave.
        for writer in 0..<8 {
            for batch in 0..<10 {
                var csv = "id,kind,title,occurred_from,occurred_precision,acting_state\n"
                for i in 0..<100 { csv += "item-w\(writer)-\(batch * 100 + i),other,SYNTHETIC writer \(writer) item \(batch * 100 + i),2022-03-01,day,actor-synthetic-a\n" }
                try csv.write(toFile: dir + "/w\(writer)-\(batch).csv", atomically: true, encoding: .utf8)
            }
        }
        let results = ConcurrentResults()
        DispatchQueue.concurrentPerform(iterations: 8) { writer in
            do {
                let connection = try Connection.connect(conninfo)
                for batch in 0..<10 {
                    let summary = try FileImport(connection: connection).run([dir + "/w\(writer)-\(batch).csv"], reason: "writer \(writer)")
                    results.add(summary.created[.item] ?? 0)
                }
            } catch {
                results.fail("\(String(reflecting: error))")
            }
        }
        #expect(results.failures == [])
        #expect(results.counts.reduce(0, +) == 8_000)
        #expect(try setup.scalar("SELECT count(*) FROM ledger.current_item", as: Int.self) == 8_000)
        // Dense, unforked: every index once, from 0 to size - 1, each row once.
        let head = try setup.scalar("SELECT size FROM ledger.log_head", as: Int.self) ?? -1
        #expect(try setup.scalar("SELECT count(*) FROM ledger.log_entry", as: Int.self) == head)
        #expect(try setup.scalar("SELECT count(DISTINCT idx) = count(*) AND min(idx) = 0 AND max(idx) = count(*) - 1 FROM ledger.log_entry", as: Bool.self) == true)
        #expect(head - before == 8_000 * 2) // an entity and a version per item
        let origin = try LedgerLog(connection: setup).origin()
        let signer = try NoteSigner(name: origin, seed: Array(repeating: 5, count: 32))
        _ = try LedgerLog(connection: setup).signCheckpoint(with: signer)
        let report = try LogVerifier(connection: setup, pinnedKey: signer.verifier).run()
        #expect(report.holds, "\(report.findings.prefix(5))")
        #expect(report.entries == UInt64(head))
    }
}
