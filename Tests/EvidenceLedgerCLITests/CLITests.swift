import Foundation
import LedgerStore
import LedgerTestSupport
import Postgres
import Testing

@Suite("The evidence-ledger executable, end to end")
struct CLITests {
    /// How many migrations schema/ holds.
    static var migrationCount: Int {
        (try? MigrationFile.load(from: SchemaDirectory.locate()).count) ?? -1
    }

    @Test func version() throws {
        let outcome = try CommandRunner.run(["--version"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "0.1.0\n")
    }

    @Test(arguments: [["--help"], ["demo", "--help"], ["migrate", "--help"], ["import", "--help"], ["db", "--help"], ["db", "status", "--help"],
                      ["db", "start", "--help"], ["db", "stop", "--help"], ["db", "psql", "--help"], ["db", "url", "--help"],
                      ["criteria", "--help"], ["criteria", "list", "--help"], ["criteria", "show", "--help"],
                      ["source", "--help"], ["source", "add", "--help"], ["source", "list", "--help"], ["source", "show", "--help"],
                      ["exhibit", "--help"], ["exhibit", "add", "--help"], ["exhibit", "list", "--help"],
                      ["evidence", "--help"], ["evidence", "new", "--help"], ["evidence", "add", "--help"], ["evidence", "amend", "--help"],
                      ["evidence", "link", "--help"], ["evidence", "list", "--help"], ["evidence", "show", "--help"], ["evidence", "withdraw", "--help"],
                      ["review", "--help"], ["search", "--help"]])
    func everyCommandsHelpShowsAnExample(arguments: [String]) throws {
        let outcome = try CommandRunner.run(arguments)
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("Example:"))
        #expect(outcome.stdout.contains("evidence-ledger"))
    }

    @Test func unknownOptionIsAUsageError() throws {
        let outcome = try CommandRunner.run(["migrate", "--no-such-option"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("--no-such-option"))
    }

    @Test(arguments: ["nonsense", "postgresql://[::1", "postgresql://u@h:notaport/db"])
    func malformedDatabaseURL(url: String) throws {
        let outcome = try CommandRunner.run(["migrate", "--database", url])
        #expect(outcome.status == 78)
        #expect(outcome.stderr.contains("malformed connection settings"))
        #expect(outcome.stdout.isEmpty)
    }

    @Test func unreachableServer() throws {
        let outcome = try CommandRunner.run(["migrate", "--database", "host=/nonexistent-dir port=5432 dbname=x"])
        #expect(outcome.status == 69)
        #expect(outcome.stderr.contains("cannot connect"))
        #expect(outcome.stderr.split(separator: "\n").first?.hasPrefix("evidence-ledger: error:") == true)
    }

    func passwordURL(_ password: String) -> String {
        let cluster = TestCluster.shared.cluster
        return ConnectionString.make([
            "host": cluster.socketDirectory, "port": String(cluster.port), "dbname": "postgres",
            "user": TestCluster.passwordRole, "password": password,
        ])
    }

    @Test func wrongPassword() throws {
        let outcome = try CommandRunner.run(["migrate", "--status", "--database", passwordURL("wrong")])
        #expect(outcome.status == 77)
        #expect(outcome.stderr.contains("password"))
        #expect(!outcome.stderr.contains("wrong"))
    }

    @Test func passwordFromPgpass() throws {
        let cluster = TestCluster.shared.cluster
        let dir = try TestCluster.makeTemporaryDirectory(prefix: "el-pgpass")
        let pgpass = dir + "/pgpass"
        try "*:*:*:\(TestCluster.passwordRole):\(TestCluster.password)\n".write(toFile: pgpass, atomically: true, encoding: .utf8)
        chmod(pgpass, 0o600)
        var env = CommandRunner.cleanEnvironment
        env["PGHOST"] = cluster.socketDirectory
        env["PGPORT"] = String(cluster.port)
        env["PGUSER"] = TestCluster.passwordRole
        env["PGDATABASE"] = "postgres"
        env["PGPASSFILE"] = pgpass
        // The PG* variables select the server; .pgpass supplies the password, as for psql.
        let outcome = try CommandRunner.run(["migrate", "--status"], environment: env)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("0001_foundation.sql"))
        #expect(outcome.stdout.contains("pending"))
    }

    @Test func missingSchemaFolder() throws {
        let conninfo = try TestCluster.shared.makeDatabase()
        var env = CommandRunner.cleanEnvironment
        env["EVIDENCE_LEDGER_SCHEMA_DIR"] = "/nonexistent/schema"
        let outcome = try CommandRunner.run(["migrate", "--database", conninfo], environment: env)
        #expect(outcome.status == 66)
        #expect(outcome.stderr.contains("/nonexistent/schema"))
    }

    @Test func migrateThenStatusThenDemo() throws {
        let conninfo = try TestCluster.shared.makeDatabase()
        let first = try CommandRunner.run(["migrate", "--database", conninfo])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("applied 0001_foundation.sql"))
        let again = try CommandRunner.run(["migrate", "--database", conninfo])
        #expect(again.status == 0)
        #expect(again.stdout.contains("schema is up to date"))
        let status = try CommandRunner.run(["migrate", "--status", "--database", conninfo])
        #expect(status.status == 0)
        #expect(status.stdout.contains("0001     0001_foundation.sql"))
        #expect(status.stdout.contains("applied 20"))
        let demo = try CommandRunner.run(["demo", "--database", conninfo])
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("schema migrations applied (\(CLITests.migrationCount))"))
        #expect(demo.stdout.contains("ledger_researcher"))
    }

    @Test func databaseURLFromTheEnvironment() throws {
        let conninfo = try TestCluster.shared.makeDatabase()
        var env = CommandRunner.cleanEnvironment
        env["DATABASE_URL"] = conninfo
        let outcome = try CommandRunner.run(["migrate"], environment: env)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("applied 0001_foundation.sql"))
    }

    @Test func editedMigrationIsRefusedWithExitCode78() throws {
        let conninfo = try TestCluster.shared.makeDatabase()
        let dir = try TestCluster.makeTemporaryDirectory(prefix: "el-schema")
        try "SELECT 1;".write(toFile: dir + "/0001_a.sql", atomically: true, encoding: .utf8)
        #expect(try CommandRunner.run(["migrate", "--database", conninfo, "--schema-dir", dir]).status == 0)
        try "SELECT 2;".write(toFile: dir + "/0001_a.sql", atomically: true, encoding: .utf8)
        let outcome = try CommandRunner.run(["migrate", "--database", conninfo, "--schema-dir", dir])
        #expect(outcome.status == 78)
        #expect(outcome.stderr.contains("0001_a.sql was edited after it was applied"))
        let status = try CommandRunner.run(["migrate", "--status", "--database", conninfo, "--schema-dir", dir])
        #expect(status.status == 78)
        #expect(status.stdout.contains("EDITED"))
    }

    @Test func dbCommandsRefuseAnotherServer() throws {
        let outcome = try CommandRunner.run(["db", "stop", "--database", "host=/tmp dbname=x"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("--database"))
    }

    @Test func missingServerProgramsNameThePackage() throws {
        var env = CommandRunner.cleanEnvironment
        env["EVIDENCE_LEDGER_PG_BINDIR"] = "/nonexistent/bin"
        let dir = try TestCluster.makeTemporaryDirectory(prefix: "el-nobin")
        let outcome = try CommandRunner.run(["db", "start", "--data-dir", dir], environment: env)
        #expect(outcome.status == 69)
        #expect(outcome.stderr.contains("apt-get install postgresql"))
    }
}

@Suite("The managed cluster through the CLI", .serialized)
struct ManagedClusterCLITests {
    @Test func startStatusUrlPsqlStop() throws {
        let dir = try TestCluster.makeTemporaryDirectory(prefix: "el-cli-cluster")
        defer {
            _ = try? CommandRunner.run(["db", "stop", "--data-dir", dir])
            try? FileManager.default.removeItem(atPath: dir)
        }
        let before = try CommandRunner.run(["db", "status", "--data-dir", dir])
        #expect(before.status == 3)
        #expect(before.stdout.contains("not initialised"))

        let demo = try CommandRunner.run(["demo", "--data-dir", dir])
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("managed local PostgreSQL"))
        #expect(demo.stderr.contains("initialising a private PostgreSQL cluster"))

        let running = try CommandRunner.run(["db", "status", "--data-dir", dir])
        #expect(running.status == 0)
        #expect(running.stdout.contains("state: running"))

        // A second process finds the running server.
        let start = try CommandRunner.run(["db", "start", "--data-dir", dir])
        #expect(start.status == 0)
        #expect(start.stdout.hasPrefix("already running"))

        let url = try CommandRunner.run(["db", "url", "--data-dir", dir])
        #expect(url.stdout.hasPrefix("postgresql:///evidence_ledger?host="))

        let psql = try CommandRunner.run(["db", "psql", "--data-dir", dir, "--", "-At", "-c", "SELECT count(*) FROM ledger_meta.schema_migration"])
        #expect(psql.status == 0, "\(psql.stderr)")
        #expect(psql.stdout == "\(CLITests.migrationCount)\n")

        let stop = try CommandRunner.run(["db", "stop", "--data-dir", dir])
        #expect(stop.stdout == "stopped\n")
        let after = try CommandRunner.run(["db", "status", "--data-dir", dir])
        #expect(after.status == 3)
        #expect(after.stdout.contains("state: stopped"))
    }
}

@Suite("The managed cluster for an ordinary user", .serialized)
struct OrdinaryUserCLITests {
    /// Run as root, the suite also proves the path of an ordinary user: the command runs as `nobody`, and the
    /// server then runs as that user directly, with no switch of account.
    @Test(.enabled(if: ServerAccount.isRoot && ServerAccount.named("nobody") != nil))
    func demoAsAnOrdinaryUser() throws {
        let nobody = try #require(ServerAccount.named("nobody"))
        let dir = try TestCluster.makeTemporaryDirectory(prefix: "el-nobody")
        #expect(chown(dir, nobody.uid, nobody.gid) == 0)
        defer {
            _ = try? ExternalCommand(executable: CommandRunner.executable, arguments: ["db", "stop", "--data-dir", dir + "/ledger"], account: nobody).run(environment: CommandRunner.cleanEnvironment)
            try? FileManager.default.removeItem(atPath: dir)
        }
        var env = CommandRunner.cleanEnvironment
        env["HOME"] = "/nonexistent"
        let demo = try ExternalCommand(executable: CommandRunner.executable, arguments: ["demo", "--data-dir", dir + "/ledger"], account: nobody).run(environment: env)
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("schema migrations applied (\(CLITests.migrationCount))"))
        let status = try ExternalCommand(executable: CommandRunner.executable, arguments: ["db", "status", "--data-dir", dir + "/ledger"], account: nobody).run(environment: env)
        #expect(status.status == 0)
        #expect(status.stdout.contains("server account: nobody"))
        // The data folder is the ordinary user's.
        var info = stat()
        #expect(stat(dir + "/ledger/postgres", &info) == 0)
        #expect(info.st_uid == nobody.uid)
    }
}
