import KadryCore
import KadryTestSupport
import Testing

@testable import KadryMatcher

/// The pieces of the search of the routes in play (`Search.pricedSearch`): a route set cut down
/// to some routes, and the check every answer passes before it is kept (`ComponentSolver.fits`).
@Suite("Routes in play")
struct PricedSearchTests {
    @Test("a route set keeping every route weighs every arc as the original does and has the same optimum")
    func keepingEverything() throws {
        for seed in 0..<30 as Range<UInt64> {
            let instance = try Fixtures.reader.read(RandomInstances.make(seed: seed, participants: 30, needs: 8, programmes: 4))
            for part in PartUnderTest.all(instance) {
                let all = part.routes.restricted { _, _, _ in true }
                #expect(all.arcCount == part.routes.arcCount && all.arcNeed == part.routes.arcNeed, "seed \(seed)")
                var rng = SeededRandom(seed: seed)
                for _ in 0..<5 {
                    let lambda = part.seats.map { _ in Int64(rng.next() % 300) }
                    #expect(all.weights(lambda: lambda) == part.routes.weights(lambda: lambda), "seed \(seed)")
                }
                let cut = ComponentSolver(routes: all, positions: part.positions, seats: part.seats).solve(options: SolverOptions())
                let whole = part.solver.solve(options: SolverOptions())
                #expect(cut.objective == whole.objective && cut.isProvenOptimal && whole.isProvenOptimal, "seed \(seed)")
            }
        }
    }

    @Test("a route set keeping only direct routes has exactly those, and no arc without one")
    func keepingDirect() throws {
        for seed in 0..<30 as Range<UInt64> {
            let instance = try Fixtures.reader.read(RandomInstances.make(seed: seed, participants: 30, needs: 8, programmes: 4))
            for part in PartUnderTest.all(instance) {
                let direct = part.routes.restricted { _, _, t in t < 0 }
                #expect(direct.arcCount == part.routes.arcDirect.filter { $0 }.count, "seed \(seed)")
                #expect(direct.eligibleTriples == direct.arcCount && direct.arcDirect.allSatisfy { $0 }, "seed \(seed)")
                for a in 0..<direct.arcCount { direct.forEachProgramme(ofArc: a) { _ in Issue.record("seed \(seed): a route via a programme kept") } }
            }
        }
    }

    @Test("an answer is kept only when it keeps every rule: its own arcs, offered routes, positions and seats")
    func fits() throws {
        var checked = 0
        for seed in 0..<40 as Range<UInt64> {
            let instance = try Fixtures.reader.read(RandomInstances.make(seed: seed, participants: 20, needs: 5, programmes: 3))
            for part in PartUnderTest.all(instance) where part.solver.participantCount >= 2 {
                let solver = part.solver, routes = part.routes
                var warm: BMatching.WarmStart?
                let zero = [Int64](repeating: 0, count: part.seats.count)
                let relaxed = solver.relax(ComponentSolver.Node(lambda: zero, bound: solver.trivialBound), warm: &warm).picks
                let repaired = solver.repair(relaxed).picks
                #expect(solver.fits(repaired), "seed \(seed)")
                // Every participant on their best arc, and each via every programme in turn: some break a rule.
                for p in 0..<solver.participantCount where routes.arcStart[p] < routes.arcStart[p + 1] {
                    var wrong = repaired
                    // Someone else's arc.
                    let other = (0..<solver.participantCount).first { $0 != p && routes.arcStart[$0] < routes.arcStart[$0 + 1] }
                    if let other {
                        wrong[p] = ComponentSolver.Pick(arc: Int32(routes.arcStart[other]), programme: -1)
                        #expect(!solver.fits(wrong), "seed \(seed)")
                    }
                    // A programme the arc does not offer.
                    let a = routes.arcStart[p]
                    var offered = Set<Int32>()
                    routes.forEachProgramme(ofArc: a) { offered.insert($0) }
                    if let t = (0..<Int32(part.seats.count)).first(where: { !offered.contains($0) }) {
                        wrong = repaired
                        wrong[p] = ComponentSolver.Pick(arc: Int32(a), programme: t)
                        #expect(!solver.fits(wrong), "seed \(seed)")
                    }
                    checked += 1
                }
                // Everyone on an arc into the same need, past its positions.
                let n = routes.arcNeed[routes.arcStart[0]]
                var crowded = [ComponentSolver.Pick](repeating: ComponentSolver.Pick(), count: solver.participantCount)
                var count: Int32 = 0
                for p in 0..<solver.participantCount {
                    guard let a = (routes.arcStart[p]..<routes.arcStart[p + 1]).first(where: { routes.arcNeed[$0] == n && routes.arcDirect[$0] }) else { continue }
                    crowded[p] = ComponentSolver.Pick(arc: Int32(a), programme: -1)
                    count += 1
                }
                #expect(solver.fits(crowded) == (count <= part.positions[Int(n)]), "seed \(seed)")
                // Everyone via one programme, past its seats.
                for t in 0..<Int32(part.seats.count) {
                    var full = [ComponentSolver.Pick](repeating: ComponentSolver.Pick(), count: solver.participantCount)
                    var users: Int32 = 0
                    var load = [Int32](repeating: 0, count: part.positions.count)
                    for p in 0..<solver.participantCount {
                        for a in routes.arcStart[p]..<routes.arcStart[p + 1] where load[Int(routes.arcNeed[a])] < part.positions[Int(routes.arcNeed[a])] {
                            var offers = false
                            routes.forEachProgramme(ofArc: a) { if $0 == t { offers = true } }
                            guard offers else { continue }
                            full[p] = ComponentSolver.Pick(arc: Int32(a), programme: t)
                            load[Int(routes.arcNeed[a])] += 1
                            users += 1
                            break
                        }
                    }
                    #expect(solver.fits(full) == (users <= part.seats[Int(t)]), "seed \(seed), programme \(t)")
                }
            }
        }
        #expect(checked > 100)
    }
}
