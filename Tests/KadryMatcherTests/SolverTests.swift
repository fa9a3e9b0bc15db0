import KadryCore
import KadryMatcher
import KadryTestSupport
import Testing

/// Checks a result against rules 1–15 with the core's rule-by-rule checks.
func assertFeasible(_ result: MatchResult, _ instance: Instance, sourceLocation: SourceLocation = #_sourceLocation) {
    let eligibility = Eligibility(instance: instance)
    var participants = Set<Int>()
    var needs = [Int](repeating: 0, count: instance.needs.count)
    var seats = [Int](repeating: 0, count: instance.programmes.count)
    for pl in result.placements {
        #expect(eligibility.check(participant: pl.participant, need: pl.need, route: pl.route).isEligible, sourceLocation: sourceLocation)
        #expect(participants.insert(pl.participant).inserted, "rule 13", sourceLocation: sourceLocation)
        needs[pl.need] += 1
        if let t = pl.route.programme { seats[t] += 1 }
    }
    for (i, n) in instance.needs.enumerated() { #expect(needs[i] <= n.positions, "rule 14", sourceLocation: sourceLocation) }
    for (i, t) in instance.programmes.enumerated() { #expect(seats[i] <= t.seats, "rule 15", sourceLocation: sourceLocation) }
    #expect(result.objective == result.placements.reduce(0) { $0 + $1.terms.total }, sourceLocation: sourceLocation)
}

/// Checks a result against the brute-forced optimum: feasible, never above it, a bound never
/// below it, optimality claimed only where it holds. Returns whether optimality is claimed.
@discardableResult
func checkAgainstBruteForce(_ result: MatchResult, _ instance: Instance, _ label: String,
                            sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
    assertFeasible(result, instance, sourceLocation: sourceLocation)
    let optimum = BruteForce.optimum(instance)
    #expect(result.objective <= optimum, "\(label)", sourceLocation: sourceLocation)
    guard let bound = result.bound else { return false }
    #expect(bound >= optimum, "\(label): bound \(bound) below the optimum \(optimum)", sourceLocation: sourceLocation)
    if bound == result.objective { #expect(result.objective == optimum, "\(label)", sourceLocation: sourceLocation) }
    return bound == result.objective
}

@Suite("Solver")
struct SolverTests {
    @Test("the default time limit: 9.5 s up to 20,000 participants, 55 s from 100,000, in proportion between")
    func defaultTimeLimit() {
        let limits = [0, 20_000, 60_000, 100_000, 500_000].map { SolverOptions.defaultTimeLimit(participants: $0) }
        #expect(limits == [9.5, 9.5, 32.25, 55, 55])
    }

    @Test("rule 13: a participant eligible for two needs is placed once")
    func rule13() throws {
        var b = InstanceBuilder()
        b.set(["needs", 1], InstanceBuilder.need("N-2"))
        let instance = try b.instance()
        let result = Matcher.match(instance)
        #expect(result.placements.count == 1)
        assertFeasible(result, instance)
    }

    @Test("rule 14: a need takes at most its positions, the higher-scoring participants first")
    func rule14() throws {
        var b = InstanceBuilder()
        b.set(["participants", 1], InstanceBuilder.participant("P-2"))
        b.set(["participants", 2], InstanceBuilder.participant("P-3"))
        b.set(["participants", 2, "programmeEnds"], "2026-02-01")  // urgent: scores more
        b.set(["needs", 0, "positions"], 2)
        let instance = try b.instance()
        let result = Matcher.match(instance)
        #expect(result.placements.count == 2)
        #expect(result.placements.contains { instance.participants[$0.participant].id == "P-3" })
        #expect(result.unplaced.map(\.participant) == [1])
        #expect(result.unplaced.first?.reasons.first?.kind == .outscored)
        assertFeasible(result, instance)
    }

    @Test("rule 15: a programme takes at most its seats, and the seat goes where it scores most")
    func rule15() throws {
        let instance = try InstanceBuilder.oneSeatForThree().instance()
        let result = Matcher.match(instance)
        #expect(result.placements.map { instance.participants[$0.participant].id } == ["P-1"])
        #expect(result.placements.first?.route == .via(0))
        #expect(result.unplaced.allSatisfy { $0.reasons.contains { $0.kind == .seatsTaken && $0.rules == [15] } })
        #expect(result.unfilled.first?.open == 2)
        assertFeasible(result, instance)
    }

    @Test("a placement that would score nothing is not made")
    func nonPositive() throws {
        var b = InstanceBuilder()
        b.set(["policy"], ["distancePenaltyPerKm": 5000])
        let result = Matcher.match(try b.instance())
        #expect(result.placements.isEmpty && result.objective == 0 && result.bound == 0)
    }

    @Test("same input, same output: two runs give identical bytes")
    func determinism() throws {
        let instance = try Fixtures.reader.read(RandomInstances.make(seed: 7, participants: 40, needs: 10, programmes: 4))
        let a = JSONWriter.write(ResultWriter.document(Matcher.match(instance), instance: instance))
        let b = JSONWriter.write(ResultWriter.document(Matcher.match(instance), instance: instance))
        #expect(a == b)
    }

    @Test("seeded random small instances: the optimum of an exhaustive search, proven", arguments: 0..<6)
    func bruteForce(batch: Int) throws {
        for seed in UInt64(batch * 50)..<UInt64(batch * 50 + 50) {
            let instance = try Fixtures.reader.read(RandomInstances.make(seed: seed))
            let result = Matcher.match(instance)
            let optimum = BruteForce.optimum(instance)
            #expect(result.objective == optimum, "seed \(seed)")
            #expect(result.bound == optimum, "seed \(seed)")
            assertFeasible(result, instance)
        }
    }

    @Test("a time limit returns a feasible result with a bound no lower than it")
    func timeLimit() throws {
        let instance = try Fixtures.reader.read(RandomInstances.make(seed: 11, participants: 200, needs: 40, programmes: 6))
        let result = Matcher.match(instance, options: SolverOptions(timeLimit: 0.000_001))
        assertFeasible(result, instance)
        #expect((result.bound ?? .min) >= result.objective)
    }
}
