@testable import LedgerWeb
import Testing

/// The pure parts of the web interface, without a server.
@Suite("Web building blocks")
struct WebUnitTests {
    @Test func formDataDecodesAsBrowsersEncode() {
        let form = FormData(urlEncoded: "user=el+web&password=a%26b%3Dc%25&empty=&name=%D0%9C%D0%BE%D0%B7%D1%8B%D1%80%D1%8C&user=second&bad=%zz%4")
        #expect(form["user"] == "el web")
        #expect(form["password"] == "a&b=c%")
        #expect(form["empty"] == "")
        #expect(form["name"] == "Мозырь")
        #expect(form["bad"] == "%zz%4")
        #expect(form["missing"] == nil)
        #expect(FormData.query([("id", "UNGA-3314/3(f).1"), ("after", nil), ("q", "Мо зы")]) == "id=UNGA-3314%2F3%28f%29.1&q=%D0%9C%D0%BE%20%D0%B7%D1%8B")
    }

    @Test func htmlEscapesEveryInterpolatedString() {
        let title = "<script>alert(1)</script> & \"x\" 'y'\u{7}"
        let html: HTML = "<td title=\"\(title)\">\(title)</td>"
        #expect(html.text == "<td title=\"&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;\u{FFFD}\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;\u{FFFD}</td>")
        let nested: HTML = "<tr>\(html)</tr>"
        #expect(nested.text.hasPrefix("<tr><td"))
    }

    @Test func signInLimiterCountsFailuresPerUserAndPerAddressInTheWindow() {
        var limiter = SignInLimiter(limit: 5, window: .seconds(300))
        let start = ContinuousClock.now
        for i in 0..<5 {
            #expect(!limiter.isLimited(user: "alice", address: "10.0.0.\(i)", now: start))
            limiter.recordFailure(user: "alice", address: "10.0.0.\(i)", now: start)
        }
        #expect(limiter.isLimited(user: "alice", address: "10.0.0.99", now: start + .seconds(10)))
        #expect(!limiter.isLimited(user: "bob", address: "10.0.0.99", now: start + .seconds(10)))
        #expect(!limiter.isLimited(user: "alice", address: "10.0.0.99", now: start + .seconds(301)))
        for n in 0..<5 { limiter.recordFailure(user: "user\(n)", address: "192.0.2.1", now: start) }
        #expect(limiter.isLimited(user: "carol", address: "192.0.2.1", now: start + .seconds(1)))
    }

    @Test func tokensAreLongRandomAndComparedWhole() {
        let a = SecureToken.make(), b = SecureToken.make()
        #expect(a.count == 43)
        #expect(a != b)
        #expect(SecureToken.matches(a, a))
        #expect(!SecureToken.matches(b, a))
        #expect(!SecureToken.matches(String(a.dropLast()), a))
        #expect(!SecureToken.matches(a + "x", a))
        #expect(!SecureToken.matches(nil, a))
        #expect(!SecureToken.matches("", a))
        #expect(SecureToken.base64URL([0xfb, 0xff]) == "-_8")
    }

    @Test func listenAddressesParse() throws {
        #expect(try ListenAddress(parsing: "127.0.0.1:8080") == ListenAddress(host: "127.0.0.1", port: 8080))
        #expect(try ListenAddress(parsing: "[::1]:9000") == ListenAddress(host: "::1", port: 9000))
        #expect(try ListenAddress(parsing: "localhost") == ListenAddress(host: "localhost", port: 8080))
        #expect(try ListenAddress(parsing: "0.0.0.0:80").isLoopback == false)
        #expect(try ListenAddress(parsing: "127.0.0.2:80").isLoopback)
        for bad in ["127.0.0.1:http", "127.0.0.1:70000", ":8080", "::1:8080", "[::1"] {
            #expect(throws: ListenAddress.Problem.self, "\(bad)") { try ListenAddress(parsing: bad) }
        }
    }

    @Test func theConnectionStringTakesItsUserAndPasswordFromTheSignInOnly() throws {
        let target = try DatabaseTarget(conninfo: "postgresql://owner:secret@db.example.org:5433/ledger?sslmode=require&passfile=/x")
        let conninfo = target.conninfo(user: "alice", password: "it's \\ mine")
        #expect(conninfo.contains("user='alice'"))
        #expect(conninfo.contains("password='it\\'s \\\\ mine'"))
        #expect(conninfo.contains("host='db.example.org'"))
        #expect(conninfo.contains("sslmode='require'"))
        #expect(!conninfo.contains("owner"))
        #expect(!conninfo.contains("secret"))
        #expect(!conninfo.contains("passfile"))
    }
}
