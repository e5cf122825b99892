import Foundation
import LedgerStore

/// Runs the built `evidence-ledger` executable, as a user would, and captures what it prints.
struct CommandRunner {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The folder with the built products (the test bundle sits beside the executable).
    static var productsDirectory: URL {
        let candidates = [
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        ]
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("evidence-ledger").path) {
            return candidate
        }
        return URL(fileURLWithPath: SchemaDirectory.sourceTreeRoot + "/.build/debug")
    }

    static var executable: String { productsDirectory.appendingPathComponent("evidence-ledger").path }

    /// The environment of this process without any connection settings, so the command decides from its arguments.
    static var cleanEnvironment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in ["DATABASE_URL", "PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE", "PGPASSWORD", "PGPASSFILE", "EVIDENCE_LEDGER_DATA_DIR", "EVIDENCE_LEDGER_PG_BINDIR"] {
            env[key] = nil
        }
        return env
    }

    static func run(_ arguments: [String], environment: [String: String] = cleanEnvironment) throws -> Outcome {
        // posix_spawn and waitpid rather than Foundation's Process, whose waitUntilExit can miss a quick child here.
        let outcome = try ExternalCommand(executable: executable, arguments: arguments).run(environment: environment)
        return Outcome(status: outcome.status, stdout: outcome.stdout, stderr: outcome.stderr)
    }
}
