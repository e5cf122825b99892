import Foundation
import LedgerStore
import LedgerTestSupport
import Postgres
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Each test here sets up a cluster of its own (about a second each), so they run one at a time.
@Suite("The managed local cluster", .serialized)
struct LocalClusterTests {
    func freshCluster() throws -> LocalCluster {
        var cluster = LocalCluster(baseDirectory: try TestCluster.makeTemporaryDirectory(prefix: "el-cluster") + "/ledger")
        cluster.extraSettings = ["fsync": "off"]
        return cluster
    }

    func cleanUp(_ cluster: LocalCluster) {
        _ = try? cluster.stop()
        try? FileManager.default.removeItem(atPath: (cluster.baseDirectory as NSString).deletingLastPathComponent)
    }

    @Test func startStatusStopRestart() throws {
        let cluster = try freshCluster()
        defer { cleanUp(cluster) }
        #expect(cluster.state() == .notInitialised)
        let conninfo = try cluster.ensureRunning()
        guard case .running(let pid) = cluster.state() else {
            Issue.record("not running after start: \(cluster.state())")
            return
        }
        #expect(pid > 0)
        let connection = try Connection.connect(conninfo)
        #expect(connection.database == "evidence_ledger")
        // No TCP port: the server listens on its socket only.
        #expect(try connection.scalar("SHOW listen_addresses", as: String.self) == "")
        #expect(try connection.scalar("SHOW TimeZone", as: String.self) == "UTC")
        connection.close()
        // The data folder is private to the server's account.
        var info = stat()
        #expect(stat(cluster.dataDirectory, &info) == 0)
        #expect(info.st_mode & 0o077 == 0)

        #expect(try cluster.stop())
        #expect(cluster.state() == .stopped(stalePidFile: false))
        #expect(try cluster.stop() == false)
        try cluster.ensureRunning()
        guard case .running = cluster.state() else {
            Issue.record("not running after restart")
            return
        }
    }

    @Test func restartsAfterTheServerWasKilled() throws {
        let cluster = try freshCluster()
        defer { cleanUp(cluster) }
        try cluster.ensureRunning()
        guard case .running(let pid) = cluster.state() else {
            Issue.record("not running")
            return
        }
        let connection = try Connection.connect(cluster.conninfo())
        try connection.execute("CREATE TABLE survives (i int); INSERT INTO survives VALUES (42);")
        connection.close()
        #expect(kill(pid, SIGKILL) == 0)
        // Wait until the postmaster is gone.
        for _ in 0..<100 where kill(pid, 0) == 0 { usleep(50_000) }
        #expect(cluster.state() == .stopped(stalePidFile: true))
        try cluster.ensureRunning()
        guard case .running(let newPid) = cluster.state() else {
            Issue.record("not running after crash restart")
            return
        }
        #expect(newPid != pid)
        let after = try Connection.connect(cluster.conninfo())
        #expect(try after.scalar("SELECT i FROM survives", as: Int.self) == 42)
    }

    @Test func concurrentStartsShareOneServer() throws {
        let cluster = try freshCluster()
        defer { cleanUp(cluster) }
        let results = ConcurrentResults()
        DispatchQueue.concurrentPerform(iterations: 3) { _ in
            do {
                let conninfo = try cluster.ensureRunning()
                let connection = try Connection.connect(conninfo)
                results.add(Int(try connection.scalar("SELECT pg_backend_pid()", as: Int.self) ?? 0))
            } catch {
                results.fail("\(error)")
            }
        }
        #expect(results.failures == [])
        #expect(results.counts.count == 3)
        guard case .running(let pid) = cluster.state() else {
            Issue.record("not running")
            return
        }
        let pids = try String(contentsOfFile: cluster.dataDirectory + "/postmaster.pid", encoding: .utf8)
        #expect(pids.hasPrefix("\(pid)\n"))
    }

    @Test func aDataFolderOwnedBySomeoneElseIsRefused() throws {
        let cluster: LocalCluster
        if ServerAccount.isRoot {
            // As root, a data folder owned by root cannot be used: the server would have to run as root.
            cluster = try freshCluster()
            try FileManager.default.createDirectory(atPath: cluster.dataDirectory, withIntermediateDirectories: true)
            try "15\n".write(toFile: cluster.dataDirectory + "/PG_VERSION", atomically: true, encoding: .utf8)
        } else {
            // As an ordinary user, a folder owned by root.
            cluster = LocalCluster(baseDirectory: "/")
        }
        defer { if ServerAccount.isRoot { cleanUp(cluster) } }
        let error = #expect(throws: ClusterError.self) { try cluster.ensureRunning() }
        #expect(error?.code == .dataFolderNotOwned)
        #expect(error?.message.contains("--data-dir") == true)
    }

    @Test func tooLongASocketPathIsRefusedWithAHint() throws {
        let cluster = LocalCluster(baseDirectory: "/tmp/" + String(repeating: "x", count: 120))
        let error = #expect(throws: ClusterError.self) { try cluster.ensureRunning() }
        #expect(error?.code == .dataFolderUnusable)
        #expect(error?.message.contains("shorter") == true)
    }
}
