/// Checks one route of a participant to a need against every rule and says,
/// in words, which ones fail. Used by `kadry explain`, the reasons, and tests;
/// the matcher applies the same `Rules` functions in bulk.
public struct Eligibility: Sendable {
    public let instance: Instance

    public init(instance: Instance) { self.instance = instance }

    public struct Verdict: Sendable {
        public var route: Route
        public var distanceKm: Double
        public var violations: [RuleViolation]
        public var isEligible: Bool { violations.isEmpty }
    }

    public func check(participant pi: Int, need ni: Int, route: Route) -> Verdict {
        let p = instance.participants[pi]
        let n = instance.needs[ni]
        let table = instance.credentials
        var bad: [RuleViolation] = []
        let distance = p.location.distanceKm(to: n.location)
        if route == .direct {
            let unmet = Rules.rule1(p, n, table: table)
            if !unmet.isEmpty {
                bad.append(RuleViolation(rule: 1, message: "no valid credential on \(n.start) for \(describe(unmet, of: n))"))
            }
        }
        if !Rules.rule2(p, distanceKm: distance) {
            bad.append(RuleViolation(rule: 2, message: "the need is \(km(distance)) away, beyond the commute limit of \(km(p.maxCommuteKm))"))
        }
        if !Rules.rule3(p, n) {
            bad.append(RuleViolation(rule: 3, message: "available from \(p.availableFrom), after the need starts on \(n.start)"))
        }
        if !Rules.rule4(p, n) {
            bad.append(RuleViolation(rule: 4, message: "can work \(p.hoursPerWeek) h/week, the need asks for \(n.hoursPerWeek) h/week"))
        }
        if !Rules.rule5(p, n) {
            bad.append(RuleViolation(rule: 5, message: "the need requires a driving licence"))
        }
        let missing = Rules.rule6(p, n)
        if !missing.isEmpty {
            bad.append(RuleViolation(rule: 6, message: "missing clearance \(missing.joined(separator: ", "))"))
        }
        if !Rules.rule7(p, n) {
            bad.append(RuleViolation(rule: 7, message: "the participant excluded the service \(n.service)"))
        }
        if case .via(let ti) = route {
            let t = instance.programmes[ti]
            if !Rules.rule8(p, t, asOf: instance.asOf) {
                let why = t.start < instance.asOf ? "before \(instance.asOf), the planning date" : "before the participant is available (\(p.availableFrom))"
                bad.append(RuleViolation(rule: 8, message: "\(t.id) starts on \(t.start), \(why)"))
            }
            if !Rules.rule9(t, n) {
                bad.append(RuleViolation(rule: 9, message: "\(t.id) ends on \(t.end), after the need starts on \(n.start)"))
            }
            if !Rules.rule10(p, t) {
                bad.append(RuleViolation(rule: 10, message: "education \(p.education) is below the \(t.minEducation) that \(t.id) asks for"))
            }
            let tDistance = p.location.distanceKm(to: t.location)
            if !Rules.rule11(p, programmeDistanceKm: tDistance) {
                bad.append(RuleViolation(rule: 11, message: "\(t.id) is \(km(tDistance)) away, beyond the commute limit of \(km(p.maxCommuteKm))"))
            }
            let unmet = Rules.rule12(p, n, t, table: table)
            if !unmet.isEmpty {
                bad.append(RuleViolation(rule: 12, message: "even with what \(t.id) grants, no valid credential on \(n.start) for \(describe(unmet, of: n))"))
            }
        }
        return Verdict(route: route, distanceKm: distance, violations: bad)
    }

    /// Every route of a participant to a need: direct first, then each programme.
    public func checkAllRoutes(participant pi: Int, need ni: Int) -> [Verdict] {
        [check(participant: pi, need: ni, route: .direct)]
            + instance.programmes.indices.map { check(participant: pi, need: ni, route: .via($0)) }
    }

    func describe(_ clauses: [Int], of n: Need) -> String {
        clauses.map { i in
            let codes = n.requires[i].map { instance.credentials.codes[$0] }
            return codes.count == 1 ? codes[0] : "(" + codes.joined(separator: " or ") + ")"
        }.joined(separator: " and ")
    }

    func km(_ d: Double) -> String {
        let rounded = (d * 10).rounded() / 10
        return "\(rounded) km"
    }
}
