import ArgumentParser
import Foundation
import LedgerModel
import LedgerStore
import Postgres

/// `evidence-ledger source …`: sources of evidence.
struct SourceCommand: ParsableCommand {
    /// Whether the session may read every source (researchers, reviewers, auditors) or only the public ones.
    static func mayReadAll(_ conn: Connection) throws -> Bool {
        try conn.scalar("SELECT has_table_privilege('ledger.current_source', 'SELECT')", as: Bool.self) ?? false
    }

    static let configuration = CommandConfiguration(
        commandName: "source",
        abstract: "Add, list and show sources (who published what, when, graded A–F).",
        discussion: """
            Example:
              evidence-ledger source add --id src-kyiv-independent-2023-11-16 --publisher 'Kyiv Independent' \\
                --published 2023-11-16 --kind media --reliability B --grading-note 'established outlet, reports a named lab'
              evidence-ledger source list --format csv
            """,
        subcommands: [Add.self, List.self, Show.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a source. Checked as an import is; nothing is written when anything is wrong.",
            discussion: "Example:\n  evidence-ledger source add --id src-x --publisher 'Babel.ua' --site babel.ua --published 2022-07 --kind media --reliability B"
        )
        @Option(help: "A stable id: letters, digits and . _ : / ( ) + -.") var id: String
        @Option(help: "Title of the publication or document.") var title: String?
        @Option(help: "Publisher or outlet.") var publisher: String?
        @Option(help: "Web site, when no full URL is known.") var site: String?
        @Option(help: "Full URL.") var url: String?
        @Option(help: "Author.") var author: String?
        @Option(help: "Publication date: YYYY, YYYY-MM or YYYY-MM-DD.") var published: String?
        @Option(help: "Language tag: en, be, ru, uk, be-Latn…") var language: String?
        @Option(help: "Kind: \(Vocabulary.sourceKind.joined(separator: ", ")).") var kind: String
        @Option(help: "Reliability A–F (Admiralty scale).") var reliability: String
        @Option(help: "Why the source gets its grade.") var gradingNote: String?
        @Option(help: "public, restricted or protected.") var protection: String?
        @Option(help: "Notes.") var notes: String?
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func run() throws {
            try connection.withLedger(schema) { conn in
                let values: KeyValuePairs<String, String?> = [
                    "id": id, "title": title, "publisher": publisher, "site": site, "url": url, "author": author, "published": published,
                    "language": language, "kind": kind, "reliability": reliability, "grading_note": gradingNote, "protection": protection, "notes": notes,
                ]
                let entry = SourceEntry(values: Dictionary(uniqueKeysWithValues: values.compactMap { key, value in value.map { (key, $0) } }))
                try entry.add(on: conn, reason: "source add") { "--" + $0.replacingOccurrences(of: "_", with: "-") }
                Console.output("added source \(id)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List current sources with their grades.",
            discussion: "Example:\n  evidence-ledger source list --reliability A --format json"
        )
        @Option(help: "Only sources with this reliability grade.") var reliability: String?
        @Option(help: "table, json or csv.") var format: OutputFormat = .table
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func run() throws {
            try connection.withLedger(schema) { conn in
                // Readers see the public sources only (ledger.public_source), without the items that cite them.
                let result = try SourceCommand.mayReadAll(conn) ? conn.query("""
                    SELECT id, reliability::text, kind::text, publisher, title, published_on::text, published_precision::text, protection::text,
                           (SELECT count(DISTINCT s.item_id)::text FROM ledger.item_source s JOIN ledger.current_item i ON i.entity_id = s.item_id AND i.version = s.item_version WHERE s.source_id = c.entity_id)
                    FROM ledger.current_source c
                    WHERE NOT withdrawn AND (\(reliability)::text IS NULL OR reliability::text = \(reliability))
                    ORDER BY id
                    """) : conn.query("""
                    SELECT id, reliability::text, kind::text, publisher, title, published_on::text, published_precision::text, 'public', NULL::text
                    FROM ledger.public_source
                    WHERE (\(reliability)::text IS NULL OR reliability::text = \(reliability))
                    ORDER BY id
                    """)
                Console.output(try TabularOutput(columns: ["id", "reliability", "kind", "publisher", "title", "published", "precision", "protection", "items"], result: result).render(format))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one source and the items that cite it.",
            discussion: "Example:\n  evidence-ledger source show src-hnonline-2022-05-14"
        )
        @Argument(help: "The source's id.") var id: String
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func run() throws {
            try connection.withLedger(schema) { conn in
                let mayReadAll = try SourceCommand.mayReadAll(conn)
                let result = try mayReadAll ? conn.query("""
                    SELECT reliability::text, kind::text, publisher, title, site, url, author, published_on::text, published_precision::text,
                           language, protection::text, grading_note, notes, version, entity_id
                    FROM ledger.current_source WHERE id = \(id)
                    """) : conn.query("""
                    SELECT reliability::text, kind::text, publisher, title, site, url, author, published_on::text, published_precision::text,
                           language, 'public', grading_note, NULL::text, version, NULL::uuid
                    FROM ledger.public_source WHERE id = \(id)
                    """)
                guard let row = result.first else {
                    throw CLIError("there is no source \"\(id)\" (evidence-ledger source list shows the ids)", exitCode: ExitCodes.dataError)
                }
                let labels = ["reliability", "kind", "publisher", "title", "site", "url", "author", "published", "precision", "language", "protection", "grading note", "notes"]
                var lines = ["\(id) — version \(try row.decode(Int.self, at: 13))"]
                for (i, label) in labels.enumerated() {
                    if let value = try row.decode(String?.self, at: i) {
                        lines.append("  \((label + ":").padding(toLength: 14, withPad: " ", startingAt: 0)) \(value.replacingOccurrences(of: "\n", with: "\n                 "))")
                    }
                }
                guard mayReadAll, let entity = try row.decode(UUID?.self, at: 14) else {
                    Console.output(lines.joined(separator: "\n"))
                    return
                }
                for item in try conn.query("""
                    SELECT DISTINCT i.id, i.title FROM ledger.item_source s JOIN ledger.current_item i ON i.entity_id = s.item_id AND i.version = s.item_version
                    WHERE s.source_id = \(entity) ORDER BY i.id
                    """) {
                    lines.append("  cited by:      \(try item.decode(String.self, at: 0)) — \(try item.decode(String.self, at: 1))")
                }
                Console.output(lines.joined(separator: "\n"))
            }
        }
    }
}
