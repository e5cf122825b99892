import ArgumentParser
import Dossier
import Foundation
import LedgerModel
import LedgerStore
import Postgres
import Transparency

/// `evidence-ledger dossier …`.
struct DossierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossier",
        abstract: "Build dossiers from the ledger (JSON, Markdown, HTML, CSV, with proofs) and verify them offline.",
        discussion: """
            Example:
              evidence-ledger dossier new > belarus.yaml
              evidence-ledger dossier build belarus.yaml --out belarus-dossier --vkey "$(cat ledger.vkey)"
              evidence-ledger dossier verify belarus-dossier --vkey "$(cat ledger.vkey)"
            """,
        subcommands: [New.self, Build.self, Verify.self]
    )

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a commented dossier spec to start from.",
            discussion: "Example:\n  evidence-ledger dossier new > belarus.yaml"
        )

        func run() throws {
            FileHandle.standardOutput.write(Data(DossierSpec.template.utf8))
        }
    }

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build a dossier bundle from a spec, as of a signed checkpoint.",
            discussion: """
                The bundle folder holds the formats the spec names (dossier.json always), the records they rest on \
                (records.jsonl), one inclusion proof per record (proofs/), the exhibit files (exhibits/), the \
                checkpoint note, the verifier key and a manifest of SHA-256s. It shows the ledger as it stood at the \
                checkpoint: the same spec on the same checkpoint gives byte-identical files. A leak check refuses to \
                write a dossier in which a value the redaction profile withholds still appears.

                With --stream, only the formats are written (as with --formats-only, byte for byte), item by item: \
                the whole dossier is never held in memory, so ledgers of a million items fit in a few hundred MB.

                With --key, the current tree head is signed first (when the log has grown) and the dossier is built \
                from that checkpoint; with --vkey, from the latest checkpoint (or --checkpoint SIZE).

                Example:
                  evidence-ledger dossier build belarus.yaml --out belarus-dossier --key /secure/ledger.key
                  evidence-ledger dossier build belarus.yaml --out belarus-dossier --vkey "$(cat ledger.vkey)" --zip
                  evidence-ledger dossier build large.yaml --out large-dossier --vkey "$(cat ledger.vkey)" --stream
                """
        )
        @Argument(help: "The spec (YAML; evidence-ledger dossier new prints a template).") var spec: String
        @Option(help: "The folder to write (must not exist or be empty).") var out: String
        @Option(help: "The verifier key (name+keyid+base64) the checkpoint must be signed with.") var vkey: String?
        @Option(help: "A signing key file: sign the current tree head first and build from it.") var key: String?
        @Option(help: "Build from the checkpoint of this size (default: the latest).") var checkpoint: Int?
        @Flag(help: "Also write the bundle as OUT.zip.") var zip = false
        @Flag(name: .customLong("formats-only"), help: "Write only the rendered formats, without records, proofs and exhibits (not verifiable).")
        var formatsOnly = false
        @Flag(help: "Write the formats item by item, for ledgers too large to build in memory: JSON, HTML and CSV (no Markdown), the same bytes as --formats-only gives; implies --formats-only.")
        var stream = false
        @Option(name: .customLong("run-items"), help: "With --stream: items per run of the items section written by one thread (default 20000; smaller runs share the work more evenly).")
        var runItems = 20_000
        @Flag(name: .customLong("include-protected"), help: "Include protected identities (profile prosecutor, a role that may read them).")
        var includeProtected = false
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func validate() throws {
            guard (vkey == nil) != (key == nil) else { throw ValidationError("give either --vkey (build from a signed checkpoint) or --key (sign one first)") }
            if key != nil && checkpoint != nil { throw ValidationError("--checkpoint goes with --vkey: --key builds from the checkpoint it signs") }
            if zip && (formatsOnly || stream) { throw ValidationError("--zip writes a bundle; --formats-only and --stream write none") }
            if runItems < 1 { throw ValidationError("--run-items: \(runItems) is not a positive number of items") }
        }

        func run() throws {
            let target = connection.target()
            try reportingErrors(target: target) {
                let spec = try DossierCommand.loadSpec(self.spec)
                if includeProtected && spec.profile != "prosecutor" {
                    throw CLIError("--include-protected: protected identities go only into dossiers with the redaction profile prosecutor (the spec says \(spec.profile))", exitCode: ExitCodes.usage)
                }
                var signer: NoteSigner?
                let pinned: NoteVerifier
                if let key {
                    signer = try SigningKeyFile.load(path: key)
                    pinned = signer!.verifier
                } else {
                    pinned = try DossierCommand.parseKey(vkey!)
                }
                let conn = try connection.connectMigrated(target, schema: schema)
                defer { conn.close() }
                var size = checkpoint.map(UInt64.init)
                if let signer {
                    let note = try LedgerLog(connection: conn).signCheckpoint(with: signer)
                    size = try Checkpoint(parsing: note.text).size
                }
                let built = try DossierCommand.build(connection: conn, spec: spec, pinnedKey: pinned, checkpointSize: size,
                                                     includeProtected: includeProtected, out: URL(fileURLWithPath: out), zip: zip,
                                                     bundle: !formatsOnly, stream: stream, runItems: runItems)
                Console.output(built.summary)
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a dossier bundle (folder or zip) offline against a pinned verifier key.",
            discussion: """
                Needs neither the database nor the network. Checks the manifest, the checkpoint's signature, every \
                record's inclusion proof and payload digest, every exhibit file, and that the dossier and its \
                renderings are exactly what the proven records give. Names the first file that does not hold; exit 1 then.

                Example:
                  evidence-ledger dossier verify belarus-dossier --vkey "$(cat ledger.vkey)"
                  evidence-ledger dossier verify belarus-dossier.zip --vkey "$(cat ledger.vkey)"
                """
        )
        @Argument(help: "The bundle: a folder or a .zip file.") var bundle: String
        @Option(help: "The verifier key (name+keyid+base64) the dossier's checkpoint must be signed with.") var vkey: String

        func run() throws {
            try reportingErrors {
                let key = try DossierCommand.parseKey(vkey)
                let files = try DossierCommand.readBundle(bundle)
                let report = BundleVerifier(pinnedKey: key).verify(files)
                if report.holds {
                    Console.output("verified: \(report.items) items; \(report.proven) records proven against checkpoint \(report.checkpointSize) "
                        + "(\(report.withheld) withheld by redaction: their existence is proven, not their content); \(report.exhibits) exhibit files")
                } else {
                    Console.output("verification FAILED: " + report.problems.joined(separator: "\n"))
                    throw ExitCode(ExitCodes.failure)
                }
            }
        }
    }

    // MARK: - Shared with the demo

    static func parseKey(_ text: String) throws -> NoteVerifier {
        do {
            return try NoteVerifier(parsing: text.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            throw CLIError("--vkey: not a verifier key (name+keyid+base64): \(error)", exitCode: ExitCodes.usage)
        }
    }

    static func loadSpec(_ path: String) throws -> DossierSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("\(path): no such file (evidence-ledger dossier new prints a spec to start from)", exitCode: ExitCodes.noInput)
        }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError("\(path): not UTF-8 text", exitCode: ExitCodes.dataError) }
        do {
            return try DossierSpec.parse(text, file: path)
        } catch let problem as DossierProblem {
            throw CLIError("the spec has problems; nothing was written:\n\(problem.description)", exitCode: ExitCodes.dataError)
        }
    }

    static func readBundle(_ path: String) throws -> [String: Data] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError("\(path): no such folder or file", exitCode: ExitCodes.noInput)
        }
        do {
            if isDirectory.boolValue { return try DossierBundle.read(directory: URL(fileURLWithPath: path)) }
            return try DossierBundle.unzip(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch let problem as DossierProblem {
            throw CLIError("\(path): \(problem.description)", exitCode: ExitCodes.dataError)
        }
    }

    /// ``DossierRun/build(connection:spec:pinnedKey:checkpointSize:includeProtected:out:zip:bundle:)`` with its
    /// refusals as the command line's exit codes.
    static func build(connection: Connection, spec: DossierSpec, pinnedKey: NoteVerifier, checkpointSize: UInt64?,
                      includeProtected: Bool, out: URL, zip: Bool, bundle: Bool = true, stream: Bool = false,
                      runItems: Int = 20_000) throws -> DossierRun.Built {
        do {
            if stream {
                return try DossierRun.buildStreamed(connection: connection, spec: spec, pinnedKey: pinnedKey, checkpointSize: checkpointSize,
                                                    includeProtected: includeProtected, out: out, runItems: runItems)
            }
            return try DossierRun.build(connection: connection, spec: spec, pinnedKey: pinnedKey, checkpointSize: checkpointSize,
                                        includeProtected: includeProtected, out: out, zip: zip, bundle: bundle)
        } catch let refusal as DossierRun.Refusal {
            switch refusal {
            case .permission(let message): throw CLIError(message, exitCode: ExitCodes.noPermission)
            case .specDoesNotFit(let message): throw CLIError(message, exitCode: ExitCodes.dataError)
            case .leak(let message): throw CLIError(message, exitCode: ExitCodes.failure)
            }
        }
    }
}
