/// Maximum-weight b-matching between participants (each at most once) and
/// needs (each up to its capacity): the assignment part of the problem once
/// training seats are priced.
///
/// Solved exactly as a min-cost flow by successive shortest paths: each
/// participant in turn sends one unit to the sink, either through a need
/// (cost −weight) or through its own "stay unplaced" arc (cost 0), along the
/// shortest path in the residual graph (Dijkstra on reduced costs, potentials
/// kept between searches). A search stops as soon as the sink is settled, so
/// it only explores what is near the participant. Integer weights make the
/// optimum exact.
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
    /// Arcs a participant, on average, above which a graph counts as dense (measured:
    /// at 90 the whole graph solves faster when warm-started, at 250–500 the core does).
    var denseAbove = 128
    /// The same for a cold solve, which has no answer to keep (measured at 100,000
    /// participants: a part of 7,196 participants and 127 arcs each, 1.9–2.6 s on all
    /// arcs, 1.1 s through the core).
    var coldDenseAbove = 24
    /// A cold core also holds each need's best `needCore.perPosition` × capacity +
    /// `needCore.extra` arcs (measured at 100,000 participants: the six largest parts'
    /// first relaxations 13.8 / 10.9 s → 8.5 / 9.2 s in two pairs of runs, 12 → 13 rounds
    /// of column generation on the largest, whose core ends with 270,504 arcs, not 284,347).
    var needCore = (perPosition: 2, extra: 4)

    /// A start that keeps fewer of its placements than this (kept, of placed) is dropped for a
    /// cold solve: its prices are far from the new optimum, and each vacancy's search went
    /// through a fifth of the graph. Measured at 100,000 participants, part of 5,287
    /// participants: a relaxation that kept 838 of 2,371 placements took 1.04 s warm, 0.49 s
    /// cold; one that kept 1,534 of 2,370, 0.39 s against 0.31 s. Parts of 10,597 / 6,160 /
    /// 7,196 participants, searched to the end of their descent (and a dive and a bundle step
    /// after it): 11.0–11.5 / 6.4–8.5 / 3.9–4.4 s always warm, 8.9 / 6.2–7.5 / 3.6–4.1 s at
    /// 65 %, 9.6 / 6.2–7.5 / 3.2–3.9 s at 50 %, two runs each. Thirty bundle steps on the part
    /// of 5,287 (starts that keep more): 9.7–11.3 s against 8.7–10.0 s, the same bounds.
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
        guard let assigned = start.map({ solver.run(from: $0) }) ?? solver.run() else { return nil }
        return (assigned, WarmStart(assigned: assigned, prices: solver.needPrices()))
    }

    /// One solve's state. The searches read and write it millions of times a second, so it
    /// lives in buffers of its own (freed with it) rather than in arrays, whose every write
    /// checks that the array is not shared.
    private struct Run: ~Copyable {
        let g: BMatching
        let P: Int
        let N: Int
        let sink: Int
        /// Each participant's arc, or -1.
        let assignedArc: UnsafeMutablePointer<Int32>
        let load: UnsafeMutablePointer<Int32>
        /// The participants assigned to each need, each with its arc's weight: need n's are
        /// holders[holderStart[n] ..< holderStart[n] + load[n]], in one buffer (a need has a slot
        /// more than its capacity, for a chain that moves someone in before the holder leaves).
        let holders: UnsafeMutablePointer<Holder>
        let holderStart: UnsafeMutablePointer<Int>
        let potential: UnsafeMutablePointer<Int64>  // participants 0..<P, needs P..<P+N, sink P+N
        let dist: UnsafeMutablePointer<Int64>
        // For a need: the arc that reached it. For a participant: the need it was
        // reached from (-1 for the source). For the sink: the node it was reached from.
        let parent: UnsafeMutablePointer<Int32>
        let settled: UnsafeMutablePointer<Bool>
        /// The nodes the current search reached (each once): touched[0 ..< touchedCount].
        let touched: UnsafeMutablePointer<Int32>
        var touchedCount = 0
        var heap = MinHeap()
        /// The graph's arcs as a search forwards from a participant reads them, in a row
        /// (participant p's are out[arcStart[p] ..< arcStart[p + 1]]).
        let out: UnsafeMutablePointer<Outgoing>
        let arcStart: UnsafeMutablePointer<Int>
        /// The weight of the matching held: once it reaches `cutoff`, the run gives up.
        var value: Int64 = 0
        let cutoff: Int64

        init(_ g: BMatching, cutoff: Int64 = .max) {
            self.g = g
            self.cutoff = cutoff
            P = g.arcStart.count - 1
            N = g.capacity.count
            sink = P + N
            let nodes = P + N + 1
            assignedArc = .allocate(capacity: P)
            assignedArc.initialize(repeating: -1, count: P)
            load = .allocate(capacity: N)
            load.initialize(repeating: 0, count: N)
            holderStart = .allocate(capacity: N + 1)
            holderStart[0] = 0
            for n in 0..<N { holderStart[n + 1] = holderStart[n] + Int(g.capacity[n]) + 1 }
            holders = .allocate(capacity: holderStart[N])
            holders.initialize(repeating: Holder(weight: 0, participant: -1), count: holderStart[N])
            potential = .allocate(capacity: nodes)
            potential.initialize(repeating: 0, count: nodes)
            dist = .allocate(capacity: nodes)
            dist.initialize(repeating: .max, count: nodes)
            parent = .allocate(capacity: nodes)
            parent.initialize(repeating: -1, count: nodes)
            settled = .allocate(capacity: nodes)
            settled.initialize(repeating: false, count: nodes)
            touched = .allocate(capacity: nodes)
            out = .allocate(capacity: g.arcNeed.count)
            for a in g.arcNeed.indices { out[a] = Outgoing(weight: g.weight[a], need: g.arcNeed[a]) }
            arcStart = .allocate(capacity: P + 1)
            for p in 0...P { arcStart[p] = g.arcStart[p] }
            // Reduced costs start non-negative with π(p) = 0, π(n) = −(best weight into n)
            // and π(sink) = the lowest of those.
            var best = [Int64](repeating: 0, count: N)
            for a in 0..<g.arcNeed.count { best[Int(g.arcNeed[a])] = max(best[Int(g.arcNeed[a])], g.weight[a]) }
            for n in 0..<N { potential[P + n] = -best[n] }
            potential[sink] = -(best.max() ?? 0)
        }

        deinit {
            for buffer in [UnsafeMutableRawPointer(assignedArc), UnsafeMutableRawPointer(load), UnsafeMutableRawPointer(holders),
                           UnsafeMutableRawPointer(holderStart), UnsafeMutableRawPointer(potential), UnsafeMutableRawPointer(dist),
                           UnsafeMutableRawPointer(parent), UnsafeMutableRawPointer(settled), UnsafeMutableRawPointer(touched),
                           UnsafeMutableRawPointer(out), UnsafeMutableRawPointer(arcStart)]
            {
                buffer.deallocate()
            }
        }

        /// Nil when given up at the cutoff.
        mutating func run() -> [Int32]? {
            // Weakest first: strong participants then displace along short paths (measured: 30 % fewer nodes visited).
            var top = [Int64](repeating: 0, count: P)
            for p in 0..<P { top[p] = g.weight[g.arcStart[p]..<g.arcStart[p + 1]].max() ?? 0 }
            var order = (0..<P).filter { top[$0] > 0 }
            order.sort { top[$0] != top[$1] ? top[$0] < top[$1] : $0 < $1 }
            for p in order {
                insert(p)
                if value >= cutoff { return nil }
            }
            return Array(UnsafeBufferPointer(start: assignedArc, count: P))
        }

        /// The needs' dual prices read off the potentials.
        func needPrices() -> [Int64] {
            (0..<N).map { n in max(0, potential[sink] - potential[P + n]) }
        }

        /// Keeps what is still optimal of an earlier answer and routes the rest.
        mutating func run(from warm: WarmStart) -> [Int32]? {
            let price = warm.prices
            let profit = (0..<P).map { g.profit(of: $0, at: price) }
            // Keep the placements that are still tight.
            for p in 0..<P {
                let a = Int(warm.assigned[p])
                guard a >= 0, g.isTight(a, profit: profit[p], at: price) else { continue }
                let n = Int(g.arcNeed[a])
                guard load[n] < g.capacity[n] else { continue }  // a start from other capacities
                assignedArc[p] = Int32(a)
                addHolder(p, arc: a, to: n)
            }
            if value >= cutoff { return nil }
            // Arcs into each need, for the searches that fill a vacancy.
            var inStart = [Int](repeating: 0, count: N + 1)
            for a in g.arcNeed.indices where g.weight[a] > 0 { inStart[Int(g.arcNeed[a]) + 1] += 1 }
            for n in 0..<N { inStart[n + 1] += inStart[n] }
            // Each with its participant and weight beside it: a search reads them in a row.
            var inArc = [Incoming](repeating: Incoming(weight: 0, arc: 0, owner: 0), count: inStart[N])
            var next = inStart
            for a in g.arcNeed.indices where g.weight[a] > 0 {
                let n = Int(g.arcNeed[a])
                inArc[next[n]] = Incoming(weight: g.weight[a], arc: Int32(a), owner: g.owner[a])
                next[n] += 1
            }
            potential[sink] = 0
            for n in 0..<N { potential[P + n] = -price[n] }
            for p in 0..<P { potential[p] = profit[p] }
            // A need with room must cost nothing: each vacancy left at a price is filled
            // along the cheapest chain of moves, or left empty with its price dropped.
            // Prices only fall, so one pass leaves none.
            let reached = inArc.withUnsafeBufferPointer { inArc in
                inStart.withUnsafeBufferPointer { inStart in
                    for n in 0..<N {
                        while load[n] < g.capacity[n] && potential[sink] - potential[P + n] > 0 {
                            fill(n, inStart: inStart, inArc: inArc)
                            if value >= cutoff { return true }
                        }
                    }
                    return false
                }
            }
            if reached { return nil }
            // Route whoever is not placed but has something worth taking, weakest first.
            var order = (0..<P).filter { assignedArc[$0] < 0 && potential[$0] - potential[sink] > 0 }
            var top = [Int64](repeating: 0, count: P)
            for p in order { top[p] = g.weight[g.arcStart[p]..<g.arcStart[p + 1]].max() ?? 0 }
            order.sort { top[$0] != top[$1] ? top[$0] < top[$1] : $0 < $1 }
            for p in order {
                insert(p)
                if value >= cutoff { return nil }
            }
            return Array(UnsafeBufferPointer(start: assignedArc, count: P))
        }

        /// Forgets the last search (only the nodes it reached) and starts one at `origin`.
        private mutating func beginSearch(at origin: Int) {
            for k in 0..<touchedCount {
                let v = Int(touched[k])
                dist[v] = .max
                settled[v] = false
            }
            touchedCount = 0
            heap.removeAll()
            relax(origin, 0, from: -1)
        }

        /// An arc out of a participant, as a search forwards reads it.
        struct Outgoing {
            var weight: Int64
            var need: Int32
        }

        /// An arc into a need, as a search backwards from the need reads it.
        struct Incoming {
            var weight: Int64
            var arc: Int32
            var owner: Int32
        }

        /// Fills a vacancy of need `n0` that still has a price: the cheapest chain in which a
        /// participant moves into n0, another into the need the first one left, and so on,
        /// ending with someone who was not placed or with a need left empty (its price then
        /// falls to zero). Dijkstra on reduced costs, backwards from n0; with u(q) = π(q) − π(sink)
        /// and price(m) = π(sink) − π(m), settled nodes move their potentials up by D − d, which
        /// lowers prices and raises profits by exactly enough to keep every arc dual-feasible
        /// and every placement tight.
        private mutating func fill(_ n0: Int, inStart: UnsafeBufferPointer<Int>, inArc: UnsafeBufferPointer<Incoming>) {
            beginSearch(at: P + n0)
            while let (d, v32) = heap.pop() {
                let v = Int(v32)
                if settled[v] || d > dist[v] { continue }
                settled[v] = true
                if v == sink { break }
                if v >= P {
                    let m = v - P
                    let pm = potential[v]
                    relax(sink, d + potential[sink] - pm, from: Int32(v))  // leave m empty
                    for k in inStart[m]..<inStart[m + 1] {
                        let incoming = inArc[k]
                        let q = Int(incoming.owner)
                        if settled[q] { continue }
                        // q moves into m; m's own holders are reached too (at no cost), so that
                        // their placements stay tight when potentials move, but lead nowhere.
                        relax(q, d + potential[q] - pm - incoming.weight, from: incoming.arc)
                    }
                } else {
                    let held = Int(assignedArc[v])
                    if held < 0 {
                        relax(sink, d + potential[v] - potential[sink], from: Int32(v))  // someone not placed
                    } else {
                        let m = P + Int(g.arcNeed[held])
                        if !settled[m] { relax(m, d + g.weight[held] + potential[m] - potential[v], from: Int32(v)) }
                    }
                }
            }
            let sinkDist = dist[sink]
            for k in 0..<touchedCount {
                let v = Int(touched[k])
                if settled[v] && v != sink { potential[v] += sinkDist - dist[v] }
            }
            // Walk the chain back from its end: each participant takes the arc it was reached by.
            let end = Int(parent[sink])
            var mover: Int
            if end >= P {
                let m = end - P
                if m == n0 { return }  // n0 stays empty, at price zero now
                mover = Int(parent[end])  // the holder who leaves m
                removeHolder(mover, from: m)  // m keeps one holder fewer
            } else {
                mover = end
            }
            while true {
                let a = Int(parent[mover])
                let m = Int(g.arcNeed[a])
                // The mover no longer holds its old need (removed below or above), or had none.
                assignedArc[mover] = Int32(a)
                addHolder(mover, arc: a, to: m)
                if m == n0 { return }
                let next = Int(parent[P + m])  // the holder who left m for the previous need
                removeHolder(next, from: m)
                mover = next
            }
        }

        /// Routes participant p's unit along a shortest residual path to the sink.
        private mutating func insert(_ source: Int) {
            beginSearch(at: source)
            while let (d, v32) = heap.pop() {
                let v = Int(v32)
                if settled[v] || d > dist[v] { continue }
                settled[v] = true
                if v == sink { break }
                if v < P {
                    let pv = potential[v]
                    // Stay unplaced (or, for a participant reached backwards, leave its need).
                    relax(sink, d + pv - potential[sink], from: Int32(v))
                    let current = assignedArc[v]
                    for a in arcStart[v]..<arcStart[v + 1] where a != Int(current) {
                        let w = out[a].weight
                        if w <= 0 { continue }
                        let n = P + Int(out[a].need)
                        if settled[n] { continue }
                        relax(n, d - w + pv - potential[n], from: Int32(a))
                    }
                } else {
                    let n = v - P
                    let pn = potential[v]
                    if load[n] < g.capacity[n] { relax(sink, d + pn - potential[sink], from: Int32(v)) }
                    for k in holderStart[n]..<(holderStart[n] + Int(load[n])) {
                        let q = Int(holders[k].participant)
                        if settled[q] { continue }
                        relax(q, d + holders[k].weight + pn - potential[q], from: Int32(n))
                    }
                }
            }
            let sinkDist = dist[sink]
            for k in 0..<touchedCount {
                let v = Int(touched[k])
                if settled[v] { potential[v] += dist[v] - sinkDist }
            }
            augment(source)
        }

        @inline(__always)
        private mutating func relax(_ v: Int, _ d: Int64, from: Int32) {
            // Reduced costs are non-negative, so a node no nearer than the best path to the sink
            // found so far cannot shorten it: leave it unreached (its potential stays valid).
            if v != sink && d >= dist[sink] { return }
            if dist[v] == .max {
                touched[touchedCount] = Int32(v)
                touchedCount += 1
            }
            if d < dist[v] {
                dist[v] = d
                parent[v] = from
                heap.push(d, Int32(v))
            }
        }

        private mutating func augment(_ source: Int) {
            let last = Int(parent[sink])
            var n: Int
            if last >= P {
                n = last - P  // the need that takes one more (its new holder is added below)
            } else {
                if last == source { return }  // the participant stays unplaced
                // A participant reached backwards leaves its need and stays unplaced.
                let q = last
                n = Int(parent[q])
                removeHolder(q, from: n)
                assignedArc[q] = -1
            }
            while true {
                let a = Int(parent[P + n])
                let r = Int(g.owner[a])
                let previous = r == source ? -1 : Int(parent[r])  // the need r leaves
                if previous >= 0 { removeHolder(r, from: previous) }
                assignedArc[r] = Int32(a)
                addHolder(r, arc: a, to: n)
                if previous < 0 { break }
                n = previous
            }
        }

        struct Holder {
            var weight: Int64
            var participant: Int32
        }

        /// Counts the new holder in `load` and `value`.
        private mutating func addHolder(_ q: Int, arc a: Int, to n: Int) {
            holders[holderStart[n] + Int(load[n])] = Holder(weight: g.weight[a], participant: Int32(q))
            load[n] += 1
            value += g.weight[a]
        }

        /// Counts the holder out of `load`: the last one takes its slot.
        private mutating func removeHolder(_ q: Int, from n: Int) {
            let first = holderStart[n], last = first + Int(load[n]) - 1
            guard let k = (first...last).first(where: { holders[$0].participant == Int32(q) }) else { return }
            value -= holders[k].weight
            holders[k] = holders[last]
            load[n] -= 1
        }
    }
}

/// The best arcs of a graph by weight (those above zero), marked for a core.
enum BestArcs {
    /// Marks each participant's `count` best arcs (arcs grouped by participant, `arcStart`).
    static func markPerParticipant(_ count: Int, arcStart: [Int], weight: [Int64], into mark: inout [Bool]) {
        var best: [Int32] = []  // the best arcs so far, best first
        best.reserveCapacity(count + 1)
        for p in 0..<(arcStart.count - 1) {
            best.removeAll(keepingCapacity: true)
            for a in arcStart[p]..<arcStart[p + 1] where weight[a] > 0 {
                guard best.count < count || weight[a] > weight[Int(best[best.count - 1])] else { continue }
                var k = best.count
                while k > 0 && weight[Int(best[k - 1])] < weight[a] { k -= 1 }
                best.insert(Int32(a), at: k)
                if best.count > count { best.removeLast() }
            }
            for a in best { mark[Int(a)] = true }
        }
    }

    /// Marks each need's `room(n)` best arcs.
    static func markPerNeed(arcNeed: [Int32], weight: [Int64], needs: Int, room: (Int) -> Int, into mark: inout [Bool]) {
        var slotStart = [Int](repeating: 0, count: needs + 1)
        for n in 0..<needs { slotStart[n + 1] = slotStart[n] + max(0, room(n)) }
        var size = [Int](repeating: 0, count: needs)
        // Each need's best so far, best first, in its slots.
        var slot = [Int32](repeating: -1, count: slotStart[needs])
        for a in 0..<arcNeed.count where weight[a] > 0 {
            let n = Int(arcNeed[a])
            let (first, room) = (slotStart[n], slotStart[n + 1] - slotStart[n])
            guard room > 0 else { continue }
            var k = size[n]
            if k == room {
                guard weight[a] > weight[Int(slot[first + k - 1])] else { continue }
                k -= 1
            } else {
                size[n] += 1
            }
            while k > 0 && weight[Int(slot[first + k - 1])] < weight[a] {
                slot[first + k] = slot[first + k - 1]
                k -= 1
            }
            slot[first + k] = Int32(a)
        }
        for n in 0..<needs {
            for k in 0..<size[n] { mark[Int(slot[slotStart[n] + k])] = true }
        }
    }
}

/// A 4-ary min-heap of (distance, node) with lazy deletion: half the depth of a
/// binary one, and its entries moved into a hole rather than swapped. Kept in a
/// buffer of its own (the searches push and pop millions of times a second).
struct MinHeap: ~Copyable {
    private struct Entry {
        var key: Int64
        var value: Int32
    }

    private var entries: UnsafeMutablePointer<Entry>
    private var capacity = 1024
    private var count = 0

    init() {
        entries = .allocate(capacity: capacity)
    }

    deinit {
        entries.deallocate()
    }

    var peek: (Int64, Int32)? { count > 0 ? (entries[0].key, entries[0].value) : nil }

    mutating func removeAll() {
        count = 0
    }

    @inline(__always)
    mutating func push(_ key: Int64, _ value: Int32) {
        if count == capacity {
            let larger = UnsafeMutablePointer<Entry>.allocate(capacity: 2 * capacity)
            larger.moveInitialize(from: entries, count: count)
            entries.deallocate()
            entries = larger
            capacity *= 2
        }
        let item = Entry(key: key, value: value)
        var i = count
        count += 1
        while i > 0 {
            let parent = (i - 1) >> 2
            if entries[parent].key <= item.key { break }
            entries[i] = entries[parent]
            i = parent
        }
        entries[i] = item
    }

    mutating func pop() -> (Int64, Int32)? {
        guard count > 0 else { return nil }
        let top = entries[0]
        count -= 1
        let last = entries[count]
        if count > 0 {
            var i = 0
            while true {
                let first = 4 * i + 1
                if first >= count { break }
                var child = first
                var childKey = entries[first].key
                for j in (first + 1)..<min(first + 4, count) where entries[j].key < childKey {
                    child = j
                    childKey = entries[j].key
                }
                if last.key <= childKey { break }
                entries[i] = entries[child]
                i = child
            }
            entries[i] = last
        }
        return (top.key, top.value)
    }
}
