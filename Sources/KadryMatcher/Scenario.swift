import KadryCore

/// Changes the committee wants to try before deciding: more or fewer seats in
/// a programme, a placement fixed in advance, or a pair ruled out.
public struct Scenario: Sendable {
    /// Seats to add to a programme (negative to remove), by programme index.
    public var seatChanges: [Int: Int] = [:]
    /// Placements that must be in the result (participant index, need index).
    public var locks: [Pair] = []
    /// Pairs that must not be placed together.
    public var forbidden: [Pair] = []

    public struct Pair: Sendable, Hashable {
        public var participant: Int
        public var need: Int
        public init(participant: Int, need: Int) {
            self.participant = participant
            self.need = need
        }
    }

    public init() {}

    public var isEmpty: Bool { seatChanges.isEmpty && locks.isEmpty && forbidden.isEmpty }

    /// The instance with the seat changes made (never below zero seats).
    public func applied(to instance: Instance) -> Instance {
        var changed = instance
        for (t, delta) in seatChanges { changed.programmes[t].seats = max(0, changed.programmes[t].seats + delta) }
        return changed
    }

    /// The routes with forbidden pairs removed and locked participants held
    /// to their need, with the bonus that makes the solver keep each lock.
    func restrict(_ routes: RouteSet) -> (routes: RouteSet, bonus: Int64) {
        guard !locks.isEmpty || !forbidden.isEmpty else { return (routes, 0) }
        let banned = Set(forbidden)
        let lockedNeed = Dictionary(locks.map { ($0.participant, $0.need) }, uniquingKeysWith: { a, _ in a })
        // Worth more than everything else together, so a lock is dropped only when it cannot be kept.
        let bonus = routes.trivialBound() + 1
        let kept = routes.filtered { p, n in
            if banned.contains(Pair(participant: p, need: n)) { return nil }
            if let need = lockedNeed[p] { return need == n ? bonus : nil }
            return 0
        }
        return (kept, bonus)
    }
}

extension RouteSet {
    /// The routes with some arcs dropped (`change` returns nil) and the others'
    /// scores raised by what `change` returns.
    func filtered(_ change: (_ participant: Int, _ need: Int) -> Int64?) -> RouteSet {
        var b = Builder()
        b.optionProgramme = optionProgramme
        b.optionGroupStart = optionGroupStart
        b.optionStart = optionStart
        b.eligible = eligibleTriples
        for p in 0..<participantCount {
            for a in arcStart[p]..<arcStart[p + 1] {
                guard let extra = change(p, Int(arcNeed[a])) else { continue }
                for r in Int(arcRangeStart[a])..<Int(arcRangeStart[a + 1]) {
                    b.rangeLow.append(rangeLow[r])
                    b.rangeHigh.append(rangeHigh[r])
                }
                b.closeArc(need: arcNeed[a], base: arcBase[a] + extra, direct: arcDirect[a])
            }
            b.arcStart.append(b.arcNeed.count)
        }
        return RouteSet(b, needs: needCount, trainingScore: trainingScore)
    }
}
