#if canImport(Glibc)
import Glibc
#endif

/// How much stack the running thread has left, so deep recursion in a cell stops with an error before
/// it could overflow the stack.
enum StackGuard {
    /// The lowest address calls may reach on this thread, keeping free below it the smaller of 1 MiB and
    /// half the stack (room for the evaluation and builtins one call runs); nil when the platform does not say.
    static func floor() -> Int? {
        #if os(Linux)
        // glibc's pthread_getattr_np (a GNU extension the Glibc module does not export) gives the
        // running thread's stack, the main thread's included.
        typealias GetAttributes = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pthread_getattr_np") else { return nil }
        let getAttributes = unsafeBitCast(symbol, to: GetAttributes.self)
        var attributes = pthread_attr_t()
        guard getAttributes(pthread_self(), &attributes) == 0 else { return nil }
        defer { pthread_attr_destroy(&attributes) }
        var base: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &base, &size) == 0, let base else { return nil }
        return Int(bitPattern: base) + min(1 << 20, size / 2)
        #else
        return nil
        #endif
    }

    /// The address of a local of the caller's frame: the stack grows down towards the limit.
    @inline(never)
    static func currentDepthMarker() -> Int {
        var marker = 0
        return withUnsafeMutablePointer(to: &marker) { Int(bitPattern: $0) }
    }
}
