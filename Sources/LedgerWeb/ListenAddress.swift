/// A `--listen` value: `HOST:PORT`, `[IPv6]:PORT`, or a bare `HOST` (port 8080).
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses the value; the error says what is wrong in words for a `--listen` message.
    public init(parsing text: String) throws(Problem) {
        var host = Substring(text)
        var port = 8080
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw Problem("\"\(text)\": an IPv6 address is written in brackets, e.g. [::1]:8080") }
            let rest = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let number = Int(rest.dropFirst()) else { throw Problem("\"\(text)\": expected [ADDRESS]:PORT") }
                port = number
            }
        } else if let colon = host.lastIndex(of: ":") {
            guard let number = Int(host[host.index(after: colon)...]) else { throw Problem("\"\(text)\": the port is not a number (expected HOST:PORT, e.g. 127.0.0.1:8080)") }
            port = number
            host = host[..<colon]
        }
        guard !host.isEmpty, !host.contains(where: { $0 == ":" && !text.hasPrefix("[") }) else {
            throw Problem("\"\(text)\": expected HOST:PORT, e.g. 127.0.0.1:8080")
        }
        guard (0...65535).contains(port) else { throw Problem("\"\(text)\": the port must be from 0 to 65535") }
        self.host = String(host)
        self.port = port
    }

    /// True when only this machine can reach the address (127.0.0.0/8, ::1, localhost).
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// What is wrong with a `--listen` value.
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
