extension NameForm {
    /// How alike two names are, 0…1, token by token: each token of the name with fewer tokens is paired with its
    /// closest unused token of the other; the closeness of the pairs is averaged, weighted by token length, then
    /// lowered by the share of the longer name left unpaired (by half of it for people, whose middle names and
    /// patronymics are often left out). Names whose tokens run together the same way ("Belaruskali", "Belarus
    /// Kali") are also compared whole. Identical skeletons score 1.
    static func similarity(_ a: NameForm, _ b: NameForm, people: Bool) -> Double {
        if a.isEmpty || b.isEmpty { return 0 }
        if a.tokens == b.tokens { return 1 }
        let aFirst = a.tokens.count < b.tokens.count || (a.tokens.count == b.tokens.count && a.joined.count <= b.joined.count)
        let (short, long) = aFirst ? (a, b) : (b, a)
        var used = [Bool](repeating: false, count: long.tokens.count)
        var total = 0.0, weight = 0.0
        for i in short.tokens.indices.sorted(by: { short.tokens[$0].count > short.tokens[$1].count }) {
            var best = 0.0, bestIndex = -1
            for j in long.tokens.indices where !used[j] {
                // The difference in length bounds the similarity from above.
                let lengths = (short.tokens[i].count, long.tokens[j].count)
                if 1 - Double(abs(lengths.0 - lengths.1)) / Double(max(lengths.0, lengths.1)) <= best && best >= 0.9 { continue }
                let score = tokenSimilarity(short.tokens[i], short.consonants[i], long.tokens[j], long.consonants[j])
                if score > best {
                    best = score
                    bestIndex = j
                }
            }
            // A poor best match leaves the other token free, and unpaired.
            if bestIndex >= 0 && best >= 0.5 { used[bestIndex] = true }
            let length = Double(short.tokens[i].count)
            total += length * best
            weight += length
        }
        var score = total / weight
        let longLength = long.tokens.reduce(0) { $0 + $1.count }
        let unpaired = long.tokens.indices.reduce(0) { used[$1] ? $0 : $0 + long.tokens[$1].count }
        score *= 1 - (people ? 0.5 : 1.0) * Double(unpaired) / Double(longLength)
        // The whole names count only when they are nearly the same (0.9); their lengths alone may rule that out.
        let longer = max(a.joined.count, b.joined.count), shorter = min(a.joined.count, b.joined.count)
        if score < 0.9 && Double(shorter) >= 0.9 * Double(longer) {
            let whole = levenshteinSimilarity(a.joined, b.joined)
            if whole >= 0.9 { score = max(score, whole) }
        }
        return min(max(score, 0), 1)
    }

    /// Two tokens: 1 when equal; an initial against a token it begins 0.8; else the normalised edit distance,
    /// raised to 0.9 when the consonants are the same (Lukashenko, Lukashenka; Aleksandr, Aliaksandr).
    static func tokenSimilarity(_ a: Token, _ aConsonants: Token, _ b: Token, _ bConsonants: Token) -> Double {
        if a == b { return 1 }
        if a.count == 1 || b.count == 1 { return a.first == b.first ? 0.8 : 0 }
        var score = levenshteinSimilarity(a, b)
        if aConsonants == bConsonants && aConsonants.count >= 3 { score = max(score, 0.9) }
        return score
    }

    /// 1 − edit distance / length of the longer.
    static func levenshteinSimilarity(_ a: Token, _ b: Token) -> Double {
        let longest = max(a.count, b.count)
        if longest == 0 { return 1 }
        return 1 - Double(levenshtein(a, b)) / Double(longest)
    }

    /// The edit distance, with plain loops over the letters' buffers (this runs millions of times in an import).
    static func levenshtein(_ a: Token, _ b: Token) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let m = b.count
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * (m + 1)) { rows in
                    var previous = rows.baseAddress!, current = previous + (m + 1)
                    var j = 0
                    while j <= m { previous[j] = j; j += 1 }
                    var i = 0
                    while i < a.count {
                        current[0] = i + 1
                        let letter = a[i]
                        j = 0
                        while j < m {
                            var best = previous[j] + (letter == b[j] ? 0 : 1)
                            let insert = current[j] + 1, delete = previous[j + 1] + 1
                            if insert < best { best = insert }
                            if delete < best { best = delete }
                            current[j + 1] = best
                            j += 1
                        }
                        swap(&previous, &current)
                        i += 1
                    }
                    return previous[m]
                }
            }
        }
    }
}
