import Dispatch
import KadryCore

/// The independent parts of a problem: connected components of the graph
/// whose nodes are participants, needs and programmes and whose edges are the
/// routes. Each part lists its members (global indices, ascending) and holds
/// its routes renumbered to the part's own indices.
struct Partition {
    struct Part {
        var participants: [Int32] = []
        var needs: [Int32] = []
        var programmes: [Int32] = []
        var routes: RouteSet
    }

    let parts: [Part]

    init(routes: RouteSet) {
        let P = routes.participantCount, N = routes.needCount
        var uf = UnionFind(count: P + N + routes.programmeCount)
        for p in 0..<P {
            for a in routes.arcStart[p]..<routes.arcStart[p + 1] { uf.union(p, P + Int(routes.arcNeed[a])) }
            for o in routes.optionStart[p]..<routes.optionStart[p + 1] { uf.union(p, P + N + Int(routes.optionProgramme[o])) }
        }
        // Parts are numbered in order of their first participant; members keep their global order.
        var partOf = [Int32](repeating: -1, count: P + N + routes.programmeCount)
        var local = [Int32](repeating: -1, count: P + N + routes.programmeCount)
        var members: [(participants: [Int32], needs: [Int32], programmes: [Int32])] = []
        for p in 0..<P where routes.arcStart[p] < routes.arcStart[p + 1] {
            let root = uf.find(p)
            if partOf[root] < 0 {
                partOf[root] = Int32(members.count)
                members.append(([], [], []))
            }
            let k = Int(partOf[root])
            local[p] = Int32(members[k].participants.count)
            members[k].participants.append(Int32(p))
        }
        for n in 0..<N {
            let k = partOf[uf.find(P + n)]
            guard k >= 0 else { continue }
            local[P + n] = Int32(members[Int(k)].needs.count)
            members[Int(k)].needs.append(Int32(n))
        }
        for t in 0..<routes.programmeCount {
            let k = partOf[uf.find(P + N + t)]
            guard k >= 0 else { continue }
            local[P + N + t] = Int32(members[Int(k)].programmes.count)
            members[Int(k)].programmes.append(Int32(t))
        }
        // Each part's routes copied on all cores, the largest first (measured at 100,000
        // participants: 2.0 s on one core for 22 million arcs).
        let (everyPart, localIndex) = (members, local)
        let order = members.indices.sorted { (members[$0].participants.count, $1) > (members[$1].participants.count, $0) }
        var built = [Part?](repeating: nil, count: members.count)
        built.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: order.count) { i in
                let m = everyPart[order[i]]
                out.value[order[i]] = Part(
                    participants: m.participants, needs: m.needs, programmes: m.programmes,
                    routes: routes.subset(participants: m.participants, needs: m.needs.count, programmes: m.programmes,
                                          needLocal: { localIndex[P + Int($0)] }, programmeLocal: { localIndex[P + N + Int($0)] }))
            }
        }
        let parts = built.map { $0! }
        // Smaller parts first: what they leave of a time limit goes to the larger ones.
        self.parts = parts.sorted { ($0.routes.work, $0.participants[0]) < ($1.routes.work, $1.participants[0]) }
    }
}

extension RouteSet {
    /// A measure of the search time a set of routes deserves: its participants, and
    /// its arcs at a hundredth each. (By arcs alone, as measured at 100,000 participants,
    /// the largest part got five times the time of one with 70 % of its participants
    /// and a fifth of its arcs, and the smaller parts stopped far from their optimum.)
    var work: Int { participantCount + arcCount / 100 }

    /// The routes of some participants, with needs and programmes renumbered
    /// (arcs into a need renumbered to -1 are left out).
    func subset(participants: [Int32], needs: Int, programmes: [Int32],
                needLocal: (Int32) -> Int32, programmeLocal: (Int32) -> Int32) -> RouteSet {
        var b = Builder()
        var eligible = 0
        for p32 in participants {
            let p = Int(p32)
            let optionBase = optionStart[p]
            let newBase = b.optionProgramme.count
            for o in optionBase..<optionStart[p + 1] {
                b.optionProgramme.append(programmeLocal(optionProgramme[o]))
                b.optionGroupStart.append(Int32(newBase) + optionGroupStart[o] - Int32(optionBase))
            }
            for a in arcStart[p]..<arcStart[p + 1] {
                let need = needLocal(arcNeed[a])
                guard need >= 0 else { continue }
                if arcDirect[a] { eligible += 1 }
                for r in Int(arcRangeStart[a])..<Int(arcRangeStart[a + 1]) {
                    b.rangeLow.append(Int32(newBase) + rangeLow[r] - Int32(optionBase))
                    b.rangeHigh.append(Int32(newBase) + rangeHigh[r] - Int32(optionBase))
                    eligible += Int(rangeHigh[r] - rangeLow[r])
                }
                b.closeArc(need: need, base: arcBase[a], direct: arcDirect[a])
            }
            b.arcStart.append(b.arcNeed.count)
            b.optionStart.append(b.optionProgramme.count)
        }
        b.eligible = eligible
        return RouteSet(b, needs: needs, trainingScore: programmes.map { trainingScore[Int($0)] })
    }
}

/// Disjoint sets with path halving and union by size.
struct UnionFind {
    private var parent: [Int32]
    private var size: [Int32]

    init(count: Int) {
        parent = (0..<count).map { Int32($0) }
        size = [Int32](repeating: 1, count: count)
    }

    mutating func find(_ x: Int) -> Int {
        var x = x
        while Int(parent[x]) != x {
            parent[x] = parent[Int(parent[x])]
            x = Int(parent[x])
        }
        return x
    }

    mutating func union(_ a: Int, _ b: Int) {
        var ra = find(a), rb = find(b)
        if ra == rb { return }
        if size[ra] < size[rb] { swap(&ra, &rb) }
        parent[rb] = Int32(ra)
        size[ra] += size[rb]
    }
}

extension RouteSet {
    /// The arcs a dense part is searched on (its core): each participant's `perParticipant`
    /// best arcs and each need's `perPosition` × positions + `extra` best, both by an arc's
    /// best route with every seat free and by its best route with none (the two ends
    /// of what seat prices can make of it). Participants, needs and programmes keep their
    /// indices, so an answer on the core is an answer on all arcs.
    func core(perParticipant: Int, positions: [Int32], perPosition: Int, extra: Int) -> [Bool] {
        let free = weights(lambda: [Int64](repeating: 0, count: programmeCount))
        let direct = weights(lambda: [Int64](repeating: Self.outOfReach, count: programmeCount))
        var keep = [Bool](repeating: false, count: arcCount)
        for weight in [free, direct] {
            BestArcs.markPerParticipant(perParticipant, arcStart: arcStart, weight: weight, into: &keep)
            BestArcs.markPerNeed(arcNeed: arcNeed, weight: weight, needs: needCount,
                                 room: { perPosition * Int(positions[$0]) + extra }, into: &keep)
        }
        return keep
    }

    /// The same routes with only the arcs `keep` marks (indices of participants, needs and programmes kept).
    func keeping(_ keep: [Bool]) -> RouteSet {
        var b = Builder()
        // Every participant keeps all its options, at the same indices: only arcs and their ranges are filtered.
        b.optionStart = optionStart
        b.optionProgramme = optionProgramme
        b.optionGroupStart = optionGroupStart
        let kept = keep.reduce(0) { $0 + ($1 ? 1 : 0) }
        b.arcStart.reserveCapacity(participantCount + 1)
        b.arcNeed.reserveCapacity(kept)
        b.arcBase.reserveCapacity(kept)
        b.arcDirect.reserveCapacity(kept)
        b.arcRangeStart.reserveCapacity(kept + 1)
        var eligible = 0
        for p in 0..<participantCount {
            for a in arcStart[p]..<arcStart[p + 1] where keep[a] {
                if arcDirect[a] { eligible += 1 }
                for r in Int(arcRangeStart[a])..<Int(arcRangeStart[a + 1]) {
                    b.rangeLow.append(rangeLow[r])
                    b.rangeHigh.append(rangeHigh[r])
                    eligible += Int(rangeHigh[r] - rangeLow[r])
                }
                b.closeArc(need: arcNeed[a], base: arcBase[a], direct: arcDirect[a])
            }
            b.arcStart.append(b.arcNeed.count)
        }
        b.eligible = eligible
        return RouteSet(b, needs: needCount, trainingScore: trainingScore)
    }

    /// Prices every arc at dual prices of the needs (π) and seats (λ) reached on a core.
    /// With each participant's profit u(p) the most any of their arcs earns above the
    /// prices, every route is covered (u + π + λ ≥ its score), so Σu + Σ positions·π +
    /// Σ seats·λ bounds every answer. The arcs left out of the core that earn more than
    /// their participant's best in it would gain: each participant's (up to four) that
    /// gain most are marked in `core`.
    func price(lambda: [Int64], needPrices price: [Int64], core: inout [Bool], positions: [Int32], seats: [Int32])
        -> (bound: Int64, added: Int)
    {
        let weight = weights(lambda: lambda)
        var bound: Int64 = 0
        var added = 0
        var gaining: [(gain: Int64, arc: Int)] = []
        for p in 0..<participantCount {
            var inside: Int64 = 0, outside: Int64 = 0
            for a in arcStart[p]..<arcStart[p + 1] {
                let gain = weight[a] - price[Int(arcNeed[a])]
                if core[a] { inside = max(inside, gain) } else { outside = max(outside, gain) }
            }
            bound += max(inside, outside)
            guard outside > inside else { continue }
            gaining.removeAll(keepingCapacity: true)
            for a in arcStart[p]..<arcStart[p + 1] where !core[a] {
                let gain = weight[a] - price[Int(arcNeed[a])]
                if gain > inside { gaining.append((gain, a)) }
            }
            if gaining.count > 4 {
                gaining.sort { $0.gain != $1.gain ? $0.gain > $1.gain : $0.arc < $1.arc }
                gaining.removeLast(gaining.count - 4)
            }
            for (_, a) in gaining { core[a] = true }
            added += gaining.count
        }
        for n in 0..<needCount { bound += Int64(positions[n]) * price[n] }
        for t in 0..<programmeCount { bound += Int64(seats[t]) * lambda[t] }
        return (bound, added)
    }
}
