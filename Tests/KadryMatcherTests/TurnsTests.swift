import Dispatch
import KadryCore
import KadryTestSupport
import Testing

@testable import KadryMatcher

@Suite("Parts taking turns for their time")
struct TurnsTests {
    /// Parts of one to three participants take turns, larger ones come after them.
    static func taking(turns sizes: Range<Int>, limit: Double) -> SolverOptions {
        var options = SolverOptions(timeLimit: limit)
        options.turns = Turns(sizes: sizes)
        return options
    }

    @Test("a part's thread and the scheduler hand over in order: a wait, one more grant, then the end")
    func handOver() {
        let allotment = Allotment(seconds: 0)
        let steps = Steps()
        detachThread {
            // What a search does when its time is up: ask for more, and stop when none comes.
            steps.add(allotment.spent() ? "granted" : "refused")
            steps.add(allotment.spent() ? "granted" : "refused")
            allotment.finish()
        }
        allotment.awaitTurn()
        #expect(!allotment.finished && steps.list.isEmpty)
        allotment.grant(0.25)
        allotment.awaitTurn()
        #expect(allotment.finished)
        #expect(steps.list == ["granted", "refused"])
        #expect(allotment.limit >= 0.25)
    }

    @Test("a larger part's first round ends where its descent does; it waits there, once, for more")
    func milestone() {
        let allotment = Allotment(seconds: 3600, large: true)
        let steps = Steps()
        detachThread {
            steps.add(allotment.elapsed < allotment.limit ? "running" : "spent")
            allotment.reachedMilestone()
            steps.add(allotment.elapsed < allotment.limit ? "running" : "spent")
            steps.add(allotment.spent() ? "granted" : "refused")
            allotment.reachedMilestone()  // the first round has ended: the grant stands
            steps.add(allotment.elapsed < allotment.limit ? "running" : "spent")
            allotment.finish()
        }
        allotment.awaitTurn()
        #expect(!allotment.finished && steps.list == ["running", "spent"])
        allotment.grant(3600)
        allotment.awaitTurn()
        #expect(allotment.finished)
        #expect(steps.list == ["running", "spent", "granted", "running"])
        // A middling part's first round is its share, wherever its descent ends.
        let middling = Allotment(seconds: 3600)
        middling.reachedMilestone()
        #expect(middling.limit == 3600)
    }

    @Test("a larger part whose first round ends inside its descent keeps its next grant past the milestone")
    func milestoneAfterWaiting() {
        let allotment = Allotment(seconds: 0, large: true)
        let steps = Steps()
        detachThread {
            // Out of time in the descent: it waits there, then goes on with its grant.
            steps.add(allotment.spent() ? "granted" : "refused")
            allotment.reachedMilestone()
            steps.add(allotment.elapsed < allotment.limit ? "running" : "spent")
            allotment.finish()
        }
        allotment.awaitTurn()
        allotment.grant(3600)
        allotment.awaitTurn()
        #expect(allotment.finished)
        #expect(steps.list == ["granted", "running"])
    }

    @Test("a core takes its own larger parts at their share of its queue, then the largest left at its share over the cores")
    func largerPartsQueues() throws {
        // Core 0 holds parts 0 and 1 (work 100 and 300), core 1 parts 2 and 3 (work 600 and 900), smallest first.
        var larger = LargerParts(queues: [[0, 1], [2, 3]], work: [100, 300, 600, 900])
        let firstNext = larger.next(core: 0, time: 8)
        let first = try #require(firstNext)
        #expect(first.part == 0 && first.share == 2)  // 100 of the 400 its queue holds
        let secondNext = larger.next(core: 0, time: 6)
        let second = try #require(secondNext)
        #expect(second.part == 1 && second.share == 6)  // the last of its queue: all of the time left
        // Its queue done, core 0 takes core 1's larger part: 900 of the 1,500 not started, over two cores.
        let takenNext = larger.next(core: 0, time: 5)
        let taken = try #require(takenNext)
        #expect(taken.part == 3 && taken.share == 5)
        // Core 1 is left its own smaller part, alone in its queue: all of the time left.
        #expect(larger.next(core: 1, time: 4)?.part == 2)
        #expect(larger.next(core: 1, time: 4) == nil && larger.next(core: 0, time: 4) == nil)
        #expect(larger.unstarted.isEmpty)

        // Three of equal work on the other core: the first core takes one at two cores' share of three.
        var even = LargerParts(queues: [[], [0, 1, 2]], work: [10, 10, 10])
        let evenNext = even.next(core: 0, time: 3)
        let evenTaken = try #require(evenNext)
        #expect(evenTaken.share == 2)
        #expect(even.next(core: 1, time: 3)?.share == 1.5)  // half of the two its queue still holds
    }

    @Test("with time enough, larger parts that descend and take turns find the optimum and prove it")
    func largerParts() throws {
        for seed in UInt64(0)..<40 {
            let instance = try Fixtures.reader.read(RandomInstances.make(seed: seed, participants: 8, needs: 4, programmes: 3))
            let optimum = BruteForce.optimum(instance)
            var options = Self.taking(turns: 1..<2, limit: 60)
            options.descent = .always
            let result = Matcher.match(instance, options: options)
            assertFeasible(result, instance)
            #expect(result.objective == optimum, "seed \(seed)")
            #expect(result.bound == optimum, "seed \(seed)")
        }
    }

    @Test("with time enough, taking turns finds the optimum and proves it", arguments: 0..<2)
    func optimal(batch: Int) throws {
        for seed in UInt64(batch * 40)..<UInt64(batch * 40 + 40) {
            let instance = try Fixtures.reader.read(RandomInstances.make(seed: seed, participants: 8, needs: 4, programmes: 3))
            let optimum = BruteForce.optimum(instance)
            let result = Matcher.match(instance, options: Self.taking(turns: 1..<4, limit: 60))
            assertFeasible(result, instance)
            #expect(result.objective == optimum, "seed \(seed)")
            #expect(result.bound == optimum, "seed \(seed)")
        }
    }

    @Test("out of time at once, every part still stops, and with a feasible answer under a valid bound", arguments: [1..<4, 1..<1_000])
    func outOfTime(sizes: Range<Int>) throws {
        for seed in 0..<UInt64(40) {
            let instance = try Fixtures.reader.read(RandomInstances.make(seed: seed, participants: 10, needs: 4, programmes: 3))
            let optimum = BruteForce.optimum(instance)
            let result = Matcher.match(instance, options: Self.taking(turns: sizes, limit: 1e-6))
            assertFeasible(result, instance)
            #expect(result.objective <= optimum, "seed \(seed)")
            #expect((result.bound ?? .min) >= optimum, "seed \(seed)")
        }
    }
}

/// What a test's other thread did, in order.
private final class Steps: @unchecked Sendable {
    private let lock = DispatchSemaphore(value: 1)
    private var steps: [String] = []

    func add(_ step: String) {
        lock.wait()
        steps.append(step)
        lock.signal()
    }

    var list: [String] {
        lock.wait()
        defer { lock.signal() }
        return steps
    }
}
