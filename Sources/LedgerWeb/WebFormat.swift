import Foundation

/// How values are written on the pages.
enum WebFormat {
    /// A moment in UTC, to the second: `2024-03-01 10:00:00 UTC`.
    static func time(_ date: Date) -> String {
        let components = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d UTC", components.year ?? 0, components.month ?? 0, components.day ?? 0,
                      components.hour ?? 0, components.minute ?? 0, components.second ?? 0)
    }
}
