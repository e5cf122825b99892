import Foundation

/// A dossier as GitHub-flavoured Markdown, with the sections of the HTML form in the same order and figures as
/// tables. Untrusted text is escaped where it would change the document's structure: inline markup characters,
/// HTML tags, `|` in table cells and block markers at the start of a line. The output depends on the document
/// alone.
public enum MarkdownRenderer {
    /// Renders `d` as Markdown.
    public static func render(_ d: DossierDocument) -> String {
        var writer = MarkdownDossierWriter(DossierRenderIndex(d))
        writer.write()
        return writer.out
    }
}

/// Markdown escaping.
enum MarkdownText {
    /// Inline text: markup characters escaped, line breaks as spaces.
    static func inline(_ text: String) -> String {
        var out = ""
        let scalars = Array(text.unicodeScalars)
        for (i, scalar) in scalars.enumerated() {
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~":
                out += "\\"
                out.unicodeScalars.append(scalar)
            case "&":
                // Only where it could start a character reference.
                let next = i + 1 < scalars.count ? scalars[i + 1] : " "
                if next == "#" || next.properties.isAlphabetic { out += "\\&" } else { out += "&" }
            case "\r", "\n", "\t":
                out += " "
            default:
                let v = scalar.value
                if v < 0x20 || (v >= 0x7F && v <= 0x9F) { out += "\u{FFFD}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return lineStart(out)
    }

    /// Escapes a block marker at the start of already inline-escaped text: `#`, `-`, `+`, `=`, and `1.`/`1)`.
    static func lineStart(_ text: String) -> String {
        var text = Substring(text)
        while let first = text.first, first == " " { text = text.dropFirst() }
        guard let first = text.first else { return "" }
        if "#-+=".contains(first) { return "\\" + text }
        let digits = text.prefix(while: { $0.isASCII && $0.isNumber })
        if !digits.isEmpty, digits.count <= 9 {
            let after = text.dropFirst(digits.count).first
            if after == "." || after == ")" { return digits + "\\" + text.dropFirst(digits.count) }
        }
        return String(text)
    }

    /// Text of several lines: each line escaped on its own, blank lines kept as paragraph breaks; every line gets
    /// `prefix` (for quotes and list continuations). Single line breaks flow as spaces, as in HTML; with `verbatim`
    /// they are kept as hard breaks (a final backslash), for quotes and provision texts.
    static func block(_ text: String, prefix: String = "", verbatim: Bool = false) -> String {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines: [String] = []
        var blank = false
        var inParagraph = false
        for raw in normalised.split(separator: "\n", omittingEmptySubsequences: false) {
            let escaped = inline(String(raw))
            if escaped.isEmpty {
                blank = !lines.isEmpty
                inParagraph = false
                continue
            }
            if blank {
                lines.append(prefix.trimmingTrailingSpaces())
                blank = false
            }
            if verbatim && inParagraph { lines[lines.count - 1] += "\\" }
            lines.append(prefix + escaped)
            inParagraph = true
        }
        return lines.joined(separator: "\n")
    }

    /// Text for a table cell: inline-escaped (so `|` is `\|`), never empty.
    static func cell(_ text: String) -> String {
        let escaped = inline(text)
        return escaped.isEmpty ? " " : escaped
    }

    /// A code span that survives any content; `|` escaped for table cells, as GFM requires even inside code.
    static func code(_ text: String, inTable: Bool = false) -> String {
        var content = String(text.unicodeScalars.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : Character($0) })
        if inTable { content = content.replacingOccurrences(of: "|", with: "\\|") }
        var longest = 0, run = 0
        for c in content { if c == "`" { run += 1; longest = max(longest, run) } else { run = 0 } }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = content.hasPrefix("`") || content.hasSuffix("`") || (content.hasPrefix(" ") && content.hasSuffix(" ") && !content.allSatisfy { $0 == " " }) ? " " : ""
        if content.isEmpty { return "` `" }
        return fence + pad + content + pad + fence
    }

    /// A link to an anchor in this document.
    static func anchorLink(_ text: String, _ anchor: String?) -> String {
        guard let anchor else { return inline(text) }
        return "[" + inline(text) + "](#" + anchor + ")"
    }

    /// An http(s) URL as an autolink, anything else as escaped text.
    static func url(_ url: String) -> String {
        guard HTMLText.isWebURL(url), !url.contains("<"), !url.contains(">") else { return inline(url) }
        return "<" + url + ">"
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

/// Writes the sections of the Markdown form.
struct MarkdownDossierWriter {
    let index: DossierRenderIndex
    var d: DossierDocument { index.document }
    var out = ""

    init(_ index: DossierRenderIndex) { self.index = index }

    private func t(_ text: String) -> String { MarkdownText.inline(text) }
    private func c(_ text: String) -> String { MarkdownText.cell(text) }

    private mutating func line(_ text: String = "") { out += text + "\n" }

    /// A paragraph followed by a blank line.
    private mutating func paragraph(_ text: String) {
        line(text)
        line()
    }

    mutating func write() {
        writeHeader()
        writeScope()
        writeSummary()
        writeCriteria()
        writeItems()
        writeSources()
        writeActorsAndPlaces()
        writeSanctions()
        writeExhibits()
        writeMethodology()
        let b = d.builtFrom
        line("---")
        line()
        line("*" + t(d.format) + " · built from checkpoint " + String(b.checkpointSize) + " of " + t(b.origin) + ", signed " + t(b.checkpointSignedAt) + ".*")
    }

    private func anchor(_ id: String?) -> String {
        guard let id else { return "" }
        return "<a id=\"" + id + "\"></a>\n"
    }

    private mutating func table(_ header: [String], _ rows: [[String]], alignRight: Set<Int> = []) {
        line("| " + header.joined(separator: " | ") + " |")
        line("|" + header.indices.map { alignRight.contains($0) ? " ---: " : " --- " }.joined(separator: "|") + "|")
        for row in rows { line("| " + row.joined(separator: " | ") + " |") }
        line()
    }

    private func actorLink(_ id: String) -> String { MarkdownText.anchorLink(index.actorName(id), index.actorAnchor(id)) }
    private func placeLink(_ id: String) -> String { MarkdownText.anchorLink(index.placeName(id), index.placeAnchor(id)) }
    private func sourceLink(_ id: String) -> String { MarkdownText.anchorLink(index.sourceName(id), index.sourceAnchor(id)) }

    // MARK: Header, scope, summary

    private mutating func writeHeader() {
        let b = d.builtFrom
        paragraph("# " + t(d.title))
        paragraph("*Evidence Ledger dossier as of the ledger checkpoint signed " + t(DossierRenderIndex.datePart(b.checkpointSignedAt)) + "; redaction profile **" + t(d.redaction.profile) + "**.*")
        table(["Built from", "Value"], [
            ["Log origin", MarkdownText.code(b.origin, inTable: true)],
            ["Checkpoint size", String(b.checkpointSize) + " log entries"],
            ["Checkpoint root", MarkdownText.code(b.checkpointRoot, inTable: true)],
            ["Signed at", c(b.checkpointSignedAt)],
            ["Verifier key", MarkdownText.code(b.verifierKey, inTable: true)],
            ["Redaction profile", c(DossierRenderIndex.profileDescription(d.redaction))],
        ])
    }

    private mutating func writeScope() {
        let s = d.scope
        paragraph("## Scope")
        func list(_ values: [String], _ empty: String) -> String { values.isEmpty ? "*" + empty + "*" : values.joined(separator: ", ") }
        line("- **Subjects:** " + list(s.subjects.map(actorLink), "none named"))
        line("- **Criteria:** " + list(s.criteria.map { MarkdownText.code($0) }, "none named"))
        line("- **Period:** " + t(DossierRenderIndex.periodText(s)))
        line("- **Kinds of evidence:** " + list(s.kinds.map { t(index.kindLabel($0)) }, "all"))
        let grades = [s.minReliability.map { "source reliability \($0) or better" }, s.minCredibility.map { "information credibility \($0) or better" }].compactMap { $0 }
        line("- **Minimum grades:** " + (grades.isEmpty ? "*none*" : t(grades.joined(separator: "; ")) + " (supporting evidence only; qualifying and contrary evidence is never dropped by grade)"))
        line("- **Review statuses:** " + list(s.statuses.map { t(index.statusLabel($0)) }, "all except withdrawn"))
        line("- **Language of names:** " + t(s.language))
        line()
    }

    private mutating func countTable(_ title: String, _ header: String, _ counts: [DossierDocument.Count], unit: String = "Items") {
        paragraph("### " + title)
        if counts.isEmpty {
            paragraph("*None.*")
            return
        }
        table([header, unit], counts.map { [c($0.label), String($0.count)] }, alignRight: [1])
    }

    private mutating func writeSummary() {
        let s = d.summary
        paragraph("## Summary figures")
        paragraph("**\(s.items)** \(s.items == 1 ? "item" : "items") · **\(s.elements)** \(s.elements == 1 ? "element" : "elements") · **\(s.elementsWithGaps)** with gaps · **\(s.undated)** known only to the year or undated")
        countTable("Items per kind", "Kind", s.byKind)
        countTable("Items per review status", "Review status", s.byStatus)
        countTable("Evidence links per relation", "Relation", s.byRelation, unit: "Links")
        paragraph("### Items per month")
        let chart = MonthChartSVG(summary: s)
        if chart.months.isEmpty {
            paragraph("*No item is dated to the month.*")
        } else {
            table(["Month"] + chart.kinds.map { c($0.label) } + ["Total"],
                  chart.months.map { month in [c(month.longLabel)] + month.counts.map(String.init) + ["**\(month.total)**"] },
                  alignRight: Set(1...(chart.kinds.count + 1)))
            if s.undated > 0 { paragraph(DossierRenderIndex.count(s.undated, "item") + " known only to the year or undated " + (s.undated == 1 ? "is" : "are") + " not counted by month.") }
        }
        let map = OverviewMapSVG(places: d.places)
        let mapped = map.points + map.outside
        if !mapped.isEmpty {
            paragraph("### Places with coordinates")
            table(["Place", "Latitude", "Longitude", "Position"], d.places.filter { p in mapped.contains { $0.id == p.id } }.map { place in
                [MarkdownText.anchorLink(place.name, index.placeAnchor(place.id)), c(place.latitude ?? ""), c(place.longitude ?? ""),
                 place.coarsened ? "**approximate** (coarsened)" : "as recorded"]
            })
            paragraph("*The HTML form draws these places on a map. " + t(CountryOutlines.attribution) + "*")
        }
    }

    // MARK: Criteria

    private mutating func writeCriteria() {
        paragraph("## Criteria")
        if d.criteria.isEmpty { paragraph("*The spec names no criteria.*") }
        for (ci, criterion) in d.criteria.enumerated() {
            out += anchor(index.criterionAnchor(ci))
            paragraph("### " + t(criterion.code) + (criterion.label.map { " — " + t($0) } ?? ""))
            let instrument = criterion.instrument
            paragraph("*Instrument:* " + t(instrument.title) + (instrument.symbol.map { " (" + t($0) + ")" } ?? "") + " · " + MarkdownText.code(instrument.code))
            if DossierRenderIndex.textIsUnconfirmed(criterion.textStatus) {
                paragraph("**⚠ Text status: " + t(criterion.textStatusLabel) + "** (" + MarkdownText.code(criterion.textStatus) + ")" + (criterion.textSource.map { " · source: " + t($0) } ?? ""))
            } else {
                paragraph("**Text status:** " + t(criterion.textStatusLabel) + " (" + MarkdownText.code(criterion.textStatus) + ")" + (criterion.textSource.map { " · source: " + t($0) } ?? ""))
            }
            if let text = criterion.text, !text.isEmpty {
                paragraph(MarkdownText.block(text, prefix: "> ", verbatim: true))
            } else {
                paragraph("*No text recorded for this provision.*")
            }
            for (ei, element) in criterion.elements.enumerated() {
                writeElement(element, anchor: index.elementAnchor(ci, ei))
            }
        }
    }

    private mutating func writeElement(_ element: DossierDocument.Element, anchor elementAnchor: String) {
        out += anchor(elementAnchor)
        paragraph("#### Element " + t(element.code))
        if let body = element.body, !body.isEmpty { paragraph(MarkdownText.block(body)) }
        if let basis = element.basis, !basis.isEmpty { paragraph("*Basis:* " + t(basis)) }
        let k = element.corroboration
        var corroboration = "**Corroboration:** \(k.supportingItems) supporting, \(k.qualifyingItems) qualifying, \(k.contraryItems) contrary; "
        corroboration += DossierRenderIndex.count(k.independentOrigins, "independent origin")
        if !k.origins.isEmpty { corroboration += " (" + k.origins.map(t).joined(separator: "; ") + ")" }
        corroboration += "; best grade " + (k.bestGrade.map { "**" + t($0) + "**" } ?? "—") + "."
        paragraph(corroboration)
        if element.gaps.isEmpty {
            paragraph("*No gaps: covered by more than one independent origin at good grades.*")
        } else {
            line("> **⚠ Gaps**")
            line(">")
            for gap in element.gaps {
                line("> - **" + t(DossierRenderIndex.gapTitle(gap.code)) + "** (" + MarkdownText.code(gap.code) + "): " + t(gap.text))
            }
            line()
        }
        for group in DossierRenderIndex.relationGroups(element.evidence) {
            let known = ["supports", "qualifies", "contradicts"].contains(group.relation)
            if !known && group.entries.isEmpty { continue }
            paragraph("##### " + t(DossierRenderIndex.relationGroupTitle(group.relation)) + " evidence (\(group.entries.count))")
            if group.entries.isEmpty {
                paragraph(group.relation == "contradicts" ? "*No contrary evidence is recorded for this element.*" : "*None.*")
                continue
            }
            for evidence in group.entries {
                let item = index.item(evidence.item)
                var head = "- **" + t(DossierRenderIndex.relationVerb(evidence.relation)) + ":** "
                head += MarkdownText.anchorLink(DossierRenderIndex.itemTitle(item, id: evidence.item), index.itemAnchor(evidence.item))
                var meta: [String] = []
                if let occurred = item?.occurred { meta.append(t(occurred.display)) } else if item != nil { meta.append("undated") }
                meta.append("grade **" + t(evidence.grade) + "**")
                if let item { meta.append(t(index.statusLabel(item.status))) }
                head += " — " + meta.joined(separator: " · ")
                line(head)
                if !evidence.argument.isEmpty {
                    line()
                    line(MarkdownText.block(evidence.argument, prefix: "  "))
                }
                line()
                let entry = index.itemAnchor(evidence.item).map { "[full entry](#" + $0 + ")" } ?? "not in this dossier"
                line("  *Item " + MarkdownText.code(evidence.item) + ", " + entry + "; asserted by " + t(evidence.assertedBy) + ", link " + MarkdownText.code(evidence.link) + " v\(evidence.linkVersion).*")
                line()
            }
        }
    }

    // MARK: Items

    private mutating func writeItems() {
        paragraph("## Items")
        paragraph("*Every item shown above, once, in the order in which it occurred. Each is version-pinned to the log entry that recorded it.*")
        if d.items.isEmpty { paragraph("*No items.*") }
        var seen = Set<String>()
        for item in d.items where !seen.contains(item.id) {
            seen.insert(item.id)
            writeItem(item)
        }
    }

    private mutating func writeItem(_ item: DossierDocument.Item) {
        out += anchor(index.itemAnchor(item.id))
        paragraph("### " + t(item.title))
        paragraph("*" + t(item.kindLabel) + "* · " + MarkdownText.code(item.id) + " · version \(item.version)")
        if let description = item.description, !description.isEmpty { paragraph(MarkdownText.block(description)) }
        var rows: [[String]] = []
        if let occurred = item.occurred {
            rows.append(["Occurred", c(occurred.display) + " (precision: " + c(occurred.precision) + "; " + c(occurred.from) + " – " + c(occurred.to) + ")"])
        } else {
            rows.append(["Occurred", "*not dated*"])
        }
        if let place = item.place {
            rows.append(["Place", placeLink(place) + (index.place(place)?.coarsened == true ? " (**approximate position**)" : "")])
        }
        if let state = item.actingState { rows.append(["Acting state", actorLink(state)]) }
        if let state = item.territorialState { rows.append(["Territorial state", actorLink(state)]) }
        if !item.actors.isEmpty {
            rows.append(["Actors", item.actors.map { actorLink($0.actor) + " (" + t($0.role) + ")" }.joined(separator: "; ")])
        }
        for attribute in item.attributes { rows.append([c(attribute.name), c(attribute.value)]) }
        if let claim = item.claimStatus { rows.append(["Claim status", c(claim)]) }
        var review = "**" + t(index.statusLabel(item.status)) + "**"
        if let reviewer = item.reviewer { review += " by " + t(reviewer) }
        if let note = item.reviewNote, !note.isEmpty { review += ": " + t(note) }
        rows.append(["Review", review])
        if !item.origins.isEmpty { rows.append(["Origins", item.origins.map(t).joined(separator: "; ")]) }
        let citations = index.citations(of: item.id)
        if !citations.isEmpty {
            rows.append(["Cited for", citations.map { "[" + t($0.elementCode) + "](#" + $0.elementAnchor + ") (" + t($0.relation) + ")" }.joined(separator: ", ")])
        }
        rows.append(["Recorded", c(item.recordedAt) + " by " + c(item.recordedBy)])
        if let reason = item.changeReason { rows.append(["Change reason", c(reason)]) }
        rows.append(["Log entry", String(item.entry)])
        table(["Field", "Value"], rows)

        if !item.sources.isEmpty || item.withheldSources > 0 {
            paragraph("**Sources**")
            for (n, source) in item.sources.enumerated() {
                var text = "\(n + 1). " + sourceLink(source.source)
                if let grade = index.source(source.source)?.reliability { text += " (reliability **" + t(grade) + "**)" }
                if let locator = source.locator, !locator.isEmpty { text += ", " + t(locator) }
                line(text)
                if let quote = source.quote, !quote.isEmpty {
                    line()
                    line(MarkdownText.block(quote, prefix: "   > ", verbatim: true))
                }
            }
            if !item.sources.isEmpty { line() }
            if item.withheldSources > 0 {
                paragraph("*" + DossierRenderIndex.count(item.withheldSources, "source") + " withheld by the redaction profile.*")
            }
        } else {
            paragraph("*No source recorded.*")
        }
        if !item.exhibits.isEmpty || item.withheldExhibits > 0 {
            paragraph("**Exhibits**")
            for reference in item.exhibits {
                if let exhibit = index.exhibit(reference.exhibit) {
                    let name = exhibit.fileName.flatMap { $0.isEmpty ? nil : $0 } ?? reference.exhibit
                    var text = "- " + MarkdownText.anchorLink(name, index.exhibitAnchor(reference.exhibit)) + " (" + t(exhibit.mediaType) + "), SHA-256 " + MarkdownText.code(exhibit.sha256)
                    if HTMLText.isSHA256(exhibit.sha256) { text += ", file `exhibits/" + exhibit.sha256 + "`" }
                    if let note = reference.note, !note.isEmpty { text += ": " + t(note) }
                    line(text)
                } else {
                    line("- " + MarkdownText.code(reference.exhibit) + (reference.note.map { ": " + t($0) } ?? ""))
                }
            }
            if !item.exhibits.isEmpty { line() }
            if item.withheldExhibits > 0 {
                paragraph("*" + DossierRenderIndex.count(item.withheldExhibits, "exhibit") + " withheld by the redaction profile.*")
            }
        }
    }

    // MARK: Sources, actors, places, exhibits

    private mutating func writeSources() {
        paragraph("## Sources")
        if d.sources.isEmpty { paragraph("*No sources shown.*") }
        for source in d.sources {
            out += anchor(index.sourceAnchor(source.id))
            paragraph("### " + t(DossierRenderIndex.sourceName(source)))
            var rows: [[String]] = [
                ["Id", MarkdownText.code(source.id, inTable: true) + " · version \(source.version)"],
                ["Reliability", "**" + c(source.reliability) + "** " + c(source.reliabilityLabel) + (source.gradingNote.map { " (" + c($0) + ")" } ?? "")],
                ["Kind", c(source.kind)],
            ]
            if let publisher = source.publisher { rows.append(["Publisher", c(publisher)]) }
            if let site = source.site { rows.append(["Site", c(site)]) }
            if let author = source.author { rows.append(["Author", c(author)]) }
            if let url = source.url { rows.append(["URL", MarkdownText.url(url).replacingOccurrences(of: "|", with: "%7C")]) }
            if let published = source.published { rows.append(["Published", c(published)]) }
            if let language = source.language { rows.append(["Language", c(language)]) }
            rows.append(["Protection", source.protection == "public" ? c(source.protection) : "**" + c(source.protection) + "**"])
            if let identity = source.identity { rows.append(["Identity", c(identity)]) }
            table(["Field", "Value"], rows)
        }
    }

    private func names(_ names: [DossierDocument.Name]) -> String {
        names.map { name in
            c(name.name) + " (" + c(name.language) + (name.romanisation.map { ", " + c($0) } ?? "") + ")"
        }.joined(separator: "<br>")
    }

    private mutating func writeActorsAndPlaces() {
        out += anchor("actors")
        paragraph("## Actors")
        if d.actors.isEmpty {
            paragraph("*No actors.*")
        } else {
            table(["Actor", "Kind", "Names", "State", "Identifiers"], d.actors.map { actor in
                [(index.actorAnchor(actor.id).map { "<a id=\"" + $0 + "\"></a>" } ?? "") + "**" + c(actor.name) + "** " + MarkdownText.code(actor.id, inTable: true),
                 c(actor.kind), names(actor.names), actor.state.map(actorLink) ?? " ",
                 actor.identifiers.isEmpty ? " " : actor.identifiers.map { c($0.scheme) + ": " + MarkdownText.code($0.value, inTable: true) }.joined(separator: "<br>")]
            })
        }
        out += anchor("places")
        paragraph("## Places")
        if d.places.isEmpty {
            paragraph("*No places.*")
        } else {
            table(["Place", "Kind", "Names", "State", "Coordinates"], d.places.map { place in
                var coordinates = " "
                if let lat = place.latitude, let lon = place.longitude { coordinates = c(lat) + ", " + c(lon) }
                if place.coarsened { coordinates += " **approximate** (coarsened to 0.1°)" }
                return [(index.placeAnchor(place.id).map { "<a id=\"" + $0 + "\"></a>" } ?? "") + "**" + c(place.name) + "** " + MarkdownText.code(place.id, inTable: true),
                        c(place.kind), names(place.names), place.state.map(actorLink) ?? " ", coordinates]
            })
        }
    }

    private mutating func writeSanctions() {
        guard let s = d.sanctions else { return }
        out += anchor("sanctions")
        paragraph("## Sanctions status")
        paragraph("*Per jurisdiction, on " + t(s.asOf) + " (the checkpoint's day), for the actors the supporting evidence names as perpetrator, facilitator, operator or owner, or as operator or supplier.*")
        if s.actors.isEmpty {
            paragraph("*The evidence shown implicates no actor other than states.*")
        } else {
            table(["Actor"] + s.jurisdictions.map(c), s.actors.map { actor in
                [actorLink(actor.actor)] + actor.statuses.map { cell in
                    c(cell.text) + cell.listings.map { "<br>" + MarkdownText.code($0.id, inTable: true) + ($0.programme.map { " " + c($0) } ?? "") }.joined()
                }
            })
        }
        if !s.statesLeftOut.isEmpty {
            paragraph("States the evidence implicates are not listed: sanctions lists designate persons and entities (" + s.statesLeftOut.map(actorLink).joined(separator: ", ") + ").")
        }
        paragraph("> " + t(s.caveat))
        if s.basis.isEmpty {
            paragraph("*No sanctions dataset had been imported at the checkpoint; only designations entered by hand, each with its source.*")
        } else {
            table(["Dataset", "Format", "File", "SHA-256", "Data as of", "Imported"], s.basis.map {
                [MarkdownText.code($0.dataset, inTable: true), c($0.format), c($0.fileName), MarkdownText.code($0.fileSha256, inTable: true),
                 c($0.dataAsOf ?? "not in the data"), c($0.importedAt)]
            })
        }
    }

    private mutating func writeExhibits() {
        paragraph("## Exhibits")
        if d.exhibits.isEmpty { paragraph("*No exhibits shown.*") }
        if d.redaction.withheldExhibits > 0 {
            paragraph("*" + DossierRenderIndex.count(d.redaction.withheldExhibits, "exhibit") + " withheld by the redaction profile.*")
        }
        for exhibit in d.exhibits {
            out += anchor(index.exhibitAnchor(exhibit.id))
            paragraph("### " + t(exhibit.fileName.flatMap { $0.isEmpty ? nil : $0 } ?? exhibit.id))
            var rows: [[String]] = [
                ["Id", MarkdownText.code(exhibit.id, inTable: true)],
                ["SHA-256", MarkdownText.code(exhibit.sha256, inTable: true)],
                ["Media type", c(exhibit.mediaType)],
                ["Size", "\(exhibit.size) bytes"],
            ]
            if HTMLText.isSHA256(exhibit.sha256) { rows.append(["File in the bundle", "`exhibits/" + exhibit.sha256 + "`"]) }
            let collection: [(String, String?)] = [
                ("Collected by", exhibit.collectedBy), ("Collected at", exhibit.collectedAt), ("Collected from", exhibit.collectedFrom),
                ("Collection tool", exhibit.collectionTool), ("Custody notes", exhibit.custodyNotes), ("Original", exhibit.original),
            ]
            for (label, value) in collection { if let value, !value.isEmpty { rows.append([label, c(value)]) } }
            if let source = exhibit.source { rows.append(["Source", sourceLink(source)]) }
            table(["Field", "Value"], rows)
        }
    }

    // MARK: Methodology

    private mutating func writeMethodology() {
        let m = d.methodology
        let r = d.redaction
        paragraph("## Methodology")
        for note in m.notes { paragraph(MarkdownText.block(note)) }
        for (title, header, grades) in [("Source reliability", "Grade", m.reliabilityScale), ("Information credibility", "Grade", m.credibilityScale), ("Review statuses", "Status", m.reviewStatuses)] {
            paragraph("### " + title)
            if grades.isEmpty { paragraph("*Not given.*"); continue }
            table([header, "Meaning"], grades.map { [c($0.grade), c($0.label)] })
        }
        paragraph("### Redaction")
        paragraph("Profile **" + t(r.profile) + "**; protected identities " + (r.includeProtected ? "included" : "withheld") + ".")
        if !r.rules.isEmpty {
            for rule in r.rules { line("- " + t(rule)) }
            line()
        }
        table(["Withheld in this dossier", "Count"], [
            ["Sources withheld", String(r.withheldSources)],
            ["Exhibits withheld", String(r.withheldExhibits)],
            ["Places coarsened", String(r.coarsenedPlaces)],
            ["Fields withheld", String(r.withheldFields)],
        ], alignRight: [1])
    }
}
