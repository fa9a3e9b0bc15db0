/// Maximum-weight b-matching between participants (each at most once) and
/// needs (each up to its capacity): the assignment part of the problem once
/// training seats are priced.
///
/// Solved exactly as a min-cost flow by successive shortest paths: each
/// participant in turn sends one unit to the sink, either through a need
/// (cost −weight) or through its own "stay unplaced" arc (cost 0), along the
/// shortest path in the residual graph (Dijkstra on reduced costs, potentials
/// kept between searches). A search stops as soon as the sink is settled, so
/// it only explores what is near the participant. A warm start keeps what is
/// still optimal and repairs the rest the same way (`Run.runByDeficits`).
/// Integer weights make the optimum exact.
struct BMatching {
    /// Arcs grouped by participant (CSR): participant p owns arcs arcStart[p]..<arcStart[p+1].
    let arcStart: [Int]
    let arcNeed: [Int32]
    /// The participant of each arc.
    let owner: [Int32]
    /// An arc's weight; one of zero or less is never worth taking and is left out.
    let weight: [Int64]
    let capacity: [Int32]

    /// How many of each participant's arcs (the best) a dense graph is first solved on; 0 keeps all.
    var core = 8
    /// Arcs a participant, on average, above which a graph counts as dense. At 48 rather than 128,
    /// the dense M with a position for nearly everyone (about 50 arcs a participant, where each
    /// search on all arcs crosses the graph) ended closer in six pairs of six; the other shapes
    /// ended as before (docs/benchmarks.md).
    var denseAbove = 48
    /// The same for a cold solve, which has no answer to keep: a core pays off sooner.
    var coldDenseAbove = 24
    /// A cold core also holds each need's best `needCore.perPosition` × capacity +
    /// `needCore.extra` arcs: participants' best arcs alone crowd into the same needs.
    var needCore = (perPosition: 2, extra: 4)

    /// The arcs into each need, when the caller made them once for every solve on this graph
    /// (`InArcs`); a solve that needs them and has none makes its own.
    var inArcs: InArcs? = nil

    /// The arcs into each need, in arc order: need n's are arc[start[n] ..< start[n + 1]].
    /// They depend on the graph, not on its weights, so a part's relaxations share one
    /// copy: made for each solve, they took a tenth of a dense M's run (docs/benchmarks.md).
    struct InArcs: Sendable {
        let start: [Int]
        let arc: [Int32]

        init(arcNeed: [Int32], needs: Int) {
            var start = [Int](repeating: 0, count: needs + 1)
            for n in arcNeed { start[Int(n) + 1] += 1 }
            for n in 0..<needs { start[n + 1] += start[n] }
            var arc = [Int32](repeating: 0, count: arcNeed.count)
            var next = start
            for a in arcNeed.indices {
                let n = Int(arcNeed[a])
                arc[next[n]] = Int32(a)
                next[n] += 1
            }
            self.start = start
            self.arc = arc
        }

        /// Whether these are the arcs of a graph of this many arcs and needs.
        func fit(arcs: Int, needs: Int) -> Bool { arc.count == arcs && start.count == needs + 1 }
    }

    /// A start that keeps fewer of its placements than this (kept, of placed) is dropped for a
    /// cold solve: its prices are far from the new optimum. Set with the earlier repair
    /// (vacancies first), whose searches then went through a fifth of the graph; at 0 with
    /// `runByDeficits`, the plenty M gained nothing and the M proofs moved, some later
    /// (docs/benchmarks.md).
    var coldBelow = (kept: 65, placed: 100)

    /// How many of a start's placements are still tight at this graph's weights and the start's prices.
    func stillTight(_ start: WarmStart) -> (kept: Int, placed: Int) {
        var kept = 0, placed = 0
        for p in 0..<(arcStart.count - 1) where start.assigned[p] >= 0 {
            placed += 1
            if isTight(Int(start.assigned[p]), profit: profit(of: p, at: start.prices), at: start.prices) { kept += 1 }
        }
        return (kept, placed)
    }

    /// u(p) = max(0, max w(a) − π(n(a))): participant p's best profit at need prices π.
    @inline(__always)
    func profit(of p: Int, at price: [Int64]) -> Int64 {
        var best: Int64 = 0
        for a in arcStart[p]..<arcStart[p + 1] where weight[a] > 0 { best = max(best, weight[a] - price[Int(arcNeed[a])]) }
        return best
    }

    /// Whether arc a is worth taking and earns its participant's best profit at need prices π.
    @inline(__always)
    func isTight(_ a: Int, profit: Int64, at price: [Int64]) -> Bool {
        weight[a] > 0 && weight[a] - price[Int(arcNeed[a])] == profit
    }

    /// The matched arc of each participant, or -1.
    func solve() -> [Int32] {
        solve(from: nil).assigned
    }

    /// An optimal answer of a problem on the same arcs with other weights: where the next solve starts.
    struct WarmStart {
        /// Each participant's arc, or -1.
        var assigned: [Int32]
        /// Optimal dual prices of the needs: u(p) + π(n) ≥ w(a), π(n) = 0 where a need has room.
        var prices: [Int64]
        /// The arcs the last solve of a dense graph needed (its core): the next one starts with them.
        var core: [Bool]? = nil
    }

    /// Solves starting from an earlier optimum on the same arcs (weights may differ): its
    /// prices are kept, u(p) recomputed, and only the placements that are no longer tight
    /// are routed again (with the vacancies they leave). Exact, like `solve()`.
    ///
    /// A dense graph (`denseAbove`) is solved on a core first: each participant's
    /// `core` best arcs, the arcs the previous solve's core held and the arcs of the
    /// start's placements. The core's optimal prices then price every arc left out
    /// (weight − need price above the participant's profit); each participant's arcs
    /// that would gain most are added and the core solved again from where it stood,
    /// until no arc left out would gain: those prices prove the answer optimal on all
    /// arcs (column generation).
    func solve(from warm: WarmStart?) -> (assigned: [Int32], warm: WarmStart) {
        solve(from: warm, unlessReaching: nil)!
    }

    /// The same, given up (nil) as soon as a matching on the way weighs `cutoff` or more:
    /// it proves the optimum weighs that much, which is all a caller that asks this needs to know.
    func solve(from warm: WarmStart?, unlessReaching cutoff: Int64?) -> (assigned: [Int32], warm: WarmStart)? {
        let P = arcStart.count - 1
        // A start from another problem (other participants or needs) is no start at all.
        var start = warm.flatMap { $0.assigned.count == P && $0.prices.count == capacity.count ? $0 : nil }
        if let s = start {
            let (kept, placed) = stillTight(s)
            if kept * coldBelow.placed < coldBelow.kept * placed { start = nil }
        }
        guard core > 0, arcNeed.count > (start == nil ? coldDenseAbove : denseAbove) * P else { return solveAll(from: start, unlessReaching: cutoff) }
        var inCore = start?.core.flatMap { $0.count == arcNeed.count ? $0 : nil } ?? [Bool](repeating: false, count: arcNeed.count)
        BestArcs.markPerParticipant(core, arcStart: arcStart, weight: weight, into: &inCore)
        for a in start?.assigned ?? [] where a >= 0 { inCore[Int(a)] = true }
        if start == nil {
            // Participants' best arcs alone crowd into the needs everyone ranks first, and the
            // needs' prices take many rounds of column generation to settle.
            BestArcs.markPerNeed(arcNeed: arcNeed, weight: weight, needs: capacity.count,
                                 room: { min(64, max(0, needCore.perPosition * Int(capacity[$0]) + needCore.extra)) }, into: &inCore)
        }
        // The core as a graph of its own, in arc order per participant; later rounds merge the added arcs in.
        var sub = Core(P: P)
        for p in 0..<P {
            for a in arcStart[p]..<arcStart[p + 1] where inCore[a] { sub.append(Int32(a), self) }
            sub.close(p)
        }
        var added: [Int32] = []
        var addedStart = [Int](repeating: 0, count: P + 1)
        var gaining: [(gain: Int64, arc: Int32)] = []
        while true {
            // The start's placements renumbered into the core.
            let subStartWarm = start.map { s in
                WarmStart(assigned: (0..<P).map { p in
                    let a = s.assigned[p]
                    guard a >= 0 else { return -1 }
                    return Int32(sub.arc[sub.start[p]..<sub.start[p + 1]].firstIndex(of: a)!)
                }, prices: s.prices)
            }
            let matching = BMatching(arcStart: sub.start, arcNeed: sub.need, owner: sub.owner, weight: sub.weight,
                                     capacity: capacity, core: 0)
            // A matching on the core is one on all arcs: it may reach the cutoff as well.
            guard let (subAssigned, subWarm) = matching.solveAll(from: subStartWarm, unlessReaching: cutoff) else { return nil }
            let assigned = subAssigned.map { $0 >= 0 ? sub.arc[Int($0)] : -1 }
            let price = subWarm.prices
            // Price the arcs left out; add each participant's (up to four) that would gain most.
            added.removeAll(keepingCapacity: true)
            for p in 0..<P {
                var profit: Int64 = 0
                for k in sub.start[p]..<sub.start[p + 1] {
                    profit = max(profit, sub.weight[k] - price[Int(sub.need[k])])
                }
                gaining.removeAll(keepingCapacity: true)
                for a in arcStart[p]..<arcStart[p + 1] {
                    let gain = weight[a] - price[Int(arcNeed[a])]
                    if gain > profit && !inCore[a] { gaining.append((gain, Int32(a))) }
                }
                if gaining.count > 4 {
                    gaining.sort { $0.gain != $1.gain ? $0.gain > $1.gain : $0.arc < $1.arc }
                    gaining.removeLast(gaining.count - 4)
                }
                for (_, a) in gaining.sorted(by: { $0.arc < $1.arc }) {
                    inCore[Int(a)] = true
                    added.append(a)
                }
                addedStart[p + 1] = added.count
            }
            if added.isEmpty { return (assigned, WarmStart(assigned: assigned, prices: price, core: inCore)) }
            // Each participant's core arcs and added arcs, merged in arc order.
            var next = Core(P: P, capacity: sub.arc.count + added.count)
            for p in 0..<P {
                var i = sub.start[p], j = addedStart[p]
                while i < sub.start[p + 1] || j < addedStart[p + 1] {
                    if j == addedStart[p + 1] || (i < sub.start[p + 1] && sub.arc[i] < added[j]) {
                        next.append(sub.arc[i], self)
                        i += 1
                    } else {
                        next.append(added[j], self)
                        j += 1
                    }
                }
                next.close(p)
            }
            sub = next
            start = WarmStart(assigned: assigned, prices: price)
        }
    }

    /// The arcs of a dense graph's core, grouped by participant, with the fields a solve reads.
    private struct Core {
        var start: [Int]
        var arc: [Int32] = []
        var need: [Int32] = []
        var owner: [Int32] = []
        var weight: [Int64] = []

        init(P: Int, capacity: Int = 0) {
            start = [Int](repeating: 0, count: P + 1)
            arc.reserveCapacity(capacity)
            need.reserveCapacity(capacity)
            owner.reserveCapacity(capacity)
            weight.reserveCapacity(capacity)
        }

        @inline(__always)
        mutating func append(_ a: Int32, _ g: BMatching) {
            arc.append(a)
            need.append(g.arcNeed[Int(a)])
            owner.append(g.owner[Int(a)])
            weight.append(g.weight[Int(a)])
        }

        /// Ends participant p's arcs.
        mutating func close(_ p: Int) {
            start[p + 1] = arc.count
        }
    }

    /// The exact solve on every arc.
    private func solveAll(from start: WarmStart?, unlessReaching cutoff: Int64?) -> (assigned: [Int32], warm: WarmStart)? {
        var solver = Run(self, cutoff: cutoff ?? .max)
        guard let assigned = start.map({ solver.runByDeficits(from: $0) }) ?? solver.run() else { return nil }
        return (assigned, WarmStart(assigned: assigned, prices: solver.needPrices()))
    }
}
