import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LedgerModel
import LedgerStore
import Postgres
import Sanctions

/// `evidence-ledger sanctions …`: designation data, matching it to ledger actors, and the gap report.
struct SanctionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sanctions",
        abstract: "Import designations, match them to actors, and report which implicated actors no jurisdiction has designated.",
        discussion: """
            Designations come from OpenSanctions exports (targets.simple.csv, FollowTheMoney JSON lines) or are \
            entered by hand with their source. Imported targets reach ledger actors only through a match a person \
            accepted. The gap report never says "not sanctioned": only "no designation in the loaded data".

            Example:
              evidence-ledger sanctions import targets.simple.csv --format opensanctions-csv --dataset ca_sema --jurisdiction CA
              evidence-ledger sanctions match
              evidence-ledger sanctions match --accept m-3f2a9c01b7 --note 'same registration number'
              evidence-ledger sanctions gaps --min-grade C3 --jurisdiction EU,US,UK,UA --format md
            """,
        subcommands: [Import.self, Add.self, Match.self, List.self, Gaps.self]
    )

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import one sanctions dataset export; a re-import records what changed.",
            discussion: """
                The whole file is checked as it streams in; any problem is reported with file, line, field, value \
                and expectation, and nothing is written (exit 65). Importing a newer export of the same --dataset \
                records new listings, changed ones (e.g. an end date) and listings no longer in the data, without \
                duplicating anything. targets.simple.csv rows do not say which jurisdiction lists them: import one \
                dataset's export with --jurisdiction, or the FtM export, whose Sanction entities carry their country.

                Example:
                  evidence-ledger sanctions import fixtures/sanctions/ca-belarus.targets.simple.csv --format opensanctions-csv \\
                    --dataset fixture_ca_belarus --jurisdiction CA
                  evidence-ledger sanctions import entities.ftm.json --format ftm --dataset opensanctions_sanctions
                """
        )
        @Argument(help: ArgumentHelp("The export file.", valueName: "file")) var file: String
        @Option(help: "opensanctions-csv (targets.simple.csv) or ftm (FollowTheMoney JSON lines).") var format: String
        @Option(help: "The dataset's short name (lower-case, e.g. ca_dfatd_sema_sanctions); later imports of it are compared with this one.") var dataset: String
        @Option(help: "The jurisdiction of every listing in the file (EU, US, UK, UA, CA…); required for opensanctions-csv.") var jurisdiction: String?
        @Flag(help: "Check the file and report what would change; write nothing.") var dryRun = false
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func run() throws {
            try connection.withLedger(schema) { conn in
                guard let format = SanctionsImport.Format(rawValue: format) else {
                    throw CLIError("--format \"\(format)\": expected opensanctions-csv or ftm", exitCode: ExitCodes.usage)
                }
                if let problem = SanctionsImport.problem(dataset: dataset, jurisdiction: jurisdiction) {
                    throw CLIError(problem, exitCode: ExitCodes.usage)
                }
                if format == .opensanctionsCSV && jurisdiction == nil {
                    throw CLIError("--jurisdiction is required with --format opensanctions-csv: a targets.simple.csv row does not say which jurisdiction lists it (import one dataset's export per jurisdiction, or the FtM export)", exitCode: ExitCodes.usage)
                }
                let showProgress = connection.verbose || isatty(STDERR_FILENO) == 1
                var lastShown = Date.distantPast
                let summary = try SanctionsImport(connection: conn).run(
                    .init(path: file, format: format, dataset: dataset, jurisdiction: jurisdiction, dryRun: dryRun),
                    progress: { text in
                        guard showProgress, Date().timeIntervalSince(lastShown) > 1 else { return }
                        lastShown = Date()
                        Console.progress(text)
                    })
                Console.output(Self.render(summary, dryRun: dryRun))
            }
        }

        static func render(_ s: SanctionsImport.Summary, dryRun: Bool) -> String {
            var lines = [dryRun ? "dry run: nothing was written; the import would record:" : "imported dataset \(s.dataset) (import \(s.importID ?? "")):"]
            lines.append("  file SHA-256 \(s.fileSHA256), data as of \(s.dataAsOf ?? "unknown")")
            lines.append("  targets      \(s.targets) in the file: \(s.newTargets) new, \(s.changedTargets) changed")
            lines.append("  listings     \(s.designations) in the file: \(s.newDesignations) new, \(s.changedDesignations) changed, \(s.goneDesignations) no longer in the data")
            if !s.skipped.isEmpty {
                lines.append("  skipped      " + s.skipped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
            }
            return lines.joined(separator: "\n")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a designation of a ledger actor by hand, with its source.",
            discussion: """
                Example:
                  evidence-ledger sanctions add --actor actor-belarusian-railways --jurisdiction CA --listed 2022-11 \\
                    --source src-interfax-2022-11-23 --reason 'announced 22 Nov 2022'
                """
        )
        @Option(help: "The actor's id.") var actor: String
        @Option(help: "Who designates: EU, US, UK, UA, CA, CH, JP, AU, NZ, UN… (two letters).") var jurisdiction: String
        @Option(help: "The designating authority.") var authority: String?
        @Option(help: "The programme or regime.") var programme: String?
        @Option(help: "The listing's reference (annex entry, SDN id…).") var reference: String?
        @Option(help: "The reason given for the listing.") var reason: String?
        @Option(help: "Listing date: YYYY, YYYY-MM or YYYY-MM-DD.") var listed: String?
        @Option(help: "Delisting date: YYYY, YYYY-MM or YYYY-MM-DD.") var delisted: String?
        @Option(help: "The ledger source (id) that reports the listing.") var source: String?
        @Option(help: "Where the listing is published.") var sourceUrl: String?
        @Option(help: "An id for the designation (default des:ACTOR:JURISDICTION:N).") var id: String?
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func run() throws {
            try connection.withLedger(schema) { conn in
                func date(_ flag: String, _ text: String?) throws -> PartialDate? {
                    guard let text else { return nil }
                    guard let date = PartialDate.parse(text), date.text == text else {
                        throw CLIError("\(flag) \"\(text)\": expected a real date YYYY, YYYY-MM or YYYY-MM-DD", exitCode: ExitCodes.dataError)
                    }
                    return date
                }
                let designation = SanctionsLedger.ManualDesignation(
                    id: id, actor: actor, jurisdiction: jurisdiction, authority: authority, programme: programme, reference: reference,
                    reason: reason, listedOn: try date("--listed", listed), delistedOn: try date("--delisted", delisted),
                    source: source, sourceURL: sourceUrl)
                let recorded = try SanctionsLedger(connection: conn).add(designation)
                Console.output("added designation \(recorded)")
            }
        }
    }

    struct Match: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose matches between ledger actors and sanctions targets; accept or reject them.",
            discussion: """
                Without options: matches every current target against every current actor (shared identifiers \
                first, then names in any script and romanisation, with a score), records the new proposals and lists \
                every proposal still undecided. Nothing is linked until a person accepts it.

                Example:
                  evidence-ledger sanctions match --threshold 0.85
                  evidence-ledger sanctions match --accept m-3f2a9c01b7 --note 'same registration number'
                  evidence-ledger sanctions match --reject m-77aa01c2d3 --note 'a different company'
                  evidence-ledger sanctions match --list accepted
                """
        )
        @Option(help: "Accept this match (its id, m-…).") var accept: [String] = []
        @Option(help: "Reject this match (its id, m-…).") var reject: [String] = []
        @Option(help: "Why: recorded with the decision.") var note: String?
        @Option(help: "List matches with this decision (proposed, accepted, rejected, all) instead of matching.") var list: String?
        @Option(help: "Lowest name score to propose, 0–1.") var threshold: Double = 0.8
        @Option(help: "table, json or csv.") var format: OutputFormat = .table
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func run() throws {
            try connection.withLedger(schema) { conn in
                let ledger = SanctionsLedger(connection: conn)
                guard (0...1).contains(threshold) else {
                    throw CLIError("--threshold \(threshold): expected a score between 0 and 1", exitCode: ExitCodes.usage)
                }
                var rows: [SanctionsLedger.MatchRow]
                if !accept.isEmpty || !reject.isEmpty {
                    guard list == nil else { throw CLIError("--list cannot be combined with --accept or --reject", exitCode: ExitCodes.usage) }
                    rows = try conn.transaction { conn in
                        let ledger = SanctionsLedger(connection: conn)
                        return try accept.map { try ledger.decide(matchID: $0, accept: true, note: note) }
                            + reject.map { try ledger.decide(matchID: $0, accept: false, note: note) }
                    }
                } else if let list {
                    guard ["proposed", "accepted", "rejected", "all"].contains(list) else {
                        throw CLIError("--list \"\(list)\": expected proposed, accepted, rejected or all", exitCode: ExitCodes.usage)
                    }
                    rows = try ledger.matches(decision: list == "all" ? nil : list)
                } else {
                    let fresh = try ledger.propose(threshold: threshold)
                    Console.progress("\(fresh.count) new proposal\(fresh.count == 1 ? "" : "s")")
                    rows = try ledger.matches(decision: "proposed")
                }
                Console.output(TabularOutput(columns: ["id", "actor", "target", "target_name", "decision", "method", "score", "basis"],
                                             rows: rows.map { [$0.id, $0.actor, $0.target, $0.targetName, $0.decision, $0.method, $0.score, $0.basis] })
                    .render(format))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the designations that reach ledger actors (entered by hand, or through accepted matches).",
            discussion: "Example:\n  evidence-ledger sanctions list --actor actor-belarusian-railways"
        )
        @Option(help: "Only this actor.") var actor: String?
        @Option(help: "table, json or csv.") var format: OutputFormat = .table
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func run() throws {
            try connection.withLedger(schema) { conn in
                let listings = try SanctionsLedger(connection: conn).listings(actor: actor)
                Console.output(TabularOutput(
                    columns: ["actor", "jurisdiction", "listed", "delisted", "in_data", "programme", "reference", "from", "designation"],
                    rows: listings.map { l in
                        [l.actor, l.jurisdiction, GapReport.shown(l.listedOn, l.listedPrecision), GapReport.shown(l.delistedOn, l.delistedPrecision),
                         l.inData ? "yes" : "no since \(l.goneSince ?? "?")", l.programme, l.reference,
                         l.dataset.map { "dataset \($0)" } ?? l.source.map { "source \($0)" } ?? l.sourceURL, l.designation]
                    }).render(format))
            }
        }
    }

    struct Gaps: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "For each actor the evidence implicates, per jurisdiction: designated since when, delisted, or no designation in the loaded data.",
            discussion: """
                An actor is implicated when a current item names it as perpetrator, facilitator, operator or owner \
                (or as the operator or supplier the kind's attributes record) and the item supports a criterion. \
                --min-grade keeps evidence at or above a grade (B2: reliability A or B and credibility 1 or 2). \
                Without --jurisdiction: EU, US, UK, UA and every jurisdiction in the loaded data. The report names \
                the imports it rests on.

                Example:
                  evidence-ledger sanctions gaps --min-grade C3 --jurisdiction EU,US,UK,UA,CA --as-of 2024-01-01 --format md
                """
        )
        @Option(help: "Only evidence at or above this grade, e.g. B2.") var minGrade: String?
        @Option(help: "Jurisdictions, comma-separated, e.g. EU,US,UK,UA.") var jurisdiction: String?
        @Option(help: "The day the statuses hold on (YYYY-MM-DD; default today, UTC).") var asOf: String?
        @Option(help: "table, json, csv or md.") var format: String = "table"
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func run() throws {
            try connection.withLedger(schema) { conn in
                guard let format = GapReport.Format(rawValue: format) else {
                    throw CLIError("--format \"\(format)\": expected table, json, csv or md", exitCode: ExitCodes.usage)
                }
                let codes = jurisdiction.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() } }
                let report = try SanctionsLedger(connection: conn).gapReport(minimumGrade: minGrade, jurisdictions: codes, asOf: asOf)
                FileHandle.standardOutput.write(Data(report.render(format).utf8))
            }
        }
    }
}
