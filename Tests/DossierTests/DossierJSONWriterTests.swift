import Foundation
import Testing
@testable import Dossier

/// The hand-written JSON of items and evidence gives exactly the bytes the encoder gives, for values with every
/// optional present or absent, empty and full arrays, and text with quotes, backslashes, slashes, control
/// characters, non-ASCII letters and line separators. No database.
@Suite struct DossierJSONWriterTests {
    /// A small deterministic generator (the same cases on every run).
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        mutating func pick<T>(_ values: [T]) -> T { values[Int(next() % UInt64(values.count))] }
        mutating func text() -> String {
            let pieces = ["a", "Z", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{00}", "\u{01}", "\u{1F}", "\u{7F}",
                          "Мозырь", "Mazyr", "ł", "€", "\u{2028}", "\u{2029}", "😀", "e\u{301}", "<b>", "&", "'", "{", "]", ":", ","]
            return (0..<Int(next() % 6)).map { _ in pick(pieces) }.joined()
        }
        mutating func maybe() -> String? { next() % 2 == 0 ? nil : text() }
        mutating func count() -> Int { Int(next() % 3) }
    }

    static func items(_ n: Int) -> [DossierDocument.Item] {
        var g = Generator(state: 20220224)
        return (0..<n).map { _ in
            DossierDocument.Item(
                id: g.text(), version: g.pick([0, 1, 7, Int.max, -3]), kind: g.text(), kindLabel: g.text(), title: g.text(),
                description: g.maybe(),
                occurred: g.next() % 3 == 0 ? nil : .init(from: g.text(), to: g.text(), precision: g.text(), display: g.text()),
                place: g.maybe(), actingState: g.maybe(), territorialState: g.maybe(),
                actors: (0..<g.count()).map { _ in .init(actor: g.text(), role: g.text()) },
                attributes: (0..<g.count()).map { _ in .init(name: g.text(), value: g.text()) },
                claimStatus: g.maybe(), status: g.text(), reviewer: g.maybe(), reviewNote: g.maybe(),
                sources: (0..<g.count()).map { _ in .init(source: g.text(), locator: g.maybe(), quote: g.maybe()) },
                withheldSources: g.pick([0, 2, 1_000_000]),
                exhibits: (0..<g.count()).map { _ in .init(exhibit: g.text(), note: g.maybe()) },
                withheldExhibits: g.pick([0, 5]), origins: (0..<g.count()).map { _ in g.text() },
                recordedAt: g.text(), recordedBy: g.text(), changeReason: g.maybe(), entry: g.pick([0, 42, UInt64.max]))
        }
    }

    @Test func itemsAreTheEncodersBytes() throws {
        let encoder = DossierJSON.encoder()
        for (n, item) in Self.items(400).enumerated() {
            let indent = [0, 2, 4, 6][n % 4]
            var writer = DossierJSONWriter()
            writer.item(item, indent: indent)
            let expected = try DossierJSON.fragment(item, encoder: encoder, indent: indent)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == expected)
            #expect(writer.bytes == Array(expected.utf8))
        }
    }

    @Test func evidenceIsTheEncodersBytes() throws {
        let encoder = DossierJSON.encoder()
        var g = Generator(state: 7)
        for n in 0..<400 {
            let evidence = DossierDocument.Evidence(
                link: g.text(), item: g.text(), relation: g.text(), credibility: g.text(), reliability: g.maybe(), grade: g.text(),
                argument: g.text(), assertedBy: g.text(), linkVersion: g.pick([1, 0, Int.min, 12]))
            let indent = [0, 10, 12][n % 3]
            var writer = DossierJSONWriter()
            writer.evidence(evidence, indent: indent)
            #expect(writer.bytes == Array(try DossierJSON.fragment(evidence, encoder: encoder, indent: indent).utf8))
        }
    }
}
