/// The items of a dossier as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma,
/// a quote or a line break). One row per item, in the document's order. A field that a spreadsheet would take for
/// a formula (starting with =, +, @, a tab or a carriage return) is written with a leading apostrophe.
public enum CSVRenderer {
    public static let columns = ["id", "version", "kind", "title", "description", "occurred_from", "occurred_to", "occurred_precision",
                                 "occurred", "place", "acting_state", "territorial_state", "actors", "claim_status", "status",
                                 "reviewer", "review_note", "sources", "withheld_sources", "exhibits", "withheld_exhibits",
                                 "links", "origins", "recorded_at", "recorded_by", "log_entry"]

    public static func render(_ d: DossierDocument) -> String {
        let links = links(d)
        var out = header
        for item in d.items { out += row(item, links: links[item.id] ?? []) }
        return out
    }

    /// The first line: the column names.
    public static var header: String { columns.map(field).joined(separator: ",") + "\r\n" }

    /// Each item's links as its row shows them ("ELEMENT RELATION GRADE"), in the document's order of criteria,
    /// elements and evidence.
    static func links(_ d: DossierDocument) -> [String: [String]] {
        var links: [String: [String]] = [:]
        for criterion in d.criteria {
            for element in criterion.elements {
                for e in element.evidence { links[e.item, default: []].append(link(element: element.code, e)) }
            }
        }
        return links
    }

    /// One link as the `links` column shows it.
    static func link(element: String, _ e: DossierDocument.Evidence) -> String { "\(element) \(e.relation) \(e.grade)" }

    /// The line of one item, with its links (see `links`).
    static func row(_ item: DossierDocument.Item, links: [String]) -> String {
        let values: [String] = [
            item.id, String(item.version), item.kind, item.title, item.description ?? "",
            item.occurred?.from ?? "", item.occurred?.to ?? "", item.occurred?.precision ?? "", item.occurred?.display ?? "",
            item.place ?? "", item.actingState ?? "", item.territorialState ?? "",
            item.actors.map { "\($0.actor) (\($0.role))" }.joined(separator: "; "),
            item.claimStatus ?? "", item.status, item.reviewer ?? "", item.reviewNote ?? "",
            item.sources.map(\.source).joined(separator: "; "), String(item.withheldSources),
            item.exhibits.map(\.exhibit).joined(separator: "; "), String(item.withheldExhibits),
            links.joined(separator: "; "), item.origins.joined(separator: "; "),
            item.recordedAt, item.recordedBy, String(item.entry),
        ]
        return values.map(field).joined(separator: ",") + "\r\n"
    }

    static func field(_ raw: String) -> String {
        var value = raw
        if let first = value.unicodeScalars.first, ["=", "+", "@", "\t", "\r"].contains(first) { value = "'" + value }
        // By bytes, so that a comma, quote or line break is found even where a combining mark follows it.
        guard value.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return value }
        var out: [UInt8] = [0x22]
        out.reserveCapacity(value.utf8.count + 8)
        for byte in value.utf8 {
            out.append(byte)
            if byte == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }
}
