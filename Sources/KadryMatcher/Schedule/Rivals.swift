import Dispatch
import Synchronization

/// A flag one thread raises and others read: a search stops once its rival has proven the part (`Race`).
final class StopSignal: Sendable {
    private let raised = Atomic<Bool>(false)
    func raise() { raised.store(true, ordering: .relaxed) }
    var isRaised: Bool { raised.load(ordering: .relaxed) }
}

/// The second searches of racing parts (`Race`), run on cores the parts leave free.
///
/// A solve starts with as many cores taken as it has workers for its parts. A racing part
/// hands in its rival before its own search starts; the rival runs at once on a free core,
/// or waits until a worker has finished its parts (`release`). When the part's own search
/// ends, a rival still waiting is dropped, and one that runs is waited for.
final class Rivals: Sendable {
    /// A rival search: what it runs, and what it found once it ran.
    final class Entry: Sendable {
        fileprivate let run: @Sendable () -> Solution
        fileprivate let state = Mutex<State>(.waiting)
        fileprivate let done = DispatchSemaphore(value: 0)

        fileprivate enum State {
            case waiting, running, dropped
            case finished(Solution)
        }

        init(_ run: @escaping @Sendable () -> Solution) { self.run = run }
    }

    private struct Board {
        var free: Int
        var waiting: [Entry] = []
    }

    private let board: Mutex<Board>

    /// `taken`: the cores the solve's own workers hold, of `cores`.
    init(cores: Int, taken: Int) {
        board = Mutex(Board(free: max(0, cores - taken)))
    }

    /// Hands in a part's rival: it starts now if a core is free, else when one is released.
    func submit(_ entry: Entry) {
        board.withLock { $0.waiting.append(entry) }
        startWaiting()
    }

    /// A worker is done with its parts: its core runs the rivals still waiting.
    func release() {
        board.withLock { $0.free += 1 }
        startWaiting()
    }

    /// The part's own search has ended: its rival's answer if it ran, waiting for it to end; nil
    /// if it never started. A proven part (`proven`; the caller has raised its rival's stop
    /// signal) does not wait: the rival ends on its own thread, its answer unwanted.
    func withdraw(_ entry: Entry, proven: Bool) -> Solution? {
        let started = entry.state.withLock { state -> Bool in
            if case .waiting = state {
                state = .dropped
                return false
            }
            return true
        }
        board.withLock { $0.waiting.removeAll { $0 === entry } }
        guard started, !proven else { return nil }
        entry.done.wait()
        return entry.state.withLock { state in
            if case .finished(let solution) = state { return solution }
            return nil
        }
    }

    /// Starts waiting rivals on threads of their own while cores are free.
    private func startWaiting() {
        while let entry = board.withLock({ b -> Entry? in
            guard b.free > 0, !b.waiting.isEmpty else { return nil }
            b.free -= 1
            return b.waiting.removeFirst()
        }) {
            let starts = entry.state.withLock { state -> Bool in
                guard case .waiting = state else { return false }
                state = .running
                return true
            }
            guard starts else {
                board.withLock { $0.free += 1 }
                continue
            }
            detachThread { [self] in
                let solution = entry.run()
                entry.state.withLock { $0 = .finished(solution) }
                entry.done.signal()
                release()
            }
        }
    }
}
