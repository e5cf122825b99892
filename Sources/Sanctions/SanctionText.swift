/// The one-line text of a sanction as the OpenSanctions simple CSV export writes it: programme, reason, status,
/// start date and end date joined with " - ", empty parts left out ("Special Economic Measures Regulations -
/// 2022-11-22").
public enum SanctionText {
    public static let separator = " - "

    /// Joins the parts that are not blank, trimmed, as the exporter does.
    public static func join(_ parts: [String]) -> String {
        parts.map { $0.trimmed }.filter { !$0.isEmpty }.joined(separator: separator)
    }

    /// Reads a sanction text from its end: up to two trailing parts that are dates are the listing and delisting
    /// dates (one date is the listing date); what is left, joined back, is the programme. Reason and status cannot
    /// be told apart from the programme, so they stay in it.
    public static func split(_ text: String) -> (rest: String, listedOn: PartialDate?, delistedOn: PartialDate?) {
        var parts = text.components(separatedBy: separator)
        var dates: [PartialDate] = []
        while dates.count < 2, let last = parts.last, let date = PartialDate.parse(last.trimmed) {
            dates.insert(date, at: 0)
            parts.removeLast()
        }
        let rest = parts.joined(separator: separator).trimmed
        switch dates.count {
        case 2: return (rest, dates[0], dates[1])
        case 1: return (rest, dates[0], nil)
        default: return (rest, nil, nil)
        }
    }
}

extension String {
    var trimmed: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return scalars.count == count ? self : String(scalars)
    }
}
