import KadryCore
import KadryMatcher
import KadryTestSupport
import Testing

/// Every numeric field of an instance swept through extreme values: each is
/// either refused at its own path or read and solved without a trap, and a
/// solved instance's scores add up exactly. (A trap would end the test process.)
@Suite("Extreme values")
struct ExtremeValuesTests {
    static let values = [
        "0", "-0", "-0.0", "1e-9", "6.0", "6e0", "2147483648", "-2147483649", "9007199254740992", "1e18", "999999999999999999",
        "-1e18", "1e308", "-1e308", "1e-308", "10000", "10001", "10000000", "1000000", "-1000000", "0.000001",
    ]

    /// The numeric fields of the builder's instance, with one credential defined so `validityDays` is there too.
    static let fields: [[InstanceBuilder.PathStep]] = [
        ["participants", 0, "maxCommuteKm"], ["participants", 0, "hoursPerWeek"], ["participants", 0, "location", "lat"],
        ["participants", 0, "location", "lon"], ["programmes", 0, "seats"], ["programmes", 0, "costPln"],
        ["programmes", 0, "location", "lat"], ["needs", 0, "positions"], ["needs", 0, "hoursPerWeek"], ["needs", 0, "priority"],
        ["needs", 0, "location", "lon"], ["institutions", 0, "location", "lat"], ["credentials", 0, "validityDays"],
    ] + Policy.fieldNames.map { ["policy", .key($0)] }

    static func base() -> InstanceBuilder {
        var b = InstanceBuilder()
        b.set(["credentials"], [["code": "cert:first-aid", "name": "Pierwsza pomoc", "validityDays": 1095]])
        b.set(["policy"], .object(JSONObject()))
        // Two people who only reach the need via the course, so training and cost terms are scored.
        for i in 0..<2 {
            b.set(["participants", .index(i)], InstanceBuilder.participant("P-\(i)"))
            b.set(["participants", .index(i), "credentials"], [["code": "cert:first-aid", "obtained": "2025-09-01"]])
            b.set(["participants", .index(i), "programmeEnds"], "2026-03-01")
        }
        b.set(["needs", 0, "positions"], 2)
        return b
    }

    func path(_ steps: [InstanceBuilder.PathStep]) -> String {
        var out = ""
        for step in steps {
            switch step {
            case .key(let k): out += out.isEmpty ? k : ".\(k)"
            case .index(let i): out += "[\(i)]"
            }
        }
        return out
    }

    /// Reads the instance; a refusal must name `field` only, and an accepted instance is solved and checked.
    func check(_ b: InstanceBuilder, field: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let instance: Instance
        do {
            instance = try b.instance()
        } catch {
            #expect(error.problems.first.map { $0.path.hasPrefix(field) || $0.path.hasPrefix("policy") } == true, "\(error)", sourceLocation: sourceLocation)
            return false
        }
        let result = Matcher.match(instance, options: SolverOptions(timeLimit: 2))
        assertFeasible(result, instance, sourceLocation: sourceLocation)
        let scorer = Scorer(instance: instance)
        for pl in result.placements {
            let p = instance.participants[pl.participant], n = instance.needs[pl.need]
            let t = pl.route.programme.map { instance.programmes[$0] }
            #expect(scorer.terms(p, n, t, distanceKm: p.location.distanceKm(to: n.location)) == pl.terms, sourceLocation: sourceLocation)
        }
        #expect(result.bound.map { $0 >= result.objective } ?? true, sourceLocation: sourceLocation)
        return true
    }

    @Test("every numeric field through 0, −0, 1e-9, 2^31, 2^53, 1e18, 1e308 and more: refused at its path or solved")
    func sweep() {
        var accepted = 0, refused = 0
        for field in Self.fields {
            for value in Self.values {
                var b = Self.base()
                b.set(field, .number(value))
                if check(b, field: path(field)) { accepted += 1 } else { refused += 1 }
            }
        }
        // Both outcomes happen: the sweep is not vacuous.
        #expect(accepted > 50 && refused > 50, "\(accepted) accepted, \(refused) refused")
    }

    @Test("every policy weight at its limits with every field at its own: refused or solved")
    func weightsAtLimits() {
        let atLimit: [([InstanceBuilder.PathStep], String)] = [
            (["participants", 0, "maxCommuteKm"], "1000"), (["programmes", 0, "costPln"], "10000000"),
            (["needs", 0, "positions"], "10000"), (["programmes", 0, "seats"], "10000"),
        ]
        for name in Policy.fieldNames {
            for weight in ["1000000", "-1000000", "0.000001", "999999.999999"] {
                for (field, value) in atLimit {
                    var b = Self.base()
                    b.set(["policy", .key(name)], .number(weight))
                    b.set(field, .number(value))
                    _ = check(b, field: path(field))
                }
            }
        }
    }

    @Test("the two requests that stopped the server are refused at their fields")
    func reported() throws {
        var b = Self.base()
        b.set(["needs", 0, "positions"], .number("2147483648"))
        do {
            _ = try b.instance()
            Issue.record("accepted")
        } catch {
            #expect(error.problems.map(\.description) == ["needs[0].positions: 2147483648 is more than Kadry takes (at most 10000 positions per need)"])
        }
        var c = Self.base()
        c.set(["programmes", 0, "costPln"], .number("999999999999999999"))
        c.set(["policy", "trainingCostPer100Pln"], 1000)
        do {
            _ = try c.instance()
            Issue.record("accepted")
        } catch {
            #expect(error.problems.map(\.path) == ["programmes[0].costPln"])
        }
    }

    @Test("weights whose scores could pass 2^53 in all are refused, naming the weight")
    func aggregate() {
        var b = Self.base()
        b.set(["needs", 0, "positions"], 10000)
        for i in 0..<40 { b.set(["participants", .index(i)], InstanceBuilder.participant("P-\(i)")) }
        b.set(["participants", 0, "maxCommuteKm"], 1000)
        b.set(["policy", "distancePenaltyPerKm"], .number("1000000"))
        b.set(["policy", "priorityWeight"], .number("0.000001"))
        do {
            _ = try b.instance()
            Issue.record("accepted")
        } catch {
            #expect(error.problems.map(\.path) == ["policy.distancePenaltyPerKm"])
            #expect(error.problems.first?.message.contains("2^53") == true)
        }
    }

    @Test("random instances under extreme weights and costs: the optimum where proven, a bound never below it")
    func extremeWeightsOptimal() {
        let weights = ["1000000", "-1000000", "0.000001", "999999.999999", "0", "-0.5", "3"]
        var solved = 0
        for seed in UInt64(1)...60 {
            var rng = SeededRandom(seed: seed * 7919)
            guard case .object(var root) = RandomInstances.make(seed: seed, participants: 7, needs: 3, programmes: 2) else { continue }
            var policy = JSONObject()
            for name in Policy.fieldNames where Bool.random(using: &rng) {
                policy[name] = .number(weights[Int.random(in: 0..<weights.count, using: &rng)])
            }
            root["policy"] = .object(policy)
            if case .array(var programmes)? = root["programmes"] {
                for i in programmes.indices {
                    guard case .object(var t) = programmes[i] else { continue }
                    t["costPln"] = .number(["0", "10000000", "9999999.99", "2400"][Int.random(in: 0..<4, using: &rng)])
                    programmes[i] = .object(t)
                }
                root["programmes"] = .array(programmes)
            }
            guard let instance = try? Fixtures.reader.read(.object(root)) else { continue }
            let result = Matcher.match(instance, options: SolverOptions(timeLimit: 5))
            checkAgainstBruteForce(result, instance, "seed \(seed)")
            solved += 1
        }
        #expect(solved >= 30, "only \(solved) of 60 accepted")
    }

    @Test("the time limit covers finding the routes: past it, nothing is solved and the reason says so")
    func routesWithinLimit() throws {
        let instance = try Fixtures.reader.read(InstanceGenerator(participants: 20_000, needs: 2_000, programmes: 200, seed: 3).generate())
        #expect(throws: RouteSet.RoutesUnfinished.self) {
            _ = try Matcher.matchWithinLimit(instance, options: SolverOptions(timeLimit: 0.000_001))
        }
        do {
            _ = try Matcher.matchWithinLimit(instance, options: SolverOptions(timeLimit: 0.000_001))
        } catch {
            #expect("\(error)".contains("time limit ran out while finding the eligible routes"))
        }
        let small = try InstanceBuilder().instance()
        let result = try Matcher.matchWithinLimit(small, options: SolverOptions(timeLimit: 5))
        #expect(result.placements.count == 1)
    }
}
