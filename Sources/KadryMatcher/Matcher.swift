import KadryCore

/// The matcher's front door: eligible routes, the exact solve, and the
/// reasons behind every unplaced participant and open position.
public enum Matcher {
    /// Solves an instance (with a scenario's changes, if any). With `seatValues`, also
    /// re-solves to find what 1 and 5 more seats in each full programme would add.
    /// `options.timeLimit` covers the whole match, explaining included (seat values,
    /// when asked for, come after it, a few seconds for each part re-solved).
    public static func match(
        _ original: Instance, scenario: Scenario = Scenario(), seatValues: Bool = false,
        options: SolverOptions = SolverOptions()
    ) -> MatchResult {
        do {
            return try run(original, scenario: scenario, seatValues: seatValues, options: options, routesWithinLimit: false)
        } catch {
            fatalError("\(error)")  // without a deadline the routes are always found
        }
    }

    /// `match`, with the time limit covering the search for routes too: when the limit passes
    /// before every route is found, nothing is solved and this throws (a result is never late).
    public static func matchWithinLimit(
        _ original: Instance, scenario: Scenario = Scenario(), seatValues: Bool = false,
        options: SolverOptions = SolverOptions()
    ) throws(RouteSet.RoutesUnfinished) -> MatchResult {
        try run(original, scenario: scenario, seatValues: seatValues, options: options, routesWithinLimit: options.timeLimit != nil)
    }

    private static func run(
        _ original: Instance, scenario: Scenario, seatValues: Bool, options: SolverOptions, routesWithinLimit: Bool
    ) throws(RouteSet.RoutesUnfinished) -> MatchResult {
        let started = Monotonic.now()
        let instance = scenario.applied(to: original)
        options.progress?(SolverProgress(phase: .triples, part: 0, parts: 0, incumbent: 0, bound: 0, seconds: 0))
        let deadline = routesWithinLimit ? options.timeLimit.map { started + $0 } : nil
        let (routes, bonus) = scenario.restrict(try RouteSet(instance: instance, deadline: deadline))
        let triplesSeconds = Monotonic.now() - started
        // Those with no route at all are explained before the search, which then gets what is left.
        let blockedStarted = Monotonic.now()
        var diagnosis = Diagnosis(instance: instance, routes: routes)
        let blocked = diagnosis.blocked()
        let blockedSeconds = Monotonic.now() - blockedStarted
        let solver = Solver(instance: instance, routes: routes)
        var searchOptions = options
        // The time limit covers the whole match: what came before the search, and explaining the
        // answer after it, which takes up to 0.3 times as long as finding the routes did.
        searchOptions.timeLimit = options.timeLimit.map { max(0, $0 - (Monotonic.now() - started) - 0.3 * triplesSeconds) }
        var solution = solver.solve(options: searchOptions)
        if bonus > 0 {
            // Take the locks' bonus back out, so scores are the spec's again.
            let locked = Set(scenario.locks)
            var kept = 0
            for i in solution.placements.indices
            where locked.contains(Scenario.Pair(participant: Int(solution.placements[i].participant), need: Int(solution.placements[i].need))) {
                solution.placements[i].score -= bonus
                kept += 1
            }
            solution.objective -= bonus * Int64(kept)
            solution.bound -= bonus * Int64(kept)
        }
        options.progress?(SolverProgress(phase: .reasons, triples: routes.eligibleTriples, part: 0, parts: 0,
                                         incumbent: solution.objective, bound: solution.bound, seconds: Monotonic.now() - started))
        let reasonsStarted = Monotonic.now()
        let scorer = Scorer(instance: instance)
        let placements = solution.placements.map { c -> Placement in
            let p = instance.participants[Int(c.participant)]
            let n = instance.needs[Int(c.need)]
            let t = c.programme >= 0 ? instance.programmes[Int(c.programme)] : nil
            let terms = scorer.terms(p, n, t, distanceKm: p.location.distanceKm(to: n.location))
            precondition(terms.total == c.score, "score terms disagree with the candidate's score")
            return Placement(participant: Int(c.participant), need: Int(c.need), route: c.route, terms: terms)
        }
        diagnosis.record(solution)
        let unplaced = diagnosis.unplaced(blocked), unfilled = diagnosis.unfilled(blocked)
        let reasonsSeconds = blockedSeconds + Monotonic.now() - reasonsStarted
        // Each re-solve touches one part only; a few seconds each keeps the whole bounded.
        let resolve = SolverOptions(timeLimit: min(options.timeLimit ?? 5, 5))
        let values = seatValues && bonus == 0 ? solver.seatValues(baseline: solution, extras: [1, 5], options: resolve) : []
        // The bound written is the one the certificate proves, on the instance's own routes (a scenario's
        // forbidden pairs do not count: the result's bound is for the instance as written). With locks the
        // scores were changed for the search, and the prices prove nothing about the instance.
        var certificate: BoundCertificate?
        if bonus == 0 {
            let allRoutes = scenario.isEmpty ? routes : RouteSet(instance: instance)
            let proof = Certificate.prove(instance: instance, routes: allRoutes, solution: solution)
            // Below the answer's own value, a proof would be wrong somewhere: then no bound at all.
            if proof.bound >= solution.objective { certificate = proof }
        }
        return MatchResult(
            // With locks, the search's own bound (for the scenario, not certified).
            placements: placements, objective: solution.objective, bound: bonus > 0 ? solution.bound : certificate?.bound,
            certificate: certificate,
            unplaced: unplaced, unfilled: unfilled,
            seatValues: values.map { v in
                (programme: v.programme, seats: v.seats, used: v.used,
                 gains: v.gains.map { (extra: $0.extra, objective: $0.objective, filled: $0.filled) })
            },
            statistics: [
                ("eligibleTriples", .number(String(routes.eligibleTriples))),
                ("participantNeedPairs", .number(String(routes.arcCount))),
                ("provenOptimal", .bool(bonus > 0 ? solution.isProvenOptimal : certificate?.bound == solution.objective)),
                // The search's own bound, beside the certified one written as `bound` (never below it).
                ("searchBound", .number(scorer.format(solution.bound))),
                ("searchNodes", .number(String(solution.nodes))),
            ],
            timings: [("eligible routes", triplesSeconds), ("search", solution.seconds), ("reasons", reasonsSeconds)])
    }

}
