import ArgumentParser
import Dossier
import Foundation
import LedgerStore
import Postgres
import Sanctions
import Transparency

/// `evidence-ledger demo`: sets everything up and shows what is there.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start the managed local PostgreSQL (or use --database), apply the schema and show what is there.",
        discussion: """
            Example:
              evidence-ledger demo
              evidence-ledger demo --data-dir /tmp/ledger-demo
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var schema: SchemaOptions

    func run() throws {
        let target = connection.target()
        try connection.withLedger(schema) { conn in
            let files = FileImport.fixtureFiles()
            var imported = ""
            if !files.isEmpty {
                // Idempotent: a second demo finds everything unchanged.
                let summary = try FileImport(connection: conn).run(files, reason: "demo: fixture set reloaded")
                imported = ImportCommand.render(summary, dryRun: false)
                    .replacingOccurrences(of: "imported:", with: "fixtures (\(files.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "))):")
            }
            Console.output(try DemoReport.render(connection: conn, target: target, imported: imported))
            Console.output(try DemoReport.sanctions(connection: conn))
            // With the managed cluster, the demo keeps a signing key beside it, signs the log and verifies it all.
            if case .managed(let cluster) = target {
                Console.output(try DemoReport.signAndVerify(connection: conn, keyPath: cluster.baseDirectory + "/demo-signing.key"))
                for name in ["belarus-3314-3f", "belarus-ilc-16"] {
                    Console.output(try DemoReport.dossier(connection: conn, keyPath: cluster.baseDirectory + "/demo-signing.key",
                                                          spec: name, out: cluster.baseDirectory + "/dossiers/" + name))
                }
                let verifier = try SigningKeyFile.load(path: cluster.baseDirectory + "/demo-signing.key").verifier
                Console.output("\nthe web interface (sign in with a PostgreSQL role that has a password: README, Web interface):\n"
                    + "try: evidence-ledger serve --vkey '\(verifier.keyString)' --dossier-specs \(FileImport.fixturesDirectory())/dossiers")
            }
        }
    }
}

/// What `demo` prints about a ledger database.
enum DemoReport {
    /// Signs a checkpoint with the demo key (made on first use) and runs the full verification.
    static func signAndVerify(connection conn: Connection, keyPath: String) throws -> String {
        let log = LedgerLog(connection: conn)
        let signer: NoteSigner
        var lines = [""]
        if FileManager.default.fileExists(atPath: keyPath) {
            signer = try SigningKeyFile.load(path: keyPath)
        } else {
            signer = try SigningKeyFile.generate(name: try log.origin(), path: keyPath)
            lines.append("made a demo signing key: \(keyPath) (mode 0600; a real ledger keeps its key off the server)")
        }
        let note = try log.signCheckpoint(with: signer)
        let checkpoint = try Checkpoint(parsing: note.text)
        lines.append("signed checkpoint: size \(checkpoint.size), root \(Data(checkpoint.root).base64EncodedString())")
        let report = try LogVerifier(connection: conn, pinnedKey: signer.verifier).run()
        lines.append(report.holds
            ? "verify: every one of \(report.entries) log entries, \(report.rows) rows and \(report.checkpoints) checkpoint(s) holds"
            : "verify: FAILED — \(report.findings.first?.problem ?? "")")
        lines.append("verifier key (publish it): \(signer.verifier.keyString)")
        lines.append("try: evidence-ledger verify --vkey '\(signer.verifier.keyString)'")
        lines.append("     evidence-ledger proof --item item-hajun-633-missiles-2022-05-14")
        return lines.joined(separator: "\n")
    }

    /// The sanctions sample: the fixture listings imported (again: a re-import changes nothing), matches proposed,
    /// the demo's three known pairs accepted (in real use a person decides each one), and the gap report.
    static func sanctions(connection conn: Connection) throws -> String {
        let folder = FileImport.fixturesDirectory() + "/sanctions"
        let files: [(file: String, dataset: String, jurisdiction: String)] = [
            ("ca-belarus.targets.simple.csv", "fixture_ca_belarus", "CA"),
            ("us-naftan.targets.simple.csv", "fixture_us_naftan", "US"),
        ]
        guard files.allSatisfy({ FileManager.default.fileExists(atPath: folder + "/" + $0.file) }) else { return "" }
        var lines = ["", "sanctions sample (fixtures/sanctions):"]
        for entry in files {
            let summary = try SanctionsImport(connection: conn).run(.init(path: folder + "/" + entry.file, format: .opensanctionsCSV,
                                                                           dataset: entry.dataset, jurisdiction: entry.jurisdiction))
            lines.append("  \(entry.file): \(summary.designations) listing(s), \(summary.newDesignations) new, \(summary.changedDesignations) changed, \(summary.goneDesignations) no longer in the data")
        }
        let ledger = SanctionsLedger(connection: conn)
        _ = try ledger.propose(threshold: 0.8)
        let demoPairs = ["el-fixture-ca-belarusian-railways": "actor-belarusian-railways",
                         "el-fixture-ca-vladimir-morozov": "actor-vladimir-morozov", "el-fixture-us-naftan": "actor-naftan"]
        for proposal in try ledger.matches(decision: "proposed") where demoPairs[proposal.target] == proposal.actor {
            let decided = try ledger.decide(matchID: proposal.id, accept: true, note: "demo: the fixture listing names this actor")
            lines.append("  match \(decided.id): \(decided.actor) = \(decided.target) (\(decided.method), score \(decided.score)) accepted for the demo")
        }
        let accepted = Set(try ledger.matches(decision: "accepted").map { $0.target + " " + $0.actor })
        for (target, actor) in demoPairs.sorted(by: { $0.key < $1.key }) where !accepted.contains(target + " " + actor) {
            lines.append("  match \(actor) = \(target): not proposed by matching")
        }
        let report = try ledger.gapReport(minimumGrade: nil, jurisdictions: ["EU", "US", "UK", "UA", "CA"], asOf: nil)
        lines.append("")
        lines.append(report.render(.table).trimmingCharacters(in: .newlines))
        lines.append("try: evidence-ledger sanctions gaps --min-grade C3 --format md; evidence-ledger sanctions list --actor actor-belarusian-railways")
        return lines.joined(separator: "\n")
    }

    /// Builds a Belarus dossier from the fixtures (fixtures/dossiers/NAME.yaml: UNGA-3314/3(f), ILC Art. 16 with the
    /// sanctions status), replacing the demo's previous one, and verifies the bundle offline.
    static func dossier(connection conn: Connection, keyPath: String, spec name: String, out: String) throws -> String {
        let specPath = FileImport.fixturesDirectory() + "/dossiers/\(name).yaml"
        guard FileManager.default.fileExists(atPath: specPath) else { return "" }
        let spec = try DossierCommand.loadSpec(specPath)
        let verifier = try SigningKeyFile.load(path: keyPath).verifier
        try? FileManager.default.removeItem(atPath: out)
        try? FileManager.default.removeItem(atPath: out + ".zip")
        try FileManager.default.createDirectory(atPath: (out as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let built = try DossierCommand.build(connection: conn, spec: spec, pinnedKey: verifier, checkpointSize: nil,
                                             includeProtected: false, out: URL(fileURLWithPath: out), zip: true)
        let report = BundleVerifier(pinnedKey: verifier).verify(built.files)
        return "\n" + built.summary + "\n" + (report.holds
            ? "dossier verify: \(report.proven) records proven against checkpoint \(report.checkpointSize); every file holds"
            : "dossier verify: FAILED — \(report.problems.joined(separator: "; "))")
            + "\ntry: evidence-ledger dossier verify \(out) --vkey '\(verifier.keyString)'"
    }

    static func render(connection conn: Connection, target: ConnectionTarget, imported: String = "") throws -> String {
        var lines = ["Evidence Ledger \(EvidenceLedgerCommand.version)", ""]
        let version = conn.parameterStatus("server_version") ?? "?"
        switch target {
        case .managed(let cluster):
            lines.append("database:   managed local PostgreSQL \(version), data in \(cluster.dataDirectory)")
            lines.append("            Unix socket only (no TCP port); `evidence-ledger db psql` opens psql on it")
            lines.append("url:        \(cluster.url())")
        case .server:
            lines.append("database:   PostgreSQL \(version) at \(target.description)")
        }
        lines.append("connected:  as \(conn.user) to database \(conn.database)")

        let migrations = try conn.query("SELECT filename, applied_at FROM ledger_meta.schema_migration ORDER BY version")
        lines.append("")
        lines.append("schema migrations applied (\(migrations.count)):")
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        let applied = try migrations.map { (try $0.decode(String.self, at: 0), try $0.decode(Date.self, at: 1)) }
        let width = applied.map(\.0.count).max() ?? 0
        for (file, at) in applied {
            lines.append("  \(file.padding(toLength: width, withPad: " ", startingAt: 0))  \(formatter.string(from: at))")
        }

        let objects = try conn.query("""
            SELECT c.relkind::text, count(*)
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'ledger' AND c.relkind IN ('r', 'v', 'p')
            GROUP BY c.relkind ORDER BY c.relkind
            """)
        var counts: [String: Int] = [:]
        for row in objects { counts[try row.decode(String.self, at: 0)] = try row.decode(Int.self, at: 1) }
        lines.append("")
        lines.append("schema ledger: \((counts["r"] ?? 0) + (counts["p"] ?? 0)) tables, \(counts["v"] ?? 0) views")

        if !imported.isEmpty {
            lines.append("")
            lines.append(imported)
        }
        let ledger = try conn.query("""
            SELECT (SELECT count(*) FROM ledger.current_provision), (SELECT count(*) FROM ledger.current_element),
                   (SELECT count(*) FROM ledger.current_source), (SELECT count(*) FROM ledger.current_actor),
                   (SELECT count(*) FROM ledger.current_place), (SELECT count(*) FROM ledger.current_item WHERE status <> 'withdrawn'),
                   (SELECT count(*) FROM ledger.current_link WHERE NOT withdrawn)
            """)[0]
        lines.append("")
        lines.append("in the ledger: \(try ledger.decode(Int.self, at: 0)) provisions with \(try ledger.decode(Int.self, at: 1)) elements, \(try ledger.decode(Int.self, at: 2)) sources, \(try ledger.decode(Int.self, at: 3)) actors, \(try ledger.decode(Int.self, at: 4)) places, \(try ledger.decode(Int.self, at: 5)) evidence items, \(try ledger.decode(Int.self, at: 6)) links to criteria")

        let log = try conn.query("""
            SELECT c.origin, h.size, (SELECT max(size) FROM ledger.checkpoint) FROM ledger.log_config c, ledger.log_head h
            """)[0]
        lines.append("")
        let latest = try log.decode(Int?.self, at: 2)
        lines.append("tamper-evident log \(try log.decode(String.self, at: 0)): \(try log.decode(Int.self, at: 1)) entries, "
            + (latest.map { "latest signed checkpoint at size \($0)" } ?? "no signed checkpoint yet"))
        if latest == nil {
            lines.append("      sign one: evidence-ledger key generate --out ledger.key; evidence-ledger checkpoint --key ledger.key")
        }

        let roles = try conn.query("""
            SELECT r.rolname, coalesce(shobj_description(r.oid, 'pg_authid'), '')
            FROM pg_catalog.pg_roles r WHERE r.rolname LIKE 'ledger\\_%' ORDER BY r.rolname
            """)
        lines.append("")
        lines.append("roles:")
        for row in roles {
            let name = try row.decode(String.self, at: 0)
            let comment = try row.decode(String.self, at: 1).replacingOccurrences(of: "Evidence Ledger: ", with: "")
            lines.append("  \(name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(comment)")
        }
        lines.append("")
        lines.append("next: `evidence-ledger db psql`, then `\\dv+ ledger.*` and `SELECT * FROM ledger.current_item;` to look around;")
        lines.append("      `evidence-ledger --help` for every command.")
        return lines.joined(separator: "\n")
    }
}
