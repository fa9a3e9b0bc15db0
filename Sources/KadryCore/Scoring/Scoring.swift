/// The terms of one placement's score (matching-v1 "Score"), each an integer
/// in units of `10^-scale` (scale 0, plain integers, under the default policy).
public struct ScoreTerms: Sendable, Equatable {
    public var priority: Int64
    public var preference: Int64
    public var urgency: Int64
    public var distance: Int64
    public var training: Int64
    public var cost: Int64

    public init(priority: Int64, preference: Int64, urgency: Int64, distance: Int64, training: Int64, cost: Int64) {
        self.priority = priority
        self.preference = preference
        self.urgency = urgency
        self.distance = distance
        self.training = training
        self.cost = cost
    }

    public var total: Int64 {
        Int64(clamping: Int128(priority) + Int128(preference) + Int128(urgency) + Int128(distance) + Int128(training) + Int128(cost))
    }

    /// The terms by name, in the order of the spec's table.
    public var named: [(name: String, value: Int64)] {
        [("priority", priority), ("preference", preference), ("urgency", urgency),
         ("distance", distance), ("training", training), ("cost", cost)]
    }
}

/// Computes scores exactly as matching-v1 defines them.
public struct Scorer: Sendable {
    public let scale: Int
    private let priorityWeight: Int64
    private let preferenceBonus: Int64
    private let urgencyWindow: Int64
    private let trainingPenalty: Int64
    private let unit: Int64
    private let distanceWeight: ExactDecimal
    private let costWeight: ExactDecimal
    private let asOf: Day

    public init(policy: Policy, asOf: Day) {
        scale = policy.scoreScale
        // The reader keeps every weight and product far inside 64 bits (InstanceLimits); a scorer
        // built on an unchecked policy saturates rather than traps.
        func scaled(_ d: ExactDecimal) -> Int64 { Int64(clamping: d.scaled(to: policy.scoreScale)) }
        priorityWeight = scaled(policy.priorityWeight)
        preferenceBonus = scaled(policy.preferenceBonus)
        urgencyWindow = scaled(policy.urgencyWindowDays)
        trainingPenalty = scaled(policy.trainingPenalty)
        unit = Int64(clamping: Pow10.int128(min(policy.scoreScale, 18)))
        distanceWeight = policy.distancePenaltyPerKm
        costWeight = policy.trainingCostPer100Pln
        self.asOf = asOf
    }

    public init(instance: Instance) { self.init(policy: instance.policy, asOf: instance.asOf) }

    /// The part of the score that does not depend on the route.
    public func baseTerms(_ p: Participant, _ n: Need, distanceKm: Double) -> ScoreTerms {
        ScoreTerms(
            priority: priorityTerm(n.priority),
            preference: preferenceTerm(p.preferredServices.contains(n.service)),
            urgency: urgencyTerm(p),
            distance: distanceTerm(distanceKm),
            training: 0,
            cost: 0)
    }

    public func priorityTerm(_ priority: Int) -> Int64 { Int64(clamping: Int128(priorityWeight) * Int128(priority)) }

    public func preferenceTerm(_ preferred: Bool) -> Int64 { preferred ? preferenceBonus : 0 }

    public func urgencyTerm(_ p: Participant) -> Int64 {
        guard let ends = p.programmeEnds else { return 0 }
        // clamp(window − days, 0, window), in the spec's order: max with 0 first, then min with the window.
        let days = Int128(urgencyWindow) - Int128(ends - asOf) * Int128(unit)
        return min(max(Int64(clamping: days), 0), urgencyWindow)
    }

    public func distanceTerm(_ km: Double) -> Int64 { Int64(clamping: -Int128(Scorer.floorProduct(distanceWeight, km)) * Int128(unit)) }

    /// What attending the programme subtracts: the training penalty and the floored cost.
    public func trainingTerms(_ t: Programme) -> (training: Int64, cost: Int64) {
        let c = Int128(costWeight.significand) * Int128(t.costPln.significand)
        let floored = c.floorDivided(by: Pow10.int128(costWeight.scale + t.costPln.scale + 2))
        return (-trainingPenalty, Int64(clamping: -floored * Int128(unit)))
    }

    public func terms(_ p: Participant, _ n: Need, _ t: Programme?, distanceKm: Double) -> ScoreTerms {
        var terms = baseTerms(p, n, distanceKm: distanceKm)
        if let t {
            (terms.training, terms.cost) = trainingTerms(t)
        }
        return terms
    }

    /// The largest magnitude each term of a placement's score can take in an instance, in units
    /// of `10^-scale`, by the policy's field that sets it: their sum bounds every score, above
    /// and below (the reader refuses instances where that could overflow; a certificate prices
    /// routes no result can use above it).
    public static func largestTerms(_ policy: Policy, participants: [Participant], programmes: [Programme]) -> [(field: String, value: Int128)] {
        let unit = Pow10.int128(policy.scoreScale)
        func scaled(_ w: ExactDecimal) -> Int128 { w.scaled(to: policy.scoreScale).magnitude128 }
        let commute = participants.map(\.maxCommuteKm).max() ?? 0
        let cost = programmes.map(\.costPln).max() ?? ExactDecimal(0)
        let distance = (Int128(policy.distancePenaltyPerKm.significand.magnitude) * Int128(commute.rounded(.up)))
            / Pow10.int128(policy.distancePenaltyPerKm.scale) + 1
        let costTerm = (Int128(policy.trainingCostPer100Pln.significand.magnitude) * Int128(cost.significand.magnitude))
            / Pow10.int128(policy.trainingCostPer100Pln.scale + cost.scale + 2) + 1
        return [
            ("priorityWeight", scaled(policy.priorityWeight) * 5), ("preferenceBonus", scaled(policy.preferenceBonus)),
            ("urgencyWindowDays", scaled(policy.urgencyWindowDays)), ("distancePenaltyPerKm", distance * unit),
            ("trainingPenalty", scaled(policy.trainingPenalty)), ("trainingCostPer100Pln", costTerm * unit),
        ]
    }

    /// Formats a score (in units of `10^-scale`) as the decimal the result holds.
    public func format(_ value: Int64) -> String { ExactDecimal(significand: value, scale: scale).description }

    /// `floor(w × d)` computed exactly for a decimal `w` and a binary `d ≥ 0`.
    static func floorProduct(_ w: ExactDecimal, _ d: Double) -> Int64 {
        guard d > 0, w.significand != 0 else { return 0 }
        let m: Int128
        let e: Int
        if d.exponentBitPattern == 0 {
            m = Int128(d.significandBitPattern)
            e = -1074
        } else {
            m = Int128(d.significandBitPattern | (1 << 52))
            e = Int(d.exponentBitPattern) - 1075
        }
        var n = Int128(w.significand) * m  // |n| < 2^116
        if e >= 0 {
            n <<= e  // distances on Earth never get here
        } else if -e >= 127 {
            n = n < 0 ? -1 : 0
        } else {
            n >>= -e  // arithmetic shift: floor division by 2^-e
        }
        return Int64(clamping: n.floorDivided(by: Pow10.int128(w.scale)))
    }
}
