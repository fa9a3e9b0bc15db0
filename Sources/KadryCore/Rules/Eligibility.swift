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

    /// The numbers of the rules a route breaks, in order; no messages, so it is cheap.
    public func brokenRules(participant pi: Int, need ni: Int, route: Route) -> [Int] {
        let p = instance.participants[pi]
        let n = instance.needs[ni]
        let table = instance.credentials
        var bad: [Int] = []
        if route == .direct && !Rules.rule1(p, n, table: table).isEmpty { bad.append(1) }
        if !Rules.rule2(p, distanceKm: p.location.distanceKm(to: n.location)) { bad.append(2) }
        if !Rules.rule3(p, n) { bad.append(3) }
        if !Rules.rule4(p, n) { bad.append(4) }
        if !Rules.rule5(p, n) { bad.append(5) }
        if !Rules.rule6(p, n).isEmpty { bad.append(6) }
        if !Rules.rule7(p, n) { bad.append(7) }
        if case .via(let ti) = route {
            let t = instance.programmes[ti]
            if !Rules.rule8(p, t, asOf: instance.asOf) { bad.append(8) }
            if !Rules.rule9(t, n) { bad.append(9) }
            if !Rules.rule10(p, t) { bad.append(10) }
            if !Rules.rule11(p, programmeDistanceKm: p.location.distanceKm(to: t.location)) { bad.append(11) }
            if !Rules.rule12(p, n, t, table: table).isEmpty { bad.append(12) }
        }
        return bad
    }

    public func check(participant pi: Int, need ni: Int, route: Route) -> Verdict {
        let distance = instance.participants[pi].location.distanceKm(to: instance.needs[ni].location)
        let violations = brokenRules(participant: pi, need: ni, route: route).map {
            let text = texts(rule: $0, participant: pi, need: ni, route: route)
            return RuleViolation(rule: $0, message: text.en, polish: text.pl)
        }
        return Verdict(route: route, distanceKm: distance, violations: violations)
    }

    /// Every route of a participant to a need: direct first, then each programme.
    public func checkAllRoutes(participant pi: Int, need ni: Int) -> [Verdict] {
        [check(participant: pi, need: ni, route: .direct)]
            + instance.programmes.indices.map { check(participant: pi, need: ni, route: .via($0)) }
    }

    /// The route of a pair that breaks the fewest rules, with its messages; via the
    /// given programmes only, or every programme. On a tie the direct route wins,
    /// unless all it lacks is a credential (rule 1): then the course that would
    /// grant it, and what stops that course, is the more useful answer.
    public func closestRoute(participant pi: Int, need ni: Int, programmes: [Int]? = nil) -> Verdict {
        let direct = brokenRules(participant: pi, need: ni, route: .direct)
        var best = Route.direct
        var fewest = 2 * direct.count + (direct == [1] ? 1 : 0)
        for ti in programmes ?? Array(instance.programmes.indices) where fewest > 0 {
            let count = 2 * brokenRules(participant: pi, need: ni, route: .via(ti)).count
            if count < fewest {
                fewest = count
                best = .via(ti)
            }
        }
        return check(participant: pi, need: ni, route: best)
    }

    /// Why a route breaks a rule, in words a social worker can act on.
    public func message(rule: Int, participant pi: Int, need ni: Int, route: Route) -> String {
        texts(rule: rule, participant: pi, need: ni, route: route).en
    }

    /// The same, in English and in Polish.
    public func texts(rule: Int, participant pi: Int, need ni: Int, route: Route) -> (en: String, pl: String) {
        let p = instance.participants[pi]
        let n = instance.needs[ni]
        let t = route.programme.map { instance.programmes[$0] }
        let table = instance.credentials
        // Polish: dates in prose ("1 marca 2027"), credentials by name with the code in brackets.
        func day(_ d: Day) -> String { Language.pl.prose(d) }
        func enDay(_ d: Day) -> String { Language.en.prose(d) }
        switch (rule, t) {
        case (1, _):
            let missing = Rules.rule1(p, n, table: table)
            return ("no valid credential on \(enDay(n.start)) for \(describe(missing, of: n))",
                    "brak ważnych na \(day(n.start)) uprawnień: \(describe(missing, of: n, polish: true))")
        case (2, _):
            let d = p.location.distanceKm(to: n.location)
            return ("the need is \(km(d)) away, beyond the commute limit of \(km(p.maxCommuteKm))",
                    "miejsce pracy jest oddalone o \(Polish.km(d)), poza limitem dojazdu \(Polish.km(p.maxCommuteKm))")
        case (3, _):
            return ("available from \(enDay(p.availableFrom)), after the need starts on \(enDay(n.start))",
                    "dostępna od \(day(p.availableFrom)), a praca zaczyna się \(day(n.start))")
        case (4, _):
            return ("can work \(p.hoursPerWeek) h/week, the need asks for \(n.hoursPerWeek) h/week",
                    "może pracować \(p.hoursPerWeek) godz. tygodniowo, a potrzeba wymaga \(n.hoursPerWeek) godz. tygodniowo")
        case (5, _):
            return ("the need requires a driving licence", "wymagane prawo jazdy")
        case (6, _):
            let missing = Rules.rule6(p, n)
            return ("missing clearance \(missing.joined(separator: ", "))",
                    "brak wymaganego dokumentu: \(missing.map(Polish.clearance).joined(separator: ", "))")
        case (7, _):
            return ("the participant excluded the service \(n.service)", "uczestnik wykluczył tę usługę (\(n.service))")
        case (8, let t?):
            if t.start < instance.asOf {
                return ("\(t.id) starts on \(enDay(t.start)), before \(enDay(instance.asOf)), the planning date",
                        "szkolenie \(t.id) zaczyna się \(day(t.start)), przed datą planowania (\(day(instance.asOf)))")
            }
            return ("\(t.id) starts on \(enDay(t.start)), before the participant is available (\(enDay(p.availableFrom)))",
                    "szkolenie \(t.id) zaczyna się \(day(t.start)), zanim osoba będzie dostępna (\(day(p.availableFrom)))")
        case (9, let t?):
            return ("\(t.id) ends on \(enDay(t.end)), \(t.end - n.start) day(s) after the need starts on \(enDay(n.start))",
                    "szkolenie \(t.id) kończy się \(day(t.end)), \(Polish.days(t.end - n.start)) po rozpoczęciu pracy (\(day(n.start)))")
        case (10, let t?):
            return ("education \(p.education) is below the \(t.minEducation) that \(t.id) asks for",
                    "wykształcenie \(Polish.education(p.education)) jest niższe niż wymagane na szkoleniu \(t.id) (\(Polish.education(t.minEducation)))")
        case (11, let t?):
            let d = p.location.distanceKm(to: t.location)
            return ("\(t.id) is \(km(d)) away, beyond the commute limit of \(km(p.maxCommuteKm))",
                    "szkolenie \(t.id) odbywa się w odległości \(Polish.km(d)), poza limitem dojazdu \(Polish.km(p.maxCommuteKm))")
        case (12, let t?):
            let missing = Rules.rule12(p, n, t, table: table)
            return ("even with what \(t.id) grants, no valid credential on \(enDay(n.start)) for \(describe(missing, of: n))",
                    "nawet z uprawnieniami ze szkolenia \(t.id) brak ważnych na \(day(n.start)) uprawnień: \(describe(missing, of: n, polish: true))")
        default:
            return ("rule \(rule)", "reguła \(rule)")
        }
    }

    /// Clauses of a need's requirements: "(a or b) and c" ("(a lub b) oraz c").
    /// In Polish, each credential by its name with the code in brackets ("opiekun osoby starszej (kzis:341202)").
    public func describe(_ clauses: [Int], of n: Need, polish: Bool = false) -> String {
        clauses.map { i in
            let codes = n.requires[i].map { id -> String in
                let code = instance.credentials.codes[id]
                guard polish, let name = instance.credentials.names[id], !name.isEmpty else { return code }
                // A name begins a sentence in the catalogue; mid-sentence it is lower case ("Opiekun" → "opiekun").
                let shown = name.count > 1 && name.dropFirst().first!.isLowercase ? name.prefix(1).lowercased() + name.dropFirst() : name
                return "\(shown) (\(code))"
            }
            return codes.count == 1 ? codes[0] : "(" + codes.joined(separator: polish ? " lub " : " or ") + ")"
        }.joined(separator: polish ? " oraz " : " and ")
    }

    func km(_ d: Double) -> String { "\((d * 10).rounded() / 10) km" }
}
