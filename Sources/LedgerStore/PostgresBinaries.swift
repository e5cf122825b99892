import Foundation

/// Where the PostgreSQL server programs (`initdb`, `pg_ctl`, `postgres`) and `psql` are.
public struct PostgresBinaries: Sendable {
    public var directory: String

    public var initdb: String { directory + "/initdb" }
    public var pgCtl: String { directory + "/pg_ctl" }
    public var postgres: String { directory + "/postgres" }

    /// `psql` beside the server programs, else on PATH.
    public var psql: String? {
        let beside = directory + "/psql"
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return PostgresBinaries.searchPath(for: "psql")
    }

    /// Finds the server programs: `EVIDENCE_LEDGER_PG_BINDIR`, then `pg_config --bindir`, then the newest
    /// `/usr/lib/postgresql/*/bin`, then Homebrew's folders, then PATH.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PostgresBinaries {
        let fm = FileManager.default
        if let explicit = environment["EVIDENCE_LEDGER_PG_BINDIR"], !explicit.isEmpty {
            // An explicit setting that is wrong is reported, not silently replaced by another installation.
            let binaries = PostgresBinaries(directory: explicit)
            guard fm.isExecutableFile(atPath: binaries.initdb), fm.isExecutableFile(atPath: binaries.pgCtl),
                  fm.isExecutableFile(atPath: binaries.postgres) else {
                throw ClusterError(.serverBinariesMissing, """
                    EVIDENCE_LEDGER_PG_BINDIR is \(explicit), which does not hold the PostgreSQL server programs (initdb, pg_ctl, postgres).
                    Point it at their folder (e.g. /usr/lib/postgresql/15/bin), or unset it; to install them: on Debian or Ubuntu \
                    `apt-get install postgresql`, on macOS `brew install postgresql@16`.
                    """)
            }
            return binaries
        }
        var candidates: [String] = []
        if let pgConfig = searchPath(for: "pg_config", environment: environment),
           let outcome = try? ExternalCommand(executable: pgConfig, arguments: ["--bindir"]).run(),
           outcome.status == 0 {
            candidates.append(outcome.output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if let versions = try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql") {
            let sorted = versions.compactMap { Int($0) }.sorted(by: >)
            candidates += sorted.map { "/usr/lib/postgresql/\($0)/bin" }
        }
        for prefix in ["/opt/homebrew/opt", "/usr/local/opt"] {
            if let entries = try? fm.contentsOfDirectory(atPath: prefix) {
                candidates += entries.filter { $0.hasPrefix("postgresql") }.sorted(by: >).map { "\(prefix)/\($0)/bin" }
            }
        }
        if let initdb = searchPath(for: "initdb", environment: environment) {
            candidates.append((initdb as NSString).deletingLastPathComponent)
        }
        for directory in candidates {
            let binaries = PostgresBinaries(directory: directory)
            if fm.isExecutableFile(atPath: binaries.initdb), fm.isExecutableFile(atPath: binaries.pgCtl),
               fm.isExecutableFile(atPath: binaries.postgres) {
                return binaries
            }
        }
        throw ClusterError(.serverBinariesMissing, """
            the PostgreSQL server programs (initdb, pg_ctl, postgres) were not found.
            Install them: on Debian or Ubuntu `apt-get install postgresql`, on macOS `brew install postgresql@16`;
            or set EVIDENCE_LEDGER_PG_BINDIR to their folder; or use an existing server with --database URL.
            """)
    }

    /// The first executable `program` on PATH.
    public static func searchPath(for program: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
