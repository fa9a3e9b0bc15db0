extension ComponentSolver.Search {
    /// Seconds the exchange cuts, and then the decisions, take at most in `proveFirst`.
    static let proofFirst = 0.2

    /// Where the answer is one unit below the root's bound, the proof is sought first, before
    /// the searches for a better answer (the neighbourhood, the exchange cuts' own): the exchange
    /// cuts, then `firstDecision`, each for `proofFirst` seconds at most (and half the time left).
    /// Returns true where the part is closed. Not in the searches nested in a part's (as
    /// `firstDecision`): they look for answers, or close one side, within a tenth of a second.
    ///
    /// Why: a better answer would have to be worth the bound itself, and rarely is. On the
    /// shared clustered-M-4 the neighbourhood searched 1.35 s and found none; the first decision
    /// after it closed the part in 0.1–0.15 s (docs/benchmarks.md).
    mutating func proveFirst(_ node: inout Node, best: inout Relaxed, bestLambda: inout [Int64]) -> Bool {
        guard options.nesting == 0, best.value - threshold == 1, !timeUp else { return false }
        paths.insert(.proofFirst)
        exchangeCutsOnAllArcs(&node, best: &best, bestLambda: &bestLambda, until: stepDeadline(share: 0.5, cap: Self.proofFirst))
        if best.value <= threshold { return true }
        return firstDecision(until: stepDeadline(share: 0.5, cap: Self.proofFirst))
    }

    /// Seconds each child of a decision is searched for at most (`firstDecision`).
    static let firstDecisionChild = 0.1

    /// Participants in a part up to which `firstDecision` is tried: each side is a search of the
    /// whole part, and beyond a few thousand participants one relaxation alone takes that long.
    static let firstDecisionParticipants = 5_000

    /// Where the root's bound stays above the best answer once its prices are found (the LP
    /// bound above the optimum), one decision may close the part: a participant attending a
    /// programme or not, each side searched as a part of its own (the root's whole method,
    /// from the root's prices, its routes kept to that side) until its bound is down to the
    /// answer's value. The decisions tried are on participants with two or more routes of the
    /// root's best value under its prices (the LP optimum's fractional participants are among
    /// them), on the programmes of those routes, in order, until `stop`. Where both sides of
    /// one close, their prices (and trees) are the part's leaves: returns true.
    ///
    /// Why: on the shared clustered-M-4 the LP optimum is half-integral and the branching tree,
    /// deciding on one over-full programme's users after another, never closed the last unit
    /// in 9.5 s; both sides of the decision HiGHS's LP points to (P-000030 attending T-00036)
    /// close in a few hundredths of a second each, searched from the root's prices
    /// (docs/benchmarks.md). The prices are the bundle method's (`bundleDual`), not the
    /// exchange cuts' that may follow: from those (on M-4, at its LP bound) no decision tried
    /// in 4.3 s closed; from the bundle's, M-4 is proven in 0.7 s, as before.
    mutating func firstDecision(until stop: Double) -> Bool {
        guard options.firstDecision, options.nesting == 0, growth == nil, solver.participantCount <= Self.firstDecisionParticipants,
              let bound = rootDual?.value, bound > threshold, let d = bundleDual ?? rootDual
        else { return false }
        let routes = solver.routes
        for (p, t) in tightChoices(lambda: d.lambda, needPrices: d.needPrices) {
            // A sub-search may have found an answer at the root's bound: nothing is left to close.
            guard !timeUp, Monotonic.now() < stop, threshold < bound else { return false }
            var found: [(path: [Decision], lambda: [Int64], needPrices: [Int64])] = []
            var closes = true
            for attends in [false, true] {
                let side = routes.restricted { q, _, u in q != p ? true : (attends ? u == t : u != t) }
                var sub = options
                sub.progress = nil
                sub.nesting = 1
                sub.cutoff = threshold
                sub.startingPrices = d.lambda
                // A limit this short would make it descend first (`descendsFirst`): from prices this
                // near the LP's, the bundle method gets there sooner.
                sub.descent = .never
                sub.timeLimit = max(0, min(Self.firstDecisionChild, stop - Monotonic.now()))
                let solution = ComponentSolver(routes: side, positions: solver.positions, seats: solver.seats).solve(options: sub)
                paths.insert(.firstDecision)
                offer(placements: solution.placements)
                guard solution.bound <= threshold else {
                    closes = false
                    break
                }
                let decision = Decision(participant: Int32(p), programme: t, attends: attends)
                if let proof = solution.proofs.first {
                    found += proof.leaves.map { ([decision] + $0.path, $0.lambda, $0.needPrices) }
                } else {
                    var lambda = [Int64](repeating: 0, count: solver.seats.count)
                    var needPrices = [Int64](repeating: 0, count: solver.positions.count)
                    for (k, v) in solution.seatPrices { lambda[Int(k)] = v }
                    for (n, v) in solution.needPrices { needPrices[Int(n)] = v }
                    found.append(([decision], lambda, needPrices))
                }
            }
            if closes {
                leaves = found
                return true
            }
        }
        return false
    }

    /// The decisions `firstDecision` tries: for each participant (in order) with two or more
    /// routes of the best value under prices (λ, π), or one worth exactly nothing, each
    /// programme of those routes.
    func tightChoices(lambda: [Int64], needPrices: [Int64]) -> [(participant: Int, programme: Int32)] {
        let routes = solver.routes
        var choices: [(participant: Int, programme: Int32)] = []
        var best: [(value: Int64, programme: Int32)] = []
        for p in 0..<solver.participantCount {
            best.removeAll(keepingCapacity: true)
            for a in routes.arcStart[p]..<routes.arcStart[p + 1] {
                let price = needPrices[Int(routes.arcNeed[a])]
                if routes.arcDirect[a] { best.append((routes.arcBase[a] - price, -1)) }
                routes.forEachProgramme(ofArc: a) { t in
                    best.append((routes.arcBase[a] + routes.trainingScore[Int(t)] - price - lambda[Int(t)], t))
                }
            }
            let top = max(0, best.map(\.value).max() ?? 0)
            let tight = best.filter { $0.value == top }
            guard tight.count + (top == 0 ? 1 : 0) >= 2 else { continue }
            var seen = Set<Int32>()
            for route in tight where route.programme >= 0 && seen.insert(route.programme).inserted {
                choices.append((p, route.programme))
            }
        }
        return choices
    }
}
