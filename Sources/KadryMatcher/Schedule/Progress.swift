import KadryCore
import Synchronization

/// Where a running search stands: the best result so far and the proven bound.
public struct SolverProgress: Sendable {
    public enum Phase: String, Sendable { case triples = "finding eligible routes", solving = "solving", reasons = "explaining" }
    public var phase: Phase = .solving
    /// Eligible (participant, need, route) triples found so far.
    public var triples = 0
    /// Independent parts of the problem finished so far, and in all.
    public var part: Int
    public var parts: Int
    public var incumbent: Int64
    public var bound: Int64
    public var seconds: Double
}

/// The parts' incumbents and bounds as the cores report them, summed for the caller.
final class ProgressBoard: Sendable {
    private struct State {
        var incumbent: [Int64]
        var bound: [Int64]
        var done = 0
        var lastReport = -1.0
    }

    private let state: Mutex<State>
    private let triples: Int
    private let started: Double
    private let report: (@Sendable (SolverProgress) -> Void)?

    init(bounds: [Int64], triples: Int, started: Double, report: (@Sendable (SolverProgress) -> Void)?) {
        state = Mutex(State(incumbent: [Int64](repeating: 0, count: bounds.count), bound: bounds))
        self.triples = triples
        self.started = started
        self.report = report
    }

    func update(part k: Int, incumbent: Int64, bound: Int64, done: Bool = false) {
        guard let report else { return }
        // Reported under the lock, so that lines from two cores never interleave; at most four a second.
        state.withLock { s in
            s.incumbent[k] = incumbent
            s.bound[k] = max(incumbent, bound)
            if done { s.done += 1 }
            let now = Monotonic.now()
            guard now - s.lastReport >= 0.25 || s.done == s.bound.count else { return }
            s.lastReport = now
            report(SolverProgress(triples: triples, part: s.done, parts: s.bound.count, incumbent: s.incumbent.reduce(0, +),
                                  bound: s.bound.reduce(0, +), seconds: now - started))
        }
    }
}
