import KadryCore

/// The exact solver for one independent part of the problem.
///
/// Training seats (rule 15) are what make the problem harder than a
/// b-matching. They are priced by Lagrange multipliers λ: for fixed λ the
/// problem is a maximum-weight b-matching (`BMatching`), whose value plus
/// Σ λ·seats bounds the optimum from above. Where relaxations are dear, a block
/// descent (`seatPrices`) first brings λ near the best; at the root a proximal
/// bundle method (`BundleMethod`), below it a subgradient method, improves λ; a repair
/// step and dives turn relaxed answers into feasible ones, and branch-and-bound
/// on "participant p attends programme t or not" closes whatever gap is left.
/// All arithmetic is on integers, so bounds are exact.
struct ComponentSolver {
    let routes: RouteSet

    var participantCount: Int { routes.participantCount }

    let seats: [Int32]

    let positions: [Int32]

    /// The participant of each arc.
    let owner: [Int32]

    /// The arcs into each need, for every b-matching of this part (`BMatching.InArcs`).
    let inArcs: BMatching.InArcs

    /// The arcs that score above zero, best first, each with its best score, participant
    /// and need side by side: the greedy repair reads them in order, millions per repair.
    let byTop: [Ranked]

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
        inArcs = BMatching.InArcs(arcNeed: routes.arcNeed, needs: positions.count)
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

    /// Whether an answer keeps every rule of the part: each participant on one of their own
    /// arcs, via a programme that arc offers (or directly where it may), no need over its
    /// positions, no programme over its seats. A check apart from the heuristics that build
    /// answers: an answer that fails it is never kept.
    func fits(_ picks: [Pick]) -> Bool {
        guard picks.count == participantCount else { return false }
        var load = [Int32](repeating: 0, count: positions.count)
        var used = [Int32](repeating: 0, count: seats.count)
        for (p, pick) in picks.enumerated() where pick.arc >= 0 {
            let a = Int(pick.arc)
            guard a >= routes.arcStart[p], a < routes.arcStart[p + 1] else { return false }
            if pick.programme < 0 {
                guard routes.arcDirect[a] else { return false }
            } else {
                var offered = false
                routes.forEachProgramme(ofArc: a) { t in if t == pick.programme { offered = true } }
                guard offered else { return false }
                used[Int(pick.programme)] += 1
            }
            load[Int(routes.arcNeed[a])] += 1
        }
        return zip(load, positions).allSatisfy { $0 <= $1 } && zip(used, seats).allSatisfy { $0 <= $1 }
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
        var matching = BMatching(arcStart: routes.arcStart, arcNeed: routes.arcNeed, owner: owner, weight: weight, capacity: positions)
        matching.inArcs = inArcs
        guard let (assigned, next) = matching.solve(from: warm, unlessReaching: cutoff)
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
}
