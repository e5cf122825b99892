import CLibPQ

/// The rows of one statement, held by libpq until this value is released.
public final class QueryResult: RandomAccessCollection {
    let raw: OpaquePointer
    public let startIndex = 0
    public let endIndex: Int
    /// The number of columns.
    public let columnCount: Int
    /// Column names, in order (made when asked for: a streamed read has one result per row).
    public var columns: [String] { (0..<Int32(columnCount)).map { String(cString: PQfname(raw, $0)) } }

    init(raw: OpaquePointer) {
        self.raw = raw
        endIndex = Int(PQntuples(raw))
        columnCount = Int(PQnfields(raw))
    }

    deinit { PQclear(raw) }

    public subscript(position: Int) -> Row { Row(result: self, index: Int32(position)) }

    /// The number of rows the statement affected (INSERT, UPDATE, DELETE, COPY…), or nil when it does not say.
    public var affectedRows: Int? {
        Int(String(cString: PQcmdTuples(raw)))
    }

    /// The type of a column.
    public func type(ofColumn column: Int) -> PostgresType {
        PostgresType(rawValue: UInt32(PQftype(raw, Int32(column))))
    }

    func columnIndex(named name: String) -> Int? {
        (0..<Int32(columnCount)).first { String(cString: PQfname(raw, $0)) == name }.map(Int.init)
    }

    /// Turns a libpq result into a `QueryResult`, or throws the error it carries.
    static func checked(_ result: OpaquePointer?, connection: Connection) throws -> QueryResult {
        guard let result else {
            throw PostgresError(kind: .connection, message: connection.lastErrorMessage())
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_SINGLE_TUPLE:
            return QueryResult(raw: result)
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            PQclear(result)
            // Leave the connection usable: end the COPY the statement started.
            _ = PQputCopyEnd(connection.raw, "COPY must go through copyIn or copyOut")
            connection.drainResults()
            throw PostgresError(kind: .copy, message: "COPY statements run through copyIn(_:_:) or copyOut(_:_:)")
        default:
            let error = PostgresError(result: result)
            PQclear(result)
            throw error
        }
    }
}

extension PostgresError {
    /// The fields of an error result.
    init(result: OpaquePointer) {
        func field(_ code: Int32) -> String? {
            guard let value = PQresultErrorField(result, code) else { return nil }
            return String(cString: value)
        }
        let primary = field(CLIBPQ_DIAG_MESSAGE_PRIMARY) ?? String(cString: PQresultErrorMessage(result)).trimmingTrailingNewlines()
        self.init(kind: .server, message: primary, sqlState: field(CLIBPQ_DIAG_SQLSTATE))
        if sqlState == nil { kind = .connection }
        detail = field(CLIBPQ_DIAG_MESSAGE_DETAIL)
        hint = field(CLIBPQ_DIAG_MESSAGE_HINT)
        constraint = field(CLIBPQ_DIAG_CONSTRAINT_NAME)
        schema = field(CLIBPQ_DIAG_SCHEMA_NAME)
        table = field(CLIBPQ_DIAG_TABLE_NAME)
        column = field(CLIBPQ_DIAG_COLUMN_NAME)
        context = field(CLIBPQ_DIAG_CONTEXT)
        position = field(CLIBPQ_DIAG_STATEMENT_POSITION).flatMap { Int($0) }
        severity = field(CLIBPQ_DIAG_SEVERITY_NONLOCALIZED)
    }
}

/// One row of a ``QueryResult``.
public struct Row {
    let result: QueryResult
    let index: Int32

    /// The number of columns.
    public var count: Int { result.columnCount }

    /// True when the field is SQL NULL.
    public func isNull(at column: Int) -> Bool {
        PQgetisnull(result.raw, index, Int32(column)) == 1
    }

    /// Field `column` as the server sent it (in the binary form of its type), nil for NULL; the bytes are valid only
    /// inside `body`.
    public func withBytes<T>(at column: Int, _ body: (UnsafeRawBufferPointer?) throws -> T) rethrows -> T {
        precondition(column >= 0 && column < count, "column \(column) of \(count)")
        if PQgetisnull(result.raw, index, Int32(column)) == 1 { return try body(nil) }
        let length = Int(PQgetlength(result.raw, index, Int32(column)))
        guard let pointer = PQgetvalue(result.raw, index, Int32(column)) else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer), count: length))
    }

    /// Decodes a field that must not be NULL.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, at column: Int) throws -> T {
        guard let value = try decode(T?.self, at: column) else {
            throw PostgresDecodingError(column: name(of: column), type: result.type(ofColumn: column), expected: "a value, found NULL")
        }
        return value
    }

    /// Decodes a field, NULL as nil.
    public func decode<T: PostgresDecodable>(_ type: T?.Type, at column: Int) throws -> T? {
        guard column >= 0, column < count else {
            throw PostgresDecodingError(column: "#\(column)", type: .unspecified, expected: "a column index below \(count)")
        }
        if isNull(at: column) { return nil }
        let length = Int(PQgetlength(result.raw, index, Int32(column)))
        let pointer = UnsafeRawPointer(PQgetvalue(result.raw, index, Int32(column)))
        let value = PostgresValue(
            type: result.type(ofColumn: column),
            bytes: UnsafeRawBufferPointer(start: pointer, count: length),
            column: name(of: column)
        )
        return try T(postgresValue: value)
    }

    /// Decodes the field of the named column, which must not be NULL.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, column name: String) throws -> T {
        try decode(T.self, at: try index(of: name))
    }

    /// Decodes the field of the named column, NULL as nil.
    public func decode<T: PostgresDecodable>(_ type: T?.Type, column name: String) throws -> T? {
        try decode(T?.self, at: try index(of: name))
    }

    private func index(of name: String) throws -> Int {
        guard let column = result.columnIndex(named: name) else {
            throw PostgresDecodingError(column: name, type: .unspecified, expected: "a column of that name in the result")
        }
        return column
    }

    private func name(of column: Int) -> String {
        column >= 0 && column < result.columnCount ? String(cString: PQfname(result.raw, Int32(column))) : "#\(column)"
    }
}
