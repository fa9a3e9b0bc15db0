#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KadryCore

/// Who else could have taken a placement's position: for each placement, the other participants
/// for whom a route to the same need keeps every rule, best score first, each with where the
/// result put them instead. The committee reads them beside a proposal ("the alternatives it
/// beat"): a person with a higher score placed elsewhere shows the trade the optimum made.
///
/// Routes looked at: direct, and through a programme that grants a qualification the need asks
/// for (the routes that can matter for a need). Seats are not counted: an alternative through a
/// full programme is still named, as the one who could have been trained instead.
public enum Alternatives {
    public struct Alternative: Sendable, Equatable {
        public var participant: Int
        public var route: Route
        public var score: Int64
        /// The need the result placed this participant in, or nil when it left them unplaced.
        public var placedAt: Int?

        public init(participant: Int, route: Route, score: Int64, placedAt: Int?) {
            self.participant = participant
            self.route = route
            self.score = score
            self.placedAt = placedAt
        }
    }

    /// Up to `limit` alternatives for each placement (by index in `result.placements`), or nil when
    /// the routes to check against the rules (of the participants within commuting distance of a
    /// placed need) pass `budget`: the work grows with participants, needs and programmes, and a
    /// register of a subregion stays below it (the budget is spent in well under a second).
    public static func of(_ result: MatchResult, in instance: Instance, limit: Int = 3, budget: Int = 2_000_000) -> [Int: [Alternative]]? {
        guard !result.placements.isEmpty, !instance.participants.isEmpty else { return [:] }
        let eligibility = Eligibility(instance: instance)
        let scorer = Scorer(instance: instance)
        let placedAt = Dictionary(result.placements.map { ($0.participant, $0.need) }, uniquingKeysWith: { a, _ in a })
        // Participants in cells at least a longest commute wide (a degree of longitude is narrowest at the
        // latitude farthest from the equator), to look only at those who might commute to a need.
        let longest = max(1, instance.participants.map(\.maxCommuteKm).max() ?? 1)
        let farthest = min(89, (instance.participants.map(\.location.lat) + instance.needs.map(\.location.lat)).map(abs).max() ?? 0)
        let latStep = longest / 110.5, lonStep = longest / (110.5 * cos(farthest * .pi / 180))
        struct Cell: Hashable { var lat: Int; var lon: Int }
        func cell(_ l: Location) -> Cell { Cell(lat: Int((l.lat / latStep).rounded(.down)), lon: Int((l.lon / lonStep).rounded(.down))) }
        var cells: [Cell: [Int]] = [:]
        for pi in instance.participants.indices { cells[cell(instance.participants[pi].location), default: []].append(pi) }
        func near(_ need: Need) -> [[Int]] {
            let c = cell(need.location)
            return (-1...1).flatMap { dy in (-1...1).compactMap { dx in cells[Cell(lat: c.lat + dy, lon: c.lon + dx)] } }
        }
        let needs = Set(result.placements.map(\.need))
        // Every person looked at and every route checked against the rules counts against the budget; past it, nothing.
        var checks = 0
        var byNeed: [Int: [Alternative]] = [:]
        for ni in needs {
            let need = instance.needs[ni]
            let wanted = Set(need.requires.flatMap { $0 })
            let programmes = instance.programmes.indices.filter { !wanted.isDisjoint(with: instance.programmes[$0].grants) }
            var found: [Alternative] = []
            for pi in near(need).joined() {
                // A person looked at costs one unit, a route checked against the rules four.
                checks += 1
                if checks > budget { return nil }
                let person = instance.participants[pi]
                let distance = person.location.distanceKm(to: need.location)
                guard distance <= person.maxCommuteKm, placedAt[pi] != ni else { continue }
                var best: (Route, Int64)?
                // A programme farther than the person commutes is out before its rules are read.
                let reachable = programmes.filter { person.location.distanceKm(to: instance.programmes[$0].location) <= person.maxCommuteKm }
                checks += 4 * (1 + reachable.count)
                if checks > budget { return nil }
                for route in [Route.direct] + reachable.map({ Route.via($0) }) where eligibility.brokenRules(participant: pi, need: ni, route: route).isEmpty {
                    let score = scorer.terms(person, need, route.programme.map { instance.programmes[$0] }, distanceKm: distance).total
                    if best == nil || score > best!.1 { best = (route, score) }
                }
                if let (route, score) = best { found.append(Alternative(participant: pi, route: route, score: score, placedAt: placedAt[pi])) }
            }
            let ordered = found.sorted { a, b in
                a.score != b.score ? a.score > b.score : instance.participants[a.participant].id < instance.participants[b.participant].id
            }
            byNeed[ni] = Array(ordered.prefix(limit))
        }
        var out: [Int: [Alternative]] = [:]
        for (i, placement) in result.placements.enumerated() { out[i] = byNeed[placement.need] ?? [] }
        return out
    }
}
