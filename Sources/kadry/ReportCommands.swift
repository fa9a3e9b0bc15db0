import ArgumentParser
import Foundation
import KadryCore
import KadryRegister
import KadryStore

extension ReportRenderer.Format: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The committee's quarterly report (Polish by default), as Markdown or CSV.",
        discussion: """
            Follows part 3.2 of the self-evaluation report of the cooperation model ("Sfera 1: \
            Zaspokajanie potrzeb kadrowych realizatorów usług społecznych"): needs posted and \
            filled by service and cooperative, directly or via training; training seats used; \
            participants placed per institution; decisions and their reasons; retention at \
            3/6/12 months; open needs with their reasons.
            """)

    @Option(help: ArgumentHelp("The quarter, e.g. 2026Q1 (default: the current one).", valueName: "YYYYQn"))
    var quarter: String?

    @Option(help: "md or csv.")
    var format: ReportRenderer.Format = .md

    @Option(help: "pl or en.")
    var lang: ReportRenderer.Language = .pl

    @Option(name: .customLong("out"), help: ArgumentHelp("The file to write (default: standard output).", valueName: "FILE"))
    var output: String?

    @OptionGroup var register: RegisterOptions
    @OptionGroup var catalog: CatalogOptions

    func validate() throws {
        if let quarter, Quarter(quarter) == nil { throw ValidationError("--quarter must look like 2026Q1") }
    }

    func run() throws {
        try registerCommand("report") {
            let store = try register.open()
            let q = quarter.flatMap(Quarter.init) ?? Quarter(containing: store.today)
            let names = Dictionary(try catalog.load().services.map { ($0.slug, $0.name) }, uniquingKeysWith: { a, _ in a })
            let report = try store.quarterReport(q, serviceNames: names)
            let text = ReportRenderer(language: lang).render(report, as: format)
            if let output {
                try writeAtomically(format == .csv ? [0xEF, 0xBB, 0xBF] + Array(text.utf8) : Array(text.utf8), to: output)
            } else {
                print(text, terminator: "")
            }
        }
    }
}

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "What needs attention now: programmes ending without a placement, proposals waiting, retention checks due, needs starting soon.")

    @OptionGroup var register: RegisterOptions

    func run() throws {
        try registerCommand("status") {
            let store = try register.open()
            let counts = try store.counts().map { "\($0.count) \($0.kind)" }.joined(separator: ", ")
            print("Register \(register.resolvedPath): \(counts).")
            if let run = try store.runs().first {
                print("Newest run: \(run.id) of \(run.startedAt.prefix(10)) (as of \(run.asOf)), \(run.placements) proposals, \(run.openPositions) positions open.")
            } else {
                print("No match run yet: kadry match")
            }
            let a = try store.attention()
            if a.isEmpty {
                print("Nothing needs attention today (\(a.today)).")
                return
            }
            section("Participants whose programme ends within 30 days, not placed", a.endingWithoutPlacement.map {
                "\($0.participant) (\($0.institution)): programme ends \($0.programmeEnds)"
            })
            section("Proposals waiting for a decision for more than 14 days", a.waiting.map {
                "#\($0.proposal) \($0.participant) → \($0.need), since \($0.since)"
            })
            section("Retention checks due", a.retentionDue.map {
                "#\($0.proposal) \($0.participant): \($0.months)-month check due \($0.due) (kadry retention \($0.proposal) --months \($0.months) --employed yes|no)"
            })
            section("Needs starting within 30 days with open positions", a.needsStartingOpen.map {
                "\($0.need) \($0.title) (\($0.cooperative)): starts \($0.start), \($0.open) open"
            })
        }
    }

    func section(_ title: String, _ lines: [String]) {
        guard !lines.isEmpty else { return }
        print("\n\(title) (\(lines.count)):")
        for line in lines { print("  \(line)") }
    }
}
