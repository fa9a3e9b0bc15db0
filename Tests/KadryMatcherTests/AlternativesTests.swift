import KadryCore
import KadryMatcher
import KadryTestSupport
import Testing

@Suite("Who else could have taken a position")
struct AlternativesTests {
    /// The same list found the slow way: every participant, every route that keeps every rule.
    static func bruteForce(_ result: MatchResult, _ instance: Instance, limit: Int) -> [Int: [Alternatives.Alternative]] {
        let eligibility = Eligibility(instance: instance)
        let scorer = Scorer(instance: instance)
        let placedAt = Dictionary(result.placements.map { ($0.participant, $0.need) }, uniquingKeysWith: { a, _ in a })
        var out: [Int: [Alternatives.Alternative]] = [:]
        for (i, placement) in result.placements.enumerated() {
            let ni = placement.need, need = instance.needs[ni]
            let wanted = Set(need.requires.flatMap { $0 })
            var found: [Alternatives.Alternative] = []
            for pi in instance.participants.indices where placedAt[pi] != ni {
                let person = instance.participants[pi]
                let distance = person.location.distanceKm(to: need.location)
                let routes = [Route.direct] + instance.programmes.indices.filter { !wanted.isDisjoint(with: instance.programmes[$0].grants) }.map { Route.via($0) }
                let scored = routes.filter { eligibility.brokenRules(participant: pi, need: ni, route: $0).isEmpty }.map { route in
                    (route, scorer.terms(person, need, route.programme.map { instance.programmes[$0] }, distanceKm: distance).total)
                }
                if let best = scored.max(by: { $0.1 < $1.1 }) {
                    found.append(Alternatives.Alternative(participant: pi, route: best.0, score: best.1, placedAt: placedAt[pi]))
                }
            }
            out[i] = Array(found.sorted { a, b in
                a.score != b.score ? a.score > b.score : instance.participants[a.participant].id < instance.participants[b.participant].id
            }.prefix(limit))
        }
        return out
    }

    @Test("On the demo register and on random instances, the alternatives are exactly the best others a brute force finds")
    func againstBruteForce() throws {
        let demo = try Fixtures.reader.read(Fixtures.bytes(Fixtures.repositoryRoot.appendingPathComponent("Catalog/demo/konin-grudziadz.json")))
        var instances = [demo]
        for seed in 1...40 { instances.append(try Fixtures.reader.read(RandomInstances.make(seed: UInt64(seed), participants: 12, needs: 4, programmes: 3))) }
        var named = 0
        for instance in instances {
            let result = Matcher.match(instance)
            let found = try #require(Alternatives.of(result, in: instance, limit: 3))
            let expected = Self.bruteForce(result, instance, limit: 3)
            for i in result.placements.indices {
                #expect(found[i] ?? [] == expected[i] ?? [], "placement \(i)")
                named += (found[i] ?? []).count
            }
        }
        #expect(named > 20)  // the check saw alternatives, not only empty lists
    }

    @Test("Past the budget nothing is computed, rather than too much work")
    func budget() throws {
        let instance = try Fixtures.reader.read(RandomInstances.make(seed: 7, participants: 12, needs: 4, programmes: 3))
        let result = Matcher.match(instance)
        #expect(!result.placements.isEmpty)
        #expect(Alternatives.of(result, in: instance, budget: 0) == nil)
    }
}
