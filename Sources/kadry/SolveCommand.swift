import Foundation
import ArgumentParser
import KadryCore
import KadryMatcher

struct SolveCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("SolveCommand", name: "solve") }

    @Argument(help: ArgumentHelp(opt("The placement problem to solve; '-' reads standard input."), valueName: "INSTANCE.json"))
    var instancePath: String

    @Option(name: .customLong("out"), help: ArgumentHelp(opt("Write the result here instead of standard output."), valueName: "RESULT.json"))
    var outPath: String?

    @Option(name: .customLong("time-limit"), help: ArgumentHelp(opt("How long the whole command may take: the search stops early enough to leave time for explaining and writing the result (estimated from how long reading and finding the routes took) and gives the best result found, with how far from the best possible it can be. Default: 9.5 s for up to 20,000 participants, rising in proportion to 55 s at 100,000 and more. Small registers are solved and proven long before."), valueName: "SECONDS"))
    var timeLimit: Double?

    @Flag(name: .customLong("seat-values"), help: ArgumentHelp(opt("Also work out what 1 and 5 more seats in each full training programme would add (takes extra solves).")))
    var seatValues = false

    @Flag(help: ArgumentHelp(opt("Do not show progress while solving (it is shown only on a terminal anyway).")))
    var quiet = false

    @OptionGroup var catalog: CatalogOptions

    func validate() throws {
        if let timeLimit, !(timeLimit > 0) { throw ValidationError("--time-limit must be a positive number of seconds") }
    }

    @OptionGroup var language: LanguageOption

    func run() throws {
        do {
            let started = Date()
            let instance = try loadInstance(instancePath, catalog: try catalog.load())
            let reading = Date().timeIntervalSince(started)
            let progress = quiet ? nil : ProgressLine.ifTerminal(Scorer(instance: instance))
            let limit = timeLimit ?? SolverOptions.defaultTimeLimit(participants: instance.participants.count)
            // The time limit covers the whole command: what reading took is spent already, and
            // writing the result (a little larger than the instance) takes up to as long again
            // (measured: 0.3 s after 0.3–0.6 s at 20,000 participants, 1.6 s after 2.7 s at 100,000);
            // 3 % is kept for what the estimates miss (at 20,000 participants and 9.5 s, runs
            // took 9.73 s without it: explaining 0.45 s against 0.3 s estimated).
            // The limit covers finding the routes too: when they alone take longer, nothing is written.
            var result: MatchResult
            do {
                result = try Matcher.matchWithinLimit(
                    instance, seatValues: seatValues,
                    options: SolverOptions(timeLimit: max(0, 0.97 * limit - 2 * reading), progress: progress?.update))
            } catch {
                progress?.finish()
                throw UserError("\(error) (--time-limit \(limit) s)")
            }
            result.timings.insert(("reading", reading), at: 0)
            progress?.finish()
            let writing = Date()
            let text = JSONWriter.write(ResultWriter.document(result, instance: instance))
            if let outPath {
                try writeAtomically(text, to: outPath)
            } else {
                print(text, terminator: "")
            }
            // On the summary line only (the result is written by now): what the time limit covers, in all.
            result.timings += [("writing", Date().timeIntervalSince(writing)), ("in all", Date().timeIntervalSince(started))]
            Terminal.error(Summary.line(result, instance: instance))
        } catch let error as UserError {
            Terminal.error("kadry solve: \(error)")
            throw ExitCode(2)
        }
    }
}

enum Summary {
    static func line(_ result: MatchResult, instance: Instance) -> String {
        let scorer = Scorer(instance: instance)
        let positions = instance.needs.reduce(0) { $0 + $1.positions }
        let via = result.placements.filter { $0.route != .direct }.count
        var text = say(.sumLine, .count(result.placements.count), .count(result.placements.count - via), .count(via), .count(positions),
                       .count(instance.participants.count), .text(number(scorer.format(result.objective))))
        if let bound = result.bound {
            // A bound is written only as its certificate proves it (`--time-limit` or not).
            let certified = result.certificate != nil
            text += bound == result.objective
                ? say(certified ? .sumProvenCertified : .sumProven)
                : say(.sumBound, .text(number(scorer.format(bound))), .text(certified ? say(.sumCertifiedTag) : ""), .text(gap(result.objective, bound)))
        }
        if !result.timings.isEmpty {
            text += "; " + result.timings.map { "\(phaseName($0.phase)) \(number(String(format: "%.2f", $0.seconds))) s" }.joined(separator: ", ")
        }
        return text
    }

    /// A timing's phase in this run's language.
    static func phaseName(_ phase: String) -> String {
        let key: MessageKey? = switch phase {
        case "reading": .phaseReading
        case "eligible routes", "routes": .phaseRoutes
        case "search": .phaseSearch
        case "reasons": .phaseReasons
        case "writing": .phaseWriting
        case "in all": .phaseInAll
        default: nil
        }
        return key.map { say($0) } ?? phase
    }

    static func gap(_ objective: Int64, _ bound: Int64) -> String {
        guard objective > 0 else { return say(.sumGapUnknown) }
        let pct = Double(bound - objective) / Double(objective) * 100
        return number("\((pct * 1000).rounded() / 1000)") + " %"
    }
}
