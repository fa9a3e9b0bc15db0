/// One placement of a result, with its score broken into terms.
public struct Placement: Sendable {
    public var participant: Int
    public var need: Int
    public var route: Route
    public var terms: ScoreTerms

    public init(participant: Int, need: Int, route: Route, terms: ScoreTerms) {
        self.participant = participant
        self.need = need
        self.route = route
        self.terms = terms
    }
}

/// Why a participant stayed unplaced or a position stayed open: the rule
/// (when one rule decides it) and a sentence a person can act on.
public struct Reason: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case blockedByRule = "blocked-by-rule"
        case noNeedInReach = "no-need-in-reach"
        case noCandidate = "no-candidate"
        case outscored = "outscored"
        case seatsTaken = "seats-taken"
    }

    public var kind: Kind
    public var rules: [Int]
    public var message: String
    /// The same in Polish, for the committee's report.
    public var polish: String

    public init(kind: Kind, rules: [Int] = [], message: String, polish: String) {
        self.kind = kind
        self.rules = rules
        self.message = message
        self.polish = polish
    }

    public var description: String {
        rules.isEmpty ? message : "rule \(rules.map(String.init).joined(separator: ", ")): \(message)"
    }

    /// The reason first, the rules' numbers at the end in brackets.
    public var polishDescription: String {
        guard !rules.isEmpty else { return polish }
        return "\(polish) (\(rules.count == 1 ? "reguła" : "reguły") \(rules.map(String.init).joined(separator: ", ")))"
    }
}

/// A solved instance: what `kadry solve` writes and `kadry demo` prints.
/// Prices that prove a bound (matching-v1, "Bound certificate"): positive ones only, by
/// instance index, in score units; `bound` is what they prove.
public struct BoundCertificate: Sendable {
    public var needPrices: [(need: Int, price: Int64)]
    public var seatPrices: [(programme: Int, price: Int64)]
    /// Parts closed by branching: each names one of its participants and lists its tree's leaves.
    public var proofs: [(part: Int, leaves: [Leaf])]
    public var bound: Int64

    /// A leaf: the decisions that lead to it (a participant attends a programme, or not) and its prices.
    public struct Leaf: Sendable {
        public var path: [(participant: Int, programme: Int, attends: Bool)]
        public var needPrices: [(need: Int, price: Int64)]
        public var seatPrices: [(programme: Int, price: Int64)]

        public init(path: [(participant: Int, programme: Int, attends: Bool)], needPrices: [(need: Int, price: Int64)],
                    seatPrices: [(programme: Int, price: Int64)]) {
            self.path = path
            self.needPrices = needPrices
            self.seatPrices = seatPrices
        }
    }

    public init(needPrices: [(need: Int, price: Int64)], seatPrices: [(programme: Int, price: Int64)],
                proofs: [(part: Int, leaves: [Leaf])] = [], bound: Int64) {
        self.needPrices = needPrices
        self.seatPrices = seatPrices
        self.proofs = proofs
        self.bound = bound
    }
}

public struct MatchResult: Sendable {
    public var placements: [Placement]
    public var objective: Int64
    public var bound: Int64?
    /// What proves `bound`.
    public var certificate: BoundCertificate?
    public var unplaced: [(participant: Int, reasons: [Reason])]
    public var unfilled: [(need: Int, open: Int, reasons: [Reason])]
    /// For each full programme: what more seats would add to the objective and to the positions filled.
    public var seatValues: [SeatValueSummary]
    public var statistics: [(name: String, value: JSONValue)]
    /// Seconds spent per phase. Not written into the result, so that the same
    /// input gives the same bytes; the command line reports them.
    public var timings: [(phase: String, seconds: Double)]

    public typealias SeatValueSummary = (programme: Int, seats: Int, used: Int, gains: [(extra: Int, objective: Int64, filled: Int)])

    public init(
        placements: [Placement], objective: Int64, bound: Int64?, certificate: BoundCertificate? = nil,
        unplaced: [(participant: Int, reasons: [Reason])] = [],
        unfilled: [(need: Int, open: Int, reasons: [Reason])] = [],
        seatValues: [SeatValueSummary] = [],
        statistics: [(name: String, value: JSONValue)] = [],
        timings: [(phase: String, seconds: Double)] = []
    ) {
        self.placements = placements
        self.objective = objective
        self.bound = bound
        self.certificate = certificate
        self.unplaced = unplaced
        self.unfilled = unfilled
        self.seatValues = seatValues
        self.statistics = statistics
        self.timings = timings
    }
}

/// Writes a `kadry-result/1` document (matching-v1 "Result"); the reasons
/// and statistics go into extra fields that readers may ignore.
public enum ResultWriter {
    public static let format = "kadry-result/1"

    public static func document(_ result: MatchResult, instance: Instance) -> JSONValue {
        let scorer = Scorer(instance: instance)
        func number(_ v: Int64) -> JSONValue { .number(scorer.format(v)) }
        var root = JSONObject()
        root["format"] = .string(format)
        root["objective"] = number(result.objective)
        if let bound = result.bound { root["bound"] = number(bound) }
        if let c = result.certificate {
            func prices(_ needs: [(need: Int, price: Int64)], _ seats: [(programme: Int, price: Int64)]) -> JSONObject {
                ["needPrices": .object(JSONObject(needs.map { (key: instance.needs[$0.need].id, value: number($0.price)) })),
                 "seatPrices": .object(JSONObject(seats.map { (key: instance.programmes[$0.programme].id, value: number($0.price)) }))]
            }
            var certificate = prices(c.needPrices, c.seatPrices)
            if !c.proofs.isEmpty {
                certificate["proofs"] = .array(c.proofs.map { proof in
                    ["part": .string(instance.participants[proof.part].id), "leaves": .array(proof.leaves.map { leaf in
                        var o: JSONObject = ["path": .array(leaf.path.map { d in
                            ["participant": .string(instance.participants[d.participant].id),
                             "programme": .string(instance.programmes[d.programme].id), "value": .number(d.attends ? "1" : "0")]
                        })]
                        for (key, value) in prices(leaf.needPrices, leaf.seatPrices).members { o[key] = value }
                        return .object(o)
                    })]
                })
            }
            root["certificate"] = .object(certificate)
        }
        root["placements"] = .array(result.placements.map { pl in
            var o = JSONObject()
            o["participant"] = .string(instance.participants[pl.participant].id)
            o["need"] = .string(instance.needs[pl.need].id)
            o["programme"] = pl.route.programme.map { .string(instance.programmes[$0].id) } ?? .null
            o["score"] = number(pl.terms.total)
            o["terms"] = .object(JSONObject(pl.terms.named.map { (key: $0.name, value: number($0.value)) }))
            return .object(o)
        })
        root["unfilled"] = .array(result.unfilled.map { entry in
            .object(JSONObject([
                ("need", .string(instance.needs[entry.need].id)),
                ("open", .number(String(entry.open))),
                ("reasons", reasons(entry.reasons)),
            ]))
        })
        root["unplaced"] = .array(result.unplaced.map { entry in
            .object(JSONObject([
                ("participant", .string(instance.participants[entry.participant].id)),
                ("reasons", reasons(entry.reasons)),
            ]))
        })
        if !result.seatValues.isEmpty {
            root["seatValues"] = .array(result.seatValues.map { v in
                .object(JSONObject([
                    ("programme", .string(instance.programmes[v.programme].id)),
                    ("seats", .number(String(v.seats))),
                    ("used", .number(String(v.used))),
                    ("moreSeats", .array(v.gains.map { g in
                        .object(JSONObject([
                            ("extraSeats", .number(String(g.extra))),
                            ("objectiveGain", number(g.objective)),
                            ("positionsFilledGain", .number(String(g.filled))),
                        ]))
                    })),
                ]))
            })
        }
        if !result.statistics.isEmpty { root["statistics"] = .object(JSONObject(result.statistics.map { (key: $0.name, value: $0.value) })) }
        return .object(root)
    }

    static func reasons(_ list: [Reason]) -> JSONValue {
        .array(list.map { r in
            .object(JSONObject([
                ("kind", .string(r.kind.rawValue)),
                ("rules", .array(r.rules.map { .number(String($0)) })),
                ("message", .string(r.message)),
                ("messagePl", .string(r.polish)),
            ]))
        })
    }
}
