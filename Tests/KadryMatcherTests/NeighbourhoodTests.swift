import KadryCore
import KadryTestSupport
import Testing

@testable import KadryMatcher

@Suite("Neighbourhood of a relaxed answer")
struct NeighbourhoodTests {
    @Test("fits every position and seat, keeps whoever was settled, scores its picks, and never beats the optimum")
    func feasibleAndSettled() throws {
        var solved = 0
        for seed in 0..<60 as Range<UInt64> {
            let instance = try Fixtures.reader.read(RandomInstances.make(seed: seed, participants: 40, needs: 10, programmes: 4))
            for part in PartUnderTest.all(instance) {
                let (routes, positions, seats, solver) = (part.routes, part.positions, part.seats, part.solver)
                // Two relaxations: unpriced (seats overflow freely) and with every seat at a price.
                var warm: BMatching.WarmStart?
                let zero = [Int64](repeating: 0, count: seats.count)
                let base = solver.relax(ComponentSolver.Node(lambda: zero, bound: solver.trivialBound), warm: &warm).picks
                let priced = solver.relax(ComponentSolver.Node(lambda: zero.map { _ in 40 }, bound: solver.trivialBound), warm: &warm).picks
                guard let (value, picks) = solver.neighbourhood(of: base, varying: [priced], options: SolverOptions(timeLimit: 5)) else { continue }
                solved += 1
                #expect(value == solver.value(picks), "seed \(seed)")
                var load = [Int32](repeating: 0, count: positions.count)
                var used = [Int32](repeating: 0, count: seats.count)
                var baseUse = [Int32](repeating: 0, count: seats.count)
                for pick in base where pick.programme >= 0 { baseUse[Int(pick.programme)] += 1 }
                for (p, pick) in picks.enumerated() {
                    let settled = base[p] == priced[p] && (base[p].programme < 0 || baseUse[Int(base[p].programme)] <= seats[Int(base[p].programme)])
                    if settled { #expect(pick == base[p], "seed \(seed): participant \(p) was settled") }
                    guard pick.arc >= 0 else { continue }
                    let a = Int(pick.arc)
                    #expect(routes.arcStart[p] <= a && a < routes.arcStart[p + 1], "seed \(seed): an arc of someone else")
                    var allowed = [Int32]()
                    routes.forEachProgramme(ofArc: a) { allowed.append($0) }
                    #expect(pick.programme < 0 ? routes.arcDirect[a] : allowed.contains(pick.programme), "seed \(seed): a route the rules do not allow")
                    load[Int(routes.arcNeed[a])] += 1
                    if pick.programme >= 0 { used[Int(pick.programme)] += 1 }
                }
                #expect(zip(load, positions).allSatisfy { $0 <= $1 }, "seed \(seed): rule 14")
                #expect(zip(used, seats).allSatisfy { $0 <= $1 }, "seed \(seed): rule 15")
                // Against the part's own proven optimum (the whole instance's would hold for any part).
                let optimum = solver.solve(options: SolverOptions())
                #expect(optimum.isProvenOptimal, "seed \(seed)")
                #expect(value <= optimum.objective, "seed \(seed)")
            }
        }
        #expect(solved > 10, "too few neighbourhoods were small enough to solve")
    }
}
