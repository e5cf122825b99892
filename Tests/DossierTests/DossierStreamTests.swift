import Foundation
import LedgerModel
import Testing
@testable import Dossier

/// The streamed build over the Belarus fixture records, grouped here as the server groups them for
/// `dossier build --stream`: its files must be the bytes the in-memory build renders. No database.
@Suite struct DossierStreamTests {
    typealias Fields = [String: String?]

    /// The fixture records split as a streamed build reads them: the catalogue, and one group per item (its entity,
    /// current version with that version's children, and its current links to `criteria` with their entities).
    struct Split {
        var catalogue: [LedgerRecord] = []
        var groups: [(item: String, sortKey: String, id: String, records: [LedgerRecord])] = []
        /// One group per link: (criterion position, relation rank, item sort key, item id, link id, records).
        var links: [(order: (Int, Int, String, String, String), records: [LedgerRecord])] = []
    }

    static func split(_ records: [LedgerRecord], criteria: [String]) throws -> Split {
        var fields: [UInt64: Fields] = [:]
        for record in records { fields[record.entry] = try record.fields() }
        func f(_ r: LedgerRecord, _ key: String) -> String? { fields[r.entry]![key] ?? nil }
        let itemTables: Set<String> = ["item_version", "item_actor", "item_source", "item_exhibit", "link_version"]
        var split = Split()
        var entities: [String: LedgerRecord] = [:]
        for record in records {
            if record.table == "entity", let type = f(record, "entity_type"), type == "item" || type == "link" {
                entities[f(record, "id")!] = record
            } else if !itemTables.contains(record.table) {
                split.catalogue.append(record)
            }
        }
        func current(_ table: String) -> [String: LedgerRecord] {
            var out: [String: LedgerRecord] = [:]
            for r in records where r.table == table {
                let id = f(r, "entity_id")!
                if let old = out[id], Int(f(old, "version")!)! >= Int(f(r, "version")!)! { continue }
                out[id] = r
            }
            return out
        }
        let links = current("link_version").values.filter { f($0, "withdrawn") != "true" && criteria.contains(f($0, "criterion_id") ?? "") }
        let items = current("item_version")
        func itemRecords(_ uuid: String) -> (sortKey: String, id: String, records: [LedgerRecord])? {
            guard let version = items[uuid] else { return nil }
            let children = records.filter {
                ["item_actor", "item_source", "item_exhibit"].contains($0.table) && f($0, "item_id") == uuid && f($0, "item_version") == f(version, "version")
            }
            let occurred = f(version, "occurred")
            let sortKey = occurred.map { String($0.dropFirst().split(separator: ",")[0]) } ?? "9999"
            return (sortKey, entities[uuid].flatMap { f($0, "external_id") } ?? "", [entities[uuid]].compactMap { $0 } + [version] + children)
        }
        for uuid in Set(links.map { f($0, "item_id")! }) {
            guard let item = itemRecords(uuid) else { continue }
            let own = links.filter { f($0, "item_id") == uuid }
            split.groups.append((uuid, item.sortKey, item.id, item.records + own + own.compactMap { entities[f($0, "entity_id")!] }))
        }
        split.groups.sort { ($0.sortKey, $0.id) < ($1.sortKey, $1.id) }
        for link in links {
            guard let item = itemRecords(f(link, "item_id")!) else { continue }
            let linkEntity = entities[f(link, "entity_id")!]
            let relation = ["supports": 0, "qualifies": 1, "contradicts": 2][f(link, "relation") ?? "supports"] ?? 9
            let order = (criteria.firstIndex(of: f(link, "criterion_id")!)!, relation, item.sortKey, item.id,
                         linkEntity.flatMap { f($0, "external_id") } ?? f(link, "entity_id")!)
            split.links.append((order, item.records + [link] + [linkEntity].compactMap { $0 }))
        }
        split.links.sort { $0.order < $1.order }
        return split
    }

    /// With `parts`, the items are written in that many runs (`itemsParts`), the first `appended` of them appended
    /// as soon as they are written (`appendPart`) and the others joined by `finish()`.
    static func streamed(_ records: [LedgerRecord], spec: DossierSpec, parts: Int? = nil, appended: Int = 0) throws -> [String: Data] {
        let catalogue = try split(records, criteria: []).catalogue
        var stream = try DossierStream(spec: spec, ledger: DossierBuilderTests.state, catalogue: catalogue)
        let groups = try split(records, criteria: stream.criterionOrder)
        var kept: [[UInt8]] = []
        for group in groups.groups { if let record = try stream.tally(group.records) { kept.append(record) } }
        #expect(kept.count == stream.shownCount)
        // The evidence in document order, as the stream places it, is the order of the links sorted here (of the
        // items shown).
        let placed = stream.evidenceOrder()
        let skeleton = try stream.skeleton()
        if stream.needsAnchorPass { for record in kept { try stream.claimAnchor(record) } }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = try DossierStreamWriter(skeleton: skeleton, evidenceCounts: stream.evidenceCounts, formats: spec.formats, directory: directory)
        var placedLinks: [String] = []
        for (number, entry) in placed {
            let evidence = try stream.evidence(kept[number], entry: entry)
            placedLinks.append(evidence.evidence.link)
            try writer.write(evidence)
        }
        let shown = Set(placedLinks)
        #expect(!placedLinks.isEmpty && placedLinks == groups.links.map(\.order.4).filter(shown.contains), "the evidence is placed in document order")
        if let parts {
            let runs = writer.itemsParts(parts)
            for (k, run) in runs.enumerated() {
                try run.open()
                for record in kept[k * kept.count / parts..<(k + 1) * kept.count / parts] { try run.write(try stream.item(record)) }
                try run.close()
                if k < appended { try writer.appendPart(k) }
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".items-") }.count
                        == (parts - appended) * writer.paths.count, "an appended part's working files are gone")
        } else {
            for record in kept { try writer.write(try stream.item(record)) }
        }
        try writer.finish()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == writer.paths.sorted())
        var files: [String: Data] = [:]
        for path in writer.paths { files[path] = try Data(contentsOf: directory.appendingPathComponent(path)) }
        return files
    }

    @Test func theStreamedFilesAreTheBytesOfTheInMemoryBuild() throws {
        let records = try DossierBuilderTests.records()
        var spec = try DossierBuilderTests.spec()
        spec.formats = ["json", "html", "csv"]
        for profile in ["public", "un", "prosecutor"] {
            spec.profile = profile
            let redacted = try Redaction.apply(profile: profile, includeProtected: false, to: records).records
            let whole = try DossierBundle.rendered(DossierBuilder(spec: spec, ledger: DossierBuilderTests.state).build(records: redacted).document,
                                                   formats: spec.formats)
            let streamed = try Self.streamed(redacted, spec: spec)
            #expect(streamed.keys.sorted() == whole.keys.sorted())
            for (path, data) in whole { #expect(streamed[path] == data, "\(path) (\(profile)) differs") }
        }
    }

    @Test func itemsWrittenInPartsAndAppendedAsTheyComeAreTheSameBytes() throws {
        let records = try DossierBuilderTests.records()
        var spec = try DossierBuilderTests.spec()
        spec.formats = ["json", "html", "csv"]
        let whole = try DossierBundle.rendered(DossierBuilder(spec: spec, ledger: DossierBuilderTests.state).build(records: records).document,
                                               formats: spec.formats)
        let json = try #require(whole["dossier.json"])
        let items = (try JSONSerialization.jsonObject(with: json) as? [String: Any])?["items"] as? [Any] ?? []
        #expect(items.count >= 3, "enough items for parts of more than one")
        // One part, parts of one item and empty ones, all appended, some, none; with three times as many parts as
        // items, the first two are empty (appended, the first item's part joined by `finish()`).
        #expect(2 * items.count / (3 * items.count) == 0)
        for (parts, appended) in [(1, 1), (1, 0), (3, 0), (3, 2), (3, 3), (items.count + 2, 4), (3 * items.count, 2)] {
            let streamed = try Self.streamed(records, spec: spec, parts: parts, appended: appended)
            for (path, data) in whole { #expect(streamed[path] == data, "\(path) differs (\(parts) parts, \(appended) appended)") }
        }
    }

    @Test func aNarrowSelectionStreamsTheSameToo() throws {
        let records = try DossierBuilderTests.records()
        var spec = try DossierBuilderTests.spec()
        spec.formats = ["json", "html", "csv"]
        spec.criteria = ["UNGA-3314/3(f).3"]
        spec.minReliability = "B"
        spec.kinds = ["missile-launch"]
        let whole = try DossierBundle.rendered(DossierBuilder(spec: spec, ledger: DossierBuilderTests.state).build(records: records).document,
                                               formats: spec.formats)
        let streamed = try Self.streamed(records, spec: spec)
        for (path, data) in whole { #expect(streamed[path] == data, "\(path) differs") }
    }

    @Test func theJSONLayoutCutsWhereItemsAndEvidenceGo() throws {
        let document = SampleDossier.document()
        var skeleton = document
        skeleton.items = []
        for c in skeleton.criteria.indices { for e in skeleton.criteria[c].elements.indices { skeleton.criteria[c].elements[e].evidence = [] } }
        let holes = skeleton.criteria.reduce(0) { $0 + $1.elements.count }
        let layout = try DossierJSONLayout(skeleton, evidenceHoles: holes)
        #expect(layout.segments.count == holes + 2)
        #expect(layout.indents.last == 2)
        // Filled with the document's own evidence and items, the layout gives the document's JSON.
        let encoder = DossierJSON.encoder()
        var text = layout.segments[0]
        var hole = 0
        func fill(_ values: [some Encodable]) throws {
            let pad = String(repeating: " ", count: layout.indents[hole])
            text += values.isEmpty ? "\n\n" + pad + "]" : "\n" + (try values.map { try DossierJSON.fragment($0, encoder: encoder, indent: layout.indents[hole] + 2) })
                .joined(separator: ",\n") + "\n" + pad + "]"
            hole += 1
            text += layout.segments[hole]
        }
        for criterion in document.criteria { for element in criterion.elements { try fill(element.evidence) } }
        try fill(document.items)
        #expect(Data(text.utf8) == (try DossierJSON.encode(document)))
    }
}
