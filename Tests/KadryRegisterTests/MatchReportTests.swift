import Foundation
import KadryCore
import KadryMatcher
import KadryRegister
import KadryTestSupport
import Testing

@Suite("The demo's text of a solved register")
struct MatchReportTests {
    static let demo: (instance: Instance, result: MatchResult) = {
        let url = Fixtures.repositoryRoot.appendingPathComponent("Catalog/demo/konin-grudziadz.json")
        let instance = try! Fixtures.reader.read(Fixtures.bytes(url))
        return (instance, Matcher.match(instance, seatValues: true))
    }()

    @Test("in Polish: Polish headings, routes, score terms and every reason's Polish text; no English heading")
    func polish() {
        let (instance, result) = Self.demo
        let text = MatchReport.render(result, instance: instance, catalog: Fixtures.catalog, language: .pl)
        for heading in ["PROPONOWANE ZATRUDNIENIA", "WOLNE STANOWISKA", "UCZESTNICY BEZ PROPOZYCJI", "priorytet +"] {
            #expect(text.contains(heading), "\(heading)")
        }
        for heading in ["PROPOSED PLACEMENTS", "OPEN POSITIONS", "PARTICIPANTS WITHOUT", "priority +", "directly"] {
            #expect(!text.contains(heading), "\(heading)")
        }
        let reasons = result.unfilled.flatMap(\.reasons) + result.unplaced.flatMap(\.reasons)
        #expect(!reasons.isEmpty)
        for reason in reasons { #expect(text.contains(reason.polishDescription), "\(reason.polishDescription)") }
        for placement in result.placements {
            #expect(text.contains("      \(instance.participants[placement.participant].id) ("))
        }
        if result.placements.contains(where: { $0.route.programme != nil }) { #expect(text.contains("po szkoleniu T-")) }
        if !result.seatValues.isEmpty { #expect(text.contains("GDZIE WIĘCEJ MIEJSC NA SZKOLENIACH")) }
    }

    @Test("in English: the same placements and counts, every reason's English text")
    func english() {
        let (instance, result) = Self.demo
        let text = MatchReport.render(result, instance: instance, catalog: Fixtures.catalog, language: .en)
        let polish = MatchReport.render(result, instance: instance, catalog: Fixtures.catalog, language: .pl)
        #expect(text.contains("PROPOSED PLACEMENTS: \(result.placements.count) ("))
        #expect(polish.contains("PROPONOWANE ZATRUDNIENIA: \(result.placements.count) ("))
        #expect(text.contains("OPEN POSITIONS: \(result.unfilled.reduce(0) { $0 + $1.open })"))
        #expect(polish.contains("WOLNE STANOWISKA: \(result.unfilled.reduce(0) { $0 + $1.open })"))
        for reason in result.unfilled.flatMap(\.reasons) + result.unplaced.flatMap(\.reasons) {
            #expect(text.contains(reason.description), "\(reason.description)")
        }
        #expect(!text.contains("WOLNE STANOWISKA") && !text.contains("punkty "))
    }

    @Test("score terms by name, in either language; zero terms left out")
    func terms() {
        let instance = Self.demo.instance
        let scorer = Scorer(instance: instance)
        let terms = ScoreTerms(priority: 3000, preference: 100, urgency: 0, distance: -1, training: -200, cost: -24)
        #expect(TermsText.render(terms, scorer, language: .en) == "priority +3000 preference +100 distance −1 training −200 cost −24")
        #expect(TermsText.render(terms, scorer, language: .pl)
            == "priorytet +3000 preferencja +100 odległość −1 szkolenie −200 koszt szkolenia −24")
    }
}
