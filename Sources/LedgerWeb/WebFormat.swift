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

extension WebFormat {
    /// A size in bytes as people read it: `64 MiB`, `512 KiB`, `100 bytes`.
    static func bytes(_ count: Int) -> String {
        if count >= 1 << 20 && count % (1 << 20) == 0 { return "\(count >> 20) MiB" }
        if count >= 1 << 10 && count % (1 << 10) == 0 { return "\(count >> 10) KiB" }
        return "\(count) bytes"
    }
}
