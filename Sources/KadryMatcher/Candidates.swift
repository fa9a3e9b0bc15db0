import Dispatch
import KadryCore

#if canImport(Glibc)
import Glibc
#endif

/// One eligible route: participant → need, directly or via a programme,
/// with its score (in the scorer's units). The solver's input.
public struct Candidate: Sendable, Equatable {
    public var participant: Int32
    public var need: Int32
    /// -1 for a direct placement.
    public var programme: Int32
    public var score: Int64

    public var route: Route { programme < 0 ? .direct : .via(Int(programme)) }
}

/// Every eligible (participant, need, route) triple worth considering, sorted
/// by participant, then need, then programme (direct first).
///
/// Built without comparing everything with everything: needs and programmes
/// are found through a spatial grid within each participant's commute (rules
/// 2 and 11), credentials are bit masks (rules 1 and 12), and the cheap rules
/// go first. Participants are split across the machine's cores.
public struct CandidateSet: Sendable {
    public let candidates: [Candidate]
    /// How many triples passed every rule before dominated ones were dropped.
    public let eligibleTriples: Int

    init(candidates: [Candidate], eligibleTriples: Int) {
        self.candidates = candidates
        self.eligibleTriples = eligibleTriples
    }

    public init(instance: Instance) {
        let context = Context(instance: instance)
        let count = instance.participants.count
        let chunks = max(1, min(Machine.cores * 2, count / 256))
        var parts = [([Candidate], Int)](repeating: ([], 0), count: chunks)
        parts.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { k in
                let range = (count * k / chunks)..<(count * (k + 1) / chunks)
                out.value[k] = context.candidates(for: range)
            }
        }
        candidates = parts.flatMap(\.0)
        eligibleTriples = parts.reduce(0) { $0 + $1.1 }
    }

    /// What is computed once per instance and read by every participant's scan.
    private struct Context: Sendable {
        let instance: Instance
        let scorer: Scorer
        let needGrid: SpatialGrid
        let programmeGrid: SpatialGrid
        let trainingScore: [Int64]
        let masks: CredentialMasks?

        init(instance: Instance) {
            self.instance = instance
            scorer = Scorer(instance: instance)
            needGrid = SpatialGrid(instance.needs.map(\.location))
            programmeGrid = SpatialGrid(instance.programmes.map(\.location))
            let scorer = self.scorer
            trainingScore = instance.programmes.map { t in
                let (training, cost) = scorer.trainingTerms(t)
                return training + cost
            }
            masks = CredentialMasks(instance: instance)
        }

        func candidates(for participants: Range<Int>) -> ([Candidate], Int) {
            var out: [Candidate] = []
            var eligible = 0
            var inReach: [Int32] = []
            var programmes: [Int32] = []
            let table = instance.credentials
            let asOf = instance.asOf
            for pi in participants {
                let p = instance.participants[pi]
                // Programmes this participant can attend at all (rules 8, 10, 11).
                programmes.removeAll(keepingCapacity: true)
                programmeGrid.forEach(near: p.location, radiusKm: p.maxCommuteKm) { ti in
                    let t = instance.programmes[Int(ti)]
                    if t.seats > 0 && Rules.rule8(p, t, asOf: asOf) && Rules.rule10(p, t)
                        && Rules.rule11(p, programmeDistanceKm: p.location.distanceKm(to: t.location))
                    {
                        programmes.append(ti)
                    }
                }
                programmes.sort()
                inReach.removeAll(keepingCapacity: true)
                needGrid.forEach(near: p.location, radiusKm: p.maxCommuteKm) { inReach.append($0) }
                inReach.sort()
                for ni32 in inReach {
                    let ni = Int(ni32)
                    let n = instance.needs[ni]
                    // Rules 3–7 are cheap; rule 2 needs the distance.
                    guard Rules.rule3(p, n), Rules.rule4(p, n), Rules.rule5(p, n), Rules.rule7(p, n),
                        n.requiresClearances.allSatisfy(p.clearances.contains)
                    else { continue }
                    let distance = p.location.distanceKm(to: n.location)
                    guard Rules.rule2(p, distanceKm: distance) else { continue }
                    let base = scorer.baseTerms(p, n, distanceKm: distance).total
                    var directScore: Int64?
                    let direct: Bool
                    if let masks { direct = masks.satisfied(need: ni, held: masks.held(p, on: n.start)) } else {
                        direct = Rules.rule1(p, n, table: table).isEmpty
                    }
                    if direct {
                        eligible += 1
                        directScore = base
                        if base > 0 { out.append(Candidate(participant: Int32(pi), need: ni32, programme: -1, score: base)) }
                    }
                    for ti32 in programmes {
                        let ti = Int(ti32)
                        let t = instance.programmes[ti]
                        guard Rules.rule9(t, n) else { continue }
                        let qualifies: Bool  // rule 12
                        if let masks {
                            qualifies = masks.satisfied(need: ni, held: masks.held(p, on: n.start) | masks.granted(ti, on: n.start))
                        } else {
                            qualifies = Rules.rule12(p, n, t, table: table).isEmpty
                        }
                        guard qualifies else { continue }
                        eligible += 1
                        let score = base + trainingScore[ti]
                        // A placement that scores nothing is never worth making, and a seat is
                        // never worth spending where going directly scores at least as much.
                        guard score > 0, score > (directScore ?? 0) else { continue }
                        out.append(Candidate(participant: Int32(pi), need: ni32, programme: ti32, score: score))
                    }
                }
            }
            return (out, eligible)
        }
    }
}

/// Credentials as bits (up to 128 distinct codes), for rules 1 and 12 in a few instructions.
struct CredentialMasks: Sendable {
    struct Mask: Equatable, Sendable {
        var low: UInt64 = 0
        var high: UInt64 = 0
        static func | (a: Mask, b: Mask) -> Mask { Mask(low: a.low | b.low, high: a.high | b.high) }
        func intersects(_ b: Mask) -> Bool { (low & b.low) != 0 || (high & b.high) != 0 }
        init(low: UInt64 = 0, high: UInt64 = 0) {
            self.low = low
            self.high = high
        }
        init(bit: Int) { self = bit < 64 ? Mask(low: 1 << UInt64(bit)) : Mask(high: 1 << UInt64(bit - 64)) }
    }

    let table: CredentialTable
    let clauses: [[Mask]]
    let instance: Instance

    init?(instance: Instance) {
        guard instance.credentials.codes.count <= 128 else { return nil }
        self.instance = instance
        table = instance.credentials
        clauses = instance.needs.map { n in
            n.requires.map { clause in clause.reduce(Mask()) { $0 | Mask(bit: $1) } }
        }
    }

    func held(_ p: Participant, on day: Day) -> Mask {
        var mask = Mask()
        for c in p.credentials where table.isValid(c.credential, obtained: c.obtained, on: day) { mask = mask | Mask(bit: c.credential) }
        return mask
    }

    func granted(_ ti: Int, on day: Day) -> Mask {
        let t = instance.programmes[ti]
        var mask = Mask()
        for g in t.grants where table.isValid(g, obtained: t.end, on: day) { mask = mask | Mask(bit: g) }
        return mask
    }

    func satisfied(need ni: Int, held: Mask) -> Bool { clauses[ni].allSatisfy { $0.intersects(held) } }
}

/// Lets concurrent workers write disjoint slots of one buffer.
struct UncheckedSendable<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}

enum Machine {
    /// Processors online, to split work across.
    static var cores: Int {
        #if canImport(Glibc)
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 2
        #endif
    }
}
