import Foundation
import Sanctions
import Testing

@Suite("The sanctions gap report (no database)")
struct GapReportTests {
    static func implication(_ actor: String, kind: String = "company", reliability: String? = "B", credibility: String = "2",
                            item: String = "item-1") -> GapReport.Implication {
        GapReport.Implication(actor: actor, name: actor.replacingOccurrences(of: "actor-", with: "").capitalized, kind: kind, item: item,
                              involvement: "operator", criterion: "ILC-ARSIWA/16.1", reliability: reliability, credibility: credibility,
                              itemStatus: "submitted")
    }

    static func report(_ implications: [GapReport.Implication], _ listings: [GapReport.Listing], asOf: String = "2025-01-01",
                       minimumGrade: String? = nil) -> GapReport {
        GapReport.build(implications: implications, listings: listings, basis: [], handEnteredDesignations: 0,
                        jurisdictions: ["EU", "US", "CA"], asOf: asOf, minimumGrade: minimumGrade)
    }

    static func cell(_ report: GapReport, _ actor: String, _ code: String) -> GapReport.Cell? {
        report.actors.first { $0.actor == actor }?.jurisdictions.first { $0.jurisdiction == code }
    }

    @Test func statusesPerJurisdiction() {
        let listings = [
            GapReport.Listing(actor: "actor-a", designation: "d1", jurisdiction: "CA", listedOn: "2022-11-01", listedPrecision: "month"),
            GapReport.Listing(actor: "actor-a", designation: "d2", jurisdiction: "US", listedOn: "2014-03-20", listedPrecision: "day",
                              delistedOn: "2020-01-01", delistedPrecision: "day"),
        ]
        let report = Self.report([Self.implication("actor-a")], listings)
        #expect(Self.cell(report, "actor-a", "CA")?.status == .designated)
        #expect(Self.cell(report, "actor-a", "CA")?.text == "designated since 2022-11")
        #expect(Self.cell(report, "actor-a", "US")?.status == .delisted)
        #expect(Self.cell(report, "actor-a", "US")?.text == "delisted 2020-01-01")
        #expect(Self.cell(report, "actor-a", "EU")?.status == GapReport.Status.none)
        #expect(Self.cell(report, "actor-a", "EU")?.text == "no designation in the loaded data")
    }

    @Test func asOfBeforeListingAndAfterTheDataDroppedIt() {
        let listings = [
            GapReport.Listing(actor: "actor-a", designation: "d1", jurisdiction: "CA", listedOn: "2022-11-01", listedPrecision: "month"),
            GapReport.Listing(actor: "actor-a", designation: "d3", jurisdiction: "EU", inData: false, goneSince: "2024-06-01"),
        ]
        let before = Self.report([Self.implication("actor-a")], listings, asOf: "2022-10-31")
        #expect(Self.cell(before, "actor-a", "CA")?.status == GapReport.Status.none)
        #expect(Self.cell(before, "actor-a", "CA")?.text == "no designation in the loaded data as of 2022-10-31 (listed later: 2022-11)")
        // Before the import that no longer had it, the undated EU listing was in the data.
        #expect(Self.cell(before, "actor-a", "EU")?.text == "designated (listing date not in the data)")
        let after = Self.report([Self.implication("actor-a")], listings, asOf: "2024-07-01")
        #expect(Self.cell(after, "actor-a", "EU")?.status == .delisted)
        #expect(Self.cell(after, "actor-a", "EU")?.text == "no longer in the data from the import of 2024-06-01")
    }

    @Test func gradeFilterBestGradeAndStates() {
        let implications = [
            Self.implication("actor-weak", reliability: "D", credibility: "4"),
            Self.implication("actor-strong", reliability: "A", credibility: "2"),
            Self.implication("actor-strong", reliability: "C", credibility: "1", item: "item-2"),
            Self.implication("actor-unsourced", reliability: nil, credibility: "1"),
            Self.implication("actor-belarus", kind: "state"),
        ]
        let all = Self.report(implications, [])
        #expect(all.actors.map(\.actor) == ["actor-strong", "actor-weak", "actor-unsourced"])
        #expect(all.actors.first?.bestGrade == "A2")
        #expect(all.actors.first?.items == ["item-1", "item-2"])
        #expect(all.actors.last?.bestGrade == "F1")
        #expect(all.statesLeftOut == ["actor-belarus"])
        let strict = Self.report(implications, [], minimumGrade: "b2")
        #expect(strict.actors.map(\.actor) == ["actor-strong"])
        #expect(strict.minimumGrade == "B2")
        #expect(GapReport.parseGrade("B7") == nil)
        #expect(GapReport.parseGrade("G1") == nil)
    }

    @Test func everyFormIsDeterministicAndCarriesTheCaveat() {
        let listings = [GapReport.Listing(actor: "actor-a", designation: "d1", jurisdiction: "CA", listedOn: "2022-11-01", listedPrecision: "month")]
        let basis = [GapReport.Basis(dataset: "fixture_ca", format: "opensanctions-csv", fileName: "ca.csv", fileSHA256: String(repeating: "ab", count: 32),
                                     dataAsOf: nil, importedAt: "2026-01-01T00:00:00Z", jurisdiction: "CA")]
        func make() -> GapReport {
            GapReport.build(implications: [Self.implication("actor-a"), Self.implication("actor-b, \"quoted\" <x>")], listings: listings, basis: basis,
                            handEnteredDesignations: 1, jurisdictions: ["EU", "CA"], asOf: "2025-01-01", minimumGrade: nil)
        }
        for format in GapReport.Format.allCases {
            let text = make().render(format)
            #expect(text == make().render(format))
            #expect(text.contains("fixture_ca"))
        }
        #expect(make().render(.table).contains("does not mean the actor is not sanctioned"))
        #expect(make().render(.md).contains("&lt;x>"))
        #expect(make().render(.csv).contains("\"actor-b, \"\"quoted\"\" <x>\""))
        let object = try? JSONSerialization.jsonObject(with: Data(make().render(.json).utf8)) as? [String: Any]
        #expect(object?["as_of"] as? String == "2025-01-01")
        #expect((object?["basis"] as? [[String: Any]])?.first?["file_sha256"] as? String == String(repeating: "ab", count: 32))
        #expect((object?["actors"] as? [Any])?.count == 2)
    }
}
