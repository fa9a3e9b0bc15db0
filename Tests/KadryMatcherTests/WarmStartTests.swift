import KadryTestSupport
import Testing

@testable import KadryMatcher

@Suite("Warm-started b-matching")
struct WarmStartTests {
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    func value(_ assigned: [Int32], _ weight: [Int64]) -> Int64 {
        assigned.reduce(0) { $0 + ($1 >= 0 ? weight[Int($1)] : 0) }
    }

    /// A random graph: up to 42 participants with one to five arcs each, up to 12 needs of one to three positions.
    struct Graph {
        var participants: Int, needs: Int
        var arcStart = [0], arcNeed: [Int32] = [], weight: [Int64] = [], owner: [Int32] = []
        var capacity: [Int32] = []

        init(_ rng: inout Generator) {
            participants = 3 + rng.next(40)
            needs = 1 + rng.next(12)
            for p in 0..<participants {
                var seen = Set<Int>()
                for _ in 0..<(1 + rng.next(5)) {
                    let n = rng.next(needs)
                    guard seen.insert(n).inserted else { continue }
                    arcNeed.append(Int32(n))
                    weight.append(Int64(1000 * (1 + rng.next(5)) - rng.next(400)))
                    owner.append(Int32(p))
                }
                arcStart.append(arcNeed.count)
            }
            capacity = (0..<needs).map { _ in Int32(1 + rng.next(3)) }
        }

        var matching: BMatching {
            BMatching(arcStart: arcStart, arcNeed: arcNeed, owner: owner, weight: weight, capacity: capacity, core: 0)
        }
    }

    @Test("Starting from the optimum for other weights gives the same optimum as starting afresh, change after change")
    func sameOptimum() {
        for seed in 0..<300 as Range<UInt64> {
            var rng = Generator(state: seed &+ 17)
            var graph = Graph(&rng)
            let (participants, needs, arcStart, arcNeed, owner, capacity) =
                (graph.participants, graph.needs, graph.arcStart, graph.arcNeed, graph.owner, graph.capacity)
            var warm: BMatching.WarmStart?
            var sparseWarm: BMatching.WarmStart?
            for step in 0..<6 {
                if step > 0 {
                    // Some arcs get dearer, some cheaper (seat prices moving), some fall to nothing.
                    for a in graph.weight.indices where rng.next(3) == 0 { graph.weight[a] += Int64(rng.next(1200)) - 600 }
                }
                let weight = graph.weight
                let g = graph.matching
                let cold = g.solve()
                // Solved on each participant's best arc first and the rest priced in: the same optimum, cold and warm.
                var sparse = g
                sparse.core = 1
                sparse.denseAbove = 1
                sparse.coldDenseAbove = 0
                sparse.needCore = (perPosition: 0, extra: Int(seed % 3))  // none, or each need's best one or two
                #expect(value(sparse.solve(), weight) == value(cold, weight), "seed \(seed) step \(step)")
                let (sparseAssigned, sparseNext) = sparse.solve(from: sparseWarm)
                #expect(value(sparseAssigned, weight) == value(cold, weight), "seed \(seed) step \(step)")
                sparseWarm = sparseNext
                let (assigned, next) = g.solve(from: warm)
                #expect(value(assigned, weight) == value(cold, weight), "seed \(seed) step \(step)")
                // Given the arcs into each need made once for the graph: the same answer and prices.
                var shared = g
                shared.inArcs = BMatching.InArcs(arcNeed: arcNeed, needs: needs)
                let sharedSolve = shared.solve(from: warm)
                #expect(sharedSolve.assigned == assigned && sharedSolve.warm.prices == next.prices, "seed \(seed) step \(step)")
                // However little of the start is still tight, the start kept (never dropped for a cold solve).
                var alwaysWarm = g
                alwaysWarm.coldBelow = (kept: 0, placed: 1)
                #expect(value(alwaysWarm.solve(from: warm).assigned, weight) == value(cold, weight), "seed \(seed) step \(step)")
                // The prices handed on are an optimal dual over all arcs: Σ u(p) + Σ cap·π(n) equals the optimum.
                for prices in [next.prices, sparseNext.prices] {
                    var dual: Int64 = 0
                    for p in 0..<participants {
                        dual += (arcStart[p]..<arcStart[p + 1]).reduce(0) { max($0, weight[$1] - prices[Int(arcNeed[$1])]) }
                    }
                    for n in 0..<needs {
                        #expect(prices[n] >= 0)
                        dual += Int64(capacity[n]) * prices[n]
                    }
                    #expect(dual == value(cold, weight), "seed \(seed) step \(step)")
                }
                for assigned in [assigned, sparseAssigned] {
                    var load = [Int32](repeating: 0, count: needs)
                    for a in assigned where a >= 0 { load[Int(arcNeed[Int(a)])] += 1 }
                    #expect(zip(load, capacity).allSatisfy { $0 <= $1 }, "seed \(seed) step \(step)")
                    #expect(assigned.indices.allSatisfy { assigned[$0] < 0 || owner[Int(assigned[$0])] == Int32($0) })
                }
                warm = next
            }
        }
    }

    @Test("a solve given a cutoff gives up only where the optimum reaches it, and otherwise finds the optimum")
    func cutoff() {
        var gaveUp = 0, finished = 0
        for seed in 0..<300 as Range<UInt64> {
            var rng = Generator(state: seed &+ 91)
            var graph = Graph(&rng)
            var warm: BMatching.WarmStart?
            for step in 0..<4 {
                if step > 0 { for a in graph.weight.indices where rng.next(2) == 0 { graph.weight[a] += Int64(rng.next(1600)) - 800 } }
                let weight = graph.weight
                for sparse in [false, true] {
                    var g = graph.matching
                    if sparse {
                        g.core = 1
                        g.denseAbove = 1
                        g.coldDenseAbove = 0
                    }
                    let optimum = value(g.solve(), weight)
                    for cutoff in [optimum + 1, optimum, optimum / 2, Int64(rng.next(Int(optimum) + 2))] {
                        if let (assigned, _) = g.solve(from: warm, unlessReaching: cutoff) {
                            #expect(value(assigned, weight) == optimum, "seed \(seed) step \(step)")
                            finished += 1
                        } else {
                            #expect(optimum >= cutoff, "seed \(seed) step \(step): gave up below the optimum")
                            gaveUp += 1
                        }
                    }
                    #expect(g.solve(from: warm, unlessReaching: optimum + 1) != nil, "seed \(seed) step \(step)")
                }
                warm = graph.matching.solve(from: warm).warm
            }
        }
        #expect(gaveUp > 0 && finished > 0)
    }

    @Test("the shortest-path heap pops every key in ascending order, pushes and pops interleaved")
    func heapOrder() {
        var rng = SeededRandom(seed: 41)
        var heap = MinHeap()
        var mirror: [Int64] = []
        for round in 0..<4000 {
            if mirror.isEmpty || Int.random(in: 0..<3, using: &rng) > 0 {
                let key = Int64.random(in: -50...500, using: &rng)
                heap.push(key, Int32(round))
                mirror.append(key)
            } else {
                let smallest = mirror.min()!
                mirror.remove(at: mirror.firstIndex(of: smallest)!)
                #expect(heap.pop()?.0 == smallest)
            }
        }
        var last = Int64.min
        while let (key, _) = heap.pop() {
            #expect(key >= last)
            last = key
            mirror.remove(at: mirror.firstIndex(of: key)!)
        }
        #expect(mirror.isEmpty)
    }
}
