/// A dossier as one self-contained HTML5 file: inline CSS and SVG, no script, no external resource (a Content
/// Security Policy forbids them as well). Every string from the document is escaped; a URL becomes a link only
/// when it is http(s). Prints on A4; readable on a phone. The output depends on the document alone.
public enum HTMLRenderer {
    /// Renders `d` as HTML.
    public static func render(_ d: DossierDocument) -> String {
        var writer = HTMLDossierWriter(DossierRenderIndex(d))
        writer.write()
        return writer.out
    }
}

/// Writes the sections of the HTML form, in the order of the Markdown form.
struct HTMLDossierWriter {
    var index: DossierRenderIndex
    var d: DossierDocument { index.document }
    var out = ""

    init(_ index: DossierRenderIndex) { self.index = index }

    private func e(_ text: String) -> String { HTMLText.escape(text) }

    private mutating func line(_ text: String) {
        out += text
        out += "\n"
    }

    mutating func write() {
        writeOpening()
        writeCriteria()
        writeItems()
        writeClosing()
    }

    /// Everything before the criteria: the head, header, contents, scope and summary figures.
    mutating func writeOpening() {
        let lang = HTMLText.languageTag(d.scope.language) ?? "und"
        line("<!DOCTYPE html>")
        line("<html lang=\"\(e(lang))\">")
        line("<head>")
        line("<meta charset=\"utf-8\">")
        line("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        line("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
        line("<meta name=\"referrer\" content=\"no-referrer\">")
        line("<meta name=\"generator\" content=\"evidence-ledger\">")
        line("<title>\(e(d.title))</title>")
        line("<style>")
        out += HTMLDossierStyle.css
        line("</style>")
        line("</head>")
        line("<body>")
        line("<main>")
        writeHeader()
        writeContents()
        writeScope()
        writeSummary()
    }

    /// Everything after the items: sources, actors and places, sanctions, exhibits, methodology, footer.
    mutating func writeClosing() {
        writeSources()
        writeActorsAndPlaces()
        writeSanctions()
        writeExhibits()
        writeMethodology()
        writeFooter()
        line("</main>")
        line("</body>")
        line("</html>")
    }

    // MARK: Header, contents, scope

    private mutating func writeHeader() {
        let b = d.builtFrom
        line("<header class=\"masthead\">")
        line("<p class=\"kicker\">Evidence Ledger · Dossier</p>")
        line("<h1>\(e(d.title))</h1>")
        line("<p class=\"dateline\">As of the ledger checkpoint signed <time datetime=\"\(e(b.checkpointSignedAt))\">\(e(DossierRenderIndex.datePart(b.checkpointSignedAt)))</time> · redaction profile <strong>\(e(d.redaction.profile))</strong></p>")
        line("<dl class=\"provenance\">")
        line("<dt>Log origin</dt><dd><code>\(e(b.origin))</code></dd>")
        line("<dt>Checkpoint size</dt><dd>\(e(String(b.checkpointSize))) log entries</dd>")
        line("<dt>Checkpoint root</dt><dd><code class=\"hash\">\(e(b.checkpointRoot))</code></dd>")
        line("<dt>Signed at</dt><dd>\(e(b.checkpointSignedAt))</dd>")
        line("<dt>Verifier key</dt><dd><code class=\"hash\">\(e(b.verifierKey))</code></dd>")
        line("<dt>Redaction profile</dt><dd>\(e(DossierRenderIndex.profileDescription(d.redaction)))</dd>")
        line("</dl>")
        line("</header>")
    }

    private mutating func writeContents() {
        line("<nav class=\"toc\" aria-label=\"Contents\">")
        line("<h2>Contents</h2>")
        line("<ol>")
        line("<li><a href=\"#scope\">Scope</a></li>")
        line("<li><a href=\"#summary\">Summary figures</a></li>")
        line("<li><a href=\"#criteria\">Criteria</a>")
        if !d.criteria.isEmpty {
            line("<ol>")
            for (c, criterion) in d.criteria.enumerated() {
                let gaps = criterion.elements.reduce(0) { $0 + ($1.gaps.isEmpty ? 0 : 1) }
                let gapNote = gaps == 0 ? "" : " <span class=\"toc-gaps\">\(DossierRenderIndex.count(gaps, "element")) with gaps</span>"
                line("<li><a href=\"#\(index.criterionAnchor(c))\">\(e(criterion.code))\(criterion.label.map { " — " + e($0) } ?? "")</a>\(gapNote)</li>")
            }
            line("</ol>")
        }
        line("</li>")
        line("<li><a href=\"#items\">Items</a></li>")
        line("<li><a href=\"#sources\">Sources</a></li>")
        line("<li><a href=\"#actors\">Actors</a> and <a href=\"#places\">places</a></li>")
        if d.sanctions != nil { line("<li><a href=\"#sanctions\">Sanctions status</a></li>") }
        line("<li><a href=\"#exhibits\">Exhibits</a></li>")
        line("<li><a href=\"#methodology\">Methodology</a></li>")
        line("</ol>")
        line("</nav>")
    }

    private func actorLink(_ id: String) -> String {
        guard let anchor = index.actorAnchor(id) else { return e(id) }
        return "<a href=\"#\(anchor)\">\(e(index.actorName(id)))</a>"
    }

    private func placeLink(_ id: String) -> String {
        guard let anchor = index.placeAnchor(id) else { return e(id) }
        return "<a href=\"#\(anchor)\">\(e(index.placeName(id)))</a>"
    }

    private func sourceLink(_ id: String) -> String {
        guard let anchor = index.sourceAnchor(id) else { return e(id) }
        return "<a href=\"#\(anchor)\">\(e(index.sourceName(id)))</a>"
    }

    private func itemLink(_ id: String, text: String? = nil) -> String {
        let label = e(text ?? DossierRenderIndex.itemTitle(index.item(id), id: id))
        guard let anchor = index.itemAnchor(id) else { return label }
        return "<a href=\"#\(anchor)\">\(label)</a>"
    }

    private func list(_ values: [String], empty: String) -> String {
        values.isEmpty ? "<span class=\"muted\">\(e(empty))</span>" : values.joined(separator: ", ")
    }

    private mutating func writeScope() {
        let s = d.scope
        line("<section id=\"scope\">")
        line("<h2>Scope</h2>")
        line("<dl class=\"facts\">")
        line("<dt>Subjects</dt><dd>\(list(s.subjects.map(actorLink), empty: "none named"))</dd>")
        line("<dt>Criteria</dt><dd>\(list(s.criteria.map { "<code>\(e($0))</code>" }, empty: "none named"))</dd>")
        line("<dt>Period</dt><dd>\(e(DossierRenderIndex.periodText(s)))</dd>")
        line("<dt>Kinds of evidence</dt><dd>\(list(s.kinds.map { e(index.kindLabel($0)) }, empty: "all"))</dd>")
        let grades = [s.minReliability.map { "source reliability \($0) or better" }, s.minCredibility.map { "information credibility \($0) or better" }]
            .compactMap { $0 }
        line("<dt>Minimum grades</dt><dd>\(grades.isEmpty ? "<span class=\"muted\">none</span>" : e(grades.joined(separator: "; ")) + " <span class=\"muted\">(supporting evidence only; qualifying and contrary evidence is never dropped by grade)</span>")</dd>")
        line("<dt>Review statuses</dt><dd>\(list(s.statuses.map { e(index.statusLabel($0)) }, empty: "all except withdrawn"))</dd>")
        line("<dt>Language of names</dt><dd>\(e(s.language))</dd>")
        line("</dl>")
        line("</section>")
    }

    // MARK: Summary

    private mutating func countTable(_ caption: String, _ header: String, _ counts: [DossierDocument.Count], unit: String = "Items") {
        line("<div class=\"table-wrap\"><table class=\"figures\">")
        line("<caption>\(e(caption))</caption>")
        line("<thead><tr><th scope=\"col\">\(e(header))</th><th scope=\"col\" class=\"num\">\(unit)</th></tr></thead>")
        line("<tbody>")
        if counts.isEmpty { line("<tr><td colspan=\"2\" class=\"muted\">none</td></tr>") }
        for count in counts {
            line("<tr><td>\(e(count.label))</td><td class=\"num\">\(count.count)</td></tr>")
        }
        line("</tbody></table></div>")
    }

    private mutating func writeSummary() {
        let s = d.summary
        line("<section id=\"summary\">")
        line("<h2>Summary figures</h2>")
        line("<ul class=\"headline\">")
        line("<li><strong>\(s.items)</strong> \(s.items == 1 ? "item" : "items")</li>")
        line("<li><strong>\(s.elements)</strong> \(s.elements == 1 ? "element" : "elements")</li>")
        line("<li class=\"\(s.elementsWithGaps > 0 ? "has-gaps" : "")\"><strong>\(s.elementsWithGaps)</strong> with gaps</li>")
        line("<li><strong>\(s.undated)</strong> known only to the year or undated</li>")
        line("</ul>")
        line("<div class=\"figure-tables\">")
        countTable("Items per kind", "Kind", s.byKind)
        countTable("Items per review status", "Review status", s.byStatus)
        countTable("Evidence links per relation", "Relation", s.byRelation, unit: "Links")
        line("</div>")

        line("<h3 id=\"timeline\">Items per month</h3>")
        let chart = MonthChartSVG(summary: s)
        if chart.months.isEmpty {
            line("<p class=\"muted\">No item is dated to the month.</p>")
        } else {
            line("<figure class=\"chart-figure\">")
            out += "<div class=\"figure-scroll\">" + chart.svg(id: "month-chart") + "</div>\n"
            line("<figcaption>Items per month in which the item’s period starts, stacked by kind of evidence. \(s.undated == 0 ? "" : e(DossierRenderIndex.count(s.undated, "item")) + " known only to the year or undated \(s.undated == 1 ? "is" : "are") not shown.")</figcaption>")
            line("</figure>")
            line("<div class=\"table-wrap\"><table class=\"figures months\">")
            line("<caption>Items per month (the chart’s figures)</caption>")
            out += "<thead><tr><th scope=\"col\">Month</th>"
            for kind in chart.kinds {
                out += "<th scope=\"col\" class=\"num\"><span class=\"swatch\" style=\"background:\(kind.colour)\"></span>\(e(kind.label))</th>"
            }
            line("<th scope=\"col\" class=\"num\">Total</th></tr></thead>")
            line("<tbody>")
            for month in chart.months {
                out += "<tr><th scope=\"row\">\(e(month.longLabel))</th>"
                for count in month.counts { out += "<td class=\"num\">\(count == 0 ? "<span class=\"zero\">0</span>" : String(count))</td>" }
                line("<td class=\"num\"><strong>\(month.total)</strong></td></tr>")
            }
            line("</tbody></table></div>")
        }

        line("<h3 id=\"map\">Places</h3>")
        let map = OverviewMapSVG(places: d.places)
        if map.points.isEmpty && map.outside.isEmpty {
            line("<p class=\"muted\">No place in this dossier has coordinates.</p>")
        } else {
            if !map.points.isEmpty {
                line("<figure class=\"map-figure\">")
                out += "<div class=\"figure-scroll\">" + map.svg(id: "overview-map") + "</div>\n"
                let approximate = map.points.filter(\.approximate).count
                let outsideNote = map.outside.isEmpty ? "" : " " + e(DossierRenderIndex.count(map.outside.count, "place")) + " outside the frame of the outlines (longitude 12–48° E, latitude 42–62° N) \(map.outside.count == 1 ? "is" : "are") listed below but not drawn."
                line("<figcaption>Places with coordinates in this dossier\(approximate == 0 ? "" : "; " + e(DossierRenderIndex.count(approximate, "place")) + " coarsened to 0.1° by the redaction profile \(approximate == 1 ? "is" : "are") drawn as a dashed ring and marked approximate"). Equirectangular projection. \(e(CountryOutlines.attribution)) Coarse outlines: not for deciding which side of a border a point lies on.\(outsideNote)</figcaption>")
                line("</figure>")
            } else {
                line("<p class=\"muted\">No place with coordinates lies within the frame of the country outlines (longitude 12–48° E, latitude 42–62° N).</p>")
            }
            line("<div class=\"table-wrap\"><table class=\"figures\">")
            line("<caption>Places with coordinates</caption>")
            line("<thead><tr><th scope=\"col\">Place</th><th scope=\"col\">Latitude</th><th scope=\"col\">Longitude</th><th scope=\"col\">Position</th></tr></thead>")
            line("<tbody>")
            for place in d.places {
                guard map.points.contains(where: { $0.id == place.id }) || map.outside.contains(where: { $0.id == place.id }) else { continue }
                let notDrawn = map.outside.contains(where: { $0.id == place.id }) ? " <span class=\"muted\">(outside the map)</span>" : ""
                line("<tr><td>\(placeLink(place.id))</td><td>\(e(place.latitude ?? ""))</td><td>\(e(place.longitude ?? ""))</td><td>\(place.coarsened ? "<span class=\"approx\">approximate (coarsened)</span>" : "as recorded")\(notDrawn)</td></tr>")
            }
            line("</tbody></table></div>")
        }
        line("</section>")
    }

    // MARK: Criteria

    private mutating func writeCriteria() {
        beginCriteria()
        for (c, criterion) in d.criteria.enumerated() {
            beginCriterion(c)
            for (el, element) in criterion.elements.enumerated() {
                beginElement(element, anchor: index.elementAnchor(c, el))
                for group in DossierRenderIndex.relationGroups(element.evidence) {
                    let known = DossierRenderIndex.knownRelations.contains(group.relation)
                    if !known && group.entries.isEmpty { continue }
                    beginEvidenceGroup(group.relation, count: group.entries.count)
                    for evidence in group.entries { writeEvidence(evidence, known: known) }
                    endEvidenceGroup()
                }
                endElement()
            }
            endCriterion()
        }
        endCriteria()
    }

    mutating func beginCriteria() {
        line("<section id=\"criteria\">")
        line("<h2>Criteria</h2>")
        if d.criteria.isEmpty { line("<p class=\"muted\">The spec names no criteria.</p>") }
    }

    mutating func endCriteria() { line("</section>") }

    /// The criterion's heading and provision text; its elements follow.
    mutating func beginCriterion(_ c: Int) {
        let criterion = d.criteria[c]
        line("<section class=\"criterion\" id=\"\(index.criterionAnchor(c))\">")
        line("<h3><span class=\"code\">\(e(criterion.code))</span>\(criterion.label.map { " <span class=\"label\">\(e($0))</span>" } ?? "")</h3>")
        let instrument = criterion.instrument
        line("<p class=\"instrument\">\(e(instrument.title))\(instrument.symbol.map { " <span class=\"muted\">(\(e($0)))</span>" } ?? "") · <code>\(e(instrument.code))</code></p>")
        let unconfirmed = DossierRenderIndex.textIsUnconfirmed(criterion.textStatus)
        line("<div class=\"provision\(unconfirmed ? " unconfirmed" : "")\">")
        line("<p class=\"text-status\"><span class=\"badge \(unconfirmed ? "badge-warn" : "badge-ok")\">\(unconfirmed ? "⚠ " : "")Text status: \(e(criterion.textStatusLabel))</span> <code>\(e(criterion.textStatus))</code>\(criterion.textSource.map { " · source: \(e($0))" } ?? "")</p>")
        if let text = criterion.text, !text.isEmpty {
            line("<blockquote class=\"provision-text\">")
            line(HTMLText.paragraphs(text, verbatim: true))
            line("</blockquote>")
        } else {
            line("<p class=\"muted\">No text recorded for this provision.</p>")
        }
        line("</div>")
    }

    mutating func endCriterion() { line("</section>") }

    /// The element's heading, corroboration and gaps; its evidence groups follow.
    mutating func beginElement(_ element: DossierDocument.Element, anchor: String) {
        let hasGaps = !element.gaps.isEmpty
        line("<section class=\"element\(hasGaps ? " has-gaps" : "")\" id=\"\(anchor)\">")
        line("<h4>Element <span class=\"code\">\(e(element.code))</span></h4>")
        if let body = element.body, !body.isEmpty { line(HTMLText.paragraphs(body, class: "element-body")) }
        if let basis = element.basis, !basis.isEmpty { line("<p class=\"basis\"><span class=\"muted\">Basis:</span> \(HTMLText.lines(basis))</p>") }

        let k = element.corroboration
        line("<div class=\"corroboration\">")
        line("<h5>Corroboration</h5>")
        line("<dl class=\"counts\">")
        line("<div class=\"rel-supports\"><dt>Supporting</dt><dd>\(k.supportingItems)</dd></div>")
        line("<div class=\"rel-qualifies\"><dt>Qualifying</dt><dd>\(k.qualifyingItems)</dd></div>")
        line("<div class=\"rel-contradicts\"><dt>Contrary</dt><dd>\(k.contraryItems)</dd></div>")
        line("<div><dt>Independent origins</dt><dd>\(k.independentOrigins)</dd></div>")
        line("<div><dt>Best grade</dt><dd>\(k.bestGrade.map { "<span class=\"grade\">\(e($0))</span>" } ?? "—")</dd></div>")
        line("</dl>")
        if !k.origins.isEmpty {
            line("<p class=\"origins\"><span class=\"muted\">Origins of the supporting evidence:</span> \(k.origins.map(e).joined(separator: "; "))</p>")
        }
        line("</div>")

        if hasGaps {
            line("<div class=\"gaps\" role=\"note\">")
            line("<h5>⚠ Gaps</h5>")
            line("<ul>")
            for gap in element.gaps {
                line("<li><strong>\(e(DossierRenderIndex.gapTitle(gap.code)))</strong> <code>\(e(gap.code))</code> — \(HTMLText.lines(gap.text))</li>")
            }
            line("</ul>")
            line("</div>")
        } else {
            line("<p class=\"no-gaps\">No gaps: covered by more than one independent origin at good grades.</p>")
        }
    }

    mutating func endElement() { line("</section>") }

    /// The heading of one relation's evidence (`count` entries follow).
    mutating func beginEvidenceGroup(_ relation: String, count: Int) {
        let known = DossierRenderIndex.knownRelations.contains(relation)
        line("<div class=\"evidence-group rel-\(known ? relation : "other")\">")
        line("<h5>\(e(DossierRenderIndex.relationGroupTitle(relation))) evidence <span class=\"count\">(\(count))</span></h5>")
        if count == 0 {
            let none = relation == "contradicts" ? "No contrary evidence is recorded for this element." : "None."
            line("<p class=\"muted none\">\(none)</p>")
        }
    }

    mutating func endEvidenceGroup() { line("</div>") }

    mutating func writeEvidence(_ evidence: DossierDocument.Evidence, known: Bool) {
        let item = index.item(evidence.item)
        let relationClass = known ? evidence.relation : "other"
        line("<article class=\"evidence rel-\(relationClass)\">")
        line("<p class=\"ev-head\"><span class=\"rel-label\">\(e(DossierRenderIndex.relationVerb(evidence.relation)))</span> <span class=\"ev-title\">\(itemLink(evidence.item))</span></p>")
        var meta: [String] = []
        if let occurred = item?.occurred { meta.append("<span>\(e(occurred.display))</span>") } else if item != nil { meta.append("<span class=\"muted\">undated</span>") }
        meta.append("<span>grade <span class=\"grade\">\(e(evidence.grade))</span></span>")
        if let item { meta.append("<span class=\"status status-\(HTMLText.escape(DossierRenderIndex.slug(item.status)))\">\(e(index.statusLabel(item.status)))</span>") }
        if let item { meta.append("<span>\(e(item.kindLabel))</span>") }
        line("<p class=\"ev-meta\">\(meta.joined(separator: " · "))</p>")
        if !evidence.argument.isEmpty { line(HTMLText.paragraphs(evidence.argument, class: "argument")) }
        let entry = index.itemAnchor(evidence.item).map { "<a href=\"#\($0)\">full entry of item <code>\(e(evidence.item))</code></a>" } ?? "item <code>\(e(evidence.item))</code> (not in this dossier)"
        line("<p class=\"ev-foot\">Asserted by \(e(evidence.assertedBy)) · link <code>\(e(evidence.link))</code> v\(evidence.linkVersion) · \(entry)</p>")
        line("</article>")
    }

    // MARK: Items

    private mutating func writeItems() {
        beginItems()
        var seen = Set<String>()
        for item in d.items where !seen.contains(item.id) {
            seen.insert(item.id)
            writeItem(item)
        }
        endItems()
    }

    /// The heading of the items section (`empty` when the dossier has no item).
    mutating func beginItems(empty: Bool? = nil) {
        line("<section id=\"items\">")
        line("<h2>Items</h2>")
        line("<p class=\"section-note\">Every item shown above, once, in the order in which it occurred. Each is version-pinned to the log entry that recorded it.</p>")
        if empty ?? d.items.isEmpty { line("<p class=\"muted\">No items.</p>") }
    }

    mutating func endItems() { line("</section>") }

    mutating func writeItem(_ item: DossierDocument.Item) {
        line("<article class=\"item\" id=\"\(index.itemAnchor(item.id) ?? "item-" + DossierRenderIndex.slug(item.id))\">")
        line("<p class=\"item-kind\">\(e(item.kindLabel)) · <code>\(e(item.id))</code> · version \(item.version)</p>")
        line("<h3>\(e(item.title))</h3>")
        if let description = item.description, !description.isEmpty { line(HTMLText.paragraphs(description, class: "description")) }
        line("<dl class=\"facts\">")
        if let occurred = item.occurred {
            line("<dt>Occurred</dt><dd>\(e(occurred.display)) <span class=\"muted\">(precision: \(e(occurred.precision)); \(e(occurred.from)) – \(e(occurred.to)))</span></dd>")
        } else {
            line("<dt>Occurred</dt><dd class=\"muted\">not dated</dd>")
        }
        if let place = item.place {
            let approximate = index.place(place)?.coarsened == true ? " <span class=\"approx\">approximate position</span>" : ""
            line("<dt>Place</dt><dd>\(placeLink(place))\(approximate)</dd>")
        }
        if let state = item.actingState { line("<dt>Acting state</dt><dd>\(actorLink(state))</dd>") }
        if let state = item.territorialState { line("<dt>Territorial state</dt><dd>\(actorLink(state))</dd>") }
        if !item.actors.isEmpty {
            line("<dt>Actors</dt><dd><ul class=\"plain\">\(item.actors.map { "<li>\(actorLink($0.actor)) <span class=\"role\">\(e($0.role))</span></li>" }.joined())</ul></dd>")
        }
        if let claim = item.claimStatus { line("<dt>Claim status</dt><dd>\(e(claim))</dd>") }
        var review = "<span class=\"status status-\(e(DossierRenderIndex.slug(item.status)))\">\(e(index.statusLabel(item.status)))</span>"
        if let reviewer = item.reviewer { review += " by \(e(reviewer))" }
        if let note = item.reviewNote, !note.isEmpty { review += "<br><span class=\"review-note\">\(HTMLText.lines(note))</span>" }
        line("<dt>Review</dt><dd>\(review)</dd>")
        if !item.origins.isEmpty { line("<dt>Origins</dt><dd>\(item.origins.map(e).joined(separator: "; "))</dd>") }
        let citations = index.citations(of: item.id)
        if !citations.isEmpty {
            line("<dt>Cited for</dt><dd>\(citations.map { "<a href=\"#\($0.elementAnchor)\">\(e($0.elementCode))</a> <span class=\"muted\">(\(e($0.relation)))</span>" }.joined(separator: ", "))</dd>")
        }
        line("</dl>")
        if !item.attributes.isEmpty {
            line("<div class=\"table-wrap\"><table class=\"attributes\"><caption>Attributes</caption><tbody>")
            for attribute in item.attributes {
                line("<tr><th scope=\"row\">\(e(attribute.name))</th><td>\(HTMLText.lines(attribute.value))</td></tr>")
            }
            line("</tbody></table></div>")
        }
        line("<h4>Sources</h4>")
        if item.sources.isEmpty && item.withheldSources == 0 { line("<p class=\"muted\">No source recorded.</p>") }
        if !item.sources.isEmpty {
            line("<ol class=\"item-sources\">")
            for source in item.sources {
                var text = sourceLink(source.source)
                if let grade = index.source(source.source)?.reliability { text += " <span class=\"grade\" title=\"source reliability\">\(e(grade))</span>" }
                if let locator = source.locator, !locator.isEmpty { text += " · <span class=\"locator\">\(e(locator))</span>" }
                if let quote = source.quote, !quote.isEmpty {
                    text += "\n<blockquote class=\"quote\">\(HTMLText.paragraphs(quote, verbatim: true))</blockquote>"
                }
                line("<li>\(text)</li>")
            }
            line("</ol>")
        }
        if item.withheldSources > 0 {
            line("<p class=\"withheld\">\(e(DossierRenderIndex.count(item.withheldSources, "source"))) withheld by the redaction profile.</p>")
        }
        if !item.exhibits.isEmpty || item.withheldExhibits > 0 {
            line("<h4>Exhibits</h4>")
            if !item.exhibits.isEmpty {
                line("<ul class=\"item-exhibits\">")
                for reference in item.exhibits { line("<li>\(exhibitReference(reference))</li>") }
                line("</ul>")
            }
            if item.withheldExhibits > 0 {
                line("<p class=\"withheld\">\(e(DossierRenderIndex.count(item.withheldExhibits, "exhibit"))) withheld by the redaction profile.</p>")
            }
        }
        line("<p class=\"recorded\">Recorded \(e(item.recordedAt)) by \(e(item.recordedBy))\(item.changeReason.map { " · change reason: \(HTMLText.lines($0))" } ?? "") · log entry <strong>\(item.entry)</strong></p>")
        line("</article>")
    }

    private func exhibitReference(_ reference: DossierDocument.ItemExhibit) -> String {
        var text: String
        if let exhibit = index.exhibit(reference.exhibit) {
            let name = exhibit.fileName.flatMap { $0.isEmpty ? nil : $0 } ?? reference.exhibit
            if HTMLText.isSHA256(exhibit.sha256) {
                text = "<a href=\"exhibits/\(exhibit.sha256)\" class=\"exhibit-file\">\(e(name))</a>"
            } else {
                text = e(name)
            }
            text += " <span class=\"muted\">\(e(exhibit.mediaType))</span>"
            if let anchor = index.exhibitAnchor(reference.exhibit) { text += " · <a href=\"#\(anchor)\">exhibit record</a>" }
            text += "<br><span class=\"muted\">SHA-256</span> <code class=\"hash\">\(e(exhibit.sha256))</code>"
        } else {
            text = "<code>\(e(reference.exhibit))</code>"
        }
        if let note = reference.note, !note.isEmpty { text += "<br>\(HTMLText.lines(note))" }
        return text
    }

    // MARK: Sources, actors, places, exhibits

    private mutating func writeSources() {
        line("<section id=\"sources\">")
        line("<h2>Sources</h2>")
        if d.sources.isEmpty { line("<p class=\"muted\">No sources shown.</p>") }
        for source in d.sources {
            line("<article class=\"record\" id=\"\(index.sourceAnchor(source.id) ?? "")\">")
            line("<h3>\(e(DossierRenderIndex.sourceName(source))) <span class=\"grade\" title=\"\(e(source.reliabilityLabel))\">\(e(source.reliability))</span></h3>")
            line("<dl class=\"facts\">")
            line("<dt>Id</dt><dd><code>\(e(source.id))</code> · version \(source.version)</dd>")
            line("<dt>Reliability</dt><dd><span class=\"grade\">\(e(source.reliability))</span> \(e(source.reliabilityLabel))\(source.gradingNote.map { "<br><span class=\"muted\">\(HTMLText.lines($0))</span>" } ?? "")</dd>")
            line("<dt>Kind</dt><dd>\(e(source.kind))</dd>")
            if let publisher = source.publisher { line("<dt>Publisher</dt><dd>\(e(publisher))</dd>") }
            if let site = source.site { line("<dt>Site</dt><dd>\(e(site))</dd>") }
            if let author = source.author { line("<dt>Author</dt><dd>\(e(author))</dd>") }
            if let url = source.url { line("<dt>URL</dt><dd class=\"url-cell\">\(HTMLText.webLink(url))</dd>") }
            if let published = source.published { line("<dt>Published</dt><dd>\(e(published))</dd>") }
            if let language = source.language { line("<dt>Language</dt><dd>\(e(language))</dd>") }
            line("<dt>Protection</dt><dd>\(source.protection == "public" ? e(source.protection) : "<span class=\"badge badge-warn\">\(e(source.protection))</span>")</dd>")
            if let identity = source.identity { line("<dt>Identity</dt><dd>\(HTMLText.lines(identity))</dd>") }
            line("</dl>")
            line("</article>")
        }
        line("</section>")
    }

    private func names(_ names: [DossierDocument.Name]) -> String {
        names.map { name in
            let lang = HTMLText.languageTag(name.language).map { " lang=\"\(e($0))\"" } ?? ""
            var text = "<span\(lang)>\(e(name.name))</span> <span class=\"lang-tag\">\(e(name.language))</span>"
            if let romanisation = name.romanisation, !romanisation.isEmpty { text += " <span class=\"muted\">(\(e(romanisation)))</span>" }
            return text
        }.joined(separator: "<br>")
    }

    private mutating func writeSanctions() {
        guard let s = d.sanctions else { return }
        line("<section id=\"sanctions\">")
        line("<h2>Sanctions status</h2>")
        line("<p>Per jurisdiction, on \(e(s.asOf)) (the checkpoint's day), for the actors the supporting evidence names as perpetrator, facilitator, operator or owner, or as operator or supplier.</p>")
        if s.actors.isEmpty {
            line("<p class=\"muted\">The evidence shown implicates no actor other than states.</p>")
        } else {
            line("<div class=\"table-wrap\"><table class=\"records\">")
            line("<thead><tr><th scope=\"col\">Actor</th>" + s.jurisdictions.map { "<th scope=\"col\">\(e($0))</th>" }.joined() + "</tr></thead>")
            line("<tbody>")
            for actor in s.actors {
                let cells = actor.statuses.map { cell in
                    "<td class=\"sanctions-\(cell.status == "designated" ? "designated" : cell.status == "delisted" ? "delisted" : "none")\">\(e(cell.text))"
                        + cell.listings.map { "<br><code class=\"id\">\(e($0.id))</code>" + ($0.programme.map { " " + e($0) } ?? "") }.joined() + "</td>"
                }.joined()
                line("<tr><th scope=\"row\">\(actorLink(actor.actor))</th>\(cells)</tr>")
            }
            line("</tbody></table></div>")
        }
        if !s.statesLeftOut.isEmpty {
            line("<p>States the evidence implicates are not listed: sanctions lists designate persons and entities (\(s.statesLeftOut.map(actorLink).joined(separator: ", "))).</p>")
        }
        line("<p class=\"caveat\"><strong>\(e(s.caveat))</strong></p>")
        if s.basis.isEmpty {
            line("<p class=\"muted\">No sanctions dataset had been imported at the checkpoint; only designations entered by hand, each with its source.</p>")
        } else {
            line("<div class=\"table-wrap\"><table class=\"records\">")
            line("<thead><tr><th scope=\"col\">Dataset</th><th scope=\"col\">Format</th><th scope=\"col\">File</th><th scope=\"col\">SHA-256</th><th scope=\"col\">Data as of</th><th scope=\"col\">Imported</th></tr></thead>")
            line("<tbody>")
            for b in s.basis {
                line("<tr><td><code>\(e(b.dataset))</code></td><td>\(e(b.format))</td><td>\(e(b.fileName))</td><td><code class=\"id\">\(e(b.fileSha256))</code></td><td>\(e(b.dataAsOf ?? "not in the data"))</td><td>\(e(b.importedAt))</td></tr>")
            }
            line("</tbody></table></div>")
        }
        line("</section>")
    }

    private mutating func writeActorsAndPlaces() {
        line("<section id=\"actors\">")
        line("<h2>Actors</h2>")
        if d.actors.isEmpty {
            line("<p class=\"muted\">No actors.</p>")
        } else {
            line("<div class=\"table-wrap\"><table class=\"records\">")
            line("<thead><tr><th scope=\"col\">Actor</th><th scope=\"col\">Kind</th><th scope=\"col\">Names</th><th scope=\"col\">State</th><th scope=\"col\">Identifiers</th></tr></thead>")
            line("<tbody>")
            for actor in d.actors {
                let identifiers = actor.identifiers.map { "\(e($0.scheme)): <code>\(e($0.value))</code>" }.joined(separator: "<br>")
                line("<tr id=\"\(index.actorAnchor(actor.id) ?? "")\"><td><strong>\(e(actor.name))</strong><br><code class=\"id\">\(e(actor.id))</code></td><td>\(e(actor.kind))</td><td>\(names(actor.names))</td><td>\(actor.state.map(actorLink) ?? "")</td><td>\(identifiers)</td></tr>")
            }
            line("</tbody></table></div>")
        }
        line("</section>")
        line("<section id=\"places\">")
        line("<h2>Places</h2>")
        if d.places.isEmpty {
            line("<p class=\"muted\">No places.</p>")
        } else {
            line("<div class=\"table-wrap\"><table class=\"records\">")
            line("<thead><tr><th scope=\"col\">Place</th><th scope=\"col\">Kind</th><th scope=\"col\">Names</th><th scope=\"col\">State</th><th scope=\"col\">Coordinates</th></tr></thead>")
            line("<tbody>")
            for place in d.places {
                var coordinates = ""
                if let lat = place.latitude, let lon = place.longitude { coordinates = "\(e(lat)), \(e(lon))" }
                if place.coarsened { coordinates += (coordinates.isEmpty ? "" : "<br>") + "<span class=\"approx\">approximate (coarsened to 0.1°)</span>" }
                line("<tr id=\"\(index.placeAnchor(place.id) ?? "")\"><td><strong>\(e(place.name))</strong><br><code class=\"id\">\(e(place.id))</code></td><td>\(e(place.kind))</td><td>\(names(place.names))</td><td>\(place.state.map(actorLink) ?? "")</td><td>\(coordinates)</td></tr>")
            }
            line("</tbody></table></div>")
        }
        line("</section>")
    }

    private mutating func writeExhibits() {
        line("<section id=\"exhibits\">")
        line("<h2>Exhibits</h2>")
        if d.exhibits.isEmpty { line("<p class=\"muted\">No exhibits shown.</p>") }
        if d.redaction.withheldExhibits > 0 {
            line("<p class=\"withheld\">\(e(DossierRenderIndex.count(d.redaction.withheldExhibits, "exhibit"))) withheld by the redaction profile.</p>")
        }
        for exhibit in d.exhibits {
            line("<article class=\"record\" id=\"\(index.exhibitAnchor(exhibit.id) ?? "")\">")
            let name = exhibit.fileName.flatMap { $0.isEmpty ? nil : $0 } ?? exhibit.id
            let link = HTMLText.isSHA256(exhibit.sha256) ? "<a href=\"exhibits/\(exhibit.sha256)\" class=\"exhibit-file\">\(e(name))</a>" : e(name)
            line("<h3>\(link)</h3>")
            line("<dl class=\"facts\">")
            line("<dt>Id</dt><dd><code>\(e(exhibit.id))</code></dd>")
            line("<dt>SHA-256</dt><dd><code class=\"hash\">\(e(exhibit.sha256))</code></dd>")
            line("<dt>Media type</dt><dd>\(e(exhibit.mediaType))</dd>")
            line("<dt>Size</dt><dd>\(exhibit.size) bytes</dd>")
            let collection: [(String, String?)] = [
                ("Collected by", exhibit.collectedBy), ("Collected at", exhibit.collectedAt), ("Collected from", exhibit.collectedFrom),
                ("Collection tool", exhibit.collectionTool), ("Custody notes", exhibit.custodyNotes), ("Original", exhibit.original),
            ]
            for (label, value) in collection {
                if let value, !value.isEmpty {
                    let shown = label == "Collected from" || label == "Original" ? (HTMLText.isWebURL(value) ? HTMLText.webLink(value) : HTMLText.lines(value)) : HTMLText.lines(value)
                    line("<dt>\(label)</dt><dd>\(shown)</dd>")
                }
            }
            if let source = exhibit.source { line("<dt>Source</dt><dd>\(sourceLink(source))</dd>") }
            line("</dl>")
            line("</article>")
        }
        line("</section>")
    }

    // MARK: Methodology, footer

    private mutating func gradeTable(_ caption: String, _ header: String, _ grades: [DossierDocument.Grade]) {
        line("<div class=\"table-wrap\"><table class=\"scale\">")
        line("<caption>\(e(caption))</caption>")
        line("<thead><tr><th scope=\"col\">\(e(header))</th><th scope=\"col\">Meaning</th></tr></thead>")
        line("<tbody>")
        if grades.isEmpty { line("<tr><td colspan=\"2\" class=\"muted\">not given</td></tr>") }
        for grade in grades { line("<tr><th scope=\"row\">\(e(grade.grade))</th><td>\(HTMLText.lines(grade.label))</td></tr>") }
        line("</tbody></table></div>")
    }

    private mutating func writeMethodology() {
        let m = d.methodology
        let r = d.redaction
        line("<section id=\"methodology\">")
        line("<h2>Methodology</h2>")
        for note in m.notes { line(HTMLText.paragraphs(note)) }
        line("<div class=\"figure-tables\">")
        gradeTable("Source reliability", "Grade", m.reliabilityScale)
        gradeTable("Information credibility", "Grade", m.credibilityScale)
        gradeTable("Review statuses", "Status", m.reviewStatuses)
        line("</div>")
        line("<h3>Redaction</h3>")
        line("<p>Profile <strong>\(e(r.profile))</strong>; protected identities \(r.includeProtected ? "included" : "withheld").</p>")
        if !r.rules.isEmpty {
            line("<ul>")
            for rule in r.rules { line("<li>\(HTMLText.lines(rule))</li>") }
            line("</ul>")
        }
        line("<div class=\"table-wrap\"><table class=\"figures\">")
        line("<caption>Withheld in this dossier</caption>")
        line("<thead><tr><th scope=\"col\">What</th><th scope=\"col\" class=\"num\">Count</th></tr></thead>")
        line("<tbody>")
        line("<tr><td>Sources withheld</td><td class=\"num\">\(r.withheldSources)</td></tr>")
        line("<tr><td>Exhibits withheld</td><td class=\"num\">\(r.withheldExhibits)</td></tr>")
        line("<tr><td>Places coarsened</td><td class=\"num\">\(r.coarsenedPlaces)</td></tr>")
        line("<tr><td>Fields withheld</td><td class=\"num\">\(r.withheldFields)</td></tr>")
        line("</tbody></table></div>")
        line("</section>")
    }

    private mutating func writeFooter() {
        let b = d.builtFrom
        line("<footer class=\"colophon\">")
        line("<p>\(e(d.format)) · built from checkpoint \(e(String(b.checkpointSize))) of <code>\(e(b.origin))</code>, signed \(e(b.checkpointSignedAt)). Every item names the log entry that recorded it; the dossier’s bundle holds one inclusion proof per item.</p>")
        line("</footer>")
    }
}
