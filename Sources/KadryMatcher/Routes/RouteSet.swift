import Dispatch
import KadryCore


/// Every eligible (participant, need, route) triple, held compactly: the solver's input.
///
/// A triple list grows with participants × needs × programmes (450 million
/// at 100,000 participants), but most of it repeats itself: for one
/// participant and one need, the programmes that qualify them are those the
/// participant can attend whose grants close the gap and that end in time.
/// So each participant keeps one list of the programmes they can attend
/// (rules 8, 10, 11; "options"), grouped by what they grant and sorted by end
/// date within a group, and each participant–need pair ("arc", rules 2–7)
/// keeps whether it is direct (rule 1) and which contiguous ranges of the
/// options qualify (rules 9 and 12; a later end never qualifies less, since
/// grants expire from the programme's end). The best programme of a range
/// under seat prices is then a prefix maximum, not a scan.
///
/// Built without comparing everything with everything: needs and programmes
/// are found through a spatial grid within each participant's commute,
/// credentials are bit masks (a grant group that cannot close a need's gap is
/// skipped unsearched; a need met directly takes every programme ending in
/// time), and participants are split across cores.
public struct RouteSet: Sendable {
    public internal(set) var participantCount: Int
    public internal(set) var needCount: Int
    public internal(set) var programmeCount: Int
    /// How many triples passed every rule (before dominated ones are set aside).
    public internal(set) var eligibleTriples: Int

    /// Arcs of participant p: `arcStart[p]..<arcStart[p + 1]`, by need.
    var arcStart: [Int]
    var arcNeed: [Int32]
    /// The score of the placement without its training terms (the direct score).
    var arcBase: [Int64]
    var arcDirect: [Bool]
    /// Option ranges of arc a: `arcRangeStart[a]..<arcRangeStart[a + 1]`.
    var arcRangeStart: [Int32]
    /// A range of options `rangeLow..<rangeHigh`, within one group of one participant.
    var rangeLow: [Int32]
    var rangeHigh: [Int32]
    /// Options of participant p: `optionStart[p]..<optionStart[p + 1]`.
    var optionStart: [Int]
    var optionProgramme: [Int32]
    /// The first option of the same grant group (prefix maxima restart there).
    var optionGroupStart: [Int32]
    /// Training and cost terms of each programme (the via score is base + this).
    var trainingScore: [Int64]

    public init(instance: Instance) {
        // Without a deadline only `tooMany` can stop the build: 2^31 ranges are far beyond memory anyway.
        do { try self.init(instance: instance, chunks: nil, deadline: nil) } catch { fatalError("\(error)") }
    }

    /// The routes, given up (thrown) when `deadline` (a `Monotonic` time) passes before they are all found.
    public init(instance: Instance, deadline: Double?) throws(RoutesUnfinished) {
        try self.init(instance: instance, chunks: nil, deadline: deadline)
    }

    init(instance: Instance, chunks: Int?) {
        do { try self.init(instance: instance, chunks: chunks, deadline: nil) } catch { fatalError("\(error)") }
    }

    /// With `chunks`, participants are split into that many runs (tests check that the split changes nothing).
    init(instance: Instance, chunks: Int?, deadline: Double?) throws(RoutesUnfinished) {
        let started = Monotonic.now()
        let context = Context(instance: instance)
        let count = instance.participants.count
        let chunks = chunks ?? max(1, min(Machine.cores * 4, count / 256))
        var parts = [Builder](repeating: Builder(), count: chunks)
        parts.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { k in
                let range = (count * k / chunks)..<(count * (k + 1) / chunks)
                out.value[k] = context.build(range, deadline: deadline)
            }
        }
        if parts.contains(where: \.stopped) {
            throw .timeLimit(seconds: Monotonic.now() - started, participantsDone: parts.reduce(0) { $0 + $1.arcStart.count - 1 }, of: count)
        }
        let all = Builder(joining: parts)
        parts = []
        guard all.rangeLow.count < Int32.max && all.optionProgramme.count < Int32.max else { throw .tooMany }
        self.init(all, needs: instance.needs.count, trainingScore: context.trainingScore)
    }

    init(_ b: Builder, needs: Int, trainingScore: [Int64]) {
        precondition(b.rangeLow.count < Int32.max && b.optionProgramme.count < Int32.max, "too many routes for 32-bit indices")
        participantCount = b.arcStart.count - 1
        needCount = needs
        programmeCount = trainingScore.count
        eligibleTriples = b.eligible
        arcStart = b.arcStart
        arcNeed = b.arcNeed
        arcBase = b.arcBase
        arcDirect = b.arcDirect
        arcRangeStart = b.arcRangeStart
        rangeLow = b.rangeLow
        rangeHigh = b.rangeHigh
        optionStart = b.optionStart
        optionProgramme = b.optionProgramme
        optionGroupStart = b.optionGroupStart
        self.trainingScore = trainingScore
    }

    public var arcCount: Int { arcNeed.count }

    /// Why an instance's routes were not all found.
    public enum RoutesUnfinished: Error, Sendable, CustomStringConvertible {
        /// The deadline passed after `seconds`, with `participantsDone` of `of` participants' routes found.
        case timeLimit(seconds: Double, participantsDone: Int, of: Int)
        /// More routes than 32-bit indices hold.
        case tooMany

        public var description: String {
            switch self {
            case .timeLimit(let seconds, let done, let all):
                "the time limit ran out while finding the eligible routes (\(done) of \(all) participants' in \((seconds * 10).rounded() / 10) s); "
                    + "nothing was solved: give a longer time limit"
            case .tooMany: "the instance has more eligible routes than Kadry can hold (2^31 ranges of programmes)"
            }
        }
    }

    /// The routes worth taking (the candidates), expanded one by one, in order of
    /// participant, need, programme (direct first). A via route is worth taking when
    /// it scores above zero and above going directly.
    public func forEachCandidate(of p: Int, _ body: (Candidate) -> Void) {
        for a in arcStart[p]..<arcStart[p + 1] {
            let base = arcBase[a]
            let floor = arcDirect[a] ? max(0, base) : 0
            if arcDirect[a] && base > 0 { body(Candidate(participant: Int32(p), need: arcNeed[a], programme: -1, score: base)) }
            var via: [Candidate] = []
            forEachProgramme(ofArc: a) { t in
                let score = base + trainingScore[Int(t)]
                if score > floor { via.append(Candidate(participant: Int32(p), need: arcNeed[a], programme: t, score: score)) }
            }
            via.sort { $0.programme < $1.programme }
            via.forEach(body)
        }
    }

    public func candidates(of p: Int) -> [Candidate] {
        var out: [Candidate] = []
        forEachCandidate(of: p) { out.append($0) }
        return out
    }

    /// Every candidate; for small instances and tests (a large one has hundreds of millions).
    public var candidates: [Candidate] { (0..<participantCount).flatMap(candidates(of:)) }

    /// The programmes of arc a's ranges, in option order.
    @inline(__always)
    func forEachProgramme(ofArc a: Int, _ body: (Int32) -> Void) {
        for r in Int(arcRangeStart[a])..<Int(arcRangeStart[a + 1]) {
            for o in Int(rangeLow[r])..<Int(rangeHigh[r]) { body(optionProgramme[o]) }
        }
    }
}

extension RouteSet {
    /// Which routes a participant may take in a (sub)problem.
    enum Restriction: Sendable {
        /// Every route, programmes at their seat price.
        case free
        /// Via this programme only, its seat held: a participant a branch forces onto it, whose
        /// seat is taken off the programme's before the others are priced, so not charged again.
        case only(Int32)
        /// Every route but via these programmes.
        case excluding([Int32])
        /// Every route, this one programme free (its seat is held), every other at its seat price.
        case holding(Int32)

        var allowsDirect: Bool {
            if case .only = self { return false }
            return true
        }

        func allows(_ t: Int32) -> Bool {
            switch self {
            case .free, .holding: true
            case .only(let h): t == h
            case .excluding(let ts): !ts.contains(t)
            }
        }
    }

    /// Each arc's weight: its best route's score with every programme charged its
    /// seat price λ (at most zero when nothing is allowed or worth it). Free
    /// participants are served from prefix maxima over their options, the rest
    /// option by option; participants are split across cores.
    func weights(lambda: [Int64], restrictions: [Int32: Restriction] = [:], others: Restriction = .free) -> [Int64] {
        var weight = [Int64](repeating: 0, count: arcCount)
        let P = participantCount
        // A programme closed to everyone else is one priced out of reach: they keep the fast path.
        var priced = lambda
        var othersFree = true
        switch others {
        case .free: break
        case .excluding(let ts): for t in ts { priced[Int(t)] = Self.outOfReach }
        case .only, .holding: othersFree = false
        }
        let (open, fast) = (priced, othersFree)
        let chunks = P < 4096 ? 1 : Machine.cores * 4
        weight.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { k in
                var prefix: [Int64] = []
                for p in (P * k / chunks)..<(P * (k + 1) / chunks) {
                    if let restriction = restrictions[Int32(p)] ?? (fast ? nil : others) {
                        for a in arcStart[p]..<arcStart[p + 1] {
                            out.value[a] = bestRoute(arc: a, lambda: lambda, restriction: restriction).value
                        }
                        continue
                    }
                    freeWeights(of: p, prices: open, prefix: &prefix, into: out.value)
                }
            }
        }
        return weight
    }

    /// A free participant's arcs' weights at seat prices `price`: each range of options
    /// that starts its group is read off the prefix maxima, any other option by option.
    private func freeWeights(of p: Int, prices price: [Int64], prefix: inout [Int64], into out: UnsafeMutableBufferPointer<Int64>) {
        let first = optionStart[p]
        prefix.removeAll(keepingCapacity: true)
        for o in first..<optionStart[p + 1] {
            let t = Int(optionProgramme[o])
            let v = trainingScore[t] - price[t]
            prefix.append(o == Int(optionGroupStart[o]) ? v : max(v, prefix[o - first - 1]))
        }
        let arcs = arcStart[p]..<arcStart[p + 1]
        // Read through buffers: every relaxation runs this once for each arc, and arrays check
        // their bounds on every read.
        arcBase.withUnsafeBufferPointer { arcBase in
        arcDirect.withUnsafeBufferPointer { arcDirect in
        arcRangeStart.withUnsafeBufferPointer { arcRangeStart in
        rangeLow.withUnsafeBufferPointer { rangeLow in
        rangeHigh.withUnsafeBufferPointer { rangeHigh in
        optionGroupStart.withUnsafeBufferPointer { optionGroupStart in
        prefix.withUnsafeBufferPointer { prefix in
            for a in arcs {
                let base = arcBase[a]
                var best = arcDirect[a] ? base : Int64.min
                for r in Int(arcRangeStart[a])..<Int(arcRangeStart[a + 1]) {
                    let low = Int(rangeLow[r]), high = Int(rangeHigh[r])
                    if low == Int(optionGroupStart[low]) {
                        best = max(best, base + prefix[high - 1 - first])
                    } else {
                        for o in low..<high {
                            let t = Int(optionProgramme[o])
                            best = max(best, base + trainingScore[t] - price[t])
                        }
                    }
                }
                out[a] = max(best, 0)
            }
        }}}}}}}
    }

    /// A seat price no route can pay: what a closed programme costs (far from overflowing when subtracted).
    static let outOfReach = Int64.max / 4

    /// An arc's best route under seat prices and a restriction: its value
    /// (at most zero when none is worth it) and programme (-1: directly).
    /// Ties go to the direct route, then to the first option.
    func bestRoute(arc a: Int, lambda: [Int64], restriction: Restriction) -> (value: Int64, programme: Int32) {
        let base = arcBase[a]
        var best = arcDirect[a] && restriction.allowsDirect ? base : Int64.min
        var programme: Int32 = -1
        let held: Int32 = switch restriction {
        case .holding(let h), .only(let h): h
        case .free, .excluding: -1
        }
        forEachProgramme(ofArc: a) { t in
            let v = base + trainingScore[Int(t)] - (t == held ? 0 : lambda[Int(t)])
            if v > best && restriction.allows(t) {
                best = v
                programme = t
            }
        }
        return (max(best, 0), programme)
    }

    /// Whether every score times `factor` stays in the range in which a route's score less two
    /// prices cannot overflow (`scaled`).
    func scales(by factor: Int64) -> Bool {
        let limit = Certificate.priceCeiling / factor
        return arcBase.allSatisfy { $0.magnitude <= limit } && trainingScore.allSatisfy { $0.magnitude <= limit }
    }

    /// The same routes with every score times `factor` (which they must `scale` by): prices in
    /// 1/`factor` of a unit are whole numbers against them (`Certificate.prove`).
    func scaled(by factor: Int64) -> RouteSet {
        precondition(scales(by: factor), "scores too large to count in 1/\(factor) of a unit")
        var copy = self
        copy.arcBase = arcBase.map { $0 * factor }
        copy.trainingScore = trainingScore.map { $0 * factor }
        return copy
    }

    /// A bound before any search: every participant gets their best route.
    func trivialBound() -> Int64 {
        let top = weights(lambda: [Int64](repeating: 0, count: programmeCount))
        var total: Int64 = 0
        for p in 0..<participantCount { total += top[arcStart[p]..<arcStart[p + 1]].max() ?? 0 }
        return total
    }
}
