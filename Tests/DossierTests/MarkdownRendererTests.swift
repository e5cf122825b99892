import Foundation
import Testing
@testable import Dossier

@Suite struct MarkdownRendererTests {
    let markdown = MarkdownRenderer.render(SampleDossier.document())

    static func emptyDocument() -> DossierDocument {
        DossierDocument(
            title: "T", scope: .init(subjects: [], criteria: [], kinds: [], statuses: [], language: "en"),
            builtFrom: .init(origin: "o", checkpointSize: 1, checkpointRoot: "AA==", checkpointSignedAt: "2026-01-01T00:00:00.000000Z", verifierKey: "k"),
            redaction: .init(profile: "public", includeProtected: false, rules: [], withheldSources: 0, withheldExhibits: 0, coarsenedPlaces: 0, withheldFields: 0),
            summary: .init(items: 0, elements: 0, elementsWithGaps: 0, byKind: [], byStatus: [], byRelation: [], byMonth: [], undated: 0),
            criteria: [], items: [], sources: [], actors: [], places: [], exhibits: [],
            methodology: .init(reliabilityScale: [], credibilityScale: [], reviewStatuses: [], notes: []))
    }

    @Test func hasEverySectionInOrder() throws {
        let headings = ["# Belarus and the use of its territory, 2022", "## Scope", "## Summary figures", "### Items per kind",
                        "### Items per review status", "### Evidence links per relation", "### Items per month", "## Criteria",
                        "### UNGA-3314/3(f) — Territory placed at the disposal of another State", "#### Element UNGA-3314/3(f).1",
                        "##### Supporting evidence (2)", "##### Qualifying evidence (1)", "##### Contrary evidence (1)",
                        "### UNGA-3314/3(b)", "## Items", "## Sources", "## Actors", "## Places", "## Exhibits", "## Methodology",
                        "### Source reliability", "### Redaction"]
        let text = "\n" + markdown
        var position = text.startIndex
        for heading in headings {
            let found = try #require(text.range(of: "\n" + heading + "\n", range: position..<text.endIndex), "missing or out of order: \(heading)")
            position = found.upperBound
        }
    }

    @Test func statesTheCheckpointAndTheScope() {
        #expect(markdown.contains("as of the ledger checkpoint signed 2026-03-01"))
        #expect(markdown.contains("| Checkpoint size | 1234 log entries |"))
        #expect(markdown.contains("| Verifier key | `ledger.example.org/evidence+1a2b3c4d+AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=` |"))
        #expect(markdown.contains("- **Subjects:** [Belarus](#actor-actor-blr), actor-missing"))
        #expect(markdown.contains("- **Period:** 2022-01-01 – 2022-12-31"))
        #expect(markdown.contains("| Month | Missile launch | Aircraft sortie | Rail transport | Official statement | Total |"))
        #expect(markdown.contains("| April 2022 | 0 | 0 | 0 | 0 | **0** |"))
    }

    @Test func showsEvidenceGapsAndItems() {
        #expect(markdown.contains("- **Contradicts:** [Statement that no Belarusian territory was used](#item-item-0003) — 2022-03-10 · grade **C5** · Disputed"))
        #expect(markdown.contains("  The Ministry denies any use of the territory. \\<i\\>Denial\\</i\\>"))
        #expect(markdown.contains("> **⚠ Gaps**"))
        #expect(markdown.contains("> - **Single origin** (`single-origin`): Nothing beyond one origin \\| pipe & \\<tag\\>."))
        #expect(markdown.contains("*No contrary evidence is recorded for this element.*"))
        #expect(markdown.contains("**⚠ Text status: standard text, not yet compared with the official document**"))
        #expect(markdown.contains("*2 sources withheld by the redaction profile.*"))
        #expect(markdown.contains("   > Пуск ракет из-под Мозыря.\\\n   > Second line of the quote.\n"))
        #expect(markdown.contains("| URL | <https://t.me/Hajun_BY/1432> |"))
        #expect(markdown.contains("| URL | javascript:alert(3) |"))
        #expect(markdown.contains("Беларусь (be)<br>Belarus (en)<br>Белоруссия (ru)"))
        #expect(markdown.contains("**approximate** (coarsened to 0.1°)"))
    }

    @Test func escapesUntrustedText() {
        // Every "<" is escaped, except the renderer's own anchors, line breaks in table cells and autolinks.
        let scalars = Array(markdown.unicodeScalars)
        for (i, scalar) in scalars.enumerated() where scalar == "<" {
            let after = String(String.UnicodeScalarView(scalars[(i + 1)...].prefix(8)))
            let allowed = (i > 0 && scalars[i - 1] == "\\") || after.hasPrefix("a id=\"") || after.hasPrefix("/a>")
                || after.hasPrefix("br>") || after.hasPrefix("http")
            #expect(allowed, "unescaped < before \(after)")
        }
        #expect(markdown.contains("### \\<script\\>alert(1)\\</script\\> \"Quoted\" & 'single' \\| # not a heading\n"))
        #expect(markdown.contains("\\# Heading-like line\n\\- list-like line\n1\\. numbered-like line\n\\<img src=x onerror=alert(2)\\>"))
        #expect(markdown.contains("| type | 9M723 \\| Iskander-M |"))
        #expect(MarkdownText.inline("*a* _b_ [c](d) `e` ~f~ &amp; & x") == "\\*a\\* \\_b\\_ \\[c\\](d) \\`e\\` \\~f\\~ \\&amp; & x")
        #expect(MarkdownText.inline("  + item") == "\\+ item")
        #expect(MarkdownText.inline("12) x") == "12\\) x")
        #expect(MarkdownText.inline("2022-03-10") == "2022-03-10")
        #expect(MarkdownText.code("a`b") == "``a`b``")
        #expect(MarkdownText.code("a|b", inTable: true) == "`a\\|b`")
        #expect(MarkdownText.url("https://x.example/a b") == "https://x.example/a b")
        #expect(MarkdownText.block("a\nb\n\nc\\", prefix: "> ", verbatim: true) == "> a\\\n> b\n>\n> c\\\\")
        #expect(MarkdownText.block("a\nb\n\nc") == "a\nb\n\nc")
    }

    @Test func everyTableRowHasTheHeadersNumberOfCells() {
        func cells(_ line: Substring) -> Int {
            var count = 0, escaped = false
            for c in line {
                if escaped { escaped = false; continue }
                if c == "\\" { escaped = true } else if c == "|" { count += 1 }
            }
            return count
        }
        var expected: Int?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("| ") {
                if expected == nil { expected = cells(line) }
                #expect(cells(line) == expected, "table row with another number of cells: \(line)")
            } else {
                expected = nil
            }
        }
    }

    @Test func everyInPageLinkHasItsAnchor() throws {
        let anchors = Set(markdown.components(separatedBy: "<a id=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) })
        let links = markdown.components(separatedBy: "](#").dropFirst().compactMap { $0.split(separator: ")").first.map(String.init) }
        #expect(!links.isEmpty)
        for link in links { #expect(anchors.contains(link), "no anchor for #\(link)") }
    }

    @Test func isDeterministic() throws {
        let document = SampleDossier.document()
        #expect(MarkdownRenderer.render(document) == markdown)
        #expect(MarkdownRenderer.render(try DossierJSON.decode(DossierJSON.encode(document))) == markdown)
    }

    @Test func rendersAnEmptyDossier() {
        let empty = MarkdownRenderer.render(Self.emptyDocument())
        #expect(empty.contains("*The spec names no criteria.*"))
        #expect(empty.contains("*No item is dated to the month.*"))
    }
}
