import ArgumentParser
import Foundation

/// `evidence-ledger`: the root command.
public struct EvidenceLedgerCommand: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "evidence-ledger",
        abstract: "A tamper-evident ledger of evidence of a state's participation in aggression, tied to the law.",
        discussion: """
            With no --database, DATABASE_URL or PG* settings, evidence-ledger runs its own private PostgreSQL \
            (a managed local cluster on a Unix socket, no TCP port) and sets it up on first use.

            Example:
              evidence-ledger demo
              evidence-ledger migrate --status --database postgresql://ledger@db.example.org/ledger

            Exit codes are listed in docs/exit-codes.md.
            """,
        version: version,
        subcommands: [DemoCommand.self, MigrateCommand.self, ImportCommand.self, CriteriaCommand.self, SourceCommand.self, ExhibitCommand.self, EvidenceCommand.self, ReviewCommand.self, SearchCommand.self, KeyCommand.self, CheckpointCommand.self, ProofCommand.self, VerifyCommand.self, DossierCommand.self, SanctionsCommand.self, DbCommand.self, ServeCommand.self]
    )

    public init() {}
}
