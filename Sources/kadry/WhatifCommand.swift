import ArgumentParser
import KadryCore
import KadryMatcher

struct WhatifCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("WhatifCommand", name: "whatif") }

    @Argument(help: ArgumentHelp(opt("The placement problem (JSON or .json.gz); '-' reads standard input."), valueName: "INSTANCE.json"))
    var instancePath: String

    @Option(name: .customLong("seats"), help: ArgumentHelp(opt("Change a programme's seats, e.g. T-07=+5 or T-07=-2. Repeat for more programmes."), valueName: "PROGRAMME=±K"))
    var seats: [String] = []

    @Option(name: .customLong("lock"), help: ArgumentHelp(opt("Fix a placement: this participant takes this need. Repeatable."), valueName: "PARTICIPANT:NEED"))
    var locks: [String] = []

    @Option(name: .customLong("forbid"), help: ArgumentHelp(opt("Rule out a pair: this participant must not take this need. Repeatable."), valueName: "PARTICIPANT:NEED"))
    var forbids: [String] = []

    @Option(name: .customLong("time-limit"), help: ArgumentHelp(opt("Seconds each of the two solves may take."), valueName: "SECONDS"))
    var timeLimit: Double?

    @OptionGroup var catalog: CatalogOptions

    func validate() throws {
        if seats.isEmpty && locks.isEmpty && forbids.isEmpty {
            throw ValidationError("say what to change: --seats, --lock or --forbid")
        }
        if let timeLimit, !(timeLimit > 0) { throw ValidationError("--time-limit must be a positive number of seconds") }
    }

    @OptionGroup var language: LanguageOption

    func run() throws {
        do {
            let instance = try loadInstance(instancePath, catalog: try catalog.load())
            let scenario = try makeScenario(instance)
            let options = SolverOptions(timeLimit: timeLimit)
            let before = Matcher.match(instance, options: options)
            let after = Matcher.match(instance, scenario: scenario, options: options)
            print(WhatifReport.render(before: before, after: after, scenario: scenario, instance: instance), terminator: "")
        } catch let error as UserError {
            Terminal.error("kadry whatif: \(error)")
            throw ExitCode(2)
        }
    }

    func makeScenario(_ instance: Instance) throws -> Scenario {
        var scenario = Scenario()
        for change in seats {
            let parts = change.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let delta = Int(parts[1].hasPrefix("+") ? String(parts[1].dropFirst()) : parts[1]) else {
                throw UserError("--seats \(change): expected PROGRAMME=+K or PROGRAMME=-K, e.g. T-07=+5")
            }
            guard let t = instance.programmeIndex(of: parts[0]) else { throw UserError("--seats \(change): no programme \"\(parts[0])\"") }
            scenario.seatChanges[t, default: 0] += delta
        }
        scenario.locks = try locks.map { try pair($0, "--lock", instance) }
        scenario.forbidden = try forbids.map { try pair($0, "--forbid", instance) }
        return scenario
    }

    func pair(_ text: String, _ option: String, _ instance: Instance) throws -> Scenario.Pair {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw UserError("\(option) \(text): expected PARTICIPANT:NEED, e.g. P-0012:N-044") }
        guard let p = instance.participantIndex(of: parts[0]) else { throw UserError("\(option) \(text): no participant \"\(parts[0])\"") }
        guard let n = instance.needIndex(of: parts[1]) else { throw UserError("\(option) \(text): no need \"\(parts[1])\"") }
        return Scenario.Pair(participant: p, need: n)
    }
}

enum WhatifReport {
    static func render(before: MatchResult, after: MatchResult, scenario: Scenario, instance: Instance) -> String {
        let scorer = Scorer(instance: instance)
        func key(_ pl: Placement) -> String {
            "\(instance.participants[pl.participant].id) → \(instance.needs[pl.need].id)"
                + (pl.route.programme.map { say(.wiVia, .text(instance.programmes[$0].id)) } ?? say(.wiDirectTag))
        }
        let old = Set(before.placements.map(key))
        let new = Set(after.placements.map(key))
        var out = say(.wiChanges) + "\n"
        for (t, delta) in scenario.seatChanges.sorted(by: { $0.key < $1.key }) {
            let p = instance.programmes[t]
            out += "  " + say(.wiSeats, .text(p.id), .text(p.title), .count(p.seats), .count(max(0, p.seats + delta))) + "\n"
        }
        for lock in scenario.locks {
            let kept = after.placements.contains { $0.participant == lock.participant && $0.need == lock.need }
            out += "  " + say(.wiLock, .text(instance.participants[lock.participant].id), .text(instance.needs[lock.need].id))
            if kept {
                out += say(.wiKept) + "\n"
            } else {
                let verdict = Eligibility(instance: scenario.applied(to: instance)).closestRoute(participant: lock.participant, need: lock.need)
                let why = verdict.violations.isEmpty
                    ? say(.wiNoPosition) : verdict.violations.map { cliLanguage == .pl ? $0.polishDescription : $0.description }.joined(separator: "; ")
                out += say(.wiNotKept, .text(why)) + "\n"
            }
        }
        for f in scenario.forbidden {
            out += "  " + say(.wiForbidden, .text(instance.participants[f.participant].id), .text(instance.needs[f.need].id)) + "\n"
        }
        out += "\n" + say(.wiResult) + "\n"
        out += "  " + say(.wiScore, .text(number(scorer.format(before.objective))), .text(number(scorer.format(after.objective))),
                          .text(number(signed(after.objective - before.objective, scorer)))) + "\n"
        let filled = after.placements.count - before.placements.count
        out += "  " + say(.wiFilled, .count(before.placements.count), .count(after.placements.count), .text((filled >= 0 ? "+" : "") + String(filled))) + "\n"
        let viaBefore = before.placements.filter { $0.route != .direct }.count
        let viaAfter = after.placements.filter { $0.route != .direct }.count
        out += "  " + say(.wiTrained, .count(viaBefore), .count(viaAfter)) + "\n"
        if before.bound != before.objective || after.bound != after.objective {
            out += "  " + say(.wiNotProven, .text(number(scorer.format(before.bound ?? 0))), .text(number(scorer.format(after.bound ?? 0)))) + "\n"
        }
        out += "\n" + say(.wiGained, .count(new.subtracting(old).count)) + "\n"
        for k in new.subtracting(old).sorted() { out += "  + \(k)\n" }
        out += "\n" + say(.wiLost, .count(old.subtracting(new).count)) + "\n"
        for k in old.subtracting(new).sorted() { out += "  − \(k)\n" }
        return out
    }

    static func signed(_ v: Int64, _ scorer: Scorer) -> String { v >= 0 ? "+\(scorer.format(v))" : scorer.format(v) }
}
