@testable import Dossier

/// A rich dossier for renderer and schema tests: two criteria (one with an unconfirmed text), elements with and
/// without gaps, supporting, qualifying and contrary evidence, Cyrillic names, a hostile title, a coarsened
/// place, withheld sources and exhibits.
enum SampleDossier {
    static let hostileTitle = "<script>alert(1)</script> \"Quoted\" & 'single' | # not a heading"

    static let sha1 = "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b"
    static let sha2 = "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"

    static func document() -> DossierDocument {
        typealias D = DossierDocument
        let items: [D.Item] = [
            D.Item(
                id: "item-0001", version: 2, kind: "missile-launch", kindLabel: "Missile launch",
                title: "Iskander launches from the Mazyr area towards Chernihiv region",
                description: "Monitors reported several launches from the south-east of Belarus.\n\nA second paragraph with *stars* and [brackets].",
                occurred: .init(from: "2022-02-24T03:00:00Z", to: "2022-02-24T06:00:00Z", precision: "hour", display: "2022-02-24, 03:00–06:00 UTC"),
                place: "place-mazyr", actingState: "actor-rus", territorialState: "actor-blr",
                actors: [.init(actor: "actor-hajun", role: "reported-by"), .init(actor: "actor-rus-af", role: "perpetrator")],
                attributes: [.init(name: "missiles", value: "4"), .init(name: "type", value: "9M723 | Iskander-M")],
                claimStatus: "confirmed-in-publication", status: "verified", reviewer: "reviewer-a",
                reviewNote: "Cross-checked with two monitors.", sources: [
                    .init(source: "src-hajun", locator: "post 1432", quote: "Пуск ракет из-под Мозыря.\nSecond line of the quote."),
                    .init(source: "src-media", locator: nil, quote: nil),
                ],
                withheldSources: 2, exhibits: [.init(exhibit: "exh-1", note: "Video still, frame 120.")], withheldExhibits: 1,
                origins: ["Belarusian Hajun"], recordedAt: "2026-02-01T10:00:00.000000Z", recordedBy: "editor-b",
                changeReason: "Added the second source.", entry: 41),
            D.Item(
                id: "item-0002", version: 1, kind: "aircraft-sortie", kindLabel: "Aircraft sortie",
                title: hostileTitle,
                description: "# Heading-like line\n- list-like line\n1. numbered-like line\n<img src=x onerror=alert(2)>",
                occurred: .init(from: "2022-03-01T00:00:00Z", to: "2022-03-31T23:59:59Z", precision: "month", display: "March 2022"),
                place: "place-machulishchy", actingState: "actor-rus", territorialState: "actor-blr",
                actors: [.init(actor: "actor-rus-af", role: "operator")],
                attributes: [], claimStatus: "party-claim", status: "submitted", reviewer: nil, reviewNote: nil,
                sources: [.init(source: "src-javascript", locator: "p. 3", quote: "\"They flew at night\" — <b>bold</b>")],
                withheldSources: 0, exhibits: [], withheldExhibits: 0, origins: ["Ministry of Defence of Ukraine"],
                recordedAt: "2026-02-02T11:00:00.000000Z", recordedBy: "editor-b", changeReason: nil, entry: 57),
            D.Item(
                id: "item-0003", version: 1, kind: "official-statement", kindLabel: "Official statement",
                title: "Statement that no Belarusian territory was used",
                description: nil,
                occurred: .init(from: "2022-03-10T00:00:00Z", to: "2022-03-10T23:59:59Z", precision: "day", display: "2022-03-10"),
                place: nil, actingState: "actor-blr", territorialState: nil,
                actors: [.init(actor: "actor-blr-mod", role: "stated-by")],
                attributes: [], claimStatus: "party-claim", status: "disputed", reviewer: "reviewer-a",
                reviewNote: "Contradicted by monitoring data.", sources: [.init(source: "src-mod", locator: nil, quote: "Территория Беларуси не использовалась.")],
                withheldSources: 0, exhibits: [], withheldExhibits: 0, origins: ["Ministry of Defence of Belarus"],
                recordedAt: "2026-02-03T09:30:00.000000Z", recordedBy: "editor-c", changeReason: nil, entry: 63),
            D.Item(
                id: "item-0004", version: 3, kind: "rail-transport", kindLabel: "Rail transport",
                title: "Fuel trains near a protected location",
                description: "Trains observed by a witness whose identity is protected.",
                occurred: .init(from: "2022-05-02T00:00:00Z", to: "2022-05-02T23:59:59Z", precision: "day", display: "2022-05-02"),
                place: "place-protected", actingState: "actor-rus", territorialState: "actor-blr",
                actors: [], attributes: [.init(name: "wagons", value: "31"), .init(name: "confirmed", value: "false")],
                claimStatus: "unconfirmed", status: "verified", reviewer: "reviewer-d", reviewNote: nil,
                sources: [], withheldSources: 1, exhibits: [.init(exhibit: "exh-2", note: nil)], withheldExhibits: 0,
                origins: [], recordedAt: "2026-02-04T08:00:00.000000Z", recordedBy: "editor-c", changeReason: "Coordinates corrected.", entry: 88),
            D.Item(
                id: "item-0005", version: 1, kind: "missile-launch", kindLabel: "Missile launch",
                title: "Launch reported in 2022 without a month",
                description: nil,
                occurred: .init(from: "2022-01-01T00:00:00Z", to: "2022-12-31T23:59:59Z", precision: "year", display: "2022"),
                place: "place-unknown-coords", actingState: "actor-rus", territorialState: "actor-blr",
                actors: [], attributes: [], claimStatus: "secondary", status: "verified", reviewer: "reviewer-a", reviewNote: nil,
                sources: [.init(source: "src-media", locator: "para. 9", quote: nil)], withheldSources: 0, exhibits: [], withheldExhibits: 0,
                origins: ["Example News"], recordedAt: "2026-02-05T08:00:00.000000Z", recordedBy: "editor-b", changeReason: nil, entry: 90),
        ]

        func evidence(_ link: String, _ item: String, _ relation: String, _ credibility: String, _ reliability: String?, _ argument: String) -> D.Evidence {
            D.Evidence(link: link, item: item, relation: relation, credibility: credibility, reliability: reliability,
                       grade: (reliability ?? "–") + credibility, argument: argument, assertedBy: "analyst-e", linkVersion: 1)
        }

        let criteria: [D.Criterion] = [
            D.Criterion(
                code: "UNGA-3314/3(f)", label: "Territory placed at the disposal of another State",
                instrument: .init(code: "UNGA-3314", title: "Definition of Aggression, General Assembly resolution 3314 (XXIX)", symbol: "A/RES/3314(XXIX)"),
                text: "(f) The action of a State in allowing its territory, which it has placed at the disposal of another State, to be used by that other State for perpetrating an act of aggression against a third State;",
                textStatus: "standard-text-unconfirmed", textStatusLabel: "standard text, not yet compared with the official document",
                textSource: "UN International Law Handbook",
                elements: [
                    D.Element(
                        code: "UNGA-3314/3(f).1", body: "The territory of State X was placed at the disposal of State Y.", basis: "Art. 3(f), first limb",
                        evidence: [
                            evidence("link-1", "item-0001", "supports", "2", "B", "Launches from Belarusian territory show the territory was available to Russian forces."),
                            evidence("link-2", "item-0002", "supports", "3", "C", "Sorties from Machulishchy airfield."),
                            evidence("link-3", "item-0004", "qualifies", "3", nil, "A single witness; location coarsened."),
                            evidence("link-4", "item-0003", "contradicts", "5", "C", "The Ministry denies any use of the territory. <i>Denial</i>"),
                        ],
                        corroboration: .init(supportingItems: 2, qualifyingItems: 1, contraryItems: 1, independentOrigins: 2,
                                             origins: ["Belarusian Hajun", "Ministry of Defence of Ukraine"], bestGrade: "B2"),
                        gaps: [.init(code: "contrary-evidence", text: "An official denial contradicts this element.")]),
                    D.Element(
                        code: "UNGA-3314/3(f).2", body: "State X allowed State Y to use it.", basis: nil,
                        evidence: [
                            evidence("link-5", "item-0001", "supports", "2", "B", "Launches over weeks imply permission."),
                            evidence("link-6", "item-0005", "supports", "2", "A", "A second, independent report."),
                        ],
                        corroboration: .init(supportingItems: 2, qualifyingItems: 0, contraryItems: 0, independentOrigins: 2,
                                             origins: ["Belarusian Hajun", "Example News"], bestGrade: "A2"),
                        gaps: []),
                ]),
            D.Criterion(
                code: "UNGA-3314/3(b)", label: nil,
                instrument: .init(code: "UNGA-3314", title: "Definition of Aggression, General Assembly resolution 3314 (XXIX)", symbol: nil),
                text: "(b) Bombardment by the armed forces of a State against the territory of another State or the use of any weapons by a State against the territory of another State;",
                textStatus: "confirmed", textStatusLabel: "confirmed", textSource: nil,
                elements: [
                    D.Element(code: "UNGA-3314/3(b)", body: nil, basis: nil, evidence: [],
                              corroboration: .init(supportingItems: 0, qualifyingItems: 0, contraryItems: 0, independentOrigins: 0, origins: [], bestGrade: nil),
                              gaps: [.init(code: "no-evidence", text: "No item supports this element."),
                                     .init(code: "single-origin", text: "Nothing beyond one origin | pipe & <tag>.")]),
                ]),
        ]

        let names = { (be: String, ru: String, en: String) -> [D.Name] in
            [.init(name: be, language: "be", romanisation: nil), .init(name: en, language: "en", romanisation: nil),
             .init(name: ru, language: "ru", romanisation: nil)]
        }

        return DossierDocument(
            title: "Belarus and the use of its territory, 2022",
            scope: .init(subjects: ["actor-blr", "actor-missing"], criteria: ["UNGA-3314/3(f)", "UNGA-3314/3(b)"], periodFrom: "2022-01-01", periodTo: "2022-12-31",
                         kinds: ["missile-launch", "aircraft-sortie", "official-statement", "rail-transport"], minReliability: "C", minCredibility: "3",
                         statuses: ["submitted", "verified", "disputed"], language: "en"),
            builtFrom: .init(origin: "ledger.example.org/evidence", checkpointSize: 1234, checkpointRoot: "q2xVbRn4GvGKVuYdkc3m5mXWT0Wvi9ul8XbW3Q6XxHs=",
                             checkpointSignedAt: "2026-03-01T12:00:00.000000Z", verifierKey: "ledger.example.org/evidence+1a2b3c4d+AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="),
            redaction: .init(profile: "public", includeProtected: false,
                             rules: ["Sources graded protected are withheld and counted.", "Places of protected items are coarsened to 0.1°."],
                             withheldSources: 3, withheldExhibits: 1, coarsenedPlaces: 1, withheldFields: 2),
            summary: .init(items: 5, elements: 3, elementsWithGaps: 2,
                           byKind: [.init(key: "missile-launch", label: "Missile launch", count: 2), .init(key: "aircraft-sortie", label: "Aircraft sortie", count: 1),
                                    .init(key: "rail-transport", label: "Rail transport", count: 1), .init(key: "official-statement", label: "Official statement", count: 1)],
                           byStatus: [.init(key: "submitted", label: "Submitted", count: 1), .init(key: "verified", label: "Verified", count: 3),
                                      .init(key: "disputed", label: "Disputed", count: 1)],
                           byRelation: [.init(key: "supports", label: "Supports", count: 4), .init(key: "qualifies", label: "Qualifies", count: 1),
                                        .init(key: "contradicts", label: "Contradicts", count: 1)],
                           byMonth: [
                               .init(month: "2022-02", total: 1, byKind: [.init(key: "missile-launch", label: "Missile launch", count: 1)]),
                               .init(month: "2022-03", total: 2, byKind: [.init(key: "aircraft-sortie", label: "Aircraft sortie", count: 1),
                                                                          .init(key: "official-statement", label: "Official statement", count: 1)]),
                               .init(month: "2022-05", total: 1, byKind: [.init(key: "rail-transport", label: "Rail transport", count: 1)]),
                           ],
                           undated: 1),
            criteria: criteria,
            items: items,
            sources: [
                .init(id: "src-hajun", title: "Belarusian Hajun monitoring channel", publisher: "Belarusian Hajun", site: "t.me/Hajun_BY",
                      url: "https://t.me/Hajun_BY/1432", author: nil, published: "2022-02-24", language: "ru", kind: "monitoring-group",
                      reliability: "B", reliabilityLabel: "Usually reliable", gradingNote: "Long record of accurate reports.", protection: "public", identity: nil, version: 1),
                .init(id: "src-javascript", title: "A source with a hostile URL", publisher: "Unknown", site: nil,
                      url: "javascript:alert(3)", author: "O'Brien & Sons", published: "2022-03", language: "en", kind: "media",
                      reliability: "C", reliabilityLabel: "Fairly reliable", gradingNote: nil, protection: "public", identity: nil, version: 2),
                .init(id: "src-media", title: nil, publisher: "Example News", site: "news.example.com",
                      url: "http://news.example.com/a?b=1&c=2", author: nil, published: "2022", language: "en", kind: "media",
                      reliability: "A", reliabilityLabel: "Completely reliable", gradingNote: nil, protection: "public", identity: nil, version: 1),
                .init(id: "src-mod", title: "Statement of the Ministry of Defence", publisher: "Министерство обороны Республики Беларусь", site: nil,
                      url: nil, author: nil, published: "2022-03-10", language: "ru", kind: "official-statement",
                      reliability: "C", reliabilityLabel: "Fairly reliable", gradingNote: nil, protection: "restricted", identity: "Press office", version: 1),
            ],
            actors: [
                .init(id: "actor-blr", kind: "state", name: "Belarus", names: names("Беларусь", "Белоруссия", "Belarus"), state: nil,
                      identifiers: [.init(scheme: "iso3166", value: "BY")]),
                .init(id: "actor-blr-mod", kind: "government-body", name: "Ministry of Defence of Belarus",
                      names: names("Міністэрства абароны", "Министерство обороны", "Ministry of Defence of Belarus"), state: "actor-blr", identifiers: []),
                .init(id: "actor-hajun", kind: "monitoring-group", name: "Belarusian Hajun",
                      names: [.init(name: "Беларускі Гаюн", language: "be", romanisation: "Biełaruski Hajun"), .init(name: "Belarusian Hajun", language: "en", romanisation: nil)],
                      state: nil, identifiers: []),
                .init(id: "actor-rus", kind: "state", name: "Russia", names: names("Расія", "Россия", "Russia"), state: nil,
                      identifiers: [.init(scheme: "iso3166", value: "RU")]),
                .init(id: "actor-rus-af", kind: "armed-forces", name: "Armed Forces of the Russian Federation",
                      names: names("Узброеныя сілы Расіі", "Вооружённые силы Российской Федерации", "Armed Forces of the Russian Federation"), state: "actor-rus", identifiers: []),
            ],
            places: [
                .init(id: "place-machulishchy", kind: "airfield", name: "Machulishchy airfield",
                      names: [.init(name: "Мачулішчы", language: "be", romanisation: "Mačuliščy"), .init(name: "Machulishchy airfield", language: "en", romanisation: nil)],
                      state: "actor-blr", latitude: "53.7747", longitude: "27.5808", coarsened: false),
                .init(id: "place-mazyr", kind: "settlement", name: "Mazyr",
                      names: [.init(name: "Мазыр", language: "be", romanisation: "Mazyr"), .init(name: "Мозырь", language: "ru", romanisation: "Mozyr")],
                      state: "actor-blr", latitude: "52.0495", longitude: "29.2456", coarsened: false),
                .init(id: "place-protected", kind: "facility", name: "Rail siding (location protected)", names: [],
                      state: "actor-blr", latitude: "52.4", longitude: "30.9", coarsened: true),
                .init(id: "place-unknown-coords", kind: "region", name: "Gomel region", names: [.init(name: "Гомельская вобласць", language: "be", romanisation: nil)],
                      state: "actor-blr", latitude: nil, longitude: nil, coarsened: false),
            ],
            exhibits: [
                .init(id: "exh-1", sha256: sha1, mediaType: "video/mp4", fileName: "launch-mazyr.mp4", size: 10_485_760,
                      collectedBy: "analyst-e", collectedAt: "2022-02-24T07:10:00Z", collectedFrom: "https://t.me/Hajun_BY/1432",
                      collectionTool: "yt-dlp 2022.02.04", custodyNotes: "Hash taken at capture.", original: "launch-mazyr-original.mp4", source: "src-hajun"),
                .init(id: "exh-2", sha256: sha2, mediaType: "image/jpeg", fileName: nil, size: 52_331,
                      collectedBy: nil, collectedAt: nil, collectedFrom: nil, collectionTool: nil, custodyNotes: nil, original: nil, source: nil),
            ],
            methodology: .init(
                reliabilityScale: ["Completely reliable", "Usually reliable", "Fairly reliable", "Not usually reliable", "Unreliable", "Reliability cannot be judged"]
                    .enumerated().map { D.Grade(grade: ["A", "B", "C", "D", "E", "F"][$0], label: $1) },
                credibilityScale: ["Confirmed by other sources", "Probably true", "Possibly true", "Doubtful", "Improbable", "Truth cannot be judged"]
                    .enumerated().map { D.Grade(grade: String($0 + 1), label: $1) },
                reviewStatuses: [.init(grade: "draft", label: "Draft"), .init(grade: "submitted", label: "Submitted"),
                                 .init(grade: "verified", label: "Verified"), .init(grade: "disputed", label: "Disputed")],
                notes: ["Verified means a second person checked the item against its sources.",
                        "Origins are counted once per originator: two articles relaying one monitor are one origin."]))
    }

    /// The smallest document with one of every part: every optional member absent.
    static func minimal() -> DossierDocument {
        typealias D = DossierDocument
        return DossierDocument(
            title: "Minimal",
            scope: .init(subjects: ["a"], criteria: ["c"], kinds: [], statuses: [], language: "en"),
            builtFrom: .init(origin: "o", checkpointSize: 1, checkpointRoot: "AA==", checkpointSignedAt: "2026-01-01T00:00:00.000000Z", verifierKey: "k"),
            redaction: .init(profile: "prosecutor", includeProtected: true, rules: [], withheldSources: 0, withheldExhibits: 0, coarsenedPlaces: 0, withheldFields: 0),
            summary: .init(items: 1, elements: 1, elementsWithGaps: 1, byKind: [.init(key: "other", label: "Other", count: 1)], byStatus: [], byRelation: [],
                           byMonth: [.init(month: "2022-12", total: 1, byKind: [.init(key: "other", label: "Other", count: 1)])], undated: 0),
            criteria: [D.Criterion(
                code: "c", label: nil, instrument: .init(code: "i", title: "I", symbol: nil), text: nil, textStatus: "unconfirmed",
                textStatusLabel: "unconfirmed", textSource: nil,
                elements: [D.Element(
                    code: "c", body: nil, basis: nil,
                    evidence: [D.Evidence(link: "l", item: "x", relation: "qualifies", credibility: "6", reliability: nil, grade: "–6",
                                          argument: "", assertedBy: "u", linkVersion: 1)],
                    corroboration: .init(supportingItems: 0, qualifyingItems: 1, contraryItems: 0, independentOrigins: 0, origins: [], bestGrade: nil),
                    gaps: [.init(code: "no-evidence", text: "none")])]
            )],
            items: [D.Item(
                id: "x", version: 1, kind: "other", kindLabel: "Other", title: "X", description: nil, occurred: nil, place: nil,
                actingState: nil, territorialState: nil, actors: [.init(actor: "a", role: "other")], attributes: [.init(name: "n", value: "v")],
                claimStatus: nil, status: "draft", reviewer: nil, reviewNote: nil, sources: [.init(source: "s", locator: nil, quote: nil)],
                withheldSources: 0, exhibits: [.init(exhibit: "e", note: nil)], withheldExhibits: 0, origins: [],
                recordedAt: "2026-01-01T00:00:00.000000Z", recordedBy: "u", changeReason: nil, entry: 0)],
            sources: [.init(id: "s", title: nil, publisher: nil, site: nil, url: nil, author: nil, published: nil, language: nil, kind: "other",
                            reliability: "F", reliabilityLabel: "Reliability cannot be judged", gradingNote: nil, protection: "public", identity: nil, version: 1)],
            actors: [.init(id: "a", kind: "state", name: "A", names: [.init(name: "A", language: "en", romanisation: nil)], state: nil,
                           identifiers: [.init(scheme: "iso3166", value: "AA")])],
            places: [.init(id: "p", kind: "other", name: "P", names: [], state: nil, latitude: nil, longitude: nil, coarsened: false)],
            exhibits: [.init(id: "e", sha256: String(repeating: "0", count: 64), mediaType: "text/plain", fileName: nil, size: 0, collectedBy: nil,
                             collectedAt: nil, collectedFrom: nil, collectionTool: nil, custodyNotes: nil, original: nil, source: nil)],
            methodology: .init(reliabilityScale: [.init(grade: "A", label: "A")], credibilityScale: [], reviewStatuses: [], notes: []))
    }
}
