import KadryCore
import KadryTestSupport
import Testing

@testable import KadryMatcher

@Suite("Seat prices by block descent")
struct BlockDescentTests {
    /// Each independent part of a random instance, with its own solver.
    func components(_ instance: Instance) -> [ComponentSolver] { PartUnderTest.all(instance).map(\.solver) }

    @Test("a block step never raises the dual bound, every bound it gives stays above the optimum, and its seat holders polish to a feasible answer")
    func stepsDescend() throws {
        var descended = 0
        var held = 0
        var unbound = 0  // placements via a programme that cannot bind, of someone holding none of the seats
        for seed in 0..<300 as Range<UInt64> {
            let instance = try Fixtures.reader.read(RandomInstances.make(seed: seed, participants: 7, needs: 3, programmes: 3))
            let optimum = BruteForce.optimum(instance)
            var bounds: Int64 = 0
            var answers = [Int64](repeating: 0, count: 4)  // per step, summed over the parts
            for solver in components(instance) {
                var warm: BMatching.WarmStart?
                var seatWarm: BMatching.WarmStart?
                var node = ComponentSolver.Node(lambda: [Int64](repeating: 0, count: solver.routes.programmeCount), bound: solver.trivialBound)
                var r = solver.relax(node, warm: &warm)
                var lowest = r.value
                for step in 0..<4 {
                    let (lambda, holders) = solver.seatPrices(needPrices: warm!.prices, warm: &seatWarm)
                    node.lambda = lambda
                    #expect(node.lambda.allSatisfy { $0 >= 0 })
                    held += holders.count { $0 >= 0 }
                    answers[step] += try placed(solver, holders: holders, warm: warm, seed: seed, unbound: &unbound)
                    let next = solver.relax(node, warm: &warm)
                    #expect(next.value <= r.value, "seed \(seed) step \(step)")
                    if next.value < r.value { descended += 1 }
                    r = next
                    lowest = min(lowest, r.value)
                }
                bounds += lowest
            }
            #expect(bounds >= optimum, "seed \(seed)")
            #expect(answers.allSatisfy { $0 <= optimum }, "seed \(seed)")
        }
        #expect(descended > 0, "no instance had seat prices to find")
        #expect(held > 0, "no seat was ever held")
        #expect(unbound > 0, "no polished answer used a programme that cannot bind")
    }

    /// The value of polishing a seat assignment, checked to fit: every programme's holders
    /// within its seats, only holders via a programme that can bind (others via one that
    /// cannot, counted in `unbound`), every need within its positions.
    func placed(_ solver: ComponentSolver, holders: [Int32], warm: BMatching.WarmStart?, seed: UInt64,
                unbound: inout Int) throws -> Int64 {
        try #require(holders.count == solver.participantCount)
        for t in solver.seats.indices {
            #expect(holders.count { $0 == Int32(t) } <= Int(solver.seats[t]), "seed \(seed) programme \(t)")
        }
        var start = warm
        let placed = solver.polish(holders: holders, warm: &start)
        #expect(placed.value == solver.value(placed.picks))
        for (p, pick) in placed.picks.enumerated() where pick.arc >= 0 {
            let binds = pick.programme >= 0 && solver.binding.contains(Int(pick.programme))
            #expect(!binds || pick.programme == holders[p], "seed \(seed): only holders go via a programme that can bind")
            if pick.programme >= 0 && !binds && pick.programme != holders[p] { unbound += 1 }
        }
        expectFits(solver, placed.picks, seed: seed)
        return placed.value
    }

    /// Every programme within its seats and every need within its positions.
    func expectFits(_ solver: ComponentSolver, _ picks: [ComponentSolver.Pick], seed: UInt64) {
        var used = [Int32](repeating: 0, count: solver.seats.count)
        var filled = [Int32](repeating: 0, count: solver.positions.count)
        for pick in picks where pick.arc >= 0 {
            if pick.programme >= 0 { used[Int(pick.programme)] += 1 }
            filled[Int(solver.routes.arcNeed[Int(pick.arc)])] += 1
        }
        #expect(zip(used, solver.seats).allSatisfy { $0 <= $1 }, "seed \(seed)")
        #expect(zip(filled, solver.positions).allSatisfy { $0 <= $1 }, "seed \(seed)")
    }

    @Test("filling the seats a polished answer leaves free keeps every user's seat, fits every programme and need, and never loses value")
    func fillsFreeSeats() throws {
        var gained = 0
        var filled = 0
        for seed in 0..<300 as Range<UInt64> {
            let instance = try Fixtures.reader.read(RandomInstances.make(seed: seed, participants: 7, needs: 3, programmes: 3))
            let optimum = BruteForce.optimum(instance)
            var total: Int64 = 0
            for solver in components(instance) {
                var warm: BMatching.WarmStart?
                var seatWarm: BMatching.WarmStart?
                let node = ComponentSolver.Node(lambda: [Int64](repeating: 0, count: solver.routes.programmeCount), bound: solver.trivialBound)
                _ = solver.relax(node, warm: &warm)
                let holders = solver.seatPrices(needPrices: warm!.prices, warm: &seatWarm).holders
                var start = warm
                var answer = solver.polish(holders: holders, warm: &start)
                while let more = solver.fillSeats(answer.picks, prices: start!.prices, warm: &start) {
                    filled += 1
                    #expect(more.value == solver.value(more.picks), "seed \(seed)")
                    #expect(more.value >= answer.value, "seed \(seed)")
                    // Newcomers to a programme take only the seats its users left free, never a user's.
                    for t in solver.seats.indices {
                        let users = answer.picks.count { $0.programme == Int32(t) }
                        let newcomers = more.picks.indices.count { more.picks[$0].programme == Int32(t) && answer.picks[$0].programme != Int32(t) }
                        #expect(newcomers <= Int(solver.seats[t]) - users, "seed \(seed) programme \(t)")
                    }
                    expectFits(solver, more.picks, seed: seed)
                    guard more.value > answer.value else { break }
                    gained += 1
                    answer = more
                }
                total += answer.value
            }
            #expect(total <= optimum, "seed \(seed)")
        }
        #expect(filled > 0, "no answer left a seat free for anyone")
        #expect(gained > 0, "filling free seats never gained")
    }

    @Test("an earlier relaxation's answer, priced at other seat prices, is a floor under their relaxation, and exact where it was optimal; a relaxation with a cutoff stops only above it")
    func floorFromEarlierAnswer() throws {
        var rng = SeededRandom(seed: 17)
        var below = 0
        for seed in 0..<200 as Range<UInt64> {
            let instance = try Fixtures.reader.read(RandomInstances.make(seed: seed, participants: 7, needs: 3, programmes: 3))
            for solver in components(instance) {
                var warm: BMatching.WarmStart?
                var node = ComponentSolver.Node(lambda: [Int64](repeating: 0, count: solver.routes.programmeCount), bound: solver.trivialBound)
                var r = solver.relax(node, warm: &warm)
                for step in 0..<4 {
                    let assigned = warm!.assigned
                    #expect(solver.lagrangianFloor(node, keeping: assigned) == r.value, "seed \(seed) step \(step)")
                    var far = node
                    far.lambda = node.lambda.map { _ in Int64.random(in: 0...400, using: &rng) }
                    let floor = solver.lagrangianFloor(far, keeping: assigned)
                    // A relaxation told to stop at a cutoff stops only where L reaches it.
                    let cutoff = floor + Int64.random(in: -200...200, using: &rng)
                    var cutWarm = warm
                    let cut = solver.relax(far, warm: &cutWarm, unlessReaching: cutoff)
                    r = solver.relax(far, warm: &warm)
                    if let cut { #expect(cut.value == r.value, "seed \(seed) step \(step)") } else { #expect(r.value >= cutoff, "seed \(seed) step \(step)") }
                    #expect(floor <= r.value, "seed \(seed) step \(step)")
                    if floor < r.value { below += 1 }
                    node = far
                }
            }
        }
        #expect(below > 0, "the floor was never below the relaxation: the test moved no answer")
    }

    @Test("the root's descent keeps a feasible incumbent and a bound between it and the relaxation it started from")
    func searchDescends() throws {
        for seed in 0..<200 as Range<UInt64> {
            let instance = try Fixtures.reader.read(RandomInstances.make(seed: seed, participants: 7, needs: 3, programmes: 3))
            let optimum = BruteForce.optimum(instance)
            var incumbents: Int64 = 0
            var bounds: Int64 = 0
            for solver in components(instance) {
                var search = ComponentSolver.Search(solver: solver, options: SolverOptions())
                var node = ComponentSolver.Node(lambda: [Int64](repeating: 0, count: solver.routes.programmeCount), bound: solver.trivialBound)
                var r = solver.relax(node, warm: &search.warm)
                let start = r.value
                search.descend(&node, &r)
                #expect(r.value <= start, "seed \(seed)")
                #expect(search.incumbent == solver.value(search.incumbentPicks), "seed \(seed)")
                incumbents += search.incumbent
                bounds += r.value
            }
            #expect(incumbents <= optimum, "seed \(seed)")
            #expect(bounds >= optimum, "seed \(seed)")
        }
    }

    @Test("starting every part with the descent and a dive still ends at the proven optimum", arguments: 0..<3)
    func solvesWithDescent(batch: Int) throws {
        for seed in UInt64(batch * 50)..<UInt64(batch * 50 + 50) {
            let instance = try Fixtures.reader.read(RandomInstances.make(seed: seed, participants: 7, needs: 3, programmes: 3))
            let result = Matcher.match(instance, options: SolverOptions(descent: .always))
            let optimum = BruteForce.optimum(instance)
            #expect(result.objective == optimum, "seed \(seed)")
            #expect(result.bound == optimum, "seed \(seed)")
            assertFeasible(result, instance)
        }
    }
}
