import KadryCore

/// Feasible answers: from relaxed ones (repair, dive), by seat holders (polish, fillSeats), and
/// by a search of its own on the participants a few relaxations disagree on (neighbourhood).
extension ComponentSolver {
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

    /// The answers a seat assignment leads to: its holders polished (`polish`, started from
    /// `warm`), then, when `filling`, the free seats filled (`filled`). Best last.
    func seatAnswers(_ holders: [Int32], filling: Bool, warm: BMatching.WarmStart?) -> [(value: Int64, picks: [Pick])] {
        var start = warm
        let placed = polish(holders: holders, warm: &start)
        return [placed] + (filling ? filled(placed, warm: start) : [])
    }

    /// An answer with the seats it leaves free filled (`fillSeats`, `warm` holding its need
    /// prices), again as long as that gains, up to three times; each better answer in turn. The
    /// first gains the most (on the largest part at 100,000 participants, 19–165 k, then
    /// 0.1–24 k, then 0–5.5 k).
    func filled(_ answer: (value: Int64, picks: [Pick]), warm: BMatching.WarmStart?) -> [(value: Int64, picks: [Pick])] {
        var answer = answer, start = warm
        var better: [(value: Int64, picks: [Pick])] = []
        for _ in 0..<3 {
            guard let prices = start?.prices, let next = fillSeats(answer.picks, prices: prices, warm: &start), next.value > answer.value
            else { break }
            better.append(next)
            answer = next
        }
        return better
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
    /// Why: `polish` closes a binding programme to all but its holders, and a seat assignment
    /// made at a relaxation's prices leaves many seats to no one: seats the answer then wastes.
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
    /// Past `deadline` (a `Monotonic` reading) the dive stops and repairs where it stands.
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
            if over && Monotonic.now() >= deadline { return repair(picks) }
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
    /// The freed participants' search stops once it would bring the part to `bound`: nothing
    /// better is wanted, and proving its own optimum can take it far longer than finding it.
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
        options.cutoff = nil  // a caller's cutoff is on the whole part's values, not the freed participants'
        let solution = ComponentSolver(routes: sub, positions: positionsLeft, seats: seatsLeft).solve(options: options)
        for c in solution.placements {
            let p = freed[Int(c.participant)]
            let arc = (routes.arcStart[p]..<routes.arcStart[p + 1]).first { routes.arcNeed[$0] == c.need }!
            assert(c.programme < 0 || seatsLeft[Int(c.programme)] > 0)
            result[p] = Pick(arc: Int32(arc), programme: c.programme)
        }
        return (value(result), result)
    }
}
