import KadryCore
import KadryTestSupport
import Testing

@testable import KadryMatcher

@Suite("Eligible triples")
struct EligibleTriplesTests {
    @Test("the bulk path (grid, bit masks, threads) finds exactly the triples the rule-by-rule path accepts", arguments: [3, 17, 29])
    func bulkMatchesRuleByRule(seed: UInt64) throws {
        let instance = try Fixtures.reader.read(InstanceGenerator(participants: 300, needs: 60, programmes: 15, seed: seed).generate())
        let eligibility = Eligibility(instance: instance)
        var expected = 0
        for pi in instance.participants.indices {
            for ni in instance.needs.indices {
                if eligibility.brokenRules(participant: pi, need: ni, route: .direct).isEmpty { expected += 1 }
                for ti in instance.programmes.indices where instance.programmes[ti].seats > 0 {
                    if eligibility.brokenRules(participant: pi, need: ni, route: .via(ti)).isEmpty { expected += 1 }
                }
            }
        }
        let set = CandidateSet(instance: instance)
        #expect(set.eligibleTriples == expected)
        #expect(expected > 0)
        for c in set.candidates {
            #expect(eligibility.check(participant: Int(c.participant), need: Int(c.need), route: c.route).isEligible)
        }
    }

    @Test("the spatial grid returns every point within the radius, across the antimeridian and near the poles")
    func grid() {
        var rng = SeededRandom(seed: 5)
        let points = (0..<2000).map { _ in
            Location(lat: Double.random(in: -89.9...89.9, using: &rng), lon: Double.random(in: -180...180, using: &rng))
        }
        let grid = SpatialGrid(points)
        let centres = [Location(lat: 10, lon: 179.9), Location(lat: -10, lon: -179.95), Location(lat: 89.5, lon: 0),
                       Location(lat: -88, lon: 45), Location(lat: 52.2, lon: 18.25)]
        for centre in centres {
            for radius in [5.0, 40.0, 300.0, 2500.0] {
                var found = Set<Int32>()
                grid.forEach(near: centre, radiusKm: radius) { found.insert($0) }
                let within = points.indices.filter { centre.distanceKm(to: points[$0]) <= radius }
                #expect(within.allSatisfy { found.contains(Int32($0)) }, "centre \(centre), radius \(radius)")
            }
        }
    }

    @Test("the generator is seeded: same seed, same instance; and what it writes is valid")
    func generator() throws {
        let a = JSONWriter.write(InstanceGenerator(participants: 50, needs: 10, programmes: 4, seed: 9).generate())
        let b = JSONWriter.write(InstanceGenerator(participants: 50, needs: 10, programmes: 4, seed: 9).generate())
        let c = JSONWriter.write(InstanceGenerator(participants: 50, needs: 10, programmes: 4, seed: 10).generate())
        #expect(a == b)
        #expect(a != c)
        let instance = try Fixtures.reader.read(Array(a.utf8))
        #expect(instance.participants.count == 50 && instance.needs.count == 10 && instance.programmes.count == 4)
    }
}
