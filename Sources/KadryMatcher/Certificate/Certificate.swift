import KadryCore

/// A proof of a result's bound that anyone can check (matching-v1, "Bound certificate"):
/// need prices v and seat prices λ, each ≥ 0. With u(p) the most any of p's routes earns
/// above its need's and its programme's prices (or 0), every placement scores at most
/// u(p) + v(n) + λ(t), so Σ u + Σ positions·v + Σ seats·λ bounds every result (a part's root
/// bound). Where branching closed a part, each leaf of its tree has prices of its own and
/// bounds the results its decisions allow; the part's bound is the smaller of its root bound
/// and its largest leaf's.
///
/// The prices are the search's; the bound they prove is worked out here again, on the
/// instance's own routes, by nothing but those sums — not by the relaxations, b-matchings and
/// branching that produced the prices. A bound the search reports but this does not prove is
/// never written.
public enum Certificate {
    /// The bound the search's prices prove for `instance`, whose routes are `routes` (all of
    /// them: a scenario's restrictions do not count).
    /// `priceDigits`: decimal digits of the prices beyond the scores' own (only a certificate read
    /// back has any, `check`, which makes sure the routes `scale` by them); the prices returned
    /// then count in those digits' units, and only the bound is used.
    /// `writing`: prices programmes with no seats and fits the trees to them (below); a
    /// certificate read back is taken as written.
    static func prove(instance: Instance, routes: RouteSet, solution: Solution, priceDigits digits: Int = 0,
                      writing: Bool = true) -> BoundCertificate {
        // Such prices are whole numbers against every score times `unit`; the sums below are in those units.
        let unit = Self.unit(digits: digits)
        let scored = digits > 0 ? routes.scaled(by: unit) : routes
        var lambda = [Int64](repeating: 0, count: instance.programmes.count)
        for (t, v) in solution.seatPrices where v > 0 { lambda[Int(t)] = v }
        // Programmes with no seats: no route here goes through them, but the spec's useful triples
        // do (its rules count seats only in rule 15), and check.py charges those the price given,
        // zero if none. A price above every score keeps them from earning, at no cost (no seats).
        let closed = writing ? instance.programmes.indices.filter { instance.programmes[$0].seats == 0 } : []
        if !closed.isEmpty {
            let largest = Scorer.largestTerms(instance.policy, participants: instance.participants, programmes: instance.programmes)
                .reduce(Int128(1)) { $0 + $1.value }
            let price = Int64(clamping: min(largest * Int128(unit), Int128(Self.priceCeiling)))
            for t in closed { lambda[t] = price }
        }
        var price = [Int64](repeating: 0, count: instance.needs.count)
        for (n, v) in solution.needPrices where v > 0 { price[Int(n)] = v }
        // Each arc's best route at the seat prices, then each participant's best earning above the need's price.
        let weight = scored.weights(lambda: lambda)
        var earns = [Int64](repeating: 0, count: routes.participantCount)
        for p in 0..<routes.participantCount {
            for a in routes.arcStart[p]..<routes.arcStart[p + 1] { earns[p] = max(earns[p], weight[a] - price[Int(routes.arcNeed[a])]) }
        }
        func rootBound(_ participants: some Sequence<Int>, _ needs: some Sequence<Int>, _ programmes: some Sequence<Int>) -> Int128 {
            var total: Int128 = 0
            for p in participants { total += Int128(earns[p]) }
            for n in needs where price[n] > 0 { total += Int128(instance.needs[n].positions) * Int128(price[n]) }
            for t in programmes where lambda[t] > 0 { total += Int128(instance.programmes[t].seats) * Int128(lambda[t]) }
            return total
        }
        // Each part's bound: its root's, or its tree's where that is lower (in `unit`s).
        var partBound: [Int: Int128] = [:]  // by the part's first participant, where its tree proves less
        var treesSave: Int128 = 0  // what the trees prove below their parts' roots
        var proofs: [(part: Int, leaves: [BoundCertificate.Leaf])] = []
        /// A tree's part: its root bound, and the bound its largest leaf proves (at most the root's).
        func bounds(_ proof: PartProof) -> (root: Int128, tree: Int128) {
            let root = rootBound(proof.participants.map(Int.init), proof.needs.map(Int.init), proof.programmes.map(Int.init))
            var needIndex: [Int32: Int] = [:], programmeIndex: [Int32: Int] = [:]
            for (i, n) in proof.needs.enumerated() { needIndex[n] = i }
            for (i, t) in proof.programmes.enumerated() { programmeIndex[t] = i }
            let largest = proof.leaves.compactMap {
                leafBound($0, proof, needIndex: needIndex, programmeIndex: programmeIndex, instance: instance, routes: scored)
            }.max()
            return (root, max(0, min(root, largest ?? 0)))
        }
        var trees = solution.proofs.map { (proof: $0, bounds: bounds($0)) }
        // Through a programme with no seats check.py may join parts that are apart here, and it
        // takes a leaf's own prices only: so each leaf also carries the root's prices outside its
        // part (those programmes' among them), and, where such programmes exist, only the tree that
        // saves most is kept (two trees in one of check.py's parts would fail it), and none where
        // its leaves would carry over `carriedPrices` prices in all (a certificate of megabytes).
        if !closed.isEmpty, let best = trees.max(by: { $0.bounds.root - $0.bounds.tree < $1.bounds.root - $1.bounds.tree }) {
            let outside = price.count(where: { $0 > 0 }) + lambda.count(where: { $0 > 0 })
            trees = best.proof.leaves.count * outside <= Self.carriedPrices ? [best] : []
        }
        for (proof, (root, part)) in trees {
            guard part < root else { continue }  // the tree proves no more than the root: leave it out
            let participants = proof.participants.map(Int.init), needs = proof.needs.map(Int.init), programmes = proof.programmes.map(Int.init)
            partBound[participants[0]] = part
            treesSave += root - part
            var outsideNeeds: [(Int, Int64)] = [], outsideSeats: [(Int, Int64)] = []
            if !closed.isEmpty {
                let inPart = (needs: Set(needs), programmes: Set(programmes))
                outsideNeeds = price.indices.filter { price[$0] > 0 && !inPart.needs.contains($0) }.map { ($0, price[$0]) }
                outsideSeats = lambda.indices.filter { lambda[$0] > 0 && !inPart.programmes.contains($0) }.map { ($0, lambda[$0]) }
            }
            proofs.append((participants[0], proof.leaves.map { leaf in
                BoundCertificate.Leaf(
                    path: leaf.path.map { (Int($0.participant), Int($0.programme), $0.attends) },
                    needPrices: leaf.needPrices.enumerated().filter { $0.element > 0 }.map { (needs[$0.offset], $0.element) } + outsideNeeds,
                    seatPrices: leaf.lambda.enumerated().filter { $0.element > 0 }.map { (programmes[$0.offset], $0.element) } + outsideSeats)
            }))
        }
        let total = digits == 0
            ? rootBound(0..<routes.participantCount, 0..<instance.needs.count, 0..<instance.programmes.count) - treesSave
            : fineTotal(instance: instance, routes: routes, unit: unit, partBound: partBound) { rootBound($0, $1, $2) }
        return BoundCertificate(
            needPrices: price.enumerated().filter { $0.element > 0 }.map { ($0.offset, $0.element) },
            seatPrices: lambda.enumerated().filter { $0.element > 0 }.map { ($0.offset, $0.element) },
            proofs: proofs, bound: Int64(clamping: total))
    }

    /// The bound, in score units, of prices counted in 1/`unit` of them: each part's, rounded
    /// down where every route of the part scores a whole number of score units (matching-v1,
    /// "Integrality": no result of the part is worth a fraction then), up elsewhere; plus the
    /// prices of needs and programmes in no part, rounded up.
    private static func fineTotal(instance: Instance, routes: RouteSet, unit: Int64, partBound: [Int: Int128],
                                  rootBound: ([Int], [Int], [Int]) -> Int128) -> Int128 {
        let wholeScore = Self.unit(digits: instance.policy.scoreScale)
        func whole(_ participants: [Int32]) -> Bool {
            guard wholeScore > 1 else { return true }
            for p in participants.map(Int.init) {
                for a in routes.arcStart[p]..<routes.arcStart[p + 1] where routes.arcBase[a] % wholeScore != 0 { return false }
                for o in routes.optionStart[p]..<routes.optionStart[p + 1]
                where routes.trainingScore[Int(routes.optionProgramme[o])] % wholeScore != 0 { return false }
            }
            return true
        }
        let units = Int128(unit)
        func down(_ v: Int128) -> Int128 { v >= 0 ? v / units : -((-v + units - 1) / units) }
        func up(_ v: Int128) -> Int128 { -down(-v) }
        var total: Int128 = 0
        var inPart = (participants: [Bool](repeating: false, count: routes.participantCount),
                      needs: [Bool](repeating: false, count: instance.needs.count),
                      programmes: [Bool](repeating: false, count: instance.programmes.count))
        for part in Partition(routes: routes).parts {
            guard let first = part.participants.first.map(Int.init) else { continue }
            for p in part.participants { inPart.participants[Int(p)] = true }
            for n in part.needs { inPart.needs[Int(n)] = true }
            for t in part.programmes { inPart.programmes[Int(t)] = true }
            let bound = partBound[first] ?? rootBound(part.participants.map(Int.init), part.needs.map(Int.init), part.programmes.map(Int.init))
            total += whole(part.participants) ? down(bound) : up(bound)
        }
        let rest = rootBound((0..<routes.participantCount).filter { !inPart.participants[$0] },
                             instance.needs.indices.filter { !inPart.needs[$0] }, instance.programmes.indices.filter { !inPart.programmes[$0] })
        return total + up(rest)
    }

    /// A leaf's bound (nil: no result reaches it, a participant forced onto a programme has no
    /// route through it): each participant's best earning among the routes the path leaves
    /// them, which one forced onto a programme must take even at a loss.
    /// `needIndex` and `programmeIndex` take the instance's indices to the part's.
    static func leafBound(_ leaf: (path: [Decision], lambda: [Int64], needPrices: [Int64]), _ part: PartProof,
                          needIndex: [Int32: Int], programmeIndex: [Int32: Int], instance: Instance, routes: RouteSet) -> Int128? {
        var forced: [Int32: Int32] = [:], barred: [Int32: Set<Int32>] = [:]
        for d in leaf.path {
            if d.attends { forced[d.participant] = d.programme } else { barred[d.participant, default: []].insert(d.programme) }
        }
        // The leaf's prices by the instance's indices (zero outside the part): read once a route.
        var needPrices = [Int64](repeating: 0, count: instance.needs.count)
        for (n, i) in needIndex { needPrices[Int(n)] = leaf.needPrices[i] }
        var seatPrices = [Int64](repeating: 0, count: instance.programmes.count)
        for (t, i) in programmeIndex { seatPrices[Int(t)] = leaf.lambda[i] }
        func needPrice(_ n: Int32) -> Int64 { needPrices[Int(n)] }
        func seatPrice(_ t: Int32) -> Int64 { seatPrices[Int(t)] }
        var total: Int128 = 0
        for p in part.participants {
            let only = forced[p], never = barred[p] ?? []
            var best: Int64?
            for a in routes.arcStart[Int(p)]..<routes.arcStart[Int(p) + 1] {
                let n = routes.arcNeed[a], base = routes.arcBase[a]
                if only == nil && routes.arcDirect[a] { best = max(best ?? Int64.min, base - needPrice(n)) }
                routes.forEachProgramme(ofArc: a) { t in
                    guard only.map({ $0 == t }) ?? true, !never.contains(t) else { return }
                    best = max(best ?? Int64.min, base + routes.trainingScore[Int(t)] - needPrice(n) - seatPrice(t))
                }
            }
            if only != nil {
                guard let best else { return nil }
                total += Int128(best)
            } else {
                total += Int128(max(0, best ?? 0))
            }
        }
        for (i, n) in part.needs.enumerated() where leaf.needPrices[i] > 0 {
            total += Int128(instance.needs[Int(n)].positions) * Int128(leaf.needPrices[i])
        }
        for (i, t) in part.programmes.enumerated() where leaf.lambda[i] > 0 {
            total += Int128(instance.programmes[Int(t)].seats) * Int128(leaf.lambda[i])
        }
        return total
    }
}

/// Why a result's certificate cannot be checked.
public struct CertificateProblem: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

extension Certificate {
    /// Whether paths (all alike up to `depth`) are the leaves of a full binary tree: one path
    /// ending here, or all going on with the same decision, split by its value into two such trees.
    static func covers(_ paths: ArraySlice<[Decision]>, depth: Int) -> Bool {
        if paths.count == 1 { return paths.first!.count == depth }
        guard paths.allSatisfy({ $0.count > depth }), let first = paths.first?[depth] else { return false }
        guard paths.allSatisfy({ $0[depth].participant == first.participant && $0[depth].programme == first.programme }) else { return false }
        let attend = paths.filter { $0[depth].attends }, skip = paths.filter { !$0[depth].attends }
        return !attend.isEmpty && !skip.isEmpty && covers(attend[...], depth: depth + 1) && covers(skip[...], depth: depth + 1)
    }

    /// The bound a result's `certificate` (JSON, as `ResultWriter` writes it) proves for
    /// `instance`, in score units, worked out on the instance's own routes.
    public static func check(_ document: JSONValue, instance: Instance) throws(CertificateProblem) -> Int64 {
        guard case .object(let root) = document else { throw CertificateProblem(path: "certificate", message: "is not an object") }
        // Prices may have more decimals than the scores (up to `extraDigits` more): all are read in the finest's units.
        let digits = min(Self.extraDigits, max(0, Self.finestPrice(root) - instance.policy.scoreScale))
        let scale = instance.policy.scoreScale + digits
        let needIndex = Dictionary(instance.needs.indices.map { (instance.needs[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        let programmeIndex = Dictionary(instance.programmes.indices.map { (instance.programmes[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        let participantIndex = Dictionary(instance.participants.indices.map { (instance.participants[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        func prices(_ object: JSONObject, _ key: String, _ path: String, _ index: [String: Int]) throws(CertificateProblem) -> [Int: Int64] {
            guard let value = object[key] else { return [:] }
            guard case .object(let map) = value else { throw CertificateProblem(path: "\(path).\(key)", message: "is not an object") }
            var out: [Int: Int64] = [:]
            for (id, v) in map.members {
                let at = "\(path).\(key).\(id)"
                guard let i = index[id] else { throw CertificateProblem(path: at, message: "no such id in the instance") }
                guard case .number(let literal) = v, let d = ExactDecimal(literal: literal), d.significand >= 0, d.scale <= scale else {
                    throw CertificateProblem(path: at, message: "\(v.shortDescription) is not a price ≥ 0 in score units (at most \(instance.policy.scoreScale + Self.extraDigits) decimals)")
                }
                // Two prices off a route's score must not overflow: a price this large proves nothing anyway.
                guard d.scaled(to: scale) <= Int128(Self.priceCeiling) else {
                    throw CertificateProblem(path: at, message: "\(v.shortDescription) is too large a price")
                }
                out[i] = Int64(d.scaled(to: scale))
            }
            return out
        }
        let needPrices = try prices(root, "needPrices", "certificate", needIndex)
        let seatPrices = try prices(root, "seatPrices", "certificate", programmeIndex)
        // The spec's routes: through programmes with no seats as well (its rules count seats only in
        // rule 15); their seats stay at zero in the sums, which read them from `instance`.
        var open = instance
        for t in open.programmes.indices where open.programmes[t].seats == 0 { open.programmes[t].seats = 1 }
        let routes = RouteSet(instance: open)
        guard digits == 0 || routes.scales(by: Self.unit(digits: digits)) else {
            throw CertificateProblem(path: "certificate", message: "prices with \(digits) more decimals than the scores cannot be counted against scores this large")
        }
        let parts = Partition(routes: routes).parts
        var partOf: [Int: Int] = [:]
        for (k, part) in parts.enumerated() { for p in part.participants { partOf[Int(p)] = k } }
        var proofs: [PartProof] = []
        if let value = root["proofs"] {
            guard case .array(let list) = value else { throw CertificateProblem(path: "certificate.proofs", message: "is not a list") }
            for (i, item) in list.enumerated() {
                let path = "certificate.proofs[\(i)]"
                guard case .object(let proof) = item, case .string(let name)? = proof["part"], let p = participantIndex[name], let k = partOf[p],
                    case .array(let leaves)? = proof["leaves"]
                else { throw CertificateProblem(path: path, message: "is not {part: a participant with routes, leaves: [...]}") }
                let part = parts[k]
                let needLocal = Dictionary(part.needs.enumerated().map { (Int($0.element), $0.offset) }, uniquingKeysWith: { a, _ in a })
                let programmeLocal = Dictionary(part.programmes.enumerated().map { (Int($0.element), $0.offset) }, uniquingKeysWith: { a, _ in a })
                var read = PartProof(participants: part.participants, needs: part.needs, programmes: part.programmes, leaves: [])
                for (j, leafValue) in leaves.enumerated() {
                    let at = "\(path).leaves[\(j)]"
                    guard case .object(let leaf) = leafValue, case .array(let steps)? = leaf["path"] else {
                        throw CertificateProblem(path: at, message: "is not {path: [...], needPrices, seatPrices}")
                    }
                    var decisions: [Decision] = []
                    for (s, step) in steps.enumerated() {
                        guard case .object(let d) = step, d["need"] == nil, d["direct"] == nil,
                            case .string(let pid)? = d["participant"], let dp = participantIndex[pid],
                            case .string(let tid)? = d["programme"], let dt = programmeIndex[tid],
                            case .number(let v)? = d["value"], v == "0" || v == "1"
                        else {
                            throw CertificateProblem(path: "\(at).path[\(s)]", message: "is not a decision Kadry makes (participant, programme, value 0 or 1; check.py checks any)")
                        }
                        decisions.append(Decision(participant: Int32(dp), programme: Int32(dt), attends: v == "1"))
                    }
                    var lambda = [Int64](repeating: 0, count: part.programmes.count)
                    // Prices outside the part count for nothing there (matching-v1's leaf bound sums over the part).
                    for (t, v) in try prices(leaf, "seatPrices", at, programmeIndex) {
                        if let local = programmeLocal[t] { lambda[local] = v }
                    }
                    var needs = [Int64](repeating: 0, count: part.needs.count)
                    for (n, v) in try prices(leaf, "needPrices", at, needIndex) {
                        if let local = needLocal[n] { needs[local] = v }
                    }
                    read.leaves.append((decisions, lambda, needs))
                }
                guard Self.covers(read.leaves.map(\.path)[...], depth: 0) else {
                    throw CertificateProblem(path: path, message: "its leaves do not cover every branch exactly once")
                }
                proofs.append(read)
            }
        }
        var solution = Solution(placements: [], objective: 0, bound: 0, nodes: 0, seconds: 0)
        solution.needPrices = Dictionary(needPrices.map { (Int32($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
        solution.seatPrices = Dictionary(seatPrices.map { (Int32($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
        solution.proofs = proofs
        return prove(instance: instance, routes: routes, solution: solution, priceDigits: digits, writing: false).bound
    }

    /// 10^`digits`: what a price of `digits` more decimal digits is counted in.
    static func unit(digits: Int) -> Int64 { (0..<digits).reduce(1) { r, _ in r * 10 } }

    /// Decimals a price read may have beyond the scores' own (Kadry itself writes none).
    static let extraDigits = 6

    /// The largest price read, in the units it is read in: a route's score less two of them
    /// stays far from overflowing.
    static let priceCeiling = Int64.max / 8

    /// The most prices a certificate's leaves carry from outside their part, in all, where
    /// programmes with no seats make them carry any (`prove`).
    static let carriedPrices = 200_000

    /// The most decimals of any price in a certificate (its root's and its leaves'); literals
    /// that are not numbers count for nothing here (reading them fails later, with its path).
    static func finestPrice(_ root: JSONObject) -> Int {
        func finest(_ object: JSONObject) -> Int {
            var most = 0
            for key in ["needPrices", "seatPrices"] {
                guard case .object(let map)? = object[key] else { continue }
                for (_, v) in map.members {
                    if case .number(let literal) = v, let d = ExactDecimal(literal: literal) { most = max(most, d.scale) }
                }
            }
            return most
        }
        var most = finest(root)
        if case .array(let list)? = root["proofs"] {
            for case .object(let proof) in list {
                guard case .array(let leaves)? = proof["leaves"] else { continue }
                for case .object(let leaf) in leaves { most = max(most, finest(leaf)) }
            }
        }
        return most
    }
}
