import KadryCore

extension ComponentSolver {
    /// Participants moving together from one answer's routes to another's: a chain (each
    /// takes the place at a need that the next one leaves; the first leaves a place no one
    /// takes, or had none, and the last takes a free position, or none) or a cycle, or one
    /// participant changing programme. Applied alone to the first answer, it keeps every
    /// need within its positions.
    struct Exchange {
        var participants: [Int32]
        /// The score it adds (less what it takes away).
        var gain: Int64
        /// The change in seats used, per programme changed (by programme).
        var seats: [(programme: Int32, change: Int32)]
    }

    /// The difference from answer `x` to `y` as disjoint exchanges: at each need, those who
    /// arrive in `y` are paired with those who leave it, and the pairs link participants into
    /// chains and cycles. Every need gains at most the places `y` fills there, so any set of
    /// these exchanges applied to `x` keeps the needs' positions.
    func exchanges(from x: [Pick], to y: [Pick]) -> [Exchange] {
        var result: [Exchange] = []
        var arriving = [[Int32]](repeating: [], count: positions.count)
        var leaving = [[Int32]](repeating: [], count: positions.count)
        var moving: [Int32] = []
        for p in 0..<participantCount where x[p] != y[p] {
            if x[p].arc == y[p].arc {
                result.append(exchange(of: [Int32(p)], from: x, to: y))
                continue
            }
            moving.append(Int32(p))
            if y[p].arc >= 0 { arriving[Int(routes.arcNeed[Int(y[p].arc)])].append(Int32(p)) }
            if x[p].arc >= 0 { leaving[Int(routes.arcNeed[Int(x[p].arc)])].append(Int32(p)) }
        }
        // p takes the place that next[p] leaves.
        var next = [Int32](repeating: -1, count: participantCount)
        var follows = [Bool](repeating: false, count: participantCount)
        for n in positions.indices {
            for (p, q) in zip(arriving[n], leaving[n]) {
                next[Int(p)] = q
                follows[Int(q)] = true
            }
        }
        var seen = [Bool](repeating: false, count: participantCount)
        func collect(from start: Int32) {
            var members: [Int32] = []
            var p = start
            while p >= 0 && !seen[Int(p)] {
                seen[Int(p)] = true
                members.append(p)
                p = next[Int(p)]
            }
            result.append(exchange(of: members, from: x, to: y))
        }
        for p in moving where !follows[Int(p)] { collect(from: p) }  // chains
        for p in moving where !seen[Int(p)] { collect(from: p) }  // cycles
        return result
    }

    private func exchange(of members: [Int32], from x: [Pick], to y: [Pick]) -> Exchange {
        var gain: Int64 = 0
        var change: [Int32: Int32] = [:]
        for p in members.map(Int.init) {
            if y[p].arc >= 0 { gain += score(y[p]) }
            if x[p].arc >= 0 { gain -= score(x[p]) }
            if y[p].programme >= 0 { change[y[p].programme, default: 0] += 1 }
            if x[p].programme >= 0 { change[x[p].programme, default: 0] -= 1 }
        }
        let seats = change.filter { $0.value != 0 }.sorted { $0.key < $1.key }.map { (programme: $0.key, change: $0.value) }
        return Exchange(participants: members, gain: gain, seats: seats)
    }
}

extension ComponentSolver.Search {
    /// Seconds a neighbourhood searched from the exchange cuts takes at most. Those that found
    /// a better answer on the dense M took their whole 0.25 s before (docs/benchmarks.md).
    static let exchangeNeighbourhood = 0.1

    /// Seat prices that prove the answer optimal, found from exchanges against it.
    ///
    /// Where the LP bound equals the best answer's value (most parts of the shared and
    /// generated clustered M instances), the LP's seat prices make that answer an optimal
    /// b-matching, and L there is its value. The bundle method stops a few units above (4 on
    /// the shared clustered-M-5, whose LP prices lie 160–300 from the bundle's on some
    /// programmes, with L flat between). Here each relaxation's difference from the answer
    /// is cut into exchanges, each exchange that gains at the prices tried is a constraint on
    /// them (`ExchangeModel`), and the next prices tried are the model's, in whole units
    /// (`integralPrices`): Kelley's cutting planes, one cut per exchange rather than one per
    /// relaxation, on the programmes the answer fills. It ends when L reaches the answer's
    /// value, or when no prices meet the constraints.
    ///
    /// An exchange that gains and fits the seats left is a better answer. Exchanges that no
    /// prices stop point to one as well: their participants are freed and searched
    /// (`neighbourhood`). Either way, the model starts again from the better answer.
    mutating func exchangeCuts(_ node: Node, best: inout Relaxed, bestLambda: inout [Int64], until stop: Double) {
        guard options.exchangeCuts, !solver.binding.isEmpty else { return }
        let binding = solver.binding
        var r = best
        var relaxedAt = bestLambda  // the prices `r` was relaxed at
        func relax(at lambda: [Int64]) {
            var trial = node
            trial.lambda = lambda
            r = solver.relax(trial, warm: &warm)
            relaxedAt = lambda
            paths.insert(.exchanges)
            if r.value < best.value {
                best = r
                bestLambda = lambda
                noteRoot(r.value, lambda: lambda)
            }
        }
        answers: while incumbent < best.value && !timeUp && Monotonic.now() < stop {
            let x = incumbentPicks, value = incumbent
            let used = solver.usage(x, node)
            var left = [Int](repeating: .max, count: solver.seats.count)  // unlimited where a programme cannot bind
            for t in binding { left[t] = Int(solver.seats[t] - used[t]) }
            // Only the full programmes may be priced: a price on a free seat adds to L.
            let full = binding.filter { left[$0] == 0 }
            // The model's basis inverse is dense: a few hundred full programmes at most.
            guard full.count <= 400 else { return }
            var row = [Int](repeating: -1, count: solver.seats.count)
            for (k, t) in full.enumerated() { row[t] = k }
            var lambda = [Int64](repeating: 0, count: solver.seats.count)
            for t in full { lambda[t] = bestLambda[t] }
            var model = ExchangeModel(costs: [Double](repeating: 1e-6, count: full.count))
            var known = Set<[Int64]>()
            var cuts: [(entries: [(row: Int, delta: Int)], gain: Int64)] = []
            var movers: [[(participant: Int32, pick: Pick)]] = []  // per cut, who moves where
            var varied = x
            var infeasible = 0
            while !timeUp && Monotonic.now() < stop {
                var added = 0
                for e in solver.exchanges(from: x, to: r.picks) {
                    let priced = e.seats.reduce(e.gain) { $0 - lambda[Int($1.programme)] * Int64($1.change) }
                    guard priced > 0 else { continue }
                    // One that fits the seats left is a better answer only if it gains on its own. One
                    // that loses score but frees a full programme's seat (gaining only by its price)
                    // is a cut like any other, an upper bound on that price: taken for an answer and
                    // dropped, it kept the relaxation offering it, and the cuts stalled above the
                    // optimum (on the shared clustered-M-5, L 17 above it at the last prices).
                    if e.gain > 0 && e.seats.allSatisfy({ Int($0.change) <= left[Int($0.programme)] }) {
                        var better = x
                        for p in e.participants { better[Int(p)] = r.picks[Int(p)] }
                        offer(value + e.gain, better)
                        if incumbent > value { continue answers }
                        continue
                    }
                    let entries = e.seats.compactMap { s in row[Int(s.programme)] >= 0 ? (row: row[Int(s.programme)], delta: Int(s.change)) : nil }
                    guard known.insert([e.gain] + entries.flatMap { [Int64($0.row), Int64($0.delta)] }).inserted else { continue }
                    model.add(delta: entries, gain: e.gain)
                    cuts.append((entries, e.gain))
                    movers.append(e.participants.map { ($0, r.picks[Int($0)]) })
                    added += 1
                }
                if added == 0 && relaxedAt != lambda {
                    // A relaxation at other prices (before a better answer, or priced on programmes
                    // the answer leaves free) has no cut left against this answer: relax at these.
                    relax(at: lambda)
                    continue
                }
                guard added > 0, let (total, prices) = model.solve(until: stop) else { return }
                let violation = total - 1e-6 * prices.reduce(0, +)
                // No prices on the full programmes keep every exchange from gaining: the LP bound is above the answer.
                if violation > 1e-6 {
                    // Exchanges that together gain without filling a full programme: their
                    // participants are freed, the rest kept, and what they can do searched.
                    for (j, weight) in model.weights.enumerated() where weight > 1e-9 {
                        for m in movers[j] { varied[Int(m.participant)] = m.pick }
                    }
                    var sub = options
                    sub.progress = nil
                    sub.exchangeCuts = false
                    sub.pricedSearch = false
                    sub.timeLimit = max(0, min(stop - Monotonic.now(), Self.exchangeNeighbourhood))
                    if let n = solver.neighbourhood(of: x, varying: [varied], options: sub) {
                        offer(n.value, n.picks)
                    }
                    infeasible += 1
                    if incumbent > value { continue answers }
                    if infeasible >= 8 { return }
                }
                let integral = Self.integralPrices(near: prices, keeping: cuts)
                for (k, t) in full.enumerated() { lambda[t] = integral[k] }
                relax(at: lambda)
            }
        }
    }

    /// The exchange cuts, and on a core, where their prices bound only the core, every arc
    /// priced there (`regrow`): those that would gain join the core, and the cuts go on from
    /// its relaxation, until no arc outside gains.
    mutating func exchangeCutsOnAllArcs(_ node: inout Node, best: inout Relaxed, bestLambda: inout [Int64], until stop: Double) {
        exchangeCuts(node, best: &best, bestLambda: &bestLambda, until: stop)
        while growth != nil && !timeUp && Monotonic.now() < stop, let r = regrow(&node, force: true) {
            (best, bestLambda) = (r, node.lambda)
            exchangeCuts(node, best: &best, bestLambda: &bestLambda, until: stop)
        }
    }

    /// In the tree, once a better answer is found: exchange cuts against it from the root's
    /// best prices. Returns whether they prove it optimal (the root's prices then prove the
    /// bound; on a core, only once every arc priced there does).
    mutating func rootProves(until stop: Double) -> Bool {
        guard options.exchangeCuts, let d = rootDual, d.value > incumbent else { return false }
        var root = Node(lambda: d.lambda, bound: d.value)
        var best = solver.relax(root, warm: &warm)
        var lambda = d.lambda
        exchangeCutsOnAllArcs(&root, best: &best, bestLambda: &lambda, until: stop)
        // At prices nearer the LP's, fewer routes are in play, and the bound may be the answer sought.
        if let lower = rootDual?.value, lower < d.value, lower > incumbent { pricedSearch(again: true) }
        guard let proven = rootDual, proven.value <= incumbent else { return false }
        guard growth != nil else { return true }
        _ = grow(lambda: proven.lambda, prices: proven.needPrices, adding: false)
        return growth!.bound <= incumbent
    }

    /// Integer prices near the model's (fractional) ones that keep every exchange from
    /// gaining, where unit moves find them: the nearest, then, while an exchange gains, the
    /// move of one of its prices by a unit that most lowers the total gain left (none that
    /// lowers it: the nearest are kept). Certificates and relaxations price in whole units.
    static func integralPrices(near prices: [Double], keeping cuts: [(entries: [(row: Int, delta: Int)], gain: Int64)]) -> [Int64] {
        var lambda = prices.map { max(0, Int64($0.rounded())) }
        func left(_ c: (entries: [(row: Int, delta: Int)], gain: Int64)) -> Int64 {
            max(0, c.entries.reduce(c.gain) { $0 - lambda[$1.row] * Int64($1.delta) })
        }
        var total = cuts.reduce(0) { $0 + left($1) }
        while total > 0, let cut = cuts.first(where: { left($0) > 0 }) {
            var best: (row: Int, step: Int64, total: Int64)?
            for e in cut.entries {
                let step: Int64 = e.delta > 0 ? 1 : -1
                if lambda[e.row] + step < 0 { continue }
                lambda[e.row] += step
                let after = cuts.reduce(0) { $0 + left($1) }
                lambda[e.row] -= step
                if after < best?.total ?? total { best = (e.row, step, after) }
            }
            guard let best else { return prices.map { max(0, Int64($0.rounded())) } }
            lambda[best.row] += best.step
            total = best.total
        }
        return lambda
    }
}
