import Foundation
import Testing
@testable import Dossier

@Suite struct DossierJSONTests {
    @Test func emptyDocumentRoundTrips() throws {
        let document = DossierDocument(
            title: "T", scope: .init(subjects: [], criteria: [], kinds: [], statuses: [], language: "en"),
            builtFrom: .init(origin: "o", checkpointSize: 1, checkpointRoot: "AA==", checkpointSignedAt: "2026-01-01T00:00:00.000000Z", verifierKey: "k"),
            redaction: .init(profile: "public", includeProtected: false, rules: [], withheldSources: 0, withheldExhibits: 0, coarsenedPlaces: 0, withheldFields: 0),
            summary: .init(items: 0, elements: 0, elementsWithGaps: 0, byKind: [], byStatus: [], byRelation: [], byMonth: [], undated: 0),
            criteria: [], items: [], sources: [], actors: [], places: [], exhibits: [],
            methodology: .init(reliabilityScale: [], credibilityScale: [], reviewStatuses: [], notes: []))
        let data = try DossierJSON.encode(document)
        #expect(try DossierJSON.decode(data) == document)
        #expect(try DossierJSON.encode(DossierJSON.decode(data)) == data)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"checkpoint_signed_at\""))
    }
}
