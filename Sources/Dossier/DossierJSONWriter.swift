import LedgerModel

/// Writes an item or a piece of evidence of a dossier as bytes, exactly as `DossierJSON.fragment` gives them
/// (`JSONEncoder` with snake_case keys, sorted keys, pretty printing, slashes not escaped), without going through
/// `Encodable`: a streamed build writes a million of each. Tests hold it to the encoder's bytes.
///
/// The layout it reproduces: an object is `{`, then each member on its own line at two more spaces as
/// `"key" : value`, separated by `,`, then `}` on a line at the object's indentation; arrays likewise, and an
/// empty array is `[`, an empty line, `]`. Members whose optional value is nil are left out.
struct DossierJSONWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    // MARK: Values

    mutating func pad(_ n: Int) {
        for _ in 0..<n { bytes.append(0x20) }
    }

    /// A JSON string: `JSONEncoder` escapes as PostgreSQL's `escape_json` does (`\"`, `\\`, the short escapes, other
    /// control characters as `\u00xx`; slashes and everything else as they are), so the log's own writer serves.
    mutating func string(_ text: String) {
        CanonicalPayloadText.appendJSONString(text, to: &bytes)
    }

    mutating func integer<T: BinaryInteger>(_ value: T) {
        bytes.append(contentsOf: String(value).utf8)
    }

    // MARK: Objects and arrays

    /// An object's members, written by `body` through `member`; `indent`: the object's own indentation.
    struct Object {
        let indent: Int
        var first = true
    }

    mutating func beginObject(_ indent: Int) -> Object {
        bytes.append(UInt8(ascii: "{"))
        return Object(indent: indent)
    }

    mutating func key(_ name: StaticString, in object: inout Object) {
        bytes.append(contentsOf: object.first ? [0x0A] : [0x2C, 0x0A])
        object.first = false
        pad(object.indent + 2)
        bytes.append(0x22)
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(contentsOf: [0x22, 0x20, 0x3A, 0x20])
    }

    mutating func endObject(_ object: Object) {
        bytes.append(0x0A)
        if object.first { bytes.append(0x0A) }
        pad(object.indent)
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func string(_ name: StaticString, _ value: String, in object: inout Object) {
        key(name, in: &object)
        string(value)
    }

    mutating func string(_ name: StaticString, _ value: String?, in object: inout Object) {
        guard let value else { return }
        string(name, value, in: &object)
    }

    mutating func integer<T: BinaryInteger>(_ name: StaticString, _ value: T, in object: inout Object) {
        key(name, in: &object)
        integer(value)
    }

    /// An array member whose elements `element` writes (each at `indent`, after its padding).
    mutating func array<T>(_ name: StaticString, _ values: [T], in object: inout Object, _ element: (inout DossierJSONWriter, T, Int) -> Void) {
        key(name, in: &object)
        bytes.append(UInt8(ascii: "["))
        let inner = object.indent + 4
        for (i, value) in values.enumerated() {
            bytes.append(contentsOf: i == 0 ? [0x0A] : [0x2C, 0x0A])
            pad(inner)
            element(&self, value, inner)
        }
        bytes.append(0x0A)
        if values.isEmpty { bytes.append(0x0A) }
        pad(object.indent + 2)
        bytes.append(UInt8(ascii: "]"))
    }

    // MARK: The dossier's parts (keys in the encoder's sorted order)

    /// `evidence` at `indent` (the first line padded too), as `DossierJSON.fragment` gives it.
    mutating func evidence(_ e: DossierDocument.Evidence, indent: Int) {
        pad(indent)
        var o = beginObject(indent)
        string("argument", e.argument, in: &o)
        string("asserted_by", e.assertedBy, in: &o)
        string("credibility", e.credibility, in: &o)
        string("grade", e.grade, in: &o)
        string("item", e.item, in: &o)
        string("link", e.link, in: &o)
        integer("link_version", e.linkVersion, in: &o)
        string("relation", e.relation, in: &o)
        string("reliability", e.reliability, in: &o)
        endObject(o)
    }

    /// `item` at `indent` (the first line padded too), as `DossierJSON.fragment` gives it.
    mutating func item(_ item: DossierDocument.Item, indent: Int) {
        pad(indent)
        var o = beginObject(indent)
        string("acting_state", item.actingState, in: &o)
        array("actors", item.actors, in: &o) { w, actor, indent in
            var a = w.beginObject(indent)
            w.string("actor", actor.actor, in: &a)
            w.string("role", actor.role, in: &a)
            w.endObject(a)
        }
        array("attributes", item.attributes, in: &o) { w, attribute, indent in
            var a = w.beginObject(indent)
            w.string("name", attribute.name, in: &a)
            w.string("value", attribute.value, in: &a)
            w.endObject(a)
        }
        string("change_reason", item.changeReason, in: &o)
        string("claim_status", item.claimStatus, in: &o)
        string("description", item.description, in: &o)
        integer("entry", item.entry, in: &o)
        array("exhibits", item.exhibits, in: &o) { w, exhibit, indent in
            var a = w.beginObject(indent)
            w.string("exhibit", exhibit.exhibit, in: &a)
            w.string("note", exhibit.note, in: &a)
            w.endObject(a)
        }
        string("id", item.id, in: &o)
        string("kind", item.kind, in: &o)
        string("kind_label", item.kindLabel, in: &o)
        if let occurred = item.occurred {
            key("occurred", in: &o)
            var a = beginObject(indent + 2)
            string("display", occurred.display, in: &a)
            string("from", occurred.from, in: &a)
            string("precision", occurred.precision, in: &a)
            string("to", occurred.to, in: &a)
            endObject(a)
        }
        array("origins", item.origins, in: &o) { w, origin, _ in w.string(origin) }
        string("place", item.place, in: &o)
        string("recorded_at", item.recordedAt, in: &o)
        string("recorded_by", item.recordedBy, in: &o)
        string("review_note", item.reviewNote, in: &o)
        string("reviewer", item.reviewer, in: &o)
        array("sources", item.sources, in: &o) { w, source, indent in
            var a = w.beginObject(indent)
            w.string("locator", source.locator, in: &a)
            w.string("quote", source.quote, in: &a)
            w.string("source", source.source, in: &a)
            w.endObject(a)
        }
        string("status", item.status, in: &o)
        string("territorial_state", item.territorialState, in: &o)
        string("title", item.title, in: &o)
        integer("version", item.version, in: &o)
        integer("withheld_exhibits", item.withheldExhibits, in: &o)
        integer("withheld_sources", item.withheldSources, in: &o)
        endObject(o)
    }
}
