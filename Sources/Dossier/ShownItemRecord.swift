/// A shown item as the first pass of a streamed build (`DossierStream.tally`) keeps it for the later passes: the
/// item as the document shows it, and its evidence in its own document order, so that those passes neither read
/// the item's rows again nor work out its facts a second time.
///
/// One thing is not known until every item has been counted: the numbers of withheld sources (an origin is shown
/// as "withheld source N"). The record keeps the item's own origins and the ids of its withheld sources, and
/// `item(withheldNumbers:)` puts them together as `DossierBuilder.ItemFacts.document` does.
struct ShownItemRecord: Equatable {
    /// The item, its `origins` those it names itself (before withheld sources are added).
    var item: DossierDocument.Item
    var withheldSourceIDs: [String]
    var actorOriginated: Bool
    /// Its evidence for the shown criteria (each with the element's place in `DossierStream.criterionOrder`), in
    /// the item's document order.
    var entries: [Entry]

    struct Entry: Equatable {
        var position: Int
        var evidence: DossierDocument.Evidence
    }

    /// The item as the document shows it.
    func item(withheldNumbers: [String: Int]) -> DossierDocument.Item {
        var shown = item
        shown.origins = DossierBuilder.ItemFacts.origins(item.origins, withheldSources: withheldSourceIDs, actorOriginated: actorOriginated,
                                                         withheldNumbers: withheldNumbers)
        return shown
    }

    // MARK: - Bytes

    /// Numbers as 8 bytes (little-endian); texts as a 4-byte length and UTF-8, an absent text as length 0xFFFFFFFF.
    func encode(into out: inout [UInt8]) {
        var w = Writer(out: out)
        out = []
        let i = item
        w.text(i.id); w.int(i.version); w.text(i.kind); w.text(i.kindLabel); w.text(i.title); w.text(i.description)
        w.int(i.occurred == nil ? 0 : 1)
        if let o = i.occurred { w.text(o.from); w.text(o.to); w.text(o.precision); w.text(o.display) }
        w.text(i.place); w.text(i.actingState); w.text(i.territorialState)
        w.int(i.actors.count)
        for a in i.actors { w.text(a.actor); w.text(a.role) }
        w.int(i.attributes.count)
        for a in i.attributes { w.text(a.name); w.text(a.value) }
        w.text(i.claimStatus); w.text(i.status); w.text(i.reviewer); w.text(i.reviewNote)
        w.int(i.sources.count)
        for s in i.sources { w.text(s.source); w.text(s.locator); w.text(s.quote) }
        w.int(i.withheldSources)
        w.int(i.exhibits.count)
        for e in i.exhibits { w.text(e.exhibit); w.text(e.note) }
        w.int(i.withheldExhibits)
        w.int(i.origins.count)
        for o in i.origins { w.text(o) }
        w.text(i.recordedAt); w.text(i.recordedBy); w.text(i.changeReason); w.int(Int(bitPattern: UInt(i.entry)))
        w.int(withheldSourceIDs.count)
        for id in withheldSourceIDs { w.text(id) }
        w.int(actorOriginated ? 1 : 0)
        w.int(entries.count)
        for entry in entries {
            let e = entry.evidence
            w.int(entry.position)
            w.text(e.link); w.text(e.item); w.text(e.relation); w.text(e.credibility); w.text(e.reliability); w.text(e.grade)
            w.text(e.argument); w.text(e.assertedBy); w.int(e.linkVersion)
        }
        out = w.out
    }

    init(item: DossierDocument.Item, withheldSourceIDs: [String], actorOriginated: Bool, entries: [Entry]) {
        self.item = item
        self.withheldSourceIDs = withheldSourceIDs
        self.actorOriginated = actorOriginated
        self.entries = entries
    }

    init(decoding bytes: [UInt8]) throws {
        var r = Reader(bytes: bytes)
        let id = try r.text(), version = try r.int(), kind = try r.text(), kindLabel = try r.text(), title = try r.text()
        let description = try r.optionalText()
        var occurred: DossierDocument.Occurred?
        if try r.int() != 0 {
            occurred = DossierDocument.Occurred(from: try r.text(), to: try r.text(), precision: try r.text(), display: try r.text())
        }
        let place = try r.optionalText(), actingState = try r.optionalText(), territorialState = try r.optionalText()
        let actors = try (0..<r.count()).map { _ in DossierDocument.ItemActor(actor: try r.text(), role: try r.text()) }
        let attributes = try (0..<r.count()).map { _ in DossierDocument.Attribute(name: try r.text(), value: try r.text()) }
        let claimStatus = try r.optionalText(), status = try r.text(), reviewer = try r.optionalText(), reviewNote = try r.optionalText()
        let sources = try (0..<r.count()).map { _ in
            DossierDocument.ItemSource(source: try r.text(), locator: try r.optionalText(), quote: try r.optionalText())
        }
        let withheldSources = try r.int()
        let exhibits = try (0..<r.count()).map { _ in DossierDocument.ItemExhibit(exhibit: try r.text(), note: try r.optionalText()) }
        let withheldExhibits = try r.int()
        let origins = try (0..<r.count()).map { _ in try r.text() }
        let recordedAt = try r.text(), recordedBy = try r.text(), changeReason = try r.optionalText()
        let entry = UInt64(UInt(bitPattern: try r.int()))
        item = DossierDocument.Item(
            id: id, version: version, kind: kind, kindLabel: kindLabel, title: title, description: description, occurred: occurred,
            place: place, actingState: actingState, territorialState: territorialState, actors: actors, attributes: attributes,
            claimStatus: claimStatus, status: status, reviewer: reviewer, reviewNote: reviewNote, sources: sources,
            withheldSources: withheldSources, exhibits: exhibits, withheldExhibits: withheldExhibits, origins: origins,
            recordedAt: recordedAt, recordedBy: recordedBy, changeReason: changeReason, entry: entry)
        withheldSourceIDs = try (0..<r.count()).map { _ in try r.text() }
        actorOriginated = try r.int() != 0
        entries = try (0..<r.count()).map { _ in
            let position = try r.int()
            let evidence = DossierDocument.Evidence(
                link: try r.text(), item: try r.text(), relation: try r.text(), credibility: try r.text(), reliability: try r.optionalText(),
                grade: try r.text(), argument: try r.text(), assertedBy: try r.text(), linkVersion: try r.int())
            return Entry(position: position, evidence: evidence)
        }
        guard r.at == bytes.count else { throw DossierProblem("a kept item has bytes left over: the working file is damaged") }
    }

    private struct Writer {
        var out: [UInt8]

        mutating func int(_ value: Int) {
            withUnsafeBytes(of: UInt64(bitPattern: Int64(value)).littleEndian) { out.append(contentsOf: $0) }
        }

        mutating func text(_ value: String?) {
            guard let value else {
                out.append(contentsOf: [0xFF, 0xFF, 0xFF, 0xFF])
                return
            }
            var text = value
            text.withUTF8 { utf8 in
                withUnsafeBytes(of: UInt32(utf8.count).littleEndian) { out.append(contentsOf: $0) }
                out.append(contentsOf: utf8)
            }
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var at = 0

        static let damaged = DossierProblem("a kept item ends early: the working file is damaged")

        mutating func int() throws -> Int {
            guard at + 8 <= bytes.count else { throw Self.damaged }
            var value: UInt64 = 0
            for k in 0..<8 { value |= UInt64(bytes[at + k]) << (8 * UInt64(k)) }
            at += 8
            return Int(Int64(bitPattern: value))
        }

        mutating func count() throws -> Int {
            let n = try int()
            guard n >= 0, n <= bytes.count - at else { throw Self.damaged }
            return n
        }

        mutating func optionalText() throws -> String? {
            guard at + 4 <= bytes.count else { throw Self.damaged }
            let length = UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
            at += 4
            if length == 0xFFFF_FFFF { return nil }
            let n = Int(length)
            guard n <= bytes.count - at else { throw Self.damaged }
            defer { at += n }
            return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[at..<(at + n)]), as: UTF8.self) }
        }

        mutating func text() throws -> String {
            guard let text = try optionalText() else { throw DossierProblem("a kept item lacks a text it must have: the working file is damaged") }
            return text
        }
    }
}
