import Foundation
import Postgres

/// Who a session is, as the database says after sign-in.
struct SessionIdentity: Sendable, Equatable {
    /// The database role signed in (`session_user`).
    var user: String
    /// The ledger roles it is a member of (`ledger_researcher`, `ledger_reviewer`…), by name.
    var ledgerRoles: [String]
    /// Member of ledger_reviewer: may open the review queue (the database still decides every write).
    var isReviewer: Bool
}

/// Why a sign-in is refused after the database let the connection in.
struct PasswordNotChecked: Error {}

/// The database connection of one signed-in user, opened with their own user name and password, so that every
/// statement of theirs runs as their role: the database's privileges and row-level security are the only
/// authority. It runs on an executor of its own (``SessionExecutor``): libpq blocks, and one connection serves
/// one statement at a time, so requests of the same session wait for each other here.
actor LedgerSession {
    private let executor: SessionExecutor
    private var connection: Connection?

    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    init() {
        executor = SessionExecutor(label: "evidence-ledger.web.session")
    }

    /// Connects as the user; refuses a connection the server let in without checking the password (trust, peer):
    /// there the password typed proves nothing.
    func open(conninfo: String) throws -> SessionIdentity {
        let connection = try Connection.connect(conninfo, applicationName: "evidence-ledger web")
        guard connection.usedPassword else {
            connection.close()
            throw PasswordNotChecked()
        }
        do {
            // A page must not hold its connection for long: a statement that runs away is cancelled.
            try connection.execute("SET statement_timeout = '\(LedgerSession.pageStatementTimeout)'")
            let row = try connection.query("""
                SELECT session_user::text,
                       coalesce((SELECT string_agg(r.rolname::text, ' ' ORDER BY r.rolname) FROM pg_catalog.pg_roles r
                                 WHERE r.rolname LIKE 'ledger\\_%' AND pg_catalog.pg_has_role(session_user, r.oid, 'MEMBER')), ''),
                       coalesce((SELECT pg_catalog.pg_has_role(session_user, r.oid, 'MEMBER') FROM pg_catalog.pg_roles r
                                 WHERE r.rolname = 'ledger_reviewer'), false)
                """)[0]
            let roles = try row.decode(String.self, at: 1).split(separator: " ").map(String.init)
            self.connection = connection
            return SessionIdentity(user: try row.decode(String.self, at: 0), ledgerRoles: roles, isReviewer: try row.decode(Bool.self, at: 2))
        } catch {
            connection.close()
            throw error
        }
    }

    /// Runs `body` with the connection, alone: no other statement of this session runs meanwhile.
    func run<T: Sendable>(_ body: @Sendable (Connection) throws -> T) throws -> T {
        guard let connection else {
            throw PostgresError(kind: .connection, message: "the session's connection is closed")
        }
        return try body(connection)
    }

    /// Closes the connection (sign-out, idle timeout, server shutdown).
    func close() {
        connection?.close()
        connection = nil
    }
}

extension LedgerSession {
    /// How long one statement of a page may run before it is cancelled.
    static let pageStatementTimeout = "30s"
}

extension Connection {
    /// Runs work that reads much more than a page (a whole-log verification, a dossier) with a long statement
    /// timeout, then restores the page's.
    func withLongStatements<T>(_ body: () throws -> T) throws -> T {
        try execute("SET statement_timeout = '30min'")
        defer { try? execute("SET statement_timeout = '\(LedgerSession.pageStatementTimeout)'") }
        return try body()
    }
}
