/// Maximum-weight b-matching between participants (each at most once) and
/// needs (each up to its capacity): the assignment part of the problem once
/// training seats are priced. Solved exactly by successive shortest paths
/// (Dijkstra with potentials) on the residual graph; every weight is an
/// integer, so the optimum is exact.
struct BMatching {
    /// Arcs grouped by participant (CSR): participant p owns arcs arcStart[p]..<arcStart[p+1].
    var arcStart: [Int32]
    var arcNeed: [Int32] = []
    var arcWeight: [Int64] = []
    var capacity: [Int32]

    init(participants: Int, capacity: [Int32]) {
        arcStart = [Int32](repeating: 0, count: participants + 1)
        self.capacity = capacity
    }

    /// The matched arc of each participant, or -1.
    func solve() -> [Int32] {
        var solver = Run(self)
        return solver.run()
    }

    private struct Run {
        let g: BMatching
        let P: Int
        let N: Int
        var assignedArc: [Int32]
        var load: [Int32]
        var holders: [[Int32]]  // participants assigned to each need
        var potential: [Int64]  // participants 0..<P, needs P..<P+N, sink P+N
        var potentialSource: Int64 = 0
        var dist: [Int64]
        var parent: [Int32]  // for a need: the arc used to reach it; for a participant: the need it was reached from (-1 for a source)
        var settled: [Bool]
        var touched: [Int32] = []
        var heap = MinHeap()

        init(_ g: BMatching) {
            self.g = g
            P = g.arcStart.count - 1
            N = g.capacity.count
            assignedArc = [Int32](repeating: -1, count: P)
            load = [Int32](repeating: 0, count: N)
            holders = [[Int32]](repeating: [], count: N)
            potential = [Int64](repeating: 0, count: P + N + 1)
            dist = [Int64](repeating: .max, count: P + N + 1)
            parent = [Int32](repeating: -1, count: P + N + 1)
            settled = [Bool](repeating: false, count: P + N + 1)
            // Initial potentials make every reduced cost non-negative: arcs cost −weight.
            var best = [Int64](repeating: 0, count: N)
            for a in 0..<g.arcNeed.count { best[Int(g.arcNeed[a])] = max(best[Int(g.arcNeed[a])], g.arcWeight[a]) }
            for n in 0..<N { potential[P + n] = -best[n] }
            potential[P + N] = best.map { -$0 }.min() ?? 0
        }

        mutating func run() -> [Int32] {
            let sink = P + N
            while true {
                // Multi-source Dijkstra from every free participant.
                for v in touched {
                    dist[Int(v)] = .max
                    settled[Int(v)] = false
                    parent[Int(v)] = -1
                }
                touched.removeAll(keepingCapacity: true)
                heap.removeAll()
                for p in 0..<P where assignedArc[p] < 0 && g.arcStart[p] < g.arcStart[p + 1] {
                    let d = potentialSource - potential[p]
                    relax(p, d, from: -1)
                }
                var sinkDist: Int64 = .max
                while let (d, v32) = heap.pop() {
                    let v = Int(v32)
                    if settled[v] || d > dist[v] { continue }
                    settled[v] = true
                    if v == sink {
                        sinkDist = d
                        break
                    }
                    if v < P {
                        let pv = potential[v]
                        for a in Int(g.arcStart[v])..<Int(g.arcStart[v + 1]) {
                            let n = P + Int(g.arcNeed[a])
                            if settled[n] { continue }
                            relax(n, d - g.arcWeight[a] + pv - potential[n], from: Int32(a))
                        }
                    } else {
                        let n = v - P
                        let pn = potential[v]
                        if load[n] < g.capacity[n] && !settled[sink] {
                            relax(sink, d + pn - potential[sink], from: Int32(n))
                        }
                        for q in holders[n] where !settled[Int(q)] {
                            let a = Int(assignedArc[Int(q)])
                            relax(Int(q), d + g.arcWeight[a] + pn - potential[Int(q)], from: Int32(n))
                        }
                    }
                }
                guard sinkDist < .max else { break }
                // The path's cost in real terms; stop once augmenting no longer gains.
                let pathCost = sinkDist + potential[sink] - potentialSource
                if pathCost >= 0 { break }
                for v in touched where settled[Int(v)] {
                    potential[Int(v)] += dist[Int(v)] - sinkDist
                }
                potentialSource -= sinkDist
                augment()
            }
            return assignedArc
        }

        private mutating func relax(_ v: Int, _ d: Int64, from: Int32) {
            if dist[v] == .max { touched.append(Int32(v)) }
            if d < dist[v] {
                dist[v] = d
                parent[v] = from
                heap.push(d, Int32(v))
            }
        }

        private mutating func augment() {
            let sink = P + N
            var n = Int(parent[sink])  // the need that takes one more
            load[n] += 1
            while true {
                let a = Int(parent[P + n])
                let p = participantOf(arc: a)
                let previous = parent[p]  // the need p leaves, or -1 when p was free
                if previous >= 0 {
                    let old = Int(previous)
                    if let k = holders[old].firstIndex(of: Int32(p)) { holders[old].swapAt(k, holders[old].count - 1) }
                    holders[old].removeLast()
                }
                assignedArc[p] = Int32(a)
                holders[n].append(Int32(p))
                if previous < 0 { break }
                n = Int(previous)
            }
        }

        private func participantOf(arc a: Int) -> Int {
            // Binary search in the CSR offsets.
            var lo = 0
            var hi = P
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if Int(g.arcStart[mid]) <= a { lo = mid } else { hi = mid - 1 }
            }
            return lo
        }
    }
}

/// A binary min-heap of (distance, node) with lazy deletion.
struct MinHeap {
    private var keys: [Int64] = []
    private var values: [Int32] = []

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }

    mutating func push(_ key: Int64, _ value: Int32) {
        keys.append(key)
        values.append(value)
        var i = keys.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if keys[parent] <= keys[i] { break }
            keys.swapAt(parent, i)
            values.swapAt(parent, i)
            i = parent
        }
    }

    mutating func pop() -> (Int64, Int32)? {
        guard let topKey = keys.first, let topValue = values.first else { return nil }
        let lastKey = keys.removeLast()
        let lastValue = values.removeLast()
        if !keys.isEmpty {
            keys[0] = lastKey
            values[0] = lastValue
            var i = 0
            let count = keys.count
            while true {
                let l = 2 * i + 1
                if l >= count { break }
                let r = l + 1
                let c = (r < count && keys[r] < keys[l]) ? r : l
                if keys[i] <= keys[c] { break }
                keys.swapAt(i, c)
                values.swapAt(i, c)
                i = c
            }
        }
        return (topKey, topValue)
    }
}
