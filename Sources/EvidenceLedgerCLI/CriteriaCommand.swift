import ArgumentParser
import Foundation
import LedgerStore
import Postgres

/// `evidence-ledger criteria …`: the legal catalogue.
struct CriteriaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "criteria",
        abstract: "List and show the legal criteria: provisions, their text and text status, and their elements.",
        discussion: """
            Example:
              evidence-ledger criteria list
              evidence-ledger criteria show 'UNGA-3314/3(f)'
            """,
        subcommands: [List.self, Show.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List provisions with their text status and how many items support, qualify or contradict them.",
            discussion: "Example:\n  evidence-ledger criteria list --instrument UNGA-3314 --format csv"
        )
        @Option(help: "Only provisions of this instrument (e.g. UNGA-3314, ILC-ARSIWA).") var instrument: String?
        @Option(help: "table, json or csv.") var format: OutputFormat = .table
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func run() throws {
            try connection.withLedger(schema) { conn in
                let result = try conn.query("""
                    SELECT p.code, p.label, p.text_status::text,
                           (SELECT count(*)::text FROM ledger.current_element e WHERE e.provision = p.code AND NOT e.withdrawn),
                           (SELECT count(*)::text FROM ledger.current_link l LEFT JOIN ledger.current_element e ON e.code = l.criterion
                             JOIN ledger.current_item i ON i.id = l.item AND i.status <> 'withdrawn'
                             WHERE NOT l.withdrawn AND l.relation = 'supports' AND (l.criterion = p.code OR e.provision = p.code)),
                           (SELECT count(*)::text FROM ledger.current_link l LEFT JOIN ledger.current_element e ON e.code = l.criterion
                             JOIN ledger.current_item i ON i.id = l.item AND i.status <> 'withdrawn'
                             WHERE NOT l.withdrawn AND l.relation <> 'supports' AND (l.criterion = p.code OR e.provision = p.code))
                    FROM ledger.current_provision p
                    WHERE NOT p.withdrawn AND (\(instrument)::text IS NULL OR p.instrument = \(instrument))
                    ORDER BY p.instrument, p.code
                    """)
                Console.output(try TabularOutput(columns: ["code", "label", "text_status", "elements", "supporting_links", "qualifying_or_contrary_links"], result: result).render(format))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a provision's text, text status and elements (or one element).",
            discussion: "Example:\n  evidence-ledger criteria show 'ILC-ARSIWA/16'"
        )
        @Argument(help: "A provision or element code.") var code: String
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func run() throws {
            try connection.withLedger(schema) { conn in
                let provisionCode = try conn.scalar("""
                    SELECT coalesce((SELECT code FROM ledger.current_provision WHERE code = \(code)),
                                    (SELECT provision FROM ledger.current_element WHERE code = \(code)))
                    """, as: String.self)
                guard let provisionCode else {
                    throw CLIError("there is no provision or element \"\(code)\" (evidence-ledger criteria list shows the codes)", exitCode: ExitCodes.dataError)
                }
                let p = try conn.query("""
                    SELECT p.code, p.label, i.title, i.symbol, p.body, p.text_status::text, v.label AS status_label, p.text_source, p.notes
                    FROM ledger.current_provision p JOIN ledger.current_instrument i ON i.code = p.instrument
                    JOIN ledger.vocabulary v ON v.vocabulary = 'text_status' AND v.code = p.text_status::text
                    WHERE p.code = \(provisionCode)
                    """)[0]
                var lines = ["\(try p.decode(String.self, at: 0)) — \(try p.decode(String.self, at: 1))"]
                lines.append("  instrument:  \(try p.decode(String.self, at: 2))" + ((try p.decode(String?.self, at: 3)).map { " (\($0))" } ?? ""))
                lines.append("  text status: \(try p.decode(String.self, at: 5)) — \(try p.decode(String.self, at: 6))"
                    + ((try p.decode(String?.self, at: 7)).map { "; source: \($0)" } ?? ""))
                if let body = try p.decode(String?.self, at: 4) {
                    lines.append("  text:")
                    lines += body.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
                } else {
                    lines.append("  text:        (not known here)")
                }
                if let notes = try p.decode(String?.self, at: 8) { lines.append("  notes:       " + notes.replacingOccurrences(of: "\n", with: " ")) }
                for e in try conn.query("SELECT code, body, basis FROM ledger.current_element WHERE provision = \(provisionCode) AND NOT withdrawn ORDER BY ordinal") {
                    let elementCode = try e.decode(String.self, at: 0)
                    let marker = elementCode == code ? "▶" : " "
                    lines.append("  \(marker) element \(elementCode) (\(try e.decode(String.self, at: 2))): \(try e.decode(String.self, at: 1))")
                }
                Console.output(lines.joined(separator: "\n"))
            }
        }
    }
}
