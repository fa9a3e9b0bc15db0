import Dispatch
import KadryCore
import Synchronization

/// The exact placement solver.
///
/// Participants, needs and programmes that share no candidate never compete,
/// so the problem is first split into independent parts (connected
/// components of the candidate graph); each part is solved exactly by a
/// `ComponentSolver`, and the objectives and bounds add up.
public struct Solver: Sendable {
    let instance: Instance
    let routes: RouteSet

    public init(instance: Instance, routes: RouteSet) {
        self.instance = instance
        self.routes = routes
    }

    public func solve(options given: SolverOptions = SolverOptions()) -> Solution {
        let started = Monotonic.now()
        let parts = Partition(routes: routes).parts
        let workers = max(1, min(Machine.cores, parts.count))
        let rivals = Rivals(cores: Machine.cores, taken: workers)
        var withRivals = given
        withRivals.rivals = rivals
        withRivals.end = given.timeLimit.map { (at: started + $0, limit: $0) }
        let options = withRivals
        let board = ProgressBoard(bounds: parts.map { $0.routes.trivialBound() }, triples: routes.eligibleTriples,
                                  started: started, report: options.progress)
        // Under a time limit, the middling parts take turns (`Turns`), the larger ones after a
        // core's middling ones; the time left then goes to the parts still open, by their gaps.
        let turns = options.turns
        // A part that races (`Race`) runs its whole share at once.
        let takesTurns = parts.map { options.timeLimit != nil && turns.sizes.contains($0.participants.count) && !races($0, options) }
        let isLarge = parts.map { options.timeLimit != nil && $0.participants.count >= turns.sizes.upperBound && !races($0, options) }
        let earlier = Self.queues(parts.indices.filter { !isLarge[$0] }, parts: parts, workers: workers)
        let later = Self.queues(parts.indices.filter { isLarge[$0] }, parts: parts, workers: workers)
        let work = parts.map(\.routes.work)
        let totalWork = work.reduce(0, +)
        let earlierWork = earlier.joined().reduce(0) { $0 + work[$1] }
        let limit = options.timeLimit ?? 0
        // Every core gets the same stretch for the earlier parts: their work's share of the limit.
        let earlierEnd = started + limit * Double(earlierWork) / Double(max(1, totalWork))
        var solutions = [Solution?](repeating: nil, count: parts.count)
        let allotments = Mutex([Int: Allotment]())
        solutions.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedSendable(buffer)
            @Sendable func optionsFor(_ k: Int) -> SolverOptions {
                var partOptions = options
                if options.progress != nil {
                    partOptions.progress = { p in board.update(part: k, incumbent: p.incumbent, bound: p.bound) }
                }
                return partOptions
            }
            @Sendable func run(_ k: Int, _ partOptions: SolverOptions, allotment: Allotment? = nil) {
                let solution = solve(parts[k], options: partOptions, allotment: allotment)
                board.update(part: k, incumbent: solution.objective, bound: solution.bound, done: true)
                out.value[k] = solution
            }
            /// A part that takes turns runs on a thread of its own until it waits for more time or ends.
            @Sendable func firstRound(_ k: Int, _ partOptions: SolverOptions, _ allotment: Allotment) {
                detachThread {
                    run(k, partOptions, allotment: allotment)
                    allotment.finish()
                }
                allotment.awaitTurn()
            }
            let end = started + limit
            // The larger parts not yet started.
            let larger = Mutex(LargerParts(queues: later, work: work))
            let large = Mutex([Int: Allotment]())
            @Sendable func nextLarger(_ w: Int) -> (part: Int, share: Double)? {
                larger.withLock { $0.next(core: w, time: max(0, end - Monotonic.now())) }
            }
            /// A larger part's first round: `Turns.firstRound` of `share`, or all of it without turns.
            @Sendable func startLarge(_ k: Int, share: Double) {
                var partOptions = optionsFor(k)
                guard let part = turns.firstRound else {
                    partOptions.timeLimit = share
                    run(k, partOptions)
                    return
                }
                partOptions.timeLimit = share * part
                let allotment = Allotment(seconds: partOptions.timeLimit!, large: true)
                large.withLock { $0[k] = allotment }
                firstRound(k, partOptions, allotment)
            }
            // The smaller parts, each core its own, smallest first: what one leaves goes to the next.
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var remaining = earlier[w].reduce(0) { $0 + work[$1] }
                for k in earlier[w] {
                    var partOptions = optionsFor(k)
                    if options.timeLimit != nil {
                        partOptions.timeLimit = max(0, earlierEnd - Monotonic.now()) * Double(work[k]) / Double(max(1, remaining))
                    }
                    remaining -= work[k]
                    guard takesTurns[k] else {
                        run(k, partOptions)
                        continue
                    }
                    let allotment = Allotment(seconds: partOptions.timeLimit!)
                    allotments.withLock { $0[k] = allotment }
                    firstRound(k, partOptions, allotment)
                }
                rivals.release()  // its core is free for rivals (where parts race, none is larger)
                // The larger parts: this core's own, then the largest left of the others', so that no
                // core waits while another still has parts to start (a clustered instance's one part
                // of 3,621 participants started only at 7.1 s of 9.5, once the last middling part on
                // the other core had ended, while this core idled from 2.5 s).
                while let (k, share) = nextLarger(w) {
                    startLarge(k, share: share)
                }
            }
            // The time left goes to the parts still open, middling and larger, by their gaps.
            let open = allotments.withLock { a in a.keys.sorted().map { a[$0]! } } + large.withLock { a in a.keys.sorted().map { a[$0]! } }
            Self.lastRound(open, cpu: Double(workers) * max(0, end - Monotonic.now()), end: end, workers: workers)
        }
        var placements: [Candidate] = []
        var objective: Int64 = 0
        var bound: Int64 = 0
        var nodes = 0
        var needPrices: [Int32: Int64] = [:], seatPrices: [Int32: Int64] = [:]
        var proofs: [PartProof] = []
        var paths: SearchPaths = []
        for (part, solution) in zip(parts, solutions.map { $0! }) {
            paths.formUnion(solution.paths)
            objective += solution.objective
            bound += solution.bound
            nodes += solution.nodes
            for (n, v) in solution.needPrices { needPrices[part.needs[Int(n)]] = v }
            for (t, v) in solution.seatPrices { seatPrices[part.programmes[Int(t)]] = v }
            for proof in solution.proofs {
                // The part's indices into the instance's; prices stay by the part's lists.
                proofs.append(PartProof(
                    participants: part.participants, needs: part.needs, programmes: part.programmes,
                    leaves: proof.leaves.map { leaf in
                        (leaf.path.map { Decision(participant: part.participants[Int($0.participant)],
                                                  programme: part.programmes[Int($0.programme)], attends: $0.attends) },
                         leaf.lambda, leaf.needPrices)
                    }))
            }
            placements += solution.placements.map { c in
                Candidate(participant: part.participants[Int(c.participant)], need: part.needs[Int(c.need)],
                          programme: c.programme < 0 ? -1 : part.programmes[Int(c.programme)], score: c.score)
            }
        }
        placements.sort { ($0.participant, $0.need) < ($1.participant, $1.need) }
        return Solution(placements: placements, objective: objective, bound: bound, nodes: nodes, seconds: Monotonic.now() - started,
                        needPrices: needPrices, seatPrices: seatPrices, proofs: proofs, paths: paths)
    }

    /// Hands `cpu` seconds of running time to the parts waiting for more (the others have
    /// ended), in proportion to their bound less their answer, the largest grant first; each
    /// grant is a part's last, and none runs past `end`. A part runs on one core: no grant is
    /// above the round's wall time, `cpu / workers` (with one part left open, it was given both
    /// cores' time and ran past the round into the larger parts', which were left none).
    static func lastRound(_ allotments: [Allotment], cpu: Double, end: Double, workers: Int) {
        let waiting = allotments.filter { !$0.finished }
        guard !waiting.isEmpty else { return }
        let gaps = waiting.map { Double(max(0, $0.bound - $0.incumbent)) }
        let total = gaps.reduce(0, +)
        let wall = cpu / Double(max(1, workers))
        let grants = waiting.indices.map { i in (i: i, seconds: total > 0 ? min(wall, cpu * gaps[i] / total) : 0) }
            .sorted { ($0.seconds, $1.i) > ($1.seconds, $0.i) }
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let j = next.add(1, ordering: .relaxed).oldValue
                guard j < grants.count else { return }
                let allotment = waiting[grants[j].i]
                allotment.grant(min(grants[j].seconds, max(0, end - Monotonic.now())))
                allotment.awaitTurn()
            }
        }
    }

    /// Parts spread over the cores, largest first each to the least loaded one (by `RouteSet.work`);
    /// each core's list then runs smallest first.
    static func queues(_ ks: [Int], parts: [Partition.Part], workers: Int) -> [[Int]] {
        var queues = [[Int]](repeating: [], count: workers)
        var load = [Int](repeating: 0, count: workers)
        for k in ks.sorted(by: { (parts[$0].routes.work, $1) > (parts[$1].routes.work, $0) }) {
            let w = load.indices.min { (load[$0], $0) < (load[$1], $1) }!
            queues[w].append(k)
            load[w] += parts[k].routes.work
        }
        return queues.map { $0.reversed() }
    }

    /// One part solved on its own, with some programmes' seats changed (local indices stay the part's).
    func solve(_ part: Partition.Part, extraSeats: [Int32: Int] = [:], options: SolverOptions, allotment: Allotment? = nil) -> Solution {
        let seats = part.programmes.map { t in
            Int32(clamping: max(0, instance.programmes[Int(t)].seats + (extraSeats[t] ?? 0)))
        }
        let begun = Monotonic.now()
        let positions = part.needs.map { Int32(instance.needs[Int($0)].positions) }
        let settings = options.core
        let mask = part.routes.arcCount > settings.above * part.routes.participantCount
            ? part.routes.core(perParticipant: settings.perParticipant, positions: positions,
                               perPosition: settings.perPosition, extra: settings.extra)
            : nil
        let solver = ComponentSolver(routes: mask.map { part.routes.keeping($0) } ?? part.routes, positions: positions, seats: seats)
        // Setting up counts against the part's time (up to 0.9 s for the largest at 100,000 participants).
        var options = options
        options.timeLimit = options.timeLimit.map { max(0, $0 - (Monotonic.now() - begun)) }
        // Taking turns, the search runs on the allotment's clock (which counts setting up too), and
        // this limit, its first round's, only decides whether it descends first.
        // A part searched on a core descends first where it would on all its arcs: when dense
        // (over 96 a participant) or when its time is under 10 µs an arc of all of them (the rule
        // of `Search.descendsFirst`, on the core's arcs alone, would not).
        if mask != nil && options.descent == .automatic
            && ComponentSolver.Search.descends(arcs: part.routes.arcCount, participants: part.routes.participantCount,
                                               denseAbove: 96, timeLimit: options.timeLimit)
        {
            options.descent = .always
        }
        let growth = mask.map { ComponentSolver.Growth(full: part.routes, mask: $0) }
        guard allotment == nil, races(part, options), let rivals = options.rivals else {
            var search = ComponentSolver.Search(solver: solver, options: options)
            search.growth = growth
            search.allotment = allotment
            return search.run()
        }
        let signal = StopSignal()
        options.stop = signal
        var rivalOptions = options
        rivalOptions.progress = nil
        rivalOptions.startingStep = options.race.stepFactor
        // Made now, so its clock (and time limit) is the part's own search's, however long it waits.
        var made = ComponentSolver.Search(solver: solver, options: rivalOptions)
        made.growth = growth
        let rival = UncheckedSendable(made)
        let entry = Rivals.Entry {
            var search = rival.value
            let solution = search.run()
            if solution.isProvenOptimal { signal.raise() }
            return solution
        }
        rivals.submit(entry)
        var search = ComponentSolver.Search(solver: solver, options: options)
        search.growth = growth
        let mine = search.run()
        if mine.isProvenOptimal { signal.raise() }
        return rivals.withdraw(entry, proven: mine.isProvenOptimal).map { Self.raced(mine, $0) } ?? mine
    }

    /// Whether a part races (`Race`): in an instance small enough to leave a core idle, on a
    /// machine with more than one, outside the searches inside a search.
    func races(_ part: Partition.Part, _ options: SolverOptions) -> Bool {
        options.race.enabled && options.rivals != nil && Machine.cores >= 2 && options.nesting == 0 && options.stop == nil
            && instance.participants.count <= options.race.instanceParticipants
            && part.participants.count >= options.race.partParticipants
    }

    /// A part's search and its rival's put together: the better answer, and the lower bound with
    /// the prices (and tree) that prove it; the part's own where they tie.
    static func raced(_ mine: Solution, _ rival: Solution) -> Solution {
        let answer = rival.objective > mine.objective ? rival : mine
        let proof = rival.bound < mine.bound ? rival : mine
        let kept: SearchPaths = rival.objective > mine.objective || rival.bound < mine.bound ? .rival : []
        return Solution(placements: answer.placements, objective: answer.objective, bound: max(answer.objective, proof.bound),
                        nodes: mine.nodes + rival.nodes, seconds: max(mine.seconds, rival.seconds), needPrices: proof.needPrices,
                        seatPrices: proof.seatPrices, proofs: proof.proofs, paths: mine.paths.union(rival.paths).union(kept))
    }

    /// What k more seats in each full programme would add: the objective and the
    /// positions filled, from re-solving only the part the programme belongs to.
    public func seatValues(baseline: Solution, extras: [Int], options: SolverOptions = SolverOptions()) -> [SeatValue] {
        let parts = Partition(routes: routes).parts
        var used = [Int](repeating: 0, count: instance.programmes.count)
        for c in baseline.placements where c.programme >= 0 { used[Int(c.programme)] += 1 }
        var partOf = [Int32](repeating: -1, count: instance.participants.count)
        for (k, part) in parts.enumerated() {
            for p in part.participants { partOf[Int(p)] = Int32(k) }
        }
        var basePlacements = [[Candidate]](repeating: [], count: parts.count)
        for c in baseline.placements where partOf[Int(c.participant)] >= 0 { basePlacements[Int(partOf[Int(c.participant)])].append(c) }
        var values: [SeatValue] = []
        for (k, part) in parts.enumerated() {
            let base = basePlacements[k]
            let baseObjective = base.reduce(0) { $0 + $1.score }
            for t in part.programmes where used[Int(t)] >= instance.programmes[Int(t)].seats {
                var gains: [(extra: Int, objective: Int64, filled: Int, proven: Bool)] = []
                for k in extras {
                    let s = solve(part, extraSeats: [t: k], options: options)
                    gains.append((k, max(0, s.objective - baseObjective), s.placements.count - base.count, s.isProvenOptimal))
                }
                values.append(SeatValue(programme: Int(t), seats: instance.programmes[Int(t)].seats, used: used[Int(t)], gains: gains))
            }
        }
        return values.sorted { ($0.gains.first?.objective ?? 0, -$0.programme) > ($1.gains.first?.objective ?? 0, -$1.programme) }
    }
}
