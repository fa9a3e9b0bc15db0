import KadryCore


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
