import Foundation
import LedgerTestSupport
import Postgres
import Testing

@Suite("Transactions and savepoints")
struct TransactionTests {
    let connection: Connection

    init() throws {
        connection = try TestCluster.shared.connectToNewDatabase()
        try connection.execute("CREATE TABLE item (id int PRIMARY KEY, title text NOT NULL)")
    }

    func count() throws -> Int { try connection.scalar("SELECT count(*) FROM item", as: Int.self) ?? -1 }

    struct Abort: Error {}

    @Test func commitsWhenTheBodyReturns() throws {
        let value = try connection.transaction { tx in
            try tx.query("INSERT INTO item VALUES (1, \("one"))")
            return 7
        }
        #expect(value == 7)
        #expect(try count() == 1)
        #expect(connection.transactionDepth == 0)
    }

    @Test func rollsBackWhenTheBodyThrows() throws {
        #expect(throws: Abort.self) {
            try connection.transaction { tx in
                try tx.query("INSERT INTO item VALUES (1, \("one"))")
                throw Abort()
            }
        }
        #expect(try count() == 0)
        #expect(connection.transactionDepth == 0)
    }

    @Test func rollsBackWhenAStatementFails() throws {
        #expect(throws: PostgresError.self) {
            try connection.transaction { tx in
                try tx.query("INSERT INTO item VALUES (1, \("one"))")
                try tx.query("INSERT INTO item VALUES (1, \("again"))")
            }
        }
        #expect(try count() == 0)
    }

    @Test func savepointUndoesOnlyItsPart() throws {
        try connection.transaction { tx in
            try tx.query("INSERT INTO item VALUES (1, \("kept"))")
            #expect(throws: PostgresError.self) {
                try tx.savepoint { sp in
                    try sp.query("INSERT INTO item VALUES (2, \("undone"))")
                    try sp.query("INSERT INTO item VALUES (1, \("duplicate"))")
                }
            }
            // A nested transaction is a savepoint too.
            try tx.transaction { inner in
                try inner.query("INSERT INTO item VALUES (3, \("nested"))")
            }
        }
        let ids = try connection.query("SELECT id FROM item ORDER BY id").map { try $0.decode(Int.self, at: 0) }
        #expect(ids == [1, 3])
    }

    @Test func savepointOutsideATransactionIsRefused() throws {
        #expect(throws: PostgresError.self) { try connection.savepoint { _ in } }
    }

    @Test func repeatableReadSnapshot() throws {
        let other = try Connection.connect(TestCluster.shared.conninfo(database: connection.database))
        try connection.transaction(TransactionOptions(isolation: .repeatableRead, readOnly: true)) { tx in
            #expect(try tx.scalar("SELECT count(*) FROM item", as: Int.self) == 0)
            try other.query("INSERT INTO item VALUES (9, \("concurrent"))")
            #expect(try tx.scalar("SELECT count(*) FROM item", as: Int.self) == 0)
            #expect(throws: PostgresError.self) { try tx.query("INSERT INTO item VALUES (10, \("x"))") }
        }
        #expect(try count() == 1)
    }
}
