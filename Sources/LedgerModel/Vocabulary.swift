/// The closed lists of codes the ledger uses. They mirror the enum types of schema/0002_evidence_model.sql (a
/// test compares the two), so input is checked before anything is sent to the database.
public enum Vocabulary {
    public static let evidenceKind = ["missile-launch", "aircraft-sortie", "troop-presence", "rail-transport", "fuel-supply",
        "equipment-transfer", "airspace-use", "logistic-support", "personnel-participation", "civilian-transfer",
        "official-statement", "institutional-finding", "other"]
    public static let sourceKind = ["monitoring-group", "media", "official-statement", "government-document",
        "international-organisation", "ngo-report", "academic", "political-commentary", "interview", "court-or-parliament",
        "satellite-imagery", "witness", "leak", "other"]
    public static let actorKind = ["state", "armed-forces", "government-body", "company", "organisation", "person",
        "monitoring-group", "media-outlet"]
    public static let actorRole = ["perpetrator", "facilitator", "operator", "owner", "stated-by", "reported-by", "victim", "other"]
    public static let placeKind = ["settlement", "airfield", "refinery", "region", "facility", "other"]
    public static let instrumentKind = ["un-resolution", "treaty", "un-charter", "ilc-articles", "eu-act", "bilateral-treaty", "draft-law"]
    public static let sourceReliability = ["A", "B", "C", "D", "E", "F"]
    public static let informationCredibility = ["1", "2", "3", "4", "5", "6"]
    public static let textStatus = ["confirmed", "standard-text-unconfirmed", "unconfirmed"]
    public static let reviewStatus = ["draft", "submitted", "verified", "disputed", "withdrawn"]
    public static let claimStatus = ["confirmed-in-publication", "confirmed-in-publication (secondary)", "party-claim", "secondary", "unconfirmed"]
    public static let linkRelation = ["supports", "qualifies", "contradicts"]
    public static let protection = ["public", "restricted", "protected"]
    public static let precision = ["exact", "hour", "day", "month", "year", "approximate"]

    /// Each list by the name of its database enum type.
    public static let byTypeName: [String: [String]] = [
        "evidence_kind": evidenceKind, "source_kind": sourceKind, "actor_kind": actorKind, "actor_role": actorRole,
        "place_kind": placeKind, "instrument_kind": instrumentKind, "source_reliability": sourceReliability,
        "information_credibility": informationCredibility, "text_status": textStatus, "review_status": reviewStatus,
        "claim_status": claimStatus, "link_relation": linkRelation, "protection": protection, "precision": precision,
    ]
}
