import Foundation
import LedgerModel

/// Builds a dossier too large to hold, for its formats (JSON, HTML, CSV): the same document as `DossierBuilder`
/// gives, rendered to the same bytes, but read one item at a time in passes and written as it is read.
///
/// It holds the catalogue (every record but those of items, their sources, actors and exhibits, and links):
/// provisions, elements, sources, actors, places, exhibits, vocabularies, sanctions data. Items come as groups of
/// records, numbered in item order (when the item occurred, then its id): an item's entity, its current version
/// with that version's children, and its current links to the chosen criteria with their entities (redacted as
/// the builder would see them). The passes:
/// 1. `tally`: every item once, in item order. Which items are shown, the summary figures, each element's
///    corroboration and gaps, what the items refer to, and where each piece of evidence goes (`evidenceOrder`);
///    for each shown item, a record of it and its evidence (`ShownItemRecord`, as bytes), which the caller keeps
///    for the later passes, numbered 0, 1, … as they come (or `count`, leaving the records to a `Recorder`, which
///    may work on another thread). `skeleton()` then gives the document without its items and evidence, which the
///    writer lays out around them.
/// 2. `evidence`: the pieces of evidence in document order (`evidenceOrder`: by element as `criterionOrder` lists
///    them, then supporting, qualifying, contrary, each by item order and then by link), each from its item's
///    record: the criteria sections.
/// 3. `item`: every shown item's record once, in item order: the items section and the CSV.
/// The records are made once: the later passes do not read the rows again.
/// Only when two shown items' ids make the same HTML anchor does a pass over the records in item order
/// (`claimAnchor`) come before the second, so that anchors are numbered as the in-memory renderer numbers them.
public struct DossierStream {
    let builder: DossierBuilder
    /// The index of the catalogue (an item's own rows are read from its group: `read`).
    let index: DossierBuilder.Index
    let selection: DossierBuilder.Selection
    /// The elements (or element-less provisions) shown, by entity id, in document order: the order in which
    /// `evidence` wants its groups.
    public let criterionOrder: [String]
    let positions: [String: Int]

    var tallies: [String: DossierBuilder.ElementTally] = [:]
    var references: DossierBuilder.References
    var implicated: [String: Set<String>] = [:]
    var summary = DossierBuilder.SummaryTally()
    var relationCounts: [String: Int] = [:]
    var otherRelations: Set<String> = []
    var slugHashes: Set<Int> = []
    var duplicateSlugs: Set<String> = []
    var claimedSlugs: Set<String> = []
    var claimedAnchors: [String: String] = [:]

    var withheldNumbers: [String: Int] = [:]
    /// How many items were counted as shown: the number of the next record.
    public private(set) var shownCount = 0
    var elements: [(code: String, anchor: String)] = []
    /// Where each piece of evidence goes, as tallied (compact: a million links take 16 MB).
    var placed: [PlacedEvidence] = []

    struct PlacedEvidence {
        var position: Int32
        var relation: Int32
        var group: Int32
        var entry: Int32
    }

    /// `catalogue`: the snapshot's records but those of items, their children and links (see above).
    public init(spec: DossierSpec, ledger: DossierDocument.LedgerState, includeProtected: Bool = false, exhibitSizes: [String: Int] = [:],
                catalogue: [LedgerRecord]) throws {
        builder = DossierBuilder(spec: spec, ledger: ledger, includeProtected: includeProtected, exhibitSizes: exhibitSizes)
        index = try DossierBuilder.Index(records: catalogue)
        var unused = DossierBuilder.Used()
        selection = try builder.select(index: index, used: &unused)
        criterionOrder = builder.shownCriteria(selection, index: index)
        positions = Dictionary(criterionOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        references = DossierBuilder.References(subjects: selection.subjectIDs)
    }

    /// One item's facts and its evidence for the shown criteria (nil facts: the item is not selected).
    ///
    /// The catalogue holds no rows of items, links or their children, so an item's own rows are its group's: they
    /// are found in it as the index would find them once they were added to it (an id's last entity row, an item's
    /// latest version, a version's children in the group's order), and the index is read, not changed, for all the
    /// rest (adding and taking out again every row of every item was a quarter of the counting).
    private func read(_ group: [LedgerRecord]) throws -> (DossierBuilder.ItemFacts, [(position: Int, evidence: DossierDocument.Evidence)])? {
        var rows: [DossierBuilder.Row] = []
        rows.reserveCapacity(group.count)
        for record in group { rows.append(DossierBuilder.Row(record: record, fields: try record.fields())) }
        func external(_ id: String?) -> String? {
            guard let id else { return nil }
            for k in rows.indices.reversed() where rows[k].record.table == "entity" && rows[k]["id"] == id { return rows[k]["external_id"] }
            return index.entities[id]?["external_id"]
        }
        guard let uuid = rows.first(where: { $0.record.table == "item_version" })?["entity_id"] else { return nil }
        var latest: DossierBuilder.Row?
        for row in rows where row.record.table == "item_version" && row["entity_id"] == uuid {
            if let kept = latest, kept.int("version") >= row.int("version") { continue }
            latest = row
        }
        guard let version = latest, let id = external(uuid) else { return nil }
        let (itemID, itemVersion) = (version["entity_id"], version["version"])
        func children(_ table: String) -> [DossierBuilder.Row] {
            guard let (idKey, versionKey) = DossierBuilder.Index.childParents[table], let itemID, let itemVersion else { return [] }
            return rows.filter { $0.record.table == table && $0[idKey] == itemID && $0[versionKey] == itemVersion }
        }
        guard let facts = builder.itemFacts(uuid, id: id, row: version, children: children, index: index, subjects: selection.subjectIDs,
                                            periodStart: selection.periodStart, periodEnd: selection.periodEnd) else { return nil }
        var entries: [(position: Int, evidence: DossierDocument.Evidence)] = []
        for link in rows where link.record.table == "link_version" && link["item_id"] == uuid && link["withdrawn"] != "true" {
            guard let criterion = link["criterion_id"], selection.criterionIDs.contains(criterion), let position = positions[criterion],
                  let evidence = builder.evidence(link: link, externalID: external(link["entity_id"]), item: facts) else { continue }
            entries.append((position, evidence))
        }
        return entries.isEmpty ? nil : (facts, entries)
    }

    // MARK: - Pass 1

    /// Counts one item (with all its current links), in item order; returns its record for the later passes, the
    /// next in number (nil: the item is not shown).
    public mutating func tally(_ group: [LedgerRecord]) throws -> [UInt8]? {
        try count(group).map(recorder.record)
    }

    /// A shown item as counted, for a `Recorder` to make into its record (on another thread, if need be: once
    /// counted, nothing changes it).
    public struct Counted: @unchecked Sendable {
        let facts: DossierBuilder.ItemFacts
        let ordered: [(position: Int, evidence: DossierDocument.Evidence)]
    }

    /// Makes counted items into their records (`ShownItemRecord`, as bytes). An item's document reads, besides its
    /// own facts, only the catalogue, which nothing changes once the stream is made: so a recorder holds the
    /// catalogue's index and may work on one thread while `count` goes on on another.
    public struct Recorder: @unchecked Sendable {
        let catalogue: DossierBuilder.Index

        public func record(_ counted: Counted) -> [UInt8] {
            var item = counted.facts.document(index: catalogue, withheldNumbers: [:])
            item.origins = counted.facts.origins
            var bytes: [UInt8] = []
            ShownItemRecord(item: item, withheldSourceIDs: counted.facts.withheldSources, actorOriginated: counted.facts.actorOriginated,
                            entries: counted.ordered.map { ShownItemRecord.Entry(position: $0.position, evidence: $0.evidence) }).encode(into: &bytes)
            return bytes
        }
    }

    /// The recorder of this stream's shown items.
    public var recorder: Recorder { Recorder(catalogue: index) }

    /// Counts one item as `tally` does, but leaves the making of its record to `recorder`; the records must be
    /// kept in the order the items were counted (nil: the item is not shown).
    public mutating func count(_ group: [LedgerRecord]) throws -> Counted? {
        guard let (facts, entries) = try read(group) else { return nil }
        let number = shownCount
        shownCount += 1
        let ordered = DossierStream.ordered(entries, facts)
        for (k, placed) in ordered.enumerated() {
            let relation = DossierBuilder.evidenceOrder(placed.evidence, facts).0
            self.placed.append(PlacedEvidence(position: Int32(placed.position), relation: Int32(relation), group: Int32(number), entry: Int32(k)))
        }
        references.add(facts)
        summary.add(facts)
        var byPosition: [Int: [DossierDocument.Evidence]] = [:]
        for (position, evidence) in entries {
            relationCounts[evidence.relation, default: 0] += 1
            if !DossierRenderIndex.knownRelations.contains(evidence.relation) { otherRelations.insert(evidence.relation) }
            byPosition[position, default: []].append(evidence)
        }
        for (position, evidence) in byPosition { tallies[criterionOrder[position], default: .init()].add(facts, evidence) }
        if entries.contains(where: { $0.evidence.relation == "supports" }) {
            builder.addImplicated(by: facts, index: index, to: &implicated, statesWithoutItems: true)
        }
        // Items whose ids make the same anchor (hashes that meet are taken as the same, which only costs a pass).
        let slug = DossierRenderIndex.slug(facts.id)
        if !slugHashes.insert(slug.hashValue).inserted { duplicateSlugs.insert(slug) }
        return Counted(facts: facts, ordered: ordered)
    }

    /// After `tally`: the document with every figure, section and list, but without items and evidence.
    public mutating func skeleton() throws -> DossierDocument {
        guard otherRelations.isEmpty else {
            throw DossierProblem("links with the relation(s) \(otherRelations.sorted().joined(separator: ", ")) cannot be written item by item: build this dossier without --stream")
        }
        slugHashes = []
        var unused = DossierBuilder.Used()
        let tallies = self.tallies
        let (criteria, elementCount, withGaps) = builder.criteria(selection, index: index, used: &unused) { id in
            let (corroboration, gaps) = (tallies[id] ?? DossierBuilder.ElementTally()).assessment()
            return ([], corroboration, gaps)
        }
        let catalogue = builder.catalogue(references, implicated: implicated, index: index, used: &unused)
        withheldNumbers = DossierBuilder.withheldNumbers(references)
        let figures = summary.summary(index: index, elements: elementCount, elementsWithGaps: withGaps, relations: relationCounts)
        let sanctions = builder.sanctionsStatus(implicated: implicated, actors: catalogue.actors, sources: Set(catalogue.sources.map(\.id)),
                                                index: index, used: &unused)
        let document = builder.document(criteria: criteria, items: [], summary: figures, catalogue: catalogue, references: references,
                                        sanctions: sanctions, index: index)
        let render = DossierRenderIndex(document)
        elements = []
        for (c, criterion) in document.criteria.enumerated() {
            for (e, element) in criterion.elements.enumerated() { elements.append((element.code, render.elementAnchor(c, e))) }
        }
        precondition(elements.count == criterionOrder.count, "the skeleton's elements are the criteria read")
        return document
    }

    /// Evidence entries per relation of each element, in document order (the HTML form heads each group with it).
    public var evidenceCounts: [[String: Int]] { criterionOrder.map { tallies[$0]?.entries ?? [:] } }

    // MARK: - Anchors

    /// Whether two shown items' ids make the same anchor, so that `claimAnchor` must see every item first.
    public var needsAnchorPass: Bool { !duplicateSlugs.isEmpty }

    /// Whether an item whose id slugs to `slug` may be given a numbered anchor: its slug is one that two items
    /// share, or one of those with "-N" suffixes.
    func mayCollide(_ slug: String) -> Bool {
        var s = Substring(slug)
        while true {
            if duplicateSlugs.contains(String(s)) { return true }
            guard let dash = s.lastIndex(of: "-"), s.index(after: dash) < s.endIndex,
                  s[s.index(after: dash)...].allSatisfy({ $0 >= "0" && $0 <= "9" }) else { return false }
            s = s[..<dash]
        }
    }

    /// Every record in item order, before `evidence`: numbers the anchors of items whose ids collide, as the
    /// renderer does.
    public mutating func claimAnchor(_ record: [UInt8]) throws {
        let id = try ShownItemRecord(decoding: record).item.id
        let slug = DossierRenderIndex.slug(id)
        guard mayCollide(slug) else { return }
        let base = "item-" + slug
        var anchor = base
        var n = 2
        while claimedSlugs.contains(anchor) {
            anchor = base + "-" + String(n)
            n += 1
        }
        claimedSlugs.insert(anchor)
        claimedAnchors[id] = anchor
    }

    func anchor(_ id: String) -> String { claimedAnchors[id] ?? "item-" + DossierRenderIndex.slug(id) }

    // MARK: - Passes 2 and 3

    /// One item's evidence in document order: by element, then as within an element.
    static func ordered(_ entries: [(position: Int, evidence: DossierDocument.Evidence)], _ facts: DossierBuilder.ItemFacts)
        -> [(position: Int, evidence: DossierDocument.Evidence)] {
        entries.sorted { a, b in
            if a.position != b.position { return a.position < b.position }
            return DossierBuilder.evidenceOrder(a.evidence, facts) < DossierBuilder.evidenceOrder(b.evidence, facts)
        }
    }

    /// The pieces of evidence in document order, each as its item's record number and its place among that
    /// item's evidence (for `evidence(_:entry:)`). Within an element and relation the items are in item order,
    /// which is how `DossierBuilder` orders them (when the item occurred, then its id), and one item's evidence is
    /// in its own order (by link).
    public func evidenceOrder() -> [(record: Int, entry: Int)] {
        placed.sorted { a, b in
            if a.position != b.position { return a.position < b.position }
            if a.relation != b.relation { return a.relation < b.relation }
            if a.group != b.group { return a.group < b.group }
            return a.entry < b.entry
        }.map { (Int($0.group), Int($0.entry)) }
    }

    /// Piece `entry` of an item's evidence (see `evidenceOrder`), with its item, for the criteria sections.
    public func evidence(_ record: [UInt8], entry: Int) throws -> StreamedEvidence {
        let kept = try ShownItemRecord(decoding: record)
        guard entry < kept.entries.count else { throw DossierProblem("a kept item has fewer pieces of evidence than were placed") }
        let item = kept.item(withheldNumbers: withheldNumbers)
        return StreamedEvidence(position: kept.entries[entry].position, evidence: kept.entries[entry].evidence, item: item, anchor: anchor(item.id))
    }

    /// One shown item, for the items section and the CSV.
    public func item(_ record: [UInt8]) throws -> StreamedItem {
        let kept = try ShownItemRecord(decoding: record)
        let item = kept.item(withheldNumbers: withheldNumbers)
        var citations: [DossierRenderIndex.Citation] = []
        for (position, evidence) in kept.entries.map({ ($0.position, $0.evidence) }) {
            let citation = DossierRenderIndex.Citation(elementCode: elements[position].code, elementAnchor: elements[position].anchor, relation: evidence.relation)
            if !citations.contains(citation) { citations.append(citation) }
        }
        return StreamedItem(item: item, anchor: anchor(item.id), citations: citations,
                            links: kept.entries.map { CSVRenderer.link(element: elements[$0.position].code, $0.evidence) })
    }
}

/// A piece of evidence for the criteria sections, with its item.
public struct StreamedEvidence: Sendable {
    /// The element's place in document order (see `DossierStream.criterionOrder`).
    public var position: Int
    public var evidence: DossierDocument.Evidence
    public var item: DossierDocument.Item
    var anchor: String
}

/// An item for the items section, with what cites it.
public struct StreamedItem: Sendable {
    public var item: DossierDocument.Item
    var anchor: String
    var citations: [DossierRenderIndex.Citation]
    /// Its links as the CSV's links column shows them.
    var links: [String]
}
