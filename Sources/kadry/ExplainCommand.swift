import ArgumentParser
import KadryCore
import KadryRegister

struct ExplainCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        let help = Help.of("ExplainCommand", cliLanguage)
        return CommandConfiguration(
            commandName: "explain",
            abstract: help.abstract,
            discussion: help.discussion ?? "")
    }

    @Argument(help: ArgumentHelp("The placement problem (JSON); '-' reads standard input.", valueName: "INSTANCE.json"))
    var instancePath: String

    @Option(help: ArgumentHelp("The participant's id.", valueName: "ID"))
    var participant: String

    @Option(help: ArgumentHelp("One need's id; without it, every need is explained.", valueName: "ID"))
    var need: String?

    @OptionGroup var catalog: CatalogOptions

    @OptionGroup var language: LanguageOption

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
            print(ExplainText.render(instance, participant: pi, needs: needs, everything: need != nil), terminator: "")
        } catch let error as UserError {
            Terminal.error("kadry explain: \(error)")
            throw ExitCode(2)
        }
    }
}

enum ExplainText {
    /// Every route of the participant to each need, rule by rule. With `everything`
    /// false (all needs asked for at once), needs and courses beyond the commute and
    /// courses that grant nothing a need asks for are summed up in a line instead of listed.
    static func render(_ instance: Instance, participant pi: Int, needs: [Int], everything: Bool) -> String {
        let eligibility = Eligibility(instance: instance)
        let scorer = Scorer(instance: instance)
        let p = instance.participants[pi]
        var out = "\(p.id) (\(p.institution)), commute up to \(p.maxCommuteKm) km, available from \(p.availableFrom)\n"
        var shown = needs
        if !everything {
            shown = needs.filter { Rules.rule2(p, distanceKm: p.location.distanceKm(to: instance.needs[$0].location)) }
            if shown.count < needs.count {
                out += "\(needs.count - shown.count) of \(needs.count) needs are beyond the commute limit (rule 2) and are not listed.\n"
            }
        }
        for ni in shown {
            let n = instance.needs[ni]
            out += "\n\(n.id) — \(n.title) [\(n.service)], \(n.positions) position(s) from \(n.start)\n"
            let asked = Set(n.requires.flatMap { $0 })
            var routes: [Route] = [.direct]
            var unrelated = 0
            var farAway = 0
            for ti in instance.programmes.indices {
                let t = instance.programmes[ti]
                if everything {
                    routes.append(.via(ti))
                } else if asked.isDisjoint(with: t.grants) {
                    unrelated += 1
                } else if !Rules.rule11(p, programmeDistanceKm: p.location.distanceKm(to: t.location)) {
                    farAway += 1
                } else {
                    routes.append(.via(ti))
                }
            }
            for route in routes {
                let verdict = eligibility.check(participant: pi, need: ni, route: route)
                let t = route.programme.map { instance.programmes[$0] }
                let name = t.map { "via \($0.id) (\($0.title), \($0.start) – \($0.end))" } ?? "directly"
                if verdict.isEligible {
                    let terms = scorer.terms(p, n, t, distanceKm: verdict.distanceKm)
                    out += "  ✓ \(name): all rules pass; score \(scorer.format(terms.total)) = \(TermsText.render(terms, scorer, language: .en))\n"
                } else {
                    out += "  ✗ \(name):\n"
                    for v in verdict.violations { out += "      rule \(v.rule): \(v.message)\n" }
                }
            }
            if unrelated > 0 { out += "  (\(unrelated) other programme(s) grant nothing this need asks for)\n" }
            if farAway > 0 { out += "  (\(farAway) programme(s) that grant something it asks for are beyond the commute limit, rule 11)\n" }
        }
        return out
    }
}
