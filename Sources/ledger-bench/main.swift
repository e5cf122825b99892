import ArgumentParser
import Foundation
import LedgerStore
import Postgres
#if canImport(Glibc)
import Glibc
#endif

/// `ledger-bench`: named benchmarks with their baselines measured in the same run. Run through `ops/bench`.
struct LedgerBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger-bench",
        abstract: "Benchmarks of evidence-ledger, each beside a baseline measured in the same run.",
        discussion: """
            Starts a throwaway managed PostgreSQL in a temporary folder, generates clearly synthetic rows with a \
            fixed seed, runs the named benchmarks and prints a table.

            Example:
              ops/bench --scale 100k copy stream
            """
    )

    @Option(help: "Rows: 100k, 1m, or a number.")
    var scale = "100k"

    @Option(help: "The generator's seed.")
    var seed: UInt64 = 20220224

    @Flag(help: "Leave the cluster running and its folder in place afterwards (for inspection), and print where.")
    var keep = false

    @Argument(help: "Benchmarks to run: copy, stream, import, dossier, sanctions (default: all).")
    var benchmarks: [String] = []

    func rows() throws -> Int {
        switch scale.lowercased() {
        case "100k": return 100_000
        case "1m": return 1_000_000
        default:
            guard let n = Int(scale), n > 0 else { throw ValidationError("--scale: \"\(scale)\" is not 100k, 1m or a positive number") }
            return n
        }
    }

    func run() throws {
        let n = try rows()
        let names = benchmarks.isEmpty ? ["copy", "stream", "import", "dossier", "sanctions"] : benchmarks
        for name in names where !["copy", "stream", "import", "dossier", "sanctions"].contains(name) {
            throw ValidationError("unknown benchmark \"\(name)\": choose from copy, stream, import (import also times the log: verify, checkpoint, proof), dossier, sanctions")
        }
        var template = Array("/tmp/ledger-bench-XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else { throw ValidationError("cannot make a temporary folder") }
        let base = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        chmod(base, 0o711)
        let cluster = LocalCluster(baseDirectory: base + "/cluster")
        defer {
            if keep {
                FileHandle.standardError.write(Data("kept: \(base) (the server runs as the data folder's owner: stop it as that user with pg_ctl -D \(base)/cluster/postgres stop)\n".utf8))
            } else {
                _ = try? cluster.stop()
                try? FileManager.default.removeItem(atPath: base)
            }
        }
        let conninfo = try cluster.ensureRunning()
        let binaries = try PostgresBinaries.locate()
        guard let psql = binaries.psql else { throw ValidationError("psql not found") }
        let connection = try Connection.connect(conninfo)
        try connection.execute(BenchTable.create)

        // The baseline's input: the same rows, written once to a file in COPY text format.
        let file = base + "/rows.copy"
        try BenchTable.writeFile(path: file, rows: n, seed: seed)

        var results: [BenchResult] = []
        if names.contains("copy") {
            // The generator's own cost, so the COPY figure can be read without it.
            let genStart = Date()
            var probe = SyntheticRows(seed: seed)
            var sink = 0
            for i in 0..<n { sink &+= probe.row(i).count }
            let generation = Date().timeIntervalSince(genStart)
            precondition(sink == 10 * n)

            try connection.execute("TRUNCATE bench_item")
            let start = Date()
            var generator = SyntheticRows(seed: seed)
            let stored = try connection.copyIn("COPY bench_item FROM STDIN") { writer in
                for i in 0..<n { try writer.writeRow(generator.row(i)) }
            }
            let ours = Date().timeIntervalSince(start)
            precondition(stored == n, "COPY stored \(stored) rows, expected \(n)")
            let ourPeak = peakRSS(RUSAGE_SELF)

            try connection.execute("TRUNCATE bench_item")
            let psqlStart = Date()
            let outcome = try ExternalCommand(executable: psql, arguments: ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--dbname", conninfo, "-c", "\\copy bench_item FROM '\(file)'"]).run()
            let baseline = Date().timeIntervalSince(psqlStart)
            guard outcome.status == 0 else { throw ValidationError("psql \\copy failed: \(outcome.output)") }
            let count = try connection.scalar("SELECT count(*) FROM bench_item", as: Int.self)
            precondition(count == n, "psql stored \(count ?? -1) rows")
            results.append(BenchResult(
                name: "copy-in \(n) rows (10 columns)", unit: "rows/s",
                figure: Double(n) / ours, baselineName: "psql \\copy of the same rows from a file",
                baseline: Double(n) / baseline, peakKiB: ourPeak))
            results.append(BenchResult(
                name: "copy-in without generation (estimate: time minus generating alone, \(String(format: "%.2f", generation)) s)", unit: "rows/s",
                figure: Double(n) / max(ours - generation, 0.001), baselineName: "psql \\copy, as above",
                baseline: Double(n) / baseline, peakKiB: ourPeak))
        }
        if names.contains("stream") {
            if try connection.scalar("SELECT count(*) FROM bench_item", as: Int.self) != n {
                try connection.execute("TRUNCATE bench_item")
                _ = try connection.copyIn("COPY bench_item FROM STDIN") { writer in
                    var generator = SyntheticRows(seed: seed)
                    for i in 0..<n { try writer.writeRow(generator.row(i)) }
                }
            }
            let start = Date()
            var checksum = 0
            let read = try connection.stream("SELECT id, kind, title, description, occurred, grade, credibility, lat, lon, note FROM bench_item") { row in
                checksum &+= try row.decode(Int.self, at: 0)
                checksum &+= try row.decode(String.self, at: 2).utf8.count
                _ = try row.decode(Date.self, at: 4)
            }
            let ours = Date().timeIntervalSince(start)
            precondition(read == n && checksum != 0)
            let psqlStart = Date()
            let outcome = try ExternalCommand(executable: psql, arguments: ["-X", "-q", "--dbname", conninfo, "-c", "\\copy (SELECT * FROM bench_item) TO '/dev/null'"]).run()
            let baseline = Date().timeIntervalSince(psqlStart)
            guard outcome.status == 0 else { throw ValidationError("psql \\copy out failed: \(outcome.output)") }
            results.append(BenchResult(
                name: "single-row read \(n) rows, decoded", unit: "rows/s",
                figure: Double(n) / ours, baselineName: "psql \\copy of the same rows to /dev/null",
                baseline: Double(n) / baseline, peakKiB: peakRSS(RUSAGE_SELF)))
        }
        if names.contains("import") {
            results += try importBenchmark(rows: n, base: base, cluster: cluster, psql: psql)
        }
        if names.contains("dossier") {
            results += try dossierBenchmark(rows: n, base: base, cluster: cluster, psql: psql)
        }
        if names.contains("sanctions") {
            results += try sanctionsBenchmark(rows: n, base: base, cluster: cluster, psql: psql)
        }
        print(BenchResult.table(results, rows: n, server: connection.parameterStatus("server_version") ?? "?"))
    }

    /// `evidence-ledger import` of N synthetic items from CSV into a migrated ledger, against `psql \copy` of
    /// the same CSV into a bare table of text columns.
    func importBenchmark(rows n: Int, base: String, cluster: LocalCluster, psql: String) throws -> [BenchResult] {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("evidence-ledger").path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw ValidationError("\(executable) is missing: build the evidence-ledger product in the same configuration")
        }
        let admin = try Connection.connect(cluster.conninfo(database: "postgres"))
        try admin.query("CREATE DATABASE bench_import")
        let conninfo = cluster.conninfo(database: "bench_import")
        // Two synthetic states for the items to refer to, and the legal catalogue for the links to refer to,
        // imported first (not timed).
        let actors = base + "/actors.jsonl"
        try """
            {"type": "actor", "id": "actor-synthetic-a", "kind": "state", "names": [{"text": "SYNTHETIC STATE A", "lang": "en"}]}
            {"type": "actor", "id": "actor-synthetic-b", "kind": "state", "names": [{"text": "SYNTHETIC STATE B", "lang": "en"}]}
            """.write(toFile: actors, atomically: true, encoding: .utf8)
        let catalogue = FileImport.fixturesDirectory() + "/legal/catalogue.yaml"
        let setup = try ExternalCommand(executable: executable, arguments: ["import", actors, catalogue, "--database", conninfo]).run()
        guard setup.status == 0 else { throw ValidationError("setting up the import benchmark failed: \(setup.output)") }

        let file = base + "/items.csv"
        try SyntheticItemsCSV.write(path: file, rows: n, seed: seed)
        let start = Date()
        let outcome = try ExternalCommand(executable: executable, arguments: ["import", file, "--database", conninfo]).run()
        let ours = Date().timeIntervalSince(start)
        guard outcome.status == 0 else { throw ValidationError("import failed: \(outcome.output.prefix(2000))") }
        let check = try Connection.connect(conninfo)
        let stored = try check.scalar("SELECT count(*) FROM ledger.item_version", as: Int.self)
        precondition(stored == n, "import stored \(stored ?? -1) items, expected \(n)")

        /// The baseline of an import: `psql \copy` of the same CSV into a new bare table of text columns, timed.
        func bareCopy(_ table: String, columns: [String], file: String) throws -> Double {
            try check.execute("CREATE TABLE \(table) (\(columns.map { "\($0) text" }.joined(separator: ", ")))")
            let start = Date()
            let copy = try ExternalCommand(executable: psql, arguments: ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--dbname", conninfo, "-c",
                                                                        "\\copy \(table) FROM '\(file)' WITH (FORMAT csv, HEADER true)"]).run()
            let time = Date().timeIntervalSince(start)
            guard copy.status == 0 else { throw ValidationError("psql \\copy into \(table) failed: \(copy.output)") }
            return time
        }
        let baseline = try bareCopy("bare_item", columns: SyntheticItemsCSV.columns, file: file)
        var results = [BenchResult(
            name: "evidence-ledger import of \(n) items from CSV (checked, versioned, logged, all-or-nothing)", unit: "rows/s",
            figure: Double(n) / ours, baselineName: "psql \\copy of the same CSV into a bare table",
            baseline: Double(n) / baseline, peakKiB: outcome.peakMemoryKiB, peakLabel: "evidence-ledger import")]

        // What any versioned, logged import has to write at the least, in plain SQL with no check at all, against
        // the same baseline: how far the target of a few times `\copy` is from what the server itself needs.
        results.append(try importFloor(rows: n, file: file, admin: admin, cluster: cluster, psql: psql, base: base, baseline: baseline))

        // Links to criterion elements, imported afterwards into the ledger of N items (one item in five and one
        // in a thousand linked, as ops/bench-web links them).
        let linkFile = base + "/links.csv"
        let links = try SyntheticLinksCSV.write(path: linkFile, items: n)
        let linkStart = Date()
        let linked = try ExternalCommand(executable: executable, arguments: ["import", linkFile, "--database", conninfo]).run()
        let linkTime = Date().timeIntervalSince(linkStart)
        guard linked.status == 0 else { throw ValidationError("link import failed: \(linked.output.prefix(2000))") }
        let storedLinks = try check.scalar("SELECT count(*) FROM ledger.link_version", as: Int.self)
        precondition(storedLinks == links, "import stored \(storedLinks ?? -1) links, expected \(links)")
        let linkBaseline = try bareCopy("bare_link", columns: SyntheticLinksCSV.columns, file: linkFile)
        results.append(BenchResult(
            name: "evidence-ledger import of \(links) links from CSV into the ledger of \(n) items", unit: "rows/s",
            figure: Double(links) / linkTime, baselineName: "psql \\copy of the same CSV into a bare table",
            baseline: Double(links) / linkBaseline, peakKiB: linked.peakMemoryKiB, peakLabel: "evidence-ledger import"))

        // The log over everything the import wrote, once vacuumed as autovacuum would soon do: the first read of
        // freshly written rows also writes their hint bits, which would land on whichever command reads them first
        // (the checkpoint and verify, not the baseline that reads after them).
        try check.execute("VACUUM ANALYZE")
        let entries = try check.scalar("SELECT size FROM ledger.log_head", as: Int.self) ?? 0
        let key = base + "/bench.key"
        let generated = try ExternalCommand(executable: executable, arguments: ["key", "generate", "--out", key, "--database", conninfo]).run()
        guard generated.status == 0 else { throw ValidationError("key generate failed: \(generated.output)") }
        let vkey = generated.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let signStart = Date()
        let signed = try ExternalCommand(executable: executable, arguments: ["checkpoint", "--key", key, "--database", conninfo]).run()
        let signTime = Date().timeIntervalSince(signStart)
        guard signed.status == 0 else { throw ValidationError("checkpoint failed: \(signed.output)") }
        let verifyStart = Date()
        let verified = try ExternalCommand(executable: executable, arguments: ["verify", "--vkey", vkey, "--database", conninfo]).run()
        let verifyTime = Date().timeIntervalSince(verifyStart)
        guard verified.status == 0 else { throw ValidationError("verify failed: \(verified.output.prefix(2000))") }
        let leavesStart = Date()
        let leaves = try ExternalCommand(executable: psql, arguments: ["-X", "-q", "--dbname", conninfo, "-c", "\\copy (SELECT leaf FROM ledger.log_entry ORDER BY idx) TO '/dev/null'"]).run()
        let leavesTime = Date().timeIntervalSince(leavesStart)
        guard leaves.status == 0 else { throw ValidationError("psql \\copy of the leaves failed: \(leaves.output)") }
        results.append(BenchResult(
            name: "evidence-ledger verify of \(entries) log entries and their rows", unit: "entries/s",
            figure: Double(entries) / verifyTime, baselineName: "psql \\copy (SELECT leaf FROM ledger.log_entry) TO /dev/null",
            baseline: Double(entries) / leavesTime, peakKiB: verified.peakMemoryKiB, peakLabel: "evidence-ledger verify"))
        let proofStart = Date()
        let proof = try ExternalCommand(executable: executable, arguments: ["proof", "--entry", String(entries / 2), "--database", conninfo]).run()
        let proofTime = Date().timeIntervalSince(proofStart)
        guard proof.status == 0 else { throw ValidationError("proof failed: \(proof.output)") }
        let secondStart = Date()
        let second = try ExternalCommand(executable: executable, arguments: ["proof", "--entry", String(entries / 3), "--database", conninfo]).run()
        let secondTime = Date().timeIntervalSince(secondStart)
        guard second.status == 0 else { throw ValidationError("proof failed: \(second.output)") }
        results.append(BenchResult(
            name: "checkpoint at \(entries) entries, whole command", unit: "s", figure: signTime,
            baselineName: "the first inclusion proof after it, which stores the new subtree hashes", baseline: proofTime, peakKiB: proof.peakMemoryKiB, peakLabel: "evidence-ledger proof"))
        results.append(BenchResult(
            name: "a further inclusion proof at \(entries) entries, whole command (process start included)", unit: "s", figure: secondTime,
            baselineName: "the first proof", baseline: proofTime, peakKiB: second.peakMemoryKiB, peakLabel: "evidence-ledger proof"))

        // Proofs in one process on one connection, as a server answering requests makes them: the median of 200
        // entries spread over the log, against one indexed read of a leaf (the least a proof has to read).
        let log = LedgerLog(connection: check)
        var proofTimes: [Double] = [], readTimes: [Double] = []
        var pick = SyntheticRows(seed: seed)
        for _ in 0..<200 {
            let entry = UInt64(pick.next() % UInt64(max(entries, 1)))
            let start = Date()
            let made = try log.proof(entry: entry, extendNodes: false)
            proofTimes.append(Date().timeIntervalSince(start))
            precondition(made.index == entry)
            let readStart = Date()
            _ = try check.scalar("SELECT leaf FROM ledger.log_entry WHERE idx = \(Int(entry))", as: [UInt8].self)
            readTimes.append(Date().timeIntervalSince(readStart))
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        results.append(BenchResult(
            name: "inclusion proof at \(entries) entries in one process (median of 200; p99 \(Int(proofTimes.sorted()[197] * 1_000_000)) µs)", unit: "µs",
            figure: median(proofTimes) * 1_000_000, baselineName: "one indexed SELECT of a leaf, median", baseline: median(readTimes) * 1_000_000,
            peakKiB: peakRSS(RUSAGE_SELF)))

        // A checkpoint after more writes, as they are usually signed: it extends the last checkpoint's stored
        // frontier with the new entries only; against checkpoint --full after as many more, which rereads them all.
        let more = 1_000
        func importMore(_ batch: Int) throws {
            let path = base + "/more-\(batch).csv"
            try SyntheticItemsCSV.write(path: path, rows: more, seed: seed &+ UInt64(batch), firstID: n + batch * more)
            let outcome = try ExternalCommand(executable: executable, arguments: ["import", path, "--database", conninfo]).run()
            guard outcome.status == 0 else { throw ValidationError("import failed: \(outcome.output.prefix(2000))") }
        }
        try importMore(0)
        let nextStart = Date()
        let next = try ExternalCommand(executable: executable, arguments: ["checkpoint", "--key", key, "--database", conninfo]).run()
        let nextTime = Date().timeIntervalSince(nextStart)
        guard next.status == 0 else { throw ValidationError("checkpoint failed: \(next.output)") }
        try importMore(1)
        let fullStart = Date()
        let full = try ExternalCommand(executable: executable, arguments: ["checkpoint", "--full", "--key", key, "--database", conninfo]).run()
        let fullTime = Date().timeIntervalSince(fullStart)
        guard full.status == 0 else { throw ValidationError("checkpoint --full failed: \(full.output)") }
        let grown = try check.scalar("SELECT size FROM ledger.log_head", as: Int.self) ?? 0
        results.append(BenchResult(
            name: "checkpoint after \(more) more items (\(grown) entries), whole command: extends the last checkpoint", unit: "s", figure: nextTime,
            baselineName: "checkpoint --full after \(more) more, which rereads every entry", baseline: fullTime, peakKiB: next.peakMemoryKiB, peakLabel: "evidence-ledger checkpoint"))

        // A checkpoint that reads every leaf of a log of about N entries: a second ledger of N/2 items (each item
        // logs two entries), signed with --full, against dumping its leaves.
        results.append(try halfLedgerCheckpoint(rows: n / 2, base: base, admin: admin, cluster: cluster, psql: psql, executable: executable, setupFiles: [actors, catalogue]))
        return results
    }

    /// The least an import of N items that keeps versions and a log writes, as one psql script in one transaction,
    /// in a database of its own with none of the ledger's checks, triggers or foreign keys: the CSV copied into a
    /// staging table, one entity row per item (a uuid and its unique external id), one version row (typed
    /// columns, jsonb attributes) and one log row for each (the SHA-256 of the row as JSON). A floor for
    /// `evidence-ledger import`, which also validates every field, checks references, numbers versions and builds
    /// canonical leaves.
    func importFloor(rows n: Int, file: String, admin: Connection, cluster: LocalCluster, psql: String, base: String, baseline: Double) throws -> BenchResult {
        try admin.query("CREATE DATABASE bench_floor")
        let conninfo = cluster.conninfo(database: "bench_floor")
        let columns = SyntheticItemsCSV.columns.map { "\($0) text" }.joined(separator: ", ")
        let script = base + "/floor.sql"
        try """
            CREATE TABLE actor (id uuid PRIMARY KEY, external_id text NOT NULL UNIQUE);
            INSERT INTO actor VALUES (gen_random_uuid(), 'actor-synthetic-a'), (gen_random_uuid(), 'actor-synthetic-b');
            CREATE TABLE entity (id uuid PRIMARY KEY, external_id text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE version (entity uuid NOT NULL, version integer NOT NULL, kind text NOT NULL, title text NOT NULL,
                description text, occurred daterange, precision text, acting uuid, territorial uuid, attributes jsonb,
                review_status text, recorded_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (entity, version));
            CREATE TABLE log (idx bigint PRIMARY KEY, leaf bytea NOT NULL);
            CREATE SEQUENCE log_idx MINVALUE 0 START 0;
            CREATE TABLE stage (\(columns));
            \\timing on
            BEGIN;
            \\copy stage FROM '\(file)' WITH (FORMAT csv, HEADER true)
            INSERT INTO entity (id, external_id) SELECT gen_random_uuid(), id FROM stage;
            INSERT INTO version SELECT e.id, 1, s.kind, s.title, s.description,
                daterange(s.occurred_from::date, s.occurred_to::date, '[]'), s.occurred_precision, a.id, t.id,
                s.attributes::jsonb, s.review_status
              FROM stage s JOIN entity e ON e.external_id = s.id
              JOIN actor a ON a.external_id = s.acting_state JOIN actor t ON t.external_id = s.territorial_state;
            INSERT INTO log SELECT nextval('log_idx'), sha256(convert_to(row_to_json(e)::text, 'UTF8')) FROM entity e;
            INSERT INTO log SELECT nextval('log_idx'), sha256(convert_to(row_to_json(v)::text, 'UTF8')) FROM version v;
            COMMIT;

            """.write(toFile: script, atomically: true, encoding: .utf8)
        let start = Date()
        let outcome = try ExternalCommand(executable: psql, arguments: ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--dbname", conninfo, "-f", script]).run()
        let time = Date().timeIntervalSince(start)
        guard outcome.status == 0 else { throw ValidationError("the plain-SQL floor failed: \(outcome.output.prefix(2000))") }
        // Each statement's time, as psql printed it, for the reader of the table.
        let steps = outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("Time: ") }
            .map { $0.dropFirst(6).split(separator: " ").first.map(String.init) ?? "?" }
        let labels = ["begin", "copy", "entities", "versions", "log of entities", "log of versions", "commit"]
        let detail = zip(labels, steps).filter { $0.0 != "begin" }.map { "\($0.0) \($0.1) ms" }.joined(separator: ", ")
        let check = try Connection.connect(conninfo)
        let logged = try check.scalar("SELECT count(*) FROM log", as: Int.self)
        precondition(logged == 2 * n, "the floor logged \(logged ?? -1) rows, expected \(2 * n)")
        check.close()
        try admin.query("DROP DATABASE bench_floor")
        return BenchResult(
            name: "floor: the same \(n) items written versioned and logged in plain SQL with no check at all (\(detail))", unit: "rows/s",
            figure: Double(n) / time, baselineName: "psql \\copy of the same CSV into a bare table",
            baseline: Double(n) / baseline, peakKiB: outcome.peakMemoryKiB, peakLabel: "psql")
    }

    /// `checkpoint --full` over a ledger of `items` synthetic items of its own (not timed: its import), against
    /// `psql \copy` of its leaves to /dev/null.
    func halfLedgerCheckpoint(rows items: Int, base: String, admin: Connection, cluster: LocalCluster, psql: String, executable: String,
                              setupFiles: [String]) throws -> BenchResult {
        try admin.query("CREATE DATABASE bench_half")
        let conninfo = cluster.conninfo(database: "bench_half")
        let setup = try ExternalCommand(executable: executable, arguments: ["import"] + setupFiles + ["--database", conninfo]).run()
        guard setup.status == 0 else { throw ValidationError("setting up the second ledger failed: \(setup.output)") }
        let file = base + "/half-items.csv"
        try SyntheticItemsCSV.write(path: file, rows: items, seed: seed)
        let imported = try ExternalCommand(executable: executable, arguments: ["import", file, "--database", conninfo]).run()
        guard imported.status == 0 else { throw ValidationError("import into the second ledger failed: \(imported.output.prefix(2000))") }
        let check = try Connection.connect(conninfo)
        defer { check.close() }
        try check.execute("VACUUM ANALYZE")
        let entries = try check.scalar("SELECT size FROM ledger.log_head", as: Int.self) ?? 0
        let key = base + "/half.key"
        let generated = try ExternalCommand(executable: executable, arguments: ["key", "generate", "--out", key, "--database", conninfo]).run()
        guard generated.status == 0 else { throw ValidationError("key generate failed: \(generated.output)") }
        let start = Date()
        let signed = try ExternalCommand(executable: executable, arguments: ["checkpoint", "--full", "--key", key, "--database", conninfo]).run()
        let time = Date().timeIntervalSince(start)
        guard signed.status == 0 else { throw ValidationError("checkpoint --full failed: \(signed.output)") }
        let leavesStart = Date()
        let leaves = try ExternalCommand(executable: psql, arguments: ["-X", "-q", "--dbname", conninfo, "-c", "\\copy (SELECT leaf FROM ledger.log_entry ORDER BY idx) TO '/dev/null'"]).run()
        let leavesTime = Date().timeIntervalSince(leavesStart)
        guard leaves.status == 0 else { throw ValidationError("psql \\copy of the leaves failed: \(leaves.output)") }
        return BenchResult(
            name: "checkpoint --full at \(entries) entries (a second ledger of \(items) items), whole command", unit: "s", figure: time,
            baselineName: "psql \\copy (SELECT leaf FROM ledger.log_entry ORDER BY idx) TO /dev/null", baseline: leavesTime,
            peakKiB: signed.peakMemoryKiB, peakLabel: "evidence-ledger checkpoint")
    }

    func peakRSS(_ who: __rusage_who) -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(who.rawValue), &usage)
        return usage.ru_maxrss
    }
}

enum BenchTable {
    static let create = """
        CREATE TABLE bench_item (
            id bigint, kind text, title text, description text, occurred timestamptz,
            grade text, credibility int, lat numeric, lon numeric, note text
        )
        """

    static func writeFile(path: String, rows n: Int, seed: UInt64) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw ValidationError("cannot write \(path)") }
        defer { handle.closeFile() }
        var generator = SyntheticRows(seed: seed)
        var buffer = ""
        for i in 0..<n {
            buffer += generator.row(i).map { field in
                guard let field else { return "\\N" }
                return field.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            }.joined(separator: "\t") + "\n"
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        handle.write(Data(buffer.utf8))
        // ledger-bench's generator and file writer must agree, or the comparison is not of the same rows.
    }
}

struct BenchResult {
    var name: String
    var unit: String
    var figure: Double
    var baselineName: String
    var baseline: Double
    var peakKiB: Int
    var peakLabel = "ledger-bench so far"

    static func table(_ results: [BenchResult], rows: Int, server: String) -> String {
        var lines = ["ledger-bench: \(rows) synthetic rows, PostgreSQL \(server), \(ProcessInfo.processInfo.activeProcessorCount) cores", ""]
        lines.append("| benchmark | figure | baseline (same run) | ratio | peak RSS |")
        lines.append("|---|---|---|---|---|")
        for r in results {
            let figure = r.unit == "s" ? String(format: "%.3f", r.figure) : String(Int(r.figure))
            let baseline = r.unit == "s" ? String(format: "%.3f", r.baseline) : String(Int(r.baseline))
            lines.append("| \(r.name) | \(figure) \(r.unit) | \(baseline) \(r.unit) (\(r.baselineName)) | \(String(format: "%.2f", r.figure / r.baseline)) | \(r.peakKiB / 1024) MiB (\(r.peakLabel)) |")
        }
        return lines.joined(separator: "\n")
    }
}

LedgerBench.main()

/// N synthetic evidence items as an items CSV (fixed seed): clearly marked SYNTHETIC, never real evidence.
enum SyntheticItemsCSV {
    static let columns = ["id", "kind", "title", "description", "occurred_from", "occurred_to", "occurred_precision",
                          "acting_state", "territorial_state", "attributes", "review_status"]

    static func write(path: String, rows n: Int, seed: UInt64, firstID: Int = 0) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw ValidationError("cannot write \(path)") }
        defer { handle.closeFile() }
        var generator = SyntheticRows(seed: seed)
        var buffer = columns.joined(separator: ",") + "\n"
        for i in firstID..<(firstID + n) {
            let r = generator.next()
            let day = 1 + Int(r % 28), month = 1 + Int((r >> 8) % 12), count = Int((r >> 16) % 50)
            let date = "2022-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
            buffer += "item-synthetic-\(i),missile-launch,SYNTHETIC launch record \(i),\"SYNTHETIC benchmark row \(i), not evidence\",\(date),\(date),day,actor-synthetic-a,actor-synthetic-b,\"{\"\"count\"\": \(count)}\",submitted\n"
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        handle.write(Data(buffer.utf8))
    }
}

/// Links of N synthetic items to criterion elements of the legal catalogue, as a links CSV: item `i` supports
/// UNGA-3314/3(f).1 when `i` is a multiple of 5 and UNGA-3314/3(f).3 when it is a multiple of 1000.
enum SyntheticLinksCSV {
    static let columns = ["item", "element", "relation", "credibility", "argument"]

    /// Writes the file; returns how many links it holds.
    static func write(path: String, items n: Int) throws -> Int {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw ValidationError("cannot write \(path)") }
        defer { handle.closeFile() }
        var buffer = columns.joined(separator: ",") + "\n"
        var count = 0
        for i in stride(from: 0, to: n, by: 5) {
            buffer += "item-synthetic-\(i),UNGA-3314/3(f).1,supports,3,SYNTHETIC benchmark link \(i)\n"
            count += 1
            if i % 1000 == 0 {
                buffer += "item-synthetic-\(i),UNGA-3314/3(f).3,qualifies,4,SYNTHETIC benchmark link \(i)\n"
                count += 1
            }
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        handle.write(Data(buffer.utf8))
        return count
    }
}
