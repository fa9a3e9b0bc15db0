import ArgumentParser
import KadryCore

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show why a person can or cannot take a position: rule by rule, directly and via each course.",
        discussion: "For one participant and one need (or every need), lists each route — straight away, or after each training programme — with the rules it passes and the rules it breaks, and the score it would earn."
    )

    @Argument(help: ArgumentHelp("The placement problem (JSON); '-' reads standard input.", valueName: "INSTANCE.json"))
    var instancePath: String

    @Option(help: ArgumentHelp("The participant's id.", valueName: "ID"))
    var participant: String

    @Option(help: ArgumentHelp("One need's id; without it, every need is explained.", valueName: "ID"))
    var need: String?

    @OptionGroup var catalog: CatalogOptions

    func run() throws {
        do {
            let instance = try loadInstance(instancePath, catalog: try catalog.load())
            guard let pi = instance.participantIndex(of: participant) else {
                throw UserError("no participant \"\(participant)\" in \(instancePath)")
            }
            var needs = Array(instance.needs.indices)
            if let need {
                guard let ni = instance.needIndex(of: need) else { throw UserError("no need \"\(need)\" in \(instancePath)") }
                needs = [ni]
            }
            print(ExplainText.render(instance, participant: pi, needs: needs), terminator: "")
        } catch let error as UserError {
            Terminal.error("kadry explain: \(error)")
            throw ExitCode(2)
        }
    }
}

enum ExplainText {
    static func render(_ instance: Instance, participant pi: Int, needs: [Int]) -> String {
        let eligibility = Eligibility(instance: instance)
        let scorer = Scorer(instance: instance)
        let p = instance.participants[pi]
        var out = "\(p.id) (\(p.institution)), commute up to \(p.maxCommuteKm) km, available from \(p.availableFrom)\n"
        for ni in needs {
            let n = instance.needs[ni]
            out += "\n\(n.id) — \(n.title) [\(n.service)], \(n.positions) position(s) from \(n.start)\n"
            for verdict in eligibility.checkAllRoutes(participant: pi, need: ni) {
                let t = verdict.route.programme.map { instance.programmes[$0] }
                let name = t.map { "via \($0.id) (\($0.title), \($0.start) – \($0.end))" } ?? "directly"
                if verdict.isEligible {
                    let terms = scorer.terms(p, n, t, distanceKm: verdict.distanceKm)
                    out += "  ✓ \(name): all rules pass; score \(scorer.format(terms.total)) = \(TermsText.render(terms, scorer))\n"
                } else {
                    out += "  ✗ \(name):\n"
                    for v in verdict.violations { out += "      rule \(v.rule): \(v.message)\n" }
                }
            }
        }
        return out
    }
}

enum TermsText {
    static func render(_ terms: ScoreTerms, _ scorer: Scorer) -> String {
        terms.named.filter { $0.value != 0 }.map { name, value in
            "\(name) \(value < 0 ? "−" : "+")\(scorer.format(value.magnitude == 0 ? 0 : Int64(value.magnitude)))"
        }.joined(separator: " ")
    }
}
