import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall nanoseconds a thread spends in the engine's matrix products and in attention, and the number of products
/// (those that produce a base weight's gradient also counted apart), collected only on a thread that turned them on
/// (`lorabook bench train --profile`), so a phase can be split by reading the counters before and after it. Off, it
/// costs one thread-local read per product; it never changes what is computed. Per thread, so that concurrent
/// trainers (tests run in parallel) never count each other's work.
enum WorkTimer {
    enum Bucket { case products, attention }

    final class Counters {
        var products: UInt64 = 0, attention: UInt64 = 0
        /// Products run through `PartitionedGemm`, and of them those computing a base weight's gradient.
        var productCalls = 0, weightGradientProducts = 0
    }

    /// The calling thread's counters, released when the thread ends.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            guard let pointer else { return }
            Unmanaged<Counters>.fromOpaque(pointer).release()
        }
        return key
    }()

    /// The calling thread's counters; nil while collection is off on this thread.
    static var counters: Counters? {
        pthread_getspecific(key).map { Unmanaged<Counters>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Turns collection on (fresh counters) or off for the calling thread.
    static var enabled: Bool {
        get { pthread_getspecific(key) != nil }
        set {
            if let old = pthread_getspecific(key) {
                pthread_setspecific(key, nil)
                Unmanaged<Counters>.fromOpaque(old).release()
            }
            if newValue { pthread_setspecific(key, Unmanaged.passRetained(Counters()).toOpaque()) }
        }
    }

    static var now: UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// CPU nanoseconds the whole process has used (every thread, user and system): steadier than wall time when
    /// other jobs share the cores.
    static var processCPU: UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// Runs `body`, adding its wall time to `bucket` when enabled. Called from the thread that runs the pass.
    @inline(__always)
    static func measure<T>(_ bucket: Bucket, _ body: () -> T) -> T {
        guard let counters else { return body() }
        let start = now
        let result = body()
        let elapsed = now &- start
        switch bucket {
        case .products:
            counters.products &+= elapsed
            counters.productCalls += 1
        case .attention: counters.attention &+= elapsed
        }
        return result
    }

    /// Marks the product about to run as a base weight's gradient (dW = x^T dy, or the tied embedding's).
    @inline(__always)
    static func countWeightGradient() {
        counters?.weightGradientProducts += 1
    }
}
