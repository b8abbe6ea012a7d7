import HTTPTypes

extension HTTPField.Name {
    /// Makes a POST safe to repeat: the same key returns what it made the first time.
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    /// Set when an `Idempotency-Key` had been used, and the answer is what it made then.
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
    /// What the dashboard's pages may load and who may frame them.
    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!
    static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    /// Set by a proxy in front that took the request over HTTPS.
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
}
