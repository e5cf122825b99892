import Foundation
import LedgerModel
import Testing
@testable import LedgerStore

/// The working file of a streamed dossier build gives back every record as it was kept, in any order. No database.
@Suite struct DossierSpillTests {
    @Test func recordsComeBackAsTheyWereKept() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let spill = try DossierSpill(directory: directory)
        // Its name is gone at once: nothing is left in the folder, even while it is in use.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)

        var records: [[UInt8]] = [Array("Мозырь — \"quoted\"".utf8), [], [0, 255, 0]]
        // Enough records to go past the in-memory buffer more than once.
        for i in 0..<3_000 { records.append([UInt8](repeating: UInt8(i % 251), count: i)) }
        for (i, record) in records.enumerated() { #expect(try spill.append(record) == i) }
        try spill.flush()
        #expect(spill.count == records.count)
        for i in [2, 0, 1, records.count - 1, 1_000] { #expect(try spill.record(i) == records[i]) }
        var read: [[UInt8]] = []
        try spill.forEach { read.append($0) }
        #expect(read == records)
        // Records kept after a flush (which ended the writing thread) are written on the keeping thread.
        for i in 0..<1_500 {
            records.append([UInt8](repeating: UInt8(i % 13), count: 1_000 + i))
            #expect(try spill.append(records[records.count - 1]) == records.count - 1)
        }
        read = []
        try spill.forEach { read.append($0) }
        #expect(read == records)
    }

    /// A reader gives the same records read through its window: in order, in runs in increasing order, going back,
    /// and a record larger than the window.
    @Test func aReaderGivesTheSameRecordsThroughItsWindow() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let spill = try DossierSpill(directory: directory)
        var records: [[UInt8]] = []
        for i in 0..<2_000 { records.append((0..<(i % 997)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ i) }) }
        records.insert([UInt8](repeating: 7, count: 3 << 20), at: 1_000)
        records.append([])
        for record in records { try spill.append(record) }
        try spill.flush()
        let reader = DossierSpill.Reader(spill)
        for i in records.indices { #expect(try reader.record(i) == records[i]) }
        // Runs in increasing order, as the evidence is read (by element and relation), each starting over.
        for run in [Array(stride(from: 3, to: 2_001, by: 7)), Array(stride(from: 0, to: 2_002, by: 2)), [1_999, 1_000, 0, 1_001, 2_001]] {
            for i in run { #expect(try reader.record(i) == records[i]) }
        }
    }
}
