import Foundation

/// Ctrl-C during `run`: says in one line what survives, then exits 130 as a shell expects. Nothing needs undoing:
/// cache entries and report files only ever appear by rename, so the last good report and every finished cell's
/// entry are intact, and the next run resumes from the cache.
enum InterruptNotice {
    private nonisolated(unsafe) static var message: [UInt8] = []
    private nonisolated(unsafe) static var status: Int32 = 130

    static let runMessage = "interrupted: the cache and the last good report are unchanged; "
        + "run again to resume from the last finished cell"

    /// `message` is printed on its own line; the process exits with `status`.
    static func install(message text: String = runMessage, status code: Int32 = 130) {
        // Built before the handler exists: the handler itself only calls write(2) and _exit(2), which are signal-safe.
        message = Array("\n\(text)\n".utf8)
        status = code
        // A parent may have started this process with SIGINT blocked or ignored (a background job, a test runner);
        // Ctrl-C must still stop the run.
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &blocked, nil)
        signal(SIGINT) { _ in
            InterruptNotice.message.withUnsafeBufferPointer { buffer in _ = write(2, buffer.baseAddress, buffer.count) }
            _exit(InterruptNotice.status)
        }
    }
}
