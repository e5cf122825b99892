import Crypto
import LedgerModel
import Postgres
import Transparency

/// A SHA-256 digest held inline (no allocation), for comparing millions of them.
struct Digest32: Hashable, Sendable {
    var words: (UInt64, UInt64, UInt64, UInt64)

    init(_ bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count == 32, "a SHA-256 digest is 32 bytes")
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: bytes) }
        self.words = words
    }

    init(_ bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { Digest32($0) }
    }

    static let zero = Digest32([UInt8](repeating: 0, count: 32))

    /// The SHA-256 of these bytes.
    init(sha256Of bytes: UnsafeRawBufferPointer) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { SHA256Bytes.hash(bytes, into: $0.baseAddress!) }
        self.words = words
    }

    static func == (a: Digest32, b: Digest32) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
    }
}

/// The digests every row of the logged tables must match: its canonical payload's SHA-256 and, for exhibit
/// contents, the SHA-256 of the stored bytes, each with the row's table and key as a leaf encodes them.
///
/// Where the reading role may read a table itself, the canonical payload is rebuilt here from the row's columns
/// (``CanonicalPayloadText``) and hashed here: the server only reads the columns and sends them in COPY's binary form,
/// which costs it a fraction of formatting and hashing two million payloads itself, and timestamps go over as
/// numbers rather than through `to_char`. Tables the role may not read directly (protected identities, under row
/// security) and rows with a timestamp beyond what the rebuild writes come from the server's
/// `ledger.log_row_digest` view instead, which computes the same digests as the table's owner and shows nothing
/// else. Either way the digests are of the stored columns, in the one text docs/log-leaf-format.md specifies.
struct RowDigests {
    let connection: Connection

    /// One row: its table and key (leaf encoding), and its digests (`exhibit` nil when the row has none).
    /// The key bytes are valid only during the call.
    typealias Visit = (_ tableAndRowKey: UnsafeRawBufferPointer, _ payload: Digest32, _ exhibit: Digest32?) throws -> Void

    /// How a column's value goes into the payload.
    enum Form {
        /// Text the server writes (the column cast to text, or formatted as the payload specifies).
        case text
        /// A timestamptz in binary: microseconds since 2000-01-01 UTC.
        case timestamp
        /// A tstzrange in binary.
        case timestampRange
        /// A uuid in binary: 16 bytes.
        case uuid
    }

    struct Column {
        var name: String
        var type: String

        /// The select-list expression over row `r`, and how its value is read.
        var selected: (sql: String, form: Form) {
            let column = "r." + RowDigests.quoted(name)
            switch type {
            case "timestamp with time zone": return (column, .timestamp)
            case "tstzrange": return (column, .timestampRange)
            case "uuid": return (column, .uuid)
            case "date": return ("to_char(\(column), 'YYYY-MM-DD')", .text)
            case "bytea": return ("encode(\(column), 'hex')", .text)
            default: return (column + "::text", .text)
            }
        }

        /// A row key part is the column cast to text (a uuid read in binary writes the same text).
        var keyPart: (sql: String, form: Form) {
            let column = "r." + RowDigests.quoted(name)
            return type == "uuid" ? (column, .uuid) : (column + "::text", .text)
        }
    }

    /// A value the rebuild does not write as the server would (a timestamp outside the years 1–9999): that row's
    /// digests are then read from the server instead.
    struct NotRebuilt: Error {}

    /// Settings for the transaction that reads the rows: no JIT compilation, which costs more than it saves on these
    /// expressions, and no parallel workers: the rows are sent as they are stored and this process does the
    /// rebuilding, so workers would only add the cost of passing every row through a queue, on processors that the
    /// leaves and the rebuild already keep busy (at 2.4M entries on 2 cores: 3.45 s with them, 2.9 s without).
    static func prepare(_ tx: Connection) throws {
        try tx.execute("SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0")
    }

    /// Calls `visit` for every row of every logged table; returns how many rows there were.
    @discardableResult
    func read(_ visit: Visit) throws -> Int {
        let tables = try connection.query("""
            SELECT c.relname::text, has_table_privilege(c.oid, 'SELECT') AND NOT c.relrowsecurity
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'ledger' AND t.tgname = 'zz_log_' || c.relname
            ORDER BY t.oid
            """).map { (try $0.decode(String.self, at: 0), try $0.decode(Bool.self, at: 1)) }
        var count = 0
        var fromServer: [String] = []
        // Rows with a value the rebuild does not write (by table, their keys as text): read from the server.
        var notRebuilt: [String: [String]] = [:]
        for (table, readable) in tables {
            guard readable else {
                fromServer.append(table)
                continue
            }
            count += try rebuild(table: table, visit) { notRebuilt[table, default: []].append($0) }
        }
        func visitServerRow(_ row: Row) throws {
            let table = Array(try row.decode(String.self, at: 0).utf8), rowKey = Array(try row.decode(String.self, at: 1).utf8)
            let key = table.withUnsafeBytes { t in rowKey.withUnsafeBytes { LogLeaf.tableAndRowKey(table: t, rowKey: $0) } }
            let payload = Digest32(try row.decode([UInt8].self, at: 2))
            let exhibit = try row.decode([UInt8]?.self, at: 3).map { Digest32($0) }
            try key.withUnsafeBytes { try visit($0, payload, exhibit) }
        }
        if !fromServer.isEmpty {
            count += try connection.stream("""
                SELECT table_name, row_key, payload_sha256, exhibit_sha256 FROM ledger.log_row_digest WHERE table_name = ANY(\(TextArray(fromServer)))
                """, visitServerRow)
        }
        for (table, keys) in notRebuilt.sorted(by: { $0.key < $1.key }) {
            let found = try connection.stream("""
                SELECT table_name, row_key, payload_sha256, exhibit_sha256 FROM ledger.log_row_digest WHERE table_name = \(table) AND row_key = ANY(\(TextArray(keys)))
                """, visitServerRow)
            guard found == keys.count else { throw LogProblem("ledger.log_row_digest has \(found) of the \(keys.count) rows of ledger.\(table) asked for") }
            count += found
        }
        return count
    }

    /// Reads one table's rows in binary and rebuilds each one's payload digest; a row with a value the rebuild
    /// does not write as the server would goes to `notRebuilt` (its key as text) instead. Returns the rows visited.
    func rebuild(table: String, _ visit: Visit, notRebuilt: (String) -> Void) throws -> Int {
        let relation = try connection.query("""
            SELECT c.oid::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'ledger' AND c.relname = \(table)
            """)
        guard let oid = try relation.first?.decode(Int.self, at: 0) else { throw LogProblem("no table ledger.\(table)") }
        let members = try Self.members(connection, oid: oid)
        let keyParts = try connection.query("""
            SELECT a.attname::text, format_type(a.atttypid, a.atttypmod)
            FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
            WHERE i.indrelid = \(oid)::oid AND i.indisprimary
            ORDER BY array_position(i.indkey::int2[], a.attnum)
            """).map { Column(name: try $0.decode(String.self, at: 0), type: try $0.decode(String.self, at: 1)) }
        guard !members.isEmpty, !keyParts.isEmpty else { throw LogProblem("ledger.\(table) has no columns or no primary key") }
        let hasExhibit = table == "exhibit_content"
        let selected = keyParts.map(\.keyPart) + members.map(\.selected)
        // Each expression selected once (a key column is usually a member too, read in the same form): `field[i]`
        // is where the value of `selected[i]` comes.
        var list: [String] = [], field: [Int] = []
        for expression in selected.map(\.sql) {
            if let earlier = list.firstIndex(of: expression) {
                field.append(earlier)
            } else {
                field.append(list.count)
                list.append(expression)
            }
        }
        if hasExhibit { list.append("sha256(r.content)") }
        let (prefixes, prefixRanges) = Self.memberPrefixes(members)
        let tableBytes = Array(table.utf8)
        let keyCount = keyParts.count, memberCount = members.count
        let forms = selected.map(\.form)
        // The key as a leaf encodes it: the table's and the row key's 2-byte lengths and bytes. The table part is
        // the same for every row; the row key (a JSON array of text) is written after it, then its length.
        var key: [UInt8] = [UInt8(truncatingIfNeeded: tableBytes.count >> 8), UInt8(truncatingIfNeeded: tableBytes.count)] + tableBytes
        let rowKeyStart = key.count + 2
        var payload: [UInt8] = []
        var visited = 0
        key.reserveCapacity(256)
        payload.reserveCapacity(4096)
        try connection.copyOutBinary("COPY (SELECT \(list.joined(separator: ", ")) FROM ledger.\(Self.quoted(table)) r) TO STDOUT (FORMAT binary)") { row in
            let fields = row.fields
            guard fields.count == list.count else { throw LogProblem("unexpected row from ledger.\(table)") }
            key.removeSubrange(rowKeyStart - 2..<key.count)
            key.append(0)
            key.append(0)
            key.append(0x5B) // [
            for i in 0..<keyCount {
                if i > 0 { key.append(0x2C); key.append(0x20) }
                guard let value = fields[field[i]] else { throw LogProblem("a primary key column of ledger.\(table) is null") }
                try Self.append(value, form: forms[i], to: &key)
            }
            key.append(0x5D) // ]
            let rowKeyCount = key.count - rowKeyStart
            key[rowKeyStart - 2] = UInt8(truncatingIfNeeded: rowKeyCount >> 8)
            key[rowKeyStart - 1] = UInt8(truncatingIfNeeded: rowKeyCount)
            payload.removeAll(keepingCapacity: true)
            do {
                try prefixes.withUnsafeBytes { prefixBytes in
                    for m in 0..<memberCount {
                        payload.append(contentsOf: UnsafeRawBufferPointer(rebasing: prefixBytes[prefixRanges[m]]))
                        if let value = fields[field[keyCount + m]] {
                            try Self.append(value, form: forms[keyCount + m], to: &payload)
                        } else {
                            payload.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]) // null
                        }
                    }
                }
            } catch is NotRebuilt {
                notRebuilt(String(decoding: key[rowKeyStart...], as: UTF8.self))
                return
            }
            payload.append(0x7D) // }
            let digest = payload.withUnsafeBytes { Digest32(sha256Of: $0) }
            let exhibit = hasExhibit ? fields[list.count - 1].map { Digest32($0) } : nil
            try key.withUnsafeBytes { try visit($0, digest, exhibit) }
            visited += 1
        }
        return visited
    }

    /// The members of the payload of the table with `oid`, in the payload's order: by the byte length of the
    /// name, then its bytes.
    static func members(_ connection: Connection, oid: Int) throws -> [Column] {
        try connection.query("""
            SELECT a.attname::text, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
            WHERE a.attrelid = \(oid)::oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
            ORDER BY octet_length(a.attname::text), a.attname::text COLLATE "C"
            """).map { Column(name: try $0.decode(String.self, at: 0), type: try $0.decode(String.self, at: 1)) }
    }

    /// The JSON text before each member's value (`{"a": `, then `, "b": ` and so on), end to end in one buffer:
    /// member `m`'s at `ranges[m]`.
    static func memberPrefixes(_ members: [Column]) -> (bytes: [UInt8], ranges: [Range<Int>]) {
        var prefixes: [UInt8] = [], prefixRanges: [Range<Int>] = []
        for (i, member) in members.enumerated() {
            let start = prefixes.count
            prefixes += Array((i == 0 ? "{" : ", ").utf8)
            CanonicalPayloadText.appendJSONString(member.name, to: &prefixes)
            prefixes += Array(": ".utf8)
            prefixRanges.append(start..<prefixes.count)
        }
        return (prefixes, prefixRanges)
    }

    /// Appends one non-null value as the JSON string the payload holds.
    static func append(_ value: UnsafeRawBufferPointer, form: Form, to out: inout [UInt8]) throws {
        switch form {
        case .text:
            CanonicalPayloadText.appendJSONString(value, to: &out)
        case .uuid:
            guard value.count == 16 else { throw LogProblem("a uuid is not 16 bytes") }
            out.append(0x22)
            CanonicalPayloadText.appendUUID(value, to: &out)
            out.append(0x22)
        case .timestamp:
            out.append(0x22)
            try appendTimestamp(value, to: &out)
            out.append(0x22)
        case .timestampRange:
            // Flags (0x01 empty, 0x02 lower inclusive, 0x04 upper inclusive, 0x08 no lower, 0x10 no upper), then
            // each bound present as a 4-byte length and its value. The payload holds null unless both are there.
            guard value.count >= 1 else { throw LogProblem("an empty range value") }
            let flags = value[0]
            guard flags & (0x01 | 0x08 | 0x10) == 0 else {
                out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
                return
            }
            // Each bound's length is 8: bytes 0, 0, 0, 8.
            guard value.count == 1 + 2 * 12, value[1] == 0, value[2] == 0, value[3] == 0, value[4] == 8,
                  value[13] == 0, value[14] == 0, value[15] == 0, value[16] == 8 else {
                throw LogProblem("a tstzrange value of an unexpected form")
            }
            out.append(0x22)
            out.append(flags & 0x02 != 0 ? 0x5B : 0x28)
            try appendTimestamp(UnsafeRawBufferPointer(rebasing: value[5..<13]), to: &out)
            out.append(0x2C)
            try appendTimestamp(UnsafeRawBufferPointer(rebasing: value[17..<25]), to: &out)
            out.append(flags & 0x04 != 0 ? 0x5D : 0x29)
            out.append(0x22)
        }
    }

    static func appendTimestamp(_ value: UnsafeRawBufferPointer, to out: inout [UInt8]) throws {
        guard value.count == 8 else { throw LogProblem("a timestamp is not 8 bytes") }
        let micros = Int64(bitPattern: value.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        guard CanonicalPayloadText.appendTimestamp(postgresMicroseconds: micros, to: &out) else { throw NotRebuilt() }
    }

    /// An SQL identifier, quoted.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Rows' keys and digests gathered in one place: their keys end to end in one buffer.
struct RowBatch {
    private(set) var keys: [UInt8] = []
    /// Where each row's key ends in `keys`.
    private(set) var ends: [Int] = []
    private(set) var payloads: [Digest32] = []
    /// Exhibit digests by row: few rows have one (exhibit contents).
    private var exhibits: [Int: Digest32] = [:]

    var count: Int { ends.count }

    init(capacity: Int = 0) {
        keys.reserveCapacity(capacity * 64)
        ends.reserveCapacity(capacity)
        payloads.reserveCapacity(capacity)
    }

    mutating func append(key: UnsafeRawBufferPointer, payload: Digest32, exhibit: Digest32?) {
        keys.append(contentsOf: key)
        ends.append(keys.count)
        payloads.append(payload)
        if let exhibit { exhibits[ends.count - 1] = exhibit }
    }

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        payloads.removeAll(keepingCapacity: true)
        exhibits.removeAll()
    }

    /// Row `i`'s exhibit digest, nil when it has none.
    func exhibit(_ i: Int) -> Digest32? {
        exhibits.isEmpty ? nil : exhibits[i]
    }

    /// Calls `body` with the key bytes of row `i`.
    func withKey<T>(_ i: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let start = i == 0 ? 0 : ends[i - 1]
        return try keys.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<ends[i]])) }
    }

    /// Calls `body` with all the keys' bytes and the range of row `i`'s key in them, for each row.
    func withKeys<T>(_ body: (UnsafeRawBufferPointer, (Int) -> Range<Int>) throws -> T) rethrows -> T {
        try keys.withUnsafeBytes { all in try body(all) { i in (i == 0 ? 0 : ends[i - 1])..<ends[i] } }
    }
}
