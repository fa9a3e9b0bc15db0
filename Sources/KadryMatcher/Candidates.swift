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

    /// The routes, given up (thrown) when `deadline` (a `Clock` time) passes before they are all found.
    public init(instance: Instance, deadline: Double?) throws(RoutesUnfinished) {
        try self.init(instance: instance, chunks: nil, deadline: deadline)
    }

    init(instance: Instance, chunks: Int?) {
        do { try self.init(instance: instance, chunks: chunks, deadline: nil) } catch { fatalError("\(error)") }
    }

    /// With `chunks`, participants are split into that many runs (tests check that the split changes nothing).
    init(instance: Instance, chunks: Int?, deadline: Double?) throws(RoutesUnfinished) {
        let started = Clock.now()
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
            throw .timeLimit(seconds: Clock.now() - started, participantsDone: parts.reduce(0) { $0 + $1.arcStart.count - 1 }, of: count)
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
        /// Whether the deadline passed before every participant was done.
        var stopped = false

        init() {}

        /// The parts' participants one after another, copied on all cores.
        init(joining parts: [Builder]) {
            var arcs = [0], ranges = [0], options = [0]
            for part in parts {
                arcs.append(arcs.last! + part.arcNeed.count)
                ranges.append(ranges.last! + part.rangeLow.count)
                options.append(options.last! + part.optionProgramme.count)
            }
            // Every part's index arrays but the first drop their leading zero and are shifted.
            func tail<T>(_ k: Int, _ a: [T]) -> ArraySlice<T> { k == 0 ? a[...] : a.dropFirst() }
            let optionShift = options.dropLast().map { Int32($0) }
            arcStart = Self.joined(parts.enumerated().map { tail($0, $1.arcStart) }, shifts: Array(arcs.dropLast()))
            arcNeed = Self.joined(parts.map { $0.arcNeed[...] })
            arcBase = Self.joined(parts.map { $0.arcBase[...] })
            arcDirect = Self.joined(parts.map { $0.arcDirect[...] })
            arcRangeStart = Self.joined(parts.enumerated().map { tail($0, $1.arcRangeStart) }, shifts: ranges.dropLast().map { Int32($0) })
            rangeLow = Self.joined(parts.map { $0.rangeLow[...] }, shifts: optionShift)
            rangeHigh = Self.joined(parts.map { $0.rangeHigh[...] }, shifts: optionShift)
            optionStart = Self.joined(parts.enumerated().map { tail($0, $1.optionStart) }, shifts: Array(options.dropLast()))
            optionProgramme = Self.joined(parts.map { $0.optionProgramme[...] })
            optionGroupStart = Self.joined(parts.map { $0.optionGroupStart[...] }, shifts: optionShift)
            eligible = parts.reduce(0) { $0 + $1.eligible }
        }

        /// Slices laid end to end, each element of slice k raised by `shifts[k]`; slices are copied on all cores.
        static func joined<T: FixedWidthInteger & Sendable>(_ slices: [ArraySlice<T>], shifts: [T]) -> [T] {
            joined(slices) { k, v in v + shifts[k] }
        }

        static func joined<T: Sendable>(_ slices: [ArraySlice<T>]) -> [T] { joined(slices) { _, v in v } }

        private static func joined<T: Sendable>(_ slices: [ArraySlice<T>], _ map: @Sendable (Int, T) -> T) -> [T] {
            let start = slices.reduce(into: [0]) { $0.append($0.last! + $1.count) }
            return [T](unsafeUninitializedCapacity: start.last!) { buffer, initialized in
                let out = UncheckedSendable(buffer)
                DispatchQueue.concurrentPerform(iterations: slices.count) { k in
                    var i = start[k]
                    for v in slices[k] {
                        (out.value.baseAddress! + i).initialize(to: map(k, v))
                        i += 1
                    }
                }
                initialized = start.last!
            }
        }

        /// Capacity for `factor` times what is held now, in each array.
        mutating func reserve(times factor: Double) {
            func grow<T>(_ a: inout [T]) { a.reserveCapacity(Int(Double(a.count) * factor) + 16) }
            grow(&arcStart)
            grow(&arcNeed)
            grow(&arcBase)
            grow(&arcDirect)
            grow(&arcRangeStart)
            grow(&rangeLow)
            grow(&rangeHigh)
            grow(&optionStart)
            grow(&optionProgramme)
            grow(&optionGroupStart)
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
        /// What rules 2–7 and the score read of each need, side by side: a scan
        /// visits needs in no useful memory order, so each one is a single 64-byte read.
        let needFacts: [NeedFacts]
        let participantHours: [Int32]
        let services: [String: Int32]
        /// Clearances as bits when there are at most 64 kinds (else nil: compared as strings).
        let clearanceBit: [String: Int]?

        struct NeedFacts: Sendable {
            var start: Int
            /// Hours per week as a rank (equal values, equal ranks): rule 4 compares integers.
            var hours: Int32
            var service: Int32
            var driving: Bool
            /// Clearances as bits (0 when `clearanceBit` is nil).
            var clearances: UInt64
            var priority: Int64
            var location: Location
            var cosLatitude: Double
        }

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
            var services: [String: Int32] = [:]
            let needService = instance.needs.map { n in
                if let id = services[n.service] { return id }
                services[n.service] = Int32(services.count)
                return Int32(services.count - 1)
            }
            self.services = services
            let hours = instance.participants.map(\.hoursPerWeek) + instance.needs.map(\.hoursPerWeek)
            var rank = [Int32](repeating: 0, count: hours.count)
            var current: Int32 = 0
            let order = hours.indices.sorted { hours[$0] < hours[$1] }
            for (k, i) in order.enumerated() {
                if k > 0 && hours[order[k - 1]] < hours[i] { current += 1 }
                rank[i] = current
            }
            participantHours = Array(rank[..<instance.participants.count])
            let kinds = Set(instance.needs.flatMap(\.requiresClearances)).sorted()
            let bit = kinds.count <= 64 ? Dictionary(uniqueKeysWithValues: kinds.enumerated().map { ($1, $0) }) : nil
            clearanceBit = bit
            let P = instance.participants.count
            needFacts = instance.needs.enumerated().map { ni, n in
                NeedFacts(
                    start: n.start.number, hours: rank[P + ni], service: needService[ni], driving: n.requiresDrivingLicence,
                    clearances: bit.map { bit in n.requiresClearances.reduce(UInt64(0)) { $0 | 1 << UInt64(bit[$1]!) } } ?? 0,
                    priority: scorer.priorityTerm(n.priority), location: n.location, cosLatitude: n.location.cosLatitude)
            }
        }

        func build(_ participants: Range<Int>, deadline: Double? = nil) -> Builder {
            var out = Builder()
            var inReach: [Int32] = []
            var options: [Int32] = []
            var groupBounds: [Int] = []  // start of each group in `options`, then options.count
            var groupMask: [CredentialMasks.Mask] = []  // what each group can grant
            var optionEnd: [Int] = []  // the options' end days, in option order
            var endsSorted: [Int] = []  // the same days ascending
            // Locals, so that the closures below capture these and not a copy of the whole
            // context (which showed as 8 % of the time in retains and releases).
            let instance = self.instance, groupOf = self.groupOf, programmeEnd = self.programmeEnd
            let trainingScore = self.trainingScore, masks = self.masks, scorer = self.scorer
            let table = instance.credentials
            let asOf = instance.asOf
            let sample = 256
            for pi in participants {
                if let deadline, (pi - participants.lowerBound) % 64 == 0, Clock.now() > deadline {
                    out.stopped = true
                    break
                }
                if pi - participants.lowerBound == sample {
                    // Room for the whole run as the first participants suggest: growing by doubling
                    // copies every array about twice and touches twice the fresh memory.
                    out.reserve(times: 1.1 * Double(participants.count) / Double(sample))
                }
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
                optionEnd.removeAll(keepingCapacity: true)
                for t in options { optionEnd.append(programmeEnd[Int(t)]) }
                endsSorted.removeAll(keepingCapacity: true)
                endsSorted.append(contentsOf: optionEnd)
                endsSorted.sort()
                if let masks {
                    groupMask.removeAll(keepingCapacity: true)
                    for g in 0..<(groupBounds.count - 1) { groupMask.append(masks.grantable[Int(options[groupBounds[g]])]) }
                }

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
                let cosLatitude = p.location.cosLatitude

                inReach.removeAll(keepingCapacity: true)
                needGrid.forEach(near: p.location, radiusKm: p.maxCommuteKm) { inReach.append($0) }
                inReach.sort()
                for ni32 in inReach {
                    let ni = Int(ni32)
                    let need = needFacts[ni]
                    let start = need.start
                    // Rules 3–7 are cheap; rule 2 needs the distance.
                    guard available <= start, hours >= need.hours, driving || !need.driving,
                        !excluded.contains(need.service)
                    else { continue }
                    if clearanceBit != nil {
                        guard need.clearances & ~clearances == 0 else { continue }
                    } else {
                        guard instance.needs[ni].requiresClearances.allSatisfy(p.clearances.contains) else { continue }
                    }
                    let distance = p.location.distanceKm(to: need.location, cosLatitude: cosLatitude, otherCosLatitude: need.cosLatitude)
                    guard Rules.rule2(p, distanceKm: distance) else { continue }
                    let base = need.priority + scorer.preferenceTerm(preferred.contains(need.service)) + urgency
                        + scorer.distanceTerm(distance)
                    let heldOnStart = held.map { masks!.valid($0, on: start) }
                    let direct: Bool
                    if let masks, let heldOnStart { direct = masks.satisfied(need: ni, held: heldOnStart) } else {
                        direct = Rules.rule1(p, instance.needs[ni], table: table).isEmpty
                    }
                    if direct { out.eligible += 1 }
                    let floor = direct ? max(0, base) : 0
                    if direct {
                        // Every programme that ends in time qualifies (credentials only add up).
                        out.eligible += Self.firstAfter(start, in: endsSorted[...])
                        if base + bestTraining <= floor {
                            // No via route can beat going directly.
                            if base > 0 { out.closeArc(need: ni32, base: base, direct: true) }
                            continue
                        }
                    }
                    // Rule 12, which only grows with a later end (rule 9 caps it at the start).
                    func qualifies(_ o: Int) -> Bool {
                        let ti = Int(options[o])
                        if let masks, let heldOnStart { return masks.satisfied(need: ni, held: heldOnStart | masks.granted(ti, on: start)) }
                        return Rules.rule12(p, instance.needs[ni], instance.programmes[ti], table: table).isEmpty
                    }
                    for g in 0..<(groupBounds.count - 1) {
                        // A group that cannot close the gap even with all it grants is skipped unsearched.
                        if !direct, let masks, let heldOnStart, !masks.satisfied(need: ni, held: heldOnStart | groupMask[g]) { continue }
                        let first = groupBounds[g]
                        // Rule 9: the options of the group that end by the start.
                        let high = Self.firstAfter(start, in: optionEnd[first..<groupBounds[g + 1]])
                        guard high > first, direct || qualifies(high - 1) else { continue }
                        var low = first
                        if !direct && groupExpires[Int(groupOf[Int(options[first])])] {
                            var lo = first, hi = high - 1
                            while lo < hi {
                                let mid = (lo + hi) / 2
                                if qualifies(mid) { hi = mid } else { lo = mid + 1 }
                            }
                            low = lo
                        }
                        if !direct { out.eligible += high - low }
                        // Keep the range only if some programme in it is worth a seat.
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

        /// The index of the first of `sorted` (ascending) after `day`, or its end index.
        static func firstAfter(_ day: Int, in sorted: ArraySlice<Int>) -> Int {
            var lo = sorted.startIndex, hi = sorted.endIndex
            while lo < hi {
                let mid = (lo + hi) / 2
                if sorted[mid] <= day { lo = mid + 1 } else { hi = mid }
            }
            return lo
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
    /// What programme t grants, each from its end through its expiry: `grants[grantStart[t]..<grantStart[t + 1]]`
    /// (one array, not one per programme: read for every participant–need pair).
    let grantStart: [Int]
    let grants: [Held]
    /// What each programme grants at all, whenever valid.
    let grantable: [Mask]

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
        var grantStart = [0]
        var grants: [Held] = []
        for t in instance.programmes {
            for g in t.grants {
                grants.append(Held(mask: Mask(bit: g), from: t.end.number, until: table.validityDays[g].map { t.end.number + $0 } ?? .max))
            }
            grantStart.append(grants.count)
        }
        self.grantStart = grantStart
        self.grants = grants
        grantable = instance.programmes.map { t in t.grants.reduce(Mask()) { $0 | Mask(bit: $1) } }
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

    func valid(_ held: some Collection<Held>, on day: Int) -> Mask {
        var mask = Mask()
        for h in held where h.from <= day && day <= h.until { mask = mask | h.mask }
        return mask
    }

    func granted(_ ti: Int, on day: Int) -> Mask { valid(grants[grantStart[ti]..<grantStart[ti + 1]], on: day) }

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
        // Read through buffers: every relaxation runs this once for each arc (measured at 100,000
        // participants, medians of 20 calls on parts of 916,048 / 1,333,723 / 5,168,121 arcs:
        // 18.8 / 27.4–33.0 / 119–121 ms against 24.3 / 35.8–35.9 / 149–154 ms through the arrays).
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

    /// A bound before any search: every participant gets their best route.
    func trivialBound() -> Int64 {
        let top = weights(lambda: [Int64](repeating: 0, count: programmeCount))
        var total: Int64 = 0
        for p in 0..<participantCount { total += top[arcStart[p]..<arcStart[p + 1]].max() ?? 0 }
        return total
    }
}
