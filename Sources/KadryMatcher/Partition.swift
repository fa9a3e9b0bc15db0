import KadryCore

/// The independent parts of a problem: connected components of the graph
/// whose nodes are participants, needs and programmes and whose edges are the
/// candidates. Each part lists its members (global indices, in order) and its
/// candidates renumbered to the part's own indices.
struct Partition {
    struct Part {
        var participants: [Int32] = []
        var needs: [Int32] = []
        var programmes: [Int32] = []
        var candidates: [Candidate] = []
    }

    let parts: [Part]

    init(instance: Instance, candidates: [Candidate]) {
        let P = instance.participants.count
        let N = instance.needs.count
        var uf = UnionFind(count: P + N + instance.programmes.count)
        for c in candidates {
            uf.union(Int(c.participant), P + Int(c.need))
            if c.programme >= 0 { uf.union(Int(c.participant), P + N + Int(c.programme)) }
        }
        // Number the parts in order of their first participant; local indices follow global order.
        var partOf = [Int32](repeating: -1, count: P + N + instance.programmes.count)
        var local = [Int32](repeating: -1, count: P + N + instance.programmes.count)
        var parts: [Part] = []
        func part(of node: Int) -> Int {
            let root = uf.find(node)
            if partOf[root] < 0 {
                partOf[root] = Int32(parts.count)
                parts.append(Part())
            }
            return Int(partOf[root])
        }
        for c in candidates {
            let k = part(of: Int(c.participant))
            let p = Int(c.participant), n = P + Int(c.need)
            if local[p] < 0 { local[p] = Int32(parts[k].participants.count); parts[k].participants.append(c.participant) }
            if local[n] < 0 { local[n] = Int32(parts[k].needs.count); parts[k].needs.append(c.need) }
            var t: Int32 = -1
            if c.programme >= 0 {
                let g = P + N + Int(c.programme)
                if local[g] < 0 { local[g] = Int32(parts[k].programmes.count); parts[k].programmes.append(c.programme) }
                t = local[g]
            }
            parts[k].candidates.append(Candidate(participant: local[p], need: local[n], programme: t, score: c.score))
        }
        // Smaller parts first: what they leave of a time limit goes to the larger ones.
        self.parts = parts.sorted { ($0.candidates.count, $0.participants.first ?? 0) < ($1.candidates.count, $1.participants.first ?? 0) }
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
