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
            print(WhatifSummary(before: before, after: after, scenario: scenario, instance: instance, language: cliLanguage).text, terminator: "")
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
