/// Starting libFuzzer from a SwiftPM executable: SwiftPM points `main` at the module's
/// own `<module>_main`, so each fuzzer defines that and hands libFuzzer its test here
/// (`LLVMFuzzerRunDriver`, which libFuzzer provides for exactly this).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

nonisolated(unsafe) private var current: ((String) -> Void)?

/// Runs libFuzzer with `test`, which gets each input as text (any bytes, decoded as UTF-8
/// with replacement). A crash or a failed precondition inside it is a finding.
public func runFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ test: @escaping (String) -> Void) -> CInt {
    current = test
    var argc = argc, argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in LLVMFuzzerTestOneInput(data, size) }
}

/// libFuzzer's entry for one input (its runtime also refers to it by this name).
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    current?(String(decoding: UnsafeBufferPointer(start: data, count: data == nil ? 0 : size), as: UTF8.self))
    return 0
}
