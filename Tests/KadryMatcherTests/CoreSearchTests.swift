import KadryCore
import KadryTestSupport
import Testing

@testable import KadryMatcher

@Suite("Search on a core of the arcs")
struct CoreSearchTests {
    /// Every part on a core that starts with each participant's single best arc and grows from there.
    static let tinyCore: SolverOptions = {
        var options = SolverOptions()
        options.core = CoreSearch(above: 0, perParticipant: 1, perPosition: 0, extra: 0)
        return options
    }()

    @Test("seeded random small instances on a growing core: feasible, never above the optimum, and a bound never below it", arguments: 0..<3)
    func randomInstances(batch: Int) throws {
        var optimal = 0
        for seed in UInt64(batch * 50)..<UInt64(batch * 50 + 50) {
            let instance = try Fixtures.reader.read(RandomInstances.make(seed: seed, participants: 8, needs: 4, programmes: 3))
            let result = Matcher.match(instance, options: Self.tinyCore)
            let optimum = BruteForce.optimum(instance)
            assertFeasible(result, instance)
            #expect(result.objective <= optimum, "seed \(seed)")
            #expect((result.bound ?? .min) >= optimum, "seed \(seed)")
            if result.objective == optimum { optimal += 1 }
        }
        // The core holds what the LP optimum uses once it stops growing; the search on it finds the optimum nearly always.
        #expect(optimal >= 45, "\(optimal) of 50 optimal")
    }

    @Test("pricing every arc at any prices bounds every answer; at zero prices it is each participant's best arc")
    func pricingBounds() throws {
        var rng = SeededRandom(seed: 5)
        for seed in 0..<100 as Range<UInt64> {
            let instance = try Fixtures.reader.read(RandomInstances.make(seed: seed, participants: 7, needs: 3, programmes: 3))
            let optimum = BruteForce.optimum(instance)
            let routes = RouteSet(instance: instance)
            let positions = instance.needs.map { Int32($0.positions) }
            let seats = instance.programmes.map { Int32($0.seats) }
            var core = [Bool](repeating: false, count: routes.arcCount)
            let zero = routes.price(lambda: [Int64](repeating: 0, count: seats.count), needPrices: [Int64](repeating: 0, count: positions.count),
                                    core: &core, positions: positions, seats: seats)
            #expect(zero.bound == routes.trivialBound(), "seed \(seed)")
            // With nothing in the core, each participant's (up to four) arcs worth anything are marked.
            let worth = routes.weights(lambda: [Int64](repeating: 0, count: seats.count))
            let expected = (0..<routes.participantCount).reduce(0) { sum, p in
                sum + min(4, (routes.arcStart[p]..<routes.arcStart[p + 1]).filter { worth[$0] > 0 }.count)
            }
            #expect(zero.added == expected && core.filter { $0 }.count == expected, "seed \(seed)")
            for _ in 0..<5 {
                let lambda = seats.map { _ in Int64.random(in: 0...3000, using: &rng) }
                let prices = positions.map { _ in Int64.random(in: 0...3000, using: &rng) }
                var none = [Bool](repeating: false, count: routes.arcCount)
                #expect(routes.price(lambda: lambda, needPrices: prices, core: &none, positions: positions, seats: seats).bound >= optimum,
                        "seed \(seed)")
            }
        }
    }
}
