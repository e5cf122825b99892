/// An error from libpq or the PostgreSQL server.
///
/// Server errors carry the fields the server sent (SQLSTATE, message, detail, hint, constraint, position…).
/// `description` names only the kind, the SQLSTATE and the constraint, never message or detail, because those
/// may quote stored values (`Key (name)=(…) already exists`): logs that print errors stay free of data.
/// `String(reflecting:)` and ``fullMessage`` give everything, for showing to the operator who caused it.
public struct PostgresError: Error, CustomStringConvertible, CustomDebugStringConvertible, Sendable {
    /// What went wrong, broadly.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable { case connection, server, client, protocolViolation, copy }
        private let base: Base
        /// The connection could not be opened or was lost.
        public static let connection = Kind(base: .connection)
        /// The server answered with an error (see ``PostgresError/sqlState``).
        public static let server = Kind(base: .server)
        /// The client refused something before sending it (e.g. a NUL character in text).
        public static let client = Kind(base: .client)
        /// libpq returned something this module did not expect.
        public static let protocolViolation = Kind(base: .protocolViolation)
        /// A COPY could not be started, written or finished.
        public static let copy = Kind(base: .copy)
        public var description: String { base.rawValue }
    }

    public var kind: Kind
    /// The five-character SQLSTATE, e.g. `23505`; nil for errors that did not come from the server.
    public var sqlState: String?
    /// The primary message (server errors) or libpq's message (connection and client errors).
    public var message: String
    public var detail: String?
    public var hint: String?
    public var constraint: String?
    public var schema: String?
    public var table: String?
    public var column: String?
    public var context: String?
    /// 1-based character position in the statement text, when the server reported one.
    public var position: Int?
    /// Severity as sent by the server, untranslated (`ERROR`, `FATAL`…).
    public var severity: String?

    public init(kind: Kind, message: String, sqlState: String? = nil) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
    }

    /// The error without any message text: safe for logs.
    public var description: String {
        var parts = ["PostgresError(\(kind)"]
        if let sqlState { parts.append("sqlState: \(sqlState)") }
        if let constraint { parts.append("constraint: \(constraint)") }
        return parts.joined(separator: ", ") + ")"
    }

    public var debugDescription: String {
        var parts = ["PostgresError(\(kind)"]
        if let sqlState { parts.append("sqlState: \(sqlState)") }
        parts.append("message: \(message.debugDescription)")
        if let detail { parts.append("detail: \(detail.debugDescription)") }
        if let hint { parts.append("hint: \(hint.debugDescription)") }
        if let constraint { parts.append("constraint: \(constraint)") }
        if let table { parts.append("table: \(table)") }
        if let column { parts.append("column: \(column)") }
        if let position { parts.append("position: \(position)") }
        return parts.joined(separator: ", ") + ")"
    }

    /// Message, detail and hint on separate lines, the way psql shows them.
    public var fullMessage: String {
        var lines = [message.trimmingTrailingNewlines()]
        if let detail { lines.append("DETAIL:  \(detail)") }
        if let hint { lines.append("HINT:  \(hint)") }
        return lines.joined(separator: "\n")
    }

    /// True for the SQLSTATE of a unique violation (23505).
    public var isUniqueViolation: Bool { sqlState == SQLState.uniqueViolation }
}

/// SQLSTATE codes this project matches on. The server's full list is in the PostgreSQL manual, appendix A.
public enum SQLState {
    public static let uniqueViolation = "23505"
    public static let checkViolation = "23514"
    public static let foreignKeyViolation = "23503"
    public static let notNullViolation = "23502"
    public static let syntaxError = "42601"
    public static let undefinedTable = "42P01"
    public static let duplicateObject = "42710"
    public static let duplicateDatabase = "42P04"
    public static let insufficientPrivilege = "42501"
    public static let invalidPassword = "28P01"
    public static let invalidAuthorization = "28000"
    public static let queryCanceled = "57014"
    public static let serializationFailure = "40001"
    public static let deadlockDetected = "40P01"
    public static let invalidTextRepresentation = "22P02"
    public static let characterNotInRepertoire = "22021"
    public static let raiseException = "P0001"
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = Substring(self)
        while s.last == "\n" || s.last == "\r" { s = s.dropLast() }
        return String(s)
    }
}
