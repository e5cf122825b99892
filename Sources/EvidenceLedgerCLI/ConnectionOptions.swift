import ArgumentParser
import Foundation
import LedgerStore
import Postgres

/// Where the ledger is: a server the user named, or the managed local cluster.
enum ConnectionTarget: CustomStringConvertible {
    /// A connection string from --database or DATABASE_URL, or "" for libpq's PG* variables and service file.
    case server(conninfo: String, origin: String)
    case managed(LocalCluster)

    var description: String {
        switch self {
        case .server(let conninfo, _): conninfo.isEmpty ? "the server named by the PG* variables" : ConnectionString.describe(conninfo)
        case .managed(let cluster): "the managed local PostgreSQL in \(cluster.dataDirectory)"
        }
    }
}

/// Connection options every command that reaches the database takes.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A PostgreSQL URL or key=value connection string, as psql takes (default: DATABASE_URL, then the PG* variables, then the managed local cluster).",
        valueName: "url"))
    var database: String?

    @Option(name: .customLong("data-dir"), help: ArgumentHelp(
        "The managed local cluster's folder (default: EVIDENCE_LEDGER_DATA_DIR, else ~/.local/share/evidence-ledger, or /var/lib/evidence-ledger as root).",
        valueName: "dir"))
    var dataDir: String?

    @Flag(name: .long, help: "Say what is being done on stderr.")
    var verbose = false

    /// The libpq variables whose presence means "the user has a server in mind".
    static let libpqVariables = ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE"]

    func target(environment: [String: String] = ProcessInfo.processInfo.environment) -> ConnectionTarget {
        if let database { return .server(conninfo: database, origin: "--database") }
        if let url = environment["DATABASE_URL"], !url.isEmpty { return .server(conninfo: url, origin: "DATABASE_URL") }
        if Self.libpqVariables.contains(where: { environment[$0].map { !$0.isEmpty } ?? false }) {
            return .server(conninfo: "", origin: "PG* variables")
        }
        let base = dataDir ?? LocalCluster.defaultBaseDirectory(environment: environment)
        return .managed(LocalCluster(baseDirectory: base))
    }

    func progress(_ text: String) {
        if verbose { Console.progress(text) }
    }

    /// Connects to the target, starting the managed cluster first when that is the target.
    func connect(_ target: ConnectionTarget) throws -> Connection {
        switch target {
        case .server(let conninfo, _):
            return try Connection.connect(conninfo)
        case .managed(let cluster):
            let conninfo = try cluster.ensureRunning(progress: { Console.progress($0) })
            return try Connection.connect(conninfo)
        }
    }

    /// Connects and brings the schema up to date (what every command that reads or writes the ledger needs).
    func connectMigrated(_ target: ConnectionTarget, schema: SchemaOptions) throws -> Connection {
        let connection = try connect(target)
        let migrator = try Migrator(directory: schema.directory)
        let applied = try migrator.migrate(on: connection, progress: progress)
        if !applied.isEmpty {
            Console.progress("applied \(applied.count) schema migration\(applied.count == 1 ? "" : "s") (\(applied.map(\.filename).joined(separator: ", ")))")
        }
        return connection
    }
}

/// Where the SQL migrations are.
struct SchemaOptions: ParsableArguments {
    @Option(name: .customLong("schema-dir"), help: ArgumentHelp(
        "The folder of SQL migrations (default: EVIDENCE_LEDGER_SCHEMA_DIR, else the schema/ folder of the source tree).",
        valueName: "dir"))
    var schemaDir: String?

    var directory: String { schemaDir ?? SchemaDirectory.locate() }
}

extension ConnectionOptions {
    /// Runs `body` with a connection to the ledger, migrated, and closed afterwards; whatever it throws becomes a
    /// message on stderr and the documented exit code.
    func withLedger(_ schema: SchemaOptions, _ body: (Connection) throws -> Void) throws {
        let target = target()
        try reportingErrors(target: target) {
            let conn = try connectMigrated(target, schema: schema)
            defer { conn.close() }
            try body(conn)
        }
    }
}
