import Foundation
import Hummingbird
import LedgerStore
import Postgres

/// The result of the last full verification run from this server, shown on the ledger page to everyone.
actor LastVerification {
    struct Outcome: Sendable {
        var at: Date
        var by: String
        var holds: Bool
        var entries: UInt64
        var checkpoints: Int
        var latestCheckpoint: UInt64?
        /// The first thing that does not hold, as `evidence-ledger verify` names it.
        var firstProblem: String?
        var problems: Int
    }

    private(set) var outcome: Outcome?

    func record(_ outcome: Outcome) {
        self.outcome = outcome
    }
}

/// POST /verify: the full audit of `evidence-ledger verify` (``LogVerifier``), run as the signed-in role against
/// the server's pinned verifier key. It reads every ledger table, so the database lets only roles that may read
/// them all (auditors) run it; others get the database's refusal.
extension WebServer {
    func verificationRoutes(_ router: Router<WebRequestContext>) {
        router.post("/verify") { request, context in
            try await self.formAction(request, context: context) { signedIn, _ in
                guard let key = self.configuration.verifierKey else {
                    throw PageError(.serviceUnavailable, "This server was started without the ledger's verifier key (evidence-ledger serve --vkey …): it cannot verify the log.")
                }
                let report = try await self.database(signedIn) { conn -> LogVerifier.Report? in
                    // A role that row-level security shows only part of the ledger would find rows "missing": only
                    // auditors (who read everything) verify from here.
                    guard try conn.scalar("SELECT pg_has_role(current_user, 'ledger_auditor', 'MEMBER') OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)", as: Bool.self) == true else {
                        return nil
                    }
                    return try conn.withLongStatements { try LogVerifier(connection: conn, pinnedKey: key).run() }
                }
                guard let report else { throw PageError(.forbidden, "The whole log is verified by auditors (members of ledger_auditor), who read every row.") }
                let first = report.findings.first.map { finding in
                    [finding.entry.map { "entry \($0)" }, finding.table, finding.rowKey, finding.problem].compactMap { $0 }.joined(separator: ": ")
                }
                await self.lastVerification.record(LastVerification.Outcome(
                    at: Date(), by: signedIn.identity.user, holds: report.holds, entries: report.entries, checkpoints: report.checkpoints,
                    latestCheckpoint: report.latestCheckpoint, firstProblem: first, problems: report.findings.count))
                return PageResponse.redirect(to: "/")
            }
        }
    }
}
