import KadryCore
import KadryTestSupport
import Testing

@testable import KadryMatcher

@Suite("Eligible triples")
struct EligibleTriplesTests {
    @Test("the compact routes (grid, bit masks, grant groups, threads) hold exactly the triples the rule-by-rule path accepts",
          arguments: [3, 17, 29])
    func bulkMatchesRuleByRule(seed: UInt64) throws {
        let instance = try Fixtures.reader.read(InstanceGenerator(participants: 300, needs: 60, programmes: 15, seed: seed).generate())
        let routes = try expectRoutesMatchRules(instance)
        #expect(routes.contains { $0.programme >= 0 } && routes.contains { $0.programme < 0 })
    }

    @Test("…also where training adds to a score (a policy rewarding it), so that a via route can beat going directly")
    func trainingRewarded() throws {
        guard case .object(var root) = InstanceGenerator(participants: 300, needs: 60, programmes: 15, seed: 23).generate() else {
            Issue.record("the generator wrote no object")
            return
        }
        root["policy"] = .object(["trainingPenalty": .number("-400"), "trainingCostPer100Pln": .number("0")])
        let candidates = try expectRoutesMatchRules(try Fixtures.reader.read(.object(root)))
        let direct = Set(candidates.filter { $0.programme < 0 }.map { [$0.participant, $0.need] })
        #expect(candidates.contains { $0.programme >= 0 && direct.contains([$0.participant, $0.need]) },
                "no via route beside a direct one: the rewarded-training path went untested")
    }

    @Test("…also where a granted certificate lapses before some needs start (a range cut at both ends)")
    func lapsingGrants() throws {
        var cut = 0
        for seed in UInt64(1)...120 {
            let instance = try Fixtures.reader.read(RandomInstances.make(
                seed: seed, participants: 10, needs: 6, programmes: 6, grants: [["cert:refresher"], ["cert:refresher", "kzis:341202"]]))
            try expectRoutesMatchRules(instance)
            let routes = RouteSet(instance: instance)
            cut += routes.rangeLow.indices.filter { Int(routes.rangeLow[$0]) != Int(routes.optionGroupStart[Int(routes.rangeLow[$0])]) }.count
        }
        #expect(cut > 0, "no range started after its group's first option: the lapsing path went untested")
    }

    /// Checks the routes against the rules one triple at a time; returns the candidates.
    @discardableResult
    private func expectRoutesMatchRules(_ instance: Instance) throws -> [Candidate] {
        let eligibility = Eligibility(instance: instance)
        let scorer = Scorer(instance: instance)
        var eligible = 0
        var expected: [Candidate] = []
        for pi in instance.participants.indices {
            let p = instance.participants[pi]
            for ni in instance.needs.indices {
                let n = instance.needs[ni]
                let km = p.location.distanceKm(to: n.location)
                var floor: Int64 = 0
                if eligibility.brokenRules(participant: pi, need: ni, route: .direct).isEmpty {
                    eligible += 1
                    let score = scorer.terms(p, n, nil, distanceKm: km).total
                    floor = max(0, score)
                    if score > 0 { expected.append(Candidate(participant: Int32(pi), need: Int32(ni), programme: -1, score: score)) }
                }
                for ti in instance.programmes.indices where instance.programmes[ti].seats > 0 {
                    guard eligibility.brokenRules(participant: pi, need: ni, route: .via(ti)).isEmpty else { continue }
                    eligible += 1
                    // A via route is worth a seat only when it scores above zero and above going directly.
                    let score = scorer.terms(p, n, instance.programmes[ti], distanceKm: km).total
                    if score > floor { expected.append(Candidate(participant: Int32(pi), need: Int32(ni), programme: Int32(ti), score: score)) }
                }
            }
        }
        let routes = RouteSet(instance: instance)
        #expect(routes.eligibleTriples == eligible)
        #expect(routes.candidates == expected)
        return expected
    }

    @Test("routes built by several workers, each on a run of participants, are the routes built by one")
    func chunksJoin() throws {
        let instance = try Fixtures.reader.read(InstanceGenerator(participants: 300, needs: 60, programmes: 15, seed: 11).generate())
        let one = RouteSet(instance: instance, chunks: 1)
        for chunks in [2, 7, 300] {
            let split = RouteSet(instance: instance, chunks: chunks)
            #expect(split.eligibleTriples == one.eligibleTriples)
            #expect(split.arcStart == one.arcStart && split.arcNeed == one.arcNeed && split.arcBase == one.arcBase)
            #expect(split.arcDirect == one.arcDirect && split.arcRangeStart == one.arcRangeStart)
            #expect(split.rangeLow == one.rangeLow && split.rangeHigh == one.rangeHigh)
            #expect(split.optionStart == one.optionStart && split.optionProgramme == one.optionProgramme)
            #expect(split.optionGroupStart == one.optionGroupStart)
        }
        #expect(one.arcCount > 0 && one.rangeLow.count > 0)
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
