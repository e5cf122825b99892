import Foundation
import LedgerModel
import Testing
@testable import LedgerStore

/// The working file of a streamed dossier build gives back every group as it was kept, in any order. No database.
@Suite struct DossierSpillTests {
    @Test func groupsComeBackAsTheyWereKept() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let spill = try DossierSpill(directory: directory)
        // Its name is gone at once: nothing is left in the folder, even while it is in use.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)

        var groups: [[LedgerRecord]] = [
            [LedgerRecord(entry: 7, table: "item_version", key: "[\"a\", \"1\"]", payload: "{\"title\": \"Мозырь — \\\"quoted\\\"\"}")],
            [],
            [LedgerRecord(entry: UInt64.max, table: "item_source", key: "", payload: nil,
                          substitute: ["quote": nil, "locator": "p. 3", "": "empty name"]),
             LedgerRecord(entry: 0, table: "link_version", key: "k", payload: "", substitute: [:])],
        ]
        // Enough groups to go past the in-memory buffer more than once.
        for i in 0..<3_000 {
            groups.append([LedgerRecord(entry: UInt64(i), table: "entity", key: "[\"\(i)\"]", payload: String(repeating: "x", count: i))])
        }
        for (i, group) in groups.enumerated() { #expect(try spill.append(group) == i) }
        try spill.flush()
        #expect(spill.count == groups.count)
        for i in [2, 0, 1, groups.count - 1, 1_000] { #expect(try spill.group(i) == groups[i]) }
        var read: [[LedgerRecord]] = []
        try spill.forEach { read.append($0) }
        #expect(read == groups)
    }
}
