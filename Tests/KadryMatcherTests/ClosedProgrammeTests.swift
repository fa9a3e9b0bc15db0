import KadryCore
@testable import KadryMatcher
import KadryTestSupport
import Testing

/// A programme with no seats: Kadry builds no route through it, but the spec's useful triples
/// include those routes (its rules count seats only in rule 15), and check.py charges them
/// whatever price the certificate gives, zero if none. Unpriced, they earned there, and check.py
/// refused a result Kadry had proven optimal ("certificate proves only 288635, above the claimed
/// bound 185695", an instance cut from the shared clustered-XL-3 with seats cut to 0–2 a course).
@Suite("A programme with no seats")
struct ClosedProgrammeTests {
    /// Two people who reach the need only through a course: T-1 has no seats, T-2 one.
    static func instance(closedSeats: Int) throws -> Instance {
        var b = InstanceBuilder()
        for i in 0..<2 {
            b.set(["participants", .index(i)], InstanceBuilder.participant("P-\(i)"))
            b.set(["participants", .index(i), "credentials"], [["code": "cert:first-aid", "obtained": "2025-09-01"]])
        }
        b.set(["programmes", 0, "seats"], .number(String(closedSeats)))
        b.set(["programmes", 1], InstanceBuilder.programme("T-2"))
        b.set(["programmes", 1, "seats"], 1)
        b.set(["needs", 0, "positions"], 2)
        return try b.instance()
    }

    @Test("the certificate prices it above every score, and proves the bound on the routes through it too")
    func priced() throws {
        let instance = try Self.instance(closedSeats: 0)
        let result = Matcher.match(instance)
        assertFeasible(result, instance)
        let course = try #require(instance.programmes.firstIndex { $0.id == "T-2" })
        #expect(result.placements.count == 1 && result.placements.allSatisfy { $0.route == .via(course) })
        let bound = try #require(result.bound)
        #expect(bound == result.objective, "one seat, one placement: proven")
        guard case .object(let document) = ResultWriter.document(result, instance: instance), let written = document["certificate"] else {
            Issue.record("no certificate written")
            return
        }
        // The spec's routes, through T-1 as well: the same instance with a seat there. Its
        // certified bound counts that seat at T-1's price, which the real instance does not.
        let seated = try Self.instance(closedSeats: 1)
        let price = try #require(result.certificate?.seatPrices.first { instance.programmes[$0.programme].id == "T-1" }?.price)
        let largest = Scorer.largestTerms(instance.policy, participants: instance.participants, programmes: instance.programmes)
        #expect(Int128(price) > largest.reduce(Int128(0)) { $0 + $1.value })
        #expect(try Certificate.check(written, instance: seated) - price == bound)
        // `kadry certify` counts the routes through T-1 too (as check.py does), at its price.
        #expect(try Certificate.check(written, instance: instance) == bound)
    }

    /// The shrunk instance only a tree proves (`BranchBoundTests`), with a twin of each of its
    /// programmes that has no seats, and the same with one seat in each twin.
    static func treeInstance(twinSeats: Int) throws -> Instance {
        let url = Fixtures.repositoryRoot.appendingPathComponent("Tests/Instances/tree-proof.instance.json")
        struct NotAnInstance: Error {}
        guard case .object(var root) = try JSONParser.parse(Fixtures.bytes(url)), case .array(let programmes)? = root["programmes"] else {
            throw NotAnInstance()
        }
        let twins = programmes.compactMap { programme -> JSONValue? in
            guard case .object(var twin) = programme, case .string(let id)? = twin["id"] else { return nil }
            twin["id"] = .string(id + "-twin")
            twin["seats"] = .number(String(twinSeats))
            return .object(twin)
        }
        root["programmes"] = .array(programmes + twins)
        return try Fixtures.reader.read(.object(root))
    }

    @Test("a part only a tree proves keeps its tree, each leaf pricing the seatless programmes too")
    func tree() throws {
        let instance = try Self.treeInstance(twinSeats: 0)
        let result = Matcher.match(instance, options: BranchBoundTests.branching(timeLimit: 10))
        assertFeasible(result, instance)
        #expect(result.objective == 84_519 && result.bound == 84_519)
        let certificate = try #require(result.certificate)
        #expect(certificate.proofs.count == 1 && certificate.proofs.allSatisfy { $0.leaves.count >= 2 })
        let twins = Set(instance.programmes.indices.filter { instance.programmes[$0].id.hasSuffix("-twin") })
        for leaf in certificate.proofs.flatMap(\.leaves) {
            #expect(twins.isSubset(of: leaf.seatPrices.map(\.programme)))
        }
        guard case .object(let document) = ResultWriter.document(result, instance: instance), let written = document["certificate"] else {
            Issue.record("no certificate written")
            return
        }
        // On the spec's routes (the twins with a seat each, their prices taken off again).
        let seated = try Self.treeInstance(twinSeats: 1)
        let twinPrices = certificate.seatPrices.filter { twins.contains($0.programme) }.reduce(Int64(0)) { $0 + $1.price }
        #expect(try Certificate.check(written, instance: seated) - twinPrices == 84_519)
        #expect(try Certificate.check(written, instance: instance) == 84_519)
    }

    @Test("kadry certify counts the routes through a programme with no seats, as check.py does: unpriced, they earn")
    func unpriced() throws {
        let instance = try Self.instance(closedSeats: 0)
        let result = Matcher.match(instance)
        guard case .object(let document) = ResultWriter.document(result, instance: instance),
            case .object(var certificate)? = document["certificate"], case .object(var seats)? = certificate["seatPrices"]
        else {
            Issue.record("no seat prices written")
            return
        }
        seats["T-1"] = nil
        certificate["seatPrices"] = .object(seats)
        let bound = try #require(result.bound)
        #expect(try Certificate.check(.object(certificate), instance: instance) > bound)
    }
}
