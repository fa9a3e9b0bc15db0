import KadryCore

/// What a scenario changes, in words: the changes tried, the result before and after (score,
/// positions filled, placements through a programme), and the placements gained and lost.
/// `kadry whatif` prints it; the committee's what-if page shows it.
public struct WhatifSummary: Sendable {
    public var changes: [String]
    public var result: [String]
    public var gained: [String]
    public var lost: [String]
    public var language: Language

    public init(before: MatchResult, after: MatchResult, scenario: Scenario, instance: Instance, language: Language) {
        self.language = language
        func say(_ key: MessageKey, _ arguments: Message.Argument...) -> String { Message(key, arguments: arguments).text(language) }
        func number(_ text: String) -> String { language == .pl ? Polish.number(text) : text }
        let scorer = Scorer(instance: instance)
        func signed(_ v: Int64) -> String { v >= 0 ? "+\(scorer.format(v))" : scorer.format(v) }
        func key(_ pl: Placement) -> String {
            "\(instance.participants[pl.participant].id) → \(instance.needs[pl.need].id)"
                + (pl.route.programme.map { say(.wiVia, .text(instance.programmes[$0].id)) } ?? say(.wiDirectTag))
        }
        changes = scenario.seatChanges.sorted(by: { $0.key < $1.key }).map { t, delta in
            let p = instance.programmes[t]
            return say(.wiSeats, .text(p.id), .text(p.title), .count(p.seats), .count(max(0, p.seats + delta)))
        }
        for lock in scenario.locks {
            let kept = after.placements.contains { $0.participant == lock.participant && $0.need == lock.need }
            var line = say(.wiLock, .text(instance.participants[lock.participant].id), .text(instance.needs[lock.need].id))
            if kept {
                line += say(.wiKept)
            } else {
                let verdict = Eligibility(instance: scenario.applied(to: instance)).closestRoute(participant: lock.participant, need: lock.need)
                let why = verdict.violations.isEmpty
                    ? say(.wiNoPosition) : verdict.violations.map { language == .pl ? $0.polishDescription : $0.description }.joined(separator: "; ")
                line += say(.wiNotKept, .text(why))
            }
            changes.append(line)
        }
        for f in scenario.forbidden {
            changes.append(say(.wiForbidden, .text(instance.participants[f.participant].id), .text(instance.needs[f.need].id)))
        }
        result = [
            say(.wiScore, .text(number(scorer.format(before.objective))), .text(number(scorer.format(after.objective))),
                .text(number(signed(after.objective - before.objective)))),
        ]
        let filled = after.placements.count - before.placements.count
        result.append(say(.wiFilled, .count(before.placements.count), .count(after.placements.count), .text((filled >= 0 ? "+" : "") + String(filled))))
        result.append(say(.wiTrained, .count(before.placements.filter { $0.route != .direct }.count),
                          .count(after.placements.filter { $0.route != .direct }.count)))
        if before.bound != before.objective || after.bound != after.objective {
            result.append(say(.wiNotProven, .text(number(scorer.format(before.bound ?? 0))), .text(number(scorer.format(after.bound ?? 0)))))
        }
        let old = Set(before.placements.map(key)), new = Set(after.placements.map(key))
        gained = new.subtracting(old).sorted()
        lost = old.subtracting(new).sorted()
    }

    /// As `kadry whatif` prints it.
    public var text: String {
        func say(_ key: MessageKey, _ arguments: Message.Argument...) -> String { Message(key, arguments: arguments).text(language) }
        var out = say(.wiChanges) + "\n"
        for line in changes { out += "  \(line)\n" }
        out += "\n" + say(.wiResult) + "\n"
        for line in result { out += "  \(line)\n" }
        out += "\n" + say(.wiGained, .count(gained.count)) + "\n"
        for k in gained { out += "  + \(k)\n" }
        out += "\n" + say(.wiLost, .count(lost.count)) + "\n"
        for k in lost { out += "  − \(k)\n" }
        return out
    }
}
