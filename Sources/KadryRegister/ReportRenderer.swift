import KadryCore

/// Renders a quarterly report as Markdown (for the minutes) or CSV (for a
/// spreadsheet), in Polish (the committee's language, the default) or English.
/// The sections follow the self-evaluation report of the cooperation model,
/// part 3.2 "Sfera 1: Zaspokajanie potrzeb kadrowych realizatorów usług społecznych".
public struct ReportRenderer {
    public enum Format: String, Sendable, CaseIterable { case md, csv }
    public typealias Language = KadryCore.Language

    public var language: Language

    public init(language: Language = .pl) { self.language = language }

    private func t(_ pl: String, _ en: String) -> String { language == .pl ? pl : en }

    /// One table of the report: a title, column headers and rows.
    public struct Table: Sendable {
        public var title: String
        public var header: [String]
        public var rows: [[String]]
        /// What each figure counts, written under the table.
        public var definitions: String = ""
    }

    /// A section of the report (3.2.1 …): its heading, a line before its tables, and the tables.
    public struct Section: Sendable {
        public var heading: String
        public var intro: String?
        public var tables: [Table]
    }

    /// The report's title, period line and sections, in the renderer's language: what the
    /// Markdown says, for a page to lay out.
    public func sections(_ r: QuarterReport) -> (title: String, period: String, sphere: String, sections: [Section]) {
        let title = t("Raport kwartalny Komitetu Współpracy", "Cooperation committee quarterly report") + ": \(r.quarter)"
        let period = t("Okres", "Period") + ": \(language.prose(r.quarter.first)) – \(language.prose(r.quarter.last))"
        let sphere = "3.2. " + t("Sfera 1: Zaspokajanie potrzeb kadrowych realizatorów usług społecznych", "Sphere 1: meeting the staffing needs of social service providers")
        let runLine = r.run.map { run in
            t("Według dopasowania nr \(run.id) (stan na \(Day(iso: run.asOf).map(language.prose) ?? run.asOf)).",
              "From match run \(run.id) (as of \(Day(iso: run.asOf).map(language.prose) ?? run.asOf)).")
        } ?? t("W kwartale nie uruchomiono dopasowania.", "No match run by the end of the quarter.")
        return (title, period, sphere, [
            Section(heading: "3.2.1. " + t("Wdrożone procedury Modelu wraz z opisem podjętych działań", "Procedures of the model put in place and what was done"),
                    intro: nil, tables: [
                        needsTable(r), programmesTable(r),
                        decisionsTable(r.decisions, title: t("Decyzje Komitetu podjęte w kwartale", "Committee decisions taken in the quarter"), organisation: nil),
                        retentionTable(r),
                    ]),
            Section(heading: "3.2.2. " + t("Zaangażowani Partnerzy i opis podejmowanych przez nich czynności", "Partners involved and what they did"),
                    intro: nil, tables: [
                        institutionsTable(r),
                        decisionsTable(r.decisionsByCooperative, title: t("Decyzje według spółdzielni", "Decisions by cooperative"), organisation: t("Spółdzielnia", "Cooperative")),
                        decisionsTable(r.decisionsByInstitution, title: t("Decyzje według instytucji", "Decisions by institution"), organisation: t("Instytucja", "Institution")),
                    ]),
            Section(heading: "3.2.3. " + t("Trudności w realizacji procedur sfery 1", "Difficulties in sphere 1"), intro: runLine,
                    tables: r.run == nil ? [] : [openNeedsTable(r)]),
            Section(heading: "3.2.4. " + t("Uwagi i rekomendacje zgłaszane przez Partnerów", "Remarks and recommendations of the partners"),
                    intro: t("(do uzupełnienia przez Komitet Współpracy)", "(for the cooperation committee to complete)"), tables: []),
        ])
    }

    public func render(_ report: QuarterReport, as format: Format) -> String {
        switch format {
        case .md: markdown(report)
        case .csv: csv(report)
        }
    }

    private func decisionLabel(_ raw: String) -> String {
        guard let d = Decision(rawValue: raw) else { return raw }
        return language == .pl ? d.polish : d.english
    }

    private func reasonLabel(_ raw: String) -> String {
        guard let r = ReasonCode(rawValue: raw) else { return raw }
        return language == .pl ? r.polish : r.english
    }

    private func percent(_ part: Int, _ whole: Int) -> String {
        guard whole > 0 else { return "–" }
        let tenths = (part * 1000 + whole / 2) / whole
        return "\(tenths / 10)\(language == .pl ? "," : ".")\(tenths % 10) %"
    }

    func needsTable(_ r: QuarterReport) -> Table {
        var rows = r.needs.map { n in
            // Names, not codes: the English slug only in the English report.
            [language == .pl ? n.serviceName : "\(n.serviceName) (\(n.service))", n.cooperativeName, "\(n.needs)", "\(n.positions)", "\(n.filledDirect)",
             "\(n.filledViaTraining)", "\(n.hired)", "\(n.open)"]
        }
        func sum(_ f: (QuarterReport.NeedRow) -> Int) -> String { "\(r.needs.reduce(0) { $0 + f($1) })" }
        rows.append([t("Razem", "Total"), "", sum(\.needs), sum(\.positions), sum(\.filledDirect), sum(\.filledViaTraining), sum(\.hired), sum(\.open)])
        return Table(
            title: t("Potrzeby kadrowe i ich zaspokojenie w kwartale", "Staffing needs and how they were met in the quarter"),
            header: [t("Usługa", "Service"), t("Spółdzielnia", "Cooperative"), t("Nowe potrzeby", "New needs"), t("Nowe stanowiska", "New positions"),
                     t("Zatwierdzeni bezpośrednio", "Approved directly"), t("Zatwierdzeni po szkoleniu", "Approved via training"),
                     t("Zatrudnieni", "Hired"), t("Wolne na koniec kwartału", "Open at the quarter's end")],
            rows: rows,
            definitions: t(
                "Nowe potrzeby i stanowiska: zgłoszone w kwartale. Zatwierdzeni: propozycje zatwierdzone przez Komitet w kwartale (i nie wycofane), dla potrzeb zgłoszonych w dowolnym czasie. Zatrudnieni: osoby, które rozpoczęły pracę w kwartale. Wolne na koniec kwartału: stanowiska potrzeb zgłoszonych do końca kwartału i wtedy niezamkniętych, bez zatwierdzonej propozycji na koniec kwartału. Zatwierdzeni i zatrudnieni sumują się do tych samych liczb co w tabeli uczestników KIS/CIS.",
                "New needs and positions: posted in the quarter. Approved: proposals the committee approved in the quarter (and did not withdraw), for needs posted at any time. Hired: people who started work in the quarter. Open at the quarter's end: positions of the needs posted by the quarter's end and not closed then, with no proposal approved by then. Approved and hired add up to the same totals as the KIS/CIS participants table."))
    }

    func programmesTable(_ r: QuarterReport) -> Table {
        Table(
            title: t("Wykorzystanie miejsc szkoleniowych (kursy trwające w kwartale)", "Training seats used (programmes running in the quarter)"),
            header: [t("Kurs", "Programme"), t("Nazwa", "Title"), t("Termin", "Dates"), t("Miejsca", "Seats"),
                     t("Wykorzystane", "Used"), t("Wykorzystanie", "Use"), t("Zatrudnieni", "Hired")],
            rows: r.programmes.map { p in
                [p.id, p.title, "\(p.start) – \(p.end)", "\(p.seats)", "\(p.used)", percent(p.used, p.seats), "\(p.hired)"]
            })
    }

    func institutionsTable(_ r: QuarterReport) -> Table {
        Table(
            title: t("Uczestnicy KIS/CIS i ich skierowania", "KIS/CIS participants and their placements"),
            header: [t("Instytucja", "Institution"), t("Uczestnicy", "Participants"), t("Zaproponowani", "Proposed"),
                     t("Zatwierdzeni", "Approved"), t("Odrzuceni", "Rejected"), t("Zatrudnieni", "Hired")],
            rows: r.institutions.map { i in
                [i.name, "\(i.participants)", "\(i.proposed)", "\(i.approved)", "\(i.rejected)", "\(i.hired)"]
            } + [[t("Razem", "Total")] + [\QuarterReport.InstitutionRow.participants, \.proposed, \.approved, \.rejected, \.hired].map { key in
                "\(r.institutions.reduce(0) { $0 + $1[keyPath: key] })"
            }],
            definitions: t(
                "Uczestnicy: zapisani w rejestrze. Zaproponowani: osoby, którym dopasowania uruchomione w kwartale przedstawiły propozycję. Zatwierdzeni i odrzuceni: propozycje, których obecny status (zatwierdzona, odrzucona) nadano w kwartale. Zatrudnieni: osoby, które rozpoczęły pracę w kwartale.",
                "Participants: in the register. Proposed: people the match runs started in the quarter proposed. Approved and rejected: proposals given their present status (approved, rejected) in the quarter. Hired: people who started work in the quarter."))
    }

    func decisionsTable(_ tallies: [QuarterReport.DecisionTally], title: String, organisation: String?) -> Table {
        Table(
            title: title,
            header: (organisation.map { [$0] } ?? []) + [t("Decyzja", "Decision"), t("Powód", "Reason"), t("Liczba", "Count")],
            rows: tallies.map { d in (organisation == nil ? [] : [d.organisation ?? ""]) + [decisionLabel(d.decision), reasonLabel(d.reason), "\(d.count)"] })
    }

    func retentionTable(_ r: QuarterReport) -> Table {
        Table(
            title: t("Trwałość zatrudnienia (kontrole przypadające do końca kwartału)", "Retention (checks due by the end of the quarter)"),
            header: [t("Po miesiącach", "After months"), t("Do sprawdzenia", "Due"), t("Sprawdzono", "Recorded"),
                     t("Nadal zatrudnieni", "Still employed"), t("Odsetek zatrudnionych", "Employed share")],
            rows: r.retention.map { x in ["\(x.months)", "\(x.due)", "\(x.recorded)", "\(x.employed)", percent(x.employed, x.recorded)] })
    }

    func openNeedsTable(_ r: QuarterReport) -> Table {
        Table(
            title: t("Niezaspokojone potrzeby i ich przyczyny", "Open needs and why"),
            header: [t("Potrzeba", "Need"), t("Stanowisko", "Title"), t("Spółdzielnia", "Cooperative"), t("Nieobsadzone w dopasowaniu", "Unfilled in the run"),
                     t("Przyczyny", "Reasons")],
            rows: r.openNeeds.map { n in [n.need, n.title, n.cooperativeName.isEmpty ? n.cooperative : n.cooperativeName, "\(n.open)", (language == .pl ? n.reasonsPolish : n.reasons).joined(separator: " | ")] },
            definitions: t(
                "Nieobsadzone w dopasowaniu: stanowiska, których najnowsze dopasowanie uruchomione do końca kwartału nie mogło obsadzić nikim spełniającym wymogi, z przyczynami. To inna liczba niż „Wolne na koniec kwartału” w tabeli potrzeb: tamta liczy stanowiska bez zatwierdzonej decyzji Komitetu, ta — stanowiska, dla których zabrakło kandydatów.",
                "Unfilled in the run: positions the newest match run started by the quarter's end could not fill with anyone who meets the requirements, with the reasons. It differs from the needs table's \"Open at the quarter's end\": that counts positions with no approved committee decision, this the positions no candidate was found for."))
    }

    func markdown(_ r: QuarterReport) -> String {
        var out = "# " + t("Raport kwartalny Komitetu Współpracy", "Cooperation committee quarterly report") + ": \(r.quarter)\n\n"
        out += t("Okres", "Period") + ": \(r.quarter.first) – \(r.quarter.last). " + t("Sporządzono", "Generated") + ": \(r.generatedAt) (Kadry).\n\n"
        out += "## 3.2. " + t("Sfera 1: Zaspokajanie potrzeb kadrowych realizatorów usług społecznych", "Sphere 1: meeting the staffing needs of social service providers") + "\n\n"
        out += "### 3.2.1. " + t("Wdrożone procedury Modelu wraz z opisem podjętych działań", "Procedures of the model put in place and what was done") + "\n\n"
        out += mdTable(needsTable(r)) + mdTable(programmesTable(r))
        out += mdTable(decisionsTable(r.decisions, title: t("Decyzje Komitetu podjęte w kwartale", "Committee decisions taken in the quarter"), organisation: nil))
        out += mdTable(retentionTable(r))
        out += "### 3.2.2. " + t("Zaangażowani Partnerzy i opis podejmowanych przez nich czynności", "Partners involved and what they did") + "\n\n"
        out += mdTable(institutionsTable(r))
        out += mdTable(decisionsTable(r.decisionsByCooperative, title: t("Decyzje według spółdzielni", "Decisions by cooperative"), organisation: t("Spółdzielnia", "Cooperative")))
        out += mdTable(decisionsTable(r.decisionsByInstitution, title: t("Decyzje według instytucji", "Decisions by institution"), organisation: t("Instytucja", "Institution")))
        out += "### 3.2.3. " + t("Trudności w realizacji procedur sfery 1", "Difficulties in sphere 1") + "\n\n"
        if let run = r.run {
            out += t("Według przebiegu dopasowania nr \(run.id) (stan na \(run.asOf)).", "From match run \(run.id) (as of \(run.asOf)).") + "\n\n"
            out += mdTable(openNeedsTable(r))
        } else {
            out += t("W kwartale nie uruchomiono dopasowania.", "No match run by the end of the quarter.") + "\n\n"
        }
        out += "### 3.2.4. " + t("Uwagi i rekomendacje zgłaszane przez Partnerów", "Remarks and recommendations of the partners") + "\n\n"
        out += t("_(do uzupełnienia przez Komitet Współpracy)_", "_(for the cooperation committee to complete)_") + "\n"
        return out
    }

    private func mdTable(_ table: Table) -> String {
        var out = "#### \(table.title)\n\n"
        guard !table.rows.isEmpty else { return out + t("_Brak danych._", "_None._") + "\n\n" }
        func cell(_ s: String) -> String { s.replacingAll("|", with: "\\|").replacingAll("\n", with: " ") }
        out += "| " + table.header.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + table.header.map { _ in " --- |" }.joined() + "\n"
        for row in table.rows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
        if !table.definitions.isEmpty { out += "\n_" + table.definitions + "_\n" }
        return out + "\n"
    }

    /// Every table one after another, each under a row with its title, for a spreadsheet.
    func csv(_ r: QuarterReport) -> String {
        let tables = [
            needsTable(r), programmesTable(r),
            decisionsTable(r.decisions, title: t("Decyzje Komitetu podjęte w kwartale", "Committee decisions taken in the quarter"), organisation: nil),
            retentionTable(r), institutionsTable(r),
            decisionsTable(r.decisionsByCooperative, title: t("Decyzje według spółdzielni", "Decisions by cooperative"), organisation: t("Spółdzielnia", "Cooperative")),
            decisionsTable(r.decisionsByInstitution, title: t("Decyzje według instytucji", "Decisions by institution"), organisation: t("Instytucja", "Institution")),
            openNeedsTable(r),
        ]
        var rows: [[String]] = [["\(t("Raport kwartalny Komitetu Współpracy", "Cooperation committee quarterly report")) \(r.quarter)", "\(r.quarter.first) – \(r.quarter.last)"]]
        for table in tables {
            rows.append([])
            rows.append([table.title])
            rows.append(table.header)
            rows += table.rows
            if !table.definitions.isEmpty { rows.append([table.definitions]) }
        }
        return CSV.write(header: rows[0], rows: Array(rows.dropFirst()), delimiter: ";")
    }
}
