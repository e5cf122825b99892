import ArgumentParser
import Foundation
import Transparency
import LedgerStore
import LedgerWeb
import NIOCore
import Postgres

/// `evidence-ledger serve`: the web interface.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the ledger as web pages; people sign in with their own PostgreSQL user name and password.",
        discussion: """
            Every page runs as the role that signed in, on a connection opened with that role's password: the \
            database's privileges decide what each person may read and change. The connection settings say where \
            the database is; any user or password in them is used only to apply migrations at start.

            Sign-in needs roles whose password the database checks (scram-sha-256 in pg_hba.conf): a role let in \
            without a password (trust, peer) is refused. Off loopback, put the server behind a proxy that speaks \
            TLS: its cookies are then marked Secure.

            Example:
              evidence-ledger serve
              evidence-ledger serve --listen 0.0.0.0:8080 --database 'postgresql://db.example.org/ledger'
            """
    )

    @Option(help: ArgumentHelp("The address and port to listen on: HOST:PORT, [IPv6]:PORT.", valueName: "host:port"))
    var listen = "127.0.0.1:8080"

    @Option(name: .customLong("idle-timeout"), help: ArgumentHelp("Minutes a session may stay unused before it must sign in again.", valueName: "minutes"))
    var idleTimeout = 30

    @Option(name: .customLong("max-upload"), help: ArgumentHelp("The largest exhibit file an upload may carry, in MiB; larger uploads are refused and nothing is stored.", valueName: "MiB"))
    var maxUpload = 64

    @Option(help: ArgumentHelp("The ledger's verifier key (name+keyid+base64): dossiers are built in the browser from checkpoints it signed. Without it, no dossier is built here.", valueName: "vkey"))
    var vkey: String?

    @Option(name: .customLong("dossier-specs"), help: ArgumentHelp("A folder of dossier specs (YAML) offered as starting points.", valueName: "dir"))
    var dossierSpecs: String?

    @Option(name: .customLong("dossier-out"), help: ArgumentHelp("Where dossiers built in the browser are kept (default: a private folder in the temporary directory).", valueName: "dir"))
    var dossierOut: String?

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var schema: SchemaOptions

    func validate() throws {
        do {
            _ = try ListenAddress(parsing: listen)
        } catch {
            throw ValidationError("--listen: \(error)")
        }
        guard (1...24 * 60).contains(idleTimeout) else { throw ValidationError("--idle-timeout: \(idleTimeout) is not from 1 to 1440 minutes") }
        guard (1...1024).contains(maxUpload) else { throw ValidationError("--max-upload: \(maxUpload) is not from 1 to 1024 MiB") }
        if let vkey {
            do {
                _ = try NoteVerifier(parsing: vkey.trimmingCharacters(in: .whitespacesAndNewlines))
            } catch {
                throw ValidationError("--vkey: not a verifier key (name+keyid+base64): \(error)")
            }
        }
    }

    /// Runs the server on Swift's concurrency threads while this (the main) thread waits for it to stop: the other
    /// commands are synchronous, and so is the root command.
    func run() throws {
        let outcome = ServeOutcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { try await serve() } catch { outcome.error = error }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw error }
    }

    func serve() async throws {
        let address = try ListenAddress(parsing: listen)
        let target = connection.target()
        var databaseTarget: DatabaseTarget?
        try reportingErrors(target: target) {
            // The schema is brought up to date as by every other command, with the connection settings' own user.
            let conn = try connection.connectMigrated(target, schema: schema)
            conn.close()
            switch target {
            case .server(let conninfo, _): databaseTarget = try DatabaseTarget(conninfo: conninfo)
            case .managed(let cluster): databaseTarget = try DatabaseTarget(conninfo: cluster.conninfo())
            }
        }
        guard let databaseTarget else { throw ExitCode(ExitCodes.failure) }
        var configuration = WebServer.Configuration(listen: address)
        configuration.idleTimeout = .seconds(idleTimeout * 60)
        configuration.maxUploadBytes = maxUpload << 20
        try reportingErrors {
            if let vkey { configuration.verifierKey = try DossierCommand.parseKey(vkey) }
            if let dossierSpecs {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: dossierSpecs, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw CLIError("--dossier-specs: \(dossierSpecs) is not a folder", exitCode: ExitCodes.noInput)
                }
                configuration.dossierSpecs = dossierSpecs
            }
        }
        // A folder of this run's own, made fresh (0700): one found there already is never reused.
        if let dossierOut { configuration.dossierOutput = URL(fileURLWithPath: dossierOut).appendingPathComponent("evidence-ledger-dossiers-" + UUID().uuidString) }
        let server = WebServer(configuration: configuration, target: databaseTarget)
        if case .managed = target {
            Console.progress("the managed cluster lets local roles in without a password; the web interface signs in only roles whose password it checks (README: Web interface)")
        }
        if !address.isLoopback {
            Console.progress("\(address.host) is not a loopback address: serve it through a TLS proxy (cookies are marked Secure)")
        }
        do {
            try await server.run { port in
                let shown = ListenAddress(host: address.host, port: port)
                Console.progress("serving the ledger at http://\(shown)/ (sessions connect to \(databaseTarget.description)); stop with Ctrl-C")
            }
        } catch {
            throw ServeCommand.exit(for: error, address: address)
        }
    }

    /// The message and exit code for a server that could not listen or stopped on an error.
    static func exit(for error: Error, address: ListenAddress) -> ExitCode {
        let code: Int32
        let message: String
        if let io = error as? IOError, io.errnoCode == EADDRINUSE {
            code = ExitCodes.unavailable
            message = "cannot listen on \(address): the address is in use (another server runs there); choose another with --listen"
        } else if let io = error as? IOError, io.errnoCode == EACCES {
            code = ExitCodes.noPermission
            message = "cannot listen on \(address): permission denied (ports below 1024 need privileges); choose another with --listen"
        } else if let io = error as? IOError, io.errnoCode == EADDRNOTAVAIL {
            code = ExitCodes.unavailable
            message = "cannot listen on \(address): this machine has no such address"
        } else {
            code = ExitCodes.failure
            message = "the web server stopped: \(error)"
        }
        Console.error("evidence-ledger: error: " + message)
        return ExitCode(code)
    }
}

/// What the server task ended with, read by the waiting thread after the task signalled (which orders the two).
private final class ServeOutcome: @unchecked Sendable {
    var error: Error?
}
