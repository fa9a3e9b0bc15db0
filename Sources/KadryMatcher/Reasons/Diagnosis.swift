import Dispatch
import KadryCore

/// Explains a solution: for each unplaced participant and each open position,
/// the rule that blocked it or the placements that outscored it.
///
/// Whoever has no route at all (a participant with no need they could take, a need
/// nobody could take) is explained before any answer exists (`blocked`): at 100,000
/// participants that is about three fifths of the explaining, and done before the search it
/// is measured rather than estimated. The rest needs the answer (`record`).
struct Diagnosis {
    let instance: Instance
    let routes: RouteSet
    let eligibility: Eligibility
    let scorer: Scorer
    let needGrid: SpatialGrid
    let participantGrid: SpatialGrid
    let programmeGrid: SpatialGrid
    let longestCommute: Double
    /// How many needs (for a participant) or participants (for a need) nearby are examined for reasons.
    static let nearest = 8
    static let sample = 200
    /// Placement per participant and the placements of each need.
    var placedNeed: [Int: Candidate] = [:]
    var needPlacements: [[Candidate]]
    /// The lowest score placed in each need (nil: nobody placed there).
    var weakest: [Int64?]
    /// Whether each programme's seats are all used.
    var programmeFull: [Bool]
    /// Where each participant lives and how far they commute, read for every need searched around
    /// (a participant's whole record, copied, cost more than the distance).
    let participantReach: [(location: Location, cosLatitude: Double, maxCommuteKm: Double)]
    /// Each need's place and the cosine of its latitude, for the participants measured to many of them.
    let needPlaces: [(location: Location, cosLatitude: Double)]

    init(instance: Instance, routes: RouteSet) {
        self.instance = instance
        self.routes = routes
        eligibility = Eligibility(instance: instance)
        scorer = Scorer(instance: instance)
        needGrid = SpatialGrid(instance.needs.map(\.location))
        participantGrid = SpatialGrid(instance.participants.map(\.location))
        programmeGrid = SpatialGrid(instance.programmes.map(\.location))
        longestCommute = instance.participants.map(\.maxCommuteKm).max() ?? 0
        participantReach = instance.participants.map { ($0.location, $0.location.cosLatitude, $0.maxCommuteKm) }
        needPlaces = instance.needs.map { ($0.location, $0.location.cosLatitude) }
        needPlacements = Array(repeating: [], count: instance.needs.count)
        weakest = Array(repeating: nil, count: instance.needs.count)
        programmeFull = Array(repeating: false, count: instance.programmes.count)
    }

    /// The reasons of those who have no route at all, before any answer: participants with
    /// no need they could take, and needs with positions that nobody could take.
    struct Blocked {
        var participants: [Int: [Reason]]
        var needs: [Int: [Reason]]
    }

    func blocked() -> Blocked {
        let participants = inChunks(count: routes.participantCount) { range in
            range.compactMap { pi in routes.arcStart[pi] == routes.arcStart[pi + 1] ? (pi, blockedParticipant(pi)) : nil }
        }
        var untouched = [Bool](repeating: true, count: instance.needs.count)
        for n in routes.arcNeed { untouched[Int(n)] = false }
        let nobody = instance.needs.indices.filter { untouched[$0] && instance.needs[$0].positions > 0 }
        let needs = inChunks(count: nobody.count) { range in range.map { (nobody[$0], blockedNeed(nobody[$0])) } }
        return Blocked(participants: Dictionary(uniqueKeysWithValues: participants.joined()),
                       needs: Dictionary(uniqueKeysWithValues: needs.joined()))
    }

    /// Reads the answer that the rest of the reasons explain.
    mutating func record(_ solution: Solution) {
        var programmeUse = [Int](repeating: 0, count: instance.programmes.count)
        for c in solution.placements {
            placedNeed[Int(c.participant)] = c
            needPlacements[Int(c.need)].append(c)
            weakest[Int(c.need)] = min(weakest[Int(c.need)] ?? c.score, c.score)
            if c.programme >= 0 { programmeUse[Int(c.programme)] += 1 }
        }
        programmeFull = instance.programmes.indices.map { programmeUse[$0] >= instance.programmes[$0].seats }
    }

    func unplaced(_ blocked: Blocked) -> [(participant: Int, reasons: [Reason])] {
        let out = inChunks(count: instance.participants.count) { range in
            range.compactMap { pi -> (participant: Int, reasons: [Reason])? in
                guard placedNeed[pi] == nil else { return nil }
                return (pi, blocked.participants[pi] ?? outscored(pi))
            }
        }
        return out.flatMap { $0 }
    }

    /// What the routes into needs with open positions show, counted per need.
    struct Contest {
        /// Participants with a route into the need.
        var eligible: [Int32]
        /// Of those, the ones placed in another need.
        var elsewhere: [Int32]
        /// Participants left unplaced who could take the need via a full programme (scoring
        /// more than going directly) ...
        var seatBound: [Int32]
        /// ... and those programmes.
        var fullProgrammes: [[Int32]]

        init(needs: Int) {
            eligible = [Int32](repeating: 0, count: needs)
            elsewhere = eligible
            seatBound = eligible
            fullProgrammes = [[Int32]](repeating: [], count: needs)
        }

        mutating func add(_ other: Contest) {
            for n in eligible.indices {
                eligible[n] += other.eligible[n]
                elsewhere[n] += other.elsewhere[n]
                seatBound[n] += other.seatBound[n]
                for t in other.fullProgrammes[n] where !fullProgrammes[n].contains(t) { fullProgrammes[n].append(t) }
            }
        }
    }

    func unfilled(_ blocked: Blocked) -> [(need: Int, open: Int, reasons: [Reason])] {
        // Only the routes into needs with open positions are counted, and the programmes
        // of those only for participants left unplaced (the placed ones took something better).
        let N = instance.needs.count
        let open = (0..<N).map { needPlacements[$0].count < instance.needs[$0].positions }
        let full = programmeFull
        let words = (instance.programmes.count + 63) / 64
        let anyFull = full.contains(true)
        let parts = inChunks(count: routes.participantCount, perCore: 1) { range in
            var contest = Contest(needs: N)
            var seen = [UInt64](repeating: 0, count: anyFull ? N * words : 0)  // (need, full programme) pairs listed
            for pi in range {
                let placed = placedNeed[pi].map { Int($0.need) }
                for a in routes.arcStart[pi]..<routes.arcStart[pi + 1] {
                    let ni = Int(routes.arcNeed[a])
                    guard open[ni] else { continue }
                    contest.eligible[ni] += 1
                    if let placed, placed != ni { contest.elsewhere[ni] += 1 }
                    guard placed == nil, anyFull else { continue }
                    let base = routes.arcBase[a]
                    let floor = routes.arcDirect[a] ? max(0, base) : 0
                    var bound = false
                    routes.forEachProgramme(ofArc: a) { t in
                        guard full[Int(t)], base + routes.trainingScore[Int(t)] > floor else { return }
                        bound = true
                        let bit = ni * words + Int(t) / 64
                        let mask = UInt64(1) << (UInt64(t) % 64)
                        if seen[bit] & mask == 0 {
                            seen[bit] |= mask
                            contest.fullProgrammes[ni].append(t)
                        }
                    }
                    if bound { contest.seatBound[ni] += 1 }
                }
            }
            return contest
        }
        var contest = Contest(needs: N)
        for part in parts { contest.add(part) }
        let unfilled = instance.needs.indices.filter { needPlacements[$0].count < instance.needs[$0].positions }
        return inChunks(count: unfilled.count) { range in
            range.map { k in
                let ni = unfilled[k]
                let open = instance.needs[ni].positions - needPlacements[ni].count
                // A need nobody has a route into is in `blocked` (it has positions, or it would not be open).
                return (ni, open, blocked.needs[ni] ?? untaken(ni, contest))
            }
        }.flatMap { $0 }
    }

    /// `body` over consecutive ranges of 0..<count, on every core; the results in order.
    private func inChunks<T>(count: Int, perCore: Int = 4, _ body: (Range<Int>) -> T) -> [T] {
        let chunks = max(1, min(Machine.cores * perCore, count / 1024))
        var results = [T?](repeating: nil, count: chunks)
        results.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedSendable(buffer)
            withoutActuallyEscaping(body) { body in
                let work = UncheckedSendable(body)
                DispatchQueue.concurrentPerform(iterations: chunks) { k in
                    out.value[k] = work.value((count * k / chunks)..<(count * (k + 1) / chunks))
                }
            }
        }
        return results.map { $0! }
    }

    // MARK: participants

    private func blockedParticipant(_ pi: Int) -> [Reason] {
        let p = instance.participants[pi]
        guard !instance.needs.isEmpty else { return [Reason(kind: .noCandidate, message: "there are no needs in this instance", polish: "w tym zestawie nie ma żadnych potrzeb kadrowych")] }
        var inReach: [(need: Int, km: Double)] = []
        let cosLatitude = p.location.cosLatitude
        needGrid.forEach(near: p.location, radiusKm: p.maxCommuteKm) { ni in
            let n = needPlaces[Int(ni)]
            let d = p.location.distanceKm(to: n.location, cosLatitude: cosLatitude, otherCosLatitude: n.cosLatitude)
            if d <= p.maxCommuteKm { inReach.append((Int(ni), d)) }
        }
        if inReach.isEmpty {
            let (nearest, d) = nearestNeed(to: p.location)
            let extra = d - p.maxCommuteKm
            return [Reason(kind: .noNeedInReach, rules: [2],
                           message: "no need within the commute limit of \(km(p.maxCommuteKm)); the nearest, \(instance.needs[nearest].id), is \(km(d)) away (a commute \(km(extra.rounded(.up))) longer would reach it)",
                           polish: "żadne miejsce pracy nie mieści się w limicie dojazdu \(Polish.km(p.maxCommuteKm)); najbliższe, \(instance.needs[nearest].id), jest oddalone o \(Polish.km(d)) (dojazd dłuższy o \(Polish.km(extra.rounded(.up))) by je obejmował)")]
        }
        // The nearest needs in reach, each with its least-blocked route through the programmes in reach.
        var programmes: [Int] = []
        programmeGrid.forEach(near: p.location, radiusKm: p.maxCommuteKm) { programmes.append(Int($0)) }
        programmes.sort()
        let nearby = Nearest.first(Self.nearest, of: inReach) { ($0.km, $0.need) < ($1.km, $1.need) }
        // Only a programme that grants something the need accepts can be a closer route than going directly.
        let fits = nearby.map { ni, d in
            let accepted = instance.needs[ni].requires.joined()
            let useful = programmes.filter { ti in instance.programmes[ti].grants.contains(where: accepted.contains) }
            return (ni, d, eligibility.closestRoute(participant: pi, need: ni, programmes: useful))
        }
            .sorted { ($0.2.violations.count, $0.1, $0.0) < ($1.2.violations.count, $1.1, $1.0) }
        return fits.prefix(2).map { ni, _, verdict in
            let n = instance.needs[ni]
            let via = verdict.route.programme.map { " via \(instance.programmes[$0].id)" } ?? " directly"
            let viaPolish = verdict.route.programme.map { " po szkoleniu \(instance.programmes[$0].id)" } ?? " bez szkolenia"
            return Reason(kind: .blockedByRule, rules: verdict.violations.map(\.rule),
                          message: "closest fit \(n.id) (\(n.title))\(via): " + verdict.violations.map(\.description).joined(separator: "; "),
                          polish: "najbliżej pasuje \(n.id) (\(n.title))\(viaPolish): " + verdict.violations.map(\.polishDescription).joined(separator: "; "))
        }
    }

    /// The nearest need to a place, widening the search until one turns up.
    private func nearestNeed(to location: Location) -> (Int, Double) {
        var radius = max(longestCommute, 10) * 2
        while radius < 40_000 {
            var best: (Int, Double)?
            needGrid.forEach(near: location, radiusKm: radius) { ni in
                let d = location.distanceKm(to: instance.needs[Int(ni)].location)
                if d <= radius, best == nil || (d, Int(ni)) < (best!.1, best!.0) { best = (Int(ni), d) }
            }
            if let best { return best }
            radius *= 4
        }
        let all = instance.needs.indices.map { ($0, location.distanceKm(to: instance.needs[$0].location)) }
        return all.min { ($0.1, $0.0) < ($1.1, $1.0) }!
    }

    /// Why someone with routes stayed out: each need they could take went to
    /// better placements, or the programmes that would qualify them were full.
    private func outscored(_ pi: Int) -> [Reason] {
        var reasons: [Reason] = []
        var open: [(need: Int32, score: Int64)] = []  // the best route into each need with a free seat or none needed
        var fullProgrammes: [Int32] = []
        var noted = [Bool](repeating: false, count: instance.programmes.count)
        for a in routes.arcStart[pi]..<routes.arcStart[pi + 1] {
            let base = routes.arcBase[a]
            let floor = routes.arcDirect[a] ? max(0, base) : 0
            var best: Int64? = routes.arcDirect[a] && base > 0 ? base : nil
            routes.forEachProgramme(ofArc: a) { t in
                let score = base + routes.trainingScore[Int(t)]
                guard score > floor else { return }
                if !programmeFull[Int(t)] {
                    best = max(best ?? score, score)
                } else if !noted[Int(t)] {
                    noted[Int(t)] = true
                    fullProgrammes.append(t)
                }
            }
            if let best { open.append((routes.arcNeed[a], best)) }
        }
        if !open.isEmpty {
            // The smallest gap between this participant and the weakest placement in a need they could take.
            let gaps = open.compactMap { need, score -> (Int32, Int64)? in
                weakest[Int(need)].map { (need, $0 - score) }
            }
            if let (need, gap) = gaps.min(by: { $0.1 < $1.1 }) {
                let names = open.map { instance.needs[Int($0.need)].id }
                let shown = listed(names)
                let closest = instance.needs[Int(need)].id
                reasons.append(Reason(kind: .outscored,
                    message: "eligible for \(listing(first: shown, of: names.count)), but every position there went to a higher-scoring placement; the closest, \(closest), was taken with \(scorer.format(gap)) points more",
                    polish: "spełnia warunki dla: \(Polish.listing(first: shown, of: names.count)), ale wszystkie te stanowiska przypadły osobom z wyższą punktacją; najbliżej było w \(closest), obsadzonej z przewagą \(Polish.number(scorer.format(gap))) pkt"))
            }
        }
        if !fullProgrammes.isEmpty {
            let programmes = fullProgrammes.map { instance.programmes[Int($0)].id }.sorted()
            reasons.append(Reason(kind: .seatsTaken, rules: [15],
                message: "could qualify via \(listing(programmes)), but its seats all went to higher-scoring placements (one more seat in \(programmes[0]) could place them)",
                polish: "osoba mogłaby uzyskać kwalifikacje na szkoleniu: \(Polish.listing(programmes)), ale wszystkie miejsca zajęły osoby z wyższą punktacją (jedno miejsce więcej w \(programmes[0]) pozwoliłoby ją skierować)"))
        }
        if reasons.isEmpty {
            reasons.append(Reason(kind: .outscored, message: "placing them would lower the total score",
                                  polish: "skierowanie tej osoby obniżyłoby łączną punktację"))
        }
        return reasons
    }

    // MARK: needs

    private func blockedNeed(_ ni: Int) -> [Reason] {
        let n = instance.needs[ni]
        var reach: [(participant: Int, km: Double)] = []
        let cosLatitude = n.location.cosLatitude
        participantGrid.forEach(near: n.location, radiusKm: longestCommute) { pi in
            let p = participantReach[Int(pi)]
            let d = p.location.distanceKm(to: n.location, cosLatitude: p.cosLatitude, otherCosLatitude: cosLatitude)
            if d <= p.maxCommuteKm { reach.append((Int(pi), d)) }
        }
        // The nearest participants in reach stand for the rest.
        let inReach = Nearest.first(Self.sample, of: reach) { ($0.km, $0.participant) < ($1.km, $1.participant) }.map(\.participant)
        if inReach.isEmpty {
            return [Reason(kind: .noNeedInReach, rules: [2], message: "no participant lives within their commute limit of this need",
                           polish: "żaden uczestnik nie mieszka w swoim limicie dojazdu do tego miejsca pracy")]
        }
        // Which rules block the participants in reach from taking it directly?
        var counts: [Int: Int] = [:]
        var example: [Int: Int] = [:]
        for pi in inReach {
            for rule in eligibility.brokenRules(participant: pi, need: ni, route: .direct) {
                counts[rule, default: 0] += 1
                if example[rule] == nil { example[rule] = pi }
            }
        }
        var reasons = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(3).map { rule, count in
            let pi = example[rule]!
            let why = eligibility.texts(rule: rule, participant: pi, need: ni, route: .direct)
            let nearest = reach.count > inReach.count
            let ofWhom = Polish.plural(inReach.count, "uczestnika", "uczestników", "uczestników")
            return Reason(kind: .blockedByRule, rules: [rule],
                          message: "\(count) of the \(inReach.count) \(nearest ? "nearest " : "")participants within reach are blocked by rule \(rule) (e.g. \(instance.participants[pi].id): \(why.en))",
                          polish: "\(count) z \(inReach.count) \(nearest ? "najbliższych " : "")\(ofWhom) w zasięgu nie spełnia reguły \(rule) (np. \(instance.participants[pi].id): \(why.pl))")
        }
        if counts[1] != nil { reasons.append(trainingGap(ni)) }
        return reasons
    }

    /// What training could close the credential gap of a need, and why it does not.
    private func trainingGap(_ ni: Int) -> Reason {
        let n = instance.needs[ni]
        let codes = Set(n.requires.flatMap { $0 })
        let granting = instance.programmes.indices.filter { !codes.isDisjoint(with: instance.programmes[$0].grants) }
        let needed = eligibility.describe(Array(n.requires.indices), of: n)
        if granting.isEmpty {
            return Reason(kind: .noCandidate, message: "no training programme grants what the need asks for (\(needed))",
                          polish: "żadne szkolenie nie daje uprawnień, których wymaga ta potrzeba (\(eligibility.describe(Array(n.requires.indices), of: n, polish: true)))")
        }
        let late = granting.filter { !Rules.rule9(instance.programmes[$0], n) }
        if late.count == granting.count {
            let closest = late.min { instance.programmes[$0].end < instance.programmes[$1].end }!
            let t = instance.programmes[closest]
            let days = t.end - n.start
            return Reason(kind: .blockedByRule, rules: [9],
                          message: "the programmes that grant it end after the start; the nearest, \(t.id), ends on \(Language.en.prose(t.end)) (a cohort ending \(days) day(s) earlier would be in time)",
                          polish: "szkolenia dające te uprawnienia kończą się po rozpoczęciu pracy; najwcześniejsze, \(t.id), kończy się \(Language.pl.prose(t.end)) (edycja kończąca się \(Polish.days(days)) wcześniej zdążyłaby)")
        }
        let names = granting.filter { Rules.rule9(instance.programmes[$0], n) }.map { instance.programmes[$0].id }
        return Reason(kind: .blockedByRule, rules: [8, 10, 11, 12],
                      message: "\(listing(names)) end in time but no participant within reach can attend one of them and qualify (start date, education, distance or the rest of the requirements)",
                      polish: names.count == 1
                          ? "szkolenie \(names[0]) kończy się na czas, ale żaden uczestnik w zasięgu nie może w nim uczestniczyć i uzyskać kwalifikacji (termin rozpoczęcia, wykształcenie, odległość lub pozostałe wymagania)"
                          : "szkolenia \(Polish.listing(names)) kończą się na czas, ale żaden uczestnik w zasięgu nie może w nich uczestniczyć i uzyskać kwalifikacji (termin rozpoczęcia, wykształcenie, odległość lub pozostałe wymagania)")
    }

    private func untaken(_ ni: Int, _ contest: Contest) -> [Reason] {
        var reasons: [Reason] = []
        if contest.elsewhere[ni] > 0 {
            let (elsewhere, eligible) = (Int(contest.elsewhere[ni]), Int(contest.eligible[ni]))
            reasons.append(Reason(kind: .outscored,
                message: "\(elsewhere) of the \(eligible) eligible participants were placed in other needs where they score more",
                polish: "\(elsewhere) z \(eligible) \(Polish.plural(eligible, "uprawnionego uczestnika", "uprawnionych uczestników", "uprawnionych uczestników")) skierowano do innych potrzeb, w których \(elsewhere == 1 ? "ma" : "mają") wyższą punktację"))
        }
        if contest.seatBound[ni] > 0 {
            let programmes = contest.fullProgrammes[ni].map { instance.programmes[Int($0)].id }.sorted()
            let bound = Int(contest.seatBound[ni])
            reasons.append(Reason(kind: .seatsTaken, rules: [15],
                message: "\(bound) participants could qualify via \(listing(programmes)), but the seats are used by higher-scoring placements",
                polish: "\(bound) \(Polish.plural(bound, "osoba mogłaby", "osoby mogłyby", "osób mogłoby")) uzyskać kwalifikacje na szkoleniu: \(Polish.listing(programmes)), ale miejsca zajęły osoby z wyższą punktacją"))
        }
        if reasons.isEmpty {
            reasons.append(Reason(kind: .outscored, message: "the eligible participants are placed elsewhere",
                                  polish: "uprawnieni uczestnicy zostali skierowani gdzie indziej"))
        }
        return reasons
    }

    /// Up to six names, or five and how many more: a reason stays readable.
    private func listing(_ names: [String]) -> String {
        names.count <= 6 ? names.joined(separator: ", ") : listing(first: names.prefix(5), of: names.count)
    }

    /// The names `listing(names.sorted())` shows (all of up to six, else the first five),
    /// without sorting them all (a participant may be eligible for hundreds of needs).
    private func listed(_ names: [String]) -> ArraySlice<String> {
        guard names.count > 6 else { return names.sorted()[...] }
        var first: [String] = []
        for name in names where first.count < 5 || name < first[4] {
            first.insert(name, at: first.firstIndex { name < $0 } ?? first.count)
            if first.count > 5 { first.removeLast() }
        }
        return first[...]
    }

    /// The names shown, and how many more there are when not all are.
    private func listing(first: ArraySlice<String>, of total: Int) -> String {
        first.joined(separator: ", ") + (first.count < total ? " and \(total - first.count) more" : "")
    }

    private func km(_ d: Double) -> String { "\((d * 10).rounded() / 10) km" }
}

/// The first few of many in an order, without sorting them all: a reason names the
/// nearest needs or participants of thousands in reach (measured at 100,000
/// participants: sorting them all was a fifth of the time spent explaining).
enum Nearest {
    /// The `k` first elements of `items` by `less` (a strict total order), in that order.
    static func first<T>(_ k: Int, of items: [T], by less: (T, T) -> Bool) -> [T] {
        guard items.count > k else { return items.sorted(by: less) }
        var heap: [T] = []  // a max-heap of the k first so far: the last of them on top
        heap.reserveCapacity(k)
        for item in items {
            if heap.count < k {
                heap.append(item)
                var i = heap.count - 1
                while i > 0, less(heap[(i - 1) / 2], heap[i]) {
                    heap.swapAt(i, (i - 1) / 2)
                    i = (i - 1) / 2
                }
            } else if k > 0, less(item, heap[0]) {
                heap[0] = item
                var i = 0
                while true {
                    let (l, r) = (2 * i + 1, 2 * i + 2)
                    var top = i
                    if l < k, less(heap[top], heap[l]) { top = l }
                    if r < k, less(heap[top], heap[r]) { top = r }
                    if top == i { break }
                    heap.swapAt(i, top)
                    i = top
                }
            }
        }
        return heap.sorted(by: less)
    }
}
