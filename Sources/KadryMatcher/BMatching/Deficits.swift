extension BMatching.Run {
    /// Keeps what is still optimal of an earlier answer (`keepTight`) and repairs the rest,
    /// treating a vacancy that still has a price and a participant not placed who could gain
    /// alike: as the two ends of the units still to route.
    ///
    /// The b-matching as a flow: each participant sends one unit to the sink, through a need
    /// (cost −weight) or straight (cost 0); need n passes at most capacity(n) units on. A
    /// vacancy with a price is a need that owes the sink a unit; a participant not placed who
    /// could gain has a unit not yet sent. First each such participant's unit goes, by Dijkstra
    /// on reduced costs, to whichever is nearer: the sink or a need that owes. Then each need
    /// still owing is paid from the sink, by Dijkstra backwards from the need. After each
    /// search the potentials of what it settled move so that reduced costs stay non-negative
    /// (successive shortest paths), so the answer is optimal and exact.
    ///
    /// Why: repaired the other way round (every vacancy first, from anyone, then every
    /// participant), a vacancy's search counts a participant who is not placed yet as one who
    /// would lose its profit, pays most of the vacancy's price to reach the sink instead, and
    /// the participant's own search later raises that price again: on the dense M with a
    /// position for nearly everyone, each of those searches crossed most of the graph. There,
    /// one dumped b-matching took 4 ms instead of 150 ms (docs/benchmarks.md).
    mutating func runByDeficits(from warm: BMatching.WarmStart) -> [Int32]? {
        let profit = keepTight(warm)
        if value >= cutoff { return nil }
        var state = Balance(P: P, N: N)
        var excess: [Int] = []
        for n in 0..<N {
            let owes = load[n] < g.capacity[n] && potential[sink] - potential[P + n] > 0
            state.flowOut[n] = owes ? g.capacity[n] : load[n]
        }
        for p in 0..<P where assignedArc[p] < 0 {
            if profit[p] > 0 {
                excess.append(p)
            } else {
                state.atSink[p] = true
            }
        }
        // The participants first, weakest first as a cold `run()` orders them (each could gain, so
        // each has an arc worth taking): each unit goes to the sink or to a vacancy, whichever is
        // nearer. Then each vacancy still owed is filled from the sink, which by then holds
        // exactly the units owed.
        for p in weakestFirst(excess) {
            let end = searchForward(from: p, &state)
            send(along: traceBack(from: end, to: p, &state), &state)
            if value >= cutoff { return nil }
        }
        var owing = (0..<N).filter { state.flowOut[$0] > load[$0] }
        guard !owing.isEmpty else { return Array(UnsafeBufferPointer(start: assignedArc, count: P)) }
        // The arcs into each need, for the searches backwards: the caller's, or made now.
        let inArcs = g.inArcs.flatMap { $0.fit(arcs: g.arcNeed.count, needs: N) ? $0 : nil }
            ?? BMatching.InArcs(arcNeed: g.arcNeed, needs: N)
        owing.reverse()
        while let n = owing.last {
            guard state.flowOut[n] > load[n] else {
                owing.removeLast()
                continue
            }
            let length = inArcs.start.withUnsafeBufferPointer { start in
                inArcs.arc.withUnsafeBufferPointer { arc in
                    g.owner.withUnsafeBufferPointer { owner in searchBackward(to: n, inArcs: (start, arc), owner: owner, &state) }
                }
            }
            send(along: length, &state)
            if value >= cutoff { return nil }
        }
        return Array(UnsafeBufferPointer(start: assignedArc, count: P))
    }

    /// The flow beyond the matching: what each need passes on, who stays unplaced for good,
    /// and the path of the unit being sent.
    struct Balance: ~Copyable {
        /// Units need n passes on to the sink; more than its load while it owes a vacancy.
        let flowOut: UnsafeMutablePointer<Int32>
        /// Participants whose unit goes straight to the sink (not placed, and settled so).
        let atSink: UnsafeMutablePointer<Bool>
        /// For a node reached from a participant by one of its arcs, that arc (forwards: kept
        /// at the need; backwards: at the participant).
        let via: UnsafeMutablePointer<Int32>
        /// The path of the unit being sent, from its source, and the arc of each step from a
        /// participant to a need.
        let path: UnsafeMutablePointer<Int32>
        let pathArc: UnsafeMutablePointer<Int32>

        init(P: Int, N: Int) {
            let nodes = P + N + 1
            flowOut = .allocate(capacity: N)
            flowOut.initialize(repeating: 0, count: N)
            atSink = .allocate(capacity: P)
            atSink.initialize(repeating: false, count: P)
            via = .allocate(capacity: nodes)
            path = .allocate(capacity: nodes)
            pathArc = .allocate(capacity: nodes)
        }

        deinit {
            flowOut.deallocate()
            atSink.deallocate()
            via.deallocate()
            path.deallocate()
            pathArc.deallocate()
        }
    }

    /// Reaches node v at distance d by an arc from u (`arc` ≥ 0 for a participant's arc),
    /// unless no nearer than `nearest`, the nearest end reached so far: then it cannot lead
    /// to a nearer one. An end lowers `nearest`.
    @inline(__always)
    private mutating func reach(_ v: Int, _ d: Int64, from u: Int, arc: Int, isEnd: Bool, nearest: inout Int64, _ via: UnsafeMutablePointer<Int32>) {
        if d >= nearest { return }
        if dist[v] == .max {
            touched[touchedCount] = Int32(v)
            touchedCount += 1
        }
        if d < dist[v] {
            dist[v] = d
            parent[v] = Int32(u)
            via[v] = Int32(arc)
            heap.push(d, Int32(v))
            if isEnd { nearest = d }
        }
    }

    /// Moves each settled node's potential by its distance − D (forwards) or D − its distance
    /// (backwards), D the end's: reduced costs stay non-negative and the path found costs nothing.
    private mutating func movePotentials(by D: Int64, forwards: Bool) {
        for k in 0..<touchedCount {
            let v = Int(touched[k])
            if settled[v] { potential[v] += forwards ? dist[v] - D : D - dist[v] }
        }
    }

    /// Dijkstra on reduced costs from participant `source` up to the nearest need that owes a
    /// vacancy or the sink, whichever comes first; returns it. The sink is never gone through:
    /// a unit sent there leaves it with one more than it needs, which a vacancy takes later.
    private mutating func searchForward(from source: Int, _ state: inout Balance) -> Int {
        clearSearch()
        var nearest = Int64.max
        reach(source, 0, from: -1, arc: -1, isEnd: false, nearest: &nearest, state.via)
        var D: Int64 = 0, end = sink
        while let (d, v32) = heap.pop() {
            let v = Int(v32)
            if settled[v] || d > dist[v] { continue }
            settled[v] = true
            D = d
            if v == sink || (v >= P && state.flowOut[v - P] > load[v - P]) {
                end = v
                break
            }
            let pv = potential[v]
            if v < P {
                // Stay unplaced (or, for a participant reached from its need, leave it).
                reach(sink, d + pv - potential[sink], from: v, arc: -1, isEnd: true, nearest: &nearest, state.via)
                let current = Int(assignedArc[v])
                for a in arcStart[v]..<arcStart[v + 1] where a != current {
                    let w = out[a].weight
                    if w <= 0 { continue }
                    let m = Int(out[a].need)
                    if settled[P + m] { continue }
                    reach(P + m, d - w + pv - potential[P + m], from: v, arc: a, isEnd: state.flowOut[m] > load[m], nearest: &nearest, state.via)
                }
            } else {
                let n = v - P
                if state.flowOut[n] < g.capacity[n] {
                    reach(sink, d + pv - potential[sink], from: v, arc: -1, isEnd: true, nearest: &nearest, state.via)
                }
                for k in holderStart[n]..<(holderStart[n] + Int(load[n])) {
                    let q = Int(holders[k].participant)
                    if settled[q] { continue }
                    reach(q, d + holders[k].weight + pv - potential[q], from: v, arc: -1, isEnd: false, nearest: &nearest, state.via)
                }
            }
        }
        movePotentials(by: D, forwards: true)
        return end
    }

    /// The path of the last forward search, from `source` to `end`, into `state.path`; returns its length.
    private func traceBack(from end: Int, to source: Int, _ state: inout Balance) -> Int {
        var length = 1
        var v = end
        while v != source {
            length += 1
            v = Int(parent[v])
        }
        v = end
        for i in stride(from: length - 1, through: 0, by: -1) {
            state.path[i] = Int32(v)
            if i > 0 {
                let u = Int(parent[v])
                state.pathArc[i - 1] = u < P && v != sink ? state.via[v] : -1
                v = u
            }
        }
        return length
    }

    /// Dijkstra on reduced costs backwards from need `n0`, which owes a vacancy, to the sink,
    /// which holds the units owed: the cheapest chain in which someone moves into n0,
    /// another into the need the first one left, and so on, starting from someone not placed
    /// or from a need that passes one unit fewer (its vacancy's price falls). The path, from
    /// the sink, goes into `state.path`; returns its length.
    private mutating func searchBackward(
        to n0: Int, inArcs: (start: UnsafeBufferPointer<Int>, arc: UnsafeBufferPointer<Int32>), owner: UnsafeBufferPointer<Int32>,
        _ state: inout Balance
    ) -> Int {
        clearSearch()
        var nearest = Int64.max
        reach(P + n0, 0, from: -1, arc: -1, isEnd: false, nearest: &nearest, state.via)
        var D: Int64 = 0
        while let (d, v32) = heap.pop() {
            let v = Int(v32)
            if settled[v] || d > dist[v] { continue }
            settled[v] = true
            D = d
            if v == sink { break }
            let pv = potential[v]
            if v >= P {
                let m = v - P
                if state.flowOut[m] > 0 {
                    reach(sink, d + potential[sink] - pv, from: v, arc: -1, isEnd: true, nearest: &nearest, state.via)
                }
                for k in inArcs.start[m]..<inArcs.start[m + 1] {
                    let a = Int(inArcs.arc[k]), q = Int(owner[a])
                    let w = out[a].weight
                    // q's own need is reached through q's holding of it, not by this arc.
                    if w <= 0 || settled[q] || Int(assignedArc[q]) == a { continue }
                    reach(q, d - w + potential[q] - pv, from: v, arc: a, isEnd: false, nearest: &nearest, state.via)
                }
            } else {
                let held = Int(assignedArc[v])
                if held >= 0 {
                    let m = P + Int(g.arcNeed[held])
                    if !settled[m] { reach(m, d + g.weight[held] + potential[m] - pv, from: v, arc: -1, isEnd: false, nearest: &nearest, state.via) }
                } else if state.atSink[v] {
                    reach(sink, d + potential[sink] - pv, from: v, arc: -1, isEnd: true, nearest: &nearest, state.via)
                }
            }
        }
        movePotentials(by: D, forwards: false)
        // From the sink along the parents to n0: each step's arc was recorded at its tail.
        var length = 0
        var v = sink
        while true {
            state.path[length] = Int32(v)
            state.pathArc[length] = v < P ? state.via[v] : -1
            length += 1
            if v == P + n0 { break }
            v = Int(parent[v])
        }
        return length
    }

    /// Sends one unit along `state.path[0 ..< length]`, arc by arc from the source: a
    /// participant leaves its need before it takes another.
    private mutating func send(along length: Int, _ state: inout Balance) {
        for i in 0..<(length - 1) {
            let v = Int(state.path[i]), w = Int(state.path[i + 1])
            if v < P {
                if w == sink {
                    state.atSink[v] = true
                } else {
                    let a = Int(state.pathArc[i])
                    assignedArc[v] = Int32(a)
                    addHolder(v, arc: a, to: w - P)
                }
            } else if v < sink {
                if w == sink {
                    state.flowOut[v - P] += 1
                } else {
                    removeHolder(w, from: v - P)
                    assignedArc[w] = -1
                }
            } else if w < P {
                state.atSink[w] = false
            } else {
                state.flowOut[w - P] -= 1
            }
        }
    }
}
