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
        var out = ""
        out.reserveCapacity(1_024)
        var separator = false
        func add(_ value: String) {
            if separator { out += "," }
            separator = true
            append(value, to: &out)
        }
        func add<S: Sequence>(joined values: S) where S.Element == String {
            var joined = ""
            for (n, value) in values.enumerated() {
                if n > 0 { joined += "; " }
                joined += value
            }
            add(joined)
        }
        add(item.id); add(String(item.version)); add(item.kind); add(item.title); add(item.description ?? "")
        add(item.occurred?.from ?? ""); add(item.occurred?.to ?? ""); add(item.occurred?.precision ?? ""); add(item.occurred?.display ?? "")
        add(item.place ?? ""); add(item.actingState ?? ""); add(item.territorialState ?? "")
        add(joined: item.actors.lazy.map { $0.actor + " (" + $0.role + ")" })
        add(item.claimStatus ?? ""); add(item.status); add(item.reviewer ?? ""); add(item.reviewNote ?? "")
        add(joined: item.sources.lazy.map(\.source)); add(String(item.withheldSources))
        add(joined: item.exhibits.lazy.map(\.exhibit)); add(String(item.withheldExhibits))
        add(joined: links); add(joined: item.origins)
        add(item.recordedAt); add(item.recordedBy); add(String(item.entry))
        out += "\r\n"
        return out
    }

    static func field(_ raw: String) -> String {
        var out = ""
        append(raw, to: &out)
        return out
    }

    /// Appends one field: with a leading apostrophe when a spreadsheet would take it for a formula, between quotes
    /// (quotes doubled) when it holds a comma, a quote or a line break.
    static func append(_ raw: String, to out: inout String) {
        let formula: Bool
        switch raw.unicodeScalars.first {
        case "=", "+", "@", "\t", "\r": formula = true
        default: formula = false
        }
        // By bytes, so that a comma, quote or line break is found even where a combining mark follows it.
        guard raw.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            if formula { out += "'" }
            out += raw
            return
        }
        var bytes: [UInt8] = [0x22]
        bytes.reserveCapacity(raw.utf8.count + 8)
        if formula { bytes.append(0x27) }
        for byte in raw.utf8 {
            bytes.append(byte)
            if byte == 0x22 { bytes.append(0x22) }
        }
        bytes.append(0x22)
        out += String(decoding: bytes, as: UTF8.self)
    }
}
