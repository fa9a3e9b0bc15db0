import Dispatch
import KadryCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the caller can ask of a solve.
public struct SolverOptions: Sendable {
    /// Stop after this many seconds and return the best result found, with its bound.
    public var timeLimit: Double?
    /// Called now and then (at most four times a second) while the search runs.
    public var progress: (@Sendable (SolverProgress) -> Void)?
    /// Whether a part's search starts with a block descent on its seat prices.
    public var descent: Descent = .automatic
    /// Which parts are searched on a core of their arcs, and how it starts (`CoreSearch`).
    var core = CoreSearch()
    /// Which parts take turns for their time, and what they share (`Turns`).
    var turns = Turns()
    /// When the root solves a neighbourhood of its best relaxation (`NeighbourhoodSearch`).
    var neighbourhood = NeighbourhoodSearch()
    /// A search may stop once its answer scores this much: nothing better is wanted. The
    /// neighbourhood's search gets what would bring the whole part to its bound.
    var target: Int64?

    public enum Descent: Sendable {
        /// Where relaxations are dear: dense parts, or a time limit short for the part's size.
        case automatic
        case always
        case never
    }

    /// A whole solve's time limit when the user gives none: 9.5 s up to 20,000 participants
    /// (proven optimal or within 0.05 % there), rising in proportion to 55 s at 100,000 and
    /// more (within a minute, the result written).
    public static func defaultTimeLimit(participants: Int) -> Double {
        let share = min(1, max(0, Double(participants - 20_000) / 80_000))
        return 9.5 + share * (55 - 9.5)
    }

    public init(timeLimit: Double? = nil, progress: (@Sendable (SolverProgress) -> Void)? = nil, descent: Descent = .automatic) {
        self.timeLimit = timeLimit
        self.progress = progress
        self.descent = descent
    }
}

/// A dense part is searched on a core of its arcs that grows while the search runs
/// (`ComponentSolver.Growth`): relaxations on the core cost a fraction of those on all
/// arcs, and pricing every arc at the core's dual prices both bounds the part and tells
/// which arcs the core lacks.
///
/// Measured at 100,000 participants (55 s): the largest part (10,597 participants,
/// 5,168,121 arcs) starts on a core of 370,449 arcs; its first relaxation takes 0.3 s, not
/// 4 s, and its bound after 13 s is 13,471,524 where all arcs gave 13,488,753 after 52 s.
/// Whole runs: 0.44–0.76 % (8 runs) against 0.86–1.20 % (5) in the same sitting. At 20,000 participants
/// (9.5 s): 0.024–0.029 % against 0.029–0.032 %.
struct CoreSearch: Sendable {
    /// Arcs a participant, on average, above which a part is searched on a core.
    var above = 48
    /// The core starts with each participant's best arcs and each need's (`RouteSet.core`).
    var perParticipant = 24
    var perPosition = 8
    var extra = 16
}

/// After the root's bundle steps, the participants the last relaxations place differently are
/// placed anew by a search of their own (`ComponentSolver.neighbourhood`).
struct NeighbourhoodSearch: Sendable {
    /// The relaxations compared: the last this many, once there have been as many.
    var relaxations = 8
    /// At most this share of the part's participants freed (a larger neighbourhood is left alone).
    var share = 0.25
}

/// Under a time limit, parts of middling size take turns for their time (`Solver.solve`).
/// Each is searched at its share of the limit (by `RouteSet.work`, as every part is) and
/// then waits (`Allotment`); a reserve of the limit then goes to those still open, in
/// proportion to what they have left to gain (their bound less their answer). The larger
/// parts come last, with what is left, and take turns as well (`firstRound`), but never
/// in the middle of their descent.
///
/// Work shares time badly among the middling parts: at 100,000 participants, parts of 1,700–2,700
/// participants ended at gaps from under 100 to 81,000 with the same 0.5–1 s, and the open ones
/// need two to five times that. Measured there, whole runs with the search fixed at 28 s, in
/// alternating pairs against sharing by work alone:
/// - as here: 0.897 / 0.576 / 0.605 / 0.499 / 0.469 % against 0.767 / 0.742 / 0.663 / 0.652 /
///   0.656 %; in the last three, the middling parts' gaps 68–97 k in all against 314–318 k, the
///   larger parts' 484–638 k against 473–489 k;
/// - the second round at the very end, every part's first shortened by the reserve: 0.502 /
///   0.480 / 0.654 % against 0.813 / 0.585 / 0.668 %; with reserves of 0.10 / 0.15 / 0.22,
///   0.673 / 0.592 / 0.715 % and 0.582 / 0.661 / 0.841 % (two rounds of three);
/// - every part of 1,000 or more taking turns, half the limit first: 1.21 % in one run, the
///   larger parts' descents cut short.
///
/// The larger parts' descents are not cut short: each waits for more time where its first
/// round ends, and its first round ends early where its descent does (with the dive after it),
/// the share it has not used going to the parts after it on its core. What is left when all
/// have had a first round goes to those still open, by their gaps. At 100,000 participants
/// the same 2.8 s left the part of 5,287 participants at 128–206 k after its descent was cut,
/// while the largest (10,597, 9 s) had settled within 7 s. Measured there:
/// - whole runs with the search fixed at 28 s, in alternating rounds (a slow hour): first
///   rounds of 0.8 of the share 0.552 / 0.591 / 0.397 / 0.450 % (the part of 5,287 at
///   104–144 k), of 0.6 0.404 / 0.640 / 0.418 / 0.519 %, without turns 0.614 / 0.616 /
///   0.492 / 0.539 % (that part at 160–206 k); three more pairs at 0.6, 0.325 / 0.283 /
///   0.368 % against 0.532 / 0.375 / 0.365 %;
/// - default whole runs at 0.8, alternating: 0.287 / 0.278 / 0.371 / 0.310 % against 0.425 /
///   0.326 / 0.429 / 0.464 % without turns.
struct Turns: Sendable {
    /// Participants in a part that takes turns.
    var sizes = 1_000..<3_000
    /// The share of the time limit the second round hands out.
    var reserve = 0.15
    /// The larger parts take turns too: each first gets this part of its share of the time
    /// left, or less where its descent (and the dive after it) ends sooner; then what is left
    /// goes to those still open, by their gaps (nil: each runs its whole share without a break).
    var firstRound: Double? = 0.8
}

/// Where a running search stands: the best result so far and the proven bound.
public struct SolverProgress: Sendable {
    public enum Phase: String, Sendable { case triples = "finding eligible routes", solving = "solving", reasons = "explaining" }
    public var phase: Phase = .solving
    /// Eligible (participant, need, route) triples found so far.
    public var triples = 0
    /// Independent parts of the problem finished so far, and in all.
    public var part: Int
    public var parts: Int
    public var incumbent: Int64
    public var bound: Int64
    public var seconds: Double
}

/// The solver's answer: the chosen candidates and a proven upper bound.
public struct Solution: Sendable {
    public var placements: [Candidate]
    public var objective: Int64
    /// No result for the instance scores more than this.
    public var bound: Int64
    public var nodes: Int
    public var seconds: Double
    /// The root's dual prices (need and seat prices at its lowest relaxation), nonzero ones only:
    /// a part's by its own indices, the whole solve's by the instance's. They prove a root bound
    /// anyone can check (`Certificate`).
    public var needPrices: [Int32: Int64] = [:]
    public var seatPrices: [Int32: Int64] = [:]
    /// Where branching closed a part: its leaves (decisions and prices), by the part's indices;
    /// merged, each part's by the instance's (`Certificate`).
    var proofs: [PartProof] = []
    /// The ways of searching this solve took (all parts together): for tests that must see each run.
    var paths: SearchPaths = []

    public var isProvenOptimal: Bool { bound == objective }
}

/// The ways a part's search can go, as taken by one solve (`Solution.paths`).
struct SearchPaths: OptionSet, Sendable {
    let rawValue: Int
    /// On a core of the arcs that grows (`CoreSearch`).
    static let core = SearchPaths(rawValue: 1)
    /// A block descent on the seat prices (`Search.descend`).
    static let descent = SearchPaths(rawValue: 2)
    /// A bundle step past the root's first relaxation (`Bundle`).
    static let bundle = SearchPaths(rawValue: 4)
    /// A node below the root (`Search.processBranch`).
    static let branching = SearchPaths(rawValue: 8)
    /// A neighbourhood solved for a better answer (`ComponentSolver.neighbourhood`).
    static let neighbourhood = SearchPaths(rawValue: 16)
}

/// A branching decision: participant p attends programme t (`attends`), or does not.
struct Decision: Sendable, Equatable {
    var participant: Int32
    var programme: Int32
    var attends: Bool
}

/// The leaves of a part's branching tree, each with the decisions that lead to it and the
/// prices (seats λ, needs π; by index, zero where absent) that prove its bound.
struct PartProof: Sendable {
    var participants: [Int32]
    var needs: [Int32]
    var programmes: [Int32]
    var leaves: [(path: [Decision], lambda: [Int64], needPrices: [Int64])]
}

/// Dual prices of a part's root relaxation: λ of the seats and π of the needs (`ComponentSolver.Search.rootDual`).
struct RootDual: Sendable {
    var lambda: [Int64]
    var needPrices: [Int64]
    /// L(λ) on the arcs it was found on.
    var value: Int64
}

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

    public func solve(options: SolverOptions = SolverOptions()) -> Solution {
        let started = Clock.now()
        let parts = Partition(routes: routes).parts
        let workers = max(1, min(Machine.cores, parts.count))
        let board = ProgressBoard(bounds: parts.map { $0.routes.trivialBound() }, triples: routes.eligibleTriples,
                                  started: started, report: options.progress)
        // Under a time limit, the middling parts take turns (`Turns`), the larger ones after them.
        let turns = options.turns
        let takesTurns = parts.map { options.timeLimit != nil && turns.sizes.contains($0.participants.count) }
        let isLarge = parts.map { options.timeLimit != nil && $0.participants.count >= turns.sizes.upperBound }
        let earlier = Self.queues(parts.indices.filter { !isLarge[$0] }, parts: parts, workers: workers)
        let later = Self.queues(parts.indices.filter { isLarge[$0] }, parts: parts, workers: workers)
        let work = parts.map(\.routes.work)
        let totalWork = work.reduce(0, +)
        let earlierWork = earlier.joined().reduce(0) { $0 + work[$1] }
        let limit = options.timeLimit ?? 0
        // Every core gets the same stretch for the earlier parts: their work's share of the limit.
        // The reserve comes out of the later parts' time (taken from all, it was no better at
        // 20,000 participants, where every part takes turns: 0.093 / 0.056 / 0.062 % against
        // 0.046 / 0.127 / 0.042 % in three alternating pairs of a slow hour).
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
            // The smaller parts, each core its own, smallest first: what one leaves goes to the next.
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var remaining = earlier[w].reduce(0) { $0 + work[$1] }
                for k in earlier[w] {
                    var partOptions = optionsFor(k)
                    if options.timeLimit != nil {
                        partOptions.timeLimit = max(0, earlierEnd - Clock.now()) * Double(work[k]) / Double(max(1, remaining))
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
            }
            let end = started + limit
            // The second round: the reserve goes to the middling parts still open, by their gaps.
            Self.lastRound(allotments.withLock { a in a.keys.sorted().map { a[$0]! } },
                           cpu: Double(workers) * min(turns.reserve * limit, max(0, end - Clock.now())), end: end, workers: workers)
            // The larger parts, each core its own, smallest first, each at a part of its work's
            // share of the time left (`Turns.firstRound`); one whose descent ends sooner stops
            // there, and what it leaves goes to the next.
            let large = Mutex([Int: Allotment]())
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var remaining = later[w].reduce(0) { $0 + work[$1] }
                for k in later[w] {
                    var partOptions = optionsFor(k)
                    let share = max(0, end - Clock.now()) * Double(work[k]) / Double(max(1, remaining))
                    remaining -= work[k]
                    guard let part = turns.firstRound else {
                        partOptions.timeLimit = share
                        run(k, partOptions)
                        continue
                    }
                    partOptions.timeLimit = share * part
                    let allotment = Allotment(seconds: partOptions.timeLimit!, large: true)
                    large.withLock { $0[k] = allotment }
                    firstRound(k, partOptions, allotment)
                }
            }
            // The time left goes to the larger parts still open, by their gaps.
            Self.lastRound(large.withLock { a in a.keys.sorted().map { a[$0]! } },
                           cpu: Double(workers) * max(0, end - Clock.now()), end: end, workers: workers)
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
        return Solution(placements: placements, objective: objective, bound: bound, nodes: nodes, seconds: Clock.now() - started,
                        needPrices: needPrices, seatPrices: seatPrices, proofs: proofs, paths: paths)
    }

    /// Hands `cpu` seconds of running time to the parts waiting for more (the others have
    /// ended), in proportion to their bound less their answer, the largest grant first; each
    /// grant is a part's last, and none runs past `end`.
    static func lastRound(_ allotments: [Allotment], cpu: Double, end: Double, workers: Int) {
        let waiting = allotments.filter { !$0.finished }
        guard !waiting.isEmpty else { return }
        let gaps = waiting.map { Double(max(0, $0.bound - $0.incumbent)) }
        let total = gaps.reduce(0, +)
        let grants = waiting.indices.map { i in (i: i, seconds: total > 0 ? cpu * gaps[i] / total : 0) }
            .sorted { ($0.seconds, $1.i) > ($1.seconds, $0.i) }
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let j = next.add(1, ordering: .relaxed).oldValue
                guard j < grants.count else { return }
                let allotment = waiting[grants[j].i]
                allotment.grant(min(grants[j].seconds, max(0, end - Clock.now())))
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
        let begun = Clock.now()
        let positions = part.needs.map { Int32(instance.needs[Int($0)].positions) }
        let settings = options.core
        let mask = part.routes.arcCount > settings.above * part.routes.participantCount
            ? part.routes.core(perParticipant: settings.perParticipant, positions: positions,
                               perPosition: settings.perPosition, extra: settings.extra)
            : nil
        let solver = ComponentSolver(routes: mask.map { part.routes.keeping($0) } ?? part.routes, positions: positions, seats: seats)
        // Setting up counts against the part's time (up to 0.9 s for the largest at 100,000 participants).
        var options = options
        options.timeLimit = options.timeLimit.map { max(0, $0 - (Clock.now() - begun)) }
        // Taking turns, the search runs on the allotment's clock (which counts setting up too), and
        // this limit, its first round's, only decides whether it descends first.
        // A part searched on a core descends first where it would on all its arcs: when dense
        // (over 96 a participant) or when its time is under 10 µs an arc of all of them (the rule
        // of `Search.descendsFirst`, on the core's arcs alone, would not). Measured at 100,000
        // participants, alone with a whole run's shares of 0.56–0.9 s: parts of 1,702 / 1,781 /
        // 1,728 participants (67–84 arcs each) ended at 0.29 / 1.0 / 0.79 % with the descent
        // against 1.14 / 1.39 / 2.0 % without it (0.9 s), and 1,702 at 2.3 % against 6.7 % (0.56 s).
        if mask != nil && options.descent == .automatic
            && ComponentSolver.Search.descends(arcs: part.routes.arcCount, participants: part.routes.participantCount,
                                               denseAbove: 96, timeLimit: options.timeLimit)
        {
            options.descent = .always
        }
        var search = ComponentSolver.Search(solver: solver, options: options)
        search.growth = mask.map { ComponentSolver.Growth(full: part.routes, mask: $0) }
        search.allotment = allotment
        return search.run()
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

/// The parts' incumbents and bounds as the cores report them, summed for the caller.
final class ProgressBoard: Sendable {
    private struct State {
        var incumbent: [Int64]
        var bound: [Int64]
        var done = 0
        var lastReport = -1.0
    }

    private let state: Mutex<State>
    private let triples: Int
    private let started: Double
    private let report: (@Sendable (SolverProgress) -> Void)?

    init(bounds: [Int64], triples: Int, started: Double, report: (@Sendable (SolverProgress) -> Void)?) {
        state = Mutex(State(incumbent: [Int64](repeating: 0, count: bounds.count), bound: bounds))
        self.triples = triples
        self.started = started
        self.report = report
    }

    func update(part k: Int, incumbent: Int64, bound: Int64, done: Bool = false) {
        guard let report else { return }
        // Reported under the lock, so that lines from two cores never interleave; at most four a second.
        state.withLock { s in
            s.incumbent[k] = incumbent
            s.bound[k] = max(incumbent, bound)
            if done { s.done += 1 }
            let now = Clock.now()
            guard now - s.lastReport >= 0.25 || s.done == s.bound.count else { return }
            s.lastReport = now
            report(SolverProgress(triples: triples, part: s.done, parts: s.bound.count, incumbent: s.incumbent.reduce(0, +),
                                  bound: s.bound.reduce(0, +), seconds: now - started))
        }
    }
}

/// What more seats in one programme are worth (the committee's capacity planning).
public struct SeatValue: Sendable {
    public var programme: Int
    public var seats: Int
    public var used: Int
    /// For each number of extra seats: the objective gained, positions filled in addition, and whether the re-solve was proven optimal.
    public var gains: [(extra: Int, objective: Int64, filled: Int, proven: Bool)]
}

/// The exact solver for one independent part of the problem.
///
/// Training seats (rule 15) are what make the problem harder than a
/// b-matching. They are priced by Lagrange multipliers λ: for fixed λ the
/// problem is a maximum-weight b-matching (`BMatching`), whose value plus
/// Σ λ·seats bounds the optimum from above. Where relaxations are dear, a block
/// descent (`seatPrices`) first brings λ near the best; at the root a proximal
/// bundle method (`Bundle`), below it a subgradient method, improves λ; a repair
/// step and dives turn relaxed answers into feasible ones, and branch-and-bound
/// on "participant p attends programme t or not" closes whatever gap is left.
/// All arithmetic is on integers, so bounds are exact.
struct ComponentSolver {
    let routes: RouteSet
    var participantCount: Int { routes.participantCount }
    let seats: [Int32]
    let positions: [Int32]
    /// The participant of each arc.
    private let owner: [Int32]
    /// The arcs that score above zero, best first, each with its best score, participant
    /// and need side by side: the greedy repair reads them in order, millions per repair.
    private let byTop: [Ranked]

    /// One arc of `byTop`.
    struct Ranked {
        var top: Int64
        var arc: Int32
        var owner: Int32
        var need: Int32
    }
    /// A bound before any relaxation: every participant gets their best route.
    let trivialBound: Int64
    /// Programmes that can bind: more participants could use them than they have seats.
    let binding: [Int]

    /// Routes use the part's own indices: needs into `positions`, programmes into `seats`.
    init(routes: RouteSet, positions: [Int32], seats: [Int32]) {
        self.routes = routes
        self.seats = seats
        self.positions = positions
        var owner = [Int32](repeating: 0, count: routes.arcCount)
        for p in 0..<routes.participantCount {
            for a in routes.arcStart[p]..<routes.arcStart[p + 1] { owner[a] = Int32(p) }
        }
        self.owner = owner
        let top = routes.weights(lambda: [Int64](repeating: 0, count: seats.count))
        trivialBound = (0..<routes.participantCount).reduce(0) { $0 + (top[routes.arcStart[$1]..<routes.arcStart[$1 + 1]].max() ?? 0) }
        // Best first, ties by arc: sorted as one integer key each (millions of arcs in the largest parts).
        let positive = (0..<routes.arcCount).filter { top[$0] > 0 }
        let highest = positive.lazy.map { top[$0] }.max() ?? 0
        let order: [Int]
        if highest < 1 << 31 {
            var keys = positive.map { UInt64(highest - top[$0]) << 32 | UInt64($0) }
            keys.sort()
            order = keys.map { Int(Int32(truncatingIfNeeded: $0)) }
        } else {
            order = positive.sorted { a, b in top[a] != top[b] ? top[a] > top[b] : a < b }
        }
        byTop = order.map { a in Ranked(top: top[a], arc: Int32(a), owner: owner[a], need: routes.arcNeed[a]) }
        var users = [Int](repeating: 0, count: seats.count)
        for t in routes.optionProgramme { users[Int(t)] += 1 }  // a participant lists a programme at most once
        binding = seats.indices.filter { users[$0] > Int(seats[$0]) }
    }

    func solve(options: SolverOptions) -> Solution {
        var search = Search(solver: self, options: options)
        return search.run()
    }

    /// A participant's route in an answer: an arc (or -1, unplaced) and the programme taken (or -1, directly).
    struct Pick: Equatable {
        var arc: Int32 = -1
        var programme: Int32 = -1
    }

    func score(_ pick: Pick) -> Int64 {
        routes.arcBase[Int(pick.arc)] + (pick.programme >= 0 ? routes.trainingScore[Int(pick.programme)] : 0)
    }

    func value(_ picks: [Pick]) -> Int64 { picks.reduce(0) { $0 + ($1.arc >= 0 ? score($1) : 0) } }

    // MARK: - Relaxation

    struct Node {
        var forced: [Int32: Int32] = [:]  // participant → programme they must attend
        var forbidden: [Int32: [Int32]] = [:]  // participant → programmes they must not attend
        var lambda: [Int64]
        var bound: Int64
        var depth = 0
        /// The branching decisions that lead here, in order (the certificate's path).
        var path: [Decision] = []
        /// Prices that prove this node's bound if it is never relaxed itself: its parent's best.
        var proof: (lambda: [Int64], needPrices: [Int64])?

        var restrictions: [Int32: RouteSet.Restriction] {
            var r: [Int32: RouteSet.Restriction] = [:]
            for (p, ts) in forbidden { r[p] = .excluding(ts) }
            for (p, t) in forced { r[p] = .only(t) }
            return r
        }
    }

    struct Relaxed {
        var value: Int64  // the Lagrangian bound L(λ)
        var picks: [Pick]
    }

    /// L(λ) for a node: the best b-matching with via-routes charged λ, plus Σ λ·(remaining seats).
    /// `warm` is the previous relaxation's optimum, where this one starts (and is replaced by this one's).
    func relax(_ node: Node, warm: inout BMatching.WarmStart?) -> Relaxed {
        relax(node, warm: &warm, unlessReaching: nil)!
    }

    /// The same, given up (nil, `warm` untouched) as soon as a matching on the way shows that
    /// L(λ) ≥ `cutoff`: all that a step that must bring L below the cutoff needs to know.
    func relax(_ node: Node, warm: inout BMatching.WarmStart?, unlessReaching cutoff: Int64?) -> Relaxed? {
        let term = seatTerm(node)
        guard let (matched, picks) = bestMatching(lambda: node.lambda, restrictions: node.restrictions, warm: &warm,
                                                  unlessReaching: cutoff.map { $0 - term })
        else { return nil }
        return Relaxed(value: matched + term, picks: picks)
    }

    /// The maximum-weight b-matching where each arc weighs its best route under
    /// seat prices λ and the restrictions; returns its weight and each participant's pick.
    func bestMatching(lambda: [Int64], restrictions: [Int32: RouteSet.Restriction] = [:],
                      others: RouteSet.Restriction = .free) -> (value: Int64, picks: [Pick]) {
        var cold: BMatching.WarmStart?
        return bestMatching(lambda: lambda, restrictions: restrictions, others: others, warm: &cold)
    }

    func bestMatching(lambda: [Int64], restrictions: [Int32: RouteSet.Restriction] = [:],
                      others: RouteSet.Restriction = .free, warm: inout BMatching.WarmStart?) -> (value: Int64, picks: [Pick]) {
        bestMatching(lambda: lambda, restrictions: restrictions, others: others, warm: &warm, unlessReaching: nil)!
    }

    /// The same, nil (`warm` untouched) as soon as a matching on the way weighs `cutoff` or more.
    func bestMatching(lambda: [Int64], restrictions: [Int32: RouteSet.Restriction] = [:],
                      others: RouteSet.Restriction = .free, warm: inout BMatching.WarmStart?,
                      unlessReaching cutoff: Int64?) -> (value: Int64, picks: [Pick])? {
        let weight = routes.weights(lambda: lambda, restrictions: restrictions, others: others)
        guard let (assigned, next) = BMatching(arcStart: routes.arcStart, arcNeed: routes.arcNeed, owner: owner, weight: weight,
                                               capacity: positions).solve(from: warm, unlessReaching: cutoff)
        else { return nil }
        warm = next
        var value: Int64 = 0
        var picks = [Pick](repeating: Pick(), count: participantCount)
        for p in 0..<participantCount where assigned[p] >= 0 {
            let a = Int(assigned[p])
            value += weight[a]
            let (_, t) = routes.bestRoute(arc: a, lambda: lambda, restriction: restrictions[Int32(p)] ?? others)
            picks[p] = Pick(arc: Int32(a), programme: t)
        }
        return (value, picks)
    }

    /// A floor under L(λ) for a node, read off a matching that fits the needs (`assigned`,
    /// each participant's arc or -1; an earlier relaxation's answer), each arc at its best
    /// route under λ: L(λ) maximises over every such matching.
    func lagrangianFloor(_ node: Node, keeping assigned: [Int32]) -> Int64 {
        var value: Int64 = 0
        for p in 0..<participantCount where assigned[p] >= 0 {
            value += routes.bestRoute(arc: Int(assigned[p]), lambda: node.lambda,
                                      restriction: node.restrictions[Int32(p)] ?? .free).value
        }
        return value + seatTerm(node)
    }

    /// Σ λ·(remaining seats) over the binding programmes: what L(λ) adds to a matching's weight.
    func seatTerm(_ node: Node) -> Int64 {
        let reserved = reservedSeats(node)
        return binding.reduce(0) { $0 + node.lambda[$1] * Int64(max(0, seats[$1] - reserved[$1])) }
    }

    func reservedSeats(_ node: Node) -> [Int32] {
        var reserved = [Int32](repeating: 0, count: seats.count)
        for (_, t) in node.forced { reserved[Int(t)] += 1 }
        return reserved
    }

    /// Seats each programme's priced (not forced) placements use in a relaxed answer.
    func usage(_ picks: [Pick], _ node: Node) -> [Int32] {
        var used = [Int32](repeating: 0, count: seats.count)
        for (p, pick) in picks.enumerated() where pick.programme >= 0 && node.forced[Int32(p)] == nil {
            used[Int(pick.programme)] += 1
        }
        return used
    }

    /// The seat prices that are best for need prices π held fixed: a block step of
    /// coordinate descent on the dual. With π fixed, each participant weighs every
    /// programme t by their best route through it, w − π(n), against their best route
    /// through no binding programme (d); what is left is a b-matching of participants
    /// to seats whose optimal prices are the λ that minimise the dual for this π. So
    /// L(λ) of the answer is never above the dual value (π, λ) it came from.
    ///
    /// The seats' b-matching also says who holds them: `holders`, each participant's
    /// programme (or -1), a seat assignment that fits every programme (`placeSeats`).
    /// With `seatsLeft` and `excluded`, only those seats are matched, and only to the others
    /// (`fillSeats`).
    func seatPrices(needPrices price: [Int64], warm: inout BMatching.WarmStart?,
                    seatsLeft: [Int32]? = nil, excluded: [Bool]? = nil) -> (lambda: [Int64], holders: [Int32]) {
        var slot = [Int32](repeating: -1, count: seats.count)
        for (k, t) in binding.enumerated() { slot[t] = Int32(k) }
        var arcStart = [0]
        var arcSlot: [Int32] = []
        var owner: [Int32] = []
        var weight: [Int64] = []
        let none = Int64.min / 4
        var closed: [Int64] = []  // per option: the best w − π of a range ending there (prefix ranges)
        var open: [Int64] = []  // per option: the best w − π of other ranges covering it
        for p in 0..<participantCount {
            if excluded?[p] == true {
                arcStart.append(arcSlot.count)
                continue
            }
            let first = routes.optionStart[p], count = routes.optionStart[p + 1] - first
            closed.removeAll(keepingCapacity: true)
            closed.append(contentsOf: repeatElement(none, count: count))
            open.removeAll(keepingCapacity: true)
            open.append(contentsOf: repeatElement(none, count: count))
            var direct: Int64 = 0
            for a in routes.arcStart[p]..<routes.arcStart[p + 1] {
                let v = routes.arcBase[a] - price[Int(routes.arcNeed[a])]
                if routes.arcDirect[a] { direct = max(direct, v) }
                for r in Int(routes.arcRangeStart[a])..<Int(routes.arcRangeStart[a + 1]) {
                    let low = Int(routes.rangeLow[r]), high = Int(routes.rangeHigh[r])
                    if low == Int(routes.optionGroupStart[low]) {
                        closed[high - 1 - first] = max(closed[high - 1 - first], v)
                    } else {
                        for o in low..<high { open[o - first] = max(open[o - first], v) }
                    }
                }
            }
            // A range from its group's start covers every option up to where it ends: suffix maxima.
            var k = count - 1
            while k >= 0 {
                let o = first + k
                if k + 1 < count && routes.optionGroupStart[o + 1] == routes.optionGroupStart[o] {
                    closed[k] = max(closed[k], closed[k + 1])
                }
                k -= 1
            }
            let mark = arcSlot.count
            for k in 0..<count {
                let best = max(closed[k], open[k])
                guard best > none else { continue }
                let t = Int(routes.optionProgramme[first + k])
                let value = best + routes.trainingScore[t]
                if slot[t] < 0 {
                    direct = max(direct, value)
                } else {
                    arcSlot.append(slot[t])
                    weight.append(value)
                }
            }
            // Keep what beats the best route through no binding programme, by how much.
            var kept = mark
            for i in mark..<arcSlot.count where weight[i] > direct {
                arcSlot[kept] = arcSlot[i]
                weight[kept] = weight[i] - direct
                kept += 1
            }
            arcSlot.removeLast(arcSlot.count - kept)
            weight.removeLast(weight.count - kept)
            owner.append(contentsOf: repeatElement(Int32(p), count: kept - mark))
            arcStart.append(arcSlot.count)
        }
        // The arcs differ from one call to the next: the start keeps each participant's programme, not their arc.
        var start: BMatching.WarmStart?
        if let w = warm {
            var held = [Int32](repeating: -1, count: participantCount)
            for p in 0..<participantCount where w.assigned[p] >= 0 {
                for a in arcStart[p]..<arcStart[p + 1] where arcSlot[a] == w.assigned[p] { held[p] = Int32(a) }
            }
            start = BMatching.WarmStart(assigned: held, prices: w.prices)
        }
        let capacity = seatsLeft ?? seats
        let (assigned, next) = BMatching(arcStart: arcStart, arcNeed: arcSlot, owner: owner, weight: weight,
                                         capacity: binding.map { capacity[$0] }).solve(from: start)
        warm = BMatching.WarmStart(assigned: assigned.map { $0 >= 0 ? arcSlot[Int($0)] : -1 }, prices: next.prices)
        var lambda = [Int64](repeating: 0, count: seats.count)
        for (k, t) in binding.enumerated() { lambda[t] = next.prices[k] }
        return (lambda, assigned.map { $0 >= 0 ? Int32(binding[Int(arcSlot[Int($0)])]) : -1 })
    }

    // MARK: - Primal repair

    /// The best answer that keeps a feasible answer's seat holders: each holder may go via
    /// their programme, everyone directly or via a programme that cannot bind (`binding`:
    /// it has a seat for everyone who could use it), and with no seat of a binding one
    /// shared the rest is an exact b-matching. Never worse than the answer given.
    func polish(_ picks: [Pick]) -> (value: Int64, picks: [Pick]) {
        var cold: BMatching.WarmStart?
        return polish(picks, warm: &cold)
    }

    func polish(_ picks: [Pick], warm: inout BMatching.WarmStart?) -> (value: Int64, picks: [Pick]) {
        polish(holders: picks.map(\.programme), warm: &warm)
    }

    /// `polish` for seat holders given as each participant's programme (or -1), at most a programme's seats each.
    func polish(holders: [Int32], warm: inout BMatching.WarmStart?) -> (value: Int64, picks: [Pick]) {
        var restrictions: [Int32: RouteSet.Restriction] = [:]
        for (p, t) in holders.enumerated() where t >= 0 { restrictions[Int32(p)] = .holding(t) }
        // The binding programmes closed to all but their holders; the others free to all.
        var closed = [Int64](repeating: 0, count: seats.count)
        for t in binding { closed[t] = RouteSet.outOfReach }
        return bestMatching(lambda: closed, restrictions: restrictions, warm: &warm)
    }

    /// A feasible answer's free seats given to those who gain most by them: everyone who goes
    /// via a programme keeps their seat, the seats no one uses are matched to the others at
    /// the answer's need prices (`seatPrices`, where `prices` are those of the answer's
    /// b-matching), and the new holders are polished in. The answer stays feasible with the
    /// new holders, so the result is never worse; nil when there is no seat to fill or no
    /// one gains by one.
    ///
    /// `polish` closes a binding programme to all but its holders, and a seat assignment made
    /// at a relaxation's prices leaves many seats to no one (at 100,000 participants, 444 of
    /// the 1,507 seats of the largest part's binding programmes): seats the answer then
    /// wastes. Measured on the largest parts there, alone at their whole-run shares: answers
    /// 13,468,460 / 12,404,525 / 8,744,168 against 13,422,799 / 12,397,593 / 8,738,118.
    func fillSeats(_ picks: [Pick], prices: [Int64], warm: inout BMatching.WarmStart?) -> (value: Int64, picks: [Pick])? {
        var left = seats
        var holders = [Int32](repeating: -1, count: participantCount)
        var excluded = [Bool](repeating: false, count: participantCount)
        for (p, pick) in picks.enumerated() where pick.programme >= 0 {
            holders[p] = pick.programme
            left[Int(pick.programme)] -= 1
            excluded[p] = true
        }
        guard binding.contains(where: { left[$0] > 0 }) else { return nil }
        var cold: BMatching.WarmStart?
        let more = seatPrices(needPrices: prices, warm: &cold, seatsLeft: left, excluded: excluded).holders
        var added = false
        for p in more.indices where more[p] >= 0 {
            holders[p] = more[p]
            added = true
        }
        return added ? polish(holders: holders, warm: &warm) : nil
    }

    /// A feasible answer found by diving from a relaxation: while some programmes are
    /// over-full, each keeps the users who would lose most by going elsewhere (under
    /// the seat prices λ) and is closed to everyone else, and the b-matching is
    /// solved again; the first answer that fits the seats is polished (`polish`).
    /// Each round closes at least one more programme, so the dive ends.
    /// Past `deadline` (a `Clock` reading) the dive stops and repairs where it stands.
    func dive(_ node: Node, lambda: [Int64], warm: BMatching.WarmStart?, deadline: Double = .infinity) -> (value: Int64, picks: [Pick]) {
        var keepers: [Int32: [Int32]] = [:]  // a closed programme → who may still attend it
        var start = warm
        let reserved = reservedSeats(node)
        while true {
            let closed = keepers.keys.sorted()
            var restrictions: [Int32: RouteSet.Restriction] = [:]
            var kept: [Int32: [Int32]] = [:]  // someone → the closed programmes they may still attend
            for t in closed { for p in keepers[t]! { kept[p, default: []].append(t) } }
            // The programmes someone may not attend in this round.
            func barred(_ p: Int32) -> [Int32] {
                let mine = kept[p] ?? []
                return (node.forbidden[p] ?? []) + closed.filter { !mine.contains($0) }
            }
            for p in Set(node.forbidden.keys).union(kept.keys) { restrictions[p] = .excluding(barred(p)) }
            for (p, t) in node.forced { restrictions[p] = .only(t) }
            let (_, picks) = bestMatching(lambda: lambda, restrictions: restrictions,
                                          others: closed.isEmpty ? .free : .excluding(closed), warm: &start)
            var users = [[Int32]](repeating: [], count: seats.count)
            for (p, pick) in picks.enumerated() where pick.programme >= 0 && node.forced[Int32(p)] == nil {
                users[Int(pick.programme)].append(Int32(p))
            }
            var over = false
            for t in seats.indices where users[t].count > Int(seats[t] - reserved[t]) {
                over = true
                let ranked = users[t].map { p -> (loss: Int64, p: Int32) in
                    let without = RouteSet.Restriction.excluding(barred(p) + [Int32(t)])
                    var elsewhere: Int64 = 0
                    for a in routes.arcStart[Int(p)]..<routes.arcStart[Int(p) + 1] {
                        elsewhere = max(elsewhere, routes.bestRoute(arc: a, lambda: lambda, restriction: without).value)
                    }
                    return (score(picks[Int(p)]) - lambda[t] - elsewhere, p)
                }.sorted { $0.loss != $1.loss ? $0.loss > $1.loss : $0.p < $1.p }
                keepers[Int32(t)] = ranked.prefix(Int(max(0, seats[t] - reserved[t]))).map(\.p)
            }
            if over && Clock.now() >= deadline { return repair(picks) }
            if !over { return polish(picks, warm: &start) }
        }
    }

    /// A feasible answer near a relaxed one: keep the best-scoring users of each
    /// programme up to its seats, then fill what is left greedily by score (each
    /// arc at its best route among the seats still free).
    func repair(_ picks: [Pick]) -> (value: Int64, picks: [Pick]) {
        var result = picks
        var seatUsers = [[Int32]](repeating: [], count: seats.count)
        for (p, pick) in result.enumerated() where pick.programme >= 0 { seatUsers[Int(pick.programme)].append(Int32(p)) }
        var seatsLeft = seats
        for t in seatUsers.indices where !seatUsers[t].isEmpty {
            let users = seatUsers[t].sorted { a, b in
                let (sa, sb) = (score(result[Int(a)]), score(result[Int(b)]))
                return sa != sb ? sa > sb : a < b
            }
            for (k, p) in users.enumerated() where k >= Int(seats[t]) { result[Int(p)] = Pick() }
            seatsLeft[t] -= Int32(min(users.count, Int(seats[t])))
        }
        var load = [Int32](repeating: 0, count: positions.count)
        for pick in result where pick.arc >= 0 { load[Int(routes.arcNeed[Int(pick.arc)])] += 1 }
        // Arcs in order of their best score; one whose best route lost its seat waits, re-scored, in `later`.
        var later = MinHeap()  // keyed by −score
        var i = 0
        while true {
            let a: Int, key: Int64, p: Int, n: Int
            if i < byTop.count, later.peek.map({ -$0.0 <= byTop[i].top }) ?? true {
                let next = byTop[i]
                i += 1
                (p, n) = (Int(next.owner), Int(next.need))
                guard result[p].arc < 0, load[n] < positions[n] else { continue }
                (a, key) = (Int(next.arc), next.top)
            } else if let (k, arc) = later.pop() {
                (a, key) = (Int(arc), -k)
                (p, n) = (Int(owner[a]), Int(routes.arcNeed[a]))
                guard result[p].arc < 0, load[n] < positions[n] else { continue }
            } else {
                break
            }
            let base = routes.arcBase[a]
            var best = routes.arcDirect[a] ? base : Int64.min
            var programme: Int32 = -1
            routes.forEachProgramme(ofArc: a) { t in
                let s = base + routes.trainingScore[Int(t)]
                if seatsLeft[Int(t)] > 0 && s > best {
                    best = s
                    programme = t
                }
            }
            guard best > 0 else { continue }
            guard best == key else {
                later.push(-best, Int32(a))
                continue
            }
            result[p] = Pick(arc: Int32(a), programme: programme)
            load[n] += 1
            if programme >= 0 { seatsLeft[Int(programme)] -= 1 }
        }
        return (value(result), result)
    }

    /// A feasible answer that keeps a relaxed answer except where it is unsettled.
    /// Participants placed differently by the relaxations in `varying` are freed (near the
    /// best seat prices those differ only where the LP optimum is fractional), and so are
    /// the users of over-full programmes; everyone else keeps their place, and the freed
    /// get the positions and seats left by a solve of their own (the same search, with a
    /// time limit). Nil when there is nothing to free, or a quarter of the participants or more.
    ///
    /// Measured on one part of 1,802 participants (20,000 in all): HiGHS puts its LP optimum
    /// at 2,190,286.5 with 26 variables at one half, and fixing the rest gives 2,190,264;
    /// the bundle method's bound was 2,190,300, repairs and dives had reached 2,187,515, and
    /// this neighbourhood (133 freed) gives 2,190,236.
    ///
    /// The freed participants' search stops once it would bring the part to `bound` (on the
    /// shared instance clustered-M-6 it had the optimum after 0.05 s and spent 2.2 s more
    /// failing to prove it optimal on its own, 1 unit under its own relaxation's bound).
    func neighbourhood(of base: [Pick], varying: [[Pick]], bound: Int64? = nil, options: SolverOptions) -> (value: Int64, picks: [Pick])? {
        let P = participantCount
        var free = [Bool](repeating: false, count: P)
        for picks in varying { for p in 0..<P where picks[p] != base[p] { free[p] = true } }
        var use = [Int32](repeating: 0, count: seats.count)
        for pick in base where pick.programme >= 0 { use[Int(pick.programme)] += 1 }
        for p in 0..<P where base[p].programme >= 0 && use[Int(base[p].programme)] > seats[Int(base[p].programme)] { free[p] = true }
        let freed = (0..<P).filter { free[$0] }
        guard !freed.isEmpty, Double(freed.count) < options.neighbourhood.share * Double(P) else { return nil }
        var positionsLeft = positions, seatsLeft = seats
        var result = base
        var fixed: Int64 = 0
        for p in 0..<P {
            if free[p] {
                result[p] = Pick()
            } else if base[p].arc >= 0 {
                fixed += score(base[p])
                positionsLeft[Int(routes.arcNeed[Int(base[p].arc)])] -= 1
                if base[p].programme >= 0 { seatsLeft[Int(base[p].programme)] -= 1 }
            }
        }
        // Only needs with room left; a programme with no seat left scores far below zero, so no route takes it.
        var sub = routes.subset(participants: freed.map { Int32($0) }, needs: positions.count,
                                programmes: (0..<seats.count).map { Int32($0) },
                                needLocal: { positionsLeft[Int($0)] > 0 ? $0 : -1 }, programmeLocal: { $0 })
        for t in seats.indices where seatsLeft[t] == 0 { sub.trainingScore[t] = -(1 << 40) }
        var options = options
        options.progress = nil
        options.target = bound.map { $0 - fixed }
        let solution = ComponentSolver(routes: sub, positions: positionsLeft, seats: seatsLeft).solve(options: options)
        for c in solution.placements {
            let p = freed[Int(c.participant)]
            let arc = (routes.arcStart[p]..<routes.arcStart[p + 1]).first { routes.arcNeed[$0] == c.need }!
            assert(c.programme < 0 || seatsLeft[Int(c.programme)] > 0)
            result[p] = Pick(arc: Int32(arc), programme: c.programme)
        }
        return (value(result), result)
    }

    // MARK: - Search

    /// A dense part searched on a core of its arcs (`CoreSearch`): all its arcs, the
    /// core's, and the lowest bound pricing them all has given (L on the core bounds only the core).
    struct Growth {
        let full: RouteSet
        /// The arcs of `full` in the core, or to be put in at the next rebuild.
        var mask: [Bool]
        var bound: Int64
        /// The prices at which pricing every arc gave `bound` (the certificate's for this part).
        var boundPrices: (lambda: [Int64], needPrices: [Int64])?
        /// Arcs marked in `mask` but not yet in the core's routes.
        var pending = 0

        init(full: RouteSet, mask: [Bool]) {
            self.full = full
            self.mask = mask
            bound = full.trivialBound()
        }
    }

    struct Search {
        var solver: ComponentSolver
        var growth: Growth?
        let options: SolverOptions
        let started = Clock.now()
        /// When parts take turns on the cores (`Turns`), this part's running time (`Allotment`).
        var allotment: Allotment?
        var incumbent: Int64 = 0
        var incumbentPicks: [Pick]
        var nodes = 0
        var paths: SearchPaths = []
        /// The last relaxation's optimum: the next one (another λ, another node) starts there.
        var warm: BMatching.WarmStart?
        /// Where the next seat-price block step starts.
        var seatWarm: BMatching.WarmStart?

        /// Whether the root first descends by blocks (`descend`): where relaxations are
        /// dear, in a dense part (over 128 arcs a participant) or when the time limit
        /// leaves under 10 µs an arc. Measured at 100,000 participants: on the largest
        /// part (5.2 million arcs) the subgradient method alone was still 3.8 % or more
        /// above the optimum after 170 s, the descent gets within 0.5 % in 15 s; on the
        /// sparser parts of 20,000 participants it gave slightly worse bounds (0.06 %
        /// against 0.04 %).
        let descendsFirst: Bool

        init(solver: ComponentSolver, options: SolverOptions) {
            self.solver = solver
            self.options = options
            switch options.descent {
            case .automatic:
                descendsFirst = Self.descends(arcs: solver.routes.arcCount, participants: solver.participantCount,
                                              denseAbove: 128, timeLimit: options.timeLimit)
            case .always: descendsFirst = true
            case .never: descendsFirst = false
            }
            incumbentPicks = [Pick](repeating: Pick(), count: solver.participantCount)
        }

        /// The rule of `descendsFirst`: over `denseAbove` arcs a participant, or a time limit under 10 µs an arc.
        static func descends(arcs: Int, participants: Int, denseAbove: Int, timeLimit: Double?) -> Bool {
            arcs > denseAbove * participants || timeLimit.map { $0 < 10e-6 * Double(arcs) } ?? false
        }

        var lastReport = 0.0

        /// Tells the caller where the search stands, at most four times a second; taking turns,
        /// also tells the allotment (every time), for the rounds after the first to share by.
        mutating func report(bound: Int64) {
            // Taking turns, what is left to gain is judged on the core: its L is near the part's.
            allotment?.bound = max(incumbent, bound)
            // On a core, its relaxations bound only the core.
            let proven = max(incumbent, growth?.bound ?? bound)
            guard let progress = options.progress else { return }
            let now = Clock.now()
            guard now - lastReport >= 0.25 else { return }
            lastReport = now
            progress(SolverProgress(part: 1, parts: 1, incumbent: incumbent, bound: proven, seconds: now - started))
        }

        /// The time limit so far: when taking turns, the running time granted until now.
        var limit: Double? { allotment?.limit ?? options.timeLimit }

        /// Running time: when taking turns, less the time spent waiting for one.
        var elapsed: Double { allotment?.elapsed ?? Clock.now() - started }

        /// Whether the time is up. When taking turns, a search whose time is spent waits
        /// here for more, and goes on if it gets it.
        var timeUp: Bool {
            guard let limit else { return false }
            if elapsed < limit { return false }
            guard let allotment, allotment.spent() else { return true }
            return allotment.elapsed >= allotment.limit
        }

        /// Whether this share of the time limit has passed. The descent stops at nine tenths,
        /// for the dive from where it stands (before, most large parts at 100,000 participants
        /// ran out of time in the descent and never dived: in two pairs of whole runs the
        /// objective rose from 121,261,884 and 121,269,821 to 121,365,133 and 121,312,392, the
        /// bounds on par). Stopping the bundle method at four fifths, for the neighbourhood
        /// solve, was worse at 20,000 participants and 8 s (0.070–0.087 % against 0.043–0.058 %).
        func timeUp(at share: Double) -> Bool {
            guard let limit else { return false }
            return elapsed >= share * limit
        }

        /// Whether the descent stops: at nine tenths of the time limit, for the dive after it. A
        /// larger part taking turns waits for more time instead (`timeUp`): the descent is what
        /// lowers its bound fastest, and its time may come later (`Turns.firstRound`).
        var descentOver: Bool { allotment?.large == true ? timeUp : timeUp(at: 0.9) }

        /// When the time limit runs out, as a `Clock` reading (for dives).
        var deadline: Double { limit.map { Clock.now() + $0 - elapsed } ?? .infinity }

        mutating func offer(_ value: Int64, _ picks: [Pick]) {
            if value > incumbent {
                incumbent = value
                incumbentPicks = picks
                allotment?.incumbent = value
            }
        }

        /// Best-first branch and bound from the root; returns the highest bound of the nodes left
        /// open when the time ran out (the answer's own value when none was).
        mutating func search() -> Int64 {
            leaves = []
            // Again on a grown core, from the best seat prices found before.
            var open: [Node] = [Node(lambda: rootDual?.lambda ?? [Int64](repeating: 0, count: solver.seats.count),
                                     bound: solver.trivialBound)]
            var openBound: Int64 = incumbent
            while !open.isEmpty {
                report(bound: open.map(\.bound).max()!)
                if nodes > 0 && (timeUp || incumbent >= options.target ?? .max) {  // the root always gets its first relaxation
                    openBound = open.map(\.bound).max() ?? incumbent
                    for node in open { closeLeaf(node) }  // each proved at its parent's prices
                    break
                }
                // Best-first: the open node with the highest bound.
                let k = open.indices.max { open[$0].bound < open[$1].bound }!
                let node = open.swapRemoveAt(k)
                if node.bound <= incumbent {
                    closeLeaf(node)
                    continue
                }
                nodes += 1
                open.append(contentsOf: process(node))
            }
            return openBound
        }

        /// On a core, once a tree has closed the part on it: prices every arc at each leaf's prices,
        /// and where arcs would gain there, they join the core and the search starts again on it
        /// (true). The leaves bound the core's answers only; a tree proves the part's bound once
        /// no arc outside the core would gain at its leaves' prices.
        mutating func growsUnderTree() -> Bool {
            guard let g = growth, !leaves.isEmpty, !timeUp, leaves.count * g.full.arcCount <= Self.treePricingBudget,
                treeBound(on: g.full) > incumbent
            else { return false }
            var grew = false
            for leaf in leaves { grew = grow(lambda: leaf.lambda, prices: leaf.needPrices) || grew }
            if let last = leaves.last { grew = grow(lambda: last.lambda, prices: last.needPrices, force: true) || grew }
            return grew
        }

        mutating func run() -> Solution {
            let start = solver.repair(incumbentPicks)
            offer(start.value, start.picks)
            var openBound: Int64 = incumbent
            repeat {
                openBound = search()
            } while openBound <= incumbent && growsUnderTree()
            let placements = incumbentPicks.indices.filter { incumbentPicks[$0].arc >= 0 }.map { p in
                let pick = incumbentPicks[p]
                return Candidate(participant: Int32(p), need: solver.routes.arcNeed[Int(pick.arc)], programme: pick.programme,
                                 score: solver.score(pick))
            }
            var bound = max(incumbent, openBound)
            // On a core, a tree proves the part's bound where its leaves' prices bound all the arcs.
            var treeProves = growth == nil
            if let g = growth {
                // On a core, only pricing every arc bounds the part: at the best prices found.
                if let d = rootDual { _ = grow(lambda: d.lambda, prices: d.needPrices, adding: false) }
                bound = max(incumbent, growth!.bound)
                if !leaves.isEmpty && leaves.count * g.full.arcCount <= Self.treePricingBudget {
                    let tree = max(incumbent, treeBound(on: g.full))
                    if tree < bound {
                        bound = tree
                        treeProves = true
                    }
                }
            }
            // The root's best dual, for the certificate (a part never relaxed proves its bound at zero prices).
            // On a core: the prices at which pricing every arc gave the part's bound.
            var needPrices: [Int32: Int64] = [:], seatPrices: [Int32: Int64] = [:]
            if let d = growth?.boundPrices ?? rootDual.map({ ($0.lambda, $0.needPrices) }) {
                for (n, v) in d.needPrices.enumerated() where v > 0 { needPrices[Int32(n)] = v }
                for (t, v) in d.lambda.enumerated() where v > 0 { seatPrices[Int32(t)] = v }
            }
            let proofs = treeProves && !leaves.isEmpty
                ? [PartProof(participants: [], needs: [], programmes: [], leaves: leaves)] : []
            return Solution(
                placements: placements, objective: incumbent, bound: bound, nodes: nodes,
                seconds: Clock.now() - started, needPrices: needPrices, seatPrices: seatPrices, proofs: proofs,
                paths: paths.union(growth != nil ? .core : []))
        }

        /// Block coordinate descent on the dual from the root's λ (`r` is its relaxation,
        /// `warm` holds its need prices): seat prices best for the current
        /// need prices (`seatPrices`), extrapolated along the step while that pays; stops
        /// when a step gains less than 0.01 % or at nine tenths of the time limit. It stalls above the
        /// optimum (both blocks may have to move at once), but gets there in a few dozen
        /// cheap steps where the subgradient method needs hundreds of relaxations.
        mutating func descend(_ node: inout Node, _ r: inout Relaxed) {
            while !descentOver, let prices = warm?.prices {
                paths.insert(.descent)
                var next = node
                let (lambda, holders) = solver.seatPrices(needPrices: prices, warm: &seatWarm)
                next.lambda = lambda
                placeSeats(holders, filling: false)
                var trial = warm
                var r2 = solver.relax(next, warm: &trial)
                remember(r2, at: next)
                guard r2.value < r.value else { return }
                // Extrapolate along the step while it keeps paying: block steps zig-zag along a valley.
                let base = node.lambda
                let d = zip(next.lambda, base).map { $0 - $1 }
                var factor: Int64 = 2
                while factor <= 64 && !descentOver {
                    var far = next
                    far.lambda = zip(base, d).map { max(0, $0 + factor * $1) }
                    // A step too far shows, most often, in the nearer answer alone, with no
                    // relaxation: these were the slowest ones, far from their warm start (measured
                    // at 100,000 participants: half the failed steps of a part of 5,287 participants
                    // caught, 0.27–0.87 s each; parts of 2,684 / 6,160 / 10,597 participants ended at
                    // 0.93 / 0.80 / 0.45 % against 1.18 / 1.05 / 0.63 % at shares of 1.5 / 5 / 9 s).
                    if let t = trial, solver.lagrangianFloor(far, keeping: t.assigned) >= r2.value { break }
                    // Else the relaxation stops where a matching on its way shows the same (measured on
                    // that part: its failed steps took 0.80 / 0.38 / 0.38 s against 0.93 / 0.46 / 0.43 s).
                    var farWarm = trial
                    guard let r3 = solver.relax(far, warm: &farWarm, unlessReaching: r2.value) else { break }
                    remember(r3, at: far)
                    guard r3.value < r2.value else { break }
                    (r2, trial, next) = (r3, farWarm, far)
                    factor *= 2
                }
                let repaired = solver.repair(r2.picks)
                offer(repaired.value, repaired.picks)
                let gain = r.value - r2.value
                r = r2
                warm = trial
                node = next
                // On a core, every step prices all arcs (at this step, the lowest so far).
                noteRoot(r.value, lambda: node.lambda)
                if let grown = regrow(&node) {
                    r = grown
                    cuts = []  // below the grown L, loosely
                    remember(r, at: node)
                }
                report(bound: r.value)
                if gain * 10_000 < r.value { return }  // stalled: less than 0.01 %
            }
        }

        /// The root's lowest relaxation since the core last grew: on a core, its prices are
        /// where all arcs are priced (`grow`).
        var rootDual: RootDual?

        /// The branching tree's leaves so far, each with the prices that prove its bound.
        var leaves: [(path: [Decision], lambda: [Int64], needPrices: [Int64])] = []

        /// Arcs priced at most (leaves × arcs) when a tree searched on a core is priced on all arcs
        /// (about 0.05 s): beyond it, such a part keeps the bound of its root prices.
        static let treePricingBudget = 10_000_000

        /// The largest bound of the tree's leaves priced on every arc of `full` (each leaf's decisions,
        /// need prices π and seat prices λ): what the tree proves for the whole part. A leaf that
        /// forces someone onto a programme they have no route through bounds nothing, and is passed.
        func treeBound(on full: RouteSet) -> Int64 {
            var largest = Int64.min
            for leaf in leaves {
                var node = Node(lambda: leaf.lambda, bound: 0)
                for d in leaf.path {
                    if d.attends { node.forced[d.participant] = d.programme } else { node.forbidden[d.participant, default: []].append(d.programme) }
                }
                let restrictions = node.restrictions
                var total: Int64 = 0
                var reachable = true
                for p in 0..<full.participantCount {
                    let restriction = restrictions[Int32(p)] ?? .free
                    let forced = node.forced[Int32(p)] != nil
                    var best: Int64?
                    for a in full.arcStart[p]..<full.arcStart[p + 1] {
                        // A route's value is at least zero here (`bestRoute`): never below the route's own.
                        let route = full.bestRoute(arc: a, lambda: leaf.lambda, restriction: restriction)
                        guard !forced || route.programme >= 0 else { continue }
                        best = max(best ?? .min, route.value - leaf.needPrices[Int(full.arcNeed[a])])
                    }
                    if forced {
                        guard let best else {
                            reachable = false
                            break
                        }
                        total += best
                    } else {
                        total += max(0, best ?? 0)
                    }
                }
                guard reachable else { continue }
                for (n, v) in leaf.needPrices.enumerated() { total += v * Int64(solver.positions[n]) }
                total += solver.seatTerm(node)
                largest = max(largest, total)
            }
            return largest
        }

        /// A node closed without being relaxed itself (pruned, or open when time ran out):
        /// a leaf proved at the prices it inherited.
        mutating func closeLeaf(_ node: Node) {
            guard node.depth > 0 else { return }
            let proof = node.proof ?? (node.lambda, [Int64](repeating: 0, count: solver.positions.count))
            leaves.append((node.path, proof.lambda, proof.needPrices))
        }

        /// Prices every arc of a part searched on a core at the dual (λ, π), which bounds the
        /// part (`RouteSet.price`). The arcs that would gain join the core, and once they are
        /// many (or `force`), the search goes on on the larger core, its answer and warm start
        /// carried over. Returns whether the core grew.
        mutating func grow(lambda: [Int64], prices: [Int64], adding: Bool = true, force: Bool = false) -> Bool {
            guard var g = growth else { return false }
            let priced = g.full.price(lambda: lambda, needPrices: prices, core: &g.mask,
                                      positions: solver.positions, seats: solver.seats)
            if priced.bound < g.bound {
                g.bound = priced.bound
                g.boundPrices = (lambda, prices)
            }
            g.pending += priced.added
            // Rebuilding costs a fraction of a second on the largest parts: not for a handful of arcs, unless asked.
            let rebuild = adding && g.pending > 0 && (force || g.pending * 200 >= solver.routes.arcCount)
            if rebuild { g.pending = 0 }
            growth = g
            guard rebuild else { return false }
            let old = solver.routes
            let next = ComponentSolver(routes: g.full.keeping(g.mask), positions: solver.positions, seats: solver.seats)
            // Old arcs into new: each participant's old arcs are some of its new ones, in the same order.
            var map = [Int32](repeating: -1, count: old.arcCount)
            for p in 0..<old.participantCount {
                var j = next.routes.arcStart[p]
                for i in old.arcStart[p]..<old.arcStart[p + 1] {
                    while next.routes.arcNeed[j] != old.arcNeed[i] { j += 1 }
                    map[i] = Int32(j)
                }
            }
            for p in incumbentPicks.indices where incumbentPicks[p].arc >= 0 { incumbentPicks[p].arc = map[Int(incumbentPicks[p].arc)] }
            if let w = warm {
                warm = BMatching.WarmStart(assigned: w.assigned.map { $0 >= 0 ? map[Int($0)] : -1 }, prices: w.prices)
            }
            if next.binding != solver.binding { seatWarm = nil }
            solver = next
            return true
        }

        /// On a core: prices all arcs at the root's best dual (`grow`) and, if the core grew,
        /// relaxes it again at those prices (L only rises), which become the node's.
        mutating func regrow(_ node: inout Node, force: Bool = false) -> Relaxed? {
            guard let d = rootDual, grow(lambda: d.lambda, prices: d.needPrices, force: force) else { return nil }
            rootDual = nil
            node.lambda = d.lambda
            let r = solver.relax(node, warm: &warm)
            noteRoot(r.value, lambda: node.lambda)
            return r
        }

        /// Keeps the root's dual (λ and the need prices of the relaxation just made) if its L is the lowest.
        mutating func noteRoot(_ value: Int64, lambda: [Int64]) {
            guard let prices = warm?.prices, value < rootDual?.value ?? .max else { return }
            rootDual = RootDual(lambda: lambda, needPrices: prices, value: value)
        }

        /// The relaxations of the descent, as cuts for the bundle method that follows it.
        var cuts: [(lambda: [Int64], value: Int64, gradient: [Int64])] = []

        mutating func remember(_ r: Relaxed, at node: Node) {
            cuts.append((node.lambda, r.value, subgradient(r, at: node)))
        }

        /// Remaining seats minus seats used, per programme (zero where it cannot bind).
        func subgradient(_ r: Relaxed, at node: Node) -> [Int64] {
            let reserved = solver.reservedSeats(node)
            let used = solver.usage(r.picks, node)
            var gradient = [Int64](repeating: 0, count: solver.seats.count)
            for t in solver.binding { gradient[t] = Int64(solver.seats[t] - reserved[t] - used[t]) }
            return gradient
        }

        /// What one relaxation tells: a subgradient of L at its λ, and whether it solves its node.
        struct Look {
            /// Remaining seats minus seats used, per programme (zero where it cannot bind).
            var gradient: [Int64]
            /// L(λ) is attained: the relaxed answer fits the seats and leaves no priced seat empty.
            var exact: Bool
        }

        /// A feasible answer from a seat assignment (`seatPrices`' holders): `polish`, started
        /// from the last relaxation's optimum.
        ///
        /// The holders are those the seats serve best at the need prices π of a relaxation,
        /// so this follows the dual where a dive follows λ. Measured on a part of 5,287
        /// participants (100,000 in all) in 15 s: 7,262,582 against 7,246,978 from repairs,
        /// dives and the final polish, the bound at 7,292,624.
        ///
        /// Outside the descent (`filling`), the seats the answer leaves free are then filled
        /// (`fill`); in the descent, where each step counts, that cost more bound than it gave
        /// (measured at 100,000 participants, whole runs in alternating pairs: 0.073 / 0.075 %
        /// filling there too, against 0.064 / 0.069 % filling once it ends).
        mutating func placeSeats(_ holders: [Int32], filling: Bool = true) {
            var start = warm
            let placed = solver.polish(holders: holders, warm: &start)
            offer(placed.value, placed.picks)
            if filling { fill(placed, warm: start) }
        }

        /// Fills the free seats of a polished answer (`fillSeats`, `warm` holding its need
        /// prices) as long as that gains, up to three times: the first gains the most (on the
        /// largest part at 100,000 participants, 19–165 k, then 0.1–24 k, then 0–5.5 k).
        mutating func fill(_ answer: (value: Int64, picks: [Pick]), warm: BMatching.WarmStart?) {
            var answer = answer, start = warm
            for _ in 0..<3 {
                guard let prices = start?.prices, let filled = solver.fillSeats(answer.picks, prices: prices, warm: &start),
                    filled.value > answer.value
                else { return }
                offer(filled.value, filled.picks)
                answer = filled
            }
        }

        /// The best answer so far polished (`polish`, started from the last relaxation: same
        /// arcs, other weights; a cold solve of the largest part took seconds past its time
        /// limit), and its free seats filled.
        mutating func polishIncumbent() {
            var start = warm
            let polished = solver.polish(incumbentPicks, warm: &start)
            offer(polished.value, polished.picks)
            fill(polished, warm: start)
        }

        /// Harvests feasible answers from a relaxation (a repair each time; while seats are
        /// over-used, a seat assignment every fifth time and a dive every tenth) and reads its subgradient.
        mutating func examine(_ r: Relaxed, at node: Node, iteration: Int) -> Look {
            let gradient = subgradient(r, at: node)
            let feasible = solver.binding.allSatisfy { gradient[$0] >= 0 }
            let repaired = solver.repair(r.picks)
            offer(repaired.value, repaired.picks)
            if !feasible && iteration % 5 == 0, let prices = warm?.prices {
                placeSeats(solver.seatPrices(needPrices: prices, warm: &seatWarm).holders)
            }
            if !feasible && iteration % 10 == 0 {
                let dived = solver.dive(node, lambda: node.lambda, warm: warm, deadline: deadline)
                offer(dived.value, dived.picks)
            }
            let slackGap = solver.binding.reduce(Int64(0)) { $0 + (gradient[$1] > 0 ? node.lambda[$1] * gradient[$1] : 0) }
            return Look(gradient: gradient, exact: feasible && slackGap == 0)
        }

        /// Improves λ at a node, harvests feasible answers, and returns its children (if the node stays open).
        mutating func process(_ start: Node) -> [Node] {
            start.depth == 0 ? processRoot(start) : processBranch(start)
        }

        /// The root: a block descent where relaxations are dear, then a proximal bundle
        /// method (`Bundle`) on the seat prices, its model started with the descent's
        /// relaxations. Measured at 20,000 participants and 8 s, it halves the gap the
        /// subgradient method left (0.02 % against 0.04–0.05 %, both sides better); at
        /// 100,000, where most parts afford a few relaxations past the descent, they are on par.
        /// Once the bundle method has made eight relaxations, the neighbourhood of the best
        /// one (`neighbourhood`, varying where the last eight differ) is solved for a feasible answer.
        mutating func processRoot(_ start: Node) -> [Node] {
            var node = start
            var r = solver.relax(node, warm: &warm)
            noteRoot(r.value, lambda: node.lambda)
            report(bound: r.value)
            if descendsFirst {
                descend(&node, &r)
                noteRoot(r.value, lambda: node.lambda)
                // A dive from the prices reached (measured at 100,000 participants: 0.01–0.2 s a part,
                // better than the repairs' best in 7 parts of 10).
                if !timeUp {
                    let dived = solver.dive(node, lambda: node.lambda, warm: warm, deadline: deadline)
                    offer(dived.value, dived.picks)
                }
                // The descent's answers have their free seats filled once it ends.
                if !timeUp { polishIncumbent() }
                allotment?.reachedMilestone()
            }
            var best = r
            var bestLambda = node.lambda
            var look = examine(r, at: node, iteration: 1)
            // A core that grows at the prices reached is relaxed again there (L only rises).
            while (best.value <= incumbent || look.exact) && !timeUp {
                guard let grown = regrow(&node, force: true) else { return [] }
                r = grown
                (best, bestLambda) = (r, node.lambda)
                look = examine(r, at: node, iteration: 1)
            }
            if best.value <= incumbent || look.exact { return [] }
            report(bound: best.value)
            var binding = solver.binding
            let norm = binding.reduce(0.0) { $0 + Double(look.gradient[$1] * look.gradient[$1]) }
            var bundle = Bundle(center: binding.map { node.lambda[$0] }, value: r.value, gradient: binding.map { look.gradient[$0] },
                                t: max(1e-9, Double(r.value - incumbent) / max(1, norm)))
            for cut in cuts where cut.lambda != node.lambda {
                bundle.add(point: binding.map { cut.lambda[$0] }, value: cut.value, gradient: binding.map { cut.gradient[$0] })
            }
            cuts = []
            var iteration = 1
            var sincePricing = 0
            var solved = false  // on a core: nothing left to gain there, unless pricing grows it
            var recent: [[Pick]] = []  // the last relaxations' answers
            while iteration < 1000 && !timeUp {
                let proposal = bundle.next()
                // Stop where the model sees less than a millionth to gain.
                let settled = proposal.map { $0.predicted < max(1, 1e-6 * Double(bundle.centerValue)) } ?? true
                if growth != nil && (settled || solved || sincePricing >= 8) {
                    sincePricing = 0
                    if let r = regrow(&node, force: settled || solved) {
                        solved = false
                        (best, bestLambda) = (r, node.lambda)
                        recent = []
                        let look = examine(r, at: node, iteration: iteration)
                        // The cuts so far lie below the grown L, loosely: they would shrink the steps.
                        binding = solver.binding
                        bundle = Bundle(center: binding.map { node.lambda[$0] }, value: r.value,
                                        gradient: binding.map { look.gradient[$0] }, t: bundle.t)
                        continue
                    }
                }
                if solved { return [] }
                guard let (point, predicted) = proposal, !settled else { break }
                iteration += 1
                paths.insert(.bundle)
                sincePricing += 1
                for (k, t) in binding.enumerated() { node.lambda[t] = point[k] }
                let r = solver.relax(node, warm: &warm)
                recent.append(r.picks)
                if recent.count > options.neighbourhood.relaxations { recent.removeFirst() }
                if r.value < best.value {
                    best = r
                    bestLambda = node.lambda
                    noteRoot(r.value, lambda: node.lambda)
                }
                let look = examine(r, at: node, iteration: iteration)
                if best.value <= incumbent || look.exact {
                    if growth == nil { return [] }
                    solved = true
                }
                report(bound: best.value)
                bundle.step(to: point, value: r.value, gradient: binding.map { look.gradient[$0] }, predicted: predicted)
            }
            let left = (limit ?? .infinity) - elapsed
            if recent.count >= options.neighbourhood.relaxations && left > 0 {
                // A quarter of the part's time at most (5 s without a limit): its own search stops there.
                var sub = options
                sub.timeLimit = min(left, 0.25 * (limit ?? .infinity), 5)
                if let n = solver.neighbourhood(of: best.picks, varying: recent, bound: growth?.bound ?? best.value, options: sub) {
                    paths.insert(.neighbourhood)
                    offer(n.value, n.picks)
                }
            }
            polishIncumbent()
            if best.value <= incumbent { return [] }
            node.lambda = bestLambda
            node.bound = best.value
            node.depth += 1
            node.proof = rootDual.map { ($0.lambda, $0.needPrices) }
            return branch(node, best)
        }

        /// Subgradient steps at most at a node below the root. Fewer steps leave a node's bound a
        /// little higher and buy more nodes. On the shared 2,000-participant instances (9.5 s):
        /// at 20, clustered-M-3 is proven optimal in 1.1 s and M-4 / M-5 end 2 / 0 under the
        /// optimum (three runs); at 40, M-3 took 2.3 s and M-5 ended 5 under; at 10, M-4 ended
        /// 6 under. At 20,000 participants, 10 and 40 were on par (two alternating pairs).
        static let branchSteps = 20

        /// Below the root: a few dozen steps of a deflected subgradient method from the parent's prices.
        mutating func processBranch(_ start: Node) -> [Node] {
            paths.insert(.branching)
            var node = start
            var best: Relaxed?
            var bestLambda = node.lambda
            var theta = 1.0
            var sinceImprovement = 0
            var direction = [Double](repeating: 0, count: solver.seats.count)
            var bestPrices = start.proof?.needPrices ?? [Int64](repeating: 0, count: solver.positions.count)
            for iteration in 1...Self.branchSteps {
                let r = solver.relax(node, warm: &warm)
                if best == nil || r.value < best!.value {
                    best = r
                    bestLambda = node.lambda
                    if let prices = warm?.prices { bestPrices = prices }
                    sinceImprovement = 0
                } else {
                    sinceImprovement += 1
                    if sinceImprovement >= 8 {
                        theta /= 2
                        sinceImprovement = 0
                    }
                }
                let look = examine(r, at: node, iteration: iteration)
                if best!.value <= incumbent || look.exact {  // nothing better here, or solved
                    leaves.append((start.path, bestLambda, bestPrices))
                    return []
                }
                if theta < 1e-4 || timeUp { break }
                // Deflected subgradient: half of the previous direction damps the zig-zag.
                var directionNorm = 0.0
                for t in solver.binding {
                    var d = Double(look.gradient[t]) + 0.5 * direction[t]
                    if node.lambda[t] == 0 && d > 0 { d = 0 }  // cannot go below zero
                    direction[t] = d
                    directionNorm += d * d
                }
                if directionNorm == 0 { break }
                let step = theta * Double(r.value - incumbent) / directionNorm
                var moved = false
                for t in solver.binding {
                    let delta = Int64((step * direction[t]).rounded())
                    let unit: Int64 = direction[t] > 0 ? 1 : (direction[t] < 0 ? -1 : 0)  // move at least one unit
                    let next = max(0, node.lambda[t] - (delta == 0 ? unit : delta))
                    if next != node.lambda[t] { moved = true }
                    node.lambda[t] = next
                }
                if !moved { break }
            }
            guard let best else { return [] }
            node.lambda = bestLambda
            node.bound = best.value
            node.depth += 1
            node.proof = (bestLambda, bestPrices)
            return branch(node, best)
        }

        mutating func branch(_ node: Node, _ r: Relaxed) -> [Node] {
            let reserved = solver.reservedSeats(node)
            let used = solver.usage(r.picks, node)
            let routes = solver.routes
            var pick: (p: Int32, t: Int32)?
            // An over-full programme: branch on its best-scoring user.
            let over = solver.binding.filter { used[$0] > solver.seats[$0] - reserved[$0] }
            if let t = over.max(by: { used[$0] - solver.seats[$0] + reserved[$0] < used[$1] - solver.seats[$1] + reserved[$1] }) {
                let users = r.picks.indices.filter { p in r.picks[p].programme == Int32(t) && node.forced[Int32(p)] == nil }
                if let p = users.max(by: { solver.score(r.picks[$0]) < solver.score(r.picks[$1]) }) {
                    pick = (Int32(p), Int32(t))
                }
            }
            if pick == nil {
                // A priced programme with seats to spare: branch on its most promising unused route.
                var bestScore = Int64.min
                for p in 0..<solver.participantCount where node.forced[Int32(p)] == nil {
                    let excluded = node.forbidden[Int32(p)] ?? []
                    for a in routes.arcStart[p]..<routes.arcStart[p + 1] {
                        routes.forEachProgramme(ofArc: a) { t in
                            let score = routes.arcBase[a] + routes.trainingScore[Int(t)]
                            guard node.lambda[Int(t)] > 0, score > bestScore, used[Int(t)] < solver.seats[Int(t)] - reserved[Int(t)],
                                r.picks[p].programme != t, !excluded.contains(t)
                            else { return }
                            bestScore = score
                            pick = (Int32(p), t)
                        }
                    }
                }
            }
            guard let (p, t) = pick else {
                // Nothing to branch on: the node is a leaf at its own best prices.
                leaves.append((node.path, node.proof?.lambda ?? node.lambda,
                               node.proof?.needPrices ?? [Int64](repeating: 0, count: solver.positions.count)))
                return []
            }
            var attend = node
            attend.forced[p] = t
            attend.path.append(Decision(participant: p, programme: t, attends: true))
            var skip = node
            skip.forbidden[p, default: []].append(t)
            skip.path.append(Decision(participant: p, programme: t, attends: false))
            guard solver.seats[Int(t)] - reserved[Int(t)] >= 1 else {
                // Every seat is held by those the path forces there: attending cannot be. Proved by a seat
                // price above anything the part can score, which all of them, one more than the seats, pay.
                var lambda = [Int64](repeating: 0, count: solver.seats.count)
                lambda[Int(t)] = 2 * solver.trivialBound + 1
                leaves.append((attend.path, lambda, [Int64](repeating: 0, count: solver.positions.count)))
                return [skip]
            }
            return [skip, attend]
        }
    }
}

extension Array {
    mutating func swapRemoveAt(_ i: Int) -> Element {
        swapAt(i, count - 1)
        return removeLast()
    }
}

enum Clock {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
