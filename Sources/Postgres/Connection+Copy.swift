import CLibPQ

/// Writes the data of a `COPY … FROM STDIN`. It exists only inside the closure given to
/// ``Connection/copyIn(_:_:)``; data is buffered and sent in large chunks.
public final class CopyWriter {
    private let connection: Connection
    private var buffer: [UInt8] = []
    private let flushThreshold = 256 * 1024
    fileprivate var isOpen = true

    fileprivate init(connection: Connection) {
        self.connection = connection
        buffer.reserveCapacity(flushThreshold + 4096)
    }

    /// Appends raw bytes in whatever format the COPY statement named.
    public func write<Bytes: Sequence>(_ bytes: Bytes) throws where Bytes.Element == UInt8 {
        guard isOpen else { throw PostgresError(kind: .copy, message: "the COPY writer was used after its closure returned") }
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushThreshold { try flush() }
    }

    /// Appends one row in COPY's text format: fields separated by tabs, `\N` for NULL, backslash escapes for
    /// backslash, tab, newline and carriage return. Text containing NUL is refused.
    public func writeRow(_ fields: [String?]) throws {
        guard isOpen else { throw PostgresError(kind: .copy, message: "the COPY writer was used after its closure returned") }
        for (i, field) in fields.enumerated() {
            if i > 0 { buffer.append(0x09) }
            guard let field else {
                buffer.append(0x5C); buffer.append(0x4E) // \N
                continue
            }
            var text = field
            try text.withUTF8 { utf8 in
                // Copy runs of ordinary bytes in one go; escape the few bytes COPY's text format reserves.
                var runStart = 0
                for (offset, byte) in utf8.enumerated() where byte <= 0x5C {
                    let escape: UInt8
                    switch byte {
                    case 0x5C: escape = 0x5C
                    case 0x09: escape = 0x74
                    case 0x0A: escape = 0x6E
                    case 0x0D: escape = 0x72
                    case 0x00:
                        throw PostgresError(kind: .client, message: "COPY field \(i + 1) contains a NUL character (U+0000), which PostgreSQL cannot store", sqlState: SQLState.characterNotInRepertoire)
                    default: continue
                    }
                    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<offset]))
                    buffer.append(0x5C)
                    buffer.append(escape)
                    runStart = offset + 1
                }
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
            }
        }
        buffer.append(0x0A)
        if buffer.count >= flushThreshold { try flush() }
    }

    fileprivate func flush() throws {
        guard !buffer.isEmpty else { return }
        let status = buffer.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                PQputCopyData(connection.raw, chars.baseAddress, Int32(chars.count))
            }
        }
        buffer.removeAll(keepingCapacity: true)
        guard status == 1 else {
            throw PostgresError(kind: .copy, message: connection.lastErrorMessage())
        }
    }
}

extension Connection {
    /// Runs `COPY … FROM STDIN` and lets `body` write the data. When `body` throws, the COPY is aborted, so the
    /// server stores none of it, and the error is rethrown.
    ///
    /// - Returns: the number of rows the server stored.
    @discardableResult
    public func copyIn(_ statement: String, _ body: (CopyWriter) throws -> Void) throws -> Int {
        try checkOpen()
        let start = PQexec(raw, statement)
        guard let start, PQresultStatus(start) == PGRES_COPY_IN else {
            if let start, PQresultStatus(start) == PGRES_FATAL_ERROR {
                let error = PostgresError(result: start)
                PQclear(start)
                throw error
            }
            if let start { PQclear(start) }
            drainResults()
            throw PostgresError(kind: .copy, message: "the statement did not start COPY FROM STDIN")
        }
        PQclear(start)
        let writer = CopyWriter(connection: self)
        do {
            try body(writer)
            try writer.flush()
            writer.isOpen = false
        } catch {
            writer.isOpen = false
            _ = PQputCopyEnd(raw, "COPY aborted by the client")
            drainResults()
            throw error
        }
        guard PQputCopyEnd(raw, nil) == 1 else {
            let message = lastErrorMessage()
            drainResults()
            throw PostgresError(kind: .copy, message: message)
        }
        var outcome: Result<Int, Error> = .success(0)
        var first = true
        while let result = PQgetResult(raw) {
            if first {
                first = false
                if PQresultStatus(result) == PGRES_COMMAND_OK {
                    outcome = .success(Int(String(cString: PQcmdTuples(result))) ?? 0)
                } else {
                    outcome = .failure(PostgresError(result: result))
                }
            }
            PQclear(result)
        }
        return try outcome.get()
    }

    /// Runs `COPY … TO STDOUT` and hands each chunk (one row, in the COPY's format) to `body` as it arrives, so
    /// memory stays bounded whatever the size. When `body` throws, the COPY is cancelled and the error rethrown.
    public func copyOut(_ statement: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try checkOpen()
        let start = PQexec(raw, statement)
        guard let start, PQresultStatus(start) == PGRES_COPY_OUT else {
            if let start, PQresultStatus(start) == PGRES_FATAL_ERROR {
                let error = PostgresError(result: start)
                PQclear(start)
                throw error
            }
            if let start { PQclear(start) }
            drainResults()
            throw PostgresError(kind: .copy, message: "the statement did not start COPY TO STDOUT")
        }
        PQclear(start)
        var bodyError: Error?
        while true {
            var chunk: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(raw, &chunk, 0)
            if length > 0, let chunk {
                if bodyError == nil {
                    do {
                        try body(UnsafeRawBufferPointer(start: chunk, count: Int(length)))
                    } catch {
                        bodyError = error
                        cancelRunningStatement()
                    }
                }
                PQfreemem(chunk)
                continue
            }
            if length == -2 {
                let message = lastErrorMessage()
                drainResults()
                throw bodyError ?? PostgresError(kind: .copy, message: message)
            }
            break
        }
        var failure: PostgresError?
        while let result = PQgetResult(raw) {
            if failure == nil, PQresultStatus(result) != PGRES_COMMAND_OK {
                failure = PostgresError(result: result)
            }
            PQclear(result)
        }
        if let bodyError { throw bodyError }
        if let failure { throw failure }
    }

    /// Runs a query in single-row mode and hands each row to `body` as it arrives: big reads with bounded memory.
    /// When `body` throws, the query is cancelled and the error rethrown.
    ///
    /// - Returns: the number of rows handed to `body`.
    @discardableResult
    public func stream(_ query: PostgresQuery, _ body: (Row) throws -> Void) throws -> Int {
        try checkOpen()
        if let error = query.encodingError { throw error }
        let sent = withParameters(query.bindings) { n, types, values, lengths, formats in
            PQsendQueryParams(raw, query.sql, n, types, values, lengths, formats, 1)
        }
        guard sent == 1 else { throw PostgresError(kind: .connection, message: lastErrorMessage()) }
        _ = PQsetSingleRowMode(raw)
        var count = 0
        var bodyError: Error?
        var failure: PostgresError?
        while let result = PQgetResult(raw) {
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE:
                let wrapped = QueryResult(raw: result)
                if bodyError == nil {
                    do {
                        try body(wrapped[0])
                        count += 1
                    } catch {
                        bodyError = error
                        cancelRunningStatement()
                    }
                }
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK:
                PQclear(result)
            default:
                if failure == nil { failure = PostgresError(result: result) }
                PQclear(result)
            }
        }
        if let bodyError { throw bodyError }
        if let failure { throw failure }
        return count
    }
}

/// One row of a `COPY … TO STDOUT (FORMAT binary)`: its fields as the server sent them (each type's binary form),
/// valid only inside the closure it is handed to.
public struct BinaryCopyRow {
    /// The fields in order; nil for NULL.
    public let fields: [UnsafeRawBufferPointer?]

    /// Field `i` as a big-endian 64-bit integer (a `bigint` column), or nil when it is NULL or not 8 bytes.
    public func int64(at i: Int) -> Int64? {
        guard let field = fields[i], field.count == 8 else { return nil }
        return field.reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }
}

extension Connection {
    /// Runs `COPY … TO STDOUT (FORMAT binary)` and hands each row to `body`, its fields in the server's binary
    /// forms (a `bytea` arrives as its bytes, a `text` as UTF-8, a `bigint` as 8 big-endian bytes): the cheapest way
    /// to read many rows, with memory bounded whatever their number.
    public func copyOutBinary(_ statement: String, _ body: (BinaryCopyRow) throws -> Void) throws {
        var headerRead = false
        var fields: [UnsafeRawBufferPointer?] = []
        try copyOut(statement) { chunk in
            // (A cursor value rather than nested functions over a captured offset: those would have every read of
            // the offset checked for overlapping access as it runs.)
            var cursor = BinaryCopyCursor(chunk: chunk)
            if !headerRead {
                // "PGCOPY\n\xff\r\n\0", 32 bits of flags, then a header extension of the length given.
                guard try Array(cursor.take(11)) == [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00] else {
                    throw PostgresError(kind: .copy, message: "not a binary COPY stream")
                }
                _ = try cursor.take(4)
                _ = try cursor.take(try cursor.integer(4))
                headerRead = true
            }
            while !cursor.atEnd {
                let count = Int(Int16(truncatingIfNeeded: try cursor.integer(2)))
                if count == -1 { return } // the trailer
                fields.removeAll(keepingCapacity: true)
                for _ in 0..<count {
                    let length = Int(Int32(truncatingIfNeeded: try cursor.integer(4)))
                    fields.append(length < 0 ? nil : try cursor.take(length))
                }
                try body(BinaryCopyRow(fields: fields))
            }
        }
    }
}

/// Reads a chunk of a binary COPY stream from the front.
struct BinaryCopyCursor {
    let chunk: UnsafeRawBufferPointer
    var at = 0

    var atEnd: Bool { at >= chunk.count }

    mutating func take(_ n: Int) throws -> UnsafeRawBufferPointer {
        guard n >= 0, n <= chunk.count - at else {
            throw PostgresError(kind: .copy, message: "a binary COPY row ends early")
        }
        defer { at += n }
        return UnsafeRawBufferPointer(rebasing: chunk[at..<(at + n)])
    }

    /// A big-endian integer of `n` bytes.
    mutating func integer(_ n: Int) throws -> Int {
        try take(n).reduce(0) { $0 << 8 | Int($1) }
    }
}
