import Foundation
import LedgerStore
import LedgerTestSupport
import Postgres
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Crashes during an import", .serialized)
struct CrashTests {
    /// Starts `evidence-ledger import`, kills it with SIGKILL after `delay` seconds, and returns whether it was still
    /// running then.
    func killImport(_ file: String, database: String, after delay: Double) throws -> Bool {
        var pid: pid_t = 0
        let argv = [CommandRunner.executable, "import", file, "--database", database]
        let cArgv = argv.map { strdup($0) } + [nil]
        defer { cArgv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        guard posix_spawn(&pid, argv[0], &actions, nil, cArgv, environ) == 0 else { return false }
        usleep(UInt32(delay * 1_000_000))
        var status: Int32 = 0
        let stillRunning = waitpid(pid, &status, WNOHANG) == 0
        kill(pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
        return stillRunning
    }

    @Test func killedImportsLeaveNothingPartialAndRerunsCompleteOnce() throws {
        let conninfo = try TestCluster.shared.makeMigratedDatabase()
        let dir = try TestCluster.makeTemporaryDirectory(prefix: "el-crash")
        try #"{"type": "actor", "id": "actor-synthetic-a", "kind": "state"}"#.write(toFile: dir + "/a.jsonl", atomically: true, encoding: .utf8)
        #expect(try CommandRunner.run(["import", dir + "/a.jsonl", "--database", conninfo]).status == 0)
        var csv = "id,kind,title,occurred_from,occurred_precision,acting_state\n"
        for i in 0..<20_000 { csv += "item-crash-\(i),other,SYNTHETIC crash test item \(i),2022-03-01,day,actor-synthetic-a\n" }
        let file = dir + "/items.csv"
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        let connection = try Connection.connect(conninfo)
        var killedWhileRunning = 0
        for delay in [0.3, 0.8, 1.5] {
            if try killImport(file, database: conninfo, after: delay) { killedWhileRunning += 1 }
            // Nothing partial: either no item at all or every one (when the import finished before the kill).
            let items = try connection.scalar("SELECT count(*) FROM ledger.current_item", as: Int.self) ?? -1
            #expect(items == 0 || items == 20_000, "after a kill at \(delay) s: \(items) items")
            if items == 20_000 { break }
        }
        #expect(killedWhileRunning > 0)
        let rerun = try CommandRunner.run(["import", file, "--database", conninfo])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try connection.scalar("SELECT count(*) FROM ledger.current_item", as: Int.self) == 20_000)
        #expect(try connection.scalar("SELECT count(*) FROM ledger.item_version", as: Int.self) == 20_000)
        // The log is whole.
        let key = try CommandRunner.run(["key", "generate", "--out", dir + "/k.key", "--database", conninfo])
        #expect(try CommandRunner.run(["checkpoint", "--key", dir + "/k.key", "--database", conninfo]).status == 0)
        let verified = try CommandRunner.run(["verify", "--vkey", key.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "--database", conninfo])
        #expect(verified.status == 0, "\(verified.stdout)")
    }
}

@Suite("The server killed during an import", .serialized)
struct ServerCrashTests {
    @Test func theLedgerVerifiesAfterTheServerIsKilledAndRestarted() throws {
        let dir = try TestCluster.makeTemporaryDirectory(prefix: "el-srvcrash")
        let data = dir + "/ledger"
        #expect(try CommandRunner.run(["db", "start", "--data-dir", data]).status == 0)
        defer { _ = try? CommandRunner.run(["db", "stop", "--data-dir", data]) }
        try #"{"type": "actor", "id": "actor-synthetic-a", "kind": "state"}"#.write(toFile: dir + "/a.jsonl", atomically: true, encoding: .utf8)
        #expect(try CommandRunner.run(["import", dir + "/a.jsonl", "--data-dir", data]).status == 0)
        var csv = "id,kind,title,occurred_from,occurred_precision,acting_state\n"
        for i in 0..<30_000 { csv += "item-srv-\(i),other,SYNTHETIC server crash item \(i),2022-03-01,day,actor-synthetic-a\n" }
        try csv.write(toFile: dir + "/items.csv", atomically: true, encoding: .utf8)

        // The import runs in the background; the postmaster is killed while it writes.
        let importer = DispatchQueue(label: "import")
        let group = DispatchGroup()
        importer.async(group: group) { _ = try? CommandRunner.run(["import", dir + "/items.csv", "--data-dir", data]) }
        usleep(1_500_000)
        let pid = Int32(try String(contentsOfFile: data + "/postgres/postmaster.pid", encoding: .utf8).split(separator: "\n")[0])!
        #expect(kill(pid, SIGKILL) == 0)
        group.wait()

        // Restart (the next command does it), then: nothing partial, the log whole, the import completes once.
        let url = LocalCluster(baseDirectory: data).conninfo()
        #expect(try CommandRunner.run(["db", "start", "--data-dir", data]).status == 0)
        let connection = try Connection.connect(url)
        let items = try connection.scalar("SELECT count(*) FROM ledger.current_item", as: Int.self) ?? -1
        #expect(items == 0 || items == 30_000)
        #expect(try CommandRunner.run(["import", dir + "/items.csv", "--data-dir", data]).status == 0)
        #expect(try connection.scalar("SELECT count(*) FROM ledger.item_version", as: Int.self) == 30_000)
        let key = try CommandRunner.run(["key", "generate", "--out", dir + "/k.key", "--data-dir", data])
        #expect(try CommandRunner.run(["checkpoint", "--key", dir + "/k.key", "--data-dir", data]).status == 0)
        let verified = try CommandRunner.run(["verify", "--vkey", key.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "--data-dir", data])
        #expect(verified.status == 0, "\(verified.stdout)")
    }
}
