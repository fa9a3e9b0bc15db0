import Foundation
import KadryCore
@testable import KadryMatcher
import KadryTestSupport
import Testing

/// Bounds from branching are bounds: a branch that forces a participant onto a programme holds
/// that seat, so the relaxation must not charge them its price as well (it did, and proved
/// answers optimal that were not: clustered-M-3 to M-6 of ../shared/spec/instances).
@Suite("Branch and bound")
struct BranchBoundTests {
    @Test("the shrunk instance: its optimum (39,295, from HiGHS), not 39,285 claimed proven")
    func shrunk() throws {
        let (_, result) = try Self.solved("forced-seat-branch")
        #expect(result.objective <= 39_295)
        #expect(result.bound.map { $0 >= 39_295 } == true, "bound \(String(describing: result.bound))")
        #expect(result.objective == 39_295)
        #expect(Self.nodes(result) > 1, "the search branches here")
    }

    @Test("a bound only a branching tree proves: the certificate carries the tree (shrunk from clustered-M-3; optimum 84,519 by HiGHS)")
    func treeProof() throws {
        let (_, result) = try Self.solved("tree-proof")
        #expect(result.objective == 84_519)
        let certificate = try #require(result.certificate)
        #expect(certificate.bound == 84_519 && result.bound == 84_519)
        #expect(certificate.proofs.count == 1 && certificate.proofs.allSatisfy { $0.leaves.count >= 2 })
        // Each leaf's path ends in a decision on one participant and programme; the two sides of the first are there.
        let firsts = certificate.proofs.flatMap { $0.leaves.compactMap(\.path.first) }
        #expect(Set(firsts.map(\.attends)) == [true, false])
    }

    @Test("a written certificate is read back to the same bound; one with a leaf missing or a negative price is refused")
    func certificateRoundTrip() throws {
        let (instance, result) = try Self.solved("tree-proof")
        guard case .object(let document) = ResultWriter.document(result, instance: instance), let written = document["certificate"] else {
            Issue.record("no certificate written")
            return
        }
        #expect(try Certificate.check(written, instance: instance) == result.bound)
        guard case .object(var certificate) = written, case .array(var proofs)? = certificate["proofs"],
            case .object(var proof) = proofs[0], case .array(var leaves)? = proof["leaves"]
        else {
            Issue.record("no proofs")
            return
        }
        leaves.removeFirst()
        proof["leaves"] = .array(leaves)
        proofs[0] = .object(proof)
        certificate["proofs"] = .array(proofs)
        #expect(throws: CertificateProblem.self) { try Certificate.check(.object(certificate), instance: instance) }
        #expect(throws: CertificateProblem.self) {
            try Certificate.check(["needPrices": .object(JSONObject([(key: instance.needs[0].id, value: .number("-1"))]))], instance: instance)
        }
    }

    @Test("prices with more decimals than the scores (matching-v1 allows them): read exactly, and a part's bound rounded down where its scores are whole")
    func decimalPrices() throws {
        // One participant, one need of one position: the optimum is the participant's score s.
        let instance = try InstanceBuilder().instance()
        let s = try #require(RouteSet(instance: instance).candidates.map(\.score).max())
        func check(_ price: String) throws -> Int64 {
            try Certificate.check(["needPrices": .object(JSONObject([(key: "N-1", value: .number(price))]))], instance: instance)
        }
        // The need at s + 0.5 bounds the part by s + 0.5: rounded down, s, the optimum (Kadry's own
        // check refused the price before: "at most 0 decimals").
        #expect(try check("\(s).5") == s)
        #expect(try check("\(s).50") == s)
        #expect(try check("\(s + 1).25") == s + 1)
        // Whole prices written with decimals prove what they prove without them.
        #expect(try check("\(s - 3).000") == s)
        #expect(throws: CertificateProblem.self) { try check("\(s).0000001") }
        // A price that large, counted in millionths, would overflow a route's score less two prices: refused.
        #expect(throws: CertificateProblem.self) {
            try Certificate.check(["needPrices": .object(JSONObject([(key: "N-1", value: .number("900000000000000000"))])),
                                   "seatPrices": .object(JSONObject([(key: "T-1", value: .number("0.000001"))]))], instance: instance)
        }
        // The tree-proof instance's own certificate, every price written with two more decimals: the same bound.
        let (tree, result) = try Self.solved("tree-proof")
        guard case .object(let document) = ResultWriter.document(result, instance: tree), case .object(var written)? = document["certificate"]
        else {
            Issue.record("no certificate written")
            return
        }
        func widened(_ object: JSONObject) -> JSONObject {
            var object = object
            for key in ["needPrices", "seatPrices"] {
                guard case .object(let prices)? = object[key] else { continue }
                object[key] = .object(JSONObject(prices.members.map { member in
                    guard case .number(let literal) = member.value else { return member }
                    return (key: member.key, value: JSONValue.number(literal + (literal.contains(".") ? "00" : ".00")))
                }))
            }
            return object
        }
        written = widened(written)
        if case .array(let proofs)? = written["proofs"] {
            written["proofs"] = .array(proofs.map { proof in
                guard case .object(var p) = proof, case .array(let leaves)? = p["leaves"] else { return proof }
                p["leaves"] = .array(leaves.map { leaf in
                    guard case .object(let l) = leaf else { return leaf }
                    return .object(widened(l))
                })
                return .object(p)
            })
        }
        #expect(try Certificate.check(.object(written), instance: tree) == result.bound)
    }

    /// The search without its search of the routes in play at the root's prices, its exchange
    /// cuts and the first decisions it tries, which settle these instances before any
    /// branching (the path these tests are about).
    static func branching(timeLimit: Double) -> SolverOptions {
        var options = SolverOptions(timeLimit: timeLimit)
        options.pricedSearch = false
        options.exchangeCuts = false
        options.firstDecision = false
        return options
    }

    @Test("one decision tried at the root closes both shrunk instances: optimal, certified, a leaf on each side")
    func firstDecision() throws {
        for (name, optimum) in [("forced-seat-branch", Int64(39_295)), ("tree-proof", 84_519)] {
            let url = Fixtures.repositoryRoot.appendingPathComponent("Tests/Instances/\(name).instance.json")
            let instance = try Fixtures.reader.read(Fixtures.bytes(url))
            var options = SolverOptions(timeLimit: 10)
            options.pricedSearch = false
            options.exchangeCuts = false
            options.race.enabled = false
            let solution = Solver(instance: instance, routes: RouteSet(instance: instance)).solve(options: options)
            #expect(solution.objective == optimum && solution.bound == optimum, "\(name)")
            #expect(solution.paths.contains(.firstDecision) && !solution.paths.contains(.branching), "\(name)")
            let leaves = solution.proofs.flatMap(\.leaves)
            #expect(Set(leaves.compactMap { $0.path.first?.attends }) == [false, true], "\(name)")
            let certified = Certificate.prove(instance: instance, routes: RouteSet(instance: instance), solution: solution).bound
            #expect(certified == optimum, "\(name)")
        }
    }

    @Test("an answer one unit below the root's bound: the proof is sought first, and closes the part before any neighbourhood")
    func proofFirst() throws {
        let url = Fixtures.repositoryRoot.appendingPathComponent("Tests/Instances/tree-proof.instance.json")
        let instance = try Fixtures.reader.read(Fixtures.bytes(url))
        var options = SolverOptions(timeLimit: 10)
        options.race.enabled = false
        let solution = Solver(instance: instance, routes: RouteSet(instance: instance)).solve(options: options)
        #expect(solution.objective == 84_519 && solution.bound == 84_519)
        #expect(solution.paths.contains(.proofFirst) && !solution.paths.contains(.neighbourhood) && !solution.paths.contains(.branching))
        let certified = Certificate.prove(instance: instance, routes: RouteSet(instance: instance), solution: solution).bound
        #expect(certified == 84_519)
    }

    /// A shrunk instance of `Tests/Instances`, solved and checked for feasibility.
    static func solved(_ name: String) throws -> (Instance, MatchResult) {
        let url = Fixtures.repositoryRoot.appendingPathComponent("Tests/Instances/\(name).instance.json")
        let instance = try Fixtures.reader.read(Fixtures.bytes(url))
        let result = Matcher.match(instance, options: Self.branching(timeLimit: 10))
        assertFeasible(result, instance)
        return (instance, result)
    }

    static func nodes(_ result: MatchResult) -> Int {
        guard case .number(let n)? = result.statistics.first(where: { $0.name == "searchNodes" })?.value else { return 0 }
        return Int(n) ?? 0
    }

    @Test("the shrunk instance varied (seats, positions, priorities, penalty): never a bound below the optimum")
    func varied() throws {
        let url = Fixtures.repositoryRoot.appendingPathComponent("Tests/Instances/forced-seat-branch.instance.json")
        let document = try JSONParser.parse(Fixtures.bytes(url))
        guard case .object(let original) = document else {
            Issue.record("not an object")
            return
        }
        var proven = 0, branched = 0
        for seed in UInt64(1)...120 {
            var rng = SeededRandom(seed: seed &* 7_919)
            var root = original
            func vary(_ list: String, _ key: String, _ values: [Int]) {
                guard case .array(var items)? = root[list] else { return }
                for i in items.indices {
                    guard case .object(var o) = items[i] else { continue }
                    o[key] = .number(String(values[Int.random(in: 0..<values.count, using: &rng)]))
                    items[i] = .object(o)
                }
                root[list] = .array(items)
            }
            // Small moves around an instance that branches: a seat more or less, other weights.
            if case .array(var items)? = root["programmes"] {
                let i = Int.random(in: 0..<items.count, using: &rng)
                if case .object(var o) = items[i], case .number(let n)? = o["seats"], let seats = Int(n) {
                    o["seats"] = .number(String(max(0, seats + Int.random(in: -1...1, using: &rng))))
                    items[i] = .object(o)
                }
                root["programmes"] = .array(items)
            }
            root["policy"] = [
                "priorityWeight": .number(String([800, 1000, 1000, 1300][Int.random(in: 0..<4, using: &rng)])),
                "trainingPenalty": .number(String([150, 200, 200, 400][Int.random(in: 0..<4, using: &rng)])),
                "distancePenaltyPerKm": .number(String([1, 1, 2, 5][Int.random(in: 0..<4, using: &rng)])),
            ]
            let instance = try Fixtures.reader.read(.object(root))
            let result = Matcher.match(instance, options: Self.branching(timeLimit: 1))
            if checkAgainstBruteForce(result, instance, "seed \(seed)") { proven += 1 }
            // The bound written is the certificate's.
            #expect(result.certificate != nil && result.bound == result.certificate?.bound, "seed \(seed)")
            if Self.nodes(result) > 1 { branched += 1 }
        }
        // The search branched on some: the path this is about was taken.
        #expect(branched >= 5, "branched on \(branched)")
        #expect(proven > 0)
    }
}
