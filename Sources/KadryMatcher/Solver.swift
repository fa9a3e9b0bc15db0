import KadryCore

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

    public init(timeLimit: Double? = nil, progress: (@Sendable (SolverProgress) -> Void)? = nil) {
        self.timeLimit = timeLimit
        self.progress = progress
    }
}

/// Where a running search stands: the best result so far and the proven bound.
public struct SolverProgress: Sendable {
    public enum Phase: String, Sendable { case triples = "finding eligible routes", solving = "solving", reasons = "explaining" }
    public var phase: Phase = .solving
    /// Eligible (participant, need, route) triples found so far.
    public var triples = 0
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

    public var isProvenOptimal: Bool { bound == objective }
}

/// The exact placement solver.
///
/// Participants, needs and programmes that share no candidate never compete,
/// so the problem is first split into independent parts (connected
/// components of the candidate graph); each part is solved exactly by a
/// `ComponentSolver`, and the objectives and bounds add up.
public struct Solver {
    let instance: Instance
    let candidates: [Candidate]

    public init(instance: Instance, candidates: CandidateSet) {
        self.instance = instance
        self.candidates = candidates.candidates
    }

    public func solve(options: SolverOptions = SolverOptions()) -> Solution {
        let started = Clock.now()
        let parts = Partition(instance: instance, candidates: candidates)
        var placements: [Candidate] = []
        var objective: Int64 = 0
        var bound: Int64 = 0
        var nodes = 0
        // Each part gets a share of the remaining time in proportion to its size.
        var remainingWeight = parts.parts.reduce(0) { $0 + $1.candidates.count }
        let trivial = parts.parts.map { ComponentSolver.trivialBound($0.candidates) }
        var unsolvedBound = trivial.reduce(0, +)
        for (k, part) in parts.parts.enumerated() {
            var partOptions = options
            unsolvedBound -= trivial[k]
            if let progress = options.progress {
                let (done, doneBound, rest, total, triples) = (objective, bound, unsolvedBound, parts.parts.count, candidates.count)
                partOptions.progress = { p in
                    progress(SolverProgress(triples: triples, part: k + 1, parts: total, incumbent: done + p.incumbent,
                                            bound: doneBound + p.bound + rest, seconds: Clock.now() - started))
                }
            }
            if let limit = options.timeLimit {
                let left = max(0, limit - (Clock.now() - started))
                partOptions.timeLimit = left * Double(part.candidates.count) / Double(max(1, remainingWeight))
            }
            remainingWeight -= part.candidates.count
            let solution = solve(part, options: partOptions)
            objective += solution.objective
            bound += solution.bound
            nodes += solution.nodes
            placements += solution.placements.map { c in
                Candidate(participant: part.participants[Int(c.participant)], need: part.needs[Int(c.need)],
                          programme: c.programme < 0 ? -1 : part.programmes[Int(c.programme)], score: c.score)
            }
        }
        placements.sort { ($0.participant, $0.need) < ($1.participant, $1.need) }
        return Solution(placements: placements, objective: objective, bound: bound, nodes: nodes, seconds: Clock.now() - started)
    }

    /// One part solved on its own, with some programmes' seats changed (local indices stay the part's).
    func solve(_ part: Partition.Part, extraSeats: [Int32: Int] = [:], options: SolverOptions) -> Solution {
        let seats = part.programmes.map { t in
            Int32(clamping: max(0, instance.programmes[Int(t)].seats + (extraSeats[t] ?? 0)))
        }
        let solver = ComponentSolver(
            participants: part.participants.count, positions: part.needs.map { Int32(instance.needs[Int($0)].positions) },
            seats: seats, candidates: part.candidates)
        return solver.solve(options: options)
    }

    /// What k more seats in each full programme would add: the objective and the
    /// positions filled, from re-solving only the part the programme belongs to.
    public func seatValues(baseline: Solution, extras: [Int], options: SolverOptions = SolverOptions()) -> [SeatValue] {
        let parts = Partition(instance: instance, candidates: candidates).parts
        var used = [Int](repeating: 0, count: instance.programmes.count)
        for c in baseline.placements where c.programme >= 0 { used[Int(c.programme)] += 1 }
        var values: [SeatValue] = []
        for part in parts {
            let members = Set(part.participants)
            let base = baseline.placements.filter { members.contains($0.participant) }
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
/// Σ λ·seats bounds the optimum from above. A subgradient method improves λ,
/// a repair step turns each relaxed answer into a feasible one, and
/// branch-and-bound on "participant p attends programme t or not" closes
/// whatever gap is left. All arithmetic is on integers, so bounds are exact.
struct ComponentSolver {
    let participantCount: Int
    let candidates: [Candidate]
    /// Candidates sorted by score, best first, for the greedy repair.
    private let byScore: [Int32]
    /// Candidate ranges of each participant.
    private let participantStart: [Int32]
    private let seats: [Int32]
    private let positions: [Int32]
    /// Programmes that can bind: more distinct participants could use them than they have seats.
    private let binding: [Int]

    /// Candidates use the part's own indices: participants 0..<participants,
    /// needs into `positions`, programmes into `seats`.
    init(participants: Int, positions: [Int32], seats: [Int32], candidates cs: [Candidate]) {
        participantCount = participants
        candidates = cs
        byScore = cs.indices.sorted { a, b in
            cs[a].score != cs[b].score ? cs[a].score > cs[b].score : a < b
        }.map { Int32($0) }
        var start = [Int32](repeating: 0, count: participants + 1)
        for c in cs { start[Int(c.participant) + 1] += 1 }
        for i in 0..<participants { start[i + 1] += start[i] }
        participantStart = start
        self.seats = seats
        self.positions = positions
        var users = [Set<Int32>](repeating: [], count: seats.count)
        for c in cs where c.programme >= 0 { users[Int(c.programme)].insert(c.participant) }
        binding = seats.indices.filter { users[$0].count > Int(seats[$0]) }
    }

    func solve(options: SolverOptions) -> Solution {
        var search = Search(solver: self, options: options)
        return search.run()
    }

    // MARK: - Relaxation

    struct Node {
        var forced: [Int32: Int32] = [:]  // participant → programme they must attend
        var forbidden: Set<Int64> = []  // participant << 32 | programme
        var lambda: [Int64]
        var bound: Int64
        var depth = 0
    }

    struct Relaxed {
        var value: Int64  // the Lagrangian bound L(λ)
        var chosen: [Int32]  // candidate per participant, or -1
    }

    static func key(_ p: Int32, _ t: Int32) -> Int64 { Int64(p) << 32 | Int64(t) }

    /// A bound before any relaxation: every participant gets their best candidate.
    static func trivialBound(_ candidates: [Candidate]) -> Int64 {
        var best: [Int32: Int64] = [:]
        for c in candidates { best[c.participant] = max(best[c.participant] ?? 0, c.score) }
        return best.values.reduce(0, +)
    }

    /// L(λ) for a node: the best b-matching with via-routes charged λ, plus Σ λ·(remaining seats).
    func relax(_ node: Node) -> Relaxed {
        let (matched, chosen) = bestMatching { p, c in
            if let f = node.forced[Int32(p)] { return c.programme == f ? c.score : nil }
            guard c.programme >= 0 else { return c.score }
            if node.forbidden.contains(ComponentSolver.key(c.participant, c.programme)) { return nil }
            return c.score - node.lambda[Int(c.programme)]
        }
        var value = matched
        let reserved = reservedSeats(node)
        for t in binding { value += node.lambda[t] * Int64(max(0, seats[t] - reserved[t])) }
        return Relaxed(value: value, chosen: chosen)
    }

    /// The maximum-weight b-matching where each participant–need arc weighs its
    /// best candidate under `weight` (nil: the candidate is not allowed). Returns
    /// the matching's weight and the chosen candidate per participant (or -1).
    func bestMatching(_ weight: (Int, Candidate) -> Int64?) -> (value: Int64, chosen: [Int32]) {
        var g = BMatching(participants: participantCount, capacity: positions)
        var arcCandidate: [Int32] = []
        for p in 0..<participantCount {
            var i = Int(participantStart[p])
            let end = Int(participantStart[p + 1])
            while i < end {
                let need = candidates[i].need
                var best: Int64 = 0
                var bestCandidate: Int32 = -1
                while i < end && candidates[i].need == need {
                    if let w = weight(p, candidates[i]), w > best {
                        best = w
                        bestCandidate = Int32(i)
                    }
                    i += 1
                }
                if bestCandidate >= 0 {
                    g.arcNeed.append(need)
                    g.arcWeight.append(best)
                    arcCandidate.append(bestCandidate)
                }
            }
            g.arcStart[p + 1] = Int32(g.arcNeed.count)
        }
        let assigned = g.solve()
        var value: Int64 = 0
        var chosen = [Int32](repeating: -1, count: participantCount)
        for p in 0..<participantCount where assigned[p] >= 0 {
            value += g.arcWeight[Int(assigned[p])]
            chosen[p] = arcCandidate[Int(assigned[p])]
        }
        return (value, chosen)
    }

    func reservedSeats(_ node: Node) -> [Int32] {
        var reserved = [Int32](repeating: 0, count: seats.count)
        for (_, t) in node.forced { reserved[Int(t)] += 1 }
        return reserved
    }

    /// Seats each programme's priced (not forced) placements use in a relaxed answer.
    func usage(_ chosen: [Int32], _ node: Node) -> [Int32] {
        var used = [Int32](repeating: 0, count: seats.count)
        for (p, c) in chosen.enumerated() where c >= 0 {
            let t = candidates[Int(c)].programme
            if t >= 0 && node.forced[Int32(p)] == nil { used[Int(t)] += 1 }
        }
        return used
    }

    // MARK: - Primal repair

    /// The best answer that keeps a feasible answer's seat holders: each holder may
    /// go via their programme or directly, everyone else directly, and with no seat
    /// shared the rest is an exact b-matching. Never worse than the answer given.
    func polish(_ chosen: [Int32]) -> (value: Int64, chosen: [Int32]) {
        var holder = [Int32](repeating: -1, count: participantCount)
        for (p, c) in chosen.enumerated() where c >= 0 { holder[p] = candidates[Int(c)].programme }
        return bestMatching { p, c in c.programme < 0 || c.programme == holder[p] ? c.score : nil }
    }

    /// A feasible answer near a relaxed one: keep the best-scoring users of each
    /// programme up to its seats, then fill what is left greedily by score.
    func repair(_ chosen: [Int32]) -> (value: Int64, chosen: [Int32]) {
        var result = chosen
        var seatUsers = [[Int32]](repeating: [], count: seats.count)
        for (p, c) in result.enumerated() where c >= 0 && candidates[Int(c)].programme >= 0 {
            seatUsers[Int(candidates[Int(c)].programme)].append(Int32(p))
        }
        var seatsLeft = seats
        for t in seatUsers.indices where !seatUsers[t].isEmpty {
            let users = seatUsers[t].sorted { candidates[Int(result[Int($0)])].score > candidates[Int(result[Int($1)])].score }
            for (k, p) in users.enumerated() where k >= Int(seats[t]) { result[Int(p)] = -1 }
            seatsLeft[t] -= Int32(min(users.count, Int(seats[t])))
        }
        var load = [Int32](repeating: 0, count: positions.count)
        for c in result where c >= 0 { load[Int(candidates[Int(c)].need)] += 1 }
        for ci in byScore {
            let c = candidates[Int(ci)]
            let p = Int(c.participant)
            guard result[p] < 0, load[Int(c.need)] < positions[Int(c.need)] else { continue }
            if c.programme >= 0 {
                guard seatsLeft[Int(c.programme)] > 0 else { continue }
                seatsLeft[Int(c.programme)] -= 1
            }
            load[Int(c.need)] += 1
            result[p] = ci
        }
        let value = result.reduce(Int64(0)) { $0 + ($1 >= 0 ? candidates[Int($1)].score : 0) }
        return (value, result)
    }

    // MARK: - Search

    struct Search {
        let solver: ComponentSolver
        let options: SolverOptions
        let started = Clock.now()
        var incumbent: Int64 = 0
        var incumbentChosen: [Int32]
        var nodes = 0

        init(solver: ComponentSolver, options: SolverOptions) {
            self.solver = solver
            self.options = options
            incumbentChosen = [Int32](repeating: -1, count: solver.participantCount)
        }

        var lastReport = 0.0

        /// Tells the caller where the search stands, at most four times a second.
        mutating func report(bound: Int64) {
            guard let progress = options.progress else { return }
            let now = Clock.now()
            guard now - lastReport >= 0.25 else { return }
            lastReport = now
            progress(SolverProgress(part: 1, parts: 1, incumbent: incumbent, bound: max(incumbent, bound), seconds: now - started))
        }

        var timeUp: Bool {
            guard let limit = options.timeLimit else { return false }
            return Clock.now() - started >= limit
        }

        mutating func offer(_ value: Int64, _ chosen: [Int32]) {
            if value > incumbent {
                incumbent = value
                incumbentChosen = chosen
            }
        }

        mutating func run() -> Solution {
            let start = solver.repair(incumbentChosen)
            offer(start.value, start.chosen)
            var open: [Node] = [Node(lambda: [Int64](repeating: 0, count: solver.seats.count),
                                     bound: ComponentSolver.trivialBound(solver.candidates))]
            var openBound: Int64 = incumbent
            while !open.isEmpty {
                report(bound: open.map(\.bound).max()!)
                if timeUp && nodes > 0 {  // the root always gets its first relaxation
                    openBound = open.map(\.bound).max() ?? incumbent
                    break
                }
                // Best-first: the open node with the highest bound.
                let k = open.indices.max { open[$0].bound < open[$1].bound }!
                let node = open.swapRemoveAt(k)
                if node.bound <= incumbent { continue }
                nodes += 1
                open.append(contentsOf: process(node))
            }
            let chosen = incumbentChosen.filter { $0 >= 0 }.map { solver.candidates[Int($0)] }
            let placements = chosen.sorted { ($0.participant, $0.need) < ($1.participant, $1.need) }
            return Solution(
                placements: placements, objective: incumbent, bound: max(incumbent, openBound), nodes: nodes,
                seconds: Clock.now() - started)
        }

        /// Improves λ at a node, harvests feasible answers, and returns its children (if the node stays open).
        mutating func process(_ start: Node) -> [Node] {
            var node = start
            var best: Relaxed?
            var bestLambda = node.lambda
            var theta = 1.0
            var sinceImprovement = 0
            let iterations = node.depth == 0 ? 200 : 40
            let reserved = solver.reservedSeats(node)
            var direction = [Double](repeating: 0, count: solver.seats.count)
            for _ in 0..<iterations {
                let r = solver.relax(node)
                if best == nil || r.value < best!.value {
                    best = r
                    bestLambda = node.lambda
                    sinceImprovement = 0
                } else {
                    sinceImprovement += 1
                    if sinceImprovement >= 3 {
                        theta /= 2
                        sinceImprovement = 0
                    }
                }
                let used = solver.usage(r.chosen, node)
                let feasible = solver.binding.allSatisfy { used[$0] <= solver.seats[$0] - reserved[$0] }
                let repaired = solver.repair(r.chosen)
                offer(repaired.value, repaired.chosen)
                if best!.value <= incumbent { return [] }  // nothing better here
                if node.depth == 0 { report(bound: best!.value) }
                // Subgradient of L at λ: remaining seats minus seats used.
                var slackGap: Int64 = 0
                var gradient = [Int64](repeating: 0, count: solver.seats.count)
                for t in solver.binding {
                    let g = Int64(solver.seats[t] - reserved[t] - used[t])
                    gradient[t] = g
                    if g > 0 { slackGap += node.lambda[t] * g }
                }
                if feasible && slackGap == 0 { return [] }  // L(λ) is attained: this node is solved
                if theta < 1e-4 || timeUp { break }
                // Deflected subgradient: half of the previous direction damps the zig-zag.
                var directionNorm = 0.0
                for t in solver.binding {
                    var d = Double(gradient[t]) + 0.5 * direction[t]
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
            if node.depth == 0 {
                let polished = solver.polish(incumbentChosen)
                offer(polished.value, polished.chosen)
                if best.value <= incumbent { return [] }
            }
            node.lambda = bestLambda
            node.bound = best.value
            node.depth += 1
            return branch(node, best)
        }

        func branch(_ node: Node, _ r: Relaxed) -> [Node] {
            let reserved = solver.reservedSeats(node)
            let used = solver.usage(r.chosen, node)
            let cs = solver.candidates
            var pick: (p: Int32, t: Int32)?
            // An over-full programme: branch on its best-scoring user.
            let over = solver.binding.filter { used[$0] > solver.seats[$0] - reserved[$0] }
            if let t = over.max(by: { used[$0] - solver.seats[$0] + reserved[$0] < used[$1] - solver.seats[$1] + reserved[$1] }) {
                let users = r.chosen.indices.filter { p in
                    r.chosen[p] >= 0 && cs[Int(r.chosen[p])].programme == Int32(t) && node.forced[Int32(p)] == nil
                }
                if let p = users.max(by: { cs[Int(r.chosen[$0])].score < cs[Int(r.chosen[$1])].score }) {
                    pick = (Int32(p), Int32(t))
                }
            }
            if pick == nil {
                // A priced programme with seats to spare: branch on its most promising unused route.
                var bestScore = Int64.min
                for c in cs where c.programme >= 0 && node.lambda[Int(c.programme)] > 0 {
                    let t = Int(c.programme)
                    guard used[t] < solver.seats[t] - reserved[t], node.forced[c.participant] == nil,
                        !node.forbidden.contains(ComponentSolver.key(c.participant, c.programme)),
                        r.chosen[Int(c.participant)] < 0 || cs[Int(r.chosen[Int(c.participant)])].programme != c.programme,
                        c.score > bestScore
                    else { continue }
                    bestScore = c.score
                    pick = (c.participant, c.programme)
                }
            }
            guard let (p, t) = pick else { return [] }
            var attend = node
            attend.forced[p] = t
            var skip = node
            skip.forbidden.insert(ComponentSolver.key(p, t))
            return solver.seats[Int(t)] - reserved[Int(t)] >= 1 ? [skip, attend] : [skip]
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
