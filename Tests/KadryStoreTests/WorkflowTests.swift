import Foundation
import KadryCore
import KadryRegister
import KadryStore
import KadryTestSupport
import Testing

@Suite("Match runs, review and report")
struct WorkflowTests {
    let asOf = Day(iso: "2026-12-01")!

    func proposal(_ store: Register, _ participant: String, run: Int64? = nil) throws -> ProposalView? {
        try store.proposals(ProposalFilter(run: run)).first { $0.participant == participant }
    }

    @Test("CSV → register → run → decisions → hire → retention → report, with the numbers checked")
    func roundTrip() throws {
        let clock = TestClock("2026-11-20")
        let store = try Samples.register(clock: clock)
        let first = try store.match(asOf: asOf, vocabulary: Samples.vocabulary, actor: "anna")
        #expect(first.run.placements == 19 && first.run.proven && first.run.objective == 77882)
        #expect(first.run.openPositions == 10)
        let proposals = try store.proposals()
        #expect(proposals.count == 19)
        #expect(proposals.map(\.score) == proposals.map(\.score).sorted(by: >))
        // The score terms add up to the score.
        for p in proposals { #expect(p.terms.reduce(0) { $0 + Double($1.value)! } == p.score) }

        clock.set("2026-11-25")
        let direct = try #require(proposals.first { $0.programme == nil })
        let viaTraining = try #require(proposals.first { $0.programme != nil })
        let toReject = try #require(proposals.first { $0.id != direct.id && $0.id != viaTraining.id })
        let toDefer = try #require(proposals.first { ![direct.id, viaTraining.id, toReject.id].contains($0.id) })
        try store.decide(direct.id, .approve, reason: .agreed, by: "komitet")
        try store.decide(viaTraining.id, .approve, reason: .agreed, by: "komitet")
        try store.decide(toReject.id, .reject, reason: .candidateDeclined, note: "przeprowadzka", by: "komitet")
        try store.decide(toDefer.id, .defer, reason: .moreInformationNeeded, by: "komitet")
        #expect(throws: RegisterError.self) { try store.decide(toDefer.id, .reject, reason: .agreed, by: "komitet") }
        #expect(throws: RegisterError.self) { try store.hire(toDefer.id, on: Day(iso: "2027-03-01")!, by: "coop") }
        clock.set("2027-03-02")
        try store.hire(direct.id, on: Day(iso: "2027-03-01")!, by: "coop")
        #expect(throws: RegisterError.self) { try store.decide(direct.id, .reject, reason: .other, by: "komitet") }
        #expect(throws: RegisterError.self) { try store.retention(direct.id, months: 3, employed: true, by: "coop") }  // not due yet
        clock.set("2027-06-05")
        try store.retention(direct.id, months: 3, employed: true, by: "coop")

        let names = Dictionary(Fixtures.catalog.services.map { ($0.slug, $0.name) }, uniquingKeysWith: { a, _ in a })
        let q4 = try store.quarterReport(Quarter("2026Q4")!, serviceNames: names)
        #expect(q4.needs.reduce(0) { $0 + $1.needs } == 16)
        #expect(q4.needs.reduce(0) { $0 + $1.positions } == 29)
        #expect(q4.needs.reduce(0) { $0 + $1.filledDirect } == 1)
        #expect(q4.needs.reduce(0) { $0 + $1.filledViaTraining } == 1)
        #expect(q4.needs.reduce(0) { $0 + $1.hired } == 0)  // the hire starts in 2027Q1
        #expect(q4.needs.reduce(0) { $0 + $1.open } == 27)
        #expect(q4.decisions == [
            QuarterReport.DecisionTally(organisation: nil, decision: "approve", reason: "agreed", count: 2),
            QuarterReport.DecisionTally(organisation: nil, decision: "defer", reason: "more-information-needed", count: 1),
            QuarterReport.DecisionTally(organisation: nil, decision: "reject", reason: "candidate-declined", count: 1),
        ])
        #expect(q4.decisionsByCooperative.reduce(0) { $0 + $1.count } == 4)
        #expect(q4.institutions.reduce(0) { $0 + $1.participants } == 40)
        #expect(q4.institutions.reduce(0) { $0 + $1.proposed } == 19)
        #expect(q4.institutions.reduce(0) { $0 + $1.approved } == 2)
        #expect(q4.institutions.reduce(0) { $0 + $1.rejected } == 1)
        #expect(q4.institutions.reduce(0) { $0 + $1.hired } == 0)  // the hire starts in 2027Q1
        #expect(q4.openNeeds.reduce(0) { $0 + $1.open } == 10)
        #expect(q4.openNeeds.allSatisfy { !$0.reasons.isEmpty && $0.reasonsPolish.count == $0.reasons.count })
        let q2 = try store.quarterReport(Quarter("2027Q2")!)
        #expect(q2.retention == [
            QuarterReport.RetentionRow(months: 3, due: 1, recorded: 1, employed: 1),
            QuarterReport.RetentionRow(months: 6, due: 0, recorded: 0, employed: 0),
            QuarterReport.RetentionRow(months: 12, due: 0, recorded: 0, employed: 0),
        ])
        let q1 = try store.quarterReport(Quarter("2027Q1")!)
        #expect(q1.institutions.reduce(0) { $0 + $1.hired } == 1)
        // One definition per figure: approvals and hires add up to the same totals in the needs and institutions tables.
        for report in [q4, q1, q2] {
            #expect(report.needs.reduce(0) { $0 + $1.filledDirect + $1.filledViaTraining } == report.institutions.reduce(0) { $0 + $1.approved })
            #expect(report.needs.reduce(0) { $0 + $1.hired } == report.institutions.reduce(0) { $0 + $1.hired })
        }
        #expect(q1.needs.reduce(0) { $0 + $1.hired } == 1 && q1.needs.reduce(0) { $0 + $1.needs } == 0)
        // The open positions at Q1's end are Q4's less nothing new approved: the same needs, still open.
        #expect(q1.needs.reduce(0) { $0 + $1.open } == 27)
        // The programme of the approved via-training proposal runs in 2027Q1 and has one seat used.
        let used = try #require(q1.programmes.first { $0.id == viaTraining.programme })
        #expect(used.used == 1 && used.hired == 0)

        // The rendered report says the same, in Polish by default.
        let markdown = ReportRenderer().render(q4, as: .md)
        #expect(markdown.contains("## 3.2. Sfera 1: Zaspokajanie potrzeb kadrowych realizatorów usług społecznych"))
        #expect(markdown.contains("| Razem |  | 16 | 29 | 1 | 1 | 0 | 27 |"))
        #expect(markdown.contains("_Nowe potrzeby i stanowiska: zgłoszone w kwartale.") && markdown.contains("Nieobsadzone w dopasowaniu: stanowiska"))
        #expect(markdown.contains("| odrzucono | kandydat zrezygnował | 1 |"))
        // Open positions' reasons in the language of the report.
        let polishReasons = q4.openNeeds.flatMap(\.reasonsPolish), englishReasons = q4.openNeeds.flatMap(\.reasons)
        #expect(polishReasons.allSatisfy { markdown.contains($0) } && !englishReasons.contains { markdown.contains($0) })
        let csv = ReportRenderer(language: .en).render(q4, as: .csv)
        #expect(csv.contains("Total;;16;29;1;1;0;27"))
        #expect(englishReasons.allSatisfy { csv.contains($0) })
    }

    @Test("Open positions' reasons stored before they had a Polish text show in English in either language")
    func englishOnlyReasons() throws {
        let clock = TestClock("2026-11-20")
        let store = try Samples.register(clock: clock)
        _ = try store.match(asOf: asOf, vocabulary: Samples.vocabulary, actor: "anna")
        try store.writer.write { db in try db.execute(sql: #"UPDATE open_need SET reasons = '["rule 4: can work 10 h/week"]'"#) }
        let report = try store.quarterReport(Quarter("2026Q4")!)
        #expect(!report.openNeeds.isEmpty)
        #expect(report.openNeeds.allSatisfy { $0.reasons == ["rule 4: can work 10 h/week"] && $0.reasonsPolish == $0.reasons })
        #expect(ReportRenderer().render(report, as: .md).contains("rule 4: can work 10 h/week"))
    }

    @Test("Approved placements stay committed and rejected pairs are not proposed again")
    func commitments() throws {
        let clock = TestClock("2026-11-20")
        let store = try Samples.register(clock: clock)
        _ = try store.match(asOf: asOf, vocabulary: Samples.vocabulary, actor: "anna")
        let proposals = try store.proposals()
        let kept = try #require(proposals.first { $0.programme != nil })
        let rejected = try #require(proposals.first { $0.id != kept.id })
        try store.decide(kept.id, .approve, reason: .agreed, by: "komitet")
        try store.decide(rejected.id, .reject, reason: .cooperativeDeclined, by: "komitet")

        guard case .object(let instance) = try store.instanceDocument(asOf: asOf) else { Issue.record("not an object"); return }
        func list(_ key: String) -> [JSONObject] {
            guard case .array(let items)? = instance[key] else { return [] }
            return items.compactMap { if case .object(let o) = $0 { o } else { nil } }
        }
        #expect(!list("participants").contains { $0["id"] == .string(kept.participant) })
        let seats = list("programmes").first { $0["id"] == .string(kept.programme!) }?["seats"]
        let originalSeats = try store.records(.programmes).first { $0["id"] == .string(kept.programme!) }?["seats"]
        guard case .number(let after)? = seats, case .number(let before)? = originalSeats else { Issue.record("no seats"); return }
        #expect(Int(after)! == Int(before)! - 1)

        let second = try store.match(asOf: asOf, vocabulary: Samples.vocabulary, actor: "anna")
        let again = try store.proposals(ProposalFilter(run: second.run.id))
        #expect(!again.contains { $0.participant == kept.participant })
        #expect(!again.contains { $0.participant == rejected.participant && $0.need == rejected.need })
        // The approved placement is still there, listed with its status across runs.
        #expect(try store.proposals(ProposalFilter(status: "approved")).map(\.id) == [kept.id])
        // Approving a second proposal for the same person is refused.
        if let other = again.first {
            try store.decide(other.id, .approve, reason: .agreed, by: "komitet")
            #expect(throws: RegisterError.self) {
                try store.decide(other.id, .approve, reason: .agreed, by: "komitet")
            }
        }
        // Withdrawn, the rejection no longer rules the pair out.
        try store.decide(rejected.id, .withdraw, reason: .other, by: "komitet")
        #expect(try store.ruledOutPairs().isEmpty)
    }

    @Test("A run is stored against the version it read; a proposal whose record changed meanwhile is stale and cannot be approved")
    func changedMeanwhile() throws {
        let clock = TestClock("2026-11-20")
        let store = try Samples.register(clock: clock)
        let runs = try store.runs().count
        let (run, _, _) = try store.match(asOf: asOf, vocabulary: Samples.vocabulary, actor: "anna") { _ in
            // Another process updates a programme and a need while this run solves.
            let programmes = SheetExport.csv(try! store.records(.programmes).map { p in
                var q = p
                if q["id"] == "T-01" { q["seats"] = 1 }
                return q
            }, kind: .programmes)
            _ = try! store.importRecords(try! Samples.csv(programmes, kind: .programmes), vocabulary: Samples.vocabulary, actor: "other")
            return nil
        }
        #expect(try store.runs().count == runs + 1)
        let proposals = try store.proposals(ProposalFilter(run: run.id))
        let viaT01 = proposals.filter { $0.programme == "T-01" }
        let others = proposals.filter { $0.programme != "T-01" && !$0.stale }
        #expect(!viaT01.isEmpty && !others.isEmpty)
        #expect(viaT01.allSatisfy { p in p.stale })
        #expect(throws: RegisterError.self) { try store.decide(viaT01[0].id, .approve, reason: .agreed, by: "komitet") }
        try store.decide(others[0].id, .approve, reason: .agreed, by: "komitet")
        // A newer run reads the change: its proposals are current.
        let (newer, _, _) = try store.match(asOf: asOf, vocabulary: Samples.vocabulary, actor: "anna")
        #expect(try store.proposals(ProposalFilter(run: newer.id)).allSatisfy { p in !p.stale })
    }
}

@Suite("Register odds and ends")
struct RegisterOddsTests {
    @Test("A run keeps the policy it was given, and the policy changes the scores")
    func policy() throws {
        let store = try Samples.register(clock: TestClock("2026-11-20"))
        let asOf = Day(iso: "2026-12-01")!
        let plain = try store.match(asOf: asOf, vocabulary: Samples.vocabulary, actor: "test")
        let weighted = try store.match(asOf: asOf, policy: ["priorityWeight": 500], vocabulary: Samples.vocabulary, actor: "test")
        #expect(weighted.run.objective < plain.run.objective)
        #expect(throws: RegisterError.self) {
            _ = try store.match(asOf: asOf, policy: ["priorityWeight": "high"], vocabulary: Samples.vocabulary, actor: "test")
        }
        guard case .object(let document) = try store.instanceDocument(asOf: asOf, policy: ["preferenceBonus": 0]) else { return }
        #expect(document["policy"] == ["preferenceBonus": 0])
    }

    @Test("A record goes only when nothing refers to it")
    func delete() throws {
        let store = try Samples.register(clock: TestClock("2026-11-20"))
        _ = try store.match(asOf: Day(iso: "2026-12-01"), vocabulary: Samples.vocabulary, actor: "test")
        let proposed = try #require(try store.proposals().first)
        let byNeed = try store.proposals(ProposalFilter(need: proposed.need)).map { "#\($0.id)" }.sorted { $0.count != $1.count ? $0.count < $1.count : $0 < $1 }
        #expect(throws: RegisterError.conflicting(Message(
            .deleteReferenced, .message(Message(.kindNeed)), .text(proposed.need), .messages([Message(.referredByProposals, .text(byNeed.joined(separator: ", ")))])))) {
            try store.deleteRecord(.needs, id: proposed.need, actor: "test")
        }
        let refusal = #expect(throws: RegisterError.self) { try store.deleteRecord(.institutions, id: "cis-konin", actor: "test") }
        #expect(refusal?.text(.en).hasPrefix("institution \"cis-konin\" cannot be deleted: participants P-001, P-002") == true)
        #expect(throws: RegisterError.missing("no programme \"T-77\"")) { try store.deleteRecord(.programmes, id: "T-77", actor: "test") }
        let unused = try #require(try store.records(.programmes).compactMap { r -> String? in
            guard case .string(let id)? = r["id"] else { return nil }
            return try store.proposals(ProposalFilter(status: nil)).contains { $0.programme == id } ? nil : id
        }.first)
        try store.deleteRecord(.programmes, id: unused, actor: "test")
        #expect(try store.record(.programmes, id: unused) == nil)
    }
}

@Suite("What needs attention")
struct AttentionTests {
    @Test("Status lists programmes ending unplaced, stale proposals, due retention checks and needs starting soon")
    func attention() throws {
        let clock = TestClock("2026-11-20")
        let store = try Samples.register(clock: clock)
        _ = try store.match(asOf: Day(iso: "2026-12-01"), vocabulary: Samples.vocabulary, actor: "test")
        let proposals = try store.proposals()
        let hired = try #require(proposals.first)
        try store.decide(hired.id, .approve, reason: .agreed, by: "test")
        clock.set("2027-01-15")
        let today = Day(iso: "2027-01-15")!, soon = today + 30
        let a = try store.attention()
        #expect(a.today == today)

        // Expected from the records themselves.
        func text(_ o: JSONObject, _ key: String) -> String? { if case .string(let s)? = o[key] { s } else { nil } }
        let ending = try store.records(.participants).filter { p in
            guard let end = text(p, "programmeEnds").flatMap(Day.init(iso:)) else { return false }
            return end >= today && end <= soon && text(p, "id") != hired.participant
        }.compactMap { text($0, "id") }
        #expect(!ending.isEmpty)
        #expect(a.endingWithoutPlacement.map(\.participant).sorted() == ending.sorted())
        // Every other proposal of the newest run has waited since 2026-11-20.
        #expect(Set(a.waiting.map(\.proposal)) == Set(proposals.map(\.id).filter { $0 != hired.id }))
        #expect(a.retentionDue.isEmpty)
        let starting = try store.records(.needs).filter { n in
            guard let start = text(n, "start").flatMap(Day.init(iso:)) else { return false }
            return start >= today && start <= soon && text(n, "id") != hired.need
        }.compactMap { text($0, "id") }
        #expect(!starting.isEmpty)
        #expect(a.needsStartingOpen.map(\.need).filter { $0 != hired.need }.sorted() == starting.sorted())

        // Hired on the need's first day; three months and a few days later its 3-month check is due, not yet the 6-month one.
        let start = try #require(try store.record(.needs, id: hired.need).flatMap { text($0, "start") }.flatMap(Day.init(iso:)))
        clock.set(start.description)
        try store.hire(hired.id, on: start, by: "test")
        clock.set((start.addingMonths(3) + 5).description)
        let due = try store.attention().retentionDue
        #expect(due.map(\.proposal) == [hired.id] && due.map(\.months) == [3])
        try store.retention(hired.id, months: 3, employed: true, by: "test")
        #expect(try store.attention().retentionDue.isEmpty)
    }
}
