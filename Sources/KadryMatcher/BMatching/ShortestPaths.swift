extension BMatching {
    /// One solve's state. The searches read and write it millions of times a second, so it
    /// lives in buffers of its own (freed with it) rather than in arrays, whose every write
    /// checks that the array is not shared.
    struct Run: ~Copyable {
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
