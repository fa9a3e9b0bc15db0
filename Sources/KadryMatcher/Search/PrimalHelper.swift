import Dispatch
import Synchronization

/// A second core for the root of a large part: the answers its relaxations' prices lead to (a
/// dive, a seat assignment polished and filled) are worked out on a thread of their own while
/// the bundle method goes on relaxing, one job at a time; the search collects what they found
/// at its next relaxation.
///
/// Why: on the largest part of a 100,000-participant instance (80,000 participants, one part)
/// the search ran on one core while the other idled, and the dives and seat assignments took
/// over half of the root's time (a dive there takes seconds), time the bound did not move.
final class PrimalHelper: Sendable {
    typealias Answer = (value: Int64, picks: [ComponentSolver.Pick])

    private struct State {
        var running = false
        var found: [Answer] = []
        /// Jobs started so far: every fourth is a dive, the others seat assignments.
        var jobs = 0
    }

    private let state = Mutex(State())
    private let done = DispatchSemaphore(value: 0)

    /// Whether a part's root gets a helper: a large part that is not searched on a core (a core's
    /// answers are the core's, and it changes as it grows), on a machine with a core to spare.
    static func helps(participants: Int, onCore: Bool, cores: Int, _ settings: HelperSettings) -> Bool {
        !onCore && (cores >= 2 || !settings.needsSpareCore) && participants >= settings.participants
    }

    /// Whether no job is running.
    var isIdle: Bool { state.withLock { !$0.running } }

    /// Which kind of job is due next: every fourth a dive, the others seat assignments. On the
    /// shared 100,000-participant instance the seat assignments brought every better answer
    /// after the first seconds; the dives (taken by turns with them) none.
    var diveIsDue: Bool { state.withLock { $0.jobs % 4 == 3 } }

    /// Starts `job` on a thread of its own unless one is running; whether it started.
    @discardableResult
    func start(_ job: @escaping @Sendable () -> [Answer]) -> Bool {
        let started = state.withLock { s -> Bool in
            guard !s.running else { return false }
            s.running = true
            s.jobs += 1
            return true
        }
        guard started else { return false }
        detachThread { [self] in
            let answers = job()
            state.withLock { s in
                s.found += answers
                s.running = false
            }
            done.signal()
        }
        return true
    }

    /// The answers found since the last call.
    func collect() -> [Answer] {
        state.withLock { s in
            defer { s.found = [] }
            return s.found
        }
    }

    /// Waits for the job running, if any, to end.
    func wait() {
        guard state.withLock({ $0.running }) else { return }
        done.wait()
        // The semaphore may hold a signal from an earlier job that ended unwaited for.
        while state.withLock({ $0.running }) { done.wait() }
    }
}
