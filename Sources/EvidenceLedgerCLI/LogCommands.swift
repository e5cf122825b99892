import ArgumentParser
import Foundation
import LedgerModel
import LedgerStore
import Postgres
import Transparency

/// `evidence-ledger key …`: the checkpoint signing key.
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Make the Ed25519 key that signs checkpoints (kept in a file outside the database).",
        discussion: "Example:\n  evidence-ledger key generate --out /secure/ledger.key",
        subcommands: [Generate.self]
    )

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new signing key (mode 0600, never overwriting) and print its verifier key.",
            discussion: """
                The key is named after the ledger's log origin. Publish the printed verifier key: verify, proofs and \
                dossiers are checked against it.

                Example:
                  evidence-ledger key generate --out /secure/ledger.key
                """
        )
        @Option(help: "The file to write (must not exist).") var out: String
        @Option(help: "The key name (default: the ledger's log origin, which checkpoints require).") var name: String?
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func run() throws {
            let target = connection.target()
            try reportingErrors(target: target) {
                var keyName = name
                if keyName == nil {
                    let conn = try connection.connectMigrated(target, schema: schema)
                    defer { conn.close() }
                    keyName = try LedgerLog(connection: conn).origin()
                }
                let signer = try SigningKeyFile.generate(name: keyName!, path: out)
                Console.progress("wrote the signing key to \(out) (mode 0600); keep it off the database server and backed up")
                Console.output(signer.verifier.keyString)
            }
        }
    }
}

/// `evidence-ledger checkpoint …`.
struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign the log's current tree head (default), or list and show signed checkpoints.",
        discussion: """
            Example:
              evidence-ledger checkpoint --key /secure/ledger.key
              evidence-ledger checkpoint list
            """,
        subcommands: [Sign.self, List.self, Show.self],
        defaultSubcommand: Sign.self
    )

    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sign",
            abstract: "Sign the current tree head as a C2SP checkpoint; refuses when the log is not consistent with the last one.",
            discussion: """
                The new tree is the last checkpoint's (its stored frontier, checked against its signed root) with the \
                entries after it appended, so only those are read. --full reads and hashes every entry instead, and \
                also refuses when an entry the last checkpoint covers was changed since (which verify always checks).

                Example:
                  evidence-ledger checkpoint --key /secure/ledger.key
                """
        )
        @Option(help: "The signing key file (evidence-ledger key generate).") var key: String
        @Flag(help: "Reread and hash every entry, not only those after the last checkpoint.") var full = false
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func run() throws {
            let target = connection.target()
            try reportingErrors(target: target) {
                let signer = try SigningKeyFile.load(path: key)
                let conn = try connection.connectMigrated(target, schema: schema)
                defer { conn.close() }
                let note = try LedgerLog(connection: conn).signCheckpoint(with: signer, rereadingEveryLeaf: full)
                Console.output(note.formatted)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List signed checkpoints.",
            discussion: "Example:\n  evidence-ledger checkpoint list --format json"
        )
        @Option(help: "table, json or csv.") var format: OutputFormat = .table
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func run() throws {
            try connection.withLedger(schema) { conn in
                let result = try conn.query("""
                    SELECT size::text, encode(root, 'base64'), key_name, ledger.log_time(signed_at), signed_by FROM ledger.checkpoint ORDER BY size
                    """)
                Console.output(try TabularOutput(columns: ["size", "root", "key", "signed_at", "signed_by"], result: result).render(format))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a checkpoint's signed note (the latest by default), for publication.",
            discussion: "Example:\n  evidence-ledger checkpoint show > checkpoint.note"
        )
        @Argument(help: "The checkpoint's size.") var size: Int?
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func run() throws {
            try connection.withLedger(schema) { conn in
                let note = try conn.scalar("""
                    SELECT note FROM ledger.checkpoint WHERE (\(size)::bigint IS NULL OR size = \(size)) ORDER BY size DESC LIMIT 1
                    """, as: String.self)
                guard let note else {
                    throw CLIError(size.map { "there is no checkpoint of size \($0)" } ?? "there is no checkpoint yet: evidence-ledger checkpoint --key FILE", exitCode: ExitCodes.dataError)
                }
                FileHandle.standardOutput.write(Data(note.utf8))
            }
        }
    }
}

/// `evidence-ledger proof …`.
struct ProofCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof",
        abstract: "Print a c2sp.org/tlog-proof@v1 for an entry or item (default), or a consistency proof.",
        discussion: """
            Example:
              evidence-ledger proof --item item-hajun-633-missiles-2022-05-14 > item.tlog-proof
              evidence-ledger proof consistency 700 800
            """,
        subcommands: [Inclusion.self, Consistency.self],
        defaultSubcommand: Inclusion.self
    )

    struct Inclusion: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inclusion",
            abstract: "Prove that an entry (or an item's current version) is in the log, against a signed checkpoint.",
            discussion: "The leaf bytes are in the proof's extra line.\n\nExample:\n  evidence-ledger proof --entry 42 --checkpoint 800"
        )
        @Option(help: "An evidence item: its current version's entry.") var item: String?
        @Option(help: "A log entry index.") var entry: Int?
        @Option(help: "The checkpoint size to prove against (default: the latest).") var checkpoint: Int?
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func validate() throws {
            guard (item == nil) != (entry == nil) else { throw ValidationError("give either --item or --entry") }
            if let entry, entry < 0 { throw ValidationError("--entry: \(entry) is not an index") }
        }

        func run() throws {
            try connection.withLedger(schema) { conn in
                let log = LedgerLog(connection: conn)
                let index = try item.map { try log.entry(forItem: $0) } ?? UInt64(entry!)
                let proof = try log.proof(entry: index, checkpointSize: checkpoint.map(UInt64.init))
                FileHandle.standardOutput.write(Data(proof.formatted.utf8))
            }
        }
    }

    struct Consistency: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the RFC 9162 consistency proof between two tree sizes (base64 hashes, one per line).",
            discussion: "Example:\n  evidence-ledger proof consistency 700 800"
        )
        @Argument(help: "The older size.") var old: Int
        @Argument(help: "The newer size.") var new: Int
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func validate() throws {
            guard old > 0, old <= new else { throw ValidationError("sizes must satisfy 0 < OLD <= NEW") }
        }

        func run() throws {
            try connection.withLedger(schema) { conn in
                let proof = try LedgerLog(connection: conn).consistencyProof(from: UInt64(old), to: UInt64(new))
                Console.output((["c2sp.org/tlog-consistency old \(old) new \(new)"] + proof.hashes.map { Data($0).base64EncodedString() }).joined(separator: "\n"))
            }
        }
    }
}

/// `evidence-ledger verify`.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Audit the whole ledger against its log and the pinned checkpoint key (exit 0 only when everything holds).",
        discussion: """
            Rehashes every leaf from its stored bytes, checks indices are dense, every checkpoint's signature and \
            root, and every stored row (and exhibit file) against what its log entry committed to. Names the first \
            bad entry, the table and row, and what differs. Exit 1 when anything does not hold.

            Example:
              evidence-ledger verify --vkey 'evidence-ledger.local/evidence_ledger/…+1a2b3c4d+AQ…'
              evidence-ledger verify --vkey "$(cat ledger.vkey)" --json
            """
    )
    @Option(help: "The verifier key (name+keyid+base64), as evidence-ledger key generate printed it.") var vkey: String
    @Flag(help: "Print the report as JSON.") var json = false
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var schema: SchemaOptions

    func run() throws {
        let target = connection.target()
        try reportingErrors(target: target) {
            let key: NoteVerifier
            do {
                key = try NoteVerifier(parsing: vkey.trimmingCharacters(in: .whitespacesAndNewlines))
            } catch {
                throw CLIError("--vkey: not a verifier key (name+keyid+base64): \(error)", exitCode: ExitCodes.usage)
            }
            let conn = try connection.connectMigrated(target, schema: schema)
            defer { conn.close() }
            let options = connection
            let report = try LogVerifier(connection: conn, pinnedKey: key, connectAgain: { try options.connect(target) }).run()
            if json {
                Console.output(VerifyCommand.json(report))
            } else if report.holds {
                Console.output("verified: \(report.entries) log entries, \(report.rows) rows, \(report.checkpoints) checkpoint\(report.checkpoints == 1 ? "" : "s")"
                    + (report.latestCheckpoint.map { " (latest at size \($0))" } ?? " (none signed yet: sign one with evidence-ledger checkpoint --key FILE)")
                    + "\nlog \(report.origin), root \(report.rootBase64)")
            } else {
                var lines = ["verification FAILED: \(report.findings.count) problem\(report.findings.count == 1 ? "" : "s"); the first:"]
                for finding in report.findings.prefix(20) {
                    let entry = finding.entry.map { "entry \($0): " } ?? ""
                    lines.append("  \(entry)\(finding.problem)")
                }
                if report.findings.count > 20 { lines.append("  … and \(report.findings.count - 20) more (--json lists all)") }
                Console.output(lines.joined(separator: "\n"))
            }
            if !report.holds { throw ExitCode(ExitCodes.failure) }
        }
    }

    static func json(_ report: LogVerifier.Report) -> String {
        JSONValue.object([
            "ok": .bool(report.holds), "origin": .string(report.origin), "entries": .integer(Int(report.entries)),
            "rows": .integer(report.rows), "checkpoints": .integer(report.checkpoints),
            "latest_checkpoint": report.latestCheckpoint.map { .integer(Int($0)) } ?? .null, "root": .string(report.rootBase64),
            "findings": .array(report.findings.map { f in
                .object(["entry": f.entry.map { .integer(Int($0)) } ?? .null, "table": f.table.map(JSONValue.string) ?? .null,
                         "row_key": f.rowKey.map(JSONValue.string) ?? .null, "problem": .string(f.problem)])
            }),
        ]).text
    }
}
