import KadryCore

/// A proof of a result's bound that anyone can check (matching-v1, "Bound certificate"):
/// need prices v and seat prices λ, each ≥ 0. With u(p) the most any of p's routes earns
/// above its need's and its programme's prices (or 0), every placement scores at most
/// u(p) + v(n) + λ(t), so Σ u + Σ positions·v + Σ seats·λ bounds every result (a part's root
/// bound). Where branching closed a part, each leaf of its tree has prices of its own and
/// bounds the results its decisions allow; the part's bound is the smaller of its root bound
/// and its largest leaf's.
///
/// The prices are the search's; the bound they prove is worked out here again, on the
/// instance's own routes, by nothing but those sums — not by the relaxations, b-matchings and
/// branching that produced the prices. A bound the search reports but this does not prove is
/// never written.
enum Certificate {
    /// The bound the search's prices prove for `instance`, whose routes are `routes` (all of
    /// them: a scenario's restrictions do not count).
    static func prove(instance: Instance, routes: RouteSet, solution: Solution) -> BoundCertificate {
        var lambda = [Int64](repeating: 0, count: instance.programmes.count)
        for (t, v) in solution.seatPrices where v > 0 { lambda[Int(t)] = v }
        var price = [Int64](repeating: 0, count: instance.needs.count)
        for (n, v) in solution.needPrices where v > 0 { price[Int(n)] = v }
        // Each arc's best route at the seat prices, then each participant's best earning above the need's price.
        let weight = routes.weights(lambda: lambda)
        var earns = [Int64](repeating: 0, count: routes.participantCount)
        for p in 0..<routes.participantCount {
            for a in routes.arcStart[p]..<routes.arcStart[p + 1] { earns[p] = max(earns[p], weight[a] - price[Int(routes.arcNeed[a])]) }
        }
        func rootBound(_ participants: some Sequence<Int>, _ needs: some Sequence<Int>, _ programmes: some Sequence<Int>) -> Int128 {
            var total: Int128 = 0
            for p in participants { total += Int128(earns[p]) }
            for n in needs where price[n] > 0 { total += Int128(instance.needs[n].positions) * Int128(price[n]) }
            for t in programmes where lambda[t] > 0 { total += Int128(instance.programmes[t].seats) * Int128(lambda[t]) }
            return total
        }
        var total = rootBound(0..<routes.participantCount, 0..<instance.needs.count, 0..<instance.programmes.count)
        var proofs: [(part: Int, leaves: [BoundCertificate.Leaf])] = []
        for proof in solution.proofs {
            let participants = proof.participants.map(Int.init), needs = proof.needs.map(Int.init), programmes = proof.programmes.map(Int.init)
            let root = rootBound(participants, needs, programmes)
            var largest: Int128?
            for leaf in proof.leaves {
                if let b = leafBound(leaf, proof, instance: instance, routes: routes) { largest = max(largest ?? b, b) }
            }
            let part = max(0, min(root, largest ?? 0))
            guard part < root else { continue }  // the tree proves no more than the root: leave it out
            total += part - root
            proofs.append((participants[0], proof.leaves.map { leaf in
                BoundCertificate.Leaf(
                    path: leaf.path.map { (Int($0.participant), Int($0.programme), $0.attends) },
                    needPrices: leaf.needPrices.enumerated().filter { $0.element > 0 }.map { (needs[$0.offset], $0.element) },
                    seatPrices: leaf.lambda.enumerated().filter { $0.element > 0 }.map { (programmes[$0.offset], $0.element) })
            }))
        }
        return BoundCertificate(
            needPrices: price.enumerated().filter { $0.element > 0 }.map { ($0.offset, $0.element) },
            seatPrices: lambda.enumerated().filter { $0.element > 0 }.map { ($0.offset, $0.element) },
            proofs: proofs, bound: Int64(clamping: total))
    }

    /// A leaf's bound (nil: no result reaches it, a participant forced onto a programme has no
    /// route through it): each participant's best earning among the routes the path leaves
    /// them, which one forced onto a programme must take even at a loss.
    static func leafBound(_ leaf: (path: [Decision], lambda: [Int64], needPrices: [Int64]), _ part: PartProof,
                          instance: Instance, routes: RouteSet) -> Int128? {
        var needIndex: [Int32: Int] = [:], programmeIndex: [Int32: Int] = [:]
        for (i, n) in part.needs.enumerated() { needIndex[n] = i }
        for (i, t) in part.programmes.enumerated() { programmeIndex[t] = i }
        var forced: [Int32: Int32] = [:], barred: [Int32: Set<Int32>] = [:]
        for d in leaf.path {
            if d.attends { forced[d.participant] = d.programme } else { barred[d.participant, default: []].insert(d.programme) }
        }
        func needPrice(_ n: Int32) -> Int64 { needIndex[n].map { leaf.needPrices[$0] } ?? 0 }
        func seatPrice(_ t: Int32) -> Int64 { programmeIndex[t].map { leaf.lambda[$0] } ?? 0 }
        var total: Int128 = 0
        for p in part.participants {
            let only = forced[p], never = barred[p] ?? []
            var best: Int64?
            for a in routes.arcStart[Int(p)]..<routes.arcStart[Int(p) + 1] {
                let n = routes.arcNeed[a], base = routes.arcBase[a]
                if only == nil && routes.arcDirect[a] { best = max(best ?? Int64.min, base - needPrice(n)) }
                routes.forEachProgramme(ofArc: a) { t in
                    guard only.map({ $0 == t }) ?? true, !never.contains(t) else { return }
                    best = max(best ?? Int64.min, base + routes.trainingScore[Int(t)] - needPrice(n) - seatPrice(t))
                }
            }
            if only != nil {
                guard let best else { return nil }
                total += Int128(best)
            } else {
                total += Int128(max(0, best ?? 0))
            }
        }
        for (i, n) in part.needs.enumerated() where leaf.needPrices[i] > 0 {
            total += Int128(instance.needs[Int(n)].positions) * Int128(leaf.needPrices[i])
        }
        for (i, t) in part.programmes.enumerated() where leaf.lambda[i] > 0 {
            total += Int128(instance.programmes[Int(t)].seats) * Int128(leaf.lambda[i])
        }
        return total
    }
}
