import Foundation
import LedgerModel
import Testing
@testable import Dossier

/// The builder over real records: those of the demo's Belarus dossier (the fixture set at its first checkpoint),
/// kept in Fixtures/ as a bundle carries them. No database.
@Suite struct DossierBuilderTests {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    static func records() throws -> [LedgerRecord] {
        try DossierBundle.parseRecords(Data(contentsOf: root.appendingPathComponent("Tests/DossierTests/Fixtures/belarus-3314-3f.records.jsonl")))
    }

    static func spec() throws -> DossierSpec {
        let path = root.appendingPathComponent("fixtures/dossiers/belarus-3314-3f.yaml").path
        return try DossierSpec.parse(String(contentsOfFile: path, encoding: .utf8), file: path)
    }

    static let state = DossierDocument.LedgerState(origin: "example.org/test", checkpointSize: 770, checkpointRoot: "AAAA",
                                                   checkpointSignedAt: "2026-11-23T00:54:15.462146Z", verifierKey: "example.org/test+00000000+AQ")

    @Test func theBelarusDossierValidatesAgainstItsSchemaAndIsDeterministic() throws {
        let records = try Self.records()
        let first = try DossierBuilder(spec: Self.spec(), ledger: Self.state).build(records: records)
        let second = try DossierBuilder(spec: Self.spec(), ledger: Self.state).build(records: records.reversed())
        let json = try DossierJSON.encode(first.document)
        #expect(json == (try DossierJSON.encode(second.document)))
        #expect(try validateDossierJSON(json) == [])
        #expect(first.document.items.count == 18)
        #expect(first.document.criteria.map(\.code) == ["UNGA-3314/3(f)"])
        #expect(first.document.criteria[0].elements.map(\.code) == ["UNGA-3314/3(f).1", "UNGA-3314/3(f).2", "UNGA-3314/3(f).3"])
        // Every record the document rests on is one of the input records, unchanged.
        let byEntry = Dictionary(records.map { ($0.entry, $0) }, uniquingKeysWith: { a, _ in a })
        for record in first.records { #expect(byEntry[record.entry] == record) }
        // Rebuilding from only the records it rests on gives the same document (what dossier verify does).
        let again = try DossierBuilder(spec: Self.spec(), ledger: Self.state).build(records: first.records)
        #expect(again.document == first.document)
    }

    @Test func gradeFiltersNeverDropQualifyingOrContraryEvidence() throws {
        let records = try Self.records()
        var strict = try Self.spec()
        strict.minReliability = "A"
        strict.minCredibility = "1"
        let all = try DossierBuilder(spec: Self.spec(), ledger: Self.state).build(records: records).document
        let filtered = try DossierBuilder(spec: strict, ledger: Self.state).build(records: records).document
        func count(_ d: DossierDocument, _ relation: String) -> Int {
            d.criteria.flatMap(\.elements).flatMap(\.evidence).filter { $0.relation == relation }.count
        }
        #expect(count(all, "qualifies") > 0)
        #expect(count(filtered, "qualifies") == count(all, "qualifies"))
        #expect(count(filtered, "contradicts") == count(all, "contradicts"))
        #expect(count(filtered, "supports") < count(all, "supports"))
        for evidence in filtered.criteria.flatMap(\.elements).flatMap(\.evidence) where evidence.relation == "supports" {
            #expect(evidence.grade == "A1")
        }
        // Fewer supporting origins show as gaps.
        #expect(filtered.summary.elementsWithGaps >= all.summary.elementsWithGaps)
    }

    @Test func anUnknownCriterionOrSubjectIsNamed() throws {
        var spec = try Self.spec()
        spec.criteria = ["UNGA-3314/3(z)"]
        spec.subjects = ["actor-nowhere"]
        #expect {
            try DossierBuilder(spec: spec, ledger: Self.state).build(records: try Self.records())
        } throws: { error in
            let text = "\(error)"
            return text.contains("UNGA-3314/3(z)") && text.contains("actor-nowhere")
        }
    }
}
