extension Duration {
    /// The duration as seconds, for SQL intervals and rates (Duration has no such view).
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
