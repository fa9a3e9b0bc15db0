import ArgumentParser
import Foundation
import KadryCore
import KadryMatcher
import KadryRegister
import KadryStore

struct InstanceCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("InstanceCommand", name: "instance", subcommands: [InstanceExportCommand.self]) }
}

struct InstanceExportCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("InstanceExportCommand", name: "export") }

    @Option(help: ArgumentHelp(opt("The day the problem is seen from (default: today)."), valueName: "DATE"))
    var asOf: Day?

    @Option(name: .customLong("out"), help: ArgumentHelp(opt("The file to write (default: standard output)."), valueName: "FILE"))
    var output: String?

    @OptionGroup var policy: PolicyOption
    @OptionGroup var register: RegisterOptions

    func run() throws {
        try registerCommand("instance export") {
            let text = JSONWriter.write(try register.open().instanceDocument(asOf: asOf, policy: try policy.load())) + "\n"
            if let output { try writeAtomically(text, to: output) } else { print(text, terminator: "") }
        }
    }
}

struct MatchCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("MatchCommand", name: "match") }

    @Option(help: ArgumentHelp(opt("The day the problem is seen from (default: today)."), valueName: "DATE"))
    var asOf: Day?

    @Option(help: ArgumentHelp(opt("How long matching may take, about: the search stops early enough to leave time for explaining the proposals, and keeps the best found (saving them comes after)."), valueName: "SECONDS"))
    var timeLimit: Double = 55

    @Flag(help: ArgumentHelp(opt("Do not show progress while solving.")))
    var quiet = false

    @OptionGroup var policy: PolicyOption
    @OptionGroup var register: RegisterOptions
    @OptionGroup var catalog: CatalogOptions

    func validate() throws {
        if !(timeLimit > 0) { throw ValidationError("--time-limit must be a positive number of seconds") }
    }

    func run() throws {
        try registerCommand("match") {
            let store = try register.open()
            let vocabulary = try catalog.load().vocabulary
            var line: ProgressLine?
            let (run, result, _) = try store.match(
                asOf: asOf, policy: try policy.load(), vocabulary: vocabulary, actor: register.resolvedActor, timeLimit: timeLimit
            ) { instance in
                line = quiet ? nil : ProgressLine.ifTerminal(Scorer(instance: instance))
                return line?.update
            }
            line?.finish()
            let gap = run.bound.map { b in b > 0 ? (b - run.objective) / b * 100 : 0 } ?? 0
            let asOf = Day(iso: run.asOf).map { cliLanguage.prose($0) } ?? run.asOf
            print(say(.cliRunSummary, .text(String(run.id)), .text(asOf), .count(run.placements), .count(run.openPositions), .count(result.unplaced.count)))
            let bound = run.bound.map(formatNumber) ?? "–"
            let gapText = String(format: "%.2f", gap)
            print(run.proven ? say(.cliRunProven, .text(formatNumber(run.objective)), .text(bound))
                : say(.cliRunGap, .text(formatNumber(run.objective)), .text(bound), .text(cliLanguage == .pl ? Polish.number(gapText) : gapText)))
            print(say(.cliRunNext, .text(String(run.id))))
        }
    }
}

/// The score weights a run uses (matching-v1 "policy"), from a JSON file; the spec's defaults without one.
struct PolicyOption: ParsableArguments {
    @Option(name: .customLong("policy"), help: ArgumentHelp(opt("A JSON file with the score weights (matching-v1 policy, e.g. {\"priorityWeight\": 1000}); default: the spec's defaults."), valueName: "FILE.json"))
    var path: String?

    func load() throws -> JSONObject {
        guard let path else { return JSONObject() }
        let value: JSONValue
        do {
            value = try JSONParser.parse(try readInput(path))
        } catch let error as JSONSyntaxError {
            throw UserError("\(path): \(error)")
        }
        guard case .object(let object) = value else { throw UserError("\(path): the policy is not a JSON object") }
        return object
    }
}

func formatNumber(_ v: Double) -> String {
    v == v.rounded() ? String(Int64(v)) : String(v)
}

/// A number as this run's language writes it (a decimal comma in Polish).
func number(_ text: String) -> String { cliLanguage == .pl ? Polish.number(text) : text }

/// A score term's name in this run's language.
func termName(_ name: String) -> String {
    guard cliLanguage == .pl else { return name }
    return TermsText.polishTermNames[name] ?? name
}

struct ProposalsCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("ProposalsCommand", name: "proposals") }

    @Option(name: .customLong("run"), help: ArgumentHelp(opt("The run (default: the newest; with --status, every run).")))
    var runID: Int64?

    @Option(help: ArgumentHelp(opt("Only proposals for this cooperative's needs.")))
    var cooperative: String?

    @Option(help: ArgumentHelp(opt("Only proposals of this institution's participants.")))
    var institution: String?

    @Option(help: ArgumentHelp(opt("Only proposals for this need.")))
    var need: String?

    @Option(help: ArgumentHelp(opt("proposed, approved, rejected or deferred.")))
    var status: String?

    @OptionGroup var register: RegisterOptions

    func validate() throws {
        if let status, !["proposed", "approved", "rejected", "deferred", "superseded"].contains(status) {
            throw ValidationError("--status must be proposed, approved, rejected or deferred")
        }
    }

    func run() throws {
        try registerCommand("proposals") {
            let list = try register.open().proposals(
                ProposalFilter(run: runID, cooperative: cooperative, institution: institution, need: need, status: status))
            if list.isEmpty {
                print(say(.cliNoProposals))
                return
            }
            for p in list {
                let route = p.programme.map { say(.cliRouteVia, .text($0), .text(p.programmeTitle ?? "")) } ?? say(.cliRouteDirect)
                let hired = p.hiredOn.flatMap(Day.init(iso:)).map { say(.cliHiredOn, .day($0)) } ?? ""
                print(say(.cliProposalLine, .text(String(p.id)), .text(say(ProposalView.statusKey(p.status))), .text(hired), .text(p.participant),
                          .text(p.institutionName), .text(p.reference.map { say(.cliReference, .text($0)) } ?? ""), .text(p.need), .text(p.needTitle),
                          .text(p.cooperativeName), .text(route)))
                let terms = p.terms.filter { $0.value != "0" }.map { "\(termName($0.name)) \(number($0.value))" }.joined(separator: ", ")
                print(say(.cliScoreLine, .text(number(formatNumber(p.score))), .text(terms)))
            }
        }
    }
}

struct ReviewCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        var help = Help.of("ReviewCommand", cliLanguage)
        help.discussion = help.discussion?.replacingOccurrences(
            of: "{reasons}", with: ReasonCode.allCases.map { "\($0.rawValue) (\(cliLanguage == .pl ? $0.polish : $0.english))" }.joined(separator: ", "))
        return CommandConfiguration(
            commandName: "review",
            abstract: help.abstract,
            discussion: help.discussion ?? "")
    }

    @Argument(help: ArgumentHelp(opt("approve, reject, defer or withdraw.")))
    var decision: Decision

    @Argument(help: ArgumentHelp(opt("The proposal number (see `kadry proposals`).")))
    var proposal: Int64

    @Option(help: ArgumentHelp("Why: \(ReasonCode.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "CODE"))
    var reason: ReasonCode?

    @Option(help: ArgumentHelp(opt("Free text for the minutes.")))
    var note: String?

    @OptionGroup var register: RegisterOptions

    func run() throws {
        try registerCommand("review") {
            let reasonCode = reason ?? .agreed
            let p = try register.open().decide(proposal, decision, reason: reasonCode, note: note, by: register.resolvedActor)
            // A withdrawal has no reason of its own: it takes the decision back.
            if decision == .withdraw {
                print(say(.cliWithdrawn, .text(String(p.id)), .text(p.participant), .text(p.need)))
            } else {
                print(say(.cliDecided, .text(String(p.id)), .text(p.participant), .text(p.need), .text(say(ProposalView.statusKey(p.status))),
                          .text(cliLanguage == .pl ? reasonCode.polish : reasonCode.english)))
            }
        }
    }
}

extension Decision: ExpressibleByArgument {}
extension ReasonCode: ExpressibleByArgument {}

struct HireCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("HireCommand", name: "hire") }

    @Argument(help: ArgumentHelp(opt("The proposal number.")))
    var proposal: Int64

    @Option(help: ArgumentHelp(opt("The first day of work."), valueName: "DATE"))
    var on: Day

    @OptionGroup var register: RegisterOptions

    func run() throws {
        try registerCommand("hire") {
            let p = try register.open().hire(proposal, on: on, by: register.resolvedActor)
            print(say(.cliHired, .text(String(p.id)), .text(p.participant), .text(p.cooperativeName), .text(p.need), .day(on),
                      .day(on.addingMonths(3)), .day(on.addingMonths(6)), .day(on.addingMonths(12))))
        }
    }
}

struct RetentionCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("RetentionCommand", name: "retention") }

    @Argument(help: ArgumentHelp(opt("The proposal number.")))
    var proposal: Int64

    @Option(help: ArgumentHelp(opt("3, 6 or 12.")))
    var months: Int

    @Option(help: ArgumentHelp(opt("yes or no (tak/nie)."), valueName: "yes|no"))
    var employed: String

    @Flag(help: ArgumentHelp(opt("Replace the answer already recorded for these months (the first stays in the audit log).")))
    var correct = false

    @OptionGroup var register: RegisterOptions

    func validate() throws {
        if ![3, 6, 12].contains(months) { throw ValidationError("--months must be 3, 6 or 12") }
        if SheetFlags.parse(employed) == nil { throw ValidationError("--employed must be yes or no (tak/nie)") }
    }

    func run() throws {
        try registerCommand("retention") {
            let isEmployed = SheetFlags.parse(employed)!
            try register.open().retention(proposal, months: months, employed: isEmployed, correction: correct, by: register.resolvedActor)
            print(say(.cliRetention, .text(String(proposal)), .count(months), .text(say(isEmployed ? .employed : .notEmployed))))
        }
    }
}

struct WhyCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("WhyCommand", name: "why") }

    @Argument(help: ArgumentHelp(opt("A participant's or a need's id (P-014, N-07).")))
    var id: String

    @OptionGroup var register: RegisterOptions

    func run() throws {
        let lang = cliLanguage
        try registerCommand("why") {
            let store = try register.open()
            guard let answer = try store.why(.participants, id: id) ?? store.why(.needs, id: id) else {
                throw UserError(Message(.whyUnknownRecord, .text(id)).text(lang))
            }
            for line in answer.lines(lang) { print(line) }
        }
    }
}
