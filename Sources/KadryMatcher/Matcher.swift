import KadryCore

/// The matcher's front door: eligible routes, the exact solve, and the
/// reasons behind every unplaced participant and open position.
public enum Matcher {
    public static func match(_ instance: Instance, options: SolverOptions = SolverOptions()) -> MatchResult {
        let started = Clock.now()
        options.progress?(SolverProgress(phase: .triples, part: 0, parts: 0, incumbent: 0, bound: 0, seconds: 0))
        let candidates = CandidateSet(instance: instance)
        let triplesSeconds = Clock.now() - started
        let solution = Solver(instance: instance, candidates: candidates).solve(options: options)
        options.progress?(SolverProgress(phase: .reasons, triples: candidates.eligibleTriples, part: 0, parts: 0,
                                         incumbent: solution.objective, bound: solution.bound, seconds: Clock.now() - started))
        let scorer = Scorer(instance: instance)
        let placements = solution.placements.map { c -> Placement in
            let p = instance.participants[Int(c.participant)]
            let n = instance.needs[Int(c.need)]
            let t = c.programme >= 0 ? instance.programmes[Int(c.programme)] : nil
            let terms = scorer.terms(p, n, t, distanceKm: p.location.distanceKm(to: n.location))
            precondition(terms.total == c.score, "score terms disagree with the candidate's score")
            return Placement(participant: Int(c.participant), need: Int(c.need), route: c.route, terms: terms)
        }
        let diagnosis = Diagnosis(instance: instance, candidates: candidates.candidates, solution: solution)
        return MatchResult(
            placements: placements, objective: solution.objective, bound: solution.bound,
            unplaced: diagnosis.unplaced(), unfilled: diagnosis.unfilled(),
            statistics: [
                ("eligibleTriples", .number(String(candidates.eligibleTriples))),
                ("candidates", .number(String(candidates.candidates.count))),
                ("provenOptimal", .bool(solution.isProvenOptimal)),
                ("searchNodes", .number(String(solution.nodes))),
                ("secondsTriples", .number(String(format3(triplesSeconds)))),
                ("secondsSolve", .number(String(format3(solution.seconds)))),
            ])
    }

    static func format3(_ x: Double) -> String {
        let ms = Int((x * 1000).rounded())
        let frac = String(ms % 1000)
        return "\(ms / 1000).\(String(repeating: "0", count: 3 - frac.count))\(frac)"
    }
}
