/// Counts failed sign-ins per user name and per client address over a sliding window, so that passwords cannot
/// be guessed quickly: once either has `limit` failures within `window`, further attempts are refused without
/// trying the password.
struct SignInLimiter: Sendable {
    var limit = 5
    var window: Duration = .seconds(300)
    /// Keys kept at most; past that the oldest failures are forgotten first (a flood of made-up user names must
    /// not grow memory without end).
    var capacity = 100_000
    private var failures: [String: [ContinuousClock.Instant]] = [:]

    init(limit: Int = 5, window: Duration = .seconds(300)) {
        self.limit = limit
        self.window = window
    }

    /// True when the user name or the address has used up its failures.
    func isLimited(user: String, address: String, now: ContinuousClock.Instant) -> Bool {
        recent(SignInLimiter.userKey(user), now: now) >= limit || recent(SignInLimiter.addressKey(address), now: now) >= limit
    }

    mutating func recordFailure(user: String, address: String, now: ContinuousClock.Instant) {
        if failures.count >= capacity { forgetExpired(now: now) }
        if failures.count >= capacity, let oldest = failures.min(by: { ($0.value.last ?? now) < ($1.value.last ?? now) })?.key {
            failures[oldest] = nil
        }
        for key in [SignInLimiter.userKey(user), SignInLimiter.addressKey(address)] {
            failures[key] = (failures[key] ?? []).filter { now - $0 < window } + [now]
        }
    }

    /// How many failures a key has within the window.
    private func recent(_ key: String, now: ContinuousClock.Instant) -> Int {
        failures[key]?.count { now - $0 < window } ?? 0
    }

    private mutating func forgetExpired(now: ContinuousClock.Instant) {
        failures = failures.compactMapValues { times in
            let kept = times.filter { now - $0 < window }
            return kept.isEmpty ? nil : kept
        }
    }

    static func userKey(_ user: String) -> String { "user:" + user }
    static func addressKey(_ address: String) -> String { "address:" + address }
}
