import Foundation
@testable import Postgres
import Testing

/// Reading a binary COPY chunk from the front, without a database.
@Suite("Binary COPY cursor")
struct BinaryCopyCursorTests {
    @Test func readsIntegersAndFieldsInOrderAndRefusesToReadPastTheEnd() throws {
        // A row of three fields: 8 bytes, NULL (-1), 0 bytes; then the trailer.
        let chunk: [UInt8] = [0, 3, 0, 0, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0xFF, 0xFF]
        try chunk.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in
            var cursor = BinaryCopyCursor(chunk: raw)
            #expect(try cursor.integer(2) == 3)
            #expect(try cursor.integer(4) == 8)
            #expect(Array(try cursor.take(8)) == [1, 2, 3, 4, 5, 6, 7, 8])
            #expect(Int32(truncatingIfNeeded: try cursor.integer(4)) == -1)
            #expect(try cursor.integer(4) == 0)
            #expect(try cursor.take(0).isEmpty)
            #expect(!cursor.atEnd)
            #expect(Int16(truncatingIfNeeded: try cursor.integer(2)) == -1)
            #expect(cursor.atEnd)
            #expect(throws: PostgresError.self) { try cursor.take(1) }
            #expect(throws: PostgresError.self) { try cursor.integer(2) }
        }
        try chunk.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in
            var cursor = BinaryCopyCursor(chunk: raw)
            #expect(throws: PostgresError.self) { try cursor.take(-1) }
            #expect(throws: PostgresError.self) { try cursor.take(raw.count + 1) }
            #expect(cursor.at == 0)
            #expect(try cursor.take(raw.count).count == raw.count)
        }
    }
}
