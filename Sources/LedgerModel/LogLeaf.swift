/// One leaf of the ledger's log, as docs/log-leaf-format.md specifies it: the bytes that are hashed.
///
/// `ELLEAF` and version byte 1, then origin (text), index (u64), record time in µs since 1970-01-01 UTC (i64),
/// operation (u8, 1 = insert), table (text), row key (text), row version (i32), acting role (text), SHA-256 of the
/// canonical payload (32 bytes), SHA-256 of the exhibit bytes (32 bytes, zeros when none). Integers are
/// big-endian; text is a 2-byte big-endian length and UTF-8 bytes.
public struct LogLeaf: Sendable, Equatable {
    public static let magic: [UInt8] = Array("ELLEAF".utf8) + [1]
    public static let noExhibit = [UInt8](repeating: 0, count: 32)

    public var origin: String
    public var index: UInt64
    public var recordTimeMicroseconds: Int64
    public var operation: UInt8
    public var table: String
    public var rowKey: String
    public var rowVersion: Int32
    public var actingRole: String
    public var payloadSHA256: [UInt8]
    public var exhibitSHA256: [UInt8]

    public init(origin: String, index: UInt64, recordTimeMicroseconds: Int64, operation: UInt8 = 1, table: String, rowKey: String,
                rowVersion: Int32, actingRole: String, payloadSHA256: [UInt8], exhibitSHA256: [UInt8] = LogLeaf.noExhibit) {
        self.origin = origin
        self.index = index
        self.recordTimeMicroseconds = recordTimeMicroseconds
        self.operation = operation
        self.table = table
        self.rowKey = rowKey
        self.rowVersion = rowVersion
        self.actingRole = actingRole
        self.payloadSHA256 = payloadSHA256
        self.exhibitSHA256 = exhibitSHA256
    }

    /// Why leaf bytes could not be read.
    public struct FormatError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Reads leaf bytes strictly: every field present, nothing left over.
    public init(parsing bytes: [UInt8]) throws(FormatError) {
        var reader = LeafReader(bytes: bytes)
        guard try reader.take(LogLeaf.magic.count) == LogLeaf.magic else { throw FormatError(description: "not a version 1 ledger leaf (it must start with ELLEAF and 0x01)") }
        origin = try reader.text()
        index = UInt64(bitPattern: try reader.integer(Int64.self))
        recordTimeMicroseconds = try reader.integer(Int64.self)
        operation = try reader.take(1)[0]
        table = try reader.text()
        rowKey = try reader.text()
        rowVersion = try reader.integer(Int32.self)
        actingRole = try reader.text()
        payloadSHA256 = try reader.take(32)
        exhibitSHA256 = try reader.take(32)
        guard reader.offset == bytes.count else { throw FormatError(description: "\(bytes.count - reader.offset) bytes after the last field") }
    }

    /// The leaf's bytes.
    public var bytes: [UInt8] {
        var out = LogLeaf.magic
        func text(_ s: String) {
            let utf8 = Array(s.utf8)
            out.append(UInt8(utf8.count >> 8)); out.append(UInt8(utf8.count & 0xFF))
            out += utf8
        }
        func integer<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.bigEndian) { out += $0 } }
        text(origin)
        integer(index)
        integer(recordTimeMicroseconds)
        out.append(operation)
        text(table)
        text(rowKey)
        integer(rowVersion)
        text(actingRole)
        out += payloadSHA256
        out += exhibitSHA256
        return out
    }
}

extension LogLeaf {
    /// Where the fields of a leaf lie in its bytes, read in place without copying them (for reading millions of
    /// leaves). It checks the structure only (every field present, nothing left over), not that text is UTF-8:
    /// ``LogLeaf/init(parsing:)`` does, and says what is wrong when this finds nothing to read.
    public struct Layout: Sendable {
        public var origin: Range<Int>
        public var index: UInt64
        /// The table's length and bytes, then the row key's: the two text fields as the leaf encodes them.
        public var tableAndRowKey: Range<Int>
        public var table: Range<Int>
        public var rowKey: Range<Int>
        public var actingRole: Range<Int>
        public var payloadSHA256: Range<Int>
        public var exhibitSHA256: Range<Int>

        /// Nil when the bytes are not a version 1 leaf of exactly this structure.
        public init?(_ bytes: UnsafeRawBufferPointer) {
            // (A cursor value rather than nested functions over a captured offset: those would have every read of
            // the offset checked for overlapping access as it runs.)
            var cursor = Cursor(bytes: bytes)
            guard let magic = cursor.take(LogLeaf.magic.count), bytes[magic].elementsEqual(LogLeaf.magic),
                  let origin = cursor.text(), let index = cursor.integer(8), cursor.integer(8) != nil, cursor.integer(1) != nil else { return nil }
            let keyStart = cursor.at
            guard let table = cursor.text(), let rowKey = cursor.text() else { return nil }
            let keyEnd = cursor.at
            guard cursor.integer(4) != nil, let role = cursor.text(), let payload = cursor.take(32), let exhibit = cursor.take(32),
                  cursor.at == bytes.count else { return nil }
            self.origin = origin
            self.index = index
            self.tableAndRowKey = keyStart..<keyEnd
            self.table = table
            self.rowKey = rowKey
            self.actingRole = role
            self.payloadSHA256 = payload
            self.exhibitSHA256 = exhibit
        }

        private struct Cursor {
            let bytes: UnsafeRawBufferPointer
            var at = 0

            mutating func take(_ n: Int) -> Range<Int>? {
                guard n >= 0, n <= bytes.count - at else { return nil }
                defer { at += n }
                return at..<(at + n)
            }

            mutating func integer(_ n: Int) -> UInt64? {
                guard let range = take(n) else { return nil }
                return bytes[range].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            }

            mutating func text() -> Range<Int>? {
                guard let count = integer(2) else { return nil }
                return take(Int(count))
            }
        }
    }

    /// A table name and row key encoded as a leaf encodes them (each a 2-byte big-endian length and its UTF-8
    /// bytes): the bytes of ``Layout/tableAndRowKey``.
    public static func tableAndRowKey(table: UnsafeRawBufferPointer, rowKey: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4 + table.count + rowKey.count)
        for text in [table, rowKey] {
            out.append(UInt8(truncatingIfNeeded: text.count >> 8))
            out.append(UInt8(truncatingIfNeeded: text.count))
            out.append(contentsOf: text)
        }
        return out
    }

    /// The table name and row key of bytes made by ``tableAndRowKey(table:rowKey:)`` (for messages).
    public static func decodeTableAndRowKey(_ bytes: [UInt8]) -> (table: String, rowKey: String) {
        guard bytes.count >= 2 else { return ("", "") }
        let tableCount = Int(bytes[0]) << 8 | Int(bytes[1])
        guard bytes.count >= 4 + tableCount else { return (String(decoding: bytes[2...], as: UTF8.self), "") }
        return (String(decoding: bytes[2..<(2 + tableCount)], as: UTF8.self), String(decoding: bytes[(4 + tableCount)...], as: UTF8.self))
    }
}

struct LeafReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func take(_ n: Int) throws(LogLeaf.FormatError) -> [UInt8] {
        guard n >= 0, offset + n <= bytes.count else { throw LogLeaf.FormatError(description: "the leaf ends early (at byte \(offset), \(n) more expected)") }
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }

    mutating func integer<T: FixedWidthInteger>(_: T.Type) throws(LogLeaf.FormatError) -> T {
        var value: T = 0
        for byte in try take(MemoryLayout<T>.size) { value = (value << 8) | T(truncatingIfNeeded: byte) }
        return value
    }

    mutating func text() throws(LogLeaf.FormatError) -> String {
        let count = Int(try integer(UInt16.self))
        guard let s = String(validating: try take(count), as: UTF8.self) else { throw LogLeaf.FormatError(description: "a text field at byte \(offset - count) is not UTF-8") }
        return s
    }
}
