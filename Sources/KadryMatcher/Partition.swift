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
        let parts = members.map { m in
            Part(participants: m.participants, needs: m.needs, programmes: m.programmes,
                 routes: routes.subset(participants: m.participants, needs: m.needs.count, programmes: m.programmes,
                                       needLocal: { local[P + Int($0)] }, programmeLocal: { local[P + N + Int($0)] }))
        }
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
