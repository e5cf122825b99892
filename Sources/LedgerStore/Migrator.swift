import Foundation
import Postgres

/// Applies the SQL files of `schema/` in order, each in its own transaction, recording each with its SHA-256 in
/// `ledger_meta.schema_migration`. A session advisory lock serialises runners, so two processes started together
/// apply each file once; an applied file that was edited stops everything before any work is done.
public struct Migrator: Sendable {
    public var files: [MigrationFile]

    /// The advisory lock key all runners take ('ELmg').
    static let lockKey: Int = 0x454C_6D67

    public init(files: [MigrationFile]) {
        self.files = files
    }

    /// Loads the files of `directory`.
    public init(directory: String) throws {
        self.init(files: try MigrationFile.load(from: directory))
    }

    /// Where each file stands in a database.
    public struct Status: Sendable, Equatable {
        public enum State: Sendable, Equatable {
            case applied(at: Date)
            case pending
            /// Applied, but the file's bytes differ from what was applied.
            case edited(recorded: String)
            /// Applied, but the file is gone from the folder.
            case missing
        }
        public var version: Int
        public var filename: String
        public var state: State
    }

    struct AppliedRecord {
        var version: Int
        var filename: String
        var sha256: String
        var appliedAt: Date
    }

    func appliedRecords(on connection: Connection) throws -> [AppliedRecord]? {
        let exists = try connection.scalar("SELECT to_regclass('ledger_meta.schema_migration') IS NOT NULL", as: Bool.self) ?? false
        guard exists else { return nil }
        return try connection.query("SELECT version, filename, sha256, applied_at FROM ledger_meta.schema_migration ORDER BY version").map { row in
            AppliedRecord(
                version: try row.decode(Int.self, at: 0),
                filename: try row.decode(String.self, at: 1),
                sha256: try row.decode(String.self, at: 2),
                appliedAt: try row.decode(Date.self, at: 3)
            )
        }
    }

    /// Applied, pending, edited and missing files, by version.
    public func status(on connection: Connection) throws -> [Status] {
        let applied = try appliedRecords(on: connection) ?? []
        return Migrator.compare(files: files, applied: applied)
    }

    static func compare(files: [MigrationFile], applied: [AppliedRecord]) -> [Status] {
        var byVersion: [Int: AppliedRecord] = [:]
        for record in applied { byVersion[record.version] = record }
        var result: [Status] = files.map { file in
            guard let record = byVersion[file.version] else {
                return Status(version: file.version, filename: file.filename, state: .pending)
            }
            if record.sha256 != file.sha256 || record.filename != file.filename {
                return Status(version: file.version, filename: file.filename, state: .edited(recorded: record.sha256))
            }
            return Status(version: file.version, filename: file.filename, state: .applied(at: record.appliedAt))
        }
        let known = Set(files.map(\.version))
        for record in applied where !known.contains(record.version) {
            result.append(Status(version: record.version, filename: record.filename, state: .missing))
        }
        return result.sorted { $0.version < $1.version }
    }

    /// Applies every pending file in order.
    ///
    /// - Returns: the files applied now (empty when the database was up to date).
    @discardableResult
    public func migrate(on connection: Connection, progress: (String) -> Void = { _ in }) throws -> [MigrationFile] {
        // Up to date: nothing to lock or create (users without CREATE on the database get here).
        if try appliedRecords(on: connection) != nil {
            let states = try status(on: connection)
            if states.allSatisfy({ if case .applied = $0.state { true } else { false } }) { return [] }
        }
        _ = try connection.query("SELECT pg_advisory_lock(\(Migrator.lockKey))")
        defer { _ = try? connection.query("SELECT pg_advisory_unlock(\(Migrator.lockKey))") }
        try createBookkeeping(on: connection)

        // Everything is checked before anything is applied.
        let states = try status(on: connection)
        for state in states {
            switch state.state {
            case .edited(let recorded):
                let file = files.first { $0.version == state.version }!
                throw MigrationError(.editedAfterApply, """
                    schema/\(state.filename) was edited after it was applied (recorded SHA-256 \(recorded), file now \(file.sha256)).
                    An applied migration must never change: restore it (e.g. `git checkout -- schema/\(state.filename)`) and put the change in a new file.
                    """)
            case .missing:
                throw MigrationError(.appliedFileMissing, """
                    schema/\(state.filename) was applied to this database but is not in the schema folder.
                    The database was migrated by a newer or different version of evidence-ledger: use that version.
                    """)
            case .applied, .pending:
                continue
            }
        }
        var applied: [MigrationFile] = []
        for state in states where state.state == .pending {
            let file = files.first { $0.version == state.version }!
            progress("applying \(file.filename)")
            do {
                try connection.transaction { tx in
                    try tx.execute(file.sql)
                    // The file may have changed the role or search_path for itself; bookkeeping is the runner's.
                    try tx.execute("RESET ROLE")
                    try tx.query("""
                        INSERT INTO ledger_meta.schema_migration (version, filename, sha256, applied_by)
                        VALUES (\(file.version), \(file.filename), \(file.sha256), session_user)
                        """)
                }
            } catch let error as PostgresError {
                var location = "schema/\(file.filename)"
                if let position = error.position { location += ":\(file.line(ofPosition: position))" }
                throw MigrationError(.failed, "\(location): migration failed, nothing of it was applied: \(error.fullMessage)", underlying: error)
            }
            applied.append(file)
        }
        return applied
    }

    func createBookkeeping(on connection: Connection) throws {
        // IF NOT EXISTS would tell every run that they exist: say nothing below a warning here.
        try connection.execute("SET client_min_messages = warning")
        defer { try? connection.execute("RESET client_min_messages") }
        try connection.execute("""
            CREATE SCHEMA IF NOT EXISTS ledger_meta;
            COMMENT ON SCHEMA ledger_meta IS 'Bookkeeping of evidence-ledger itself: which schema migrations were applied.';
            CREATE TABLE IF NOT EXISTS ledger_meta.schema_migration (
                version    integer PRIMARY KEY CHECK (version > 0),
                filename   text NOT NULL UNIQUE,
                sha256     text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
                applied_at timestamptz NOT NULL DEFAULT now(),
                applied_by text NOT NULL
            );
            COMMENT ON TABLE ledger_meta.schema_migration IS 'One row per SQL file of schema/ applied to this database, with the SHA-256 of its bytes; an applied file must never change.';
            COMMENT ON COLUMN ledger_meta.schema_migration.version IS 'The NNNN prefix of the file name; files are applied in this order.';
            COMMENT ON COLUMN ledger_meta.schema_migration.filename IS 'The file name in schema/.';
            COMMENT ON COLUMN ledger_meta.schema_migration.sha256 IS 'Lower-case hex SHA-256 of the file as applied.';
            COMMENT ON COLUMN ledger_meta.schema_migration.applied_at IS 'When the file was applied (commit time of its transaction).';
            COMMENT ON COLUMN ledger_meta.schema_migration.applied_by IS 'The session user that applied it.';
            """)
    }
}
