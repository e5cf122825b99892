import Testing
@testable import Dossier

/// The record a streamed build keeps of each shown item gives back the item and its evidence as they were, and
/// refuses bytes that are cut short. No database.
@Suite struct ShownItemRecordTests {
    static func full() -> ShownItemRecord {
        let item = DossierDocument.Item(
            id: "item-мозырь-1", version: 3, kind: "fuel-supply", kindLabel: "Fuel supply", title: "Title \"quoted\" \u{0}",
            description: "", occurred: DossierDocument.Occurred(from: "2022-02-24T00:00:00.000000Z", to: "2022-02-25T00:00:00.000000Z",
                                                                 precision: "day", display: "2022-02-24"),
            place: "place-mozyr", actingState: "actor-by", territorialState: nil,
            actors: [DossierDocument.ItemActor(actor: "actor-a", role: "operator"), DossierDocument.ItemActor(actor: "actor-b", role: "reported-by")],
            attributes: [DossierDocument.Attribute(name: "railway", value: "actor-bch")], claimStatus: "alleged", status: "verified",
            reviewer: "rev", reviewNote: nil,
            sources: [DossierDocument.ItemSource(source: "src-1", locator: "p. 3", quote: nil), DossierDocument.ItemSource(source: "src-2", locator: nil, quote: "q")],
            withheldSources: 1, exhibits: [DossierDocument.ItemExhibit(exhibit: "exh-1", note: nil)], withheldExhibits: 2,
            origins: ["Monitor", "Agency"], recordedAt: "2026-01-01T00:00:00.000000Z", recordedBy: "researcher", changeReason: "typo",
            entry: UInt64.max)
        let evidence = DossierDocument.Evidence(link: "link-1", item: "item-мозырь-1", relation: "supports", credibility: "2", reliability: nil,
                                                grade: "–2", argument: "", assertedBy: "a", linkVersion: 1)
        var other = evidence
        other.link = "link-2"
        other.relation = "contradicts"
        other.reliability = "B"
        return ShownItemRecord(item: item, withheldSourceIDs: ["uuid-w"], actorOriginated: false,
                               entries: [.init(position: 0, evidence: evidence), .init(position: 2, evidence: other)])
    }

    @Test func aRecordComesBackAsItWasKept() throws {
        var bytes: [UInt8] = []
        let record = Self.full()
        record.encode(into: &bytes)
        #expect(try ShownItemRecord(decoding: bytes) == record)
        var bare = record
        bare.item.occurred = nil
        bare.item.description = nil
        bare.item.actors = []
        bare.withheldSourceIDs = []
        bare.actorOriginated = true
        bare.entries = []
        bytes = []
        bare.encode(into: &bytes)
        #expect(try ShownItemRecord(decoding: bytes) == bare)
        // Cut short, or with bytes left over: refused.
        var full: [UInt8] = []
        record.encode(into: &full)
        for cut in [0, 1, 8, full.count / 2, full.count - 1] {
            #expect(throws: DossierProblem.self) { _ = try ShownItemRecord(decoding: Array(full.prefix(cut))) }
        }
        #expect(throws: DossierProblem.self) { _ = try ShownItemRecord(decoding: full + [0]) }
    }

    @Test func withheldSourcesAreNumberedWhenTheItemIsShown() {
        let record = Self.full()
        #expect(record.item(withheldNumbers: ["uuid-w": 4]).origins == ["Agency", "Monitor", "withheld source 4"])
        var byActor = record
        byActor.actorOriginated = true
        #expect(byActor.item(withheldNumbers: ["uuid-w": 4]).origins == ["Agency", "Monitor"])
    }
}
