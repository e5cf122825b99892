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

                With --key, the current tree head is signed first (when the log has grown) and the dossier is built \
                from that checkpoint; with --vkey, from the latest checkpoint (or --checkpoint SIZE).

                Example:
                  evidence-ledger dossier build belarus.yaml --out belarus-dossier --key /secure/ledger.key
                  evidence-ledger dossier build belarus.yaml --out belarus-dossier --vkey "$(cat ledger.vkey)" --zip
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
        @Flag(name: .customLong("include-protected"), help: "Include protected identities (profile prosecutor, a role that may read them).")
        var includeProtected = false
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func validate() throws {
            guard (vkey == nil) != (key == nil) else { throw ValidationError("give either --vkey (build from a signed checkpoint) or --key (sign one first)") }
            if key != nil && checkpoint != nil { throw ValidationError("--checkpoint goes with --vkey: --key builds from the checkpoint it signs") }
            if zip && formatsOnly { throw ValidationError("--zip writes a bundle; --formats-only writes none") }
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
                                                     bundle: !formatsOnly)
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

    struct Built {
        var directory: URL
        var zip: URL?
        var document: DossierDocument
        var files: [String: Data]
        var summary: String
    }

    /// Reads the snapshot, redacts, builds, renders, proves, checks for leaks and writes the bundle.
    static func build(connection: Connection, spec: DossierSpec, pinnedKey: NoteVerifier, checkpointSize: UInt64?,
                      includeProtected: Bool, out: URL, zip: Bool, bundle: Bool = true) throws -> Built {
        if includeProtected {
            let allowed = try connection.scalar("""
                SELECT pg_has_role(current_user, 'ledger_protected', 'MEMBER') OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
                """, as: Bool.self) ?? false
            guard allowed else {
                throw CLIError("--include-protected: the role \(try connection.scalar("SELECT current_user", as: String.self) ?? "?") may not read protected identities (it needs ledger_protected)", exitCode: ExitCodes.noPermission)
            }
        }
        return try DossierSnapshot.read(connection: connection, checkpointSize: checkpointSize, identities: includeProtected, pinnedKey: pinnedKey) { snapshot in
            let state = DossierDocument.LedgerState(
                origin: snapshot.checkpoint.origin, checkpointSize: snapshot.checkpoint.size,
                checkpointRoot: Data(snapshot.checkpoint.root).base64EncodedString(),
                checkpointSignedAt: snapshot.checkpoint.signedAt, verifierKey: pinnedKey.keyString)
            let redacted = try Redaction.apply(profile: spec.profile, includeProtected: includeProtected, to: snapshot.records)
            var result: DossierBuilder.Result
            do {
                result = try DossierBuilder(spec: spec, ledger: state, includeProtected: includeProtected).build(records: redacted.records)
            } catch let problem as DossierProblem {
                throw CLIError("the spec does not fit the ledger; nothing was written:\n\(problem.description)", exitCode: ExitCodes.dataError)
            }
            // Exhibit files (their sizes are what the bundle's files will show).
            var contents: [String: [UInt8]] = [:]
            for (i, exhibit) in result.document.exhibits.enumerated() {
                let bytes = try contents[exhibit.sha256] ?? snapshot.exhibitContent(sha256: exhibit.sha256)
                result.document.exhibits[i].size = bytes.count
                if bundle { contents[exhibit.sha256] = bytes }
            }
            var records = result.records
            let contentRecords = try snapshot.exhibitContentRecords(hashes: Array(contents.keys).sorted())
            records.append(contentsOf: contentRecords.values)
            records.sort { $0.entry < $1.entry }

            var files = try DossierBundle.rendered(result.document, formats: spec.formats)
            if bundle {
                files[DossierBundle.recordsPath] = try DossierBundle.recordsFile(records)
                files[DossierBundle.checkpointPath] = Data(snapshot.checkpoint.note.formatted.utf8)
                files[DossierBundle.keyPath] = Data((pinnedKey.keyString + "\n").utf8)
                let items = Dictionary(result.document.items.map { ($0.entry, $0.id) }, uniquingKeysWith: { a, _ in a })
                for record in records {
                    files[DossierBundle.proofPath(record, items: items)] = Data(try snapshot.proof(entry: record.entry).formatted.utf8)
                }
                for (hex, bytes) in contents { files["exhibits/\(hex)"] = Data(bytes) }
                files = try DossierBundle.withManifest(files)
            }

            // The leak check: no withheld value in any file written, nor in any file's name.
            var leaks: [String] = []
            for (path, data) in files.sorted(by: { $0.key < $1.key }) {
                let text = path.hasPrefix("exhibits/") ? path : path + "\n" + String(decoding: data, as: UTF8.self)
                if !Redaction.leaks(of: redacted.withheldValues, in: text).isEmpty { leaks.append(path) }
            }
            guard leaks.isEmpty else {
                throw CLIError("leak check: a value the \(spec.profile) profile withholds appears in \(leaks.joined(separator: ", ")); nothing was written", exitCode: ExitCodes.failure)
            }
            try DossierBundle.write(files, to: out)
            var zipURL: URL?
            if zip {
                let url = out.deletingLastPathComponent().appendingPathComponent(out.lastPathComponent + ".zip")
                try DossierBundle.zip(files, folder: out.lastPathComponent).write(to: url)
                zipURL = url
            }
            let d = result.document
            let gaps = d.criteria.flatMap(\.elements).filter { !$0.gaps.filter { $0.code != "contrary-evidence" }.isEmpty }.count
            var lines = ["dossier \"\(d.title)\" as of checkpoint \(state.checkpointSize) (signed \(state.checkpointSignedAt)):",
                         "  \(d.items.count) items, \(d.summary.elements) elements (\(gaps) with gaps), \(d.sources.count) sources shown, \(d.redaction.withheldSources) withheld (profile \(spec.profile))"]
            for path in ["dossier.html", "dossier.md", "dossier.json", "items.csv"] where files[path] != nil {
                lines.append("  " + out.appendingPathComponent(path).path)
            }
            lines.append(bundle ? "  bundle: \(out.path) (\(records.count) records with proofs, \(contents.count) exhibit files)"
                                : "  formats only: no records, proofs or exhibits (not verifiable)")
            if let zipURL { lines.append("  zip: \(zipURL.path)") }
            return Built(directory: out, zip: zipURL, document: d, files: files, summary: lines.joined(separator: "\n"))
        }
    }
}
