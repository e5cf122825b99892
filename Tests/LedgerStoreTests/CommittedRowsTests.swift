import Foundation
@testable import LedgerStore
import LedgerModel
import Testing

/// The table verify matches rows to entries with, without a database.
@Suite("Committed rows")
struct CommittedRowsTests {
    static func key(_ table: String, _ row: Int) -> [UInt8] {
        Array(table.utf8).withUnsafeBytes { t in Array("[\"\(row)\"]".utf8).withUnsafeBytes { LogLeaf.tableAndRowKey(table: t, rowKey: $0) } }
    }

    static func digest(_ n: Int) -> Digest32 {
        Digest32([UInt8](repeating: UInt8(truncatingIfNeeded: n), count: 31) + [UInt8(truncatingIfNeeded: n >> 8)])
    }

    /// Takes every row of `order` in groups, as verify does; returns what each took (nil for none).
    static func takeInGroups(_ table: inout CommittedRows, _ keys: [[UInt8]]) -> [(index: UInt64, payload: Digest32, exhibit: Digest32?)?] {
        var batch = RowBatch()
        for key in keys { key.withUnsafeBytes { batch.append(key: $0, payload: .zero, exhibit: nil) } }
        var out: [(index: UInt64, payload: Digest32, exhibit: Digest32?)?] = []
        batch.withKeys { all, range in
            var first = 0
            while first < batch.count {
                let count = min(CommittedRows.groupSize, batch.count - first)
                table.take(group: count, key: { UnsafeRawBufferPointer(rebasing: all[range(first + $0)]) }) { i, entry in
                    #expect(out.count == first + i)
                    out.append(entry)
                }
                first += count
            }
        }
        return out
    }

    @Test func everyRowIsFoundOnceInAnyOrderAndGroupsAgreeWithSingleLookups() {
        // Small capacity: the table grows several times while entries are put in.
        var grouped = CommittedRows(capacity: 3), single = CommittedRows(capacity: 3)
        let rows = 1000
        for i in 0..<rows {
            let key = Self.key(i % 3 == 0 ? "entity" : "item_version", i)
            let exhibit: Digest32? = i % 7 == 0 ? Self.digest(i + 1) : nil
            key.withUnsafeBytes {
                grouped.commit(key: $0, index: UInt64(i), payload: Self.digest(i), exhibit: exhibit)
                single.commit(key: $0, index: UInt64(i), payload: Self.digest(i), exhibit: exhibit)
            }
        }
        grouped.finishCommits()
        single.finishCommits()
        #expect(grouped.repeats.isEmpty)
        // Rows in another order than their entries, one that has no entry, and one met twice.
        var order = (0..<rows).map { ($0 * 389) % rows }
        order.insert(5000, at: 17)
        order.insert(order[40], at: 300)
        let keys = order.map { Self.key($0 % 3 == 0 ? "entity" : "item_version", $0) }
        let taken = Self.takeInGroups(&grouped, keys)
        #expect(taken.count == keys.count)
        for (n, key) in keys.enumerated() {
            let alone = key.withUnsafeBytes { single.take(key: $0) }
            #expect(taken[n]?.index == alone?.index)
            #expect(taken[n]?.payload == alone?.payload)
            #expect(taken[n]?.exhibit == alone?.exhibit)
            let row = order[n]
            if row >= rows || n == 300 {
                #expect(taken[n] == nil)
            } else {
                #expect(taken[n]?.index == UInt64(row))
                #expect(taken[n]?.payload == Self.digest(row))
                #expect(taken[n]?.exhibit == (row % 7 == 0 ? Self.digest(row + 1) : nil))
            }
        }
        #expect(grouped.notTaken().isEmpty)
    }

    @Test func aRowLoggedAgainKeepsTheLaterEntryAndNamesTheEarlierOne() {
        var table = CommittedRows(capacity: 4)
        // Row 2 of `entity` logged by entries 2 and 5 and 9, inside one group and across groups.
        let plan: [(row: Int, index: Int)] = [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (2, 5)]
            + (6..<40).map { ($0 == 9 ? 2 : $0 + 100, $0) }
        for (row, index) in plan {
            Self.key("entity", row).withUnsafeBytes {
                table.commit(key: $0, index: UInt64(index), payload: Self.digest(index), exhibit: index == 9 ? Self.digest(99) : nil)
            }
        }
        table.finishCommits()
        #expect(table.repeats.map(\.index) == [5, 9])
        #expect(table.repeats.map(\.earlier) == [2, 5])
        #expect(table.repeats.allSatisfy { LogLeaf.decodeTableAndRowKey($0.key) == ("entity", "[\"2\"]") })
        let taken = Self.takeInGroups(&table, [Self.key("entity", 2)])
        #expect(taken[0]?.index == 9)
        #expect(taken[0]?.payload == Self.digest(9))
        #expect(taken[0]?.exhibit == Self.digest(99))
        // Every other row is left, each once: the repeated entries are not rows of their own.
        let left = table.notTaken()
        #expect(left.count == plan.count - 2 - 1)
        #expect(!left.contains { $0.index == 2 || $0.index == 5 || $0.index == 9 })
    }

    @Test func rowBatchesHoldKeysEndToEnd() {
        var batch = RowBatch(capacity: 2)
        let keys = [Self.key("a", 1), [], Self.key("exhibit_content", 12345)]
        for (i, key) in keys.enumerated() {
            key.withUnsafeBytes { batch.append(key: $0, payload: Self.digest(i), exhibit: i == 2 ? Self.digest(7) : nil) }
        }
        #expect(batch.count == 3)
        for (i, key) in keys.enumerated() {
            #expect(batch.withKey(i) { Array($0) } == key)
            #expect(batch.payloads[i] == Self.digest(i))
        }
        #expect((0..<3).map { batch.exhibit($0) } == [nil, nil, Self.digest(7)])
        batch.removeAll()
        #expect(batch.count == 0)
    }
}
