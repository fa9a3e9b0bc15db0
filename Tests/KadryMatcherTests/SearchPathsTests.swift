import Dispatch
import KadryCore
import KadryTestSupport
import Synchronization
import Testing

@testable import KadryMatcher

/// The brute-force property on instances dense enough that the search takes every way it
/// has: on a core, by block descent, bundle steps, branching, a neighbourhood solve, answers
/// worked out on a second core, the routes in play at the root's prices searched on their own,
/// exchange cuts (the last two also on a core).
@Suite("Every search path against the exhaustive optimum")
struct SearchPathsTests {
    /// The ways each instance is solved: as the matcher would, descending first, on a tiny core,
    /// with the neighbourhood solved after two bundle steps (up to 90 % of the participants freed),
    /// with a helper thread for the root's answers, without the search of the routes in play
    /// (which most often leaves nothing to branch on), without that, the exchange cuts or the
    /// first decisions tried before branching, and with every part racing a rival search (`Race`).
    static let settings: [(name: String, options: SolverOptions)] = {
        var descending = SolverOptions()
        descending.descent = .always
        var onCore = SolverOptions()
        onCore.core = CoreSearch(above: 0, perParticipant: 1, perPosition: 0, extra: 0)
        var wideNeighbourhood = SolverOptions()
        wideNeighbourhood.neighbourhood = NeighbourhoodSearch(relaxations: 2, share: 0.9)
        var helped = SolverOptions()
        helped.helper = HelperSettings(participants: 0, needsSpareCore: false)
        var unpriced = SolverOptions()
        unpriced.pricedSearch = false
        var plain = unpriced
        plain.exchangeCuts = false
        plain.firstDecision = false
        var racing = SolverOptions()
        racing.race = Race(instanceParticipants: .max, partParticipants: 0)
        return [("default", SolverOptions()), ("descent", descending), ("core", onCore), ("neighbourhood", wideNeighbourhood),
                ("helper", helped), ("unpriced", unpriced), ("plain", plain), ("race", racing)]
    }()

    static let paths: [(name: String, path: SearchPaths)] = [
        ("core", .core), ("descent", .descent), ("bundle", .bundle), ("branching", .branching), ("neighbourhood", .neighbourhood),
        ("helper", .helper), ("priced", .priced), ("exchanges", .exchanges),
        ("priced on a core", [.core, .priced]), ("exchanges on a core", [.core, .exchanges]),
        ("first decision", .firstDecision),
    ]

    @Test("100 seeded instances of 16 participants, 5 programmes, 8 settings: the optimum proven and certified every time, every path taken")
    func everyPath() throws {
        let instances = try (UInt64(1_000)..<1_100).map { seed in
            (seed, try Fixtures.reader.read(RandomInstances.make(seed: seed, participants: 16, needs: 5, programmes: 5)))
        }
        let taken = Mutex([Int](repeating: 0, count: Self.paths.count))
        DispatchQueue.concurrentPerform(iterations: instances.count) { i in
            let (seed, instance) = instances[i]
            let optimum = BruteForce.optimum(instance)
            let routes = RouteSet(instance: instance)
            for (name, options) in Self.settings {
                let solution = Solver(instance: instance, routes: routes).solve(options: options)
                #expect(solution.objective == optimum, "seed \(seed), \(name)")
                #expect(solution.bound == optimum, "seed \(seed), \(name): not proven (\(solution.nodes) nodes)")
                // Its certificate proves it, on the routes the certificate finds for itself.
                let certified = Certificate.prove(instance: instance, routes: RouteSet(instance: instance), solution: solution).bound
                #expect(certified == optimum, "seed \(seed), \(name): certified \(certified)")
                taken.withLock { counts in
                    for (k, path) in Self.paths.enumerated() where solution.paths.isSuperset(of: path.path) { counts[k] += 1 }
                }
            }
        }
        // Each way was taken, some of them rarely (a run: 99 / 92 / 287 / 31 / 2 / 45 / 26 / 10 / 6 / 2 solves of 700, before the race setting).
        for (k, count) in taken.withLock({ $0 }).enumerated() {
            #expect(count > 0, "the search never took the \(Self.paths[k].name) path")
        }
    }
}
