/// An actor of the ledger, as the matcher compares it with imported targets.
public struct MatchableActor: Sendable {
    public var id: String
    /// The ledger's actor kind: person, company, organisation, government-body, armed-forces, state…
    public var kind: String
    /// Its name and other names, in any script.
    public var names: [String]
    /// Identifiers the ledger holds for it: `(scheme: "inn", value: "7700000000")`; schemes `opensanctions` and
    /// `wikidata` are compared with target ids too.
    public var identifiers: [(scheme: String, value: String)]

    public init(id: String, kind: String, names: [String], identifiers: [(scheme: String, value: String)] = []) {
        self.id = id
        self.kind = kind
        self.names = names
        self.identifiers = identifiers
    }
}

/// An imported target, as the matcher compares it with ledger actors.
public struct MatchableTarget: Sendable {
    public var id: String
    /// Its FollowTheMoney schema (Person, Company…).
    public var schema: String
    public var names: [String]
    public var identifiers: [String]

    public init(id: String, schema: String, names: [String], identifiers: [String] = []) {
        self.id = id
        self.schema = schema
        self.names = names
        self.identifiers = identifiers
    }

    /// A target record's name and aliases, and its identifiers.
    public init(_ record: TargetRecord) {
        self.init(id: record.id, schema: record.schema, names: [record.name] + record.aliases, identifiers: record.identifiers)
    }
}

/// A proposal that a ledger actor and an imported target are the same, for a person to confirm or reject.
public struct MatchProposal: Sendable, Hashable {
    public var actorID: String
    public var targetID: String
    /// 0…1; 1 for an identifier both share.
    public var score: Double
    /// `identifier` or `name`.
    public var method: String
    /// What matched, for the reviewer: `name "Belarusian Railways" ~ "BELARUSIAN RAILWAY" (0.95)`.
    public var basis: String

    public init(actorID: String, targetID: String, score: Double, method: String, basis: String) {
        self.actorID = actorID
        self.targetID = targetID
        self.score = score
        self.method = method
        self.basis = basis
    }
}
