import KadryCore

extension ComponentSolver {
    /// A dense part searched on a core of its arcs (`CoreSearch`): all its arcs, the
    /// core's, and the lowest bound pricing them all has given (L on the core bounds only the core).
    struct Growth {
        let full: RouteSet
        /// The arcs of `full` in the core, or to be put in at the next rebuild.
        var mask: [Bool]
        var bound: Int64
        /// The prices at which pricing every arc gave `bound` (the certificate's for this part).
        var boundPrices: (lambda: [Int64], needPrices: [Int64])?
        /// Arcs marked in `mask` but not yet in the core's routes.
        var pending = 0

        init(full: RouteSet, mask: [Bool]) {
            self.full = full
            self.mask = mask
            bound = full.trivialBound()
        }
    }
}

extension ComponentSolver.Search {
    /// Prices every arc of a part searched on a core at the dual (λ, π), which bounds the
    /// part (`RouteSet.price`). The arcs that would gain join the core, and once they are
    /// many (or `force`), the search goes on on the larger core, its answer and warm start
    /// carried over. Returns whether the core grew.
    mutating func grow(lambda: [Int64], prices: [Int64], adding: Bool = true, force: Bool = false) -> Bool {
        guard var g = growth else { return false }
        let priced = g.full.price(lambda: lambda, needPrices: prices, core: &g.mask,
                                  positions: solver.positions, seats: solver.seats)
        if priced.bound < g.bound {
            g.bound = priced.bound
            g.boundPrices = (lambda, prices)
        }
        g.pending += priced.added
        // Rebuilding costs a fraction of a second on the largest parts: not for a handful of arcs, unless asked.
        let rebuild = adding && g.pending > 0 && (force || g.pending * 200 >= solver.routes.arcCount)
        if rebuild { g.pending = 0 }
        growth = g
        guard rebuild else { return false }
        let old = solver.routes
        let next = ComponentSolver(routes: g.full.keeping(g.mask), positions: solver.positions, seats: solver.seats)
        // Old arcs into new: each participant's old arcs are some of its new ones, in the same order.
        var map = [Int32](repeating: -1, count: old.arcCount)
        for p in 0..<old.participantCount {
            var j = next.routes.arcStart[p]
            for i in old.arcStart[p]..<old.arcStart[p + 1] {
                while next.routes.arcNeed[j] != old.arcNeed[i] { j += 1 }
                map[i] = Int32(j)
            }
        }
        for p in incumbentPicks.indices where incumbentPicks[p].arc >= 0 { incumbentPicks[p].arc = map[Int(incumbentPicks[p].arc)] }
        if let w = warm {
            warm = BMatching.WarmStart(assigned: w.assigned.map { $0 >= 0 ? map[Int($0)] : -1 }, prices: w.prices)
        }
        if next.binding != solver.binding { seatWarm = nil }
        solver = next
        return true
    }

    /// On a core: prices all arcs at the root's best dual (`grow`) and, if the core grew,
    /// relaxes it again at those prices (L only rises), which become the node's.
    mutating func regrow(_ node: inout Node, force: Bool = false) -> Relaxed? {
        guard let d = rootDual, grow(lambda: d.lambda, prices: d.needPrices, force: force) else { return nil }
        rootDual = nil
        node.lambda = d.lambda
        let r = solver.relax(node, warm: &warm)
        noteRoot(r.value, lambda: node.lambda)
        return r
    }

    /// Keeps the root's dual (λ and the need prices of the relaxation just made) if its L is the lowest.
    mutating func noteRoot(_ value: Int64, lambda: [Int64]) {
        guard let prices = warm?.prices, value < rootDual?.value ?? .max else { return }
        rootDual = RootDual(lambda: lambda, needPrices: prices, value: value)
    }
}
