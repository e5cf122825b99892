import LedgerModel
import Sanctions
import Testing

@Suite("Reading the OpenSanctions targets.simple.csv export (no database)")
struct TargetsCSVReaderTests {
    static let header = #""id","schema","name","aliases","birth_date","countries","addresses","identifiers","sanctions","phones","emails","program_ids","dataset","first_seen","last_seen","last_change""#

    /// Three targets as the exporter writes them: every field quoted, `;` between values, a value holding `;`
    /// or `"` quoted inside its cell.
    static let threeRows = header + "\n" + #"""
        "NK-example-refinery","Company","Example Refinery OJSC","EXAMPLE REFINERY;Пример НПЗ","","by","""Minsk; Example street 1"";Novopolotsk","190000000;RU-OGRN-1000000000000","Special Economic Measures Regulations - 2022-11-22;UK Russia Regulations - 2022-03-24 - 2024-01-31","+375 17 000 00 00","info@example.by","CA-SEMA-RUS;GB-RUS","Canadian Consolidated Autonomous Sanctions List;UK HMT/OFSI Consolidated List of Targets","2022-03-24T12:00:00","2025-01-10T06:00:00","2024-05-01T00:00:00"
        "Q000000001","Person","Example Person","""Person, """"Ex"""" Example""","1954-08;1954-08-30","by;ru","","","Council Decision 2012/642/CFSP - 2020-11-06;2022-11;Programme A - 2014-03-20;Programme A - 2022-02-28;Programme B","","","EU-BY","EU Financial Sanctions Files (FSF)","2020-11-06T00:00:00","2025-01-10T06:00:00",""
        "NK-example-vessel","Vessel","EXAMPLE STAR","","","","","IMO0000000","","","","","US OFAC Specially Designated Nationals (SDN) List","2023-05-19","2025-01-10",""

        """#

    func read(_ text: String, batchSize: Int = 5000) throws -> (batches: [SanctionsBatch], counts: (rows: Int, skipped: [String: Int])) {
        let file = try TemporaryFile(text, name: "targets.simple.csv")
        defer { file.remove() }
        var batches: [SanctionsBatch] = []
        let counts = try TargetsCSVReader.read(path: file.path, batchSize: batchSize) { batches.append($0) }
        return (batches, counts)
    }

    /// The issues of a file that fails; none when it is read.
    func issues(_ text: String, batchSize: Int = 5000) -> [ImportIssue] {
        do {
            _ = try read(text, batchSize: batchSize)
            return []
        } catch let failure as ImportFailure {
            return failure.issues
        } catch {
            Issue.record("not an ImportFailure: \(error)")
            return []
        }
    }

    /// One row in the exporter's layout, from the cells of the first fixture row with some replaced.
    static func row(_ changes: [String: String] = [:]) -> String {
        var cells: [String: String] = [
            "id": "NK-1", "schema": "Company", "name": "Example Ltd", "aliases": "", "birth_date": "", "countries": "by",
            "addresses": "", "identifiers": "", "sanctions": "Programme - 2022-11-22", "phones": "", "emails": "",
            "program_ids": "", "dataset": "A list", "first_seen": "2022-03-24T12:00:00", "last_seen": "2025-01-10T06:00:00",
            "last_change": "2024-05-01T00:00:00",
        ]
        cells.merge(changes) { $1 }
        return TargetsCSVReader.columns.map { "\"" + cells[$0]!.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",")
    }

    static func file(_ rows: [String]) -> String {
        ([header] + rows).joined(separator: "\n") + "\n"
    }

    @Test func readsThreeTargetsWithTheirDesignations() throws {
        let (batches, counts) = try read(Self.threeRows)
        #expect(batches.count == 1)
        #expect(counts.rows == 3)
        #expect(counts.skipped.isEmpty)
        let targets = batches[0].targets
        #expect(targets.map(\.id) == ["NK-example-refinery", "Q000000001", "NK-example-vessel"])
        #expect(targets.map(\.line) == [2, 3, 4])
        let refinery = targets[0]
        #expect(refinery.schema == "Company")
        #expect(refinery.aliases == ["EXAMPLE REFINERY", "Пример НПЗ"])
        #expect(refinery.addresses == ["Minsk; Example street 1", "Novopolotsk"])
        #expect(refinery.identifiers == ["190000000", "RU-OGRN-1000000000000"])
        #expect(refinery.phones == ["+375 17 000 00 00"])
        #expect(refinery.emails == ["info@example.by"])
        #expect(refinery.programIDs == ["CA-SEMA-RUS", "GB-RUS"])
        #expect(refinery.datasets == ["Canadian Consolidated Autonomous Sanctions List", "UK HMT/OFSI Consolidated List of Targets"])
        #expect(refinery.firstSeen == "2022-03-24T12:00:00")
        #expect(refinery.lastChange == "2024-05-01T00:00:00")
        #expect(refinery.isTarget)
        let person = targets[1]
        #expect(person.aliases == ["Person, \"Ex\" Example"])
        #expect(person.birthDates == ["1954-08", "1954-08-30"])
        #expect(person.countries == ["by", "ru"])
        #expect(person.lastChange == nil)
        #expect(targets[2].lastSeen == "2025-01-10")

        let designations = batches[0].designations
        #expect(designations.count == 7)
        let first = designations[0]
        #expect(first.targetID == "NK-example-refinery")
        #expect(first.line == 2)
        #expect(first.key == "Special Economic Measures Regulations")
        #expect(first.programme == "Special Economic Measures Regulations")
        #expect(first.listedOn == PartialDate.parse("2022-11-22"))
        #expect(first.delistedOn == nil)
        #expect(first.text == "Special Economic Measures Regulations - 2022-11-22")
        #expect(first.jurisdiction == nil && first.reason == nil && first.status == nil)
        let second = designations[1]
        #expect(second.key == "UK Russia Regulations")
        #expect(second.listedOn?.text == "2022-03-24")
        #expect(second.delistedOn?.text == "2024-01-31")
        let ofPerson = designations.filter { $0.targetID == "Q000000001" }
        #expect(ofPerson.map(\.key) == ["Council Decision 2012/642/CFSP", "2022-11", "Programme A", "Programme A - 2022-02-28", "Programme B"])
        #expect(ofPerson[1].programme == nil)
        #expect(ofPerson[1].listedOn == PartialDate(text: "2022-11", precision: .month, firstDay: "2022-11-01"))
        #expect(ofPerson[3].listedOn?.text == "2022-02-28")
        #expect(ofPerson[4].listedOn == nil)
        #expect(ofPerson[4].programme == "Programme B")
    }

    @Test func columnsMayComeInAnyOrder() throws {
        let order = TargetsCSVReader.columns.reversed()
        let row = Self.row().split(separator: ",").reversed().joined(separator: ",")
        let text = order.map { "\"\($0)\"" }.joined(separator: ",") + "\n" + row + "\n"
        let (batches, _) = try read(text)
        #expect(batches.first?.targets.first?.name == "Example Ltd")
        #expect(batches.first?.designations.first?.key == "Programme")
    }

    @Test func aMissingOrUnknownColumnIsNamed() {
        let missing = Self.header.replacingOccurrences(of: #","last_change""#, with: "")
        var found = issues(missing + "\n")
        #expect(found.count == 1)
        #expect(found.first?.location.line == 1)
        #expect(found.first?.field == "(header)")
        #expect(found.first?.value == nil)
        #expect(found.first?.expected == "a column last_change")
        found = issues(Self.header + #","notes""# + "\n")
        #expect(found.first?.location.line == 1)
        #expect(found.first?.value == "notes")
        #expect(found.first?.expected.hasPrefix("one of the columns id, schema") == true)
        found = issues("")
        #expect(found.first?.field == "(header)")
    }

    @Test func aRowWithTheWrongNumberOfFields() {
        let short = Self.row().components(separatedBy: ",").dropLast(2).joined(separator: ",")
        let found = issues(Self.file([Self.row(), short, Self.row(["id": "NK-3"])]))
        #expect(found.count == 1)
        #expect(found.first?.location.line == 3)
        #expect(found.first?.field == "(row)")
        #expect(found.first?.value == "14 fields")
        #expect(found.first?.expected == "16 fields, as in the header")
    }

    @Test func aShortLastRowIsATruncatedFile() {
        let cut = Self.row(["id": "NK-2"]).components(separatedBy: ",").prefix(9).joined(separator: ",")
        let found = issues(Self.file([Self.row(), cut]).dropLast() + "")
        #expect(found.first?.location.line == 3)
        #expect(found.first?.value == "9 fields")
        #expect(found.first?.expected.contains("truncated") == true)
    }

    @Test func aFileEndingInsideAQuotedFieldIsTruncated() {
        let text = Self.file([Self.row()]) + #""NK-2","Company","Example "#
        let found = issues(text)
        #expect(found.count == 1)
        #expect(found.first?.location.line == 3)
        #expect(found.first?.field == "(CSV)")
        #expect(found.first?.expected.contains("closing quote") == true)
        #expect(found.first?.expected.contains("truncated") == true)
    }

    @Test func emptyIdSchemaAndName() {
        let found = issues(Self.file([Self.row(["id": ""]), Self.row(["id": "NK-2", "schema": ""]), Self.row(["id": "NK-3", "name": " "])]))
        #expect(found.map(\.location.line) == [2, 3, 4])
        #expect(found.map(\.field) == ["id", "schema", "name"])
        #expect(found.allSatisfy { $0.value == nil })
        #expect(found[0].expected == "an entity id")
        #expect(found[2].expected == "the target's name")
    }

    @Test func idsMustLookLikeEntityIDs() {
        let long = String(repeating: "a", count: 161)
        let found = issues(Self.file([Self.row(["id": "NK 1"]), Self.row(["id": "-NK-2"]), Self.row(["id": long])]))
        #expect(found.map(\.location.line) == [2, 3, 4])
        #expect(found.allSatisfy { $0.field == "id" && $0.expected == EntityID.expected })
        #expect(found.first?.value == "NK 1")
    }

    @Test func aDuplicateIdNamesTheEarlierLine() {
        let found = issues(Self.file([Self.row(), Self.row(["id": "NK-2"]), Self.row()]))
        #expect(found.count == 1)
        #expect(found.first?.location.line == 4)
        #expect(found.first?.field == "id")
        #expect(found.first?.value == "NK-1")
        #expect(found.first?.expected == "an id not used before in the file (line 2 has it)")
    }

    @Test func duplicatesAreFoundAcrossBatches() {
        let rows = (1...5).map { Self.row(["id": "NK-\($0)"]) } + [Self.row(["id": "NK-2"])]
        let found = issues(Self.file(rows), batchSize: 2)
        #expect(found.first?.location.line == 7)
        #expect(found.first?.expected.contains("line 3") == true)
    }

    @Test func batchesAreHandedOverInOrder() throws {
        let rows = (1...5).map { Self.row(["id": "NK-\($0)"]) }
        let (batches, counts) = try read(Self.file(rows), batchSize: 2)
        #expect(batches.flatMap(\.targets).map(\.id) == ["NK-1", "NK-2", "NK-3", "NK-4", "NK-5"])
        #expect(batches.flatMap(\.designations).count == 5)
        #expect(batches.allSatisfy { $0.targets.count <= 2 })
        #expect(counts.rows == 5)
    }

    @Test func schemataAreCheckedAndNonTargetsSkipped() throws {
        let found = issues(Self.file([Self.row(["schema": "Rocket"])]))
        #expect(found.first?.location.line == 2)
        #expect(found.first?.field == "schema")
        #expect(found.first?.value == "Rocket")
        #expect(found.first?.expected.hasPrefix("a FollowTheMoney schema") == true)
        let (batches, counts) = try read(Self.file([Self.row(), Self.row(["id": "NK-2", "schema": "Thing"]), Self.row(["id": "NK-3", "schema": "Thing"])]))
        #expect(batches[0].targets.map(\.id) == ["NK-1"])
        #expect(batches[0].designations.count == 1)
        #expect(counts.skipped == ["Thing": 2])
        #expect(counts.rows == 3)
    }

    @Test func timesMustBeDatesOrDateTimes() {
        let found = issues(Self.file([Self.row(["first_seen": "2022-13-01T00:00:00"]), Self.row(["id": "NK-2", "last_seen": "2022"]),
                                      Self.row(["id": "NK-3", "last_change": "2024-05-01 00:00"])]))
        #expect(found.map(\.location.line) == [2, 3, 4])
        #expect(found.map(\.field) == ["first_seen", "last_seen", "last_change"])
        #expect(found.map(\.value) == ["2022-13-01T00:00:00", "2022", "2024-05-01 00:00"])
        #expect(found.allSatisfy { $0.expected == "a date-time YYYY-MM-DDTHH:MM:SS or a date YYYY-MM-DD" })
    }

    @Test func birthDatesMustBeDates() {
        let found = issues(Self.file([Self.row(["schema": "Person", "birth_date": "1954-02-30;1954"])]))
        #expect(found.count == 1)
        #expect(found.first?.location.line == 2)
        #expect(found.first?.field == "birth_date")
        #expect(found.first?.value == "1954-02-30")
        #expect(found.first?.expected == "a date YYYY, YYYY-MM or YYYY-MM-DD")
    }

    @Test func anUnclosedQuoteInsideAListCell() {
        let found = issues(Self.file([Self.row(["aliases": "\"Minsk;Example"])]))
        #expect(found.first?.location.line == 2)
        #expect(found.first?.field == "aliases")
        #expect(found.first?.value == "\"Minsk;Example")
        #expect(found.first?.expected.hasPrefix("values separated by ;") == true)
    }

    @Test func invalidUTF8AndNULAreRefusedWithTheirLine() throws {
        var bytes = Array(Self.file([Self.row()]).utf8)
        bytes += Array(#""NK-2","Company","Bad "#.utf8) + [0xC3, 0x28] + Array(#"""#.utf8)
        bytes += Array(Self.row(["id": "NK-2"]).utf8.dropFirst(#""NK-2","Company","Example Ltd""#.utf8.count)) + [0x0A]
        var file = try TemporaryFile(bytes: bytes, name: "targets.simple.csv")
        do {
            try TargetsCSVReader.read(path: file.path) { _ in }
            Issue.record("invalid UTF-8 was accepted")
        } catch let failure as ImportFailure {
            #expect(failure.issues.first?.location.line == 3)
            #expect(failure.issues.first?.expected.contains("UTF-8") == true)
        }
        file.remove()
        file = try TemporaryFile(Self.file([Self.row(), Self.row(["id": "NK-2", "name": "a\u{0}b"])]), name: "targets.simple.csv")
        defer { file.remove() }
        do {
            try TargetsCSVReader.read(path: file.path) { _ in }
            Issue.record("NUL was accepted")
        } catch let failure as ImportFailure {
            #expect(failure.issues.first?.location.line == 3)
            #expect(failure.issues.first?.expected.contains("NUL") == true)
        }
    }

    @Test func issuesAreCollectedPerBatchUpToACap() {
        let found = issues(Self.file((1...150).map { Self.row(["id": "NK-\($0)", "name": ""]) }))
        #expect(found.count == TargetsCSVReader.maxIssues)
        #expect(found.first?.location.line == 2)
        #expect(found.last?.location.line == 101)
    }

    @Test func multiValuedCellsFollowPythonsMinimalQuoting() {
        #expect(TargetsCSVReader.values("") == [])
        #expect(TargetsCSVReader.values("a;b") == ["a", "b"])
        #expect(TargetsCSVReader.values(#""a;b";c"#) == ["a;b", "c"])
        #expect(TargetsCSVReader.values(#""say ""hi""";x"#) == ["say \"hi\"", "x"])
        #expect(TargetsCSVReader.values(#""""#) == [])
        #expect(TargetsCSVReader.values("a;;b") == ["a", "b"])
        #expect(TargetsCSVReader.values(#""open"#) == nil)
    }
}
