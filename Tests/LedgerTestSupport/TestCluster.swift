import Foundation
import LedgerStore
import Postgres
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A throwaway PostgreSQL cluster for the whole test run, started on first use through the same manager the CLI
/// uses, and stopped and deleted when the test process exits. Each test takes a database of its own.
public final class TestCluster: Sendable {
    /// The cluster of this test process.
    public static let shared: TestCluster = {
        do {
            let cluster = try TestCluster()
            atexit { TestCluster.shared.tearDown() }
            return cluster
        } catch {
            fatalError("the test cluster could not be started: \(error)")
        }
    }()

    public let cluster: LocalCluster
    /// A login role that must give a password (scram-sha-256), for authentication tests.
    public static let passwordRole = "el_password_user"
    public static let password = "correct horse battery staple"
    /// Login roles with passwords (scram-sha-256) in ledger_researcher and in ledger_reviewer, for tests that sign
    /// in as a person would (the web interface).
    public static let researcherRole = "el_web_researcher"
    public static let reviewerRole = "el_web_reviewer"
    public static let researcherPassword = "researcher's password: Мозырь 2022"
    public static let reviewerPassword = "reviewer's password: Зябровка 2022"
    /// A login role with a password in ledger_auditor.
    public static let auditorRole = "el_web_auditor"
    public static let auditorPassword = "auditor's password: Гомель 2022"
    /// A login role with a password in ledger_reader.
    public static let readerRole = "el_web_reader"
    public static let readerPassword = "reader's password: Мазыр 2022"
    /// The migrated template every `makeMigratedDatabase()` copies.
    static let templateName = "ledger_test_template"

    private init() throws {
        let base = try TestCluster.makeTemporaryDirectory(prefix: "evidence-ledger-tests")
        var cluster = LocalCluster(baseDirectory: base)
        cluster.databaseName = "postgres"
        cluster.extraSettings = ["fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "200"]
        cluster.extraHBARules = [TestCluster.passwordRole, TestCluster.researcherRole, TestCluster.reviewerRole, TestCluster.auditorRole, TestCluster.readerRole].map { "local all \($0) scram-sha-256" }
        try cluster.ensureRunning()
        self.cluster = cluster
        let admin = try Connection.connect(cluster.conninfo(database: "postgres"))
        defer { admin.close() }
        try admin.query("CREATE ROLE \(identifier: TestCluster.passwordRole) LOGIN PASSWORD \(literal: TestCluster.password)")
        try admin.query("CREATE DATABASE \(identifier: TestCluster.templateName)")
        let template = try Connection.connect(cluster.conninfo(database: TestCluster.templateName))
        defer { template.close() }
        try Migrator(directory: SchemaDirectory.locate()).migrate(on: template)
        // The ledger's group roles exist now (the first migration creates them).
        for (role, password, group) in [(TestCluster.researcherRole, TestCluster.researcherPassword, "ledger_researcher"),
                                        (TestCluster.reviewerRole, TestCluster.reviewerPassword, "ledger_reviewer"),
                                        (TestCluster.auditorRole, TestCluster.auditorPassword, "ledger_auditor"),
                                        (TestCluster.readerRole, TestCluster.readerPassword, "ledger_reader")] {
            try admin.query("CREATE ROLE \(identifier: role) LOGIN PASSWORD \(literal: password) IN ROLE \(identifier: group)")
        }
    }

    /// A new temporary folder the server's account can pass through (as root the server runs as `postgres`).
    public static func makeTemporaryDirectory(prefix: String) throws -> String {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "mkdtemp failed"])
        }
        let path = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        _ = chmod(path, 0o711)
        return path
    }

    func tearDown() {
        _ = try? cluster.stop()
        try? FileManager.default.removeItem(atPath: cluster.baseDirectory)
    }

    /// The connection string of `database` as the superuser.
    public func conninfo(database: String) -> String {
        cluster.conninfo(database: database)
    }

    /// A new empty database; returns its connection string.
    public func makeDatabase(prefix: String = "t") throws -> String {
        let name = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
        let admin = try Connection.connect(cluster.conninfo(database: "postgres"))
        defer { admin.close() }
        try admin.query("CREATE DATABASE \(identifier: name)")
        return cluster.conninfo(database: name)
    }

    /// A new database with every migration of schema/ applied (copied from a template migrated once).
    public func makeMigratedDatabase(prefix: String = "m") throws -> String {
        let name = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
        let admin = try Connection.connect(cluster.conninfo(database: "postgres"))
        defer { admin.close() }
        try admin.query("CREATE DATABASE \(identifier: name) TEMPLATE \(identifier: TestCluster.templateName)")
        return cluster.conninfo(database: name)
    }

    /// A connection to a new empty database.
    public func connectToNewDatabase() throws -> Connection {
        try Connection.connect(makeDatabase())
    }
}
