import Foundation
import Postgres

/// The home page: who is signed in with which ledger roles, the log's size and its latest signed checkpoint.
struct LedgerStatePage: Sendable {
    struct Checkpoint: Sendable {
        var size: Int
        var signedAt: Date
        var signedBy: String
        var root: String
    }

    var origin: String?
    /// The number of log entries, when the role may read it.
    var logSize: Int?
    var checkpoint: Checkpoint?

    static func read(_ conn: Connection) throws -> LedgerStatePage {
        var page = LedgerStatePage()
        let mayRead = try conn.query("""
            SELECT has_table_privilege('ledger.log_config', 'SELECT'), has_table_privilege('ledger.log_head', 'SELECT'),
                   has_table_privilege('ledger.checkpoint', 'SELECT')
            """)[0]
        if try mayRead.decode(Bool.self, at: 0) {
            page.origin = try conn.scalar("SELECT origin FROM ledger.log_config", as: String.self)
        }
        if try mayRead.decode(Bool.self, at: 1) {
            page.logSize = try conn.scalar("SELECT size FROM ledger.log_head", as: Int.self)
        }
        if try mayRead.decode(Bool.self, at: 2), let row = try conn.query("""
            SELECT size, signed_at, signed_by, encode(root, 'base64') FROM ledger.checkpoint ORDER BY size DESC LIMIT 1
            """).first {
            page.checkpoint = Checkpoint(size: try row.decode(Int.self, at: 0), signedAt: try row.decode(Date.self, at: 1),
                                         signedBy: try row.decode(String.self, at: 2), root: try row.decode(String.self, at: 3))
        }
        return page
    }

    func html(signedIn: SignedIn) -> HTML {
        let roles = signedIn.identity.ledgerRoles.isEmpty ? "none" : signedIn.identity.ledgerRoles.joined(separator: ", ")
        let size: HTML = logSize.map { "\($0) entries" } ?? "not readable by your role"
        let latest: HTML
        if let checkpoint {
            let behind = logSize.map { $0 - checkpoint.size } ?? 0
            let note: HTML = behind > 0 ? " <span class=\"hint\">(\(behind) entries since)</span>" : .empty
            latest = """
                <dt>Latest checkpoint</dt><dd>size \(checkpoint.size)\(note)</dd>
                <dt>Signed</dt><dd>\(WebFormat.time(checkpoint.signedAt)) by \(checkpoint.signedBy)</dd>
                <dt>Root hash</dt><dd class="mono">\(checkpoint.root)</dd>
                """
        } else {
            latest = "<dt>Latest checkpoint</dt><dd>none signed yet (evidence-ledger checkpoint --key FILE signs one)</dd>"
        }
        return PageLayout.page(title: "The ledger", signedIn: signedIn, current: "/", content: """
            <h2>You</h2>
            <dl>
            <dt>Database role</dt><dd>\(signedIn.identity.user)</dd>
            <dt>Ledger roles</dt><dd>\(roles)</dd>
            </dl>
            <h2>Tamper-evident log</h2>
            <dl>
            <dt>Origin</dt><dd class="mono">\(origin ?? "not readable by your role")</dd>
            <dt>Size</dt><dd>\(size)</dd>
            \(latest)
            </dl>
            <p class="hint">A checkpoint is a signed statement of the log's size and root hash; evidence-ledger verify checks every entry against the latest one.</p>
            """)
    }
}
