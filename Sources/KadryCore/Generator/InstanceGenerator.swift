/// Writes realistic, seeded placement problems for tests and benchmarks:
/// towns across Poland, the catalogue's services and credentials, expired
/// certificates, and training seats that bind (many positions can only be
/// filled after training). Same seed, same instance.
public struct InstanceGenerator: Sendable {
    public var participants: Int
    public var needs: Int
    public var programmes: Int
    public var seed: UInt64
    public var asOf = Day(iso: "2026-01-12")!
    public var shape = Shape.sparse

    /// How close people and places sit, so how many routes each participant has.
    public enum Shape: String, Sendable, CaseIterable {
        /// Towns across Poland, each person near their own: a few to a few dozen routes each.
        case sparse
        /// Everything gathered around a few towns (one per 700 participants, at least three),
        /// a few kilometres across: about a hundred to two hundred routes each at any size, most
        /// via a course.
        case clustered
        /// Everything around a town (one per 4,000 participants), commutes three times as long:
        /// every need of the town in reach of nearly everyone, a thousand routes and more each.
        case dense
    }

    public init(participants: Int, needs: Int, programmes: Int, seed: UInt64) {
        self.participants = participants
        self.needs = needs
        self.programmes = programmes
        self.seed = seed
    }

    /// (name, lat, lon, weight): weight ~ how many people and services a town draws.
    static let towns: [(String, Double, Double, Int)] = [
        ("Warszawa", 52.2297, 21.0122, 12), ("Kraków", 50.0647, 19.9450, 8), ("Łódź", 51.7592, 19.4560, 7),
        ("Wrocław", 51.1079, 17.0385, 7), ("Poznań", 52.4064, 16.9252, 6), ("Gdańsk", 54.3520, 18.6466, 6),
        ("Szczecin", 53.4285, 14.5528, 4), ("Bydgoszcz", 53.1235, 18.0084, 4), ("Lublin", 51.2465, 22.5684, 4),
        ("Białystok", 53.1325, 23.1688, 3), ("Katowice", 50.2649, 19.0238, 5), ("Gdynia", 54.5189, 18.5305, 3),
        ("Częstochowa", 50.8118, 19.1203, 2), ("Radom", 51.4027, 21.1471, 2), ("Toruń", 53.0138, 18.5984, 2),
        ("Kielce", 50.8661, 20.6286, 2), ("Rzeszów", 50.0412, 21.9991, 2), ("Olsztyn", 53.7784, 20.4801, 2),
        ("Opole", 50.6751, 17.9213, 2), ("Zielona Góra", 51.9356, 15.5062, 2), ("Konin", 52.2230, 18.2511, 2),
        ("Grudziądz", 53.4837, 18.7536, 2), ("Koło", 52.2000, 18.6386, 1), ("Słupca", 52.2870, 17.8720, 1),
        ("Turek", 52.0167, 18.5000, 1), ("Sompolno", 52.3917, 18.5083, 1), ("Kramsk", 52.2667, 18.4333, 1),
        ("Rychwał", 52.0722, 18.1639, 1), ("Płock", 52.5463, 19.7065, 2), ("Elbląg", 54.1522, 19.4088, 2),
        ("Tarnów", 50.0121, 20.9858, 2), ("Nowy Sącz", 49.6175, 20.7153, 1), ("Suwałki", 54.1118, 22.9309, 1),
        ("Chełm", 51.1431, 23.4716, 1), ("Zamość", 50.7231, 23.2520, 1), ("Przemyśl", 49.7838, 22.7678, 1),
        ("Łomża", 53.1781, 22.0590, 1), ("Ostrołęka", 53.0840, 21.5740, 1), ("Piła", 53.1510, 16.7384, 1),
        ("Leszno", 51.8420, 16.5748, 1),
    ]

    /// Services with the credentials they usually require (AND of ORs) and the
    /// training that grants what they need.
    static let services: [(slug: String, requires: [[String]], title: String)] = [
        ("respite-care", [["kzis:341201", "kzis:532102", "kzis:341202", "kzis:532201", "kzis:341204"]], "Opiekun wytchnieniowy"),
        ("care-services", [["kzis:532102", "kzis:341202", "kzis:532201", "kzis:531104", "kzis:341204"], ["cert:first-aid"]], "Opiekunka – usługi opiekuńcze"),
        ("home-care", [["kzis:515202", "kzis:532201"]], "Opiekunka domowa"),
        ("personal-assistance", [["kzis:516902", "kzis:341201", "kzis:532102", "kzis:341202", "kzis:532201", "kzis:341204"]], "Asystent osobisty"),
        ("nursery", [["cert:nursery-carer-280h", "kzis:531104"], ["cert:first-aid"]], "Opiekun w żłobku"),
        ("small-children", [["kzis:532201", "kzis:531104", "kzis:342311"]], "Opiekunka w klubie malucha"),
        ("meals", [["kzis:314403", "kzis:832202"], ["cert:sanitary"]], "Przygotowanie i dowóz posiłków"),
        ("companion", [["kzis:516902", "kzis:341201"]], "Towarzysz"),
        ("advocacy", [], "Doradca – reprezentowanie interesów"),
        ("renovation", [["kzis:712303", "kzis:711205"]], "Złota rączka"),
        ("crisis-intervention", [["cert:crisis-intervention"]], "Interwent kryzysowy"),
        ("after-school", [["kzis:235916"]], "Opiekun świetlicy"),
    ]

    static let courses: [(title: String, grants: [String], minEducation: String, cost: Int, days: Int)] = [
        ("Kurs opiekuna osoby starszej", ["kzis:341202", "cert:first-aid"], "primary", 2400, 70),
        ("Kurs opiekunki domowej", ["kzis:532201"], "primary", 1800, 50),
        ("Kurs asystenta osoby niepełnosprawnej", ["kzis:341201"], "vocational", 2600, 80),
        ("Szkolenie opiekuna w żłobku – 280 godzin", ["cert:nursery-carer-280h", "cert:first-aid"], "secondary", 3200, 90),
        ("Kurs pierwszej pomocy", ["cert:first-aid"], "none", 150, 3),
        ("Orzeczenie sanitarno-epidemiologiczne", ["cert:sanitary"], "none", 120, 14),
        ("Kurs opiekuna medycznego", ["kzis:532102", "cert:first-aid"], "secondary", 4200, 120),
        ("Kurs organizatora usług domowych", ["kzis:515202"], "vocational", 1500, 40),
        ("Szkolenie z interwencji kryzysowej", ["cert:crisis-intervention"], "higher", 3500, 60),
        ("Kurs tynkarza", ["kzis:712303"], "none", 1900, 45),
    ]

    static let heldCodes = ["kzis:532201", "kzis:341202", "kzis:341201", "kzis:532102", "kzis:341204", "kzis:531104",
                            "kzis:515202", "kzis:314403", "kzis:832202", "kzis:712303", "kzis:342311", "kzis:516902"]
    static let services15 = ["personal-assistance", "advocacy", "crisis-intervention", "respite-care", "social-relations",
                             "home-care", "small-children", "nursery", "care-services", "rehabilitation", "companion",
                             "after-school", "technical-help", "meals", "renovation"]
    static let educations = ["none", "primary", "vocational", "vocational", "secondary", "secondary", "higher"]

    public func generate() -> JSONValue {
        let sparse = generateSparse()
        guard shape != .sparse, case .object(var root) = sparse else { return sparse }
        // Its own stream, so the sparse instance underneath is the same for every shape.
        var rng = GeneratorRandom(seed: seed ^ 0x5DEE_CE66_D1CE_4E5B)
        // The same density at every size: more people, more hubs, far enough apart that no
        // commute reaches from one to another.
        let hubs: [(lat: Double, lon: Double)]
        if shape == .dense {
            // One town per 4,000 participants, on a grid 2° apart (commutes here reach 90 km at most).
            let (_, lat, lon, _) = Self.towns[20]
            hubs = (0..<max(1, participants / 4_000)).map { k -> (lat: Double, lon: Double) in
                let (row, column) = (Double(k / 5), Double(k % 5))
                return (lat + 2.0 * row, lon + 2.0 * column)
            }
        } else {
            // One town per 700 participants: three of Konin's neighbours, then the same three
            // again 1.2° east or 1° north of the last (out of any commute's reach).
            hubs = (0..<max(3, participants / 700)).map { k -> (lat: Double, lon: Double) in
                let (_, lat, lon, _) = Self.towns[20 + k % 3]
                let (row, column) = (Double(k / 3 / 8), Double(k / 3 % 8))
                return (lat + 1.0 * row, lon + 1.2 * column)
            }
        }
        let spreadKm = shape == .dense ? 3.0 : 6.0
        func moved(_ value: JSONValue) -> JSONValue {
            guard case .object(var o) = value else { return value }
            let (lat, lon) = hubs[rng.below(hubs.count)]
            o["location"] = ["lat": .number(fixed(lat + (rng.unit() * 2 - 1) * spreadKm / 111.0, 5)),
                             "lon": .number(fixed(lon + (rng.unit() * 2 - 1) * spreadKm / 68.0, 5))]
            if shape == .dense, case .number(let km)? = o["maxCommuteKm"], let k = Int(km) { o["maxCommuteKm"] = .number(String(3 * k)) }
            return .object(o)
        }
        for key in ["participants", "needs", "programmes"] {
            if case .array(let items)? = root[key] { root[key] = .array(items.map(moved)) }
        }
        return .object(root)
    }

    func generateSparse() -> JSONValue {
        var rng = GeneratorRandom(seed: seed)
        let weighted = Self.towns.indices.flatMap { Array(repeating: $0, count: Self.towns[$0].3) }
        func town() -> Int { weighted[rng.below(weighted.count)] }
        func near(_ t: Int, _ km: Double) -> JSONValue {
            let (_, lat, lon, _) = Self.towns[t]
            let dlat = (rng.unit() * 2 - 1) * km / 111.0
            let dlon = (rng.unit() * 2 - 1) * km / 68.0
            return ["lat": .number(fixed(lat + dlat, 5)), "lon": .number(fixed(lon + dlon, 5))]
        }
        func date(_ d: Day) -> JSONValue { .string(d.description) }

        // One KIS or CIS and one cooperative per town that has any.
        var institutionsJSON: [JSONValue] = []
        var cooperativesJSON: [JSONValue] = []
        for (i, (name, _, _, _)) in Self.towns.enumerated() {
            institutionsJSON.append(["id": .string("inst-\(i)"), "kind": .string(i % 3 == 0 ? "CIS" : "KIS"),
                                     "name": .string("\(i % 3 == 0 ? "Centrum" : "Klub") Integracji Społecznej w \(name)"),
                                     "location": near(i, 1)])
            cooperativesJSON.append(["id": .string("coop-\(i)"), "name": .string("Spółdzielnia Socjalna \(name)"),
                                     "location": near(i, 1)])
        }

        var programmesJSON: [JSONValue] = []
        for i in 0..<programmes {
            let t = town()
            let course = Self.courses[rng.below(Self.courses.count)]
            let start = asOf + rng.range(-10, 90)
            programmesJSON.append([
                "id": .string(padded("T-", i, 4)), "title": .string(course.title), "provider": .string("inst-\(t)"),
                "grants": .array(course.grants.map { .string($0) }), "start": date(start), "end": date(start + course.days),
                "seats": .number(String(rng.range(2, 12))), "location": near(t, 3),
                "minEducation": .string(course.minEducation), "costPln": .number(String(course.cost)),
            ])
        }

        var needsJSON: [JSONValue] = []
        for i in 0..<needs {
            let t = town()
            let service = Self.services[rng.below(Self.services.count)]
            var requires = service.requires
            if rng.below(4) == 0 && !requires.contains(["cert:first-aid"]) { requires.append(["cert:first-aid"]) }
            needsJSON.append([
                "id": .string(padded("N-", i, 5)), "cooperative": .string("coop-\(t)"), "service": .string(service.slug),
                "title": .string(service.title), "positions": .number(String(1 + rng.below(3) + (rng.below(8) == 0 ? 3 : 0))),
                "start": date(asOf + rng.range(45, 240)), "hoursPerWeek": .number(String([20, 30, 40, 40][rng.below(4)])),
                "location": near(t, 8),
                "requires": .array(requires.map { .array($0.map { .string($0) }) }),
                "requiresDrivingLicence": .bool(rng.below(6) == 0),
                "requiresClearances": rng.below(3) == 0 ? [] : ["criminal-record"],
                "priority": .number(String(1 + rng.below(5))),
            ])
        }

        var participantsJSON: [JSONValue] = []
        for i in 0..<participants {
            let t = town()
            var credentials: [JSONValue] = []
            if rng.below(3) == 0 {
                credentials.append(["code": .string(Self.heldCodes[rng.below(Self.heldCodes.count)]), "obtained": date(asOf - rng.range(30, 3000))])
            }
            if rng.below(8) == 0 {
                credentials.append(["code": .string(Self.heldCodes[rng.below(Self.heldCodes.count)]), "obtained": date(asOf - rng.range(30, 3000))])
            }
            if rng.below(3) == 0 {  // first aid, often expired or expiring
                credentials.append(["code": "cert:first-aid", "obtained": date(asOf - rng.range(10, 1100))])
            }
            if rng.below(6) == 0 {
                credentials.append(["code": "cert:sanitary", "obtained": date(asOf - rng.range(10, 1500))])
            }
            let preferred = rng.below(2) == 0 ? [JSONValue.string(Self.services15[rng.below(15)])] : []
            let excluded = rng.below(6) == 0 ? [JSONValue.string(Self.services15[rng.below(15)])] : []
            var p: JSONObject = [
                "id": .string(padded("P-", i, 6)), "institution": .string("inst-\(t)"), "location": near(t, 12),
                "maxCommuteKm": .number(String([5, 10, 15, 20, 25, 30, 40][rng.below(7)])),
                "availableFrom": date(asOf + rng.range(-30, 60)), "hoursPerWeek": .number(String([20, 30, 40, 40][rng.below(4)])),
                "education": .string(Self.educations[rng.below(Self.educations.count)]),
                "drivingLicence": .bool(rng.below(5) < 2),
                "clearances": rng.below(10) == 0 ? [] : ["criminal-record"],
                "credentials": .array(credentials), "preferredServices": .array(preferred), "excludedServices": .array(excluded),
            ]
            if rng.below(5) != 0 { p["programmeEnds"] = date(asOf + rng.range(0, 365)) }
            participantsJSON.append(.object(p))
        }

        return [
            "format": "kadry-instance/1", "asOf": date(asOf), "policy": [:], "credentials": [],
            "institutions": .array(institutionsJSON), "cooperatives": .array(cooperativesJSON),
            "participants": .array(participantsJSON), "programmes": .array(programmesJSON), "needs": .array(needsJSON),
        ]
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements.map { (key: $0.0, value: $0.1) })
    }
}

/// SplitMix64: small, fast and the same on every platform.
struct GeneratorRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed &* 0x2545_F491_4F6C_DD1D &+ 1 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func range(_ lo: Int, _ hi: Int) -> Int { lo + below(hi - lo + 1) }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// A decimal literal with a fixed number of fractional digits.
func fixed(_ x: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let v = Int64((x * scale).rounded())
    return ExactDecimal(significand: v, scale: digits).description
}

/// `prefix` and `n` padded with zeros to `width` digits.
func padded(_ prefix: String, _ n: Int, _ width: Int) -> String {
    let digits = String(n)
    return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits
}
