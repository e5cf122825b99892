import Foundation
import LedgerModel
import Sanctions

/// Builds a dossier from ledger records alone: the rows as their log entries commit to them (after redaction).
///
/// The builder is a pure function of the spec, the checkpoint and the records, so `dossier verify` can run it
/// again on the records a bundle carries and require the very same document. It returns the entries of the
/// records the document rests on: those go into the bundle, each with its proof.
public struct DossierBuilder {
    public let spec: DossierSpec
    public let ledger: DossierDocument.LedgerState
    public let includeProtected: Bool
    /// Sizes of the exhibit files by SHA-256 (hex), as stored or as found in a bundle.
    public let exhibitSizes: [String: Int]

    public init(spec: DossierSpec, ledger: DossierDocument.LedgerState, includeProtected: Bool = false, exhibitSizes: [String: Int] = [:]) {
        self.spec = spec
        self.ledger = ledger
        self.includeProtected = includeProtected
        self.exhibitSizes = exhibitSizes
    }

    public struct Result: Sendable {
        public var document: DossierDocument
        /// The records the document rests on, by entry.
        public var records: [LedgerRecord]
    }

    typealias Fields = [String: String?]

    struct Row {
        let record: LedgerRecord
        let fields: Fields
        subscript(_ key: String) -> String? { fields[key] ?? nil }
        var withheld: Bool { !record.hasPayload }
        func int(_ key: String) -> Int { Int(self[key] ?? "") ?? 0 }
    }

    /// The records, indexed the ways the builder reads them.
    struct Index {
        var entities: [String: Row] = [:]                       // uuid → entity row
        var byExternal: [String: [String: String]] = [:]         // type → external id → uuid
        var current: [String: [String: Row]] = [:]               // table → entity uuid → latest version row
        var children: [String: [String: [Row]]] = [:]            // table → "parent uuid/version" → rows
        var identities: [String: Row] = [:]                      // source uuid → latest identity row
        var vocabulary: [String: [(code: String, label: String, ordinal: Int, row: Row)]] = [:]
        var imports: [String: Row] = [:]                         // import uuid → sanctions_import row

        static let versioned: Set<String> = ["instrument_version", "provision_version", "element_version", "source_version",
                                             "actor_version", "place_version", "item_version", "link_version",
                                             "sanctions_target_version", "designation_version", "actor_match_version"]
        static let childParents: [String: (String, String)] = ["item_actor": ("item_id", "item_version"), "item_source": ("item_id", "item_version"),
                                                              "item_exhibit": ("item_id", "item_version"), "actor_name": ("actor_id", "actor_version"),
                                                              "place_name": ("place_id", "place_version")]

        init(records: [LedgerRecord]) throws {
            for record in records { insert(Row(record: record, fields: try record.fields())) }
            for key in vocabulary.keys { vocabulary[key]!.sort { ($0.ordinal, $0.code) < ($1.ordinal, $1.code) } }
        }

        /// Adds one row (vocabulary rows are appended unsorted: `init` sorts them).
        mutating func insert(_ row: Row) {
            switch row.record.table {
            case "entity":
                guard let id = row["id"] else { return }
                entities[id] = row
                if let type = row["entity_type"], Index.foundByExternalID(type), let external = row["external_id"] {
                    byExternal[type, default: [:]][external] = id
                }
            case "exhibit":
                if let id = row["entity_id"] { current["exhibit", default: [:]][id] = row }
            case "vocabulary":
                if let list = row["vocabulary"], let code = row["code"] {
                    vocabulary[list, default: []].append((code, row["label"] ?? code, row.int("ordinal"), row))
                }
            case "sanctions_import":
                if let id = row["id"] { imports[id] = row }
            case "source_identity":
                if let id = row["source_id"] {
                    if let old = identities[id], (old["recorded_at"] ?? "") > (row["recorded_at"] ?? "") { return }
                    identities[id] = row
                }
            case let table where Index.versioned.contains(table):
                guard let id = row["entity_id"] else { return }
                Index.keepLatest(row, id: id, in: &current[table, default: [:]])
            case let table where Index.childParents[table] != nil:
                let (idKey, versionKey) = Index.childParents[table]!
                guard let id = row[idKey], let version = row[versionKey] else { return }
                children[table, default: [:]]["\(id)/\(version)", default: []].append(row)
            default:
                return
            }
        }

        /// Whether entities of `type` are looked up by their external ids (`byExternal`): not items and links, the
        /// bulk of a ledger (nothing looks them up so).
        static func foundByExternalID(_ type: String) -> Bool { type != "item" && type != "link" }

        /// Keeps `row` as entity `id`'s current version unless a later one is there.
        static func keepLatest(_ row: Row, id: String, in rows: inout [String: Row]) {
            if let at = rows.index(forKey: id) {
                if rows.values[at].int("version") >= row.int("version") { return }
                rows.values[at] = row
            } else {
                rows[id] = row
            }
        }

        func external(_ uuid: String?) -> String? {
            guard let uuid else { return nil }
            guard let row = entities[uuid] else { return nil }
            return row["external_id"]
        }

        func label(_ list: String, _ code: String) -> String {
            vocabulary[list]?.first { $0.code == code }?.label ?? code
        }

        func children(_ table: String, of row: Row) -> [Row] {
            guard let id = row["entity_id"], let version = row["version"] else { return [] }
            return children[table]?["\(id)/\(version)"] ?? []
        }
    }

    /// Collects the entries a document rests on.
    struct Used {
        var entries: [UInt64: LedgerRecord] = [:]
        mutating func add(_ row: Row?) { if let row { entries[row.record.entry] = row.record } }
        mutating func add(_ rows: [Row]) { for row in rows { add(row) } }
    }

    /// The subject actors, provisions and elements a spec names, found in the ledger.
    struct Selection {
        struct Section { var provision: String; var elements: [String]; var wholeProvision: Bool }
        var subjectIDs: Set<String> = []
        var sections: [Section] = []
        /// The elements (or element-less provisions) whose links are read.
        var criterionIDs: Set<String> = []
        var periodStart: String?
        var periodEnd: String?
    }

    func select(index: Index, used: inout Used) throws -> Selection {
        var selection = Selection()
        var problems: [String] = []

        // Subjects.
        for subject in spec.subjects {
            guard let uuid = index.byExternal["actor"]?[subject] else {
                problems.append("subject: no actor \"\(subject)\" in the ledger at checkpoint \(ledger.checkpointSize) (evidence-ledger search finds actors by name)")
                continue
            }
            selection.subjectIDs.insert(uuid)
            used.add(index.entities[uuid])
            used.add(index.current["actor_version"]?[uuid])
        }

        // Criteria: provisions with the elements to show.
        var sections: [Selection.Section] = []
        for code in spec.criteria {
            if let provision = index.byExternal["provision"]?[code] {
                let elements = (index.current["element_version"] ?? [:]).values
                    .filter { $0["provision_id"] == provision && $0["withdrawn"] != "true" }
                    .sorted { ($0.int("ordinal"), index.external($0["entity_id"]) ?? "") < ($1.int("ordinal"), index.external($1["entity_id"]) ?? "") }
                    .compactMap { $0["entity_id"] }
                if let at = sections.firstIndex(where: { $0.provision == provision }) {
                    sections[at].elements = elements
                    sections[at].wholeProvision = true
                } else {
                    sections.append(Selection.Section(provision: provision, elements: elements, wholeProvision: true))
                }
            } else if let element = index.byExternal["element"]?[code], let row = index.current["element_version"]?[element],
                      let provision = row["provision_id"] {
                if let at = sections.firstIndex(where: { $0.provision == provision }) {
                    if !sections[at].elements.contains(element) { sections[at].elements.append(element) }
                } else {
                    sections.append(Selection.Section(provision: provision, elements: [element], wholeProvision: false))
                }
            } else {
                problems.append("criteria: no provision or element \"\(code)\" in the ledger at checkpoint \(ledger.checkpointSize) (evidence-ledger criteria list shows the codes)")
            }
        }
        if !problems.isEmpty { throw DossierProblem(problems.joined(separator: "\n")) }
        selection.sections = sections

        // Links to the chosen criteria (element-less provisions are linked directly).
        for section in sections {
            if section.elements.isEmpty { selection.criterionIDs.insert(section.provision) } else { selection.criterionIDs.formUnion(section.elements) }
        }
        selection.periodStart = spec.periodFrom.map { "\($0)T00:00:00.000000Z" }
        selection.periodEnd = spec.periodTo.flatMap { DossierBuilder.nextDay($0) }.map { "\($0)T00:00:00.000000Z" }
        return selection
    }

    /// The criteria the document shows, in its order: each section's elements (or the provision itself when it
    /// has none), for the sections whose provision the ledger holds.
    func shownCriteria(_ selection: Selection, index: Index) -> [String] {
        selection.sections.filter { index.current["provision_version"]?[$0.provision] != nil }
            .flatMap { $0.elements.isEmpty ? [$0.provision] : $0.elements }
    }

    static func rank(_ grade: String?, _ order: [String]) -> Int { grade.flatMap { order.firstIndex(of: $0) } ?? order.count }

    /// The evidence a link gives for its item, or nil when the spec's minimum grades drop it (they apply to
    /// supporting evidence only).
    func evidence(link: Row, item: ItemFacts, index: Index) -> DossierDocument.Evidence? {
        evidence(link: link, externalID: index.external(link["entity_id"]), item: item)
    }

    /// `evidence(link:item:index:)` for a link whose entity's external id is `externalID` (nil: it has none).
    func evidence(link: Row, externalID: String?, item: ItemFacts) -> DossierDocument.Evidence? {
        let relation = link["relation"] ?? "supports"
        let credibility = link["credibility"] ?? "6"
        if relation == "supports" {
            let reliabilityOrder = Vocabulary.sourceReliability
            if let min = spec.minReliability, DossierBuilder.rank(item.reliability, reliabilityOrder) > DossierBuilder.rank(min, reliabilityOrder) { return nil }
            if let min = spec.minCredibility, DossierBuilder.rank(credibility, Vocabulary.informationCredibility) > DossierBuilder.rank(min, Vocabulary.informationCredibility) { return nil }
        }
        return DossierDocument.Evidence(
            link: externalID ?? (link["entity_id"] ?? ""), item: item.id, relation: relation,
            credibility: credibility, reliability: item.reliability, grade: (item.reliability ?? "–") + credibility,
            argument: link["argument"] ?? "", assertedBy: link["asserted_by"] ?? "", linkVersion: link.int("version"))
    }

    /// Where evidence stands within its element: supporting, then qualifying, then contrary; each in time order,
    /// then by item and link id.
    static func evidenceOrder(_ evidence: DossierDocument.Evidence, _ item: ItemFacts) -> (Int, String, String, String) {
        (Vocabulary.linkRelation.firstIndex(of: evidence.relation) ?? 9, item.sortKey, evidence.item, evidence.link)
    }

    /// The provision of each section with its elements, as `element` describes each one's evidence; and how many
    /// elements there are and how many of them have gaps (other than contrary evidence).
    func criteria(_ selection: Selection, index: Index, used: inout Used,
                  element describe: (String) -> (evidence: [DossierDocument.Evidence], corroboration: DossierDocument.Corroboration, gaps: [DossierDocument.Gap]))
        -> (criteria: [DossierDocument.Criterion], elements: Int, withGaps: Int) {
        var criteria: [DossierDocument.Criterion] = []
        var elementCount = 0, elementsWithGaps = 0
        for section in selection.sections {
            guard let provision = index.current["provision_version"]?[section.provision] else { continue }
            used.add(index.entities[section.provision])
            used.add(provision)
            let instrumentID = provision["instrument_id"] ?? ""
            let instrument = index.current["instrument_version"]?[instrumentID]
            used.add(index.entities[instrumentID])
            used.add(instrument)
            let provisionCode = index.external(section.provision) ?? ""
            let criterionIDs = section.elements.isEmpty ? [section.provision] : section.elements
            var elements: [DossierDocument.Element] = []
            for criterionID in criterionIDs {
                let element = index.current["element_version"]?[criterionID]
                used.add(index.entities[criterionID])
                used.add(element)
                let (evidence, corroboration, gaps) = describe(criterionID)
                elementCount += 1
                if !gaps.filter({ $0.code != "contrary-evidence" }).isEmpty { elementsWithGaps += 1 }
                elements.append(DossierDocument.Element(
                    code: index.external(criterionID) ?? provisionCode, body: element?["body"], basis: element?["basis"],
                    evidence: evidence, corroboration: corroboration, gaps: gaps))
            }
            let textStatus = provision["text_status"] ?? "unconfirmed"
            criteria.append(DossierDocument.Criterion(
                code: provisionCode, label: provision["label"],
                instrument: DossierDocument.Instrument(code: index.external(instrumentID) ?? "", title: instrument?["title"] ?? "",
                                                       symbol: instrument?["symbol"]),
                text: provision["body"], textStatus: textStatus, textStatusLabel: index.label("text_status", textStatus),
                textSource: provision["text_source"], elements: elements))
        }
        return (criteria, elementCount, elementsWithGaps)
    }

    /// The sources, actors, places and exhibits that shown items refer to.
    struct References {
        var sourceIDs: Set<String> = [], actorIDs: Set<String>, placeIDs: Set<String> = [], exhibitIDs: Set<String> = []
        var withheldSources: Set<String> = [], withheldExhibits: Set<String> = []

        init(subjects: Set<String>) { actorIDs = subjects }

        mutating func add(_ item: ItemFacts) {
            sourceIDs.formUnion(item.shownSources)
            withheldSources.formUnion(item.withheldSources)
            exhibitIDs.formUnion(item.shownExhibits)
            withheldExhibits.formUnion(item.withheldExhibits)
            actorIDs.formUnion(item.actorIDs)
            if let place = item.row["place_id"] { placeIDs.insert(place) }
        }
    }

    /// The sections of the document that list what items refer to.
    struct Catalogue {
        var sources: [DossierDocument.Source]
        var actors: [DossierDocument.Actor]
        var places: [DossierDocument.Place]
        var exhibits: [DossierDocument.Exhibit]
        var withheldFields: Int
    }

    func catalogue(_ references: References, implicated: [String: Set<String>], index: Index, used: inout Used) -> Catalogue {
        for id in references.withheldSources { used.add(index.current["source_version"]?[id]) }
        for id in references.withheldExhibits { used.add(index.current["exhibit"]?[id]) }

        var sources: [DossierDocument.Source] = []
        for id in references.sourceIDs {
            guard let row = index.current["source_version"]?[id] else { continue }
            used.add(index.entities[id])
            used.add(row)
            let identity = includeProtected ? index.identities[id] : nil
            used.add(identity)
            let reliability = row["reliability"] ?? "F"
            sources.append(DossierDocument.Source(
                id: index.external(id) ?? id, title: row["title"], publisher: row["publisher"], site: row["site"], url: row["url"],
                author: row["author"], published: DossierBuilder.published(row["published_on"], row["published_precision"]),
                language: row["language"], kind: row["kind"] ?? "other", reliability: reliability,
                reliabilityLabel: index.label("source_reliability", reliability), gradingNote: row["grading_note"],
                protection: row["protection"] ?? "public", identity: identity?["identity"], version: row.int("version")))
        }
        sources.sort { $0.id < $1.id }

        // Actors the supporting evidence implicates get a sanctions status, and are shown by name.
        var actorIDs = references.actorIDs
        actorIDs.formUnion(implicated.keys)

        // States of actors and places are shown by name too.
        for id in actorIDs { if let state = index.current["actor_version"]?[id]?["state_id"] { actorIDs.insert(state) } }
        for id in references.placeIDs { if let state = index.current["place_version"]?[id]?["state_id"] { actorIDs.insert(state) } }
        var actors: [DossierDocument.Actor] = []
        for id in actorIDs {
            guard let row = index.current["actor_version"]?[id] else { continue }
            used.add(index.entities[id])
            used.add(row)
            let nameRows = index.children("actor_name", of: row)
            used.add(nameRows)
            let names = DossierBuilder.names(nameRows)
            actors.append(DossierDocument.Actor(
                id: index.external(id) ?? id, kind: row["kind"] ?? "other", name: DossierBuilder.displayName(names, language: spec.language) ?? (index.external(id) ?? id),
                names: names, state: index.external(row["state_id"]), identifiers: DossierBuilder.identifiers(row["identifiers"])))
        }
        actors.sort { $0.id < $1.id }

        var places: [DossierDocument.Place] = []
        for id in references.placeIDs {
            guard let row = index.current["place_version"]?[id] else { continue }
            used.add(index.entities[id])
            used.add(row)
            let nameRows = index.children("place_name", of: row)
            used.add(nameRows)
            let names = DossierBuilder.names(nameRows)
            places.append(DossierDocument.Place(
                id: index.external(id) ?? id, kind: row["kind"] ?? "other", name: DossierBuilder.displayName(names, language: spec.language) ?? (index.external(id) ?? id),
                names: names, state: index.external(row["state_id"]), latitude: row["latitude"], longitude: row["longitude"],
                coarsened: row["coordinates_coarsened"] == "true"))
        }
        places.sort { $0.id < $1.id }

        var withheldFields = 0
        var exhibits: [DossierDocument.Exhibit] = []
        for id in references.exhibitIDs {
            guard let row = index.current["exhibit"]?[id] else { continue }
            used.add(index.entities[id])
            used.add(row)
            if row.record.substitute != nil { withheldFields += row.fields.values.filter { $0 == nil }.count }
            exhibits.append(DossierDocument.Exhibit(
                id: index.external(id) ?? id, sha256: row["sha256"] ?? "", mediaType: row["media_type"] ?? "application/octet-stream",
                fileName: row["file_name"], size: exhibitSizes[row["sha256"] ?? ""] ?? 0, collectedBy: row["collected_by"], collectedAt: row["collected_at"],
                collectedFrom: row["collected_from"], collectionTool: row["collection_tool"], custodyNotes: row["custody_notes"],
                original: index.external(row["original_id"]), source: index.external(row["source_id"])))
        }
        exhibits.sort { $0.id < $1.id }

        // The vocabularies whose labels the document shows.
        for list in ["evidence_kind", "review_status", "text_status", "source_reliability", "information_credibility", "link_relation"] {
            for entry in index.vocabulary[list] ?? [] { used.add(entry.row) }
        }
        return Catalogue(sources: sources, actors: actors, places: places, exhibits: exhibits, withheldFields: withheldFields)
    }

    /// Withheld sources are numbered once for the whole dossier (by internal id, which reveals nothing).
    static func withheldNumbers(_ references: References) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: references.withheldSources.sorted().enumerated().map { ($1, $0 + 1) })
    }

    /// The document from its parts.
    func document(criteria: [DossierDocument.Criterion], items: [DossierDocument.Item], summary: DossierDocument.Summary,
                  catalogue: Catalogue, references: References, sanctions: DossierDocument.SanctionsStatus?, index: Index) -> DossierDocument {
        var document = DossierDocument(
            title: spec.title,
            scope: DossierDocument.Scope(subjects: spec.subjects, criteria: spec.criteria, periodFrom: spec.periodFrom, periodTo: spec.periodTo,
                                         kinds: spec.kinds, minReliability: spec.minReliability, minCredibility: spec.minCredibility,
                                         statuses: spec.statuses, language: spec.language),
            builtFrom: ledger,
            redaction: DossierDocument.Redaction(
                profile: spec.profile, includeProtected: includeProtected, rules: Redaction.rules(profile: spec.profile, includeProtected: includeProtected),
                withheldSources: references.withheldSources.count, withheldExhibits: references.withheldExhibits.count,
                coarsenedPlaces: catalogue.places.filter(\.coarsened).count, withheldFields: catalogue.withheldFields),
            summary: summary, criteria: criteria, items: items, sources: catalogue.sources, actors: catalogue.actors, places: catalogue.places,
            exhibits: catalogue.exhibits, methodology: methodology(index: index))
        document.sanctions = sanctions
        return document
    }

    public func build(records: [LedgerRecord]) throws -> Result {
        let index = try Index(records: records)
        var used = Used()
        let selection = try select(index: index, used: &used)
        let links = (index.current["link_version"] ?? [:]).values
            .filter { $0["withdrawn"] != "true" && selection.criterionIDs.contains($0["criterion_id"] ?? "") }

        // Items.
        var itemCache: [String: ItemFacts?] = [:]
        func facts(_ uuid: String) -> ItemFacts? {
            if let cached = itemCache[uuid] { return cached }
            let made = itemFacts(uuid, index: index, subjects: selection.subjectIDs, periodStart: selection.periodStart, periodEnd: selection.periodEnd)
            itemCache[uuid] = made
            return made
        }
        var evidenceByCriterion: [String: [(DossierDocument.Evidence, ItemFacts, Row)]] = [:]
        for link in links {
            guard let itemID = link["item_id"], let item = facts(itemID), let evidence = evidence(link: link, item: item, index: index) else { continue }
            evidenceByCriterion[link["criterion_id"] ?? "", default: []].append((evidence, item, link))
        }

        // Sections.
        var shownItems: [String: ItemFacts] = [:]
        var relationCounts: [String: Int] = [:]
        var supportingItems: Set<String> = []
        for criterionID in shownCriteria(selection, index: index) {
            for (evidence, item, link) in evidenceByCriterion[criterionID] ?? [] {
                shownItems[item.uuid] = item
                if evidence.relation == "supports" { supportingItems.insert(item.uuid) }
                used.add(index.entities[link["entity_id"] ?? ""])
                used.add(link)
                relationCounts[evidence.relation, default: 0] += 1
            }
        }
        let (criteria, elementCount, elementsWithGaps) = criteria(selection, index: index, used: &used) { criterionID in
            let entries = (evidenceByCriterion[criterionID] ?? []).sorted {
                DossierBuilder.evidenceOrder($0.0, $0.1) < DossierBuilder.evidenceOrder($1.0, $1.1)
            }
            let (corroboration, gaps) = assess(entries.map { ($0.0, $0.1) })
            return (entries.map { $0.0 }, corroboration, gaps)
        }

        // Items, and everything they refer to.
        let items = shownItems.values.sorted { ($0.sortKey, $0.id) < ($1.sortKey, $1.id) }
        var references = References(subjects: selection.subjectIDs)
        for item in items {
            used.add(index.entities[item.uuid])
            used.add(item.row)
            used.add(item.sourceRows)
            used.add(item.actorRows)
            used.add(item.exhibitRows)
            references.add(item)
        }
        let implicated = implicatedActors(items: supportingItems.compactMap { shownItems[$0] }, index: index)
        let catalogue = catalogue(references, implicated: implicated, index: index, used: &used)

        let withheldNumbers = DossierBuilder.withheldNumbers(references)
        let documentItems = items.map { $0.document(index: index, withheldNumbers: withheldNumbers) }
        var tally = SummaryTally()
        for item in documentItems { tally.add(item) }
        let summary = tally.summary(index: index, elements: elementCount, elementsWithGaps: elementsWithGaps, relations: relationCounts)
        let sanctions = sanctionsStatus(implicated: implicated, actors: catalogue.actors, sources: Set(catalogue.sources.map(\.id)), index: index, used: &used)
        let document = document(criteria: criteria, items: documentItems, summary: summary, catalogue: catalogue, references: references,
                                sanctions: sanctions, index: index)
        return Result(document: document, records: used.entries.keys.sorted().map { used.entries[$0]! })
    }

    // MARK: - Items

    final class ItemFacts {
        let uuid: String
        let id: String
        let row: Row
        let sortKey: String
        var reliability: String?
        var sourceRows: [Row] = []
        var actorRows: [Row] = []
        var exhibitRows: [Row] = []
        var shownSources: [String] = []
        var withheldSources: [String] = []
        var shownExhibits: [String] = []
        var withheldExhibits: [String] = []
        var actorIDs: Set<String> = []
        var origins: [String] = []

        init(uuid: String, id: String, row: Row) {
            self.uuid = uuid
            self.id = id
            self.row = row
            let occurred = DossierBuilder.parseRange(row["occurred"])
            self.sortKey = occurred?.from ?? "9999"
        }

        /// An item's origins as the document shows them: its own, and unless an actor originated it, each
        /// withheld source as "withheld source N".
        static func origins(_ own: [String], withheldSources: [String], actorOriginated: Bool, withheldNumbers: [String: Int]) -> [String] {
            var origins = own
            for id in withheldSources where !actorOriginated {
                origins.append("withheld source \(withheldNumbers[id] ?? 0)")
            }
            return Array(Set(origins)).sorted()
        }

        func document(index: Index, withheldNumbers: [String: Int]) -> DossierDocument.Item {
            let origins = ItemFacts.origins(self.origins, withheldSources: withheldSources, actorOriginated: actorOriginated,
                                            withheldNumbers: withheldNumbers)
            let kind = row["kind"] ?? "other"
            return DossierDocument.Item(
                id: id, version: row.int("version"), kind: kind, kindLabel: index.label("evidence_kind", kind), title: row["title"] ?? "",
                description: row["description"],
                occurred: DossierBuilder.parseRange(row["occurred"]).map {
                    DossierDocument.Occurred(from: $0.from, to: $0.to, precision: row["occurred_precision"] ?? "approximate",
                                             display: DossierBuilder.display($0, precision: row["occurred_precision"] ?? "approximate"))
                },
                place: index.external(row["place_id"]), actingState: index.external(row["acting_state_id"]),
                territorialState: index.external(row["territorial_state_id"]),
                actors: actorRows.map { DossierDocument.ItemActor(actor: index.external($0["actor_id"]) ?? "", role: $0["role"] ?? "other") }
                    .sorted { ($0.role, $0.actor) < ($1.role, $1.actor) },
                attributes: DossierBuilder.attributes(row["attributes"]), claimStatus: row["claim_status"], status: row["status"] ?? "draft",
                reviewer: row["reviewer"], reviewNote: row["review_note"],
                sources: sourceRows.filter { !withheldSources.contains($0["source_id"] ?? "") }.map {
                    DossierDocument.ItemSource(source: index.external($0["source_id"]) ?? "", locator: $0["locator"], quote: $0["quote"])
                },
                withheldSources: withheldSources.count,
                exhibits: exhibitRows.filter { !withheldExhibits.contains($0["exhibit_id"] ?? "") }.map {
                    DossierDocument.ItemExhibit(exhibit: index.external($0["exhibit_id"]) ?? "", note: $0["note"])
                },
                withheldExhibits: withheldExhibits.count, origins: origins,
                recordedAt: row["recorded_at"] ?? "", recordedBy: row["recorded_by"] ?? "", changeReason: row["change_reason"],
                entry: row.record.entry)
        }

        var actorOriginated = false
    }

    func itemFacts(_ uuid: String, index: Index, subjects: Set<String>, periodStart: String?, periodEnd: String?) -> ItemFacts? {
        guard let row = index.current["item_version"]?[uuid], let id = index.external(uuid) else { return nil }
        return itemFacts(uuid, id: id, row: row, children: { index.children($0, of: row) }, index: index, subjects: subjects,
                         periodStart: periodStart, periodEnd: periodEnd)
    }

    /// `itemFacts(_:index:…)` for item `uuid` (external id `id`) whose current version is `row` and whose version's
    /// rows of a child table (`item_actor`, `item_source`, `item_exhibit`) `children` gives, in the order
    /// `Index.children` would; `index` is read for everything else (the actors, sources and exhibits they name).
    func itemFacts(_ uuid: String, id: String, row: Row, children: (String) -> [Row], index: Index, subjects: Set<String>,
                   periodStart: String?, periodEnd: String?) -> ItemFacts? {
        let status = row["status"] ?? "draft"
        guard status != "withdrawn", spec.statuses.contains(status) else { return nil }
        if !spec.kinds.isEmpty && !spec.kinds.contains(row["kind"] ?? "") { return nil }
        if periodStart != nil || periodEnd != nil {
            guard let range = DossierBuilder.parseRange(row["occurred"]) else { return nil }
            if let start = periodStart, range.to <= start && !(range.upperInclusive && range.to == start) { return nil }
            if let end = periodEnd, range.from >= end { return nil }
        }
        let facts = ItemFacts(uuid: uuid, id: id, row: row)
        facts.actorRows = children("item_actor")
        facts.sourceRows = children("item_source").sorted { $0.int("ordinal") < $1.int("ordinal") }
        facts.exhibitRows = children("item_exhibit").sorted { $0.int("ordinal") < $1.int("ordinal") }
        for actor in facts.actorRows { if let a = actor["actor_id"] { facts.actorIDs.insert(a) } }
        for key in ["acting_state_id", "territorial_state_id"] { if let a = row[key] { facts.actorIDs.insert(a) } }
        if !subjects.isEmpty {
            var concerned = facts.actorIDs
            for a in facts.actorIDs { if let state = index.current["actor_version"]?[a]?["state_id"] { concerned.insert(state) } }
            if concerned.isDisjoint(with: subjects) { return nil }
        }
        var best: Int?
        var publisherOrigins: [String] = []
        for source in facts.sourceRows {
            guard let sourceID = source["source_id"] else { continue }
            guard let version = index.current["source_version"]?[sourceID], !version.withheld else {
                if !facts.withheldSources.contains(sourceID) { facts.withheldSources.append(sourceID) }
                continue
            }
            if !facts.shownSources.contains(sourceID) { facts.shownSources.append(sourceID) }
            if let grade = version["reliability"], let rank = Vocabulary.sourceReliability.firstIndex(of: grade) {
                best = min(best ?? rank, rank)
            }
            publisherOrigins.append((version["publisher"] ?? version["site"] ?? index.external(sourceID) ?? sourceID).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        facts.reliability = best.map { Vocabulary.sourceReliability[$0] }
        for exhibit in facts.exhibitRows {
            guard let exhibitID = exhibit["exhibit_id"] else { continue }
            if let version = index.current["exhibit"]?[exhibitID], version.withheld, version.fields["sha256"] == nil || version.fields["sha256"]! == nil {
                facts.withheldExhibits.append(exhibitID)
            } else {
                facts.shownExhibits.append(exhibitID)
            }
        }
        let originators = facts.actorRows.filter { ["reported-by", "stated-by"].contains($0["role"] ?? "") }.compactMap { $0["actor_id"] }
        if originators.isEmpty {
            facts.origins = publisherOrigins
        } else {
            facts.actorOriginated = true
            facts.origins = originators.map { id in
                let names = DossierBuilder.names(index.current["actor_version"]?[id].map { index.children("actor_name", of: $0) } ?? [])
                return DossierBuilder.displayName(names, language: spec.language) ?? index.external(id) ?? id
            }
        }
        return facts
    }

    // MARK: - Sanctions status

    /// Roles that implicate an actor in what an item describes (not who reported, stated or suffered it).
    static let implicatingRoles: Set<String> = ["perpetrator", "facilitator", "operator", "owner"]
    /// Actor attributes that name who took part (a railway operator, a fuel supplier), as opposed to who spoke.
    static let nonImplicatingAttributes: Set<String> = ["speaker", "body"]

    /// Actor uuid → ids of the items that implicate it: named as perpetrator, facilitator, operator or owner, or in
    /// an attribute naming an actor (but a statement's speaker or a finding's body), the same rule as the
    /// ledger.implicated_actor view.
    func implicatedActors(items: [ItemFacts], index: Index) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for item in items { addImplicated(by: item, index: index, to: &out) }
        return out
    }

    /// Adds the actors `item` implicates to `out`. With `statesWithoutItems`, a state gets no item ids: the
    /// sanctions section leaves states out, so a streamed build need not hold one id per item for them.
    func addImplicated(by item: ItemFacts, index: Index, to out: inout [String: Set<String>], statesWithoutItems: Bool = false) {
        func add(_ actor: String) {
            if statesWithoutItems, index.current["actor_version"]?[actor]?["kind"] == "state" {
                if out[actor] == nil { out[actor] = [] }
            } else {
                out[actor, default: []].insert(item.id)
            }
        }
        for row in item.actorRows where DossierBuilder.implicatingRoles.contains(row["role"] ?? "") {
            if let actor = row["actor_id"] { add(actor) }
        }
        for attribute in DossierBuilder.attributes(item.row["attributes"]) where !DossierBuilder.nonImplicatingAttributes.contains(attribute.name) {
            if let actor = index.byExternal["actor"]?[attribute.value] { add(actor) }
        }
    }

    /// The sanctions section: per implicated actor and jurisdiction, what the designation data in the ledger at the
    /// checkpoint says on the checkpoint's day. Nil when the ledger held no designation data then.
    func sanctionsStatus(implicated: [String: Set<String>], actors: [DossierDocument.Actor], sources shownSources: Set<String>,
                         index: Index, used: inout Used) -> DossierDocument.SanctionsStatus? {
        let designations = index.current["designation_version"] ?? [:]
        guard !index.imports.isEmpty || !designations.isEmpty else { return nil }
        let asOf = String(ledger.checkpointSignedAt.prefix(10))
        var acceptedTargets: [String: [(target: String, match: Row)]] = [:]
        for (_, match) in index.current["actor_match_version"] ?? [:]
        where match["decision"] == "accepted" && match["withdrawn"] != "true" {
            if let actor = match["actor_id"], let target = match["target_id"] { acceptedTargets[actor, default: []].append((target, match)) }
        }
        // Current, not withdrawn designations by the actor or target they list (a designation lists one of them).
        var byActor: [String: [(id: String, row: Row)]] = [:], byTarget: [String: [(id: String, row: Row)]] = [:]
        for (id, row) in designations where row["withdrawn"] != "true" {
            if let actor = row["actor_id"] { byActor[actor, default: []].append((id, row)) }
            if let target = row["target_id"] { byTarget[target, default: []].append((id, row)) }
        }
        let names = Dictionary(actors.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var rows: [(actor: String, listings: [(GapReport.Listing, DossierDocument.SanctionsListing)], items: [String])] = []
        var states: [String] = []
        for (actor, items) in implicated {
            guard let version = index.current["actor_version"]?[actor], let actorID = index.external(actor) else { continue }
            if version["kind"] == "state" {
                states.append(actorID)
                continue
            }
            var listings: [(GapReport.Listing, DossierDocument.SanctionsListing)] = []
            // Listings entered for the actor, and those of the targets a person accepted as the actor.
            let reaching = (byActor[actor] ?? []).map { (id: $0.id, row: $0.row, match: nil as (target: String, match: Row)?) }
                + (acceptedTargets[actor] ?? []).flatMap { accepted in (byTarget[accepted.target] ?? []).map { (id: $0.id, row: $0.row, match: Optional(accepted)) } }
            for (id, row, match) in reaching {
                used.add(index.entities[id])
                used.add(row)
                if let match {
                    used.add(index.entities[match.match["entity_id"] ?? ""])
                    used.add(match.match)
                }
                let targetRow = row["target_id"].flatMap { index.current["sanctions_target_version"]?[$0] }
                if let target = row["target_id"] {
                    used.add(index.entities[target])
                    used.add(targetRow)
                }
                let importRow = row["import_id"].flatMap { index.imports[$0] }
                used.add(importRow)
                let inData = row["in_data"] != "false"
                let gone = inData ? nil : importRow?["imported_at"].map { String($0.prefix(10)) }
                let jurisdiction = row["jurisdiction"] ?? "??"
                let source = index.external(row["source_id"]).flatMap { shownSources.contains($0) ? $0 : nil }
                let gap = GapReport.Listing(actor: actorID, designation: index.external(id) ?? id, jurisdiction: jurisdiction,
                                            authority: row["authority"], programme: row["programme"], reference: row["reference"],
                                            listedOn: row["listed_on"], listedPrecision: row["listed_precision"], delistedOn: row["delisted_on"],
                                            delistedPrecision: row["delisted_precision"], inData: inData, goneSince: gone, dataset: row["dataset"],
                                            target: index.external(row["target_id"]), source: source, sourceURL: row["source_url"])
                let shown = DossierDocument.SanctionsListing(
                    id: index.external(id) ?? id, jurisdiction: jurisdiction, target: index.external(row["target_id"]), targetName: targetRow?["name"],
                    match: match.flatMap { index.external($0.match["entity_id"]) }, authority: row["authority"], programme: row["programme"],
                    reference: row["reference"], listed: GapReport.shown(row["listed_on"], row["listed_precision"]),
                    delisted: GapReport.shown(row["delisted_on"], row["delisted_precision"]), inData: inData, dataset: row["dataset"],
                    source: source, sourceUrl: row["source_url"], version: row.int("version"))
                listings.append((gap, shown))
            }
            rows.append((actorID, listings, items.sorted()))
        }
        // The latest import of each dataset, and every import a shown listing comes from.
        var latest: [String: Row] = [:]
        for (_, row) in index.imports {
            let dataset = row["dataset"] ?? ""
            if let old = latest[dataset], (old["imported_at"] ?? "", old["id"] ?? "") >= (row["imported_at"] ?? "", row["id"] ?? "") { continue }
            latest[dataset] = row
        }
        for row in latest.values { used.add(row) }
        let basis = latest.values.map { row in
            DossierDocument.SanctionsData(dataset: row["dataset"] ?? "", format: row["format"] ?? "", fileName: row["file_name"] ?? "",
                                          fileSha256: row["file_sha256"] ?? "", dataAsOf: row["data_as_of"], importedAt: row["imported_at"] ?? "")
        }.sorted { ($0.dataset, $0.importedAt) < ($1.dataset, $1.importedAt) }
        var jurisdictions = ["EU", "US", "UK", "UA"]
        let loaded = rows.flatMap { $0.listings.map(\.0.jurisdiction) } + latest.values.compactMap { $0["jurisdiction"] }
        for code in Set(loaded).sorted() where !jurisdictions.contains(code) { jurisdictions.append(code) }
        let shownActors = rows.sorted { $0.actor < $1.actor }.map { row in
            DossierDocument.SanctionsActor(actor: row.actor, name: names[row.actor] ?? row.actor, items: row.items, statuses: jurisdictions.map { code in
                let here = row.listings.filter { $0.0.jurisdiction == code }
                let cell = GapReport.cell(jurisdiction: code, listings: here.map(\.0), asOf: asOf)
                return DossierDocument.SanctionsCell(jurisdiction: code, status: cell.status.rawValue, date: cell.date, text: cell.text,
                                                     listings: here.map(\.1).sorted { $0.id < $1.id })
            })
        }
        return DossierDocument.SanctionsStatus(asOf: asOf, jurisdictions: jurisdictions, actors: shownActors, statesLeftOut: states.sorted(),
                                               basis: basis, caveat: GapReport.caveat)
    }

    // MARK: - Corroboration and gaps

    func assess(_ entries: [(DossierDocument.Evidence, ItemFacts)]) -> (DossierDocument.Corroboration, [DossierDocument.Gap]) {
        var byItem: [String: (ItemFacts, [DossierDocument.Evidence])] = [:]
        for (evidence, item) in entries { byItem[item.uuid, default: (item, [])].1.append(evidence) }
        var tally = ElementTally()
        for (item, evidence) in byItem.values { tally.add(item, evidence) }
        return tally.assessment()
    }

    /// What the evidence for one element adds up to, counted one item at a time (so that a streamed build can
    /// count it without holding the evidence).
    struct ElementTally {
        /// Items (not links) per relation.
        var supporting = 0, qualifying = 0, contrary = 0
        var origins: Set<String> = []
        /// The best supporting grade; among equal grades, the first in the element's order.
        var best: (key: (Int, Int), order: (Int, String, String, String), grade: String)?
        var verified = false
        /// Evidence entries per relation.
        var entries: [String: Int] = [:]

        static func gradeKey(_ e: DossierDocument.Evidence) -> (Int, Int) {
            (Vocabulary.sourceReliability.firstIndex(of: e.reliability ?? "") ?? 6, Vocabulary.informationCredibility.firstIndex(of: e.credibility) ?? 6)
        }

        /// All the evidence that one item gives for the element.
        mutating func add(_ item: ItemFacts, _ evidence: [DossierDocument.Evidence]) {
            var relations: Set<String> = []
            for e in evidence {
                relations.insert(e.relation)
                entries[e.relation, default: 0] += 1
                guard e.relation == "supports" else { continue }
                let key = ElementTally.gradeKey(e), order = DossierBuilder.evidenceOrder(e, item)
                if let best, best.key < key || (best.key == key && best.order <= order) { continue }
                best = (key, order, e.grade)
            }
            if relations.contains("supports") {
                supporting += 1
                origins.formUnion(item.origins)
                if !item.actorOriginated { for id in item.withheldSources { origins.insert("withheld source \(id)") } }
                if item.row["status"] == "verified" { verified = true }
            }
            if relations.contains("qualifies") { qualifying += 1 }
            if relations.contains("contradicts") { contrary += 1 }
        }

        func assessment() -> (DossierDocument.Corroboration, [DossierDocument.Gap]) {
            // Withheld sources are counted as origins but never named, not even by id.
            let shownOrigins = origins.filter { !$0.hasPrefix("withheld source ") }.sorted()
            let withheldOriginCount = origins.count - shownOrigins.count
            let originNames = shownOrigins + (withheldOriginCount > 0 ? ["withheld sources: \(withheldOriginCount)"] : [])
            let corroboration = DossierDocument.Corroboration(
                supportingItems: supporting, qualifyingItems: qualifying, contraryItems: contrary,
                independentOrigins: origins.count, origins: originNames, bestGrade: best?.grade)
            var gaps: [DossierDocument.Gap] = []
            if supporting == 0 {
                gaps.append(.init(code: "no-evidence", text: "No supporting evidence in this dossier's selection: the element is not shown by the ledger's evidence."))
            } else {
                if origins.count == 1 {
                    gaps.append(.init(code: "single-origin", text: "All supporting evidence comes from one origin (\(originNames.first ?? "")): it is not independently corroborated."))
                }
                if let best, best.key.0 > 2 || best.key.1 > 2 {
                    gaps.append(.init(code: "weak-grades-only", text: "No supporting evidence is graded C3 or better; the best grade is \(best.grade)."))
                }
                if !verified {
                    gaps.append(.init(code: "unverified-only", text: "No supporting item has been verified by a reviewer yet."))
                }
            }
            if contrary > 0 {
                gaps.append(.init(code: "contrary-evidence", text: "\(contrary) item(s) contradict the element; they are shown below."))
            }
            return (corroboration, gaps)
        }
    }

    // MARK: - Summary and methodology

    /// The summary figures, counted one item at a time (each shown item once).
    struct SummaryTally {
        var items = 0
        var kinds: [String: Int] = [:]
        var statuses: [String: Int] = [:]
        var months: [String: (total: Int, kinds: [String: Int])] = [:]
        var undated = 0

        mutating func add(_ item: DossierDocument.Item) {
            add(kind: item.kind, status: item.status, occurredFrom: item.occurred?.from, precision: item.occurred?.precision)
        }

        /// The same as adding the item's document (`ItemFacts.document`), without building it.
        mutating func add(_ facts: ItemFacts) {
            let occurred = DossierBuilder.parseRange(facts.row["occurred"])
            add(kind: facts.row["kind"] ?? "other", status: facts.row["status"] ?? "draft", occurredFrom: occurred?.from,
                precision: occurred == nil ? nil : facts.row["occurred_precision"] ?? "approximate")
        }

        private mutating func add(kind: String, status: String, occurredFrom: String?, precision: String?) {
            items += 1
            kinds[kind, default: 0] += 1
            statuses[status, default: 0] += 1
            guard let from = occurredFrom, precision != "year" else { undated += 1; return }
            let month = String(from.prefix(7))
            months[month, default: (0, [:])].total += 1
            months[month, default: (0, [:])].kinds[kind, default: 0] += 1
        }

        func summary(index: Index, elements: Int, elementsWithGaps: Int, relations: [String: Int]) -> DossierDocument.Summary {
            func counts(_ list: String, _ order: [String], _ tally: [String: Int]) -> [DossierDocument.Count] {
                order.filter { tally[$0] != nil }.map { DossierDocument.Count(key: $0, label: index.label(list, $0), count: tally[$0]!) }
            }
            let byMonth = months.keys.sorted().map { month in
                DossierDocument.MonthCount(month: month, total: months[month]!.total, byKind: counts("evidence_kind", Vocabulary.evidenceKind, months[month]!.kinds))
            }
            return DossierDocument.Summary(
                items: items, elements: elements, elementsWithGaps: elementsWithGaps,
                byKind: counts("evidence_kind", Vocabulary.evidenceKind, kinds),
                byStatus: counts("review_status", Vocabulary.reviewStatus, statuses),
                byRelation: Vocabulary.linkRelation.filter { relations[$0] != nil }.map {
                    DossierDocument.Count(key: $0, label: index.label("link_relation", $0), count: relations[$0]!)
                },
                byMonth: byMonth, undated: undated)
        }
    }

    func methodology(index: Index) -> DossierDocument.Methodology {
        func scale(_ list: String, _ order: [String]) -> [DossierDocument.Grade] {
            order.map { DossierDocument.Grade(grade: $0, label: index.label(list, $0)) }
        }
        var notes: [String] = [
            "Sources are graded for reliability from A (completely reliable) to F (reliability cannot be judged), and each link from an item to an element is graded for the credibility of the information from 1 (confirmed by other sources) to 6 (truth cannot be judged), on the Admiralty scales below. A grade such as B2 joins the best reliability among an item's shown sources with the credibility of the link.",
            "Review status: a researcher records an item as draft or submitted; a reviewer other than the author marks it verified after checking its source, its file and its content, or disputed with a note saying why. Only the statuses listed in the scope are shown; withdrawn items never are, but they stay in the ledger's history.",
            "Independent origins: an item's origin is the originator it names (an actor reported-by or stated-by, e.g. a monitoring group), otherwise the publisher of each of its sources. Two articles relaying one monitor are one origin. An element is corroborated when its supporting evidence has more than one independent origin.",
            "Gaps name the weaknesses of each element: no supporting evidence, a single origin, no supporting evidence graded C3 or better, or no verified supporting item; contrary evidence is flagged and always shown, whatever the grade filters.",
            "Selection: items linked to the elements shown, concerning the subject, in the period (by overlap of when they occurred), of the kinds and statuses in the scope. Minimum grades apply to supporting evidence only.",
            "Ledger state: this dossier shows the ledger as it stood at checkpoint \(ledger.checkpointSize) of the log \(ledger.origin), signed \(ledger.checkpointSignedAt) by the key \(ledger.verifierKey); rows recorded after it are not shown. Its date is the checkpoint's. In a bundle, every row shown carries an RFC 9162 inclusion proof against that checkpoint, and `evidence-ledger dossier verify` checks them offline.",
        ]
        notes.append("Redaction profile \"\(spec.profile)\": " + Redaction.rules(profile: spec.profile, includeProtected: includeProtected).joined(separator: " "))
        return DossierDocument.Methodology(
            reliabilityScale: scale("source_reliability", Vocabulary.sourceReliability),
            credibilityScale: scale("information_credibility", Vocabulary.informationCredibility),
            reviewStatuses: scale("review_status", Vocabulary.reviewStatus.filter { $0 != "withdrawn" }),
            notes: notes)
    }

    // MARK: - Values

    struct Range { var from: String; var to: String; var lowerInclusive: Bool; var upperInclusive: Bool }

    /// `[2022-02-24T00:00:00.000000Z,2022-05-15T00:00:00.000000Z)` as the log writes ranges.
    static func parseRange(_ text: String?) -> Range? {
        guard let text else { return nil }
        // A range as the log writes it is ASCII: read it by bytes.
        let bytes = Array(text.utf8)
        if bytes.count > 2, bytes.allSatisfy({ $0 < 0x80 }) {
            let commas = bytes[1..<(bytes.count - 1)].indices.filter { bytes[$0] == 0x2C }
            guard commas.count == 1 else { return nil }
            let comma = commas[0]
            return Range(from: String(decoding: bytes[1..<comma], as: UTF8.self), to: String(decoding: bytes[(comma + 1)..<(bytes.count - 1)], as: UTF8.self),
                         lowerInclusive: bytes[0] == 0x5B, upperInclusive: bytes[bytes.count - 1] == 0x5D)
        }
        guard text.count > 2, let first = text.first, let last = text.last else { return nil }
        let inner = text.dropFirst().dropLast()
        let parts = inner.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        return Range(from: String(parts[0]), to: String(parts[1]), lowerInclusive: first == "[", upperInclusive: last == "]")
    }

    static func display(_ range: Range, precision: String) -> String {
        let from = String(range.from.prefix(10))
        var lastDay = String(range.to.prefix(10))
        if !range.upperInclusive, range.to.dropFirst(10) == "T00:00:00.000000Z", let previous = previousDay(lastDay), previous >= from {
            lastDay = previous
        }
        func span(_ a: String, _ b: String) -> String { a == b ? a : "\(a) – \(b)" }
        switch precision {
        case "year": return span(String(from.prefix(4)), String(lastDay.prefix(4)))
        case "month": return span(String(from.prefix(7)), String(lastDay.prefix(7)))
        case "exact", "hour":
            let a = range.from.prefix(16).replacingOccurrences(of: "T", with: " ") + " UTC"
            let b = range.to.prefix(16).replacingOccurrences(of: "T", with: " ") + " UTC"
            return range.from == range.to ? a : "\(a) – \(b)"
        case "approximate": return "about " + span(from, lastDay)
        default: return span(from, lastDay)
        }
    }

    static func published(_ date: String?, _ precision: String?) -> String? {
        guard let date else { return nil }
        switch precision {
        case "year": return String(date.prefix(4))
        case "month": return String(date.prefix(7))
        default: return date
        }
    }

    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func shiftDay(_ day: String, by offset: Int) -> String? {
        // A real day from 1583 on (the common case) by arithmetic, as the calendar below counts Gregorian days;
        // anything else, and days before 1583 (where that calendar counts Julian days before 1582-10-15), by the
        // calendar.
        if day >= "1583", let shifted = InputDates.shift(day: day, by: offset), shifted >= "1583" { return shifted }
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let date = utc.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
              let shifted = utc.date(byAdding: .day, value: offset, to: date) else { return nil }
        let c = utc.dateComponents([.year, .month, .day], from: shifted)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    static func nextDay(_ day: String) -> String? { shiftDay(day, by: 1) }
    static func previousDay(_ day: String) -> String? { shiftDay(day, by: -1) }

    static func names(_ rows: [Row]) -> [DossierDocument.Name] {
        rows.sorted { $0.int("ordinal") < $1.int("ordinal") }.map {
            DossierDocument.Name(name: $0["name"] ?? "", language: $0["language"] ?? "und", romanisation: $0["romanisation"])
        }
    }

    static func displayName(_ names: [DossierDocument.Name], language: String) -> String? {
        (names.first { $0.language == language } ?? names.first)?.name
    }

    static func identifiers(_ json: String?) -> [DossierDocument.Identifier] {
        guard let json, let list = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] else { return [] }
        return list.compactMap { entry in
            guard let scheme = entry["scheme"] as? String, let value = entry["value"] as? String else { return nil }
            return DossierDocument.Identifier(scheme: scheme, value: value)
        }.sorted { ($0.scheme, $0.value) < ($1.scheme, $1.value) }
    }

    static func attributes(_ json: String?) -> [DossierDocument.Attribute] {
        // Strings and simple literals (most attributes) are read directly; anything else as JSON in general.
        if let json, let members = LedgerRecord.flatMembers(json) {
            return members.sorted { $0.name < $1.name }.map { member in
                switch member.value {
                case .string(let text), .literal(let text): return DossierDocument.Attribute(name: member.name, value: text)
                }
            }
        }
        return attributesInGeneral(json)
    }

    /// `attributes` through JSONSerialization: any JSON object.
    static func attributesInGeneral(_ json: String?) -> [DossierDocument.Attribute] {
        guard let json, let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return [] }
        return object.keys.sorted().map { key in
            let value = object[key]!
            let text: String
            if let string = value as? String {
                text = string
            } else if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) {
                text = String(decoding: data, as: UTF8.self)
            } else {
                text = "\(value)"
            }
            return DossierDocument.Attribute(name: key, value: text)
        }
    }
}
