/// The larger parts not yet started (`Solver.solve`), and which one a core takes next.
///
/// Each core has its queue, smallest first (`Solver.queues`), and takes its parts in turn, each
/// at its work's share of what the queue still holds. A core whose queue is done takes from the
/// others': the largest not yet started, at its share of the work not started, spread over the
/// cores.
struct LargerParts {
    let queues: [[Int]]
    /// Each part's work (`RouteSet.work`), by the solve's part index.
    let work: [Int]
    private(set) var unstarted: Set<Int>

    init(queues: [[Int]], work: [Int]) {
        self.queues = queues
        self.work = work
        unstarted = Set(queues.joined())
    }

    /// Core `core`'s next part and the share of `time` its first round is measured from;
    /// nil when no part is left to start.
    mutating func next(core: Int, time: Double) -> (part: Int, share: Double)? {
        if let k = queues[core].first(where: unstarted.contains) {
            let queued = queues[core].reduce(0) { unstarted.contains($1) ? $0 + work[$1] : $0 }
            unstarted.remove(k)
            return (k, time * Double(work[k]) / Double(max(1, queued)))
        }
        guard let k = unstarted.max(by: { (work[$0], $1) < (work[$1], $0) }) else { return nil }
        let left = unstarted.reduce(0) { $0 + work[$1] }
        unstarted.remove(k)
        return (k, time * min(1, Double(work[k] * queues.count) / Double(max(1, left))))
    }
}
