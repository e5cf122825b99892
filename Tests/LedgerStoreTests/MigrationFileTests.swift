import Foundation
import LedgerStore
import LedgerTestSupport
import Testing

@Suite("Migration files (no database)")
struct MigrationFileTests {
    func folder(_ files: [String: String]) throws -> String {
        let dir = try TestCluster.makeTemporaryDirectory(prefix: "el-schema")
        for (name, sql) in files {
            try sql.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        }
        return dir
    }

    @Test func loadsInVersionOrderAndIgnoresOtherFiles() throws {
        let dir = try folder([
            "0002_second.sql": "SELECT 2;",
            "0001_first.sql": "SELECT 1;",
            "0010_tenth.sql": "SELECT 10;",
            "README.md": "not a migration",
            "dossier.schema.json": "{}",
        ])
        let files = try MigrationFile.load(from: dir)
        #expect(files.map(\.version) == [1, 2, 10])
        #expect(files[0].sha256 == "17db4fd369edb9244b9f91d9aeed145c3d04ad8ba6e95d06247f07a63527d11a")
    }

    @Test func checksumIsSHA256OfTheBytes() throws {
        // SHA-256 of "SELECT 1;\n" as sha256sum computes it.
        let file = MigrationFile(version: 1, filename: "0001_a.sql", sql: "SELECT 1;\n")
        #expect(file.sha256 == "b4e0497804e46e0a0b0b8c31975b062152d551bac49c3c2e80932567b4085dcd")
    }


    @Test(arguments: ["1_short.sql", "0001-dash.sql", "0001_Upper.sql", "0001_.sql", "abcd_name.sql", "0001_name.SQL.sql"])
    func refusesMalformedNames(name: String) throws {
        let dir = try folder([name: "SELECT 1;", "0002_ok.sql": "SELECT 2;"])
        let error = #expect(throws: MigrationError.self) { try MigrationFile.load(from: dir) }
        #expect(error?.code == .badFile)
        #expect(error?.message.contains(name) == true)
    }

    @Test func refusesTwoFilesWithOneVersion() throws {
        let dir = try folder(["0001_a.sql": "SELECT 1;", "0001_b.sql": "SELECT 1;"])
        let error = #expect(throws: MigrationError.self) { try MigrationFile.load(from: dir) }
        #expect(error?.code == .badFile)
    }

    @Test func refusesOwnTransactionControl() throws {
        let dir = try folder(["0001_a.sql": "CREATE TABLE x (i int);\nCOMMIT;\n"])
        let error = #expect(throws: MigrationError.self) { try MigrationFile.load(from: dir) }
        #expect(error?.message.contains("0001_a.sql:2") == true)
    }

    @Test func plpgsqlBlocksAreNotTransactionControl() throws {
        let dir = try folder(["0001_a.sql": "DO $$\nBEGIN\n  BEGIN\n    NULL;\n  END;\nEND\n$$;\n"])
        #expect(try MigrationFile.load(from: dir).count == 1)
    }

    @Test func missingFolder() throws {
        let error = #expect(throws: MigrationError.self) { try MigrationFile.load(from: "/nonexistent/schema") }
        #expect(error?.code == .schemaDirectoryMissing)
    }

    @Test func emptyFolder() throws {
        let dir = try folder([:])
        let error = #expect(throws: MigrationError.self) { try MigrationFile.load(from: dir) }
        #expect(error?.code == .schemaDirectoryMissing)
    }

    @Test func linesOfPositions() {
        let file = MigrationFile(version: 1, filename: "0001_a.sql", sql: "SELECT 1;\n-- Мазыр\nSELEC 2;\n")
        #expect(file.line(ofPosition: 1) == 1)
        #expect(file.line(ofPosition: 11) == 2)
        // Positions count characters, not bytes: "-- Мазыр\n" is 9 characters.
        #expect(file.line(ofPosition: 20) == 3)
    }
}
