import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small HTTP/1.1 client for driving the server as a browser would, over a real TCP connection: it keeps the
/// cookies the server sets (by name, as a browser does for one site), follows no redirects, and sends requests
/// exactly as asked, so tests can leave tokens out or send what no browser would.
final class HTTPTestClient: @unchecked Sendable {
    struct Response: Sendable {
        var status: Int
        /// Header fields by lower-case name, in the order received.
        var headers: [String: [String]]
        var body: String
        /// The body as received.
        var bytes: [UInt8] = []

        func header(_ name: String) -> String? { headers[name.lowercased()]?.first }
        /// The `value` of the hidden field `name` in the page's first form that has it.
        func hiddenField(_ name: String) -> String? {
            guard let range = body.range(of: "name=\"\(name)\" value=\"") else { return nil }
            return String(body[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    let port: Int
    private let lock = NSLock()
    private var cookies: [String: String] = [:]

    init(port: Int) {
        self.port = port
    }

    /// The cookie the client holds, if any.
    func cookie(_ name: String) -> String? {
        lock.withLock { cookies[name] }
    }

    func setCookie(_ name: String, _ value: String?) {
        lock.withLock { cookies[name] = value }
    }

    func get(_ path: String) async throws -> Response {
        try await perform(method: "GET", path: path, headers: [:], body: [])
    }

    /// Sends a form as a browser does (`application/x-www-form-urlencoded`).
    func post(_ path: String, form: [(String, String)]) async throws -> Response {
        let body = form.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
        return try await perform(method: "POST", path: path, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array(body.utf8))
    }

    func perform(method: String, path: String, headers: [String: String], body: [UInt8]) async throws -> Response {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let cookieLine = lock.withLock { cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if !cookieLine.isEmpty { head += "Cookie: \(cookieLine)\r\n" }
        head += "\r\n"
        let request = Array(head.utf8) + body
        let port = self.port
        // The socket calls block: they run on a dispatch thread, never on the threads of the concurrency pool.
        let raw = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[UInt8], Error>) in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try HTTPTestClient.exchange(request, port: port) })
            }
        }
        let response = try HTTPTestClient.parse(raw)
        keepCookies(from: response)
        return response
    }

    private func keepCookies(from response: Response) {
        for line in response.headers["set-cookie"] ?? [] {
            let pair = line.split(separator: ";", maxSplits: 1)[0]
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).trimmingCharacters(in: .whitespaces)
            let value = parts.count > 1 ? String(parts[1]) : ""
            let expired = line.lowercased().contains("max-age=0")
            lock.withLock { cookies[name] = expired || value.isEmpty ? nil : value }
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Connects to 127.0.0.1, writes the request and reads until the server closes the connection.
    static func exchange(_ request: [UInt8], port: Int) throws -> [UInt8] {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        // Generous: the server answers on Swift's concurrency pool, which this test process shares with tests that
        // block it while a command runs (a busy machine has seen no answer within 30 s).
        var timeout = timeval(tv_sec: 300, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect to port \(port): \(String(cString: strerror(errno)))") }
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            // The server may answer (413) and close before reading everything: what it said is still there to read.
            if n <= 0 { break }
            sent += n
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        guard !received.isEmpty else { throw Failure(description: "no response from port \(port)") }
        return received
    }

    static func parse(_ raw: [UInt8]) throws -> Response {
        guard let end = raw.indices.first(where: { i in i + 3 < raw.count && raw[i] == 13 && raw[i + 1] == 10 && raw[i + 2] == 13 && raw[i + 3] == 10 }) else {
            throw Failure(description: "a response without a complete head")
        }
        let lines = String(decoding: raw[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "status line \(lines[0])") }
        var headers: [String: [String]] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased(), default: []].append(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body = Array(raw[(end + 4)...])
        if headers["transfer-encoding"]?.first?.lowercased() == "chunked" { body = dechunk(body) }
        return Response(status: status, headers: headers, body: String(decoding: body, as: UTF8.self), bytes: body)
    }

    static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            guard let lineEnd = (i..<bytes.count - 1).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 }) else { break }
            let size = Int(String(decoding: bytes[i..<lineEnd], as: UTF8.self).split(separator: ";")[0], radix: 16) ?? 0
            if size == 0 { break }
            out += bytes[(lineEnd + 2)..<min(bytes.count, lineEnd + 2 + size)]
            i = lineEnd + 2 + size + 2
        }
        return out
    }

    static func encode(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text).replacingOccurrences(of: "%20", with: "+")
    }
}
