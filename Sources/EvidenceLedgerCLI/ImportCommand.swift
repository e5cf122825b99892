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

/// `evidence-ledger import`: bulk import of YAML record files, all or nothing.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import records (legal catalogue, actors, places, sources, items with links) from YAML files.",
        discussion: """
            Every file is checked before anything is written; any problem is reported with file, line, field, \
            value and what was expected, and nothing is written (exit 65). Records are matched by their stable \
            ids: importing the same files again adds nothing, and changed records get a new version with the \
            reason. Formats: docs/import-formats.md.

            Example:
              evidence-ledger import fixtures/legal/catalogue.yaml fixtures/belarus/*.yaml
              evidence-ledger import --dry-run new-items.yaml
            """
    )

    @Argument(help: ArgumentHelp("The files to import.", valueName: "file"))
    var files: [String]

    @Flag(name: .long, help: "Check everything and report what would change; write nothing.")
    var dryRun = false

    @Option(name: .long, help: "The reason recorded on records this import amends.")
    var reason: String?

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var schema: SchemaOptions

    func run() throws {
        try connection.withLedger(schema) { conn in
            let why = reason ?? "import of \(files.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "))"
            // Progress goes to stderr when it is a terminal (or with --verbose), never into data on stdout.
            let showProgress = connection.verbose || isatty(STDERR_FILENO) == 1
            let summary = try FileImport(connection: conn).run(files, reason: why, dryRun: dryRun, progress: { if showProgress { Console.progress($0) } })
            Console.output(ImportCommand.render(summary, dryRun: dryRun))
        }
    }

    static func render(_ summary: RecordImporter.Summary, dryRun: Bool) -> String {
        var lines = [dryRun ? "dry run: nothing was written; the import would record:" : "imported:"]
        for kind in EntityKind.allCases {
            let created = summary.created[kind] ?? 0, amended = summary.amended[kind] ?? 0, unchanged = summary.unchanged[kind] ?? 0
            guard created + amended + unchanged > 0 else { continue }
            lines.append("  \(kind.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(created) new, \(amended) amended, \(unchanged) unchanged")
        }
        return lines.joined(separator: "\n")
    }
}
