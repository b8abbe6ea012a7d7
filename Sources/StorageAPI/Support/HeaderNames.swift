import HTTPTypes

extension HTTPField.Name {
    /// Makes a POST safe to repeat: the same key returns what it made the first time.
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    /// Set when an `Idempotency-Key` had been used, and the answer is what it made then.
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}
