import ArgumentParser
import Foundation
import LedgerStore
import Postgres

extension LedgerBench {
    /// `evidence-ledger sanctions import` of an N-row synthetic file in the targets.simple.csv layout, against
    /// `psql \copy` of the same file into a plain table; the re-import of the same file (nothing changes); and
    /// `sanctions match` of the N targets against 10,000 synthetic actors.
    func sanctionsBenchmark(rows n: Int, base: String, cluster: LocalCluster, psql: String) throws -> [BenchResult] {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("evidence-ledger").path
        let admin = try Connection.connect(cluster.conninfo(database: "postgres"))
        try admin.query("CREATE DATABASE bench_sanctions")
        let conninfo = cluster.conninfo(database: "bench_sanctions")
        func run(_ arguments: [String]) throws -> ExternalCommand.Outcome {
            let outcome = try ExternalCommand(executable: executable, arguments: arguments + ["--database", conninfo]).run()
            guard outcome.status == 0 else { throw ValidationError("\(arguments.prefix(2).joined(separator: " ")) failed: \(outcome.output.prefix(2000))") }
            return outcome
        }
        var names = SyntheticNames(seed: seed)
        // Set-up, not timed: 10,000 synthetic actors (companies and persons) with names from the same syllables.
        let actorCount = 10_000
        let actors = base + "/sanctions-actors.jsonl"
        var text = ""
        for i in 0..<actorCount {
            let person = i % 3 == 0
            text += "{\"type\": \"actor\", \"id\": \"actor-synthetic-\(i)\", \"kind\": \"\(person ? "person" : "company")\", \"names\": [{\"text\": \"\(names.name(person: person))\", \"lang\": \"en\"}]}\n"
        }
        try text.write(toFile: actors, atomically: true, encoding: .utf8)
        _ = try run(["import", actors])

        let file = base + "/targets.simple.csv"
        _ = FileManager.default.createFile(atPath: file, contents: nil)
        let handle = FileHandle(forWritingAtPath: file)!
        var buffer = "\"id\",\"schema\",\"name\",\"aliases\",\"birth_date\",\"countries\",\"addresses\",\"identifiers\",\"sanctions\",\"phones\",\"emails\",\"program_ids\",\"dataset\",\"first_seen\",\"last_seen\",\"last_change\"\n"
        for i in 0..<n {
            let person = i % 3 == 0
            let name = names.name(person: person), alias = names.name(person: person)
            let listed = "20\(10 + i % 15)-0\(1 + i % 9)-1\(i % 10)"
            let fields = ["synthetic-\(i)", person ? "Person" : "Company", name, alias, person ? "19\(50 + i % 40)" : "", "xx", "", "SYN-\(i)",
                          "SYNTHETIC programme \(i % 40) - \(listed)", "", "", "", "SYNTHETIC dataset", "2024-01-01T00:00:00", "2025-01-10T06:00:00", "2025-01-10T06:00:00"]
            buffer += fields.map { "\"\($0)\"" }.joined(separator: ",") + "\n"
            if buffer.utf8.count > 1 << 20 { handle.write(Data(buffer.utf8)); buffer = "" }
        }
        handle.write(Data(buffer.utf8))
        handle.closeFile()
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0

        let arguments = ["sanctions", "import", file, "--format", "opensanctions-csv", "--dataset", "bench", "--jurisdiction", "EU"]
        let start = Date()
        let imported = try run(arguments)
        let ours = Date().timeIntervalSince(start)
        let stored = try Connection.connect(conninfo).scalar("SELECT count(*)::int FROM ledger.designation_version", as: Int.self)
        precondition(stored == n, "the import stored \(stored ?? -1) listings, expected \(n)")

        let again = Date()
        let reimported = try run(arguments)
        let second = Date().timeIntervalSince(again)

        try Connection.connect(conninfo).execute("""
            CREATE TABLE bench_targets (id text, schema text, name text, aliases text, birth_date text, countries text, addresses text,
                identifiers text, sanctions text, phones text, emails text, program_ids text, dataset text, first_seen text, last_seen text, last_change text)
            """)
        let psqlStart = Date()
        let copy = try ExternalCommand(executable: psql, arguments: ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--dbname", conninfo, "-c",
            "\\copy bench_targets FROM '\(file)' WITH (FORMAT csv, HEADER true)"]).run()
        let baseline = Date().timeIntervalSince(psqlStart)
        guard copy.status == 0 else { throw ValidationError("psql \\copy of the targets file failed: \(copy.output)") }

        let matchStart = Date()
        let matched = try run(["sanctions", "match", "--format", "csv"])
        let matching = Date().timeIntervalSince(matchStart)
        let proposals = max(0, matched.stdout.split(separator: "\n").count - 1)

        return [
            BenchResult(name: "evidence-ledger sanctions import of \(n) targets.simple.csv rows (\(size / 1_048_576) MiB; checked, versioned, logged)",
                        unit: "rows/s", figure: Double(n) / ours, baselineName: "psql \\copy of the same file into a 16-column text table",
                        baseline: Double(n) / baseline, peakKiB: imported.peakMemoryKiB, peakLabel: "evidence-ledger sanctions import"),
            BenchResult(name: "the same file imported again (compared, nothing written)", unit: "rows/s", figure: Double(n) / second,
                        baselineName: "psql \\copy, as above", baseline: Double(n) / baseline, peakKiB: reimported.peakMemoryKiB,
                        peakLabel: "evidence-ledger sanctions import"),
            BenchResult(name: "evidence-ledger sanctions match: \(n) targets × \(actorCount) actors, \(proposals) proposals, in \(String(format: "%.1f", matching)) s",
                        unit: "targets/s", figure: Double(n) / matching, baselineName: "psql \\copy of the targets file, as above",
                        baseline: Double(n) / baseline, peakKiB: matched.peakMemoryKiB, peakLabel: "evidence-ledger sanctions match"),
        ]
    }
}

/// Synthetic names (the ids and the dataset title say SYNTHETIC): words of two to four syllables drawn from a
/// hundred, so that most names are distinct, a few collide, and matching has real candidates to score.
struct SyntheticNames {
    var state: UInt64
    static let consonants = Array("bdfgklmnprstvzhcjwxy")
    static let vowels = Array("aeiou")
    static let companyWords = ["Trading", "Logistics", "Fuel", "Rail", "Machine", "Chemical", "Transport", "Energy"]

    init(seed: UInt64) { state = seed | 1 }

    mutating func next() -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % 1_000_003)
    }

    mutating func word() -> String {
        let count = 2 + next() % 3
        let text = String((0..<count).flatMap { _ in [Self.consonants[next() % Self.consonants.count], Self.vowels[next() % Self.vowels.count]] })
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    mutating func name(person: Bool) -> String {
        person ? "\(word()) \(word())" : "\(word()) \(Self.companyWords[next() % Self.companyWords.count])"
    }
}
