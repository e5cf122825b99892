import ArgumentParser
import Foundation
import LedgerStore
import Postgres

/// `evidence-ledger migrate`: applies pending schema migrations, or lists where each stands.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the pending SQL migrations of schema/ (commands that need the schema do this themselves).",
        discussion: """
            Each file runs in its own transaction and is recorded with its SHA-256; an applied file that was \
            edited is refused. Concurrent runs are serialised by an advisory lock.

            Example:
              evidence-ledger migrate
              evidence-ledger migrate --status --database postgresql://ledger@db.example.org/ledger
            """
    )

    @Flag(name: .long, help: "List applied and pending files instead of applying them (exit 78 if an applied file was edited or is missing).")
    var status = false

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var schema: SchemaOptions

    func run() throws {
        let target = connection.target()
        try reportingErrors(target: target) {
            let migrator = try Migrator(directory: schema.directory)
            let conn = try connection.connect(target)
            defer { conn.close() }
            if status {
                let states = try migrator.status(on: conn)
                Console.output(MigrateCommand.render(states))
                let broken = states.contains { if case .edited = $0.state { true } else if case .missing = $0.state { true } else { false } }
                if broken { throw ExitCode(ExitCodes.configuration) }
                return
            }
            let applied = try migrator.migrate(on: conn, progress: connection.progress)
            if applied.isEmpty {
                Console.output("schema is up to date (\(migrator.files.count) migration\(migrator.files.count == 1 ? "" : "s") applied)")
            } else {
                for file in applied { Console.output("applied \(file.filename)") }
            }
        }
    }

    static func render(_ states: [Migrator.Status]) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        var lines = ["version  file                                      state"]
        for state in states {
            let text: String
            switch state.state {
            case .applied(let at): text = "applied \(formatter.string(from: at))"
            case .pending: text = "pending"
            case .edited: text = "EDITED after it was applied"
            case .missing: text = "MISSING from schema/ (applied)"
            }
            let version = String(format: "%04d", state.version)
            lines.append("\(version)     \(state.filename.padding(toLength: 41, withPad: " ", startingAt: 0)) \(text)")
        }
        return lines.joined(separator: "\n")
    }
}
