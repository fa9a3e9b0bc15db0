import Dispatch
import KadryCore

#if canImport(Glibc)
import Glibc
#endif

/// One eligible route: participant → need, directly or via a programme,
/// with its score (in the scorer's units).
public struct Candidate: Sendable, Equatable {
    public var participant: Int32
    public var need: Int32
    /// -1 for a direct placement.
    public var programme: Int32
    public var score: Int64

    public var route: Route { programme < 0 ? .direct : .via(Int(programme)) }
}

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
/// credentials are bit masks, and participants are split across cores.
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
        let context = Context(instance: instance)
        let count = instance.participants.count
        let chunks = max(1, min(Machine.cores * 4, count / 256))
        var parts = [Builder](repeating: Builder(), count: chunks)
        parts.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { k in
                let range = (count * k / chunks)..<(count * (k + 1) / chunks)
                out.value[k] = context.build(range)
            }
        }
        var all = Builder()
        all.reserve(parts)
        for part in parts { all.append(part) }
        parts = []
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

    /// The arcs grown into a triple list would be too long to keep: build them per participant.
    struct Builder {
        var arcStart: [Int] = [0]
        var arcNeed: [Int32] = []
        var arcBase: [Int64] = []
        var arcDirect: [Bool] = []
        var arcRangeStart: [Int32] = [0]
        var rangeLow: [Int32] = []
        var rangeHigh: [Int32] = []
        var optionStart: [Int] = [0]
        var optionProgramme: [Int32] = []
        var optionGroupStart: [Int32] = []
        var eligible = 0

        mutating func reserve(_ parts: [Builder]) {
            arcNeed.reserveCapacity(parts.reduce(0) { $0 + $1.arcNeed.count })
            arcBase.reserveCapacity(arcNeed.capacity)
            arcDirect.reserveCapacity(arcNeed.capacity)
            arcRangeStart.reserveCapacity(arcNeed.capacity + 1)
            rangeLow.reserveCapacity(parts.reduce(0) { $0 + $1.rangeLow.count })
            rangeHigh.reserveCapacity(rangeLow.capacity)
        }

        /// Appends another builder's participants after this one's.
        mutating func append(_ other: Builder) {
            let arcs = arcStart.last!, ranges = Int32(rangeLow.count), options = optionStart.last!
            arcStart += other.arcStart.dropFirst().map { $0 + arcs }
            arcNeed += other.arcNeed
            arcBase += other.arcBase
            arcDirect += other.arcDirect
            arcRangeStart += other.arcRangeStart.dropFirst().map { $0 + ranges }
            rangeLow += other.rangeLow.map { $0 + Int32(options) }
            rangeHigh += other.rangeHigh.map { $0 + Int32(options) }
            optionStart += other.optionStart.dropFirst().map { $0 + options }
            optionProgramme += other.optionProgramme
            optionGroupStart += other.optionGroupStart.map { $0 + Int32(options) }
            eligible += other.eligible
        }

        mutating func closeArc(need: Int32, base: Int64, direct: Bool) {
            arcNeed.append(need)
            arcBase.append(base)
            arcDirect.append(direct)
            arcRangeStart.append(Int32(rangeLow.count))
        }

        /// Ends a participant: keeps only the options some range uses, so that
        /// every option kept belongs to the part its participant is in.
        mutating func closeParticipant(firstRange: Int, options: [Int32], groupOf: [Int32]) {
            let base = optionProgramme.count
            var used = [Bool](repeating: false, count: options.count)
            for r in firstRange..<rangeLow.count {
                for o in Int(rangeLow[r])..<Int(rangeHigh[r]) { used[o] = true }
            }
            var newIndex = [Int32](repeating: -1, count: options.count + 1)
            var kept = 0
            var previousGroup: Int32 = -1
            var groupStart: Int32 = 0
            for (o, t) in options.enumerated() {
                newIndex[o] = Int32(base + kept)
                guard used[o] else { continue }
                if groupOf[Int(t)] != previousGroup {
                    previousGroup = groupOf[Int(t)]
                    groupStart = Int32(base + kept)
                }
                optionProgramme.append(t)
                optionGroupStart.append(groupStart)
                kept += 1
            }
            newIndex[options.count] = Int32(base + kept)
            for r in firstRange..<rangeLow.count {
                rangeLow[r] = newIndex[Int(rangeLow[r])]
                rangeHigh[r] = newIndex[Int(rangeHigh[r])]
            }
            arcStart.append(arcNeed.count)
            optionStart.append(optionProgramme.count)
        }
    }

    /// What is computed once per instance and read by every participant's scan:
    /// the needs field by field (the inner loop copies no structs), strings
    /// interned, credentials as bit masks.
    private struct Context: Sendable {
        let instance: Instance
        let scorer: Scorer
        let needGrid: SpatialGrid
        let programmeGrid: SpatialGrid
        let trainingScore: [Int64]
        let bestTraining: Int64
        let masks: CredentialMasks?
        /// Programmes with the same grants form a group; `groupExpires`: some grant can expire.
        let groupOf: [Int32]
        let groupExpires: [Bool]
        let programmeEnd: [Int]
        let needStart: [Int]
        let needDriving: [Bool]
        let needService: [Int32]
        let needPriority: [Int64]
        let needLocation: [Location]
        /// Hours per week as ranks (equal values, equal ranks): rule 4 compares integers.
        let needHours: [Int32]
        let participantHours: [Int32]
        let services: [String: Int32]
        /// Clearances as bits when there are at most 64 kinds (else nil: compared as strings).
        let clearanceBit: [String: Int]?
        let needClearances: [UInt64]

        init(instance: Instance) {
            self.instance = instance
            let scorer = Scorer(instance: instance)
            self.scorer = scorer
            needGrid = SpatialGrid(instance.needs.map(\.location))
            programmeGrid = SpatialGrid(instance.programmes.map(\.location))
            trainingScore = instance.programmes.map { t in
                let (training, cost) = scorer.trainingTerms(t)
                return training + cost
            }
            bestTraining = trainingScore.max() ?? 0
            masks = CredentialMasks(instance: instance)
            var groups: [[CredentialID]: Int32] = [:]
            var expires: [Bool] = []
            groupOf = instance.programmes.map { t in
                let key = Array(Set(t.grants)).sorted()
                if let g = groups[key] { return g }
                groups[key] = Int32(expires.count)
                expires.append(key.contains { instance.credentials.validityDays[$0] != nil })
                return Int32(expires.count - 1)
            }
            groupExpires = expires
            programmeEnd = instance.programmes.map(\.end.number)
            needStart = instance.needs.map(\.start.number)
            needDriving = instance.needs.map(\.requiresDrivingLicence)
            var services: [String: Int32] = [:]
            needService = instance.needs.map { n in
                if let id = services[n.service] { return id }
                services[n.service] = Int32(services.count)
                return Int32(services.count - 1)
            }
            self.services = services
            needPriority = instance.needs.map { scorer.priorityTerm($0.priority) }
            needLocation = instance.needs.map(\.location)
            let hours = instance.participants.map(\.hoursPerWeek) + instance.needs.map(\.hoursPerWeek)
            var rank = [Int32](repeating: 0, count: hours.count)
            var current: Int32 = 0
            let order = hours.indices.sorted { hours[$0] < hours[$1] }
            for (k, i) in order.enumerated() {
                if k > 0 && hours[order[k - 1]] < hours[i] { current += 1 }
                rank[i] = current
            }
            participantHours = Array(rank[..<instance.participants.count])
            needHours = Array(rank[instance.participants.count...])
            let kinds = Set(instance.needs.flatMap(\.requiresClearances)).sorted()
            if kinds.count <= 64 {
                let bit = Dictionary(uniqueKeysWithValues: kinds.enumerated().map { ($1, $0) })
                clearanceBit = bit
                needClearances = instance.needs.map { n in n.requiresClearances.reduce(UInt64(0)) { $0 | 1 << UInt64(bit[$1]!) } }
            } else {
                clearanceBit = nil
                needClearances = []
            }
        }

        func build(_ participants: Range<Int>) -> Builder {
            var out = Builder()
            var inReach: [Int32] = []
            var options: [Int32] = []
            var groupBounds: [Int] = []  // start of each group in `options`, then options.count
            let table = instance.credentials
            let asOf = instance.asOf
            for pi in participants {
                let p = instance.participants[pi]
                let firstRange = out.rangeLow.count
                // Programmes this participant can attend at all (rules 8, 10, 11), by group, then end date.
                options.removeAll(keepingCapacity: true)
                programmeGrid.forEach(near: p.location, radiusKm: p.maxCommuteKm) { ti in
                    let t = instance.programmes[Int(ti)]
                    if t.seats > 0 && Rules.rule8(p, t, asOf: asOf) && Rules.rule10(p, t)
                        && Rules.rule11(p, programmeDistanceKm: p.location.distanceKm(to: t.location))
                    {
                        options.append(ti)
                    }
                }
                options.sort { a, b in
                    let (ga, gb) = (groupOf[Int(a)], groupOf[Int(b)])
                    if ga != gb { return ga < gb }
                    let (ea, eb) = (programmeEnd[Int(a)], programmeEnd[Int(b)])
                    return ea != eb ? ea < eb : a < b
                }
                groupBounds.removeAll(keepingCapacity: true)
                for (o, t) in options.enumerated() where o == 0 || groupOf[Int(t)] != groupOf[Int(options[o - 1])] {
                    groupBounds.append(o)
                }
                groupBounds.append(options.count)

                // What rules 3–7 and the score ask of the participant, in the needs' terms.
                let available = p.availableFrom.number
                let hours = participantHours[pi]
                let driving = p.drivingLicence
                let excluded = p.excludedServices.compactMap { services[$0] }
                let preferred = p.preferredServices.compactMap { services[$0] }
                var clearances: UInt64 = 0
                if let clearanceBit { for c in p.clearances { if let b = clearanceBit[c] { clearances |= 1 << UInt64(b) } } }
                let urgency = scorer.urgencyTerm(p)
                let held = masks?.held(p)

                inReach.removeAll(keepingCapacity: true)
                needGrid.forEach(near: p.location, radiusKm: p.maxCommuteKm) { inReach.append($0) }
                inReach.sort()
                for ni32 in inReach {
                    let ni = Int(ni32)
                    let start = needStart[ni]
                    // Rules 3–7 are cheap; rule 2 needs the distance.
                    guard available <= start, hours >= needHours[ni], driving || !needDriving[ni],
                        !excluded.contains(needService[ni])
                    else { continue }
                    if clearanceBit != nil {
                        guard needClearances[ni] & ~clearances == 0 else { continue }
                    } else {
                        guard instance.needs[ni].requiresClearances.allSatisfy(p.clearances.contains) else { continue }
                    }
                    let distance = p.location.distanceKm(to: needLocation[ni])
                    guard Rules.rule2(p, distanceKm: distance) else { continue }
                    let base = needPriority[ni] + scorer.preferenceTerm(preferred.contains(needService[ni])) + urgency
                        + scorer.distanceTerm(distance)
                    let heldOnStart = held.map { masks!.valid($0, on: start) }
                    let direct: Bool
                    if let masks, let heldOnStart { direct = masks.satisfied(need: ni, held: heldOnStart) } else {
                        direct = Rules.rule1(p, instance.needs[ni], table: table).isEmpty
                    }
                    if direct { out.eligible += 1 }
                    // Rule 12, which only grows with a later end (rule 9 caps it at the start).
                    func qualifies(_ o: Int) -> Bool {
                        let ti = Int(options[o])
                        if let masks, let heldOnStart { return masks.satisfied(need: ni, held: heldOnStart | masks.granted(ti, on: start)) }
                        return Rules.rule12(p, instance.needs[ni], instance.programmes[ti], table: table).isEmpty
                    }
                    for g in 0..<(groupBounds.count - 1) {
                        let first = groupBounds[g]
                        // Rule 9: the options of the group that end by the start.
                        var lo = first, hi = groupBounds[g + 1]
                        while lo < hi {
                            let mid = (lo + hi) / 2
                            if programmeEnd[Int(options[mid])] <= start { lo = mid + 1 } else { hi = mid }
                        }
                        let high = lo
                        guard high > first, qualifies(high - 1) else { continue }
                        var low = first
                        if groupExpires[Int(groupOf[Int(options[first])])] {
                            lo = first
                            hi = high - 1
                            while lo < hi {
                                let mid = (lo + hi) / 2
                                if qualifies(mid) { hi = mid } else { lo = mid + 1 }
                            }
                            low = lo
                        }
                        out.eligible += high - low
                        // Keep the range only if some programme in it is worth a seat.
                        let floor = direct ? max(0, base) : 0
                        guard base + bestTraining > floor,
                            (low..<high).contains(where: { base + trainingScore[Int(options[$0])] > floor })
                        else { continue }
                        out.rangeLow.append(Int32(low))
                        out.rangeHigh.append(Int32(high))
                    }
                    if (direct && base > 0) || Int(out.arcRangeStart.last!) < out.rangeLow.count {
                        out.closeArc(need: ni32, base: base, direct: direct)
                    }
                }
                out.closeParticipant(firstRange: firstRange, options: options, groupOf: groupOf)
            }
            return out
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

    /// A credential held from day `from` through day `until` (inclusive).
    struct Held: Sendable {
        var mask: Mask
        var from: Int
        var until: Int
    }

    /// Clauses of need n: `clauses[clauseStart[n]..<clauseStart[n + 1]]`.
    let clauseStart: [Int]
    let clauses: [Mask]
    /// What each programme grants, each from its end through its expiry.
    let grants: [[Held]]

    init?(instance: Instance) {
        let table = instance.credentials
        guard table.codes.count <= 128 else { return nil }
        var start = [0]
        var clauses: [Mask] = []
        for n in instance.needs {
            for clause in n.requires { clauses.append(clause.reduce(Mask()) { $0 | Mask(bit: $1) }) }
            start.append(clauses.count)
        }
        clauseStart = start
        self.clauses = clauses
        grants = instance.programmes.map { t in
            t.grants.map { g in Held(mask: Mask(bit: g), from: t.end.number, until: table.validityDays[g].map { t.end.number + $0 } ?? .max) }
        }
        self.table = table
    }

    let table: CredentialTable

    /// A participant's credentials with the days each is valid.
    func held(_ p: Participant) -> [Held] {
        p.credentials.map { c in
            Held(mask: Mask(bit: c.credential), from: c.obtained.number,
                 until: table.validityDays[c.credential].map { c.obtained.number + $0 } ?? .max)
        }
    }

    func valid(_ held: [Held], on day: Int) -> Mask {
        var mask = Mask()
        for h in held where h.from <= day && day <= h.until { mask = mask | h.mask }
        return mask
    }

    func granted(_ ti: Int, on day: Int) -> Mask { valid(grants[ti], on: day) }

    func satisfied(need ni: Int, held: Mask) -> Bool {
        for k in clauseStart[ni]..<clauseStart[ni + 1] where !clauses[k].intersects(held) { return false }
        return true
    }
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

extension RouteSet {
    /// Which routes a participant may take in a (sub)problem.
    enum Restriction: Sendable {
        /// Every route, programmes at their seat price.
        case free
        /// Directly, or via this one programme (-1: directly only).
        case directOr(Int32)
        /// Via this programme only.
        case only(Int32)
        /// Every route but via these programmes.
        case excluding([Int32])

        var allowsDirect: Bool {
            if case .only = self { return false }
            return true
        }

        func allows(_ t: Int32) -> Bool {
            switch self {
            case .free: true
            case .directOr(let h), .only(let h): t == h
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
        case .directOr(let h): for t in priced.indices where t != Int(h) { priced[t] = Self.outOfReach }
        case .only: othersFree = false
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
                    let first = optionStart[p]
                    prefix.removeAll(keepingCapacity: true)
                    for o in first..<optionStart[p + 1] {
                        let t = Int(optionProgramme[o])
                        let v = trainingScore[t] - open[t]
                        prefix.append(o == Int(optionGroupStart[o]) ? v : max(v, prefix[o - first - 1]))
                    }
                    for a in arcStart[p]..<arcStart[p + 1] {
                        let base = arcBase[a]
                        var best = arcDirect[a] ? base : Int64.min
                        for r in Int(arcRangeStart[a])..<Int(arcRangeStart[a + 1]) {
                            let low = Int(rangeLow[r]), high = Int(rangeHigh[r])
                            if low == Int(optionGroupStart[low]) {
                                best = max(best, base + prefix[high - 1 - first])
                            } else {
                                for o in low..<high {
                                    let t = Int(optionProgramme[o])
                                    best = max(best, base + trainingScore[t] - open[t])
                                }
                            }
                        }
                        out.value[a] = max(best, 0)
                    }
                }
            }
        }
        return weight
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
        forEachProgramme(ofArc: a) { t in
            let v = base + trainingScore[Int(t)] - lambda[Int(t)]
            if v > best && restriction.allows(t) {
                best = v
                programme = t
            }
        }
        return (max(best, 0), programme)
    }

    /// A bound before any search: every participant gets their best route.
    func trivialBound() -> Int64 {
        let top = weights(lambda: [Int64](repeating: 0, count: programmeCount))
        var total: Int64 = 0
        for p in 0..<participantCount { total += top[arcStart[p]..<arcStart[p + 1]].max() ?? 0 }
        return total
    }
}
