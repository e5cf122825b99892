/// A fixed-seed generator of clearly synthetic rows, the same on every machine (SplitMix64).
struct SyntheticRows {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static let kinds = ["missile_launch", "aircraft_sortie", "rail_transport", "fuel_supply", "troop_presence", "official_statement"]
    static let words = ["synthetic", "Сінтэтычны", "Synthetyčny", "тэст", "record", "łacinka", "bench", "запіс"]

    /// Row `i`: ten columns like an evidence item's (id, kind, title, description, occurred, grade, credibility,
    /// latitude, longitude, note), in COPY text form. Nothing here is real evidence.
    mutating func row(_ i: Int) -> [String?] {
        let r = next()
        let kind = SyntheticRows.kinds[Int(r % 6)]
        let w1 = SyntheticRows.words[Int((r >> 8) % 8)], w2 = SyntheticRows.words[Int((r >> 16) % 8)]
        let day = Int((r >> 24) % 700)
        let grade = ["A", "B", "C", "D", "E", "F"][Int((r >> 34) % 6)]
        let lat = 51.0 + Double((r >> 40) % 30000) / 10000.0
        let lon = 23.5 + Double((r >> 20) % 80000) / 10000.0
        return [
            String(i),
            kind,
            "SYNTHETIC \(kind) \(i)",
            "\(w1) \(w2) synthetic benchmark row \(i)\twith a tab and a \\ backslash",
            "2022-\(String(format: "%02d", 1 + day % 12))-\(String(format: "%02d", 1 + day % 28)) 0\(day % 10):00:00+00",
            grade,
            String(1 + Int((r >> 37) % 6)),
            String(format: "%.4f", lat),
            String(format: "%.4f", lon),
            i % 10 == 0 ? nil : "note \(r % 100000)",
        ]
    }
}
