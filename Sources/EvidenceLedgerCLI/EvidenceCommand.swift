import ArgumentParser
import Foundation
import LedgerStore
import Postgres
import LedgerModel

/// `evidence-ledger evidence …`: evidence items.
struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Enter, amend, link, list, show and withdraw evidence items.",
        discussion: """
            Example:
              evidence-ledger evidence list --kind missile-launch --criterion 'UNGA-3314/3(f).3'
              evidence-ledger evidence show item-hajun-633-missiles-2022-05-14 --history
            """,
        subcommands: [New.self, Add.self, Amend.self, Link.self, Unlink.self, List.self, Show.self, Withdraw.self]
    )

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a commented YAML template for a new evidence item of a kind, to fill in and add.",
            discussion: "Example:\n  evidence-ledger evidence new --kind missile-launch > launch.yaml\n  evidence-ledger evidence add launch.yaml"
        )
        @Option(help: "Evidence kind: \(Vocabulary.evidenceKind.joined(separator: ", ")).") var kind: String
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func validate() throws {
            guard Vocabulary.evidenceKind.contains(kind) else {
                throw ValidationError("--kind: \"\(kind)\" is not one of \(Vocabulary.evidenceKind.joined(separator: ", "))")
            }
        }

        func run() throws {
            try connection.withLedger(schema) { conn in
                let attributes = try conn.query("SELECT attribute, value_type, description FROM ledger.evidence_kind_attribute WHERE kind::text = \(kind) ORDER BY attribute")
                var lines = [
                    "# A new evidence item (\(kind)). Fill in what is known; leave out what is not. Never guess a date,",
                    "# a count or a place: an unknown field stays empty. Then: evidence-ledger evidence add THIS-FILE.yaml",
                    "# Formats: docs/import-formats.md. Quote every value.",
                    "format: evidence-ledger/items@1",
                    "items:",
                    "  - id: \"item-CHANGE-ME\"            # stable: letters, digits and . _ : / ( ) + -",
                    "    kind: \"\(kind)\"",
                    "    title: \"\"                       # short, neutral, says whose claim it is",
                    "    description: |-",
                    "      What the sources say, attributed.",
                    "    occurred:",
                    "      from: \"YYYY-MM-DD\"            # or YYYY, YYYY-MM, or YYYY-MM-DDTHH:MM:SS+HH:MM",
                    "      to: \"YYYY-MM-DD\"",
                    "      precision: \"day\"              # \(Vocabulary.precision.joined(separator: ", "))",
                    "    # place: \"place-…\"               # evidence-ledger search NAME finds ids",
                    "    # acting_state: \"actor-…\"        # whose conduct it is",
                    "    # territorial_state: \"actor-…\"   # where it happened",
                    "    attributes:",
                ]
                for row in attributes {
                    let name = try row.decode(String.self, at: 0), type = try row.decode(String.self, at: 1), about = try row.decode(String.self, at: 2)
                    let example = type == "integer" ? "0" : type == "date" ? "\"YYYY-MM-DD\"" : type == "place" ? "\"place-…\"" : type == "actor" ? "\"actor-…\"" : "\"\""
                    lines.append("      # \(name): \(example)    # \(type): \(about)")
                }
                lines += [
                    "    actors:",
                    "      # - {actor: \"actor-…\", role: \"reported-by\"}   # \(Vocabulary.actorRole.joined(separator: ", "))",
                    "    sources:",
                    "      - source: \"src-…\"               # evidence-ledger source list shows the ids",
                    "        # locator: \"page, paragraph or timestamp\"",
                    "        # quote: \"the source's own words\"",
                    "    claim_status: \"unconfirmed\"      # \(Vocabulary.claimStatus.joined(separator: ", "))",
                    "    review_status: \"draft\"           # draft or submitted",
                    "    links:",
                    "      # - element: \"UNGA-3314/3(f).3\" # evidence-ledger criteria list shows the codes",
                    "      #   relation: \"supports\"        # supports, qualifies, contradicts",
                    "      #   credibility: 3              # 1 confirmed … 6 cannot be judged",
                    "      #   argument: \"the reasoning in words\"",
                ]
                Console.output(lines.joined(separator: "\n"))
            }
        }
    }

    /// Reads an items file for `add` or `amend`: only items and their links.
    static func readItems(_ file: String, connection conn: Connection) throws -> [StagedRecord] {
        let records = try FileImport(connection: conn).read([file])
        if let other = records.first(where: { $0.kind != .item && $0.kind != .link }) {
            throw CLIError("\(other.location): a \(other.kind.rawValue) record: evidence add and amend take items (use evidence-ledger import for other records)", exitCode: ExitCodes.dataError)
        }
        return records
    }

    static func existingItems(_ ids: [String], connection conn: Connection) throws -> Set<String> {
        try ItemEntry.existing(ids, on: conn)
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add new evidence items (with their links) from a YAML file; refuses items that already exist.",
            discussion: "Example:\n  evidence-ledger evidence add launch.yaml"
        )
        @Argument(help: "An items file (evidence-ledger evidence new prints a template).") var file: String
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func run() throws {
            try connection.withLedger(schema) { conn in
                let records = try EvidenceCommand.readItems(file, connection: conn)
                let items = records.filter { $0.kind == .item }
                let existing = try EvidenceCommand.existingItems(items.map(\.externalID), connection: conn)
                if let clash = items.first(where: { existing.contains($0.externalID) }) {
                    throw CLIError("\(clash.location): item \"\(clash.externalID)\" is already in the ledger: use evidence amend to change it", exitCode: ExitCodes.dataError)
                }
                let summary = try RecordImporter(connection: conn).write(records, reason: "evidence add")
                Console.output("added \(summary.created[.item] ?? 0) item\((summary.created[.item] ?? 0) == 1 ? "" : "s") and \(summary.created[.link] ?? 0) link\((summary.created[.link] ?? 0) == 1 ? "" : "s")")
            }
        }
    }

    struct Amend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Amend an evidence item from a YAML file: a new version with the reason; history is kept.",
            discussion: "The file holds the item as it should now read (evidence-ledger evidence show ID helps).\n\nExample:\n  evidence-ledger evidence amend item-x item-x.yaml --reason 'date corrected from the original report'"
        )
        @Argument(help: "The item's id.") var id: String
        @Argument(help: "An items file holding that item.") var file: String
        @Option(help: "Why it is amended (required).") var reason: String
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func validate() throws {
            guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw ValidationError("--reason: say why the item is amended")
            }
        }

        func run() throws {
            try connection.withLedger(schema) { conn in
                let records = try EvidenceCommand.readItems(file, connection: conn)
                let items = records.filter { $0.kind == .item }
                guard items.count == 1, items[0].externalID == id else {
                    throw CLIError("\(file): must hold exactly the item \"\(id)\" (found \(items.map(\.externalID).joined(separator: ", ")))", exitCode: ExitCodes.dataError)
                }
                guard try EvidenceCommand.existingItems([id], connection: conn).contains(id) else {
                    throw CLIError("there is no evidence item \"\(id)\" to amend: use evidence add", exitCode: ExitCodes.dataError)
                }
                let summary = try RecordImporter(connection: conn).write(records, reason: reason)
                if summary.totalWritten == 0 {
                    Console.output("no change: \(file) matches the current version of \(id)")
                } else {
                    Console.output("amended \(id): \(summary.amended[.item] ?? 0) item version, \((summary.created[.link] ?? 0) + (summary.amended[.link] ?? 0)) link version(s)")
                }
            }
        }
    }

    struct Link: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Link an evidence item to a criterion element (or a provision without elements).",
            discussion: "One link per item and criterion: linking again with another relation, credibility or argument records a new version of it (give --reason).\n\nExample:\n  evidence-ledger evidence link item-x --element 'UNGA-3314/3(f).3' --relation supports --credibility 2 --argument 'launches from Belarusian territory'"
        )
        @Argument(help: "The item's id.") var id: String
        @Option(help: "The element (or provision) code.") var element: String
        @Option(help: "supports, qualifies or contradicts.") var relation: String
        @Option(help: "Information credibility 1–6.") var credibility: Int
        @Option(help: "The reasoning, in words.") var argument: String
        @Option(help: "Why the link changes, when it exists already.") var reason: String?
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func validate() throws {
            guard Vocabulary.linkRelation.contains(relation) else { throw ValidationError("--relation: \"\(relation)\" is not supports, qualifies or contradicts") }
            guard (1...6).contains(credibility) else { throw ValidationError("--credibility: \(credibility) is not from 1 to 6") }
            guard !argument.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("--argument: give the reasoning") }
        }

        func run() throws {
            try connection.withLedger(schema) { conn in
                let entry = LinkEntry(itemID: id, element: element, relation: relation, credibility: String(credibility), argument: argument, reason: reason)
                if try entry.exists(on: conn) && reason == nil {
                    throw CLIError("the link \(entry.linkID) exists already: give --reason to record a new version of it", exitCode: ExitCodes.usage)
                }
                switch try entry.write(on: conn) {
                case .unchanged: Console.output("no change: \(entry.linkID)")
                case .amended: Console.output("amended link \(entry.linkID)")
                case .created: Console.output("linked \(entry.linkID)")
                }
            }
        }
    }

    struct Unlink: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Withdraw the link between an item and a criterion, with a reason; the link stays in history.",
            discussion: "Example:\n  evidence-ledger evidence unlink item-x --element 'UNGA-3314/3(f).3' --reason 'the report concerns another airfield'"
        )
        @Argument(help: "The item's id.") var id: String
        @Option(help: "The element (or provision) code.") var element: String
        @Option(help: "Why the link is withdrawn (required).") var reason: String
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func validate() throws {
            guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("--reason: say why the link is withdrawn") }
        }

        func run() throws {
            try connection.withLedger(schema) { conn in
                let version = try LinkEntry.withdraw(itemID: id, element: element, reason: reason, on: conn)
                Console.output("withdrawn link \(id)/\(element) (version \(version))")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List current evidence items, filtered.",
            discussion: """
                Filters combine (all must hold). Withdrawn items are left out unless --status withdrawn asks for them.

                Example:
                  evidence-ledger evidence list --kind missile-launch --from 2022-02-24 --to 2022-12-31 --format csv
                  evidence-ledger evidence list --criterion 'UNGA-3314/3(f)' --status verified
                """
        )
        @Option(help: "Evidence kind, e.g. missile-launch (see ledger.vocabulary).") var kind: String?
        @Option(help: "A criterion element or provision code; a provision also matches links to its elements.") var criterion: String?
        @Option(help: "Items that occurred on or after this day (YYYY-MM-DD).") var from: String?
        @Option(help: "Items that occurred on or before this day (YYYY-MM-DD).") var to: String?
        @Option(help: "An actor id: items where the actor has a role, or is the acting or territorial state.") var actor: String?
        @Option(help: "A place id.") var place: String?
        @Option(help: "Review status: draft, submitted, verified, disputed or withdrawn.") var status: String?
        @Option(help: "table, json or csv.") var format: OutputFormat = .table
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func validate() throws {
            for (name, value) in [("--from", from), ("--to", to)] {
                if let value, !InputDates.isRealDay(value) {
                    throw ValidationError("\(name): \"\(value)\" is not a date YYYY-MM-DD")
                }
            }
        }

        func run() throws {
            try connection.withLedger(schema) { conn in
                let result = try conn.query("""
                    SELECT i.id, i.kind::text, i.title, lower(i.occurred)::date::text, (upper(i.occurred) - interval '1 microsecond')::date::text,
                           i.occurred_precision::text, i.place, i.acting_state, i.territorial_state, i.status::text, i.claim_status::text,
                           (SELECT string_agg(DISTINCT l.criterion || ' ' || l.relation::text || ' ' || l.credibility::text, '; ')
                              FROM ledger.current_link l WHERE l.item = i.id AND NOT l.withdrawn) AS links
                    FROM ledger.current_item i
                    WHERE (\(kind)::text IS NULL OR i.kind::text = \(kind))
                      AND (\(status)::text IS NULL AND i.status <> 'withdrawn' OR i.status::text = \(status))
                      AND (\(from)::date IS NULL OR upper(i.occurred) > \(from)::date::timestamptz)
                      AND (\(to)::date IS NULL OR lower(i.occurred) < (\(to)::date + 1)::timestamptz)
                      AND (\(place)::text IS NULL OR i.place = \(place))
                      AND (\(actor)::text IS NULL OR i.acting_state = \(actor) OR i.territorial_state = \(actor)
                           OR EXISTS (SELECT 1 FROM ledger.item_actor a JOIN ledger.entity e ON e.id = a.actor_id
                                      WHERE a.item_id = i.entity_id AND a.item_version = i.version AND e.external_id = \(actor)))
                      AND (\(criterion)::text IS NULL OR EXISTS (
                           SELECT 1 FROM ledger.current_link l
                           LEFT JOIN ledger.current_element ce ON ce.code = l.criterion
                           WHERE l.item = i.id AND NOT l.withdrawn AND (l.criterion = \(criterion) OR ce.provision = \(criterion))))
                    ORDER BY lower(i.occurred) NULLS LAST, i.id
                    """)
                let rows: [[String?]] = try result.map { row in try (0..<row.count).map { try row.decode(String?.self, at: $0) } }
                Console.output(TabularOutput(
                    columns: ["id", "kind", "title", "occurred_from", "occurred_to", "precision", "place", "acting_state", "territorial_state", "status", "claim_status", "links"],
                    rows: rows).render(format))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one evidence item with its sources, actors and links; --history shows every version.",
            discussion: "Example:\n  evidence-ledger evidence show item-hajun-633-missiles-2022-05-14 --history"
        )
        @Argument(help: "The item's id.") var id: String
        @Flag(help: "Show every version, oldest first, with who recorded it, when and why.") var history = false
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func run() throws {
            try connection.withLedger(schema) { conn in
                if try conn.scalar("SELECT has_table_privilege('ledger.item_version', 'SELECT')", as: Bool.self) != true {
                    // A reader sees the public face: the current version, public sources, links.
                    guard !history else {
                        throw CLIError("--history: your role reads the current version of items only (earlier versions are shown to researchers, reviewers and auditors)", exitCode: ExitCodes.noPermission)
                    }
                    Console.output(try Show.publicView(id, conn))
                    return
                }
                let versions = try conn.query("""
                    SELECT v.version, v.kind::text, v.title, v.description, v.occurred::text, v.occurred_precision::text,
                           v.attributes::text, v.claim_status::text, v.status::text, v.reviewer, v.review_note,
                           v.recorded_at, v.recorded_by, v.change_reason, v.entity_id
                    FROM ledger.item_version v JOIN ledger.entity e ON e.id = v.entity_id
                    WHERE e.entity_type = 'item' AND e.external_id = \(id)
                    ORDER BY v.version
                    """)
                guard !versions.isEmpty else {
                    throw CLIError("there is no evidence item \"\(id)\" (evidence-ledger evidence list shows the ids)", exitCode: ExitCodes.dataError)
                }
                let shown = history ? Array(versions) : [versions[versions.count - 1]]
                let formatter = ISO8601DateFormatter()
                formatter.timeZone = TimeZone(identifier: "UTC")
                var lines: [String] = []
                for row in shown {
                    let version = try row.decode(Int.self, at: 0)
                    lines.append("\(id) — version \(version) of \(try versions[versions.count - 1].decode(Int.self, at: 0))")
                    lines.append("  kind:         \(try row.decode(String.self, at: 1))")
                    lines.append("  title:        \(try row.decode(String.self, at: 2))")
                    if let description = try row.decode(String?.self, at: 3) {
                        lines.append("  description:  " + description.replacingOccurrences(of: "\n", with: "\n                "))
                    }
                    if let occurred = try row.decode(String?.self, at: 4) {
                        lines.append("  occurred:     \(occurred) (\(try row.decode(String?.self, at: 5) ?? ""))")
                    }
                    lines.append("  attributes:   \(try row.decode(String.self, at: 6))")
                    if let claim = try row.decode(String?.self, at: 7) { lines.append("  claim:        \(claim)") }
                    lines.append("  status:       \(try row.decode(String.self, at: 8))"
                        + ((try row.decode(String?.self, at: 9)).map { " by \($0)" } ?? "")
                        + ((try row.decode(String?.self, at: 10)).map { ": \($0)" } ?? ""))
                    lines.append("  recorded:     \(formatter.string(from: try row.decode(Date.self, at: 11))) by \(try row.decode(String.self, at: 12))"
                        + ((try row.decode(String?.self, at: 13)).map { " — \($0)" } ?? ""))
                    let entity = try row.decode(UUID.self, at: 14)
                    for source in try conn.query("""
                        SELECT e.external_id, s.locator, cs.reliability::text, coalesce(cs.publisher, cs.title, '')
                        FROM ledger.item_source s JOIN ledger.entity e ON e.id = s.source_id
                        JOIN ledger.current_source cs ON cs.entity_id = s.source_id
                        WHERE s.item_id = \(entity) AND s.item_version = \(version) ORDER BY s.ordinal
                        """) {
                        lines.append("  source:       \(try source.decode(String.self, at: 0)) [\(try source.decode(String.self, at: 2))] \(try source.decode(String.self, at: 3))"
                            + ((try source.decode(String?.self, at: 1)).map { ", \($0)" } ?? ""))
                    }
                    for actor in try conn.query("""
                        SELECT e.external_id, a.role::text FROM ledger.item_actor a JOIN ledger.entity e ON e.id = a.actor_id
                        WHERE a.item_id = \(entity) AND a.item_version = \(version) ORDER BY e.external_id, a.role
                        """) {
                        lines.append("  actor:        \(try actor.decode(String.self, at: 0)) (\(try actor.decode(String.self, at: 1)))")
                    }
                }
                for link in try conn.query("""
                    SELECT criterion, relation::text, credibility::text, argument FROM ledger.current_link
                    WHERE item = \(id) AND NOT withdrawn ORDER BY criterion, relation
                    """) {
                    lines.append("  link:         \(try link.decode(String.self, at: 1)) \(try link.decode(String.self, at: 0)), credibility \(try link.decode(String.self, at: 2))")
                    lines.append("                " + (try link.decode(String.self, at: 3)).replacingOccurrences(of: "\n", with: " "))
                }
                Console.output(lines.joined(separator: "\n"))
            }
        }
    }

    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Withdraw an evidence item: a new version with status withdrawn and the reason; nothing is erased.",
            discussion: "Example:\n  evidence-ledger evidence withdraw item-x --reason 'duplicate of item-y'"
        )
        @Argument(help: "The item's id.") var id: String
        @Option(help: "Why the item is withdrawn (required).") var reason: String
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var schema: SchemaOptions

        func run() throws {
            try connection.withLedger(schema) { conn in
                let version = try conn.scalar("SELECT ledger.withdraw_item(\(id), \(reason))", as: Int.self) ?? 0
                Console.output("withdrawn: \(id) (version \(version))")
            }
        }
    }
}

/// `evidence-ledger review`: verify or dispute an item.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Record a review of an evidence item: verified or disputed, with a note (reviewers only).",
        discussion: """
            A new version of the item records the status, the reviewer (the database user) and the note.

            Example:
              evidence-ledger review item-hajun-633-missiles-2022-05-14 --status verified --note 'ČTK report read; count matches'
            """
    )
    @Argument(help: "The item's id.") var id: String
    @Option(help: "verified, disputed or submitted (back to the queue).") var status: String
    @Option(help: "What was checked, or why it is disputed (required).") var note: String
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var schema: SchemaOptions

    func validate() throws {
        let problems = ItemReview(itemID: id, status: status, note: note).problems
        for field in ["status", "note"] {
            if let problem = problems[field] { throw ValidationError("--\(field): \(problem)") }
        }
    }

    func run() throws {
        try connection.withLedger(schema) { conn in
            let version = try ItemReview(itemID: id, status: status, note: note).record(on: conn)
            Console.output("\(status): \(id) (version \(version))")
        }
    }
}

/// `evidence-ledger search`: names of actors and places in any script.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find actors and places by name in any script or romanisation.",
        discussion: """
            "Мозырь", "Мазыр", "Mazyr" and "Mozyr" find the same town and refinery.

            Example:
              evidence-ledger search Мозырь
              evidence-ledger search Zyabrovka --format json
            """
    )
    @Argument(help: "The name, or part of it.") var text: String
    @Option(help: "table, json or csv.") var format: OutputFormat = .table
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var schema: SchemaOptions

    func run() throws {
        try connection.withLedger(schema) { conn in
            let result = try conn.query("""
                SELECT entity_type, external_id, matched_name, language, round(similarity::numeric, 2)::text
                FROM ledger.search_names(\(text)) ORDER BY similarity DESC, entity_type, external_id
                """)
            Console.output(try TabularOutput(columns: ["type", "id", "name", "language", "similarity"], result: result).render(format))
        }
    }
}

extension EvidenceCommand.Show {
    /// An item as a ledger_reader may see it: the current version, its public sources and its links, through the
    /// index-driven functions of schema/0015_public_item_reads.sql.
    static func publicView(_ id: String, _ conn: Connection) throws -> String {
        guard let row = try conn.query("SELECT * FROM ledger.public_item(\(id))").first else {
            throw CLIError("there is no evidence item \"\(id)\" (evidence-ledger evidence list shows the ids)", exitCode: ExitCodes.dataError)
        }
        var lines = ["\(id) — version \(try row.decode(Int.self, at: 15)) (current; your role reads the current version only)"]
        lines.append("  kind:         \(try row.decode(String.self, at: 1))")
        lines.append("  title:        \(try row.decode(String.self, at: 2))")
        if let description = try row.decode(String?.self, at: 3) {
            lines.append("  description:  " + description.replacingOccurrences(of: "\n", with: "\n                "))
        }
        if let from = try row.decode(String?.self, at: 4) {
            let to = try row.decode(String?.self, at: 5) ?? from
            lines.append("  occurred:     \(from == to ? from : from + " – " + to) (\(try row.decode(String?.self, at: 6) ?? ""))")
        }
        lines.append("  attributes:   \(try row.decode(String.self, at: 10))")
        if let claim = try row.decode(String?.self, at: 11) { lines.append("  claim:        \(claim)") }
        lines.append("  status:       \(try row.decode(String.self, at: 12))"
            + ((try row.decode(String?.self, at: 13)).map { " by \($0)" } ?? "")
            + ((try row.decode(String?.self, at: 14)).map { ": \($0)" } ?? ""))
        for source in try conn.query("SELECT * FROM ledger.public_item_sources(\(id))") {
            lines.append("  source:       \(try source.decode(String.self, at: 0)) [\(try source.decode(String.self, at: 1))] \(try source.decode(String.self, at: 2))"
                + ((try source.decode(String?.self, at: 3)).map { ", \($0)" } ?? ""))
        }
        for link in try conn.query("SELECT * FROM ledger.public_item_links(\(id))") {
            lines.append("  link:         \(try link.decode(String.self, at: 1)) \(try link.decode(String.self, at: 0)), credibility \(try link.decode(String.self, at: 2))")
            lines.append("                " + (try link.decode(String.self, at: 3)).replacingOccurrences(of: "\n", with: " "))
        }
        return lines.joined(separator: "\n")
    }
}
