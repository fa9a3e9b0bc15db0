import Foundation
import KadryCore
import KadryTestSupport
import Testing

@testable import KadryMatcher

/// The exchange cuts (`Search.exchangeCuts`): answers cut into exchanges, the exact model of
/// the seat prices they make, its integer prices, and what they prove in a whole search.
@Suite("Exchange cuts")
struct ExchangeTests {
    @Test("two relaxed answers differ by exchanges that each keep the needs, cover every move once and add up to the difference")
    func decomposition() throws {
        var checked = 0, chains = 0
        for seed in 0..<100 as Range<UInt64> {
            let instance = try Fixtures.reader.read(RandomInstances.make(seed: seed, participants: 40, needs: 6, programmes: 4))
            var rng = SeededRandom(seed: seed)
            for part in PartUnderTest.all(instance) {
                let solver = part.solver
                let x = solver.bestMatching(lambda: part.seats.map { _ in Int64(rng.next() % 2_000) }).picks
                let y = solver.bestMatching(lambda: part.seats.map { _ in Int64(rng.next() % 2_000) }).picks
                let exchanges = solver.exchanges(from: x, to: y)
                let root = ComponentSolver.Node(lambda: part.seats.map { _ in 0 }, bound: 0)
                var moved = [Int](repeating: 0, count: solver.participantCount)
                var change = [Int32](repeating: 0, count: part.seats.count)
                var gain: Int64 = 0
                for e in exchanges {
                    var applied = x
                    for p in e.participants {
                        moved[Int(p)] += 1
                        applied[Int(p)] = y[Int(p)]
                    }
                    var load = [Int32](repeating: 0, count: part.positions.count)
                    for pick in applied where pick.arc >= 0 { load[Int(solver.routes.arcNeed[Int(pick.arc)])] += 1 }
                    #expect(zip(load, part.positions).allSatisfy { $0 <= $1 }, "seed \(seed): an exchange alone overfills a need")
                    #expect(solver.value(applied) - solver.value(x) == e.gain, "seed \(seed)")
                    gain += e.gain
                    for s in e.seats { change[Int(s.programme)] += s.change }
                    checked += 1
                    if e.participants.count > 1 { chains += 1 }
                }
                for p in 0..<solver.participantCount {
                    #expect(moved[p] == (x[p] == y[p] ? 0 : 1), "seed \(seed): participant \(p) moved \(moved[p]) times")
                }
                #expect(gain == solver.value(y) - solver.value(x), "seed \(seed)")
                let (ux, uy) = (solver.usage(x, root), solver.usage(y, root))
                #expect(change == zip(uy, ux).map { $0 - $1 }, "seed \(seed)")
            }
        }
        #expect(checked > 60 && chains > 20, "\(checked) exchanges, \(chains) of several participants")
    }

    @Test("the model's solution is optimal: its prices' value equals its exchanges' weights' value, both feasible")
    func modelOptimal() {
        var rng = SeededRandom(seed: 26)
        for round in 0..<200 {
            let rows = 1 + Int(rng.next() % 6)
            let costs = (0..<rows).map { _ in Double(rng.next() % 4) + (rng.next() % 2 == 0 ? 1e-6 : 0) }
            var model = ExchangeModel(costs: costs)
            var columns: [(entries: [(row: Int, delta: Int)], gain: Int64)] = []
            for _ in 0..<(1 + Int(rng.next() % 25)) {
                var entries: [(row: Int, delta: Int)] = []
                for r in 0..<rows where rng.next() % 3 == 0 { entries.append((r, Int(rng.next() % 5) - 2)) }
                entries.removeAll { $0.delta == 0 }
                let gain = Int64(rng.next() % 200) - 50
                model.add(delta: entries, gain: gain)
                columns.append((entries, gain))
            }
            guard let (value, prices) = model.solve() else {
                Issue.record("round \(round): no solution")
                continue
            }
            // The primal: Σ c·λ + Σ max(0, w − Δ·λ) at the prices, λ ≥ 0.
            var primal = zip(costs, prices).reduce(0) { $0 + $1.0 * $1.1 }
            for c in columns { primal += max(0, Double(c.gain) - c.entries.reduce(0) { $0 + Double($1.delta) * prices[$1.row] }) }
            #expect(prices.allSatisfy { $0 >= -1e-9 }, "round \(round)")
            // The dual: Σ w·μ with 0 ≤ μ ≤ 1 and Σ Δ·μ ≤ c per row.
            let weights = model.weights
            var used = [Double](repeating: 0, count: rows)
            var dual = 0.0
            for (j, c) in columns.enumerated() {
                #expect(weights[j] >= -1e-9 && weights[j] <= 1 + 1e-9, "round \(round)")
                dual += Double(c.gain) * weights[j]
                for e in c.entries { used[e.row] += Double(e.delta) * weights[j] }
            }
            #expect(zip(used, costs).allSatisfy { $0 <= $1 + 1e-7 }, "round \(round)")
            #expect(abs(primal - value) < 1e-6 && abs(dual - value) < 1e-6, "round \(round): primal \(primal), dual \(dual), value \(value)")
        }
    }

    @Test("two exchanges that cancel each other's seats and both gain: no prices stop them, and both carry weight")
    func infeasible() throws {
        var model = ExchangeModel(costs: [1e-6, 1e-6])
        model.add(delta: [(0, 1), (1, -1)], gain: 1)
        model.add(delta: [(0, -1), (1, 1)], gain: 1)
        let solved = model.solve()
        let (value, prices) = try #require(solved)
        #expect(value - 1e-6 * prices.reduce(0, +) > 1.5)
        #expect(model.weights.allSatisfy { $0 > 0.5 })
    }

    @Test("integer prices near fractional ones keep every exchange from gaining where rounding alone does not")
    func integral() {
        // λ0 − λ1 ≥ 1 and λ0 + λ1 ≥ 2: (1.4, 0.6) rounds to (1, 1), which breaks the first.
        let cuts: [(entries: [(row: Int, delta: Int)], gain: Int64)] = [([(0, 1), (1, -1)], 1), ([(0, 1), (1, 1)], 2)]
        let lambda = ComponentSolver.Search.integralPrices(near: [1.4, 0.6], keeping: cuts)
        for c in cuts {
            #expect(c.entries.reduce(0) { $0 + lambda[$1.row] * Int64($1.delta) } >= c.gain, "\(lambda)")
        }
    }

    @Test("the shrunk instances: without the search of the routes in play, the exchange cuts prove optima at the root, never a wrong one")
    func proveAtRoot() throws {
        var options = SolverOptions(timeLimit: 2)
        options.pricedSearch = false
        var atRoot = 0
        // Their optima, from HiGHS (`BranchBoundTests`).
        for (name, optimum) in [("forced-seat-branch", Int64(39_295)), ("tree-proof", 84_519)] {
            let url = Fixtures.repositoryRoot.appendingPathComponent("Tests/Instances/\(name).instance.json")
            let instance = try Fixtures.reader.read(Fixtures.bytes(url))
            let solution = Solver(instance: instance, routes: RouteSet(instance: instance)).solve(options: options)
            #expect(solution.objective == optimum && solution.bound == optimum, "\(name)")
            let certified = Certificate.prove(instance: instance, routes: RouteSet(instance: instance), solution: solution).bound
            #expect(certified == optimum, "\(name): certified \(certified)")
            if solution.paths.contains(.exchanges) && solution.proofs.isEmpty { atRoot += 1 }
        }
        #expect(atRoot >= 1, "the exchange cuts proved neither at the root")
    }
}
