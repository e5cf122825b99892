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
    /// The verifier key the server pins (serve --vkey), when it has one.
    var verifierKey: String?
    /// The last verification run from this server.
    var verification: LastVerification.Outcome?

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

    func verificationHTML(signedIn: SignedIn) -> HTML {
        let key: HTML = verifierKey.map { "<dt>Verifier key</dt><dd class=\"mono\">\($0)</dd>" }
            ?? "<dt>Verifier key</dt><dd>not given to this server (evidence-ledger serve --vkey …)</dd>"
        let last: HTML
        if let verification, logSize == nil {
            // What the audit found is shown in detail only to roles that may read the log itself.
            last = "<dt>Last verification</dt><dd>\(WebFormat.time(verification.at)): \(verification.holds ? "everything holds" : "problems found")</dd>"
        } else if let verification {
            let result: HTML = verification.holds
                ? "<strong>everything holds</strong>: \(String(verification.entries)) entries, \(verification.checkpoints) checkpoints (latest of size \(verification.latestCheckpoint.map { String($0) } ?? "none"))"
                : "<strong class=\"error\">\(verification.problems) problem\(verification.problems == 1 ? "" : "s")</strong>; the first: \(verification.firstProblem ?? "")"
            last = "<dt>Last verification</dt><dd>\(WebFormat.time(verification.at)) by \(verification.by): \(result)</dd>"
        } else {
            last = "<dt>Last verification</dt><dd>none run from this server since it started (evidence-ledger verify runs one from the command line)</dd>"
        }
        let button: HTML = verifierKey == nil ? .empty : """
            <form method="post" action="/verify">
            <input type="hidden" name="csrf" value="\(signedIn.formToken)">
            <button type="submit" class="secondary">Verify the whole log now</button>
            <span class="hint">Reads every entry and row: auditors may run it; it takes a while on a large ledger.</span>
            </form>
            """
        return """
            <h2>Verification</h2>
            <dl>\(key)\(last)</dl>
            \(button)
            """
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
            \(verificationHTML(signedIn: signedIn))
            """)
    }
}
