import KadryCore

/// A solved register as text for the people who act on it (`kadry demo`): each
/// proposed placement with its route and score, the open positions and the people
/// left out with their reasons, and where more training seats would help; in Polish
/// or in English.
public enum MatchReport {
    public static func render(_ result: MatchResult, instance: Instance, catalog: ServiceCatalog,
                              language: ReportRenderer.Language = .pl) -> String {
        let pl = language == .pl
        let scorer = Scorer(instance: instance)
        func score(_ v: Int64) -> String { pl ? Polish.number(scorer.format(v)) : scorer.format(v) }
        let positions = instance.needs.reduce(0) { $0 + $1.positions }
        let institutionName = Dictionary(instance.institutions.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        func serviceName(_ slug: String) -> String { catalog.service(slug)?.name ?? slug }
        func institution(_ p: Participant) -> String { institutionName[p.institution] ?? p.institution }

        var out: String
        if pl {
            out = "Kadry — propozycje zatrudnienia na dzień \(instance.asOf)\n"
            out += "uczestnicy: \(instance.participants.count) z \(instance.institutions.count) instytucji; "
            out += "potrzeby: \(instance.needs.count) (\(positions) \(Polish.plural(positions, "stanowisko", "stanowiska", "stanowisk"))) "
            out += "w \(instance.cooperatives.count) \(Polish.plural(instance.cooperatives.count, "spółdzielni", "spółdzielniach", "spółdzielniach")); "
            out += "szkolenia: \(instance.programmes.count)\n\n"
        } else {
            out = "Kadry — placements as of \(instance.asOf)\n"
            out += "\(instance.participants.count) participants from \(instance.institutions.count) institutions, "
            out += "\(instance.needs.count) needs (\(positions) positions) in \(instance.cooperatives.count) cooperatives, "
            out += "\(instance.programmes.count) training programmes\n\n"
        }

        let via = result.placements.filter { $0.route != .direct }.count
        let direct = result.placements.count - via
        out += pl
            ? "PROPONOWANE ZATRUDNIENIA: \(result.placements.count) (bezpośrednio: \(direct), po szkoleniu: \(via)), łączna punktacja \(score(result.objective))"
            : "PROPOSED PLACEMENTS: \(result.placements.count) (\(direct) direct, \(via) after training), total score \(score(result.objective))"
        if let bound = result.bound {
            if bound == result.objective {
                out += pl ? " — najlepsza, na jaką pozwalają zasady (udowodnione)\n" : " — the best the rules allow (proven)\n"
            } else {
                out += pl ? " — możliwe jest najwyżej \(score(bound))\n" : " — at most \(score(bound)) is possible\n"
            }
        } else {
            out += "\n"
        }
        for cooperative in instance.cooperatives {
            let here = result.placements.filter { instance.needs[$0.need].cooperative == cooperative.id }
            guard !here.isEmpty else { continue }
            out += "\n  \(cooperative.name)\n"
            for ni in Set(here.map(\.need)).sorted() {
                let n = instance.needs[ni]
                out += "    \(n.id) \(n.title) — \(serviceName(n.service)), \(pl ? "od" : "from") \(n.start)\n"
                for placement in here where placement.need == ni {
                    let p = instance.participants[placement.participant]
                    let route: String
                    if let ti = placement.route.programme {
                        let t = instance.programmes[ti]
                        route = "\(pl ? "po szkoleniu" : "after") \(t.id) „\(t.title)” (\(t.start) – \(t.end))"
                    } else {
                        route = pl ? "bezpośrednio" : "directly"
                    }
                    out += "      \(p.id) (\(institution(p))): \(route)\n"
                    out += "        \(pl ? "punkty" : "score") \(score(placement.terms.total)) = \(TermsText.render(placement.terms, scorer, language: language))\n"
                }
            }
        }

        let open = result.unfilled.reduce(0) { $0 + $1.open }
        out += pl ? "\nWOLNE STANOWISKA: \(open)\n" : "\nOPEN POSITIONS: \(open)\n"
        for entry in result.unfilled {
            let n = instance.needs[entry.need]
            out += "  \(n.id) \(n.title) (\(n.cooperative)): "
            out += pl ? "wolne \(entry.open) z \(n.positions)\n" : "\(entry.open) of \(n.positions) open\n"
            for reason in entry.reasons { out += "    – \(pl ? reason.polishDescription : reason.description)\n" }
        }

        if !result.seatValues.isEmpty {
            out += pl ? "\nGDZIE WIĘCEJ MIEJSC NA SZKOLENIACH BY POMOGŁO (szkolenia bez wolnych miejsc)\n"
                : "\nWHERE MORE TRAINING SEATS WOULD HELP (full programmes)\n"
            for v in result.seatValues {
                let t = instance.programmes[v.programme]
                let gains = v.gains.map { g in
                    pl
                        ? "+\(g.extra) \(Polish.plural(g.extra, "miejsce", "miejsca", "miejsc")): +\(g.filled) \(Polish.plural(g.filled, "obsadzone stanowisko", "obsadzone stanowiska", "obsadzonych stanowisk")), punktacja +\(score(g.objective))"
                        : "+\(g.extra) seat\(g.extra == 1 ? "" : "s"): +\(g.filled) position\(g.filled == 1 ? "" : "s") filled, score +\(score(g.objective))"
                }.joined(separator: "; ")
                out += "  \(t.id) „\(t.title)” (\(pl ? "zajęte miejsca: \(v.used) z \(v.seats)" : "\(v.used) of \(v.seats) seats used")): \(gains)\n"
            }
        }

        out += pl ? "\nUCZESTNICY BEZ PROPOZYCJI: \(result.unplaced.count)\n" : "\nPARTICIPANTS WITHOUT A PLACEMENT: \(result.unplaced.count)\n"
        for entry in result.unplaced {
            let p = instance.participants[entry.participant]
            out += "  \(p.id) (\(institution(p)))\n"
            for reason in entry.reasons { out += "    – \(pl ? reason.polishDescription : reason.description)\n" }
        }
        return out
    }
}

/// A placement's score terms, the non-zero ones by name: "priority +3000 distance −1".
public enum TermsText {
    public static func render(_ terms: ScoreTerms, _ scorer: Scorer, language: ReportRenderer.Language = .en) -> String {
        let polishName = polishTermNames
        return terms.named.filter { $0.value != 0 }.map { name, value in
            let amount = scorer.format(Int64(value.magnitude))
            return language == .pl
                ? "\(polishName[name] ?? name) \(value < 0 ? "−" : "+")\(Polish.number(amount))"
                : "\(name) \(value < 0 ? "−" : "+")\(amount)"
        }.joined(separator: " ")
    }

    /// The score terms' Polish names.
    public static let polishTermNames = [
        "priority": "priorytet", "preference": "preferencja", "urgency": "pilność", "distance": "odległość", "training": "szkolenie",
        "cost": "koszt szkolenia",
    ]
}
