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

        /// Of `participants`, those with an arc worth taking, in the order their units are routed:
        /// weakest (lowest best weight) first, ties by index. Strong participants then displace
        /// along short paths (measured: 30 % fewer nodes visited).
        func weakestFirst(_ participants: [Int]) -> [Int] {
            let top = participants.map { g.weight[g.arcStart[$0]..<g.arcStart[$0 + 1]].max() ?? 0 }
            return participants.indices.filter { top[$0] > 0 }
                .sorted { top[$0] != top[$1] ? top[$0] < top[$1] : participants[$0] < participants[$1] }
                .map { participants[$0] }
        }

        /// Nil when given up at the cutoff.
        mutating func run() -> [Int32]? {
            for p in weakestFirst(Array(0..<P)) {
                insert(p)
                if value >= cutoff { return nil }
            }
            return Array(UnsafeBufferPointer(start: assignedArc, count: P))
        }

        /// The needs' dual prices read off the potentials.
        func needPrices() -> [Int64] {
            (0..<N).map { n in max(0, potential[sink] - potential[P + n]) }
        }

        /// Keeps the placements of an earlier answer that are still tight at its prices and
        /// sets the potentials from those prices; returns each participant's profit at them.
        mutating func keepTight(_ warm: WarmStart) -> [Int64] {
            let price = warm.prices
            let profit = (0..<P).map { g.profit(of: $0, at: price) }
            for p in 0..<P {
                let a = Int(warm.assigned[p])
                guard a >= 0, g.isTight(a, profit: profit[p], at: price) else { continue }
                let n = Int(g.arcNeed[a])
                guard load[n] < g.capacity[n] else { continue }  // a start from other capacities
                assignedArc[p] = Int32(a)
                addHolder(p, arc: a, to: n)
            }
            potential[sink] = 0
            for n in 0..<N { potential[P + n] = -price[n] }
            for p in 0..<P { potential[p] = profit[p] }
            return profit
        }

        /// Forgets the last search (only the nodes it reached).
        mutating func clearSearch() {
            for k in 0..<touchedCount {
                let v = Int(touched[k])
                dist[v] = .max
                settled[v] = false
            }
            touchedCount = 0
            heap.removeAll()
        }

        /// Forgets the last search and starts one at `origin`.
        private mutating func beginSearch(at origin: Int) {
            clearSearch()
            relax(origin, 0, from: -1)
        }

        /// An arc out of a participant, as a search forwards reads it.
        struct Outgoing {
            var weight: Int64
            var need: Int32
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
        mutating func addHolder(_ q: Int, arc a: Int, to n: Int) {
            holders[holderStart[n] + Int(load[n])] = Holder(weight: g.weight[a], participant: Int32(q))
            load[n] += 1
            value += g.weight[a]
        }

        /// Counts the holder out of `load`: the last one takes its slot.
        mutating func removeHolder(_ q: Int, from n: Int) {
            let first = holderStart[n], last = first + Int(load[n]) - 1
            guard let k = (first...last).first(where: { holders[$0].participant == Int32(q) }) else { return }
            value -= holders[k].weight
            holders[k] = holders[last]
            load[n] -= 1
        }
    }
}
