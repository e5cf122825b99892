/// A dossier: what the ledger holds on a subject under some criteria, as of one signed checkpoint, selected by a
/// spec and redacted by a profile. This is the reference form (`dossier.json`, described by
/// `schema/dossier.schema.json`); Markdown, HTML and CSV are rendered from it and from nothing else.
///
/// Every string that came from the ledger is untrusted text: renderers escape it.
/// Optional members are left out of the JSON when absent; lists are always present (possibly empty).
public struct DossierDocument: Codable, Sendable, Equatable {
    public static let formatName = "evidence-ledger/dossier@1"

    public var format: String = DossierDocument.formatName
    public var title: String
    /// What the dossier is about, in the spec's words and with the subject actors resolved.
    public var scope: Scope
    /// The signed checkpoint the dossier was built from; its date is the dossier's date.
    public var builtFrom: LedgerState
    public var redaction: Redaction
    public var summary: Summary
    /// One section per provision named by the spec, in the spec's order.
    public var criteria: [Criterion]
    /// Every item shown in any section, once, ordered by when it occurred, then id.
    public var items: [Item]
    /// Every source, actor, place and exhibit the items refer to, ordered by id.
    public var sources: [Source]
    public var actors: [Actor]
    public var places: [Place]
    public var exhibits: [Exhibit]
    public var methodology: Methodology
    /// Sanctions status of the actors the shown evidence implicates, as of the checkpoint's day; absent when the
    /// ledger held no designation data at the checkpoint.
    public var sanctions: SanctionsStatus? = nil

    public struct Scope: Codable, Sendable, Equatable {
        /// Actor ids of the subject (a state, a company…); an item concerns the subject when one of them is its
        /// acting or territorial state, one of its actors, or the state one of its actors belongs to.
        public var subjects: [String]
        /// The criteria as the spec names them (provision or element codes).
        public var criteria: [String]
        /// First and last day of the period (YYYY-MM-DD), when the spec limits it; an item is in the period when
        /// what it describes overlaps it.
        public var periodFrom: String?
        public var periodTo: String?
        /// Evidence kinds selected (empty: all).
        public var kinds: [String]
        /// Minimum grades for supporting evidence (contrary and qualifying evidence is never dropped by them).
        public var minReliability: String?
        public var minCredibility: String?
        /// Review statuses selected (withdrawn items are never shown).
        public var statuses: [String]
        /// Language of names (BCP 47), with fallbacks to the first name recorded.
        public var language: String
    }

    public struct LedgerState: Codable, Sendable, Equatable {
        public var origin: String
        public var checkpointSize: UInt64
        /// Base64 of the checkpoint's root hash.
        public var checkpointRoot: String
        /// When the checkpoint was signed (UTC, ISO 8601): the dossier's date.
        public var checkpointSignedAt: String
        /// The C2SP verifier key that signed it (`name+keyid+base64`).
        public var verifierKey: String

        public init(origin: String, checkpointSize: UInt64, checkpointRoot: String, checkpointSignedAt: String, verifierKey: String) {
            self.origin = origin
            self.checkpointSize = checkpointSize
            self.checkpointRoot = checkpointRoot
            self.checkpointSignedAt = checkpointSignedAt
            self.verifierKey = verifierKey
        }
    }

    public struct Redaction: Codable, Sendable, Equatable {
        /// public, un or prosecutor.
        public var profile: String
        public var includeProtected: Bool
        /// What the profile withholds, in words, for the methodology section.
        public var rules: [String]
        /// How many of each were withheld in this dossier.
        public var withheldSources: Int
        public var withheldExhibits: Int
        public var coarsenedPlaces: Int
        public var withheldFields: Int
    }

    public struct Count: Codable, Sendable, Equatable {
        public var key: String
        public var label: String
        public var count: Int
    }

    public struct MonthCount: Codable, Sendable, Equatable {
        /// YYYY-MM, the month in which the item's period starts.
        public var month: String
        public var total: Int
        /// Per evidence kind, only kinds with a count, in kind order.
        public var byKind: [Count]
    }

    public struct Summary: Codable, Sendable, Equatable {
        public var items: Int
        public var elements: Int
        public var elementsWithGaps: Int
        public var byKind: [Count]
        public var byStatus: [Count]
        public var byRelation: [Count]
        /// Items per month of occurrence (items known only to the year or undated are counted in `undated`).
        public var byMonth: [MonthCount]
        public var undated: Int
    }

    public struct Criterion: Codable, Sendable, Equatable {
        /// Provision code, e.g. UNGA-3314/3(f).
        public var code: String
        public var label: String?
        public var instrument: Instrument
        /// The provision's text as recorded, verbatim.
        public var text: String?
        public var textStatus: String
        public var textStatusLabel: String
        public var textSource: String?
        /// The elements to be shown (all of the provision's, or those the spec names). A provision without
        /// elements has one pseudo-element whose code is the provision's.
        public var elements: [Element]
    }

    public struct Instrument: Codable, Sendable, Equatable {
        public var code: String
        public var title: String
        public var symbol: String?
    }

    public struct Element: Codable, Sendable, Equatable {
        public var code: String
        /// What must be shown.
        public var body: String?
        public var basis: String?
        /// Supporting, then qualifying, then contrary evidence; each in time order (then item id).
        public var evidence: [Evidence]
        public var corroboration: Corroboration
        /// Empty when the element is covered by more than one independent origin at good grades.
        public var gaps: [Gap]
    }

    public struct Evidence: Codable, Sendable, Equatable {
        public var link: String
        public var item: String
        public var relation: String
        /// Information credibility 1–6 of the claim for this element.
        public var credibility: String
        /// The best reliability among the item's shown sources (A–F), when it has any.
        public var reliability: String?
        /// Reliability and credibility together, e.g. "B2" ("–2" when no source is shown).
        public var grade: String
        public var argument: String
        public var assertedBy: String
        public var linkVersion: Int
    }

    public struct Corroboration: Codable, Sendable, Equatable {
        public var supportingItems: Int
        public var qualifyingItems: Int
        public var contraryItems: Int
        /// Independent origins of the supporting evidence: an originator named on the item (reported-by,
        /// stated-by), otherwise each source's publisher. Two articles relaying one monitor are one origin.
        public var independentOrigins: Int
        public var origins: [String]
        /// The best grade among supporting evidence, when there is any.
        public var bestGrade: String?
    }

    public struct Gap: Codable, Sendable, Equatable {
        /// no-evidence, single-origin, weak-grades-only, contrary-evidence, unverified-only.
        public var code: String
        public var text: String
    }

    public struct Item: Codable, Sendable, Equatable {
        public var id: String
        public var version: Int
        public var kind: String
        public var kindLabel: String
        public var title: String
        public var description: String?
        public var occurred: Occurred?
        public var place: String?
        public var actingState: String?
        public var territorialState: String?
        public var actors: [ItemActor]
        public var attributes: [Attribute]
        public var claimStatus: String?
        /// Review status: draft, submitted, verified or disputed.
        public var status: String
        public var reviewer: String?
        public var reviewNote: String?
        public var sources: [ItemSource]
        /// Sources of the item that the redaction profile withholds (counted, never named).
        public var withheldSources: Int
        public var exhibits: [ItemExhibit]
        public var withheldExhibits: Int
        /// The independent origins of the item (see Corroboration).
        public var origins: [String]
        /// When this version was recorded in the ledger (UTC, ISO 8601).
        public var recordedAt: String
        public var recordedBy: String
        public var changeReason: String?
        /// The log entry of this version; the bundle's proofs/<id>.tlog-proof proves it.
        public var entry: UInt64
    }

    public struct Occurred: Codable, Sendable, Equatable {
        /// Start and end as stored (UTC ISO 8601), and how precisely it is known.
        public var from: String
        public var to: String
        public var precision: String
        /// The same for people: "2022-02-24 – 2022-05-14", "March 2022", "2022".
        public var display: String
    }

    public struct ItemActor: Codable, Sendable, Equatable {
        public var actor: String
        public var role: String
    }

    public struct Attribute: Codable, Sendable, Equatable {
        public var name: String
        /// The value as text (strings as they are, numbers and booleans as JSON writes them).
        public var value: String
    }

    public struct ItemSource: Codable, Sendable, Equatable {
        public var source: String
        public var locator: String?
        public var quote: String?
    }

    public struct ItemExhibit: Codable, Sendable, Equatable {
        public var exhibit: String
        public var note: String?
    }

    public struct Source: Codable, Sendable, Equatable {
        public var id: String
        public var title: String?
        public var publisher: String?
        public var site: String?
        public var url: String?
        public var author: String?
        /// Publication date to its precision: YYYY-MM-DD, YYYY-MM or YYYY.
        public var published: String?
        public var language: String?
        public var kind: String
        public var reliability: String
        public var reliabilityLabel: String
        public var gradingNote: String?
        public var protection: String
        /// The protected identity, only with --include-protected and a role that may read it.
        public var identity: String?
        public var version: Int
    }

    public struct Name: Codable, Sendable, Equatable {
        public var name: String
        public var language: String
        public var romanisation: String?
    }

    public struct Identifier: Codable, Sendable, Equatable {
        public var scheme: String
        public var value: String
    }

    public struct Actor: Codable, Sendable, Equatable {
        public var id: String
        public var kind: String
        /// The name in the dossier's language, else the first recorded.
        public var name: String
        public var names: [Name]
        public var state: String?
        public var identifiers: [Identifier]
    }

    public struct Place: Codable, Sendable, Equatable {
        public var id: String
        public var kind: String
        public var name: String
        public var names: [Name]
        public var state: String?
        /// Decimal degrees as stored (or coarsened to 0.1° when `coarsened`).
        public var latitude: String?
        public var longitude: String?
        public var coarsened: Bool
    }

    public struct Exhibit: Codable, Sendable, Equatable {
        public var id: String
        /// Lower-case hex SHA-256 of the file; in a bundle the file is exhibits/<sha256>.
        public var sha256: String
        public var mediaType: String
        public var fileName: String?
        public var size: Int
        public var collectedBy: String?
        public var collectedAt: String?
        public var collectedFrom: String?
        public var collectionTool: String?
        public var custodyNotes: String?
        public var original: String?
        public var source: String?
    }

    public struct Grade: Codable, Sendable, Equatable {
        public var grade: String
        public var label: String
    }

    public struct Methodology: Codable, Sendable, Equatable {
        public var reliabilityScale: [Grade]
        public var credibilityScale: [Grade]
        public var reviewStatuses: [Grade]
        /// Plain-language paragraphs: what "verified" means, how origins are counted, what a gap is, how items
        /// were selected, what the redaction profile withheld, which checkpoint the dossier rests on.
        public var notes: [String]
    }

    public struct SanctionsStatus: Codable, Sendable, Equatable {
        /// The day the statuses hold on: the checkpoint's (YYYY-MM-DD).
        public var asOf: String
        public var jurisdictions: [String]
        /// Actors named by supporting evidence as perpetrator, facilitator, operator or owner, or as the operator or
        /// supplier an item's attributes record; states apart.
        public var actors: [SanctionsActor]
        public var statesLeftOut: [String]
        /// The latest import of each dataset in the ledger at the checkpoint.
        public var basis: [SanctionsData]
        public var caveat: String
    }

    public struct SanctionsActor: Codable, Sendable, Equatable {
        public var actor: String
        public var name: String
        /// The shown items that implicate it.
        public var items: [String]
        public var statuses: [SanctionsCell]
    }

    public struct SanctionsCell: Codable, Sendable, Equatable {
        public var jurisdiction: String
        /// designated, delisted or no-designation-in-loaded-data.
        public var status: String
        public var date: String?
        public var text: String
        public var listings: [SanctionsListing]
    }

    public struct SanctionsListing: Codable, Sendable, Equatable {
        public var id: String
        public var jurisdiction: String
        /// The sanctions target listed (imported listings, carried to the actor by an accepted match).
        public var target: String?
        public var targetName: String?
        public var match: String?
        public var authority: String?
        public var programme: String?
        public var reference: String?
        public var listed: String?
        public var delisted: String?
        public var inData: Bool
        public var dataset: String?
        /// The ledger source reporting it (listings entered by hand), when the dossier shows that source.
        public var source: String?
        public var sourceUrl: String?
        public var version: Int
    }

    public struct SanctionsData: Codable, Sendable, Equatable {
        public var dataset: String
        public var format: String
        public var fileName: String
        public var fileSha256: String
        public var dataAsOf: String?
        public var importedAt: String
    }
}
