import Foundation
import KadryCore
import KadryRegister
import KadryStore
import KadryTestSupport
import Testing

/// The register refuses what would make its records contradict each other
/// (issue 27's defects, each replayed on the sample register).
@Suite("Records that stay consistent")
struct ConsistencyTests {
    let asOf = Day(iso: "2026-12-01")!

    /// The sample register matched on 20 November 2026, with one proposal approved.
    func approvedSample() throws -> (store: Register, clock: TestClock, approved: ProposalView) {
        let clock = TestClock("2026-11-20")
        let store = try Samples.register(clock: clock)
        _ = try store.match(asOf: asOf, vocabulary: Samples.vocabulary, actor: "komitet")
        let first = try #require(try store.proposals().first)
        return (store, clock, try store.decide(first.id, .approve, reason: .agreed, by: "komitet"))
    }

    func refusal(_ body: () throws -> Void) -> RegisterError? {
        do {
            try body()
            return nil
        } catch let error as RegisterError {
            return error
        } catch {
            return nil
        }
    }

    func day(_ text: String) -> Day { Day(iso: text)! }

    /// The message key of a refusal.
    func key(_ error: RegisterError?) -> MessageKey? {
        switch error {
        case .refused(let m)?, .conflicting(let m)?: m.key
        default: nil
        }
    }

    @Test("A hire is dated between the run and today, not before the person is available or the need starts")
    func hireDates() throws {
        let (store, clock, p) = try approvedSample()
        let person = try #require(try store.record(.participants, id: p.participant))
        let need = try #require(try store.record(.needs, id: p.need))
        guard case .string(let a)? = person["availableFrom"], case .string(let s)? = need["start"] else { Issue.record("no dates"); return }
        let available = day(a), needStart = day(s)
        let earliest = max(available, needStart, day("2026-11-20"))
        clock.set((earliest + 10).description)

        // The issue's reproduction: a hire in 2020.
        let old = refusal { try store.hire(p.id, on: day("2020-01-05"), by: "coop") }
        #expect(old == .refused(Message(.hireBeforeRun, .text(String(p.id)), .day(day("2020-01-05")), "1", .day(day("2026-11-20")))))
        #expect(old?.text(.pl).contains("5 stycznia 2020") == true)
        #expect(old?.text(.en).contains("5 January 2020") == true)
        // In the future.
        #expect(key(refusal { try store.hire(p.id, on: earliest + 11, by: "coop") }) == .hireInFuture)
        // Before the person is available, or before the need starts (each when it is after the run).
        if available > day("2026-11-20") {
            #expect(key(refusal { try store.hire(p.id, on: available - 1, by: "coop") }) == .hireBeforeAvailable)
        }
        if needStart > day("2026-11-20") {
            let k = key(refusal { try store.hire(p.id, on: needStart - 1, by: "coop") })
            #expect(k == .hireBeforeNeedStart || (k == .hireBeforeAvailable && available > needStart - 1))
        }
        // Nothing was written by the refusals; the right date is taken.
        #expect(try store.proposal(p.id)?.hiredOn == nil)
        try store.hire(p.id, on: earliest, by: "coop")
        #expect(try store.proposal(p.id)?.hiredOn == earliest.description)
    }

    @Test("A second retention answer for the same month is refused; a correction keeps the first in the audit log")
    func retentionOnce() throws {
        let (store, clock, p) = try approvedSample()
        let need = try #require(try store.record(.needs, id: p.need))
        guard case .string(let s)? = need["start"] else { Issue.record("no start"); return }
        let start = max(day(s), day("2026-12-01"))
        clock.set(start.description)
        try store.hire(p.id, on: start, by: "coop")
        clock.set((start.addingMonths(3) + 1).description)
        try store.retention(p.id, months: 3, employed: true, by: "coop")
        let again = refusal { try store.retention(p.id, months: 3, employed: false, by: "coop") }
        guard case .conflicting(let m)? = again else {
            Issue.record("a second answer was taken: \(String(describing: again))")
            return
        }
        #expect(m.key == .retentionAlreadyRecorded)
        #expect(m.text(.pl).contains("zatrudniona") && m.text(.pl).contains("--correct"))
        // A correction of a month with no answer yet is refused as well.
        #expect(refusal { try store.retention(p.id, months: 6, employed: false, correction: true, by: "coop") } != nil)
        try store.retention(p.id, months: 3, employed: false, correction: true, by: "koordynator")
        let log = try store.auditLog(entity: "proposal", id: String(p.id))
        let corrected = try #require(log.first { $0.action == "retention-corrected" })
        #expect(corrected.detail?.contains("was employed") == true && corrected.actor == "koordynator")
        #expect(log.contains { $0.action == "retention" && $0.detail == "3 months: employed" })
    }

    /// The register's records of a kind as a spreadsheet, with one record's fields changed.
    func edited(_ store: Register, _ kind: RecordKind, id: String, _ changes: [String: JSONValue]) throws -> RecordBatch {
        var records = try store.records(kind)
        let i = try #require(records.firstIndex { $0["id"] == .string(id) })
        for (key, value) in changes { records[i][key] = value }
        return try Samples.csv(SheetExport.csv(records, kind: kind), kind: kind, file: "\(kind).csv")
    }

    func failure(_ body: () throws -> Void) -> ImportFailure? {
        do {
            try body()
            return nil
        } catch let error as ImportFailure {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    @Test("Positions cut below the approved proposals, or an owner changed under decisions, are refused at their cells; nothing is written")
    func decisionsHold() throws {
        let clock = TestClock("2026-11-20")
        let store = try Samples.register(clock: clock)
        _ = try store.match(asOf: asOf, vocabulary: Samples.vocabulary, actor: "komitet")
        let byNeed = Dictionary(grouping: try store.proposals(), by: \.need)
        let (need, two) = try #require(byNeed.first { $0.value.count >= 2 })
        for p in two.prefix(2) { try store.decide(p.id, .approve, reason: .agreed, by: "komitet") }
        let approved = two.prefix(2).map(\.id).sorted()
        let other = try #require(try store.records(.cooperatives).compactMap { o -> String? in
            if case .string(let id)? = o["id"], id != two[0].cooperative { id } else { nil }
        }.first)
        let before = try store.records(.needs)

        let batch = try edited(store, .needs, id: need, ["positions": 1, "cooperative": .string(other)])
        let refused = try #require(failure { _ = try store.importRecords(batch, vocabulary: Samples.vocabulary, actor: "coop") })
        #expect(refused.problems.count == 2)
        let line = try #require(refused.problems.first?.place.split(separator: ":")[1])
        // needs.csv columns: id, cooperative (2), service, title, positions (5), …
        #expect(refused.problems.map(\.place) == ["needs.csv:\(line):2", "needs.csv:\(line):5"])
        #expect(refused.problems[1].said == Message(
            .positionsBelowApproved, .text(need), .count(1), .count(2), .list(approved.map { "#\($0)" })))
        #expect(refused.problems[0].said.key == .ownerChangeRefused)
        #expect(refused.problems[0].message.contains(other) && refused.problems[0].message.contains("#\(approved[0])"))
        #expect(try store.records(.needs) == before)

        // The same need with its positions kept and only its title changed goes through.
        let title = try edited(store, .needs, id: need, ["title": "Nowa nazwa"])
        #expect(try store.importRecords(title, vocabulary: Samples.vocabulary, actor: "coop").updated == [need])

        // A participant with a decision keeps its institution; a programme with decisions, its provider.
        let person = two[0].participant
        let institution = try #require(try store.records(.institutions).compactMap { o -> String? in
            if case .string(let id)? = o["id"], id != two[0].institution { id } else { nil }
        }.first)
        let moved = try edited(store, .participants, id: person, ["institution": .string(institution)])
        let e = try #require(failure { _ = try store.importRecords(moved, vocabulary: Samples.vocabulary, actor: "cis") })
        #expect(e.problems.map(\.said.key) == [.ownerChangeRefused] && e.problems[0].place.hasSuffix(":2"))
        if let via = try store.proposals().first(where: { $0.programme != nil }) {
            try store.decide(via.id, .reject, reason: .candidateDeclined, by: "komitet")
            let provider = try edited(store, .programmes, id: via.programme!, ["provider": "Inny ośrodek"])
            let e = try #require(failure { _ = try store.importRecords(provider, vocabulary: Samples.vocabulary, actor: "cis") })
            #expect(e.problems.map(\.said.key) == [.ownerChangeRefused])
        }
    }

    @Test("A need or participant is closed with a reason and leaves later runs; deleting names what refers to a record")
    func closing() throws {
        let (store, _, approved) = try approvedSample()
        let proposals = try store.proposals()
        let open = try #require(proposals.first { $0.need != approved.need && $0.participant != approved.participant })

        // Deleting a need a run has seen names the proposals and runs that refer to it.
        let refused = refusal { try store.deleteRecord(.needs, id: open.need, actor: "coop") }
        guard case .conflicting(let m)? = refused else { Issue.record("deleted: \(String(describing: refused))"); return }
        #expect(m.key == .deleteReferenced)
        #expect(m.text(.pl).contains("propozycje #\(open.id)") && m.text(.pl).contains("kadry close"))
        #expect(m.text(.en).contains("proposals #\(open.id)"))

        // Closing: out of the next run, in the audit log, its history kept.
        try store.close(.needs, id: open.need, reason: .cancelled, note: "brak finansowania", actor: "coop")
        #expect(try store.closure(.needs, id: open.need)?.reason == .cancelled)
        #expect(key(refusal { try store.close(.needs, id: open.need, reason: .cancelled, note: nil, actor: "coop") }) == .alreadyClosed)
        // A participant held by an approved proposal with no hire cannot be closed.
        #expect(key(refusal { try store.close(.participants, id: approved.participant, reason: .leftProgramme, note: nil, actor: "cis") })
            == .closeHasApproved)
        try store.close(.participants, id: open.participant, reason: .leftProgramme, note: nil, actor: "cis")
        let second = try store.match(asOf: asOf, vocabulary: Samples.vocabulary, actor: "komitet")
        let now = try store.proposals(ProposalFilter(run: second.run.id))
        #expect(!now.contains { $0.need == open.need || $0.participant == open.participant })
        #expect(!second.instance.needs.contains { $0.id == open.need } && !second.instance.participants.contains { $0.id == open.participant })
        #expect(try store.proposal(open.id)?.need == open.need)  // the old proposal stays, as history
        #expect(try store.auditLog(entity: "need", id: open.need).first?.action == "close")

        // Reopened, it takes part again.
        try store.reopen(.needs, id: open.need, actor: "coop")
        #expect(try store.closure(.needs, id: open.need) == nil)
        #expect(key(refusal { try store.reopen(.needs, id: open.need, actor: "coop") }) == .notClosed)
        #expect(JSONWriter.write(try store.instanceDocument(asOf: asOf), indent: nil).contains(open.need))
        // Polish words are reasons too.
        #expect(CloseReason(text: "Odwołana", for: .needs) == .cancelled && CloseReason(text: "odwołana", for: .participants) == nil)
    }

    @Test("kadry why: a participant's proposal, one placed by an earlier approval, a closed need, an open need's reasons")
    func why() throws {
        let (store, _, approved) = try approvedSample()
        let first = try #require(try store.why(.participants, id: approved.participant))
        #expect(first.proposals.map(\.id) == [approved.id])
        #expect(first.lines(.pl)[1].contains("propozycja #\(approved.id)") && first.lines(.pl)[1].contains("zatwierdzona"))
        _ = try store.match(asOf: asOf, vocabulary: Samples.vocabulary, actor: "komitet")
        let later = try #require(try store.why(.participants, id: approved.participant))
        #expect(later.note?.key == .whyPlacedEarlier)
        #expect(later.lines(.en).last?.contains("already has approved proposal #\(approved.id)") == true)
        let open = try #require(try store.records(.needs).compactMap { $0["id"]?.string }.first { id in ((try? store.why(.needs, id: id))??.open ?? 0) > 0 })
        let answer = try #require(try store.why(.needs, id: open))
        #expect(!answer.reasons.isEmpty && answer.lines(.pl).contains { $0.contains("nieobsadzone. Przyczyny:") })
        try store.close(.needs, id: open, reason: .filledElsewhere, note: nil, actor: "coop")
        _ = try store.match(asOf: asOf, vocabulary: Samples.vocabulary, actor: "komitet")
        #expect(try store.why(.needs, id: open)?.note?.key == .whyClosed)
        #expect(try store.why(.needs, id: "N-nothing") == nil)
    }

    @Test("A closed need or participant no longer needs attention; what does is named by organisation")
    func closedLeaveStatus() throws {
        let clock = TestClock("2027-01-15")
        let store = try Samples.register(clock: clock)
        let before = try store.attention()
        let ending = try #require(before.endingWithoutPlacement.first)
        let starting = try #require(before.needsStartingOpen.first)
        #expect(before.name(ending.institution) != ending.institution)  // a name, not the id
        try store.close(.participants, id: ending.participant, reason: .leftProgramme, note: nil, actor: "cis")
        try store.close(.needs, id: starting.need, reason: .cancelled, note: nil, actor: "coop")
        let after = try store.attention()
        #expect(!after.endingWithoutPlacement.contains { $0.participant == ending.participant })
        #expect(!after.needsStartingOpen.contains { $0.need == starting.need })
    }

    @Test("A newer run supersedes the undecided proposals of earlier ones; decided ones stay, superseded ones cannot be decided")
    func superseded() throws {
        let (store, _, approved) = try approvedSample()
        let earlier = try store.proposals()
        let deferred = try #require(earlier.first { $0.id != approved.id })
        try store.decide(deferred.id, .defer, reason: .moreInformationNeeded, by: "komitet")
        _ = try store.match(asOf: asOf, vocabulary: Samples.vocabulary, actor: "komitet")
        for p in earlier {
            let now = try #require(try store.proposal(p.id))
            let expected = p.id == approved.id ? "approved" : p.id == deferred.id ? "deferred" : "superseded"
            #expect(now.status == expected)
        }
        let old = try #require(earlier.first { $0.id != approved.id && $0.id != deferred.id })
        #expect(key(refusal { try store.decide(old.id, .approve, reason: .agreed, by: "komitet") }) == .proposalSuperseded)
        #expect(try store.proposals(ProposalFilter(status: "superseded")).count == earlier.count - 2)
    }
}

/// Spreadsheets as Polish offices write them.
@Suite("Polish spreadsheets")
struct PolishSheetTests {
    @Test("Polish headers, Excel's midnight dates, the education levels of KIS/CIS forms, vocabularies in Polish words")
    func polishWords() throws {
        let store = try Samples.register(clock: TestClock("2026-11-20"))
        let kind = RecordKind.participants
        let header = kind.columns.map { kind.polishHeader($0).capitalized(first: true) }.joined(separator: ";")
        #expect(header.hasPrefix("Identyfikator;Instytucja;Sygnatura;Szerokość geograficzna;Długość geograficzna;Miejscowość;Gmina;Powiat;Województwo;Maksymalny dojazd (km)"))
        let rows = [
            "P-950;cis-konin;;52,2;18,2;;;;;20;01.03.2027 00:00;40;policealne;tak;Zaświadczenie o niekaralności;;usługa wytchnieniowa;;",
            "P-951;cis-konin;;52,2;18,2;;;;;20;01.03.2027;40;gimnazjalne;nie;KRK;;;home-care;",
            "P-952;cis-konin;;52,2;18,2;;;;;20;2027-03-01 00:00:00;40;Zasadnicze  zawodowe;nie;;;;;",
        ]
        let summary = try store.importRecords(try Samples.csv(([header] + rows).joined(separator: "\r\n"), kind: kind),
                                              vocabulary: Samples.vocabulary, actor: "cis")
        #expect(summary.added == ["P-950", "P-951", "P-952"])
        let p = try #require(try store.record(.participants, id: "P-950"))
        #expect(p["availableFrom"] == "2027-03-01" && p["education"] == "secondary")
        #expect(p["clearances"] == .array(["criminal-record"]) && p["preferredServices"] == .array(["respite-care"]))
        #expect(try store.record(.participants, id: "P-951")?["education"] == "primary")
        #expect(try store.record(.participants, id: "P-952")?["education"] == "vocational")
    }

    @Test("A value outside a vocabulary is an error naming the accepted ones, and the nearest when it is close")
    func unknownValues() throws {
        let store = try Samples.register(clock: TestClock("2026-11-20"))
        let csv = """
            id;institution;lat;lon;max_commute_km;available_from;hours_per_week;education;clearances;preferred_services;excluded_services
            P-960;cis-konin;52,2;18,2;20;01.03.2027;40;średnie;criminal-records;respite-cere;catering
            P-961;cis-konin;52,2;18,2;20;01.03.2027 08:30;40;średnie;;;
            """
        let failure = #expect(throws: ImportFailure.self) {
            try store.importRecords(try Samples.csv(csv, kind: .participants), vocabulary: Samples.vocabulary, actor: "cis")
        }
        let problems = failure?.problems ?? []
        #expect(problems.map(\.place) == ["bad.csv:2:9", "bad.csv:2:10", "bad.csv:2:11", "bad.csv:3:6"])
        #expect(problems.first?.message.contains("czy chodziło o „criminal-record”") == true)
        #expect(problems[safe: 1]?.said.text(.en).contains("did you mean \"respite-care\"") == true)
        #expect(problems[safe: 2]?.message.contains("personal-assistance (Pomoc osobista)") == true)
        #expect(problems[safe: 3]?.message.contains("data z godziną") == true)
        // An institution of a kind that is not KIS or CIS.
        let pup = #expect(throws: ImportFailure.self) {
            try store.importRecords(try Samples.csv("id;kind;name;lat;lon\npup-konin;PUP;Urząd Pracy;52,2;18,2\n", kind: .institutions),
                                    vocabulary: Samples.vocabulary, actor: "cis")
        }
        #expect(pup?.problems.map(\.message) == ["kind: „PUP” nie jest znaną wartością; dopuszczalne: KIS (Klub Integracji Społecznej), CIS (Centrum Integracji Społecznej)"])
    }
}

extension JSONValue {
    var string: String? { if case .string(let s) = self { s } else { nil } }
}

extension String {
    func capitalized(first: Bool) -> String { first ? prefix(1).uppercased() + dropFirst() : self }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

/// Places given by the names people know.
@Suite("Places by name")
struct PlacesTests {
    let places = Fixtures.catalog.places!

    @Test("The gazetteer holds the sample register's towns and villages, each once per voivodeship, with Polish spelling")
    func gazetteer() throws {
        #expect(places.places.count > 3_800)
        for name in ["Konin", "Kramsk", "Sompolno", "Grudziądz", "Wierzbinek", "Warszawa", "Kleczew"] {
            guard case .found(let p) = places.lookup(name) else { Issue.record("\(name) is not found once"); continue }
            #expect(p.name == name)
        }
        // Case, diacritics and hyphens are forgiven; a misspelling gets the nearest names.
        #expect(places.lookup("GRUDZIADZ") == places.lookup("Grudziądz"))
        guard case .unknown(let nearest) = places.lookup("Kramks") else { Issue.record("a misspelling was found"); return }
        #expect(nearest.contains("Kramsk"))
        // Ślesin is in two voivodeships: ambiguous alone, one with its powiat, voivodeship or gmina.
        guard case .ambiguous(let two) = places.lookup("Ślesin") else { Issue.record("Ślesin is not ambiguous"); return }
        #expect(two.count == 2)
        for narrowed in [places.lookup("Ślesin", powiat: "koniński"), places.lookup("Ślesin", voivodeship: "Wielkopolskie"),
                         places.lookup("Ślesin", gmina: "Kleczew")] {
            guard case .found(let p) = narrowed else { Issue.record("Ślesin was not narrowed down: \(narrowed)"); continue }
            #expect(p.voivodeship == "wielkopolskie")
        }
        // A powiat a unique name does not lie in is passed over: the city of Konin is a powiat of its
        // own and the seat of powiat koniński, which people write beside it. An ambiguous name stays so.
        guard case .found(let konin) = places.lookup("Konin", powiat: "koniński") else { Issue.record("Konin, powiat koniński not found"); return }
        #expect(konin.powiat == "Konin")
        guard case .ambiguous(let still) = places.lookup("Ślesin", powiat: "poznański") else { Issue.record("Ślesin was narrowed by a wrong powiat"); return }
        #expect(still.count == 2)
    }

    @Test("A record moved to another place by name in a sheet that still carries the old coordinates gets the new place's")
    func movedByName() throws {
        let store = try Samples.register(clock: TestClock("2026-11-20"))
        var record = try #require(try store.record(.participants, id: "P-001"))
        record["location"] = nil
        record["locality"] = "Konin"
        try store.putRecord(record, kind: .participants, mode: .replace, vocabulary: Samples.vocabulary, actor: "test")
        let inKonin = try #require(try store.record(.participants, id: "P-001"))
        // As an exported sheet comes back: the coordinates as they were, another locality.
        var moved = inKonin
        moved["locality"] = "Kramsk"
        try store.putRecord(moved, kind: .participants, mode: .replace, vocabulary: Samples.vocabulary, actor: "test")
        let inKramsk = try #require(try store.record(.participants, id: "P-001"))
        guard case .found(let kramsk) = places.lookup("Kramsk") else { Issue.record("Kramsk not found"); return }
        #expect(inKramsk.value(at: ["location", "lat"]) == .number(String(kramsk.location.lat)) && inKramsk["location"] != inKonin["location"])
        // New coordinates typed beside the new name are kept as typed.
        var typed = inKramsk
        typed["locality"] = "Golina"
        typed["location"] = ["lat": .number("52.25"), "lon": .number("18.1")]
        try store.putRecord(typed, kind: .participants, mode: .replace, vocabulary: Samples.vocabulary, actor: "test")
        #expect(try store.record(.participants, id: "P-001")?.value(at: ["location", "lat"]) == .number("52.25"))
    }

    @Test("Participants given by locality only are matched exactly as with their coordinates")
    func byLocality() throws {
        let clock = TestClock("2026-11-20")
        let byCoordinates = try Samples.register(clock: clock)
        let byName = try Samples.register(clock: clock)
        // The sample participants moved to localities, once by coordinates and once by name.
        let towns = ["Konin", "Kramsk", "Kleczew", "Golina", "Ślesin", "Sompolno", "Grudziądz"]
        var withCoordinates = try byCoordinates.records(.participants)
        var withNames = withCoordinates
        for i in withCoordinates.indices {
            let town = towns[i % towns.count]
            let powiat = ["Ślesin", "Golina"].contains(town) ? "powiat koniński" : nil  // two of each name in Poland
            guard case .found(let place) = places.lookup(town, powiat: powiat) else {
                Issue.record("\(town) not found")
                return
            }
            withCoordinates[i]["location"] = ["lat": .number(String(place.location.lat)), "lon": .number(String(place.location.lon))]
            withNames[i]["location"] = nil
            withNames[i]["locality"] = .string(town)
            if let powiat { withNames[i]["powiat"] = .string(powiat) }
        }
        let kind = RecordKind.participants
        _ = try byCoordinates.importRecords(try Samples.csv(SheetExport.csv(withCoordinates, kind: kind), kind: kind),
                                            vocabulary: Samples.vocabulary, actor: "cis")
        let csv = SheetExport.csv(withNames, kind: kind)
        _ = try byName.importRecords(try Samples.csv(csv, kind: kind), vocabulary: Samples.vocabulary, actor: "cis")
        let asOf = Day(iso: "2026-12-01")!
        #expect(try byName.instanceDocument(asOf: asOf) == byCoordinates.instanceDocument(asOf: asOf))
        let a = try byCoordinates.match(asOf: asOf, vocabulary: Samples.vocabulary, actor: "k")
        let b = try byName.match(asOf: asOf, vocabulary: Samples.vocabulary, actor: "k")
        #expect(a.run.instanceSHA256 == b.run.instanceSHA256 && a.run.objective == b.run.objective)
        #expect(try byName.proposals().map(\.participant) == byCoordinates.proposals().map(\.participant))
        #expect(try byName.record(.participants, id: "P-001")?["locality"] == "Konin")
    }

    @Test("An unknown or ambiguous locality, or no place at all, is refused at its cell with the candidates")
    func refused() throws {
        let store = try Samples.register(clock: TestClock("2026-11-20"))
        let csv = """
            id;institution;miejscowość;powiat;max_commute_km;available_from;hours_per_week;education
            P-970;cis-konin;Ślesin;;20;01.03.2027;40;średnie
            P-971;cis-konin;Kramks;;20;01.03.2027;40;średnie
            P-972;cis-konin;;;20;01.03.2027;40;średnie
            P-973;cis-konin;Ślesin;koniński;20;01.03.2027;40;średnie
            """
        let failure = #expect(throws: ImportFailure.self) {
            try store.importRecords(try Samples.csv(csv, kind: .participants), vocabulary: Samples.vocabulary, actor: "cis")
        }
        let problems = failure?.problems ?? []
        #expect(problems.map(\.place) == ["bad.csv:2:3", "bad.csv:3:3", "bad.csv:4:3"])
        #expect(problems.first?.message.contains("Ślesin (wielkopolskie, powiat koninski)") == true)
        #expect(problems.first?.message.contains("występuje w spisie 2 razy") == true)
        #expect(problems[safe: 1]?.message.contains("najbliższe nazwy: Kramsk") == true)
        #expect(problems[safe: 2]?.said == Message(.placeMissing))
    }
}

@Suite("Templates")
struct TemplateTests {
    @Test("Every template's example row imports into the sample register as it is")
    func templatesImport() throws {
        let store = try Samples.register(clock: TestClock("2026-11-20"))
        for kind in RecordKind.allCases {
            let text = SheetTemplate.csv(kind)
            #expect(text.hasPrefix("Identyfikator;"))
            let summary = try store.importRecords(try Samples.csv(text, kind: kind, file: "\(kind).csv"), vocabulary: Samples.vocabulary,
                                                  actor: "test", dryRun: true)
            #expect(summary.added.count + summary.updated.count == 1, "\(kind)")
        }
    }
}
