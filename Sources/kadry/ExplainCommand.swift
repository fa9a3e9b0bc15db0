import ArgumentParser
import KadryCore
import KadryRegister

struct ExplainCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("ExplainCommand", name: "explain") }

    @Argument(help: ArgumentHelp(opt("The placement problem (JSON); '-' reads standard input."), valueName: "INSTANCE.json"))
    var instancePath: String

    @Option(help: ArgumentHelp(opt("The participant's id."), valueName: "ID"))
    var participant: String

    @Option(help: ArgumentHelp(opt("One need's id; without it, every need is explained."), valueName: "ID"))
    var need: String?

    @OptionGroup var catalog: CatalogOptions

    @OptionGroup var language: LanguageOption

    func run() throws {
        do {
            let instance = try loadInstance(instancePath, catalog: try catalog.load())
            guard let pi = instance.participantIndex(of: participant) else {
                throw UserError(say(.expNoParticipant, .text(participant), .text(instancePath)))
            }
            var needs = Array(instance.needs.indices)
            if let need {
                guard let ni = instance.needIndex(of: need) else { throw UserError(say(.expNoNeed, .text(need), .text(instancePath))) }
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
        var out = say(.expParticipant, .text(p.id), .text(p.institution), .text(number(String(p.maxCommuteKm))), .day(p.availableFrom)) + "\n"
        var shown = needs
        if !everything {
            shown = needs.filter { Rules.rule2(p, distanceKm: p.location.distanceKm(to: instance.needs[$0].location)) }
            if shown.count < needs.count {
                out += say(.expBeyond, .count(needs.count - shown.count), .count(needs.count)) + "\n"
            }
        }
        for ni in shown {
            let n = instance.needs[ni]
            out += "\n" + say(.expNeed, .text(n.id), .text(n.title), .text(n.service), .count(n.positions), .day(n.start)) + "\n"
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
                let name = t.map { say(.expVia, .text($0.id), .text($0.title), .day($0.start), .day($0.end)) } ?? say(.expDirect)
                if verdict.isEligible {
                    let terms = scorer.terms(p, n, t, distanceKm: verdict.distanceKm)
                    out += "  " + say(.expPasses, .text(name), .text(number(scorer.format(terms.total))), .text(TermsText.render(terms, scorer, language: cliLanguage))) + "\n"
                } else {
                    out += "  " + say(.expFails, .text(name)) + "\n"
                    for v in verdict.violations {
                        out += "      " + say(.expRule, .text(cliLanguage == .pl ? v.polish : v.message), .count(v.rule)) + "\n"
                    }
                }
            }
            if unrelated > 0 { out += "  " + say(.expUnrelated, .count(unrelated)) + "\n" }
            if farAway > 0 { out += "  " + say(.expFarAway, .count(farAway)) + "\n" }
        }
        return out
    }
}
