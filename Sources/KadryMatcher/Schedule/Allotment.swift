import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A part's running time when parts take turns on the cores (`Turns`, `Solver.solve`):
/// its search runs on a thread of its own until its allotment is spent, then waits
/// (`spent`) until the scheduler grants it more (`grant`) or tells it to finish. Time
/// spent waiting does not count as the part's.
///
/// The part's thread and the scheduler hand control back and forth through two
/// semaphores, so at most one of them touches the fields at a time.
final class Allotment: @unchecked Sendable {
    private let begun = Monotonic.now()
    private var waited = 0.0
    /// Running time granted so far, in seconds since `begun` (less time spent waiting).
    private(set) var limit: Double
    /// Set with the last grant: once it is spent, the search ends.
    private var last = false
    private var granted = 0.0
    /// The part's best answer and bound as its search last told them (written by the part's thread).
    var incumbent: Int64 = 0
    var bound: Int64 = .max
    private(set) var finished = false
    private let resume = DispatchSemaphore(value: 0)
    private let yielded = DispatchSemaphore(value: 0)

    /// Whether the first round ends early, where the search reaches its milestone
    /// (`reachedMilestone`); the first round is over once the part has waited.
    private var parksAtMilestone: Bool
    /// A larger part's (`Turns.firstRound`): its descent waits for more time rather than stopping short.
    let large: Bool

    init(seconds: Double, large: Bool = false) {
        limit = seconds
        self.large = large
        parksAtMilestone = large
    }

    /// Called from the part's thread where its search has done what it does best first (the
    /// block descent and the dive after it). A larger part's first round ends here: it waits at
    /// its next look at the clock, and the share it has not used goes to the parts after it.
    func reachedMilestone() {
        guard parksAtMilestone else { return }
        parksAtMilestone = false
        limit = min(limit, elapsed)
    }

    /// Running time so far.
    var elapsed: Double { Monotonic.now() - begun - waited }

    /// Called from the part's thread when `limit` is reached: waits for the scheduler,
    /// and returns whether more time was granted.
    func spent() -> Bool {
        if last { return false }
        let stopped = Monotonic.now()
        yielded.signal()
        resume.wait()
        parksAtMilestone = false  // a grant after the first round is the part's to the end
        waited += Monotonic.now() - stopped
        limit = elapsed + granted
        return true
    }

    /// Called from the part's thread when its search has ended.
    func finish() {
        finished = true
        yielded.signal()
    }

    /// Called by the scheduler: `seconds` more, the last grant (the search ends when they are spent).
    func grant(_ seconds: Double) {
        granted = seconds
        last = true
        resume.signal()
    }

    /// Called by the scheduler: waits until the part stops to wait or ends.
    func awaitTurn() { yielded.wait() }
}

/// Runs `body` on a thread of its own (with an 8 MiB stack, as the main thread has),
/// for a search that has to wait in the middle while others run.
func detachThread(_ body: @escaping @Sendable () -> Void) {
    final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, 8 << 20)
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    let box = Unmanaged.passRetained(Box(body)).toOpaque()
    #if canImport(Glibc)
    var thread = pthread_t()
    let status = pthread_create(&thread, &attributes, { raw in
        Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue().body()
        return nil
    }, box)
    #else
    var thread: pthread_t?
    let status = pthread_create(&thread, &attributes, { raw in
        Unmanaged<Box>.fromOpaque(raw).takeRetainedValue().body()
        return nil
    }, box)
    #endif
    precondition(status == 0, "cannot start a search thread (error \(status))")
}
