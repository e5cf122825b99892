import ArgumentParser
import Foundation
import LedgerStore
import Postgres

extension LedgerBench {
    /// `evidence-ledger dossier build --stream` (JSON, HTML, CSV) over N synthetic items linked to the elements of
    /// UNGA-3314/3(f), against `psql \copy` of the same joined rows (current items with their current links) to
    /// /dev/null; up to 200k items also the in-memory build (`--formats-only`), whose files must be the same bytes.
    func dossierBenchmark(rows n: Int, base: String, cluster: LocalCluster, psql: String) throws -> [BenchResult] {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("evidence-ledger").path
        let admin = try Connection.connect(cluster.conninfo(database: "postgres"))
        try admin.query("CREATE DATABASE bench_dossier")
        let conninfo = cluster.conninfo(database: "bench_dossier")
        func run(_ arguments: [String]) throws -> ExternalCommand.Outcome {
            let outcome = try ExternalCommand(executable: executable, arguments: arguments + ["--database", conninfo]).run()
            guard outcome.status == 0 else { throw ValidationError("\(arguments.prefix(2).joined(separator: " ")) failed: \(outcome.output.prefix(2000))") }
            return outcome
        }
        // Set-up, not timed: the legal catalogue, two synthetic states, the items and one link per item.
        let actors = base + "/dossier-actors.jsonl"
        try """
            {"type": "actor", "id": "actor-synthetic-a", "kind": "state", "names": [{"text": "SYNTHETIC STATE A", "lang": "en"}]}
            {"type": "actor", "id": "actor-synthetic-b", "kind": "state", "names": [{"text": "SYNTHETIC STATE B", "lang": "en"}]}
            """.write(toFile: actors, atomically: true, encoding: .utf8)
        _ = try run(["import", FileImport.fixturesDirectory() + "/legal/catalogue.yaml", actors])
        let items = base + "/dossier-items.csv", links = base + "/dossier-links.csv"
        try SyntheticItemsCSV.write(path: items, rows: n, seed: seed)
        _ = FileManager.default.createFile(atPath: links, contents: nil)
        let handle = FileHandle(forWritingAtPath: links)!
        var buffer = "item,element,relation,credibility,argument\n"
        for i in 0..<n {
            let relation = i % 20 == 0 ? "contradicts" : (i % 10 == 0 ? "qualifies" : "supports")
            buffer += "item-synthetic-\(i),UNGA-3314/3(f).\(1 + i % 3),\(relation),\(1 + i % 6),SYNTHETIC argument \(i)\n"
            if buffer.utf8.count > 1 << 20 { handle.write(Data(buffer.utf8)); buffer = "" }
        }
        handle.write(Data(buffer.utf8))
        handle.closeFile()
        _ = try run(["import", items])
        _ = try run(["import", links])
        let generated = try run(["key", "generate", "--out", base + "/dossier.key"])
        let vkey = generated.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try run(["checkpoint", "--key", base + "/dossier.key"])
        // As for the log benchmarks: the freshly written rows' hint bits and the planner's statistics are settled
        // first (untimed), so that neither the build nor the baseline pays for them by going first.
        let settle = try Connection.connect(conninfo)
        try settle.execute("VACUUM ANALYZE")
        settle.close()
        let spec = base + "/dossier.yaml"
        try """
            title: "SYNTHETIC benchmark dossier"
            subject: [actor-synthetic-b]
            criteria: ["UNGA-3314/3(f)"]
            redaction: public
            formats: [json, html, csv]
            """.write(toFile: spec, atomically: true, encoding: .utf8)

        // The streamed build (what a large dossier uses), then, up to 200k items, the in-memory build of the same
        // formats, whose files must be the same bytes.
        let start = Date()
        let streamed = try run(["dossier", "build", spec, "--out", base + "/dossier-out", "--vkey", vkey, "--stream"])
        let ours = Date().timeIntervalSince(start)
        let json = try Data(contentsOf: URL(fileURLWithPath: base + "/dossier-out/dossier.json"))
        precondition(json.count > n * 100, "the dossier is too small for \(n) items")
        let sizes = ["dossier.json", "dossier.html", "items.csv"].map { name -> String in
            let bytes = (try? FileManager.default.attributesOfItem(atPath: base + "/dossier-out/" + name)[.size] as? Int) ?? 0
            return "\(name) \(bytes / 1_048_576) MiB"
        }.joined(separator: ", ")
        var inMemory: (time: Double, peak: Int)?
        if n <= 200_000 {
            let start = Date()
            let built = try run(["dossier", "build", spec, "--out", base + "/dossier-whole", "--vkey", vkey, "--formats-only"])
            inMemory = (Date().timeIntervalSince(start), built.peakMemoryKiB)
            for name in ["dossier.json", "dossier.html", "items.csv"] {
                let same = FileManager.default.contentsEqual(atPath: base + "/dossier-out/" + name, andPath: base + "/dossier-whole/" + name)
                precondition(same, "\(name): the streamed build differs from the in-memory build")
            }
        }

        let psqlStart = Date()
        // With nested loops off, as the build reads: the views' row estimates can make the planner join them in a
        // nested loop over both (10^10 comparisons at 100k items), and the baseline should not be that.
        let copy = try ExternalCommand(executable: psql, arguments: ["-X", "-q", "--dbname", conninfo, "-c", "SET enable_nestloop = off", "-c",
            "\\copy (SELECT i.*, l.* FROM ledger.current_item i JOIN ledger.current_link l ON l.item = i.id WHERE NOT l.withdrawn) TO '/dev/null'"]).run()
        let baseline = Date().timeIntervalSince(psqlStart)
        guard copy.status == 0 else { throw ValidationError("psql \\copy of the joined rows failed: \(copy.output)") }
        var results = [BenchResult(
            name: "evidence-ledger dossier build --stream of \(n) linked items, JSON + HTML + CSV (\(sizes); \(String(format: "%.1f", ours)) s)", unit: "items/s",
            figure: Double(n) / ours, baselineName: "psql \\copy of current items joined with their links to /dev/null, \(String(format: "%.1f", baseline)) s",
            baseline: Double(n) / baseline, peakKiB: streamed.peakMemoryKiB, peakLabel: "evidence-ledger dossier build --stream")]
        if let inMemory {
            results.append(BenchResult(
                name: "the same, built in memory (--formats-only; the same bytes; \(String(format: "%.1f", inMemory.time)) s)", unit: "items/s",
                figure: Double(n) / inMemory.time, baselineName: "psql \\copy, as above", baseline: Double(n) / baseline,
                peakKiB: inMemory.peak, peakLabel: "evidence-ledger dossier build --formats-only"))
        }
        return results
    }
}
