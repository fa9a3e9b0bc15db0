import KadryCore

extension ComponentSolver.Search {
    /// Subgradient steps at most at a node below the root. Fewer steps leave a node's bound a
    /// little higher and buy more nodes (and more answers, from the nodes' repairs and dives).
    static let branchSteps = 20

    /// Below the root: up to `branchSteps` steps of a deflected subgradient method from the parent's prices.
    mutating func processBranch(_ start: Node) -> [Node] {
        paths.insert(.branching)
        var node = start
        var best: Relaxed?
        var bestLambda = node.lambda
        var theta = 1.0
        var sinceImprovement = 0
        var direction = [Double](repeating: 0, count: solver.seats.count)
        var bestPrices = start.proof?.needPrices ?? [Int64](repeating: 0, count: solver.positions.count)
        for iteration in 1...Self.branchSteps {
            let r = solver.relax(node, warm: &warm)
            if best == nil || r.value < best!.value {
                best = r
                bestLambda = node.lambda
                if let prices = warm?.prices { bestPrices = prices }
                sinceImprovement = 0
            } else {
                sinceImprovement += 1
                if sinceImprovement >= 8 {
                    theta /= 2
                    sinceImprovement = 0
                }
            }
            let look = examine(r, at: node, iteration: iteration)
            if best!.value <= threshold || look.exact {  // nothing better here, or solved
                leaves.append((start.path, bestLambda, bestPrices))
                return []
            }
            if theta < 1e-4 || timeUp { break }
            // Deflected subgradient: half of the previous direction damps the zig-zag.
            var directionNorm = 0.0
            for t in solver.binding {
                var d = Double(look.gradient[t]) + 0.5 * direction[t]
                if node.lambda[t] == 0 && d > 0 { d = 0 }  // cannot go below zero
                direction[t] = d
                directionNorm += d * d
            }
            if directionNorm == 0 { break }
            let step = theta * Double(r.value - incumbent) / directionNorm
            var moved = false
            for t in solver.binding {
                let delta = Int64((step * direction[t]).rounded())
                let unit: Int64 = direction[t] > 0 ? 1 : (direction[t] < 0 ? -1 : 0)  // move at least one unit
                let next = max(0, node.lambda[t] - (delta == 0 ? unit : delta))
                if next != node.lambda[t] { moved = true }
                node.lambda[t] = next
            }
            if !moved { break }
        }
        guard let best else { return [] }
        node.lambda = bestLambda
        node.bound = best.value
        node.depth += 1
        node.proof = (bestLambda, bestPrices)
        return branch(node, best)
    }

    mutating func branch(_ node: Node, _ r: Relaxed) -> [Node] {
        let reserved = solver.reservedSeats(node)
        let used = solver.usage(r.picks, node)
        let routes = solver.routes
        var pick: (p: Int32, t: Int32)?
        // An over-full programme: branch on its best-scoring user.
        let over = solver.binding.filter { used[$0] > solver.seats[$0] - reserved[$0] }
        if let t = over.max(by: { used[$0] - solver.seats[$0] + reserved[$0] < used[$1] - solver.seats[$1] + reserved[$1] }) {
            let users = r.picks.indices.filter { p in r.picks[p].programme == Int32(t) && node.forced[Int32(p)] == nil }
            if let p = users.max(by: { solver.score(r.picks[$0]) < solver.score(r.picks[$1]) }) {
                pick = (Int32(p), Int32(t))
            }
        }
        if pick == nil {
            // A priced programme with seats to spare: branch on its most promising unused route.
            var bestScore = Int64.min
            for p in 0..<solver.participantCount where node.forced[Int32(p)] == nil {
                let excluded = node.forbidden[Int32(p)] ?? []
                for a in routes.arcStart[p]..<routes.arcStart[p + 1] {
                    routes.forEachProgramme(ofArc: a) { t in
                        let score = routes.arcBase[a] + routes.trainingScore[Int(t)]
                        guard node.lambda[Int(t)] > 0, score > bestScore, used[Int(t)] < solver.seats[Int(t)] - reserved[Int(t)],
                            r.picks[p].programme != t, !excluded.contains(t)
                        else { return }
                        bestScore = score
                        pick = (Int32(p), t)
                    }
                }
            }
        }
        guard let (p, t) = pick else {
            // Nothing to branch on: the node is a leaf at its own best prices.
            leaves.append((node.path, node.proof?.lambda ?? node.lambda,
                           node.proof?.needPrices ?? [Int64](repeating: 0, count: solver.positions.count)))
            return []
        }
        var attend = node
        attend.forced[p] = t
        attend.path.append(Decision(participant: p, programme: t, attends: true))
        var skip = node
        skip.forbidden[p, default: []].append(t)
        skip.path.append(Decision(participant: p, programme: t, attends: false))
        guard solver.seats[Int(t)] - reserved[Int(t)] >= 1 else {
            // Every seat is held by those the path forces there: attending cannot be. Proved by a seat
            // price above anything the part can score, which all of them, one more than the seats, pay.
            var lambda = [Int64](repeating: 0, count: solver.seats.count)
            lambda[Int(t)] = 2 * solver.trivialBound + 1
            leaves.append((attend.path, lambda, [Int64](repeating: 0, count: solver.positions.count)))
            return [skip]
        }
        return [skip, attend]
    }

    /// A node closed without being relaxed itself (pruned, or open when time ran out):
    /// a leaf proved at the prices it inherited.
    mutating func closeLeaf(_ node: Node) {
        guard node.depth > 0 else { return }
        let proof = node.proof ?? (node.lambda, [Int64](repeating: 0, count: solver.positions.count))
        leaves.append((node.path, proof.lambda, proof.needPrices))
    }

    /// Arcs priced at most (leaves × arcs) when a tree searched on a core is priced on all arcs
    /// (about 0.05 s): beyond it, such a part keeps the bound of its root prices.
    static let treePricingBudget = 10_000_000

    /// On a core, the tree's bound priced on every arc (`treeBound`); nil off a core, with no
    /// tree, or past `treePricingBudget`.
    func treeBoundOnAllArcs() -> Int64? {
        guard let g = growth, !leaves.isEmpty, leaves.count * g.full.arcCount <= Self.treePricingBudget else { return nil }
        return treeBound(on: g.full)
    }

    /// The largest bound of the tree's leaves priced on every arc of `full` (each leaf's decisions,
    /// need prices π and seat prices λ): what the tree proves for the whole part. A leaf that
    /// forces someone onto a programme they have no route through bounds nothing, and is passed.
    func treeBound(on full: RouteSet) -> Int64 {
        var largest = Int64.min
        for leaf in leaves {
            var node = Node(lambda: leaf.lambda, bound: 0)
            for d in leaf.path {
                if d.attends { node.forced[d.participant] = d.programme } else { node.forbidden[d.participant, default: []].append(d.programme) }
            }
            let restrictions = node.restrictions
            var total: Int64 = 0
            var reachable = true
            for p in 0..<full.participantCount {
                let restriction = restrictions[Int32(p)] ?? .free
                let forced = node.forced[Int32(p)] != nil
                var best: Int64?
                for a in full.arcStart[p]..<full.arcStart[p + 1] {
                    // A route's value is at least zero here (`bestRoute`): never below the route's own.
                    let route = full.bestRoute(arc: a, lambda: leaf.lambda, restriction: restriction)
                    guard !forced || route.programme >= 0 else { continue }
                    best = max(best ?? .min, route.value - leaf.needPrices[Int(full.arcNeed[a])])
                }
                if forced {
                    guard let best else {
                        reachable = false
                        break
                    }
                    total += best
                } else {
                    total += max(0, best ?? 0)
                }
            }
            guard reachable else { continue }
            // Every seat at its price (those held by whom the path forces there are not charged
            // above), over every programme, not only those that bind on the core.
            let reserved = solver.reservedSeats(node)
            for (n, v) in leaf.needPrices.enumerated() { total += v * Int64(solver.positions[n]) }
            for (t, v) in leaf.lambda.enumerated() where v > 0 { total += v * Int64(solver.seats[t] - reserved[t]) }
            largest = max(largest, total)
        }
        return largest
    }

    /// On a core, once a tree has closed the part on it but does not prove its bound on every arc:
    /// prices every arc at each leaf's prices, and where arcs would gain there, they join the core
    /// (true: the search starts again on it). The leaves bound the core's answers only; a tree
    /// proves the part's bound once no arc outside the core would gain at its leaves' prices.
    mutating func growsUnderTree() -> Bool {
        var grew = false
        for (k, leaf) in leaves.enumerated() {
            // The last one rebuilds the core with whatever the leaves marked.
            grew = grow(lambda: leaf.lambda, prices: leaf.needPrices, force: k == leaves.count - 1) || grew
        }
        return grew
    }
}
