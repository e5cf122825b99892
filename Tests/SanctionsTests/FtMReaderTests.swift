import LedgerModel
import Sanctions
import Testing

@Suite("Reading FollowTheMoney JSON lines (no database)")
struct FtMReaderTests {
    static let sanctionBefore = #"{"id": "gb-fcdo-sanction-1", "schema": "Sanction", "properties": {"entity": ["NK-example-refinery"], "authority": ["Foreign, Commonwealth and Development Office"], "program": ["The Russia (Sanctions) (EU Exit) Regulations 2019"], "programId": ["GB-RUS"], "reason": ["Example reason"], "status": ["Active"], "startDate": ["2022-03-24"], "country": ["gb"], "authorityId": ["RUS0001"], "sourceUrl": ["https://example.org/list"]}, "datasets": ["gb_fcdo_sanctions"], "target": false}"#
    static let company = #"{"id": "NK-example-refinery", "schema": "Company", "caption": "Example Refinery OJSC", "properties": {"name": ["Example Refinery OJSC", "ОАО Пример НПЗ"], "alias": ["EXAMPLE REFINERY"], "previousName": ["Example Works"], "country": ["by"], "jurisdiction": ["by"], "registrationNumber": ["190000000"], "innCode": ["7700000000"], "kppCode": ["770001001"], "address": ["Novopolotsk"], "programId": ["GB-RUS", "EU-BY"], "phone": ["+375 17 000 00 00"], "email": ["info@example.by"]}, "datasets": ["gb_fcdo_sanctions", "eu_fsf"], "first_seen": "2022-03-24T12:00:00", "last_seen": "2025-01-10T06:00:00", "last_change": "2024-05-01T00:00:00", "target": true}"#
    static let sanctionAfter = #"{"id": "eu-fsf-sanction-2", "schema": "Sanction", "properties": {"entity": ["NK-example-refinery"], "program": ["EU Belarus"], "listingDate": ["2021-06-24"], "endDate": ["2030-02-28T00:00:00"], "country": ["eu"], "unscId": ["XX.1"]}, "datasets": ["eu_fsf"]}"#
    static let ownership = #"{"id": "own-1", "schema": "Ownership", "properties": {"owner": ["NK-x"], "asset": ["NK-example-refinery"]}}"#
    static let address = #"{"id": "addr-1", "schema": "Address", "caption": "Novopolotsk", "properties": {"full": ["Novopolotsk"]}}"#

    func read(_ lines: [String], batchSize: Int = 5000) throws -> (batches: [SanctionsBatch], counts: (skipped: [String: Int], lines: Int)) {
        let file = try TemporaryFile(lines.joined(separator: "\n") + "\n", name: "entities.ftm.json")
        defer { file.remove() }
        var batches: [SanctionsBatch] = []
        let counts = try FtMReader.read(path: file.path, batchSize: batchSize) { batches.append($0) }
        return (batches, counts)
    }

    func issues(_ lines: [String], batchSize: Int = 5000) -> [ImportIssue] {
        do {
            _ = try read(lines, batchSize: batchSize)
            return []
        } catch let failure as ImportFailure {
            return failure.issues
        } catch {
            Issue.record("not an ImportFailure: \(error)")
            return []
        }
    }

    @Test func aCompanyWithSanctionsBeforeAndAfterIt() throws {
        let (batches, counts) = try read([Self.sanctionBefore, Self.ownership, Self.company, "", Self.sanctionAfter, Self.ownership.replacingOccurrences(of: "own-1", with: "own-2")])
        #expect(counts.lines == 6)
        #expect(counts.skipped == ["Ownership": 2])
        let targets = batches.flatMap(\.targets)
        #expect(targets.count == 1)
        let company = try #require(targets.first)
        #expect(company.line == 3)
        #expect(company.id == "NK-example-refinery")
        #expect(company.schema == "Company")
        #expect(company.name == "Example Refinery OJSC")
        #expect(company.aliases == ["ОАО Пример НПЗ", "EXAMPLE REFINERY", "Example Works"])
        #expect(company.countries == ["by"])
        #expect(company.identifiers == ["190000000", "7700000000"])
        #expect(company.addresses == ["Novopolotsk"])
        #expect(company.programIDs == ["GB-RUS", "EU-BY"])
        #expect(company.phones == ["+375 17 000 00 00"])
        #expect(company.emails == ["info@example.by"])
        #expect(company.datasets == ["gb_fcdo_sanctions", "eu_fsf"])
        #expect(company.firstSeen == "2022-03-24T12:00:00")
        #expect(company.lastChange == "2024-05-01T00:00:00")
        #expect(company.isTarget)

        let designations = batches.flatMap(\.designations)
        #expect(designations.map(\.key) == ["gb-fcdo-sanction-1", "eu-fsf-sanction-2"])
        let uk = designations[0]
        #expect(uk.line == 1)
        #expect(uk.targetID == "NK-example-refinery")
        #expect(uk.jurisdiction == "UK")
        #expect(uk.authority == "Foreign, Commonwealth and Development Office")
        #expect(uk.programme == "The Russia (Sanctions) (EU Exit) Regulations 2019")
        #expect(uk.programID == "GB-RUS")
        #expect(uk.reason == "Example reason")
        #expect(uk.status == "Active")
        #expect(uk.listedOn?.text == "2022-03-24")
        #expect(uk.delistedOn == nil)
        #expect(uk.reference == "RUS0001")
        #expect(uk.sourceURL == "https://example.org/list")
        #expect(uk.text == "The Russia (Sanctions) (EU Exit) Regulations 2019 - Example reason - Active - 2022-03-24")
        let eu = designations[1]
        #expect(eu.line == 5)
        #expect(eu.jurisdiction == "EU")
        #expect(eu.listedOn?.text == "2021-06-24")
        #expect(eu.delistedOn?.text == "2030-02-28")
        #expect(eu.reference == "XX.1")
        #expect(eu.text == "EU Belarus - 2030-02-28T00:00:00")
    }

    @Test func aDesignationIsNeverHandedOverBeforeItsTarget() throws {
        let (batches, _) = try read([Self.sanctionBefore, Self.ownership, Self.address, Self.company, Self.sanctionAfter], batchSize: 2)
        var targets: Set<String> = []
        for batch in batches {
            targets.formUnion(batch.targets.map(\.id))
            #expect(batch.designations.allSatisfy { targets.contains($0.targetID) })
        }
        #expect(batches.flatMap(\.designations).count == 2)
        #expect(batches.flatMap(\.targets).map(\.schema) == ["Company"])
    }

    @Test func anUnknownSchemaIsRefused() {
        let found = issues([Self.company, #"{"id": "x-1", "schema": "Spaceship", "properties": {}}"#])
        #expect(found.count == 1)
        #expect(found.first?.location.line == 2)
        #expect(found.first?.field == "schema")
        #expect(found.first?.value == "Spaceship")
        #expect(found.first?.expected.hasPrefix("a FollowTheMoney schema") == true)
    }

    @Test func aDanglingSanctionIsRefusedAtItsLine() {
        let found = issues([Self.company, Self.sanctionAfter.replacingOccurrences(of: "NK-example-refinery", with: "NK-elsewhere"), Self.ownership])
        #expect(found.count == 1)
        #expect(found.first?.location.line == 2)
        #expect(found.first?.field == "properties.entity")
        #expect(found.first?.value == "NK-elsewhere")
        #expect(found.first?.expected == "the id of an entity in the file (no line has it)")
    }

    @Test func aSanctionMustListATarget() {
        // The entity is known before the Sanction, and after it.
        var found = issues([Self.ownership, Self.sanctionAfter.replacingOccurrences(of: "NK-example-refinery", with: "own-1")])
        #expect(found.first?.location.line == 2)
        #expect(found.first?.field == "properties.entity")
        #expect(found.first?.value == "own-1")
        #expect(found.first?.expected.hasSuffix(": the entity on line 1 is of schema Ownership") == true)
        found = issues([Self.sanctionAfter.replacingOccurrences(of: "NK-example-refinery", with: "own-1"), Self.company, Self.ownership])
        #expect(found.count == 1)
        #expect(found.first?.location.line == 1)
        #expect(found.first?.expected.hasSuffix(": the entity on line 3 is of schema Ownership") == true)
        found = issues([#"{"id": "s-1", "schema": "Sanction", "properties": {"program": ["P"]}}"#])
        #expect(found.first?.location.line == 1)
        #expect(found.first?.field == "properties.entity")
        #expect(found.first?.value == nil)
        #expect(found.first?.expected == "the id of the sanctioned entity")
    }

    @Test func linesThatAreNotEntities() {
        let found = issues([
            "not json",
            "[1, 2]",
            #"{"schema": "Company", "properties": {"name": ["A"]}}"#,
            #"{"id": "NK-1", "properties": {"name": ["A"]}}"#,
            #"{"id": "NK-2", "schema": "Company"}"#,
            #"{"id": "NK-3", "schema": "Company", "properties": {"name": "A"}}"#,
            #"{"id": "NK-4", "schema": "Company", "properties": {"name": ["A", 5]}}"#,
            #"{"id": 42, "schema": "Company", "properties": {"name": ["A"]}}"#,
            #"{"id": "NK 5", "schema": "Company", "properties": {"name": ["A"]}}"#,
        ])
        #expect(found.map(\.location.line) == [1, 2, 3, 4, 5, 6, 7, 8, 9])
        #expect(found.map(\.field) == ["(line)", "(line)", "id", "schema", "properties", "properties.name", "properties.name", "id", "id"])
        #expect(found[0].expected == "a JSON object (this line is not JSON)")
        #expect(found[1].expected == "a JSON object, one entity a line")
        #expect(found[2].value == nil)
        #expect(found[4].value == nil)
        #expect(found[5].value == "A")
        #expect(found[5].expected == "an array of strings")
        #expect(found[6].value == #"["A",5]"#)
        #expect(found[7].value == "42")
        #expect(found[8].expected == EntityID.expected)
    }

    @Test func malformedDates() {
        let found = issues([
            Self.company.replacingOccurrences(of: "2022-03-24T12:00:00", with: "2022-03-32T12:00:00"),
            Self.sanctionAfter.replacingOccurrences(of: "2021-06-24", with: "24.06.2021"),
            #"{"id": "Q1", "schema": "Person", "properties": {"name": ["A B"], "birthDate": ["1954-02-30"]}}"#,
        ])
        #expect(found.map(\.location.line) == [1, 2, 3])
        #expect(found.map(\.field) == ["first_seen", "properties.listingDate", "properties.birthDate"])
        #expect(found.map(\.value) == ["2022-03-32T12:00:00", "24.06.2021", "1954-02-30"])
        #expect(found[0].expected == "a date-time YYYY-MM-DDTHH:MM:SS or a date YYYY-MM-DD")
        #expect(found[1].expected == "a date YYYY, YYYY-MM or YYYY-MM-DD")
    }

    @Test func aDuplicateEntityIdNamesTheEarlierLine() {
        let found = issues([Self.company, Self.ownership, Self.company])
        #expect(found.count == 1)
        #expect(found.first?.location.line == 3)
        #expect(found.first?.field == "id")
        #expect(found.first?.value == "NK-example-refinery")
        #expect(found.first?.expected == "an id not used before in the file (line 1 has it)")
    }

    @Test func aPersonWithoutNameTakesItsCaption() throws {
        let (batches, _) = try read([#"{"id": "Q2", "schema": "Person", "caption": "Example Person", "properties": {"birthDate": ["1954-08-30", "1954"], "nationality": ["by"], "citizenship": ["by", "ru"], "passportNumber": ["MP0000000"], "weakAlias": ["Ex"]}, "target": false}"#])
        let person = try #require(batches.first?.targets.first)
        #expect(person.name == "Example Person")
        #expect(person.aliases == ["Ex"])
        #expect(person.birthDates == ["1954-08-30", "1954"])
        #expect(person.countries == ["by", "ru"])
        #expect(person.identifiers == ["MP0000000"])
        #expect(!person.isTarget)
        let found = issues([#"{"id": "Q3", "schema": "Person", "properties": {}}"#])
        #expect(found.first?.field == "properties.name")
        #expect(found.first?.value == nil)
    }

    @Test func issuesAreCappedPerBatch() {
        let found = issues((1...150).map { _ in "not json" })
        #expect(found.count == FtMReader.maxIssues)
        #expect(found.last?.location.line == 100)
    }
}
