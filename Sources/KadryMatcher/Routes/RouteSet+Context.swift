import Dispatch
import KadryCore

#if canImport(Glibc)
import Glibc
#endif

extension RouteSet {
    /// What is computed once per instance and read by every participant's scan:
    /// the needs field by field (the inner loop copies no structs), strings
    /// interned, credentials as bit masks.
    struct Context: Sendable {
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
                if let deadline, (pi - participants.lowerBound) % 64 == 0, Monotonic.now() > deadline {
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
