/// The sign-in limiter, shared by all requests.
actor SignInLimits {
    private var limiter: SignInLimiter
    private let clock = ContinuousClock()

    init(_ limiter: SignInLimiter) {
        self.limiter = limiter
    }

    func isLimited(user: String, address: String) -> Bool {
        limiter.isLimited(user: user, address: address, now: clock.now)
    }

    func recordFailure(user: String, address: String) {
        limiter.recordFailure(user: user, address: address, now: clock.now)
    }
}
