import ArgumentParser
import Foundation
import LedgerStore
import Postgres
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `evidence-ledger db …`: the managed local PostgreSQL.
struct DbCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the managed local PostgreSQL (status, start, stop, psql, url).",
        discussion: """
            Example:
              evidence-ledger db status
              evidence-ledger db psql -- -c '\\dn+'
            """,
        subcommands: [Status.self, Start.self, Stop.self, Psql.self, URLCommand.self]
    )

    static func managedCluster(_ options: ConnectionOptions, command: String) throws -> LocalCluster {
        switch options.target() {
        case .managed(let cluster): return cluster
        case .server(_, let origin):
            throw CLIError("`db \(command)` manages the local cluster, but \(origin) names another server; unset it or drop --database", exitCode: ExitCodes.usage)
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show whether the managed cluster exists and runs (exit 0 running, 3 not running).",
            discussion: "Example:\n  evidence-ledger db status --data-dir /srv/ledger"
        )
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try reportingErrors {
                let cluster = try DbCommand.managedCluster(connection, command: "status")
                var lines = ["data folder: \(cluster.dataDirectory)"]
                let state = cluster.state()
                switch state {
                case .notInitialised: lines.append("state: not initialised (any command that needs the database sets it up)")
                case .stopped(let stale): lines.append("state: stopped" + (stale ? " (stale pid file from a crash; the next start handles it)" : ""))
                case .running(let pid): lines.append("state: running (pid \(pid))")
                }
                if state != .notInitialised {
                    lines.append("socket: \(cluster.socketDirectory)/.s.PGSQL.\(cluster.port) (no TCP port)")
                    if let account = try? cluster.serverAccount() { lines.append("server account: \(account.name)") }
                    lines.append("url: \(cluster.url())")
                    lines.append("log: \(cluster.logFile)")
                }
                Console.output(lines.joined(separator: "\n"))
                if case .running = state { return }
                throw ExitCode(ExitCodes.notRunning)
            }
        }
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Initialise (once) and start the managed cluster; does nothing when it runs.",
            discussion: "Example:\n  evidence-ledger db start"
        )
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try reportingErrors {
                let cluster = try DbCommand.managedCluster(connection, command: "start")
                let wasRunning: Bool
                if case .running = cluster.state() { wasRunning = true } else { wasRunning = false }
                try cluster.ensureRunning(progress: { Console.progress($0) })
                Console.output(wasRunning ? "already running: \(cluster.url())" : "started: \(cluster.url())")
            }
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop the managed cluster (fast shutdown); does nothing when it is not running.",
            discussion: "Example:\n  evidence-ledger db stop"
        )
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try reportingErrors {
                let cluster = try DbCommand.managedCluster(connection, command: "stop")
                Console.output(try cluster.stop() ? "stopped" : "not running")
            }
        }
    }

    struct Psql: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open psql on the ledger database (the managed cluster, or the server named by --database).",
            discussion: "Arguments after -- go to psql.\n\nExample:\n  evidence-ledger db psql\n  evidence-ledger db psql -- -c 'SELECT * FROM ledger_meta.schema_migration'"
        )
        @OptionGroup var connection: ConnectionOptions
        @Argument(parsing: .postTerminator, help: "Arguments for psql.")
        var psqlArguments: [String] = []

        func run() throws {
            let target = connection.target()
            try reportingErrors(target: target) {
                let conninfo: String
                var psqlPath = PostgresBinaries.searchPath(for: "psql")
                switch target {
                case .server(let info, _):
                    conninfo = info
                case .managed(let cluster):
                    conninfo = try cluster.ensureRunning(progress: { Console.progress($0) })
                    if let beside = try? PostgresBinaries.locate().psql { psqlPath = beside }
                }
                guard let psqlPath else {
                    throw CLIError("psql was not found: install it (Debian/Ubuntu: apt-get install postgresql-client; macOS: brew install libpq)", exitCode: ExitCodes.unavailable)
                }
                var arguments = [psqlPath]
                if !conninfo.isEmpty { arguments += ["--dbname", conninfo] }
                arguments += psqlArguments
                let cArguments = arguments.map { strdup($0) } + [nil]
                execv(psqlPath, cArguments)
                throw CLIError("could not run \(psqlPath): \(String(cString: strerror(errno)))", exitCode: ExitCodes.unavailable)
            }
        }
    }

    struct URLCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "url",
            abstract: "Print the managed cluster's connection URL (for psql, pg_dump or DATABASE_URL).",
            discussion: "Example:\n  pg_dump \"$(evidence-ledger db url)\" > ledger.sql"
        )
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try reportingErrors {
                let cluster = try DbCommand.managedCluster(connection, command: "url")
                Console.output(cluster.url())
            }
        }
    }
}
