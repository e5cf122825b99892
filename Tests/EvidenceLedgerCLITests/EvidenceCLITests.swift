import Foundation
import LedgerStore
import LedgerTestSupport
import Postgres
import Testing

/// The evidence commands against a ledger loaded with the project's fixture set.
@Suite("Evidence, review and search commands")
struct EvidenceCLITests {
    let conninfo: String

    init() throws {
        conninfo = try TestCluster.shared.makeMigratedDatabase()
        let imported = try CommandRunner.run(["import", "--database", conninfo] + FileImport.fixtureFiles())
        #expect(imported.status == 0, "\(imported.stderr)")
    }

    func run(_ arguments: [String]) throws -> CommandRunner.Outcome {
        try CommandRunner.run(arguments + ["--database", conninfo])
    }

    @Test func importingTheFixturesAgainAddsNothing() throws {
        let again = try run(["import"] + FileImport.fixtureFiles())
        #expect(again.status == 0)
        for line in again.stdout.split(separator: "\n").dropFirst() {
            #expect(line.contains(" 0 new, 0 amended"), "\(line)")
        }
    }

    @Test func listFiltersByKindCriterionAndPeriod() throws {
        let launches = try run(["evidence", "list", "--kind", "missile-launch", "--format", "csv"])
        #expect(launches.status == 0)
        #expect(launches.stdout.hasSuffix("\r\n"))
        #expect(!launches.stdout.hasSuffix("\r\n\n"))
        let rows = launches.stdout.split(separator: "\r\n")
        #expect(rows.first == "id,kind,title,occurred_from,occurred_to,precision,place,acting_state,territorial_state,status,claim_status,links")
        #expect(rows.count > 3)
        #expect(rows.dropFirst().allSatisfy { $0.split(separator: ",").dropFirst().first == "missile-launch" })

        let criterion = try run(["evidence", "list", "--criterion", "UNGA-3314/3(f)", "--format", "json"])
        #expect(criterion.status == 0)
        #expect(criterion.stdout.contains("item-hajun-633-missiles-2022-05-14"))
        // A provision code matches links to its elements; contrary material is listed too.
        #expect(criterion.stdout.contains("item-osce-moscow-mechanism-2022-04-13"))

        let july = try run(["evidence", "list", "--from", "2022-07-01", "--to", "2022-07-31"])
        #expect(july.stdout.contains("item-ocn-zyabrovka-s300-s400-2022-07-28"))
        #expect(!july.stdout.contains("item-herashchenko-iskander-mozyr-2022-02-27"))

        let bad = try run(["evidence", "list", "--from", "2022-02-30x"])
        #expect(bad.status == 64)
    }

    @Test func reviewIsForReviewersAndShowsInTheHistory() throws {
        let admin = try Connection.connect(conninfo)
        let reviewer = "rev_\(UUID().uuidString.prefix(6).lowercased())", researcher = "res_\(UUID().uuidString.prefix(6).lowercased())"
        try admin.query("CREATE ROLE \(identifier: reviewer) LOGIN IN ROLE ledger_reviewer")
        try admin.query("CREATE ROLE \(identifier: researcher) LOGIN IN ROLE ledger_researcher")
        var options = try ConnectionString.parse(conninfo)
        func url(_ user: String) -> String {
            options["user"] = user
            return ConnectionString.make(["host": options["host"]!, "port": options["port"]!, "dbname": options["dbname"]!, "user": user])
        }
        let item = "item-hajun-633-missiles-2022-05-14"
        let refused = try CommandRunner.run(["review", item, "--status", "verified", "--note", "checked", "--database", url(researcher)])
        #expect(refused.status == 77)
        #expect(refused.stderr.contains("only a reviewer") || refused.stderr.contains("permission denied for function review_item"), "\(refused.stderr)")
        // Nor can a researcher take a review back by other means.

        let done = try CommandRunner.run(["review", item, "--status", "verified", "--note", "ČTK report read; count matches", "--database", url(reviewer)])
        let researcherConnection = try Connection.connect(url(researcher))
        let takeBack = #expect(throws: PostgresError.self) {
            try researcherConnection.query("SELECT ledger.record_item_status(\(item), 'draft', NULL, \("not reviewed after all"))")
        }
        #expect(takeBack?.sqlState == SQLState.insufficientPrivilege)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout == "verified: \(item) (version 2)\n")

        let history = try run(["evidence", "show", item, "--history"])
        #expect(history.stdout.contains("version 1 of 2"))
        #expect(history.stdout.contains("version 2 of 2"))
        #expect(history.stdout.contains("status:       verified by \(reviewer): ČTK report read; count matches"))
        // The review version repeats the sources.
        #expect(history.stdout.components(separatedBy: "source:       src-hnonline-2022-05-14").count == 3)
    }

    @Test func withdrawnItemsLeaveTheListButNotTheHistory() throws {
        let item = "item-us-dod-70-missiles-2022-03-03"
        let withdrawn = try run(["evidence", "withdraw", item, "--reason", "secondary summary only; replaced when the statement is read"])
        #expect(withdrawn.status == 0, "\(withdrawn.stderr)")
        #expect(!(try run(["evidence", "list"])).stdout.contains(item))
        #expect(try run(["evidence", "list", "--status", "withdrawn"]).stdout.contains(item))
        let shown = try run(["evidence", "show", item, "--history"])
        #expect(shown.stdout.contains("status:       withdrawn"))
        #expect(shown.stdout.contains("secondary summary only"))
        let again = try run(["evidence", "withdraw", item, "--reason", "again"])
        #expect(again.status != 0)
        #expect(again.stderr.contains("is withdrawn"))
    }

    @Test(arguments: ["Мозырь", "Мазыр", "Mazyr", "Mozyr", "mozyr", "МОЗЫРЬ"])
    func searchFindsMozyrInAnyScript(query: String) throws {
        let found = try run(["search", query, "--format", "csv"])
        #expect(found.status == 0)
        #expect(found.stdout.contains("place,place-mozyr,"), "\(found.stdout)")
        #expect(found.stdout.contains("actor,actor-mozyr-npz,"), "\(found.stdout)")
    }

    @Test func unknownItemsAreNamed() throws {
        let shown = try run(["evidence", "show", "item-nowhere"])
        #expect(shown.status == 65)
        #expect(shown.stderr.contains("item-nowhere"))
    }
}
