import ArgumentParser
import Foundation
import LedgerStore
import Postgres

/// `evidence-ledger exhibit …`: files kept as evidence.
struct ExhibitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exhibit",
        abstract: "Take files in as exhibits (hashed on intake, stored once) and list them.",
        discussion: """
            Example:
              evidence-ledger exhibit add capture.pdf --id exh-hn-2022-05-14 --source src-hnonline-2022-05-14 \\
                --collected-by 'researcher A' --collected-at 2024-03-01T10:00:00Z --from-url https://example.org/article --tool 'browser print to PDF'
            """,
        subcommands: [Add.self, List.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a file as an exhibit with its collection record (Berkeley Protocol).",
            discussion: "Says when the same bytes are already stored (they are then not stored again).\n\nExample:\n  evidence-ledger exhibit add page.html --id exh-1 --source src-x --collected-by A --collected-at 2024-03-01T10:00:00Z"
        )
        @Argument(help: "The file.") var file: String
        @Option(help: "A stable id for the exhibit.") var id: String
        @Option(help: "The source it comes from.") var source: String?
        @Option(help: "Media type (default: from the file's extension).") var mediaType: String?
        @Option(help: "Who collected it.") var collectedBy: String?
        @Option(help: "When it was collected: YYYY-MM-DDTHH:MM:SSZ (or with an offset).") var collectedAt: String?
        @Option(help: "Where it was collected from (URL or description).") var fromUrl: String?
        @Option(help: "With which tool (capture software and version).") var tool: String?
        @Option(help: "Chain of custody notes.") var custodyNotes: String?
        @Option(help: "For a working copy (crop, transcript, translation): the original exhibit's id.") var derivedFrom: String?
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func validate() throws {
            if let collectedAt, ISO8601DateFormatter().date(from: collectedAt) == nil {
                throw ValidationError("--collected-at: \"\(collectedAt)\" is not a time YYYY-MM-DDTHH:MM:SSZ")
            }
        }

        func run() throws {
            let target = connection.target()
            try reportingErrors(target: target) {
                guard FileManager.default.isReadableFile(atPath: file) else {
                    throw CLIError("\(file): no such readable file", exitCode: ExitCodes.noInput)
                }
                let conn = try connection.connectMigrated(target, schema: schema)
                defer { conn.close() }
                let outcome = try ExhibitIntake(connection: conn).add(
                    file: file, exhibitID: id, mediaType: mediaType ?? ExhibitIntake.mediaType(forFile: file),
                    sourceID: source, originalID: derivedFrom,
                    collection: .init(collectedBy: collectedBy, collectedAt: collectedAt.flatMap { ISO8601DateFormatter().date(from: $0) },
                                      collectedFrom: fromUrl, tool: tool, custodyNotes: custodyNotes))
                var lines = ["added exhibit \(outcome.exhibitID): \(outcome.size) bytes, SHA-256 \(outcome.sha256)"]
                if !outcome.sameBytesAs.isEmpty {
                    lines.append("the same file is already stored as \(outcome.sameBytesAs.joined(separator: ", ")): its bytes were not stored again")
                }
                Console.output(lines.joined(separator: "\n"))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List exhibits with their hashes and collection records.",
            discussion: "Example:\n  evidence-ledger exhibit list --format json"
        )
        @Option(help: "table, json or csv.") var format: OutputFormat = .table
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func run() throws {
            try connection.withLedger(schema) { conn in
                let result = try conn.query("""
                    SELECT e.external_id, encode(x.sha256, 'hex'), c.size::text, x.media_type, x.file_name, s.external_id,
                           x.collected_by, to_char(x.collected_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), x.collected_from, o.external_id
                    FROM ledger.exhibit x JOIN ledger.entity e ON e.id = x.entity_id JOIN ledger.exhibit_content c ON c.sha256 = x.sha256
                    LEFT JOIN ledger.entity s ON s.id = x.source_id LEFT JOIN ledger.entity o ON o.id = x.original_id
                    ORDER BY e.external_id
                    """)
                Console.output(try TabularOutput(columns: ["id", "sha256", "size", "media_type", "file_name", "source", "collected_by", "collected_at", "collected_from", "derived_from"], result: result).render(format))
            }
        }
    }
}
