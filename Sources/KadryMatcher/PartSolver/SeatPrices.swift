import KadryCore

extension ComponentSolver {
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
}
