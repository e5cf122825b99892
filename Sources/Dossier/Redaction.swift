import Foundation
import LedgerModel

/// The redaction profiles. Redaction works on records before the builder sees them: a withheld record keeps its
/// entry (the row's existence stays provable) but loses its payload; its substitute holds only what may be shown.
public enum Redaction {
    /// How far each profile reaches: the highest source protection it shows.
    static func shownProtection(_ profile: String) -> Int {
        switch profile {
        case "prosecutor": return 2
        case "un": return 1
        default: return 0
        }
    }

    static func protectionRank(_ protection: String?) -> Int {
        switch protection {
        case "protected": return 2
        case "restricted": return 1
        default: return 0
        }
    }

    static let collectionFields = ["collected_by", "collected_from", "collection_tool", "custody_notes"]

    /// What each profile withholds, in words.
    public static func rules(profile: String, includeProtected: Bool) -> [String] {
        switch profile {
        case "prosecutor":
            return ["All sources are shown, restricted and protected ones included.",
                    includeProtected ? "Protected identities are shown, as the building role was allowed to read them."
                                     : "Protected identities are not included.",
                    "Exhibit collection records and exact coordinates are shown."]
        case "un":
            return ["Protected sources are withheld: they are counted on each item, never named; their exhibits are withheld with them.",
                    "Restricted sources and exhibit collection records are shown.",
                    "Coordinates of places of items that rest on a withheld source are coarsened to 0.1 degree."]
        default:
            return ["Restricted and protected sources are withheld: they are counted on each item, never named; their exhibits are withheld with them.",
                    "Exhibit collection records (who collected, from where, with which tool, custody notes) are withheld.",
                    "Coordinates of places of items that rest on a withheld source are coarsened to 0.1 degree."]
        }
    }

    public struct Applied: Sendable {
        public var records: [LedgerRecord]
        /// Values that were withheld and must not appear in any file written (the leak check looks for them).
        public var withheldValues: Set<String>
    }

    public static func apply(profile: String, includeProtected: Bool, to records: [LedgerRecord]) throws -> Applied {
        var plan = try Plan(profile: profile, includeProtected: includeProtected, records: records)
        var out: [LedgerRecord] = []
        out.reserveCapacity(records.count)
        for record in records { if let redacted = try plan.apply(record) { out.append(redacted) } }
        return Applied(records: out, withheldValues: plan.leakValues)
    }

    /// What a profile withholds in one snapshot, and the means to redact its records one at a time.
    public struct Plan: Sendable {
        public let profile: String
        public let includeProtected: Bool
        /// Sources (entity ids) whose latest version the profile does not show.
        public let withheldSources: Set<String>
        let withheldExhibits: Set<String>
        let coarsenedPlaces: Set<String>
        var withheldValues: Set<String> = []
        var keptValues: Set<String> = []
        /// Whether a kept value is remembered only when it is already a withheld one (see `init`).
        let keepOnlyWithheld: Bool

        /// The plan for a whole snapshot's `records`; or, given `coarsenedPlaces`, for a snapshot read in parts:
        /// `records` then need only hold the sources and exhibits, the places to coarsen are those of items
        /// that rest on a withheld source (`coarsenedPlaces(items:)`), and the records with withheld values must
        /// be applied before the others. A value both withheld and shown elsewhere is then a leak unless the
        /// record showing it comes after the one withholding it: the leak check is at least as strict.
        public init(profile: String, includeProtected: Bool, records: [LedgerRecord], coarsenedPlaces given: Set<String>? = nil) throws {
            self.profile = profile
            self.includeProtected = includeProtected
            keepOnlyWithheld = given != nil
            let shown = shownProtection(profile)
            var latestSource: [String: (Int, String?)] = [:]
            var exhibitSource: [String: String] = [:]
            var itemSources: [(item: String, source: String)] = []
            var itemPlaces: [(item: String, place: String)] = []
            for record in records where ["source_version", "exhibit", "item_source", "item_version"].contains(record.table) {
                let f = try record.fields()
                if record.table == "source_version", let id = f["entity_id"] ?? nil {
                    let version = Int((f["version"] ?? nil) ?? "") ?? 0
                    if (latestSource[id]?.0 ?? 0) <= version { latestSource[id] = (version, f["protection"] ?? nil) }
                }
                if record.table == "exhibit", let id = f["entity_id"] ?? nil, let source = f["source_id"] ?? nil { exhibitSource[id] = source }
                if record.table == "item_source", let source = f["source_id"] ?? nil, let item = f["item_id"] ?? nil { itemSources.append((item, source)) }
                if record.table == "item_version", let item = f["entity_id"] ?? nil, let place = f["place_id"] ?? nil { itemPlaces.append((item, place)) }
            }
            let withheldSources = Set(latestSource.filter { protectionRank($0.value.1) > shown }.keys)
            self.withheldSources = withheldSources
            withheldExhibits = Set(exhibitSource.filter { withheldSources.contains($0.value) }.keys)
            if let given {
                coarsenedPlaces = given
            } else if profile != "prosecutor" {
                // Places of items that rest on a withheld source.
                let itemsOnWithheld = Set(itemSources.filter { withheldSources.contains($0.source) }.map(\.item))
                coarsenedPlaces = Set(itemPlaces.filter { itemsOnWithheld.contains($0.item) }.map(\.place))
            } else {
                coarsenedPlaces = []
            }
        }

        /// Whether the profile coarsens the places of items that rest on a withheld source.
        public var coarsens: Bool { profile != "prosecutor" }

        static let identifying: [String: [String]] = [
            "source_version": ["title", "publisher", "site", "url", "author", "grading_note", "notes"],
            "entity": ["external_id"], "item_source": ["locator", "quote"],
            "exhibit": ["file_name", "sha256", "collected_by", "collected_from", "collection_tool", "custody_notes"],
            "place_version": ["latitude", "longitude"], "source_identity": ["identity", "contact", "notes"],
        ]

        /// The tables whose rows a profile may withhold or whose values it notes.
        static let redactable: Set<String> = Set(identifying.keys).union(["item_exhibit"])

        private mutating func note(_ table: String, _ f: [String: String?], withheld keys: Set<String>?) {
            for key in Plan.identifying[table] ?? [] {
                guard let value = f[key] ?? nil else { continue }
                if keys == nil || keys!.contains(key) {
                    withheldValues.insert(value)
                } else if !keepOnlyWithheld || withheldValues.contains(value) {
                    keptValues.insert(value)
                }
            }
        }

        /// The record as the profile lets it be shown; nil when it is left out altogether (protected identities).
        public mutating func apply(_ record: LedgerRecord) throws -> LedgerRecord? {
            // Rows of other tables are never redacted and hold no identifying value.
            guard Plan.redactable.contains(record.table) else { return record }
            let f = try record.fields()
            func value(_ key: String) -> String? { f[key] ?? nil }
            func keep(_ keys: [String]) -> [String: String?] {
                var s: [String: String?] = [:]
                for key in keys { s[key] = .some(value(key)) }
                return s
            }
            var substitute: [String: String?]?
            var withheldKeys: Set<String>?
            switch record.table {
            case "source_identity":
                if !includeProtected { note(record.table, f, withheld: nil); return nil }
            case "source_version" where withheldSources.contains(value("entity_id") ?? ""):
                substitute = keep(["entity_id", "version"])
            case "entity" where (value("entity_type") == "source" && withheldSources.contains(value("id") ?? ""))
                || (value("entity_type") == "exhibit" && withheldExhibits.contains(value("id") ?? "")):
                substitute = keep(["id", "entity_type"])
            case "item_source" where withheldSources.contains(value("source_id") ?? ""):
                substitute = keep(["item_id", "item_version", "ordinal", "source_id"])
            case "exhibit" where withheldExhibits.contains(value("entity_id") ?? ""):
                substitute = keep(["entity_id"])
            case "item_exhibit" where withheldExhibits.contains(value("exhibit_id") ?? ""):
                substitute = keep(["item_id", "item_version", "ordinal", "exhibit_id"])
            case "exhibit" where profile == "public" && collectionFields.contains(where: { value($0) != nil }):
                var s = f
                for key in collectionFields { s[key] = .some(nil) }
                substitute = s
                withheldKeys = Set(collectionFields)
            case "place_version" where coarsenedPlaces.contains(value("entity_id") ?? "") && (value("latitude") != nil || value("longitude") != nil):
                var s = f
                s["latitude"] = .some(value("latitude").map(coarsened))
                s["longitude"] = .some(value("longitude").map(coarsened))
                s["coordinates_coarsened"] = .some("true")
                substitute = s
                withheldKeys = ["latitude", "longitude"]
            default:
                break
            }
            if let substitute {
                note(record.table, f, withheld: withheldKeys)
                // The coarsened values themselves are shown.
                for key in withheldKeys ?? [] { if let v = substitute[key] ?? nil { keptValues.insert(v) } }
                return LedgerRecord(entry: record.entry, table: record.table, key: record.key, payload: nil, substitute: substitute)
            }
            note(record.table, f, withheld: [])
            return record
        }

        /// Values that were withheld and must not appear in any file written (the leak check looks for them).
        public var leakValues: Set<String> {
            withheldValues.subtracting(keptValues).filter { $0.trimmingCharacters(in: .whitespacesAndNewlines).count >= 4 }
        }
    }

    /// A coordinate rounded to one decimal (about 11 km of latitude).
    static func coarsened(_ text: String) -> String {
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return "" }
        var input = value, rounded = Decimal()
        NSDecimalRound(&rounded, &input, 1, .plain)
        var s = NSDecimalNumber(decimal: rounded).stringValue
        if !s.contains(".") { s += ".0" }
        return s
    }

    /// The withheld values found in `text`, as written raw, HTML-escaped or JSON-escaped.
    public static func leaks(of values: Set<String>, in text: String) -> [String] {
        values.sorted().filter { value in
            let forms = [value, HTMLText.escape(value), jsonEscaped(value)]
            return forms.contains { text.contains($0) }
        }
    }

    /// The withheld values found in the file at `url`, which may be too large to read whole: it is read in windows
    /// that overlap by the longest form of any value, so that every match lies whole in one window. The forms are
    /// looked for as bytes, in both canonical forms (NFC, NFD) besides the value's own: a match followed by a
    /// combining mark still counts.
    public static func leaks(of values: Set<String>, inFile url: URL) throws -> [String] {
        guard !values.isEmpty else { return [] }
        // Each value as stored and in both canonical forms (a name pasted in decomposed form is the same text), each
        // as written raw, in HTML and in JSON.
        let forms: [(value: String, bytes: [[UInt8]])] = values.sorted().map { value in
            let spellings = [value, value.precomposedStringWithCanonicalMapping, value.decomposedStringWithCanonicalMapping]
            let written = Set(spellings.flatMap { [$0, HTMLText.escape($0), jsonEscaped($0)] }.map { Array($0.utf8) }.filter { !$0.isEmpty })
            return (value, written.sorted { $0.lexicographicallyPrecedes($1) })
        }
        let longest = forms.flatMap { $0.bytes.map(\.count) }.max() ?? 0
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var found: Set<String> = []
        var carry: [UInt8] = []
        while let chunk = try handle.read(upToCount: 8 << 20), !chunk.isEmpty {
            let window = carry + [UInt8](chunk)
            window.withUnsafeBytes { haystack in
                for form in forms where !found.contains(form.value) {
                    if form.bytes.contains(where: { occurs($0, in: haystack) }) { found.insert(form.value) }
                }
            }
            carry = Array(window.suffix(longest))
        }
        return found.sorted()
    }

    /// Whether `needle` occurs in `haystack`.
    static func occurs(_ needle: [UInt8], in haystack: UnsafeRawBufferPointer) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return needle.isEmpty }
        let last = haystack.count - needle.count
        var at = 0
        while at <= last {
            guard let hit = memchr(haystack.baseAddress! + at, Int32(first), last - at + 1) else { return false }
            let offset = haystack.baseAddress!.distance(to: UnsafeRawPointer(hit))
            if memcmp(haystack.baseAddress! + offset, needle, needle.count) == 0 { return true }
            at = offset + 1
        }
        return false
    }

    static func jsonEscaped(_ s: String) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: s, options: [.fragmentsAllowed, .withoutEscapingSlashes]) else { return s }
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
}
