import KadryCore

extension ComponentSolver.Search {
    /// After the root's bundle steps: a search of the routes the root's best prices leave in
    /// play, for a better answer.
    ///
    /// At prices (π, λ), with u_p each participant's best route less its prices (at least 0),
    /// every answer is worth the bound they prove (Σu + Σπ·positions + Σλ·seats) less what it
    /// wastes: each route's reduced cost (u_p less its score − π − λ), u_p for everyone
    /// unplaced, the price of every position and seat left free. So an answer that wastes
    /// less than `within` takes only routes whose reduced cost is below it, and once one is
    /// found that wastes no more than `within`, nothing outside those routes can beat it.
    /// From the tight routes up (`within` 1, then ×4), each set is searched as a part of its
    /// own (the same search, started at the root's prices, without this step), until an answer
    /// settles it or reaches the bound.
    ///
    /// Near the LP optimum a few percent of the routes are in play. Where the LP bound is the
    /// optimum (most parts of the shared and generated M instances), the root's relaxations
    /// are all optimal b-matchings that overfill some seats, and the branching tree found the
    /// one that fits after seconds or never; a search of the tight routes finds it in
    /// milliseconds.
    ///
    /// `again`: a search after the exchange cuts (at their prices, where they lowered the bound;
    /// or going on from a first search cut short), also in a search of the routes in play (one
    /// level deeper at most, `SolverOptions.nesting`). `cap`: seconds at
    /// most (and half the time left). Returns whether it stopped there, with the answer short of
    /// the bound and unsettled.
    @discardableResult
    mutating func pricedSearch(again: Bool = false, cap: Double = 5) -> Bool {
        guard options.pricedSearch || again, options.nesting < 2, let d = rootDual, !timeUp else { return false }
        let routes = solver.routes, P = solver.participantCount
        let prices = d.needPrices, lambda = d.lambda
        var best = [Int64](repeating: 0, count: P)
        var bound: Int64 = 0
        for p in 0..<P {
            for a in routes.arcStart[p]..<routes.arcStart[p + 1] {
                let v = routes.bestRoute(arc: a, lambda: lambda, restriction: .free).value - prices[Int(routes.arcNeed[a])]
                best[p] = max(best[p], v)
            }
            bound += best[p]
        }
        for (n, v) in prices.enumerated() { bound += v * Int64(solver.positions[n]) }
        for (t, v) in lambda.enumerated() { bound += v * Int64(solver.seats[t]) }
        // Half the time left at most: the branching that follows needs the rest.
        let stop = stepDeadline(share: 0.5, cap: cap)
        var within: Int64 = 1
        while incumbent < bound && !timeUp && Monotonic.now() < stop {
            let gap = bound - incumbent
            within = min(within, gap)
            let inPlay = routes.restricted { p, a, t in
                let score = routes.arcBase[a] + (t >= 0 ? routes.trainingScore[Int(t)] : 0)
                let reduced = score - prices[Int(routes.arcNeed[a])] - (t >= 0 ? lambda[Int(t)] : 0)
                return score > 0 && best[p] - reduced < within
            }
            var sub = options
            sub.progress = nil
            sub.pricedSearch = false
            sub.nesting = options.nesting + 1
            sub.target = bound
            sub.cutoff = incumbent
            sub.startingPrices = lambda
            sub.timeLimit = stop - Monotonic.now()
            let solution = ComponentSolver(routes: inPlay, positions: solver.positions, seats: solver.seats).solve(options: sub)
            paths.insert(.priced)
            offer(placements: solution.placements)
            if within >= gap || incumbent >= bound - within { return false }
            within *= 4
        }
        return incumbent < bound && Monotonic.now() >= stop
    }
}
