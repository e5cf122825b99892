import Foundation
import LedgerStore
import LedgerTestSupport
import Postgres
import Testing

@Suite("Backup and restore")
struct BackupTests {
    @Test func aRestoredLedgerVerifiesWithTheSameKeyAndCheckpoints() throws {
        let source = try TestCluster.shared.makeMigratedDatabase()
        let dir = try TestCluster.makeTemporaryDirectory(prefix: "el-backup")
        #expect(try CommandRunner.run(["import", "--database", source] + FileImport.fixtureFiles()).status == 0)
        let key = try CommandRunner.run(["key", "generate", "--out", dir + "/ledger.key", "--database", source])
        #expect(key.status == 0, "\(key.stderr)")
        let vkey = key.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try CommandRunner.run(["checkpoint", "--key", dir + "/ledger.key", "--database", source]).status == 0)

        let root = SchemaDirectory.sourceTreeRoot
        var env = CommandRunner.cleanEnvironment
        env["DATABASE_URL"] = source
        let backup = try ExternalCommand(executable: "/bin/bash", arguments: [root + "/ops/backup", dir + "/ledger.dump"]).run(environment: env)
        #expect(backup.status == 0, "\(backup.stderr)")
        let again = try ExternalCommand(executable: "/bin/bash", arguments: [root + "/ops/backup", dir + "/ledger.dump"]).run(environment: env)
        #expect(again.status == 73)

        let target = try TestCluster.shared.makeDatabase(prefix: "restored")
        env["DATABASE_URL"] = target
        let restore = try ExternalCommand(executable: "/bin/bash", arguments: [root + "/ops/restore", dir + "/ledger.dump"]).run(environment: env)
        #expect(restore.status == 0, "\(restore.stderr)")
        let verified = try CommandRunner.run(["verify", "--vkey", vkey, "--database", target])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.contains("1 checkpoint"))
        // Restoring over a ledger is refused.
        let twice = try ExternalCommand(executable: "/bin/bash", arguments: [root + "/ops/restore", dir + "/ledger.dump"]).run(environment: env)
        #expect(twice.status == 73)
    }
}
