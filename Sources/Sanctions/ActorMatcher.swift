import Foundation

/// Proposes which imported targets are ledger actors: by an identifier both hold, else by names alike in any
/// script or romanisation. Built once for the ledger's actors, then asked target by target, so a list of half a
/// million targets streams through it: an index from the first letters of name tokens (and of their consonants)
/// to actors picks the few actors worth scoring for each target.
public struct ActorMatcher: Sendable {
    struct Actor: Sendable {
        var id: String
        var party: Party
        var names: [NameForm]
        var keys: Set<IndexKey>
    }

    struct HeldIdentifier: Sendable {
        var actor: Int
        var scheme: String
        var value: String
    }

    /// Who an actor or a target is, for what may be compared with what.
    enum Party: Sendable {
        case person, organisation, unknown
    }

    /// A token's first four letters, or its first three consonants, 16 bits a letter (a rare clash of letters
    /// outside the Basic Multilingual Plane only adds candidates).
    typealias IndexKey = UInt64

    let actors: [Actor]
    let index: [IndexKey: [Int32]]
    /// Buckets larger than this (tokens many actors share, like "belarusian" or "state") are looked up only when a
    /// target has no other.
    let commonBucket: Int
    let byIdentifier: [String: [HeldIdentifier]]
    let byEntityID: [String: [HeldIdentifier]]

    /// Identifier values shorter than this (after dropping spaces and dashes) are too likely to be shared by chance.
    public static let minimumIdentifierLength = 4
    /// Actor identifier schemes whose values are OpenSanctions entity ids (OpenSanctions uses Wikidata ids for people).
    public static let entityIDSchemes: Set<String> = ["opensanctions", "wikidata"]

    public init(actors: [MatchableActor]) {
        var entries: [Actor] = []
        var index: [IndexKey: [Int32]] = [:]
        var byIdentifier: [String: [HeldIdentifier]] = [:]
        var byEntityID: [String: [HeldIdentifier]] = [:]
        for (position, actor) in actors.enumerated() {
            let forms = ActorMatcher.forms(actor.names)
            var keys: Set<IndexKey> = []
            for form in forms { keys.formUnion(ActorMatcher.keys(form).joined()) }
            entries.append(Actor(id: actor.id, party: ActorMatcher.party(kind: actor.kind), names: forms, keys: keys))
            for key in keys { index[key, default: []].append(Int32(position)) }
            for identifier in actor.identifiers {
                let value = ActorMatcher.identifierKey(identifier.value)
                let held = HeldIdentifier(actor: position, scheme: identifier.scheme, value: identifier.value)
                if ActorMatcher.entityIDSchemes.contains(identifier.scheme.lowercased()) && !value.isEmpty {
                    byEntityID[value, default: []].append(held)
                }
                if value.count >= ActorMatcher.minimumIdentifierLength { byIdentifier[value, default: []].append(held) }
            }
        }
        self.actors = entries
        self.index = index
        self.commonBucket = max(64, actors.count / 50)
        self.byIdentifier = byIdentifier
        self.byEntityID = byEntityID
    }

    /// The best proposal for each actor that may be the target, at `threshold` or above, best first (then by actor
    /// id). People are never proposed for companies, organisations or public bodies, nor those for people; assets
    /// (vessels, aircraft, accounts, wallets, securities, addresses) are never proposed.
    public func proposals(for target: MatchableTarget, threshold: Double = 0.8) -> [MatchProposal] {
        var best: [Int: MatchProposal] = [:]
        func offer(_ actor: Int, _ proposal: MatchProposal) {
            if let held = best[actor], held.score >= proposal.score { return }
            best[actor] = proposal
        }
        for value in target.identifiers {
            let key = ActorMatcher.identifierKey(value)
            guard key.count >= ActorMatcher.minimumIdentifierLength else { continue }
            for held in byIdentifier[key] ?? [] where ActorMatcher.mode(actors[held.actor].party, target.schema) != nil {
                offer(held.actor, MatchProposal(actorID: actors[held.actor].id, targetID: target.id, score: 1, method: "identifier",
                                                basis: "identifier \(held.scheme) \"\(held.value)\" = target identifier \"\(value)\""))
            }
        }
        for held in byEntityID[ActorMatcher.identifierKey(target.id)] ?? [] where ActorMatcher.mode(actors[held.actor].party, target.schema) != nil {
            offer(held.actor, MatchProposal(actorID: actors[held.actor].id, targetID: target.id, score: 1, method: "identifier",
                                            basis: "identifier \(held.scheme) \"\(held.value)\" = target id"))
        }
        let forms = ActorMatcher.forms(target.names)
        if !forms.isEmpty, threshold <= 1 {
            for (candidate, names) in candidates(forms) where best[candidate]?.score ?? 0 < 1 {
                guard let people = ActorMatcher.mode(actors[candidate].party, target.schema) else { continue }
                let mine = actors[candidate].names
                var top = 0.0
                var pair = (0, 0)
                for theirs in names {
                    for own in mine.indices {
                        let score = NameForm.similarity(mine[own], forms[theirs], people: people)
                        if score > top {
                            top = score
                            pair = (own, theirs)
                        }
                    }
                }
                if top >= threshold {
                    let basis = "name \"\(mine[pair.0].original)\" ~ \"\(forms[pair.1].original)\" (\(String(format: "%.2f", top)))"
                    offer(candidate, MatchProposal(actorID: actors[candidate].id, targetID: target.id, score: top, method: "name", basis: basis))
                }
            }
        }
        return best.values.sorted { $0.score != $1.score ? $0.score > $1.score : $0.actorID < $1.actorID }
    }

    /// The actors worth scoring, each with the target names (by position) worth comparing with its own: those of
    /// which at least `minimumCoverage` of the letters are in tokens that begin like one of the actor's (or whose
    /// consonants do). Actors are found through the rarer buckets of the name's tokens, or its smallest bucket when
    /// all are common; common tokens still count towards the coverage of actors found so.
    func candidates(_ forms: [NameForm]) -> [Int: [Int]] {
        var found: [Int: [Int]] = [:]
        for (position, form) in forms.enumerated() {
            let tokenKeys = ActorMatcher.keys(form).prefix(64)
            var lengths: [Int] = []
            var masks: [Int32: UInt64] = [:]
            var common: [(bit: UInt64, key: IndexKey)] = []
            var smallest: (bucket: [Int32], bit: UInt64)?
            for (i, keys) in tokenKeys.enumerated() {
                lengths.append(form.tokens[i].count)
                let bit: UInt64 = 1 << UInt64(i)
                for key in keys {
                    guard let bucket = index[key] else { continue }
                    if bucket.count <= commonBucket {
                        for actor in bucket { masks[actor, default: 0] |= bit }
                    } else {
                        common.append((bit, key))
                        if bucket.count < smallest?.bucket.count ?? Int.max { smallest = (bucket, bit) }
                    }
                }
            }
            if masks.isEmpty, let smallest {
                for actor in smallest.bucket { masks[actor, default: 0] |= smallest.bit }
            }
            let total = form.tokens.reduce(0) { $0 + $1.count }
            for (actor, found0) in masks {
                var mask = found0
                for (bit, key) in common where mask & bit == 0 && actors[Int(actor)].keys.contains(key) { mask |= bit }
                var covered = 0
                for (i, length) in lengths.enumerated() where mask & (1 << UInt64(i)) != 0 { covered += length }
                if Double(covered) >= ActorMatcher.minimumCoverage * Double(total) { found[Int(actor), default: []].append(position) }
            }
        }
        return found
    }

    // MARK: - Names

    /// A name as comparison tokens: lower-case, without diacritics, Cyrillic transliterated, romanisation variants
    /// folded, punctuation, legal forms and filler words dropped.
    public static func normalise(_ name: String) -> [String] {
        NameForm(name).tokens.map { token in
            var text = ""
            text.unicodeScalars.append(contentsOf: token)
            return text
        }
    }

    /// How alike two names are, 0…1. `people` forgives a middle name or patronymic that one of them leaves out.
    public static func similarity(_ a: String, _ b: String, people: Bool = false) -> Double {
        NameForm.similarity(NameForm(a), NameForm(b), people: people)
    }

    static func forms(_ names: [String]) -> [NameForm] {
        var seen: Set<[NameForm.Token]> = []
        var forms: [NameForm] = []
        for name in names {
            let form = NameForm(name)
            if !form.isEmpty, seen.insert(form.tokens).inserted { forms.append(form) }
        }
        return forms
    }

    /// A target name is scored against an actor only when at least this share of its letters is in tokens that
    /// begin like one of the actor's (or whose consonants do): a name mostly made of other words cannot reach the
    /// threshold.
    static let minimumCoverage = 0.5


    /// The index keys of each token of a name: its first four letters, and its first three consonants.
    static func keys(_ form: NameForm) -> [[IndexKey]] {
        func key(_ letters: ArraySlice<Unicode.Scalar>) -> IndexKey {
            var key: UInt64 = 0
            for (i, letter) in letters.enumerated() { key |= UInt64(letter.value & 0xFFFF) << (16 * UInt64(i)) }
            return key
        }
        var keys: [[IndexKey]] = []
        for (token, consonants) in zip(form.tokens, form.consonants) {
            var tokenKeys: [IndexKey] = []
            if token.count >= 2 { tokenKeys.append(key(token.prefix(4))) }
            // U+FFFF is no letter: it marks the consonant keys apart from the prefix keys.
            if consonants.count >= 2 { tokenKeys.append(key(consonants.prefix(3)) | 0xFFFF << 48) }
            keys.append(tokenKeys)
        }
        return keys
    }

    // MARK: - Kinds and identifiers

    static func party(kind: String) -> Party {
        switch kind {
        case "person": return .person
        case "company", "organisation", "government-body", "armed-forces", "state", "monitoring-group", "media-outlet": return .organisation
        default: return .unknown
        }
    }

    /// Whether an actor may be the target, and if so whether names compare as people's; nil when never.
    static func mode(_ actor: Party, _ schema: String) -> Bool? {
        switch schema {
        case "Vessel", "Airplane", "Asset", "Security", "CryptoWallet", "BankAccount", "Address":
            return nil
        case "Person":
            return actor == .organisation ? nil : true
        case "Company", "Organization", "PublicBody":
            return actor == .person ? nil : false
        default:
            return actor == .person
        }
    }

    /// Upper-case, without spaces and dashes.
    static func identifierKey(_ value: String) -> String {
        String(String.UnicodeScalarView(value.uppercased().unicodeScalars.filter {
            !$0.properties.isWhitespace && !["-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}"].contains($0)
        }))
    }
}
