import ArgumentParser
import Foundation
import KadryCore
import KadryRegister
import KadryStore

extension ReportRenderer.Format: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {}

struct ReportCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("ReportCommand", name: "report") }

    @Option(help: ArgumentHelp(opt("The quarter, e.g. 2026Q1 (default: the current one)."), valueName: "YYYYQn"))
    var quarter: String?

    @Option(help: ArgumentHelp(opt("md or csv.")))
    var format: ReportRenderer.Format = .md

    @Option(name: .customLong("out"), help: ArgumentHelp(opt("The file to write (default: standard output)."), valueName: "FILE"))
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
            let text = ReportRenderer(language: cliLanguage).render(report, as: format)
            if let output {
                try writeAtomically(format == .csv ? [0xEF, 0xBB, 0xBF] + Array(text.utf8) : Array(text.utf8), to: output)
            } else {
                print(text, terminator: "")
            }
        }
    }
}

struct StatusCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("StatusCommand", name: "status") }

    @OptionGroup var register: RegisterOptions

    func run() throws {
        try registerCommand("status") {
            let store = try register.open()
            let counts = try store.counts().map { "\($0.kind.plural.text(cliLanguage)): \($0.count)" }.joined(separator: ", ")
            print(say(.cliStatusRegister, .text(register.resolvedPath), .text(counts)))
            func day(_ text: String) -> Message.Argument { Day(iso: String(text.prefix(10))).map { .day($0) } ?? .text(text) }
            if let run = try store.runs().first {
                print(say(.cliStatusRun, .text(String(run.id)), day(run.startedAt), day(run.asOf), .count(run.placements), .count(run.openPositions)))
            } else {
                print(say(.cliStatusNoRun))
            }
            let a = try store.attention()
            if a.isEmpty {
                print(say(.cliStatusNothing, .day(a.today)))
                return
            }
            section(say(.cliStatusEnding), a.endingWithoutPlacement.map {
                say(.cliStatusEndingLine, .text($0.participant), .text(a.name($0.institution)), day($0.programmeEnds.description))
            })
            section(say(.cliStatusWaiting), a.waiting.map {
                say(.cliStatusWaitingLine, .text(String($0.proposal)), .text($0.participant), .text($0.need), day($0.since.description))
            })
            section(say(.cliStatusRetention), a.retentionDue.map {
                say(.cliStatusRetentionLine, .text(String($0.proposal)), .text($0.participant), .count($0.months), day($0.due.description))
            })
            section(say(.cliStatusStarting), a.needsStartingOpen.map {
                say(.cliStatusStartingLine, .text($0.need), .text($0.title), .text(a.name($0.cooperative)), day($0.start.description), .count($0.open))
            })
        }
    }

    func section(_ title: String, _ lines: [String]) {
        guard !lines.isEmpty else { return }
        print("\n\(title) (\(lines.count)):")
        for line in lines { print("  \(line)") }
    }
}
