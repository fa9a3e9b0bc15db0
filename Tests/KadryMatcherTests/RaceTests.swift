import Dispatch
import KadryCore
import KadryTestSupport
import Synchronization
import Testing

@testable import KadryMatcher

@Suite("Parts racing a second search on a free core")
struct RaceTests {
    /// Every part races, whatever the instance's size or the part's.
    static var racing: SolverOptions {
        var options = SolverOptions(timeLimit: 60)
        options.race = Race(instanceParticipants: .max, partParticipants: 0)
        return options
    }

    @Test("a rival starts at once on a free core, else when a worker releases one; withdrawn while waiting, it never runs")
    func scheduling() {
        let ran = Mutex<[String]>([])
        func entry(_ name: String, objective: Int64) -> Rivals.Entry {
            Rivals.Entry {
                ran.withLock { $0.append(name) }
                return Solution(placements: [], objective: objective, bound: objective, nodes: 1, seconds: 0)
            }
        }
        let rivals = Rivals(cores: 2, taken: 1)
        let first = entry("first", objective: 7)
        rivals.submit(first)  // the free core runs it
        #expect(rivals.withdraw(first, proven: false)?.objective == 7)
        let busy = Rivals(cores: 2, taken: 2)
        let second = entry("second", objective: 8), third = entry("third", objective: 9)
        busy.submit(second)
        busy.submit(third)
        #expect(busy.withdraw(third, proven: false) == nil)  // no core came free: dropped, never run
        busy.release()  // a worker is done: the waiting one runs
        #expect(busy.withdraw(second, proven: false)?.objective == 8)
        #expect(ran.withLock { $0 } == ["first", "second"])
    }

    @Test("a proven part does not wait for its rival")
    func provenDoesNotWait() {
        let release = DispatchSemaphore(value: 0)
        let rivals = Rivals(cores: 2, taken: 1)
        let slow = Rivals.Entry {
            release.wait()
            return Solution(placements: [], objective: 1, bound: 1, nodes: 1, seconds: 0)
        }
        rivals.submit(slow)
        #expect(rivals.withdraw(slow, proven: true) == nil)
        release.signal()
    }

    @Test("put together: the better answer, the lower bound with its prices and tree, the part's own where they tie")
    func raced() {
        let leaf = (path: [Decision(participant: 0, programme: 0, attends: true)], lambda: [Int64(3)], needPrices: [Int64(1)])
        let mine = Solution(placements: [Candidate(participant: 0, need: 0, programme: -1, score: 90)], objective: 90, bound: 100,
                            nodes: 5, seconds: 1, needPrices: [0: 10], seatPrices: [:], proofs: [], paths: .bundle)
        let rival = Solution(placements: [Candidate(participant: 0, need: 1, programme: -1, score: 80)], objective: 80, bound: 95,
                             nodes: 7, seconds: 2, needPrices: [0: 12], seatPrices: [0: 4],
                             proofs: [PartProof(participants: [], needs: [], programmes: [], leaves: [leaf])], paths: .descent)
        let both = Solver.raced(mine, rival)
        #expect(both.objective == 90 && both.placements == mine.placements)
        #expect(both.bound == 95 && both.needPrices == [0: 12] && both.seatPrices == [0: 4] && both.proofs.count == 1)
        #expect(both.nodes == 12 && both.paths == [.bundle, .descent, .rival])
        let tie = Solver.raced(mine, mine)
        #expect(tie.bound == 100 && !tie.paths.contains(.rival))
    }

    @Test("a search whose rival has proven the part stops at once, with a feasible answer under a valid bound")
    func stopped() throws {
        for seed in UInt64(0)..<20 {
            let instance = try Fixtures.reader.read(RandomInstances.make(seed: seed, participants: 10, needs: 4, programmes: 3))
            let optimum = BruteForce.optimum(instance)
            var options = SolverOptions(timeLimit: 60)
            let signal = StopSignal()
            signal.raise()
            options.stop = signal
            let solution = Solver(instance: instance, routes: RouteSet(instance: instance)).solve(options: options)
            #expect(solution.objective <= optimum, "seed \(seed)")
            #expect(solution.bound >= optimum, "seed \(seed)")
            let certified = Certificate.prove(instance: instance, routes: RouteSet(instance: instance), solution: solution).bound
            #expect(certified >= optimum && certified <= solution.bound, "seed \(seed)")
        }
    }

    @Test("racing on every part, seeded instances are solved to the optimum, proven and certified")
    func optimal() throws {
        for seed in UInt64(0)..<40 {
            let instance = try Fixtures.reader.read(RandomInstances.make(seed: seed, participants: 16, needs: 5, programmes: 5))
            let optimum = BruteForce.optimum(instance)
            let solution = Solver(instance: instance, routes: RouteSet(instance: instance)).solve(options: Self.racing)
            #expect(solution.objective == optimum, "seed \(seed)")
            #expect(solution.bound == optimum, "seed \(seed)")
            let certified = Certificate.prove(instance: instance, routes: RouteSet(instance: instance), solution: solution).bound
            #expect(certified == optimum, "seed \(seed)")
        }
    }
}
