/// What the Markdown and HTML renderers look up while they walk a dossier: ids resolved to names (falling back to
/// the id), the anchor of every criterion, element, item, source, actor, place and exhibit, and which elements
/// cite each item. Built from the document alone; anchors are made in document order, so the same document always
/// gives the same anchors.
struct DossierRenderIndex {
    let document: DossierDocument
    private var actorsByID: [String: DossierDocument.Actor] = [:]
    private var placesByID: [String: DossierDocument.Place] = [:]
    private var sourcesByID: [String: DossierDocument.Source] = [:]
    private var exhibitsByID: [String: DossierDocument.Exhibit] = [:]
    private var itemsByID: [String: DossierDocument.Item] = [:]
    private var anchors: [String: String] = [:]
    private var citations: [String: [Citation]] = [:]

    /// An element that cites an item, for the item's "cited for" line.
    struct Citation: Equatable {
        let elementCode: String
        let elementAnchor: String
        let relation: String
    }

    init(_ document: DossierDocument) {
        self.document = document
        var used = Set<String>()
        func claim(_ prefix: String, _ id: String) -> String {
            let base = prefix + "-" + Self.slug(id)
            var anchor = base
            var n = 2
            while used.contains(anchor) {
                anchor = base + "-" + String(n)
                n += 1
            }
            used.insert(anchor)
            return anchor
        }
        for (c, criterion) in document.criteria.enumerated() {
            anchors["criterion:\(c)"] = claim("criterion", criterion.code)
            for (e, element) in criterion.elements.enumerated() {
                anchors["element:\(c):\(e)"] = claim("element", element.code)
            }
        }
        for item in document.items where itemsByID[item.id] == nil {
            itemsByID[item.id] = item
            anchors["item:" + item.id] = claim("item", item.id)
        }
        for source in document.sources where sourcesByID[source.id] == nil {
            sourcesByID[source.id] = source
            anchors["source:" + source.id] = claim("source", source.id)
        }
        for actor in document.actors where actorsByID[actor.id] == nil {
            actorsByID[actor.id] = actor
            anchors["actor:" + actor.id] = claim("actor", actor.id)
        }
        for place in document.places where placesByID[place.id] == nil {
            placesByID[place.id] = place
            anchors["place:" + place.id] = claim("place", place.id)
        }
        for exhibit in document.exhibits where exhibitsByID[exhibit.id] == nil {
            exhibitsByID[exhibit.id] = exhibit
            anchors["exhibit:" + exhibit.id] = claim("exhibit", exhibit.id)
        }
        for (c, criterion) in document.criteria.enumerated() {
            for (e, element) in criterion.elements.enumerated() {
                let anchor = anchors["element:\(c):\(e)"]!
                for evidence in element.evidence {
                    let citation = Citation(elementCode: element.code, elementAnchor: anchor, relation: evidence.relation)
                    if !(citations[evidence.item]?.contains(citation) ?? false) {
                        citations[evidence.item, default: []].append(citation)
                    }
                }
            }
        }
    }

    /// For a dossier written item by item (its document holds no items): makes `item` known, with its anchor
    /// and the elements that cite it, while it or evidence for it is written.
    mutating func stage(_ item: DossierDocument.Item, anchor: String, citations: [Citation]) {
        itemsByID[item.id] = item
        anchors["item:" + item.id] = anchor
        self.citations[item.id] = citations
    }

    /// Forgets a staged item.
    mutating func unstage(_ id: String) {
        itemsByID[id] = nil
        anchors["item:" + id] = nil
        citations[id] = nil
    }

    // MARK: Lookups

    func actor(_ id: String) -> DossierDocument.Actor? { actorsByID[id] }
    func place(_ id: String) -> DossierDocument.Place? { placesByID[id] }
    func source(_ id: String) -> DossierDocument.Source? { sourcesByID[id] }
    func exhibit(_ id: String) -> DossierDocument.Exhibit? { exhibitsByID[id] }
    func item(_ id: String) -> DossierDocument.Item? { itemsByID[id] }

    func actorName(_ id: String) -> String { actorsByID[id]?.name ?? id }
    func placeName(_ id: String) -> String { placesByID[id]?.name ?? id }

    /// A source's title, else its publisher, else its site, else its id.
    func sourceName(_ id: String) -> String {
        guard let source = sourcesByID[id] else { return id }
        return Self.sourceName(source)
    }

    static func sourceName(_ source: DossierDocument.Source) -> String {
        for candidate in [source.title, source.publisher, source.site] {
            if let candidate, !candidate.isEmpty { return candidate }
        }
        return source.id
    }

    /// The elements citing an item, in document order.
    func citations(of itemID: String) -> [Citation] { citations[itemID] ?? [] }

    // MARK: Anchors

    func criterionAnchor(_ index: Int) -> String { anchors["criterion:\(index)"] ?? "criterion-\(index)" }
    func elementAnchor(_ criterion: Int, _ element: Int) -> String {
        anchors["element:\(criterion):\(element)"] ?? "element-\(criterion)-\(element)"
    }
    /// nil when the dossier has no entry to link to.
    func itemAnchor(_ id: String) -> String? { anchors["item:" + id] }
    func sourceAnchor(_ id: String) -> String? { anchors["source:" + id] }
    func actorAnchor(_ id: String) -> String? { anchors["actor:" + id] }
    func placeAnchor(_ id: String) -> String? { anchors["place:" + id] }
    func exhibitAnchor(_ id: String) -> String? { anchors["exhibit:" + id] }

    /// Lower-case ASCII letters and digits of `text`, every other run of characters one hyphen.
    static func slug(_ text: String) -> String {
        // Byte by byte: only ASCII letters and digits are kept, and every byte of a character outside ASCII (each
        // 0x80 or above in UTF-8) is, as the character is, a separator.
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingHyphen = false
        for byte in text.utf8 {
            let isAlnum = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A)
            let isUpper = byte >= 0x41 && byte <= 0x5A
            if isAlnum || isUpper {
                if pendingHyphen && !out.isEmpty { out.append(0x2D) }
                pendingHyphen = false
                out.append(isUpper ? byte + 0x20 : byte)
            } else {
                pendingHyphen = true
            }
        }
        return out.isEmpty ? "x" : String(decoding: out, as: UTF8.self)
    }

    // MARK: Words

    /// The heading of an evidence group.
    static func relationGroupTitle(_ relation: String) -> String {
        switch relation {
        case "supports": return "Supporting"
        case "qualifies": return "Qualifying"
        case "contradicts": return "Contrary"
        default: return "Other (\(relation))"
        }
    }

    /// The verb shown on an evidence entry.
    static func relationVerb(_ relation: String) -> String {
        switch relation {
        case "supports": return "Supports"
        case "qualifies": return "Qualifies"
        case "contradicts": return "Contradicts"
        default: return relation
        }
    }

    /// The relations in the order they are shown: supporting, qualifying, contrary, then any other (sorted), so
    /// that no entry is ever left out.
    /// The relations the renderers show a group for even when it is empty, in their order.
    static let knownRelations = ["supports", "qualifies", "contradicts"]

    static func relationGroups(_ evidence: [DossierDocument.Evidence]) -> [(relation: String, entries: [DossierDocument.Evidence])] {
        let known = knownRelations
        let others = Set(evidence.map(\.relation)).subtracting(known).sorted()
        return (known + others).map { relation in (relation, evidence.filter { $0.relation == relation }) }
    }

    /// A gap code in words: "single-origin" → "Single origin".
    static func gapTitle(_ code: String) -> String {
        switch code {
        case "no-evidence": return "No evidence"
        case "single-origin": return "Single origin"
        case "weak-grades-only": return "Weak grades only"
        case "contrary-evidence": return "Contrary evidence"
        case "unverified-only": return "Unverified only"
        default:
            let words = code.replacingOccurrences(of: "-", with: " ")
            return words.prefix(1).uppercased() + words.dropFirst()
        }
    }

    /// The label of an evidence kind as the summary gives it, else the code.
    func kindLabel(_ kind: String) -> String {
        if let count = document.summary.byKind.first(where: { $0.key == kind }) { return count.label }
        if let item = document.items.first(where: { $0.kind == kind }) { return item.kindLabel }
        return kind
    }

    /// The label of a review status from the methodology's list, else the code.
    func statusLabel(_ status: String) -> String {
        document.methodology.reviewStatuses.first(where: { $0.grade == status })?.label ?? status
    }

    /// True when a provision's text status says it has not been compared with the official text.
    static func textIsUnconfirmed(_ status: String) -> Bool { status != "confirmed" }

    /// The date part of an ISO 8601 timestamp ("2026-03-01T12:00:00Z" → "2026-03-01").
    static func datePart(_ timestamp: String) -> String {
        if timestamp.count >= 10, timestamp.dropFirst(4).first == "-" { return String(timestamp.prefix(10)) }
        return timestamp
    }

    /// "public, un or prosecutor" in words.
    static func profileDescription(_ redaction: DossierDocument.Redaction) -> String {
        var text = redaction.profile
        text += redaction.includeProtected ? " (protected identities included)" : " (protected identities withheld)"
        return text
    }

    /// The period of the scope in words.
    static func periodText(_ scope: DossierDocument.Scope) -> String {
        switch (scope.periodFrom, scope.periodTo) {
        case let (from?, to?): return from + " – " + to
        case let (from?, nil): return "from " + from
        case let (nil, to?): return "until " + to
        case (nil, nil): return "not limited"
        }
    }

    /// An item's full title for a list: the title, or its id when the title is empty.
    static func itemTitle(_ item: DossierDocument.Item?, id: String) -> String {
        guard let item, !item.title.isEmpty else { return id }
        return item.title
    }

    /// Thousands not grouped, so that figures read the same in every language.
    static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        String(n) + " " + (n == 1 ? singular : (plural ?? singular + "s"))
    }
}
