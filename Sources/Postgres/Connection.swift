import CLibPQ
import Foundation
import Logging

/// A connection to PostgreSQL through libpq.
///
/// Not `Sendable`: libpq allows one thread at a time on a connection. A connection may be handed to another
/// thread (sent), never used from two at once. All calls block the calling thread.
public final class Connection {
    let raw: OpaquePointer
    private let notices: NoticeBox
    private var isClosed = false
    /// How many transactions and savepoints are open through ``transaction(_:_:)`` and ``savepoint(_:)``.
    public private(set) var transactionDepth = 0

    /// Opens a connection.
    ///
    /// - Parameter conninfo: a URL (`postgresql://user@host/db`) or `key=value` string, exactly as psql takes
    ///   them; anything it leaves out comes from the `PG*` variables, the service file and `.pgpass`, as in
    ///   psql. An empty string uses only those.
    /// - Parameter logger: where server notices go (level `notice`, or `warning` for WARNING).
    public static func connect(
        _ conninfo: String,
        applicationName: String = "evidence-ledger",
        logger: Logger = Logger(label: "postgres")
    ) throws -> Connection {
        if !conninfo.isEmpty { _ = try ConnectionString.parse(conninfo) }
        return try open(keywords: ["dbname", "fallback_application_name", "client_encoding"], values: [conninfo, applicationName, "UTF8"],
                        expandDatabaseName: true, logger: logger)
    }

    /// Opens another connection with the options this one was opened with, as libpq reports them (the same server,
    /// database and user, and the password if one was used): for work done beside this connection's, such as
    /// reading in parallel inside a snapshot it exported.
    public func sibling(logger: Logger = Logger(label: "postgres")) throws -> Connection {
        try checkOpen()
        guard let options = PQconninfo(raw) else { throw PostgresError(kind: .connection, message: "libpq could not list the connection's options") }
        defer { PQconninfoFree(options) }
        var keywords: [String] = [], values: [String] = []
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                keywords.append(String(cString: keyword))
                values.append(String(cString: value))
            }
            option += 1
        }
        return try Connection.open(keywords: keywords, values: values, expandDatabaseName: false, logger: logger)
    }

    private static func open(keywords: [String], values: [String], expandDatabaseName: Bool, logger: Logger) throws -> Connection {
        let conn: OpaquePointer? = withCStrings(keywords) { k in
            withCStrings(values) { v in
                PQconnectdbParams(k, v, expandDatabaseName ? 1 : 0)
            }
        }
        guard let conn else {
            throw PostgresError(kind: .connection, message: "libpq could not allocate a connection")
        }
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(conn)).trimmingTrailingNewlines()
            let needsPassword = PQconnectionNeedsPassword(conn) == 1
            PQfinish(conn)
            var error = PostgresError(kind: .connection, message: message)
            error.sqlState = ConnectionFailure.sqlState(forMessage: message, needsPassword: needsPassword)
            throw error
        }
        return Connection(raw: conn, logger: logger)
    }

    private init(raw: OpaquePointer, logger: Logger) {
        self.raw = raw
        self.notices = NoticeBox(logger: logger)
        PQsetNoticeReceiver(raw, noticeReceiver, Unmanaged.passUnretained(notices).toOpaque())
    }

    deinit {
        if !isClosed { PQfinish(raw) }
    }

    /// Closes the connection; further use throws.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        PQfinish(raw)
    }

    /// Replaces what happens to server notices (RAISE NOTICE, warnings…). The default logs them.
    public func onNotice(_ handler: @escaping (PostgresNotice) -> Void) {
        notices.handler = handler
    }

    /// The server's version as an integer, e.g. 150018 for 15.18.
    public var serverVersion: Int { Int(PQserverVersion(raw)) }

    /// Whether the session is inside a transaction block, however it was begun (``transaction(_:_:)`` or `BEGIN`
    /// sent as SQL), and idle in it: what `SET LOCAL` and `set_config(…, true)` last until the end of.
    public var isInTransactionBlock: Bool { PQtransactionStatus(raw) == PQTRANS_INTRANS }

    /// A server parameter reported at connection time (`server_version`, `TimeZone`, `session_authorization`…).
    public func parameterStatus(_ name: String) -> String? {
        guard let value = PQparameterStatus(raw, name) else { return nil }
        return String(cString: value)
    }

    /// The user name the session authenticated as.
    public var user: String { String(cString: PQuser(raw)) }
    /// The database name.
    public var database: String { String(cString: PQdb(raw)) }
    /// True when the server asked for a password and was given one (scram-sha-256, md5, password); false when it
    /// let the session in by another way (trust, peer, a certificate), which checked no password.
    public var usedPassword: Bool { PQconnectionUsedPassword(raw) == 1 }

    func checkOpen() throws {
        if isClosed { throw PostgresError(kind: .client, message: "the connection is closed") }
        if PQstatus(raw) != CONNECTION_OK {
            throw PostgresError(kind: .connection, message: String(cString: PQerrorMessage(raw)).trimmingTrailingNewlines())
        }
    }

    /// Runs one statement with bound parameters; rows come back in binary format.
    @discardableResult
    public func query(_ query: PostgresQuery) throws -> QueryResult {
        try checkOpen()
        if let error = query.encodingError { throw error }
        let result = withParameters(query.bindings) { n, types, values, lengths, formats in
            PQexecParams(raw, query.sql, n, types, values, lengths, formats, 1)
        }
        return try QueryResult.checked(result, connection: self)
    }

    /// Runs one or more statements without parameters through the simple query protocol (migrations, `BEGIN`).
    /// Results are discarded; the first error is thrown.
    public func execute(_ sql: String) throws {
        try checkOpen()
        if sql.utf8.contains(0) {
            throw PostgresError(kind: .client, message: "SQL text contains a NUL character (U+0000)")
        }
        _ = try QueryResult.checked(PQexec(raw, sql), connection: self)
    }

    /// The first column of the first row, or nil when there is no row or it is NULL.
    public func scalar<T: PostgresDecodable>(_ query: PostgresQuery, as type: T.Type = T.self) throws -> T? {
        let result = try self.query(query)
        guard result.count > 0 else { return nil }
        return try result[0].decode(T?.self, at: 0)
    }

    /// Asks the server to cancel whatever this connection is running.
    func cancelRunningStatement() {
        guard let cancel = PQgetCancel(raw) else { return }
        defer { PQfreeCancel(cancel) }
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancel, &buffer, Int32(buffer.count))
    }

    /// Reads and frees every pending result; used after an abandoned COPY or stream.
    func drainResults() {
        while let result = PQgetResult(raw) { PQclear(result) }
    }

    func lastErrorMessage() -> String {
        String(cString: PQerrorMessage(raw)).trimmingTrailingNewlines()
    }
}

/// How a transaction is opened.
public struct TransactionOptions: Sendable {
    public enum Isolation: String, Sendable {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
        case serializable = "SERIALIZABLE"
    }
    public var isolation: Isolation?
    public var readOnly: Bool
    public init(isolation: Isolation? = nil, readOnly: Bool = false) {
        self.isolation = isolation
        self.readOnly = readOnly
    }
    var beginStatement: String {
        var sql = "BEGIN"
        if let isolation { sql += " ISOLATION LEVEL \(isolation.rawValue)" }
        if readOnly { sql += " READ ONLY" }
        return sql
    }
}

extension Connection {
    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws (the error is rethrown).
    /// Called inside another transaction, it becomes a savepoint.
    @discardableResult
    public func transaction<T>(_ options: TransactionOptions = TransactionOptions(), _ body: (Connection) throws -> T) throws -> T {
        if transactionDepth > 0 { return try savepoint(body) }
        try execute(options.beginStatement)
        transactionDepth += 1
        defer { transactionDepth -= 1 }
        let value: T
        do {
            value = try body(self)
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
        do {
            try execute("COMMIT")
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
        return value
    }

    /// Runs `body` under a savepoint of the open transaction: released when it returns, rolled back to when it
    /// throws, so the outer transaction goes on without the body's changes.
    @discardableResult
    public func savepoint<T>(_ body: (Connection) throws -> T) throws -> T {
        guard transactionDepth > 0 else {
            throw PostgresError(kind: .client, message: "a savepoint needs an open transaction")
        }
        let name = "evidence_ledger_sp_\(transactionDepth)"
        try execute("SAVEPOINT \(name)")
        transactionDepth += 1
        defer { transactionDepth -= 1 }
        do {
            let value = try body(self)
            try execute("RELEASE SAVEPOINT \(name)")
            return value
        } catch {
            try? execute("ROLLBACK TO SAVEPOINT \(name)")
            try? execute("RELEASE SAVEPOINT \(name)")
            throw error
        }
    }
}

/// Calls `body` with parameter arrays built from the bindings, freed afterwards.
func withParameters<R>(
    _ bindings: [PostgresBinding],
    _ body: (Int32, UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> R
) -> R {
    if bindings.isEmpty { return body(0, nil, nil, nil, nil) }
    let types = bindings.map { Oid($0.type.rawValue) }
    let lengths = bindings.map { Int32($0.bytes?.count ?? 0) }
    let formats = bindings.map { $0.format }
    var values: [UnsafePointer<CChar>?] = []
    values.reserveCapacity(bindings.count)
    var allocations: [UnsafeMutablePointer<CChar>] = []
    defer { allocations.forEach { $0.deallocate() } }
    for binding in bindings {
        guard let bytes = binding.bytes else { values.append(nil); continue }
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
        bytes.withUnsafeBytes { source in
            UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress ?? UnsafeRawPointer(buffer), byteCount: bytes.count)
        }
        buffer[bytes.count] = 0
        allocations.append(buffer)
        values.append(UnsafePointer(buffer))
    }
    return body(Int32(bindings.count), types, values, lengths, formats)
}

/// Calls `body` with a NULL-terminated array of C strings.
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
    defer { pointers.forEach { free($0) } }
    let constPointers = pointers.map { $0.map { UnsafePointer($0) } }
    return constPointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}

/// Gives connection failures the SQLSTATE the server would have sent, where libpq's message says which it was.
enum ConnectionFailure {
    static func sqlState(forMessage message: String, needsPassword: Bool) -> String? {
        if message.contains("invalid connection option") || (message.contains("invalid ") && message.contains("for connection option")) {
            return "08P01"
        }
        if message.contains("password authentication failed") { return SQLState.invalidPassword }
        if needsPassword || message.contains("no password supplied") { return SQLState.invalidPassword }
        if message.contains("no pg_hba.conf entry") { return SQLState.invalidAuthorization }
        if message.contains("role \"") && message.contains("does not exist") { return SQLState.invalidAuthorization }
        if message.contains("database \"") && message.contains("does not exist") { return "3D000" }
        return "08001"
    }
}
