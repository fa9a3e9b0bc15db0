import KadryCore

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
public struct CandidateSet: Sendable {
    public let candidates: [Candidate]
    /// How many triples passed every rule before dominated ones were dropped.
    public let eligibleTriples: Int

    public init(instance: Instance) {
        let scorer = Scorer(instance: instance)
        let table = instance.credentials
        let asOf = instance.asOf
        let trainingScore = instance.programmes.map { t -> Int64 in
            let (training, cost) = scorer.trainingTerms(t)
            return training + cost
        }
        // Programmes a need can be reached through in time (rule 9) and with seats at all.
        let programmesInTime: [[Int]] = instance.needs.map { n in
            instance.programmes.indices.filter { instance.programmes[$0].seats > 0 && Rules.rule9(instance.programmes[$0], n) }
        }
        var out: [Candidate] = []
        var eligible = 0
        var reachable = [Bool](repeating: false, count: instance.programmes.count)
        for (pi, p) in instance.participants.enumerated() {
            // Rules 8, 10, 11 depend on the participant and the programme only.
            for (ti, t) in instance.programmes.enumerated() {
                reachable[ti] = Rules.rule8(p, t, asOf: asOf) && Rules.rule10(p, t)
                    && Rules.rule11(p, programmeDistanceKm: p.location.distanceKm(to: t.location))
            }
            for (ni, n) in instance.needs.enumerated() {
                // Rules 3–7 are cheap; rule 2 needs the distance.
                guard Rules.rule3(p, n), Rules.rule4(p, n), Rules.rule5(p, n), Rules.rule7(p, n),
                    Rules.rule6(p, n).isEmpty
                else { continue }
                let distance = p.location.distanceKm(to: n.location)
                guard Rules.rule2(p, distanceKm: distance) else { continue }
                let held = Rules.validCredentials(p, on: n.start, table: table)
                let base = scorer.baseTerms(p, n, distanceKm: distance).total
                var directScore: Int64?
                if Rules.unmetClauses(n.requires, held: held).isEmpty {
                    eligible += 1
                    directScore = base
                    if base > 0 {
                        out.append(Candidate(participant: Int32(pi), need: Int32(ni), programme: -1, score: base))
                    }
                }
                for ti in programmesInTime[ni] where reachable[ti] {
                    let t = instance.programmes[ti]
                    var withGrants = held
                    for g in t.grants where table.isValid(g, obtained: t.end, on: n.start) { withGrants.insert(g) }
                    guard Rules.unmetClauses(n.requires, held: withGrants).isEmpty else { continue }  // rule 12
                    eligible += 1
                    let score = base + trainingScore[ti]
                    // A placement that scores nothing is never worth making, and a seat is
                    // never worth spending where going directly scores at least as much.
                    guard score > 0, score > (directScore ?? 0) else { continue }
                    out.append(Candidate(participant: Int32(pi), need: Int32(ni), programme: Int32(ti), score: score))
                }
            }
        }
        candidates = out
        eligibleTriples = eligible
    }
}
