import Foundation
import Testing
@testable import Dossier

@Suite struct HTMLRendererTests {
    let html = HTMLRenderer.render(SampleDossier.document())

    /// The values of every `name="…"` attribute in `html`.
    static func attributeValues(_ name: String, in html: String) -> [String] {
        var values: [String] = []
        var rest = Substring(html)
        let marker = " " + name + "=\""
        while let start = rest.range(of: marker) {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            values.append(String(rest[..<end]))
            rest = rest[end...]
        }
        return values
    }

    @Test func isOneHTML5DocumentWithCharsetViewportAndLanguage() {
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        #expect(html.contains("<style>"))
        #expect(html.hasSuffix("</html>\n"))
        for tag in ["section", "article", "table", "svg", "dl", "ul", "ol", "figure", "blockquote", "div"] {
            let opened = html.components(separatedBy: "<" + tag + " ").count + html.components(separatedBy: "<" + tag + ">").count - 2
            let closed = html.components(separatedBy: "</" + tag + ">").count - 1
            #expect(opened == closed, "<\(tag)> opened \(opened) times, closed \(closed) times")
        }
    }

    @Test func hasNoScriptAndNoExternalResources() {
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.lowercased().contains("<img"))
        #expect(!html.lowercased().contains("<link"))
        #expect(!html.lowercased().contains("@import"))
        #expect(!html.lowercased().contains("javascript:alert(3)\""))
        #expect(Self.attributeValues("src", in: html).isEmpty)
        // Only in-page anchors, exhibit files, and the http(s) URLs of the item sources are links.
        let sourceURLs = Set(SampleDossier.document().sources.compactMap(\.url).filter { $0.hasPrefix("http") }.map(HTMLText.escape))
        for href in Self.attributeValues("href", in: html) {
            let allowed = href.hasPrefix("#") || href.hasPrefix("exhibits/") || sourceURLs.contains(href)
            #expect(allowed, "unexpected link \(href)")
        }
        #expect(html.contains("<a href=\"https://t.me/Hajun_BY/1432\" rel=\"noreferrer\">"))
        #expect(html.contains("<a href=\"http://news.example.com/a?b=1&amp;c=2\" rel=\"noreferrer\">"))
        // Every external link has rel="noreferrer".
        #expect(html.components(separatedBy: "href=\"http").count == html.components(separatedBy: "\" rel=\"noreferrer\"").count)
    }

    @Test func escapesUntrustedText() {
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;Quoted&quot; &amp; &#39;single&#39; | # not a heading"))
        #expect(html.contains("<title>Belarus and the use of its territory, 2022</title>"))
        #expect(html.contains("&lt;img src=x onerror=alert(2)&gt;"))
        #expect(html.contains("&lt;b&gt;bold&lt;/b&gt;"))
        #expect(html.contains("O&#39;Brien &amp; Sons"))
        #expect(html.contains("<span class=\"url\">javascript:alert(3)</span>"))
        #expect(!html.contains("onerror=alert(2)>"))
    }

    @Test func escapeCoversAttributesAndControlCharacters() {
        #expect(HTMLText.escape("a\"b'c<d>e&f") == "a&quot;b&#39;c&lt;d&gt;e&amp;f")
        #expect(HTMLText.escape("x\u{0}y\u{7}z") == "x\u{FFFD}y\u{FFFD}z")
        #expect(HTMLText.isWebURL("https://example.org/x"))
        #expect(HTMLText.isWebURL("HTTP://EXAMPLE.ORG"))
        #expect(!HTMLText.isWebURL("javascript:alert(1)"))
        #expect(!HTMLText.isWebURL("https://exa mple.org"))
        #expect(!HTMLText.isWebURL("//example.org"))
        #expect(!HTMLText.isWebURL("data:text/html,<b>"))
        #expect(HTMLText.languageTag("be-Latn") == "be-Latn")
        #expect(HTMLText.languageTag("en\" onload=\"x") == nil)
    }

    @Test func containsTheChartTheMapAndTheirTextFallbacks() {
        #expect(html.contains("<svg class=\"chart\""))
        #expect(html.contains("Items per month (the chart’s figures)"))
        #expect(html.contains("<th scope=\"row\">April 2022</th>"), "months without items are on the time axis")
        #expect(html.contains("<svg class=\"map\""))
        #expect(html.contains(">Mazyr</text>"))
        #expect(html.contains(">Rail siding (location protected) (approx.)</text>"))
        #expect(html.contains("stroke-dasharray=\"3 2\""))
        #expect(html.contains("Natural Earth"))
        #expect(html.contains("public domain"))
        #expect(!html.contains(">Gomel region</text>"), "a place without coordinates is not drawn")
    }

    @Test func placesOutsideTheOutlinesAreListedNotDrawn() {
        var document = SampleDossier.document()
        document.places.append(.init(id: "place-far", kind: "other", name: "Far east", names: [], state: nil,
                                     latitude: "43.1", longitude: "131.9", coarsened: false))
        let html = HTMLRenderer.render(document)
        #expect(!html.contains(">Far east</text>"))
        #expect(html.contains("1 place outside the frame of the outlines"))
        #expect(html.contains("Far east</a></td><td>43.1</td><td>131.9</td><td>as recorded <span class=\"muted\">(outside the map)</span>"))
        let map = OverviewMapSVG(places: document.places)
        #expect(map.east <= 48 && map.west >= 12 && map.south >= 42 && map.north <= 62)
        for point in map.points {
            #expect((0...map.width).contains(map.x(point.longitude)) && (0...map.height).contains(map.y(point.latitude)))
        }
    }

    @Test func showsEveryRelationGapsAndTextStatus() {
        #expect(html.contains("<article class=\"evidence rel-contradicts\">"))
        #expect(html.contains("<article class=\"evidence rel-qualifies\">"))
        #expect(html.contains("<article class=\"evidence rel-supports\">"))
        #expect(html.contains("Contrary evidence <span class=\"count\">(1)</span>"))
        #expect(html.contains("No contrary evidence is recorded for this element."))
        #expect(html.contains("<div class=\"gaps\" role=\"note\">"))
        #expect(html.contains("An official denial contradicts this element."))
        #expect(html.contains("Nothing beyond one origin | pipe &amp; &lt;tag&gt;."))
        #expect(html.contains("badge-warn\">⚠ Text status: standard text, not yet compared with the official document"))
        #expect(html.contains("2 sources withheld by the redaction profile."))
        #expect(html.contains("1 source withheld by the redaction profile."))
        #expect(html.contains("<a href=\"exhibits/\(SampleDossier.sha1)\" class=\"exhibit-file\">launch-mazyr.mp4</a>"))
        #expect(html.contains("<blockquote class=\"quote\"><p>Пуск ракет из-под Мозыря.<br>\nSecond line of the quote.</p></blockquote>"))
        #expect(html.contains("<span lang=\"be\">Беларусь</span>"))
    }

    @Test func everyInPageLinkHasItsAnchor() {
        let ids = Set(Self.attributeValues("id", in: html))
        for href in Self.attributeValues("href", in: html) where href.hasPrefix("#") {
            #expect(ids.contains(String(href.dropFirst())), "no id for \(href)")
        }
        #expect(ids.count == Self.attributeValues("id", in: html).count, "ids are unique")
        #expect(ids.contains("item-item-0002"))
        #expect(ids.contains("criterion-unga-3314-3-f"))
        #expect(ids.contains("element-unga-3314-3-f-1"))
        // The pseudo-element has the provision's code: its anchor does not clash with the criterion's.
        #expect(ids.contains("element-unga-3314-3-b"))
    }

    @Test func printsOnA4() {
        #expect(html.contains("@page { size: A4;"))
        #expect(html.contains("@media print"))
        #expect(html.contains(".evidence, .gaps"))
        #expect(html.contains("a[href^=\"https://\"]::after"))
    }

    @Test func isDeterministic() throws {
        let document = SampleDossier.document()
        #expect(HTMLRenderer.render(document) == html)
        let roundTripped = try DossierJSON.decode(DossierJSON.encode(document))
        #expect(HTMLRenderer.render(roundTripped) == html)
    }

    @Test func rendersAnEmptyDossier() {
        let empty = HTMLRenderer.render(MarkdownRendererTests.emptyDocument())
        #expect(empty.contains("No place in this dossier has coordinates."))
        #expect(empty.contains("No item is dated to the month."))
        #expect(!empty.contains("<svg"))
    }

    /// `EVIDENCE_LEDGER_SAMPLE_DOSSIER=DIR swift test --filter DossierTests` writes the sample's HTML, Markdown and
    /// JSON to DIR, to look at them.
    @Test func writesTheSampleWhenAsked() throws {
        guard let folder = ProcessInfo.processInfo.environment["EVIDENCE_LEDGER_SAMPLE_DOSSIER"], !folder.isEmpty else { return }
        let document = SampleDossier.document()
        try html.write(toFile: folder + "/dossier-sample.html", atomically: true, encoding: .utf8)
        try MarkdownRenderer.render(document).write(toFile: folder + "/dossier-sample.md", atomically: true, encoding: .utf8)
        try DossierJSON.encode(document).write(to: URL(fileURLWithPath: folder + "/dossier-sample.json"))
    }
}
