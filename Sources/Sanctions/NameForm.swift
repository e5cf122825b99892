import Foundation

/// A name reduced to what survives spelling, script and romanisation: lower-case tokens without diacritics,
/// Cyrillic transliterated, romanisation variants folded to one skeleton, punctuation, legal forms and filler words
/// dropped. "Лукашэнка", "Lukashenka" and "Łukašenka" all become `lukasenka`; "Lukashenko" `lukasenko`.
struct NameForm: Sendable {
    typealias Token = [Unicode.Scalar]

    /// The name as given, for the reviewer.
    let original: String
    let tokens: [Token]
    /// Each token without its vowels: `lksnk` for both Lukashenko and Lukashenka.
    let consonants: [Token]
    let joined: Token

    init(_ name: String) {
        original = name
        tokens = NameForm.tokens(name)
        consonants = tokens.map(NameForm.consonants)
        joined = Array(tokens.joined())
    }

    var isEmpty: Bool { tokens.isEmpty }

    // MARK: - Tokens

    static func tokens(_ name: String) -> [Token] {
        let tokens = transliteratedTokens(name).map(skeleton).filter { !$0.isEmpty }
        let kept = dropFillers(tokens)
        return kept.isEmpty ? tokens : kept
    }

    /// Lower-case, decomposed, diacritics dropped, Cyrillic and a few Latin letters spelt in plain Latin; split at
    /// anything that is not a letter or digit. Apostrophes vanish without splitting (Мар'яна, O'Brien).
    static func transliteratedTokens(_ name: String) -> [Token] {
        let lower = name.lowercased()
        let scalars = lower.utf8.allSatisfy({ $0 < 0x80 }) ? lower.unicodeScalars : lower.decomposedStringWithCanonicalMapping.unicodeScalars
        var tokens: [Token] = []
        var current: Token = []
        for scalar in scalars {
            if scalar.isASCII {
                switch scalar.value {
                case 0x30...0x39, 0x61...0x7A: current.append(scalar)
                case 0x27, 0x60: continue
                default:
                    if !current.isEmpty { tokens.append(current); current = [] }
                }
                continue
            }
            if let latin = latin[scalar] {
                current.append(contentsOf: latin)
                continue
            }
            let properties = scalar.properties
            switch properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .spacingMark, .format:
                continue
            case .lowercaseLetter, .uppercaseLetter, .titlecaseLetter, .otherLetter, .modifierLetter, .decimalNumber:
                if apostrophes.contains(scalar) { continue }
                current.append(scalar)
            default:
                if apostrophes.contains(scalar) { continue }
                if !current.isEmpty { tokens.append(current); current = [] }
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    static let apostrophes: Set<Unicode.Scalar> = ["\u{2019}", "\u{2018}", "\u{02BC}", "\u{02B9}", "\u{0060}", "\u{00B4}"]

    /// One fixed transliteration of Russian, Belarusian and Ukrainian (and a few Serbian) letters, taken after
    /// decomposition (й is и, ё is е, ї is і, ў is у by then), and Latin letters that do not decompose.
    static let latin: [Unicode.Scalar: [Unicode.Scalar]] = {
        let table: [String: String] = [
            "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "ye", "ж": "zh", "з": "z", "и": "i",
            "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
            "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
            "я": "ya", "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz", "ѓ": "g", "ќ": "k", "ѕ": "dz",
            "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "ð": "d", "ħ": "h",
        ]
        var latin: [Unicode.Scalar: [Unicode.Scalar]] = [:]
        for (letter, spelling) in table { latin[letter.unicodeScalars.first!] = Array(spelling.unicodeScalars) }
        return latin
    }()

    // MARK: - Skeleton

    /// Folds romanisation variants of a transliterated token: shch/sch/sh/sz → s, ch/tch/ts/tz/cz → c, zh → z,
    /// kh → h, g → h (Belarusian and Ukrainian г: Homiel, Hrodna), ph → f, th → t, ck/q → k, x → ks, w → v, j and
    /// y → i (so ya/ia, yu/iu fold), then doubled letters once. Tokens in other scripts pass unchanged.
    static func skeleton(_ token: Token) -> Token {
        let t = token.map { $0.isASCII ? UInt8($0.value) : 0 }
        var out: [UInt8] = []
        out.reserveCapacity(t.count + 2)
        var i = 0
        func at(_ k: Int) -> UInt8 { k < t.count ? t[k] : 0 }
        let s = UInt8(ascii: "s"), c = UInt8(ascii: "c"), h = UInt8(ascii: "h"), z = UInt8(ascii: "z"), k = UInt8(ascii: "k")
        while i < t.count {
            let a = t[i], b = at(i + 1)
            if a == 0 {
                out.append(0)
                i += 1
                continue
            }
            if a == s && b == h && at(i + 2) == c && at(i + 3) == h { out.append(s); i += 4; continue }
            if a == s && b == c && at(i + 2) == h { out.append(s); i += 3; continue }
            if a == UInt8(ascii: "t") && b == c && at(i + 2) == h { out.append(c); i += 3; continue }
            if b == h {
                switch a {
                case c: out.append(c); i += 2; continue
                case s: out.append(s); i += 2; continue
                case z: out.append(z); i += 2; continue
                case k, UInt8(ascii: "g"): out.append(h); i += 2; continue
                case UInt8(ascii: "p"): out.append(UInt8(ascii: "f")); i += 2; continue
                case UInt8(ascii: "t"): out.append(UInt8(ascii: "t")); i += 2; continue
                default: break
                }
            }
            if a == UInt8(ascii: "t") && (b == s || b == z) { out.append(c); i += 2; continue }
            if a == c && b == z { out.append(c); i += 2; continue }
            if a == s && b == z { out.append(s); i += 2; continue }
            if a == c && b == k { out.append(k); i += 2; continue }
            switch a {
            case UInt8(ascii: "x"): out.append(k); out.append(s)
            case UInt8(ascii: "q"): out.append(k)
            case UInt8(ascii: "w"): out.append(UInt8(ascii: "v"))
            case UInt8(ascii: "j"), UInt8(ascii: "y"): out.append(UInt8(ascii: "i"))
            case UInt8(ascii: "g"): out.append(h)
            default: out.append(a)
            }
            i += 1
        }
        // Back to scalars, doubled letters once; letters of other scripts go back in their places.
        var result: Token = []
        result.reserveCapacity(out.count)
        var foreignIndex = 0
        let foreignScalars = token.filter { !$0.isASCII }
        for byte in out {
            let scalar: Unicode.Scalar
            if byte == 0 {
                scalar = foreignScalars[foreignIndex]
                foreignIndex += 1
            } else {
                scalar = Unicode.Scalar(byte)
            }
            if result.last != scalar || (0x30...0x39).contains(scalar.value) { result.append(scalar) }
        }
        return result
    }

    static let vowels: Set<Unicode.Scalar> = ["a", "e", "i", "o", "u"]

    static func consonants(_ token: Token) -> Token {
        var result: Token = []
        for scalar in token where !vowels.contains(scalar) && result.last != scalar { result.append(scalar) }
        return result
    }

    // MARK: - Fillers

    /// Legal forms and filler words, in Latin and Cyrillic; phrases are dropped before single words.
    static let fillerPhrases: [[Token]] = {
        let phrases = [
            "open joint stock company", "closed joint stock company", "public joint stock company", "private joint stock company",
            "joint stock company", "limited liability company", "additional liability company", "republican unitary enterprise",
            "private unitary enterprise", "state unitary enterprise", "municipal unitary enterprise", "unitary enterprise",
            "republican unitary production enterprise", "limited liability partnership", "company limited",
            "открытое акционерное общество", "закрытое акционерное общество", "публичное акционерное общество",
            "непубличное акционерное общество", "акционерное общество", "общество с ограниченной ответственностью",
            "общество с дополнительной ответственностью", "республиканское унитарное предприятие",
            "республиканское унитарное производственное предприятие", "частное унитарное предприятие",
            "государственное унитарное предприятие", "федеральное государственное унитарное предприятие", "унитарное предприятие",
            "адкрытае акцыянернае таварыства", "закрытае акцыянернае таварыства", "акцыянернае таварыства",
            "таварыства з абмежаванай адказнасцю", "рэспубліканскае унітарнае прадпрыемства", "унітарнае прадпрыемства",
            "публічне акціонерне товариство", "приватне акціонерне товариство", "акціонерне товариство",
            "товариство з обмеженою відповідальністю", "державне підприємство",
        ]
        return phrases.map { transliteratedTokens($0).map(skeleton) }.sorted { $0.count > $1.count }
    }()

    static let fillerWords: Set<Token> = {
        let words = [
            "ojsc", "jsc", "ojs", "cjsc", "pjsc", "oao", "zao", "ooo", "pao", "ao", "aat", "zat", "taa", "tov", "pat", "prat",
            "rup", "rue", "chup", "odo", "llc", "ltd", "limited", "inc", "corp", "plc", "gmbh", "the", "of",
            "оао", "зао", "ооо", "пао", "ао", "аат", "зат", "таа", "тов", "пат", "прат", "руп", "чуп", "одо",
        ]
        return Set(words.flatMap { transliteratedTokens($0).map(skeleton) })
    }()

    static func dropFillers(_ tokens: [Token]) -> [Token] {
        var kept: [Token] = []
        var i = 0
        outer: while i < tokens.count {
            for phrase in fillerPhrases where phrase.count > 1 && i + phrase.count <= tokens.count {
                if Array(tokens[i..<(i + phrase.count)]) == phrase {
                    i += phrase.count
                    continue outer
                }
            }
            if !fillerWords.contains(tokens[i]) { kept.append(tokens[i]) }
            i += 1
        }
        return kept
    }
}
