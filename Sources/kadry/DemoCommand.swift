import ArgumentParser
import Foundation
import KadryCatalog
import KadryCore
import KadryMatcher

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "See Kadry at work on a sample register from the Konin subregion and Grudziądz.",
        discussion: """
            Runs the matcher on a bundled register: the social cooperatives of the \
            Energia społeczna pilots (Spektrum, Blues Hostel, Nasza Przyszłość, Razem do \
            sukcesu, Ale Smacznie, Buszkowo, Poryw, Sport i Rehabilitacja) and one in \
            Grudziądz, participants of CIS Konin, KIS Kramsk and KIS Źródło, and a few \
            training courses. Prints each proposed placement with its route and score, \
            each open position and each person left out, with the reason.
            """
    )

    @Option(name: .customLong("register"), help: ArgumentHelp("Run on this placement problem instead of the bundled one.", valueName: "INSTANCE.json"))
    var registerPath: String?

    @OptionGroup var catalog: CatalogOptions

    func run() throws {
        do {
            let catalog = try catalog.load()
            let path: String
            if let registerPath {
                path = registerPath
            } else if let bundled = BundledCatalog.directory {
                path = bundled.appendingPathComponent("demo/konin-grudziadz.json").path
            } else {
                throw UserError("the bundled demo register is missing next to the program; pass --register FILE")
            }
            let instance = try loadInstance(path, catalog: catalog)
            let result = Matcher.match(instance, seatValues: true)
            print(MatchReport.render(result, instance: instance, catalog: catalog), terminator: "")
        } catch let error as UserError {
            Terminal.error("kadry demo: \(error)")
            throw ExitCode(2)
        }
    }
}

/// A solved register as text for the people who act on it.
enum MatchReport {
    static func render(_ result: MatchResult, instance: Instance, catalog: ServiceCatalog) -> String {
        let scorer = Scorer(instance: instance)
        let positions = instance.needs.reduce(0) { $0 + $1.positions }
        let institutionName = Dictionary(instance.institutions.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        func serviceName(_ slug: String) -> String { catalog.service(slug)?.name ?? slug }

        var out = "Kadry — placements as of \(instance.asOf)\n"
        out += "\(instance.participants.count) participants from \(instance.institutions.count) institutions, "
        out += "\(instance.needs.count) needs (\(positions) positions) in \(instance.cooperatives.count) cooperatives, "
        out += "\(instance.programmes.count) training programmes\n\n"

        let via = result.placements.filter { $0.route != .direct }.count
        out += "PROPOSED PLACEMENTS: \(result.placements.count) (\(result.placements.count - via) direct, \(via) after training), total score \(scorer.format(result.objective))"
        if let bound = result.bound {
            out += bound == result.objective ? " — the best the rules allow (proven)\n" : " — at most \(scorer.format(bound)) is possible\n"
        } else {
            out += "\n"
        }
        for cooperative in instance.cooperatives {
            let here = result.placements.filter { instance.needs[$0.need].cooperative == cooperative.id }
            guard !here.isEmpty else { continue }
            out += "\n  \(cooperative.name)\n"
            for ni in Set(here.map(\.need)).sorted() {
                let n = instance.needs[ni]
                out += "    \(n.id) \(n.title) — \(serviceName(n.service)), from \(n.start)\n"
                for pl in here where pl.need == ni {
                    let p = instance.participants[pl.participant]
                    let route: String
                    if let ti = pl.route.programme {
                        let t = instance.programmes[ti]
                        route = "after \(t.id) „\(t.title)” (\(t.start) – \(t.end))"
                    } else {
                        route = "directly"
                    }
                    out += "      \(p.id) (\(institutionName[p.institution] ?? p.institution)): \(route)\n"
                    out += "        score \(scorer.format(pl.terms.total)) = \(TermsText.render(pl.terms, scorer))\n"
                }
            }
        }

        out += "\nOPEN POSITIONS: \(result.unfilled.reduce(0) { $0 + $1.open })\n"
        for entry in result.unfilled {
            let n = instance.needs[entry.need]
            out += "  \(n.id) \(n.title) (\(n.cooperative)): \(entry.open) of \(n.positions) open\n"
            for reason in entry.reasons { out += "    – \(reason)\n" }
        }

        if !result.seatValues.isEmpty {
            out += "\nWHERE MORE TRAINING SEATS WOULD HELP (full programmes)\n"
            for v in result.seatValues {
                let t = instance.programmes[v.programme]
                let gains = v.gains.map { g in
                    "+\(g.extra) seat\(g.extra == 1 ? "" : "s"): +\(g.filled) position\(g.filled == 1 ? "" : "s") filled, score +\(scorer.format(g.objective))"
                }.joined(separator: "; ")
                out += "  \(t.id) „\(t.title)” (\(v.used) of \(v.seats) seats used): \(gains)\n"
            }
        }

        out += "\nPARTICIPANTS WITHOUT A PLACEMENT: \(result.unplaced.count)\n"
        for entry in result.unplaced {
            let p = instance.participants[entry.participant]
            out += "  \(p.id) (\(institutionName[p.institution] ?? p.institution))\n"
            for reason in entry.reasons { out += "    – \(reason)\n" }
        }
        return out
    }
}
