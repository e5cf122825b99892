import Sanctions
import Testing

@Suite("Partial dates of sanctions lists")
struct PartialDateTests {
    @Test(arguments: [
        ("2022", "2022", PartialDate.Precision.year, "2022-01-01"),
        ("2022-11", "2022-11", .month, "2022-11-01"),
        ("2022-11-22", "2022-11-22", .day, "2022-11-22"),
        ("2024-02-29", "2024-02-29", .day, "2024-02-29"),
        ("2022-11-22T10:30", "2022-11-22", .day, "2022-11-22"),
        ("2022-11-22T10:30:05", "2022-11-22", .day, "2022-11-22"),
        ("2022-11-22T23:59:59.123456Z", "2022-11-22", .day, "2022-11-22"),
        ("2022-11-22T00:00:00+03:00", "2022-11-22", .day, "2022-11-22"),
        ("1000", "1000", .year, "1000-01-01"),
    ])
    func parses(input: String, text: String, precision: PartialDate.Precision, firstDay: String) throws {
        let date = try #require(PartialDate.parse(input))
        #expect(date.text == text)
        #expect(date.precision == precision)
        #expect(date.firstDay == firstDay)
    }

    @Test(arguments: ["", "22", "999", "3000", "2022-13", "2022-00", "2022-02-30", "2023-02-29", "2022-1", "2022-11-2",
                      "2022/11/22", "2022-11-22T", "2022-11-22T25:00", "2022-11-22T10:60", "2022-11-22T10:30:00.",
                      "2022-11-22T10:30+3", "2022-11-22 10:30", "2022-11-22T10:30:00ZZ", "Q2 2022", "２０２２"])
    func refuses(input: String) {
        #expect(PartialDate.parse(input) == nil)
    }

    @Test func timestampsAreDaysWithOrWithoutTime() {
        #expect(PartialDate.isTimestamp("2022-03-02T11:02:05"))
        #expect(PartialDate.isTimestamp("2022-03-02"))
        #expect(!PartialDate.isTimestamp("2022-03"))
        #expect(!PartialDate.isTimestamp("yesterday"))
    }

    @Test func sanctionTextsAreReadFromTheirEnd() {
        var split = SanctionText.split("Special Economic Measures Regulations - 2022-11-22")
        #expect(split.rest == "Special Economic Measures Regulations")
        #expect(split.listedOn?.text == "2022-11-22")
        #expect(split.delistedOn == nil)
        split = SanctionText.split("Prog - reason - 2014-03-20 - 2020-01-01")
        #expect(split.rest == "Prog - reason")
        #expect(split.listedOn?.text == "2014-03-20")
        #expect(split.delistedOn?.text == "2020-01-01")
        split = SanctionText.split("2022-11")
        #expect(split.rest == "")
        #expect(split.listedOn?.precision == .month)
        split = SanctionText.split("EU - Belarus - Active")
        #expect(split.rest == "EU - Belarus - Active")
        #expect(split.listedOn == nil)
        #expect(SanctionText.join(["Prog", " ", "reason", "", "2014-03-20"]) == "Prog - reason - 2014-03-20")
    }

    @Test func entityIDs() {
        #expect(EntityID.isValid("NK-2bTNZwEqAxs2tT6VkSKLSb"))
        #expect(EntityID.isValid("Q2917"))
        #expect(EntityID.isValid("ofac-1234.a:b/c(d)+e_f"))
        #expect(!EntityID.isValid("-leading-dash"))
        #expect(!EntityID.isValid("has space"))
        #expect(!EntityID.isValid("кириллица"))
        #expect(!EntityID.isValid(String(repeating: "a", count: 161)))
        #expect(EntityID.isValid(String(repeating: "a", count: 160)))
    }
}
