/// The sanctions gap report: for every actor the evidence implicates (at or above a grade), per jurisdiction,
/// whether the loaded designation data lists it, since when, or no longer. It never says "not sanctioned": the
/// loaded data may be incomplete, so an absence is "no designation in the loaded data", and the report names the
/// data it rests on. A pure function of its inputs: the same inputs give the same report, byte for byte.
public struct GapReport: Sendable, Equatable, Codable {
    /// One row of `ledger.implicated_actor`, with the actor's display name and kind.
    public struct Implication: Sendable, Equatable, Codable {
        public var actor: String
        public var name: String
        public var kind: String
        public var item: String
        public var involvement: String
        public var criterion: String
        public var reliability: String?
        public var credibility: String
        public var itemStatus: String

        public init(actor: String, name: String, kind: String, item: String, involvement: String, criterion: String,
                    reliability: String?, credibility: String, itemStatus: String) {
            self.actor = actor
            self.name = name
            self.kind = kind
            self.item = item
            self.involvement = involvement
            self.criterion = criterion
            self.reliability = reliability
            self.credibility = credibility
            self.itemStatus = itemStatus
        }

        /// Reliability (F when no graded source) and credibility, e.g. B2.
        public var grade: String { (reliability ?? "F") + credibility }
    }

    /// One row of `ledger.actor_designation`: a listing that reaches an actor. Dates are YYYY-MM-DD (the first
    /// day of the period when only a month or a year is known).
    public struct Listing: Sendable, Equatable, Codable {
        public var actor: String
        public var designation: String
        public var jurisdiction: String
        public var authority: String?
        public var programme: String?
        public var reference: String?
        public var listedOn: String?
        public var listedPrecision: String?
        public var delistedOn: String?
        public var delistedPrecision: String?
        public var inData: Bool
        public var goneSince: String?
        public var dataset: String?
        public var target: String?
        public var source: String?
        public var sourceURL: String?

        public init(actor: String, designation: String, jurisdiction: String, authority: String? = nil, programme: String? = nil,
                    reference: String? = nil, listedOn: String? = nil, listedPrecision: String? = nil, delistedOn: String? = nil,
                    delistedPrecision: String? = nil, inData: Bool = true, goneSince: String? = nil, dataset: String? = nil,
                    target: String? = nil, source: String? = nil, sourceURL: String? = nil) {
            self.actor = actor
            self.designation = designation
            self.jurisdiction = jurisdiction
            self.authority = authority
            self.programme = programme
            self.reference = reference
            self.listedOn = listedOn
            self.listedPrecision = listedPrecision
            self.delistedOn = delistedOn
            self.delistedPrecision = delistedPrecision
            self.inData = inData
            self.goneSince = goneSince
            self.dataset = dataset
            self.target = target
            self.source = source
            self.sourceURL = sourceURL
        }
    }

    /// A dataset import the report rests on (the latest of each dataset).
    public struct Basis: Sendable, Equatable, Codable {
        public var dataset: String
        public var format: String
        public var fileName: String
        public var fileSHA256: String
        public var dataAsOf: String?
        public var importedAt: String
        public var jurisdiction: String?

        public init(dataset: String, format: String, fileName: String, fileSHA256: String, dataAsOf: String?, importedAt: String,
                    jurisdiction: String?) {
            self.dataset = dataset
            self.format = format
            self.fileName = fileName
            self.fileSHA256 = fileSHA256
            self.dataAsOf = dataAsOf
            self.importedAt = importedAt
            self.jurisdiction = jurisdiction
        }
    }

    public enum Status: String, Sendable, Codable {
        case designated
        case delisted
        case none = "no-designation-in-loaded-data"
    }

    public struct Cell: Sendable, Equatable, Codable {
        public var jurisdiction: String
        public var status: Status
        /// Since when (designated) or until when (delisted), as precise as the data: 2022, 2022-11, 2022-11-22.
        public var date: String?
        /// The status in words, e.g. "designated since 2022-11", "no designation in the loaded data".
        public var text: String
        public var designations: [String]
    }

    public struct ActorRow: Sendable, Equatable, Codable {
        public var actor: String
        public var name: String
        public var kind: String
        public var bestGrade: String
        public var items: [String]
        public var criteria: [String]
        public var involvement: [String]
        public var jurisdictions: [Cell]
    }

    public var asOf: String
    public var minimumGrade: String?
    public var jurisdictions: [String]
    public var basis: [Basis]
    public var handEnteredDesignations: Int
    public var actors: [ActorRow]
    /// States the evidence implicates, left out because sanctions lists designate persons and entities.
    public var statesLeftOut: [String]
    public var caveat: String

    public static let caveat = "\"No designation in the loaded data\" means that none of the designation data loaded into the ledger lists the actor for that jurisdiction; it does not mean the actor is not sanctioned there. The loaded data may be incomplete or out of date: see the data the report rests on."

    /// A grade such as "B2": reliability A–F, credibility 1–6. Nil when malformed.
    public static func parseGrade(_ text: String) -> (reliability: Character, credibility: Character)? {
        let chars = Array(text.uppercased())
        guard chars.count == 2, "ABCDEF".contains(chars[0]), "123456".contains(chars[1]) else { return nil }
        return (chars[0], chars[1])
    }

    static func gradeKey(_ grade: String) -> (Character, Character) {
        parseGrade(grade) ?? ("F", "6")
    }

    /// Builds the report. `asOf` is YYYY-MM-DD; `jurisdictions` are the columns, in order.
    public static func build(implications: [Implication], listings: [Listing], basis: [Basis], handEnteredDesignations: Int,
                             jurisdictions: [String], asOf: String, minimumGrade: String?) -> GapReport {
        let minimum = minimumGrade.flatMap(parseGrade)
        let passing = implications.filter { row in
            guard let minimum else { return true }
            let grade = gradeKey(row.grade)
            return grade.0 <= minimum.reliability && grade.1 <= minimum.credibility
        }
        var byActor: [String: [Implication]] = [:]
        for row in passing { byActor[row.actor, default: []].append(row) }
        let listingsByActor = Dictionary(grouping: listings, by: \.actor)

        var rows: [ActorRow] = []
        var states: [String] = []
        for (actor, evidence) in byActor {
            let first = evidence[0]
            if first.kind == "state" {
                states.append(actor)
                continue
            }
            let best = evidence.map(\.grade).min { gradeKey($0) < gradeKey($1) } ?? "F6"
            let cells = jurisdictions.map { code in
                cell(jurisdiction: code, listings: (listingsByActor[actor] ?? []).filter { $0.jurisdiction == code }, asOf: asOf)
            }
            rows.append(ActorRow(actor: actor, name: first.name, kind: first.kind, bestGrade: best,
                                 items: Set(evidence.map(\.item)).sorted(), criteria: Set(evidence.map(\.criterion)).sorted(),
                                 involvement: Set(evidence.map(\.involvement)).sorted(), jurisdictions: cells))
        }
        rows.sort { a, b in
            let ka = gradeKey(a.bestGrade), kb = gradeKey(b.bestGrade)
            return (ka.0, ka.1, a.actor) < (kb.0, kb.1, b.actor)
        }
        return GapReport(asOf: asOf, minimumGrade: minimumGrade?.uppercased(), jurisdictions: jurisdictions,
                         basis: basis.sorted { $0.dataset < $1.dataset }, handEnteredDesignations: handEnteredDesignations,
                         actors: rows, statesLeftOut: states.sorted(), caveat: caveat)
    }

    /// A date as precise as it is known: "2022-11-01" with precision month is "2022-11".
    public static func shown(_ date: String?, _ precision: String?) -> String? {
        guard let date else { return nil }
        switch precision {
        case "year": return String(date.prefix(4))
        case "month": return String(date.prefix(7))
        default: return date
        }
    }

    /// The status of one actor in one jurisdiction on day `asOf` (YYYY-MM-DD), from the listings of that
    /// jurisdiction that reach the actor.
    public static func cell(jurisdiction: String, listings: [Listing], asOf: String) -> Cell {
        func ended(_ l: Listing) -> (date: String, text: String)? {
            var ends: [(String, String)] = []
            if let delisted = l.delistedOn, delisted <= asOf { ends.append((delisted, "delisted " + (shown(delisted, l.delistedPrecision) ?? delisted))) }
            if !l.inData, let gone = l.goneSince, gone <= asOf { ends.append((gone, "no longer in the data from the import of " + gone)) }
            return ends.min { $0.0 < $1.0 }
        }
        let started = listings.filter { ($0.listedOn ?? "") <= asOf }
        let active = started.filter { ended($0) == nil }
        if !active.isEmpty {
            let dated = active.compactMap { l in l.listedOn.map { ($0, shown($0, l.listedPrecision) ?? $0) } }
            let since = dated.min { $0.0 < $1.0 }?.1
            let undated = active.contains { $0.listedOn == nil }
            var text = since.map { "designated since \($0)" } ?? "designated (listing date not in the data)"
            if since != nil && undated { text += "; another listing has no date in the data" }
            return Cell(jurisdiction: jurisdiction, status: .designated, date: since, text: text, designations: active.map(\.designation).sorted())
        }
        let endings = started.compactMap { l in ended(l).map { (l, $0) } }
        if let last = endings.max(by: { $0.1.date < $1.1.date }) {
            let date = shown(last.0.delistedOn, last.0.delistedPrecision) ?? last.1.date
            return Cell(jurisdiction: jurisdiction, status: .delisted, date: last.1.date == last.0.delistedOn ? date : last.1.date,
                        text: last.1.text, designations: endings.map(\.0.designation).sorted())
        }
        var text = "no designation in the loaded data"
        let later = listings.compactMap { l in l.listedOn.map { ($0, shown($0, l.listedPrecision) ?? $0) } }.min { $0.0 < $1.0 }
        if let later { text += " as of \(asOf) (listed later: \(later.1))" }
        return Cell(jurisdiction: jurisdiction, status: .none, date: nil, text: text, designations: [])
    }
}
