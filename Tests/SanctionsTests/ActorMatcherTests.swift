import Sanctions
import Testing

@Suite("Proposing which imported targets are ledger actors")
struct ActorMatcherTests {
    @Test func namesAreReducedToSkeletons() {
        let lukashenka = ["Lukashenko", "Lukashenka", "Лукашенко", "Лукашэнка", "Łukašenka"].map(ActorMatcher.normalise)
        #expect(lukashenka[1] == ["lukasenka"])
        #expect(lukashenka[3] == ["lukasenka"])
        #expect(lukashenka[4] == ["lukasenka"])
        #expect(lukashenka[0] == ["lukasenko"])
        #expect(lukashenka[2] == ["lukasenko"])
        #expect(ActorMatcher.normalise("OAO «Нафтан»") == ["naftan"])
        #expect(ActorMatcher.normalise("Open Joint Stock Company \"Naftan\"") == ["naftan"])
        #expect(ActorMatcher.normalise("Республиканское унитарное предприятие «Белорусская железная дорога»") == ActorMatcher.normalise("Belorusskaya Zheleznaya Doroga"))
        #expect(ActorMatcher.normalise("Мозырский НПЗ") == ActorMatcher.normalise("Mozyrskiy NPZ"))
        #expect(ActorMatcher.normalise("Гродна") == ActorMatcher.normalise("Hrodna"))
        #expect(ActorMatcher.normalise("Ўсход, ёлка, їжак, ґанок, Єва") == ["ushod", "elka", "izak", "hanok", "ieva"])
        #expect(ActorMatcher.normalise("OAO") == ["oao"], "a name made only of fillers keeps them")
        #expect(ActorMatcher.normalise("") == [])
    }

    @Test(arguments: [
        ("Belarusian Railways", "BELARUSIAN RAILWAY"),
        ("Мозырский НПЗ", "Mozyrskiy NPZ"),
        ("Аляксандр Лукашэнка", "Alexander Lukashenko"),
        ("Naftan", "OAO Naftan"),
        ("Lukashenko, Alexander", "Alexander Lukashenko"),
        ("Belaruskali", "OAO Belaruskali"),
    ])
    func alikeNamesScoreHigh(a: String, b: String) {
        let score = ActorMatcher.similarity(a, b)
        #expect(score >= 0.85, "\(a) ~ \(b): \(score)")
        #expect(abs(score - ActorMatcher.similarity(b, a)) < 1e-9)
    }

    @Test(arguments: [
        ("Belarusian Railways", "Belarusian Red Cross"),
        ("Belarusian State University", "Belarusian State Medical University"),
        ("Belarus", "Belarusian Railways"),
        ("Naftan", "Grodno Azot"),
        ("Plant No. 1", "Plant No. 2"),
    ])
    func differentNamesScoreLow(a: String, b: String) {
        let score = ActorMatcher.similarity(a, b)
        #expect(score < 0.8, "\(a) ~ \(b): \(score)")
    }

    @Test func peopleMayLeaveOutAPatronymic() {
        let score = ActorMatcher.similarity("Alexander Lukashenko", "Alexander Grigoryevich Lukashenko", people: true)
        #expect(score >= 0.8, "\(score)")
        #expect(ActorMatcher.similarity("Lukashenko", "Alexander Grigoryevich Lukashenko", people: true) < 0.8)
    }

    static let actors = [
        MatchableActor(id: "actor-belarusian-railways", kind: "company", names: ["Belarusian Railways", "Белорусская железная дорога"]),
        MatchableActor(id: "actor-lukashenka", kind: "person", names: ["Аляксандр Лукашэнка"], identifiers: [(scheme: "wikidata", value: "Q120035")]),
        MatchableActor(id: "actor-naftan", kind: "company", names: ["Naftan"], identifiers: [(scheme: "unp", value: "300042199")]),
        MatchableActor(id: "actor-mozyr", kind: "company", names: ["Мозырский НПЗ"]),
        MatchableActor(id: "actor-red-cross", kind: "organisation", names: ["Belarusian Red Cross"]),
        MatchableActor(id: "actor-naftan-person", kind: "person", names: ["Naftan"]),
    ]
    let matcher = ActorMatcher(actors: actors)

    @Test func proposesTheActorsAMatchingTargetNames() throws {
        var proposals = matcher.proposals(for: MatchableTarget(id: "NK-rail", schema: "Company", names: ["BELARUSIAN RAILWAY", "BELORUSSKAYA ZHELEZNAYA DOROGA"]))
        #expect(proposals.map(\.actorID) == ["actor-belarusian-railways"])
        let rail = try #require(proposals.first)
        #expect(rail.method == "name")
        #expect(rail.score >= 0.9)
        #expect(rail.basis.hasPrefix("name \""))
        proposals = matcher.proposals(for: MatchableTarget(id: "NK-mozyr", schema: "Company", names: ["Mozyrskiy NPZ"]))
        #expect(proposals.map(\.actorID) == ["actor-mozyr"])
        #expect(proposals.first?.basis == "name \"Мозырский НПЗ\" ~ \"Mozyrskiy NPZ\" (1.00)")
        proposals = matcher.proposals(for: MatchableTarget(id: "NK-luk", schema: "Person", names: ["Alexander Lukashenko"]))
        #expect(proposals.map(\.actorID) == ["actor-lukashenka"])
    }

    @Test func aPersonIsNeverProposedForACompanyNorACompanyForAPerson() {
        let company = matcher.proposals(for: MatchableTarget(id: "NK-naftan", schema: "Company", names: ["OAO Naftan"]))
        #expect(company.map(\.actorID) == ["actor-naftan"])
        let person = matcher.proposals(for: MatchableTarget(id: "NK-p", schema: "Person", names: ["Naftan"]))
        #expect(person.map(\.actorID) == ["actor-naftan-person"])
        let byIdentifier = matcher.proposals(for: MatchableTarget(id: "NK-p2", schema: "Person", names: ["Someone"], identifiers: ["300042199"]))
        #expect(byIdentifier.isEmpty)
        let vessel = matcher.proposals(for: MatchableTarget(id: "NK-v", schema: "Vessel", names: ["Naftan"]))
        #expect(vessel.isEmpty)
    }

    @Test func anIdentifierBothHoldScoresOne() throws {
        let proposals = matcher.proposals(for: MatchableTarget(id: "NK-x", schema: "Company", names: ["Polotsk refinery"], identifiers: ["300 042 199"]))
        let proposal = try #require(proposals.first)
        #expect(proposals.count == 1)
        #expect(proposal.actorID == "actor-naftan")
        #expect(proposal.score == 1)
        #expect(proposal.method == "identifier")
        #expect(proposal.basis == "identifier unp \"300042199\" = target identifier \"300 042 199\"")
    }

    @Test func aWikidataIdOfTheActorThatIsTheTargetId() throws {
        let proposals = matcher.proposals(for: MatchableTarget(id: "Q120035", schema: "Person", names: ["Someone else entirely"]))
        let proposal = try #require(proposals.first)
        #expect(proposal.actorID == "actor-lukashenka")
        #expect(proposal.score == 1)
        #expect(proposal.method == "identifier")
        #expect(proposal.basis == "identifier wikidata \"Q120035\" = target id")
    }

    @Test func nothingBelowTheThreshold() {
        let proposals = matcher.proposals(for: MatchableTarget(id: "NK-rc", schema: "Organization", names: ["Belarusian Red Cross Society"]), threshold: 0.95)
        #expect(proposals.allSatisfy { $0.score >= 0.95 })
        let railways = matcher.proposals(for: MatchableTarget(id: "NK-rc2", schema: "Organization", names: ["Belarusian Red Cross"]))
        #expect(railways.map(\.actorID) == ["actor-red-cross"])
    }

    @Test func proposalsComeBestFirstThenByActor() {
        let matcher = ActorMatcher(actors: [
            MatchableActor(id: "b", kind: "company", names: ["Grodno Azot"]),
            MatchableActor(id: "a", kind: "company", names: ["Grodno Azot"]),
            MatchableActor(id: "c", kind: "company", names: ["Hrodna Azot Plant"]),
            MatchableActor(id: "d", kind: "company", names: ["Something"], identifiers: [(scheme: "unp", value: "500036458")]),
        ])
        let proposals = matcher.proposals(for: MatchableTarget(id: "NK-azot", schema: "Company", names: ["Grodno Azot"], identifiers: ["500036458"]), threshold: 0.5)
        #expect(proposals.map(\.actorID) == ["a", "b", "d", "c"])
        #expect(proposals.map(\.method) == ["name", "name", "identifier", "name"])
    }

    @Test func tenThousandActorsAgainstTwentyThousandTargets() {
        // Synthetic names of random letters; this only checks that the index keeps the work within reach.
        let consonants = Array("bcdfghklmnprstvz"), vowels = Array("aeiou")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(n))
        }
        func word() -> String { String((0..<(4 + next(6))).map { $0 % 2 == 0 ? consonants[next(consonants.count)] : vowels[next(vowels.count)] }) }
        func name() -> String { (0..<(1 + next(3))).map { _ in word() }.joined(separator: " ") }
        let kinds = ["person", "company", "organisation"]
        let actors = (0..<10_000).map { MatchableActor(id: "actor-\($0)", kind: kinds[$0 % 3], names: [name(), name()]) }
        let matcher = ActorMatcher(actors: actors)
        let schemata = ["Person", "Company", "Organization", "LegalEntity"]
        var proposed = 0
        for i in 0..<20_000 {
            let target = MatchableTarget(id: "NK-\(i)", schema: schemata[i % 4], names: [name(), name(), name()], identifiers: ["ID\(i)"])
            proposed += matcher.proposals(for: target).count
        }
        #expect(proposed >= 0)
    }
}
