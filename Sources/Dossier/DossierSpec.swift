import Foundation
import LedgerModel
import Yams

/// What a dossier is to show: read from a YAML spec (`evidence-ledger dossier new` prints a commented template).
public struct DossierSpec: Sendable, Equatable {
    public static let formatName = "evidence-ledger/dossier-spec@1"
    public static let profiles = ["public", "un", "prosecutor"]
    public static let allFormats = ["json", "markdown", "html", "csv"]
    public static let selectableStatuses = ["draft", "submitted", "verified", "disputed"]
    public static let defaultStatuses = ["submitted", "verified", "disputed"]

    public var title: String
    public var subjects: [String]
    public var criteria: [String]
    public var periodFrom: String?
    public var periodTo: String?
    public var kinds: [String]
    public var minReliability: String?
    public var minCredibility: String?
    public var statuses: [String]
    public var profile: String
    public var formats: [String]
    public var language: String

    public init(title: String, subjects: [String] = [], criteria: [String], periodFrom: String? = nil, periodTo: String? = nil,
                kinds: [String] = [], minReliability: String? = nil, minCredibility: String? = nil,
                statuses: [String] = DossierSpec.defaultStatuses, profile: String = "public",
                formats: [String] = DossierSpec.allFormats, language: String = "en") {
        self.title = title
        self.subjects = subjects
        self.criteria = criteria
        self.periodFrom = periodFrom
        self.periodTo = periodTo
        self.kinds = kinds
        self.minReliability = minReliability
        self.minCredibility = minCredibility
        self.statuses = statuses
        self.profile = profile
        self.formats = formats
        self.language = language
    }

    /// The spec a dossier was built from, as the dossier states it (formats aside).
    public init(document: DossierDocument) {
        self.init(title: document.title, subjects: document.scope.subjects, criteria: document.scope.criteria,
                  periodFrom: document.scope.periodFrom, periodTo: document.scope.periodTo, kinds: document.scope.kinds,
                  minReliability: document.scope.minReliability, minCredibility: document.scope.minCredibility,
                  statuses: document.scope.statuses, profile: document.redaction.profile, formats: DossierSpec.allFormats,
                  language: document.scope.language)
    }

    /// Reads and checks a spec. Every problem is reported at once, each with the line, the field, the value and
    /// what was expected.
    public static func parse(_ text: String, file: String) throws -> DossierSpec {
        var problems: [String] = []
        func problem(_ node: Node?, _ field: String, _ value: String?, _ expected: String) {
            let line = node.map { "\($0.mark?.line ?? 0)" } ?? "?"
            let shown = value.map { " \"\($0.count > 80 ? String($0.prefix(80)) + "…" : $0)\"" } ?? ""
            problems.append("\(file):\(line): \(field)\(shown): expected \(expected)")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw DossierProblem("\(file): not a YAML document: \(error)")
        }
        guard let root, let mapping = root.mapping else {
            throw DossierProblem("\(file):1: expected a YAML mapping with title, criteria and the other spec fields (see evidence-ledger dossier new)")
        }
        var fields: [String: Node] = [:]
        let known: Set<String> = ["format", "title", "subject", "criteria", "period", "kinds", "min_reliability",
                                  "min_credibility", "statuses", "redaction", "formats", "language"]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { problem(keyNode, "(key)", nil, "text keys"); continue }
            if !known.contains(key) { problem(keyNode, key, nil, "one of " + known.sorted().joined(separator: ", ")) }
            if fields[key] != nil { problem(keyNode, key, nil, "each key once") }
            fields[key] = value
        }
        func scalar(_ key: String) -> String? {
            guard let node = fields[key] else { return nil }
            guard let value = node.scalar?.string else { problem(node, key, nil, "a single value"); return nil }
            return value
        }
        func list(_ key: String) -> [String]? {
            guard let node = fields[key] else { return nil }
            if let value = node.scalar?.string { return value.isEmpty ? [] : [value] }
            guard let sequence = node.sequence else { problem(node, key, nil, "a list"); return nil }
            var values: [String] = []
            for element in sequence {
                guard let value = element.scalar?.string, !value.isEmpty else { problem(element, key, nil, "text entries"); continue }
                values.append(value)
            }
            return values
        }
        if let format = scalar("format"), format != formatName { problem(fields["format"], "format", format, formatName) }
        let title = scalar("title")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if title.isEmpty { problem(fields["title"] ?? root, "title", nil, "a title") }
        let criteria = list("criteria") ?? []
        if criteria.isEmpty { problem(fields["criteria"] ?? root, "criteria", nil, "at least one provision or element code, e.g. UNGA-3314/3(f)") }
        let subjects = list("subject") ?? []
        var from: String?, to: String?
        if let period = fields["period"] {
            if let m = period.mapping {
                for (k, v) in m {
                    let key = k.string ?? ""
                    guard key == "from" || key == "to" else { problem(k, "period.\(key)", nil, "from or to"); continue }
                    guard let value = v.scalar?.string else { problem(v, "period.\(key)", nil, "a date YYYY-MM-DD"); continue }
                    if !InputDates.isRealDay(value) { problem(v, "period.\(key)", value, "a real day YYYY-MM-DD") }
                    if key == "from" { from = value } else { to = value }
                }
                if let f = from, let t = to, InputDates.isRealDay(f), InputDates.isRealDay(t), t < f {
                    problem(period, "period", "\(f) – \(t)", "the end on or after the start")
                }
            } else {
                problem(period, "period", nil, "a mapping with from and/or to")
            }
        }
        let kinds = list("kinds") ?? []
        for kind in kinds where !Vocabulary.evidenceKind.contains(kind) {
            problem(fields["kinds"], "kinds", kind, "one of " + Vocabulary.evidenceKind.joined(separator: ", "))
        }
        let minReliability = scalar("min_reliability")
        if let r = minReliability, !["A", "B", "C", "D", "E", "F"].contains(r) { problem(fields["min_reliability"], "min_reliability", r, "a grade A–F") }
        let minCredibility = scalar("min_credibility")
        if let c = minCredibility, !["1", "2", "3", "4", "5", "6"].contains(c) { problem(fields["min_credibility"], "min_credibility", c, "a grade 1–6") }
        let statuses = list("statuses") ?? defaultStatuses
        for status in statuses where !selectableStatuses.contains(status) {
            problem(fields["statuses"], "statuses", status, "one of " + selectableStatuses.joined(separator: ", ") + " (withdrawn items are never shown)")
        }
        if statuses.isEmpty { problem(fields["statuses"], "statuses", nil, "at least one status") }
        let profile = scalar("redaction") ?? "public"
        if !profiles.contains(profile) { problem(fields["redaction"], "redaction", profile, "one of " + profiles.joined(separator: ", ")) }
        let formats = list("formats") ?? allFormats
        for format in formats where !allFormats.contains(format) {
            problem(fields["formats"], "formats", format, "one of " + allFormats.joined(separator: ", "))
        }
        let language = scalar("language") ?? "en"
        if language.range(of: "^[a-z]{2,3}(-[A-Za-z0-9]+)*$", options: .regularExpression) == nil {
            problem(fields["language"], "language", language, "a BCP 47 language tag such as en, uk, be-Latn")
        }
        if !problems.isEmpty { throw DossierProblem(problems.joined(separator: "\n")) }
        return DossierSpec(title: title, subjects: unique(subjects), criteria: unique(criteria), periodFrom: from, periodTo: to,
                           kinds: unique(kinds).sorted { Vocabulary.evidenceKind.firstIndex(of: $0)! < Vocabulary.evidenceKind.firstIndex(of: $1)! },
                           minReliability: minReliability, minCredibility: minCredibility,
                           statuses: selectableStatuses.filter { statuses.contains($0) }, profile: profile,
                           formats: allFormats.filter { formats.contains($0) }, language: language)
    }

    static func unique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }

    /// The commented template `evidence-ledger dossier new` prints.
    public static let template = """
        # A dossier spec for `evidence-ledger dossier build SPEC.yaml --out DIR`.
        # The dossier shows the ledger as it stood at its latest signed checkpoint; building the same spec on the
        # same checkpoint gives byte-identical files.
        format: \(formatName)

        # The title on the cover.
        title: "Belarus as co-aggressor under UNGA resolution 3314, Art. 3(f)"

        # Whose conduct the dossier is about: actor ids (evidence-ledger search NAME finds them). An item concerns
        # the subject when it is the item's acting or territorial state, one of its actors, or the state one of its
        # actors belongs to. Leave the list empty for every item linked to the criteria.
        subject: [actor-belarus]

        # Provision codes (all their elements) or element codes, in the order they are to appear
        # (evidence-ledger criteria list shows them).
        criteria:
          - "UNGA-3314/3(f)"

        # Only items whose time overlaps this period (days, both included). Leave out for no limit.
        period:
          from: "2022-02-24"
          to: "2023-12-31"

        # Evidence kinds to include; empty: all kinds.
        kinds: []

        # Minimum grades for SUPPORTING evidence: the best reliability of the item's shown sources (A best, F
        # worst) and the information credibility of the link (1 best, 6 worst). Contrary and qualifying evidence
        # is always shown, whatever its grade. Leave out for no minimum.
        # min_reliability: C
        # min_credibility: 3

        # Review statuses to include: draft, submitted, verified, disputed. Withdrawn items are never shown.
        statuses: [submitted, verified, disputed]

        # Redaction profile:
        #   public      for publication: restricted and protected sources withheld, exhibit collection records
        #               withheld, coordinates of places tied to withheld sources coarsened to 0.1°
        #   un          for UN bodies and governments: protected sources withheld, coordinates as for public
        #   prosecutor  everything; protected identities only with --include-protected and a role that may read them
        redaction: public

        # Files to write: json (the reference form), markdown, html, csv.
        formats: [json, markdown, html, csv]

        # Language of actor and place names (BCP 47: en, uk, be, ru, be-Latn…); the first recorded name otherwise.
        language: en

        """
}

/// A problem that stops a dossier from being built or verified.
public struct DossierProblem: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
