import Foundation
import Hummingbird
import HummingbirdTesting
import KadryCore
import KadryRegister
import KadryStore
import KadryTestSupport
import Testing

@testable import KadryServer

/// The committee's review queue: filters and order on the server, kept through a decision;
/// each proposal with its route, dates and waiting time; several approved at once, each checked.
@Suite("Web pages: the review queue")
struct ReviewQueueTests {
    typealias P = PagesTests

    @Test("Filters by cooperative, institution, service and waiting time; an order; the view kept through a decision")
    func filters() async throws {
        let (h, accounts) = try P.harness()
        let waiting = try h.store.proposals(ProposalFilter(status: "proposed"))
        let blues = waiting.filter { $0.cooperative == "ss-blues-hostel" }
        let service = try #require(waiting.first?.service)
        try await h.test { client in
            let committee = try #require(try await P.logIn(client.client, accounts["komitet"]!.login, accounts["komitet"]!.password))
            let all = try await P.call(client.client, .get, "/propozycje", cookies: [Pages.sessionCookie: committee])
            #expect(all.status == 200 && all.body.contains("Czeka na decyzję: \(waiting.count)."))
            #expect(all.body.contains("<label for=\"filtr-spoldzielnia\">Spółdzielnia</label>") && all.body.contains("<option value=\"ss-blues-hostel\">"))
            // Each proposal: its dates and how long it waits (the run was made on 20 November 2026, today is 2 March 2027).
            #expect(all.body.contains("stanowisko od ") && all.body.contains("kandydat dostępny od "))
            #expect(all.body.contains("czeka od 20 listopada 2026 (102 dni)"))
            // The score in words, each term with its points and the total.
            #expect(all.body.contains("priorytet potrzeby +") && all.body.contains(" pkt; razem ") && all.body.contains("dojazd −"))
            // Who else could have taken each position, as the run found them.
            #expect(all.body.contains("<dt>Kto jeszcze mógł</dt>") && (all.body.contains("; ma propozycję do N-") || all.body.contains("; bez propozycji)")))
            let byCooperative = try await P.call(client.client, .get, "/propozycje?spoldzielnia=ss-blues-hostel", cookies: [Pages.sessionCookie: committee])
            #expect(byCooperative.body.contains("Czeka na decyzję: \(blues.count).") && byCooperative.body.contains("<option value=\"ss-blues-hostel\" selected>"))
            #expect(!waiting.filter { $0.cooperative != "ss-blues-hostel" }.contains { byCooperative.body.contains("id=\"p\($0.id)\"") })
            let byService = try await P.call(client.client, .get, "/propozycje?usluga=\(service)", cookies: [Pages.sessionCookie: committee])
            #expect(byService.body.contains("Czeka na decyzję: \(waiting.filter { $0.service == service }.count)."))
            let byInstitution = try await P.call(client.client, .get, "/propozycje?instytucja=cis-konin", cookies: [Pages.sessionCookie: committee])
            #expect(byInstitution.body.contains("Czeka na decyzję: \(waiting.filter { $0.institution == "cis-konin" }.count)."))
            // Waiting at least 7 days: all of them; at least 365: none.
            let week = try await P.call(client.client, .get, "/propozycje?czeka=7&kolejnosc=czas", cookies: [Pages.sessionCookie: committee])
            #expect(week.body.contains("Czeka na decyzję: \(waiting.count).") && week.body.contains("<option value=\"czas\" selected>"))
            let year = try await P.call(client.client, .get, "/propozycje?czeka=365", cookies: [Pages.sessionCookie: committee])
            #expect(year.body.contains("Czeka na decyzję: 0."))
            // Hostile filter values are ignored, not echoed.
            let hostile = try await P.call(client.client, .get, "/propozycje?spoldzielnia=%22%3E%3Cscript%3E&czeka=-5&kolejnosc=x&od=-1",
                                           cookies: [Pages.sessionCookie: committee])
            #expect(hostile.status == 200 && !hostile.body.contains("<script>") && hostile.body.contains("Czeka na decyzję: \(waiting.count)."))
            // A decision made in a filtered view comes back to it.
            let first = try #require(blues.first)
            #expect(byCooperative.body.contains("action=\"/propozycje/\(first.id)/decyzja?spoldzielnia=ss-blues-hostel\""))
            let decided = try await P.call(client.client, .post, "/propozycje/\(first.id)/decyzja?spoldzielnia=ss-blues-hostel",
                                           cookies: [Pages.sessionCookie: committee],
                                           form: ["_csrf": PageFormsTests.csrf(all.body), "decision": "defer", "reason": "more-information-needed"])
            #expect(decided.status == 200 && decided.body.contains("<option value=\"ss-blues-hostel\" selected>"))
            #expect(decided.body.contains("Czeka na decyzję: \(blues.count)."))  // deferred is still waiting
            // A cooperative filters by service only; no institution filter, no identity.
            let coop = try #require(try await P.logIn(client.client, accounts["ss-blues-hostel"]!.login, accounts["ss-blues-hostel"]!.password))
            let theirs = try await P.call(client.client, .get, "/propozycje?instytucja=cis-konin", cookies: [Pages.sessionCookie: coop])
            #expect(theirs.status == 200 && !theirs.body.contains("filtr-instytucja") && !theirs.body.contains("filtr-spoldzielnia"))
            // A cooperative sees the terms of its need and the course, not the person's, and no total.
            #expect(theirs.body.contains("priorytet potrzeby +") && !theirs.body.contains("dojazd −") && !theirs.body.contains("razem "))
            #expect(!theirs.body.contains("Kto jeszcze mógł"))
        }
    }

    @Test("Approving several at once: each checked as one approval is; those that cannot be approved stay, with the reason")
    func approveSeveral() async throws {
        let (h, accounts) = try P.harness()
        let waiting = try h.store.proposals(ProposalFilter(status: "proposed"))
        // Two for the same person: approving the first places them, so the second must be refused.
        let byPerson = Dictionary(grouping: waiting, by: \.participant).values.first { $0.count >= 2 }
        let others = waiting.filter { $0.participant != byPerson?.first?.participant }.prefix(2).map(\.id)
        try await h.test { client in
            let committee = try #require(try await P.logIn(client.client, accounts["komitet"]!.login, accounts["komitet"]!.password))
            let queue = try await P.call(client.client, .get, "/propozycje", cookies: [Pages.sessionCookie: committee])
            #expect(queue.body.contains("id=\"zbiorcze\"") && queue.body.contains("name=\"ids\" value=\"\(others[0])\" form=\"zbiorcze\""))
            let csrf = PageFormsTests.csrf(queue.body)
            let none = try await P.call(client.client, .post, "/propozycje/zatwierdz", cookies: [Pages.sessionCookie: committee], form: ["_csrf": csrf])
            #expect(none.status == 422 && none.body.contains("Nie zaznaczono żadnej propozycji."))
            var ids = others.map(String.init)
            if let pair = byPerson { ids += pair.prefix(2).map { String($0.id) } }
            let done = try await P.call(client.client, .post, "/propozycje/zatwierdz", cookies: [Pages.sessionCookie: committee],
                                        form: ["_csrf": csrf, "ids": ids.joined(separator: "|"), "note": "zbiorczo"])
            #expect(done.status == 200 && done.body.contains("Zatwierdzono: #\(others[0]), #\(others[1])"))
            for id in others { #expect(try h.store.proposal(id)?.status == "approved") }
            if let pair = byPerson {
                #expect(try h.store.proposal(pair[0].id)?.status == "approved" && h.store.proposal(pair[1].id)?.status == "proposed")
                #expect(done.body.contains("Nie zatwierdzono #\(pair[1].id): "))
            }
            // Not the committee: refused.
            let coop = try #require(try await P.logIn(client.client, accounts["ss-blues-hostel"]!.login, accounts["ss-blues-hostel"]!.password))
            #expect(try await P.call(client.client, .post, "/propozycje/zatwierdz", cookies: [Pages.sessionCookie: coop],
                                     form: ["_csrf": csrf, "ids": ids[0]]).status == 403)
        }
        #expect(try h.store.auditLog(entity: "proposal", id: String(others[0])).first?.actor == "committee:komitet (komitet)")
    }

    @Test("What if: one more seat in a programme, the register matched without and with it, nothing stored; the committee's only")
    func whatIf() async throws {
        let (h, accounts) = try P.harness()
        let runs = try h.store.runs().count
        let audit = try h.store.auditLog(limit: 1).first?.id
        try await h.test { client in
            let committee = try #require(try await P.logIn(client.client, accounts["komitet"]!.login, accounts["komitet"]!.password))
            let form = try await P.call(client.client, .get, "/co-jesli", cookies: [Pages.sessionCookie: committee])
            #expect(form.status == 200 && form.body.contains("<option value=\"T-01\">T-01 „") && form.body.contains("<option value=\"1\">+1</option>"))
            let csrf = PageFormsTests.csrf(form.body)
            let tried = try await P.call(client.client, .post, "/co-jesli", cookies: [Pages.sessionCookie: committee],
                                         form: ["_csrf": csrf, "programme": "T-01", "change": "2"])
            #expect(tried.status == 200 && tried.body.contains("Wynik: przed → po") && tried.body.contains("miejsca 6 → 8"))
            #expect(tried.body.contains("łączna punktacja") && tried.body.contains("Zyskane skierowania: ") && tried.body.contains("<option value=\"T-01\" selected>"))
            for bad in [["programme": "T-01", "change": "100"], ["programme": "<b>", "change": "1"], ["programme": "T-404", "change": "1"]] {
                let refused = try await P.call(client.client, .post, "/co-jesli", cookies: [Pages.sessionCookie: committee], form: bad.merging(["_csrf": csrf]) { $1 })
                #expect(refused.status == 422 && !refused.body.contains("<b>"))
            }
        }
        // Nothing written but the login.
        #expect(try h.store.runs().count == runs)
        #expect(try h.store.auditLog(limit: 50).filter { $0.id > audit ?? 0 }.allSatisfy { $0.action == "login" })
    }

    @Test("A page kept for its session is made again after any change of the register, and never sent to another session")
    func keptPages() async throws {
        let (h, accounts) = try P.harness()
        let waiting = try h.store.proposals(ProposalFilter(status: "proposed"))
        let first = try #require(waiting.first)
        try await h.test { client in
            let login = accounts["komitet"]!
            let one = try #require(try await P.logIn(client.client, login.login, login.password))
            let before = try await P.call(client.client, .get, "/propozycje", cookies: [Pages.sessionCookie: one])
            #expect(try await P.call(client.client, .get, "/propozycje", cookies: [Pages.sessionCookie: one]).body == before.body)
            #expect(before.body.contains("id=\"p\(first.id)\""))
            // A change made elsewhere (the command line, the API): the next page shows it.
            try h.store.decide(first.id, .reject, reason: .duplicate, by: "test")
            let after = try await P.call(client.client, .get, "/propozycje", cookies: [Pages.sessionCookie: one])
            #expect(!after.body.contains("id=\"p\(first.id)\""))
            // Another session of the same person gets its own page, with its own token.
            let two = try #require(try await P.logIn(client.client, login.login, login.password))
            let theirs = try await P.call(client.client, .get, "/propozycje", cookies: [Pages.sessionCookie: two])
            #expect(PageFormsTests.csrf(theirs.body) != PageFormsTests.csrf(after.body))
            // The start page too.
            let start = try await P.call(client.client, .get, "/", cookies: [Pages.sessionCookie: one])
            try h.store.decide(waiting[1].id, .reject, reason: .duplicate, by: "test")
            #expect(try await P.call(client.client, .get, "/", cookies: [Pages.sessionCookie: one]).body != start.body)
            // Logging out drops the session's kept pages.
            let kept = h.api.renderedPages.pages.withLock { $0.keys.filter { $0.hasPrefix(PageFormsTests.csrf(start.body) + " ") }.count }
            #expect(kept > 0)
            _ = try await P.call(client.client, .post, "/logout", cookies: [Pages.sessionCookie: one], form: ["_csrf": PageFormsTests.csrf(start.body)])
            #expect(h.api.renderedPages.pages.withLock { $0.keys.filter { $0.hasPrefix(PageFormsTests.csrf(start.body) + " ") }.count } == 0)
        }
    }
}

@Suite("Web pages: the catalogue")
struct CataloguePageTests {
    @Test("The catalogue of services: every service with what it accepts, by name and code; for everyone logged in")
    func catalogue() async throws {
        let (h, accounts) = try PagesTests.harness()
        try await h.test { client in
            let coop = try #require(try await PagesTests.logIn(client.client, accounts["ss-spektrum"]!.login, accounts["ss-spektrum"]!.password))
            let page = try await PagesTests.call(client.client, .get, "/katalog", cookies: [Pages.sessionCookie: coop])
            #expect(page.status == 200 && page.body.contains("<h1>Katalog usług</h1>") && page.body.contains("<a href=\"/katalog\">Katalog usług</a>"))
            for service in Fixtures.catalog.services {
                #expect(page.body.contains("id=\"\(service.slug)\"") && page.body.contains(EscapedHTML().escapeText(service.name)))
            }
            #expect(page.body.contains("(kzis:341202)") && !page.body.contains("<p></p>"))
        }
    }

    @Test("What the newest run left undone: open positions and people without a proposal, with the run's reasons; reading people audited")
    func gaps() async throws {
        let (h, accounts) = try PagesTests.harness()
        let gaps = try h.store.gaps()
        let need = try #require(gaps.needs.first)
        let person = try #require(gaps.participants.first)
        try await h.test { client in
            let committee = try #require(try await PagesTests.logIn(client.client, accounts["komitet"]!.login, accounts["komitet"]!.password))
            let page = try await PagesTests.call(client.client, .get, "/nieobsadzone", cookies: [Pages.sessionCookie: committee])
            #expect(page.status == 200 && page.body.contains("Nieobsadzone stanowiska (\(gaps.needs.count))"))
            #expect(page.body.contains("<a href=\"/potrzeby/\(need.id)\">\(need.id)</a>") && page.body.contains(EscapedHTML().escapeText(need.reasons[0].pl)))
            let people = try await PagesTests.call(client.client, .get, "/nieobsadzone?widok=osoby", cookies: [Pages.sessionCookie: committee])
            #expect(people.body.contains("<a href=\"/uczestnicy/\(person.id)\">\(person.id)</a>") && people.body.contains("aria-current=\"page\">Osoby bez"))
        }
        #expect(try h.store.auditLog(entity: "participant").contains { $0.action == "read" && $0.detail?.contains(person.id) == true })
    }
}
