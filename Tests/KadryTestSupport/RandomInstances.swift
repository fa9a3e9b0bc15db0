import KadryCore

/// A small deterministic generator (SplitMix64), so property tests replay exactly.
public struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random small instances around Konin that exercise every rule: few enough
/// participants for an exhaustive search, tight seats and positions.
public enum RandomInstances {
    /// `cert:refresher` lapses 45 days after it is obtained: a programme that grants it can end too early for a need.
    static let codes = ["kzis:341202", "kzis:532201", "kzis:341201", "cert:first-aid", "cert:sanitary", "cert:refresher"]
    static let services = ["respite-care", "care-services", "home-care", "meals"]

    /// `grants`: the grant sets programmes draw from (by default one or two random codes each).
    public static func make(seed: UInt64, participants: Int = 6, needs: Int = 3, programmes: Int = 2, grants: [[String]]? = nil) -> JSONValue {
        var rng = SeededRandom(seed: seed)
        func pick<T>(_ xs: [T]) -> T { xs[Int.random(in: 0..<xs.count, using: &rng)] }
        func loc() -> JSONValue {
            let lat = 52.15 + Double.random(in: 0..<0.15, using: &rng)
            let lon = 18.15 + Double.random(in: 0..<0.2, using: &rng)
            return ["lat": .number(String(format4(lat))), "lon": .number(String(format4(lon)))]
        }
        func day(_ base: Day, _ spread: Int) -> JSONValue { .string((base + Int.random(in: 0...spread, using: &rng)).description) }
        let asOf = Day(iso: "2026-01-12")!
        var ps: [JSONValue] = []
        for i in 0..<participants {
            var creds: [JSONValue] = []
            for code in codes where Int.random(in: 0..<4, using: &rng) == 0 {
                creds.append(["code": .string(code), "obtained": day(Day(iso: "2023-01-01")!, 1300)])
            }
            ps.append([
                "id": .string("P-\(i)"), "institution": "cis-konin", "location": loc(),
                "maxCommuteKm": .number(String(pick([8, 15, 20, 30, 30]))),
                "availableFrom": day(asOf - 10, 30), "hoursPerWeek": .number(String(pick([20, 30, 40]))),
                "education": .string(pick(["primary", "vocational", "secondary"])),
                "drivingLicence": .bool(Bool.random(using: &rng)),
                "clearances": Bool.random(using: &rng) ? ["criminal-record"] : [],
                "credentials": .array(creds),
                "preferredServices": Bool.random(using: &rng) ? [.string(pick(services))] : [],
                "excludedServices": Int.random(in: 0..<5, using: &rng) == 0 ? [.string(pick(services))] : [],
                "programmeEnds": day(asOf, 250),
            ])
        }
        var ts: [JSONValue] = []
        for i in 0..<programmes {
            let start = asOf + Int.random(in: -3...30, using: &rng)
            ts.append([
                "id": .string("T-\(i)"), "title": "Kurs", "provider": "cis-konin",
                "grants": .array(grants.map { pick($0).map { .string($0) } }
                    ?? [.string(pick(codes))] + (Bool.random(using: &rng) ? [.string(pick(codes))] : [])),
                "start": .string(start.description), "end": .string((start + Int.random(in: 5...60, using: &rng)).description),
                "seats": .number(String(pick([0, 1, 1, 2, 2, 3]))), "location": loc(),
                "minEducation": .string(pick(["none", "primary", "primary", "secondary"])),
                "costPln": .number(String(pick([0, 150, 1200, 2400, 5000]))),
            ])
        }
        var ns: [JSONValue] = []
        for i in 0..<needs {
            var requires: [JSONValue] = []
            for _ in 0..<Int.random(in: 1...2, using: &rng) {
                requires.append(.array([.string(pick(codes)), .string(pick(codes))]))
            }
            ns.append([
                "id": .string("N-\(i)"), "cooperative": "ss-spektrum", "service": .string(pick(services)), "title": "Praca",
                "positions": .number(String(Int.random(in: 1...3, using: &rng))), "start": day(asOf + 40, 100),
                "hoursPerWeek": .number(String(pick([20, 30, 40]))), "location": loc(), "requires": .array(requires),
                "requiresDrivingLicence": .bool(Int.random(in: 0..<6, using: &rng) == 0),
                "requiresClearances": Bool.random(using: &rng) ? ["criminal-record"] : [],
                "priority": .number(String(Int.random(in: 1...5, using: &rng))),
            ])
        }
        return [
            "format": "kadry-instance/1", "asOf": .string(asOf.description),
            "credentials": [["code": "cert:refresher", "name": "Kurs przypominający", "validityDays": 45]],
            "institutions": [["id": "cis-konin", "kind": "CIS", "name": "CIS w Koninie", "location": InstanceBuilder.konin]],
            "cooperatives": [["id": "ss-spektrum", "name": "Spółdzielnia Socjalna Spektrum", "location": InstanceBuilder.konin]],
            "participants": .array(ps), "programmes": .array(ts), "needs": .array(ns),
        ]
    }

    static func format4(_ x: Double) -> String {
        let scaled = Int((x * 10000).rounded())
        let frac = String(scaled % 10000)
        return "\(scaled / 10000).\(String(repeating: "0", count: 4 - frac.count))\(frac)"
    }
}

/// The best objective by exhaustive search, with eligibility and scores taken
/// from the core's rule-by-rule checks (not from the matcher's bulk path).
public enum BruteForce {
    public static func optimum(_ instance: Instance) -> Int64 {
        let eligibility = Eligibility(instance: instance)
        let scorer = Scorer(instance: instance)
        let routes: [Route] = [.direct] + instance.programmes.indices.map { .via($0) }
        var options: [[(need: Int, programme: Int?, score: Int64)]] = []
        for pi in instance.participants.indices {
            var mine: [(Int, Int?, Int64)] = []
            for ni in instance.needs.indices {
                for route in routes {
                    let verdict = eligibility.check(participant: pi, need: ni, route: route)
                    guard verdict.isEligible else { continue }
                    let p = instance.participants[pi]
                    let t = route.programme.map { instance.programmes[$0] }
                    mine.append((ni, route.programme, scorer.terms(p, instance.needs[ni], t, distanceKm: verdict.distanceKm).total))
                }
            }
            options.append(mine)
        }
        // Only routes that score something can help; best first, and no branch is followed that
        // could not beat the best so far even if everyone left got their best route.
        options = options.map { $0.filter { $0.score > 0 }.sorted { $0.score > $1.score } }
        var rest = [Int64](repeating: 0, count: options.count + 1)
        for pi in options.indices.reversed() { rest[pi] = rest[pi + 1] + (options[pi].first?.score ?? 0) }
        var positions = instance.needs.map(\.positions)
        var seats = instance.programmes.map(\.seats)
        var best: Int64 = 0
        func search(_ pi: Int, _ value: Int64) {
            if pi == options.count {
                best = max(best, value)
                return
            }
            guard value + rest[pi] > best else { return }
            for o in options[pi] where positions[o.need] > 0 && (o.programme.map { seats[$0] > 0 } ?? true) {
                positions[o.need] -= 1
                if let t = o.programme { seats[t] -= 1 }
                search(pi + 1, value + o.score)
                positions[o.need] += 1
                if let t = o.programme { seats[t] += 1 }
            }
            search(pi + 1, value)
        }
        search(0, 0)
        return best
    }
}
