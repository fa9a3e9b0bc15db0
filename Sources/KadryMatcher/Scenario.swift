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

    /// The candidates with forbidden pairs removed and locked participants held
    /// to their need, with the bonus that makes the solver keep each lock.
    func restrict(_ candidates: [Candidate]) -> (candidates: [Candidate], bonus: Int64) {
        guard !locks.isEmpty || !forbidden.isEmpty else { return (candidates, 0) }
        let banned = Set(forbidden)
        let lockedNeed = Dictionary(locks.map { ($0.participant, $0.need) }, uniquingKeysWith: { a, _ in a })
        // Worth more than everything else together, so a lock is dropped only when it cannot be kept.
        var best: [Int32: Int64] = [:]
        for c in candidates { best[c.participant] = max(best[c.participant] ?? 0, c.score) }
        let bonus = best.values.reduce(0, +) + 1
        let kept = candidates.compactMap { c -> Candidate? in
            let pair = Pair(participant: Int(c.participant), need: Int(c.need))
            if banned.contains(pair) { return nil }
            if let need = lockedNeed[pair.participant] {
                guard need == pair.need else { return nil }
                var locked = c
                locked.score += bonus
                return locked
            }
            return c
        }
        return (kept, bonus)
    }
}
