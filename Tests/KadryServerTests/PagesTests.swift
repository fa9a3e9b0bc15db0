import Foundation
import Hummingbird
import HummingbirdTesting
import KadryCore
import KadryRegister
import KadryStore
import KadryTestSupport
import NIOCore
import Mustache
import Testing

@testable import KadryServer

/// The web pages, in process: logging in and out, CSRF, sessions that expire,
/// each role's start page, and hostile text rendered escaped.
@Suite("Web pages")
struct PagesTests {
    /// A harness with one account per role (bcrypt at its lowest cost, for speed) and their passwords.
    static func harness() throws -> (Harness, [String: (login: String, password: String)]) {
        let h = try Harness.make()
        var accounts: [String: (String, String)] = [:]
        for (org, role, login) in [("cis-konin", Role.institution, "anna.cis"), ("ss-blues-hostel", .cooperative, "blues"),
                                   ("ss-spektrum", .cooperative, "spektrum"), ("komitet", .committee, "komitet")] {
            accounts[org] = (login, try h.store.addAccount(login: login, organisation: org, role: role, by: "test", cost: 4).password)
        }
        return (h, accounts)
    }

    struct Answer {
        var status: Int
        var headers: HTTPFields
        var body: String
        func cookie(_ name: String) -> String? {
            headers[values: .setCookie].first { $0.hasPrefix(name + "=") }
                .map { String($0.dropFirst(name.count + 1).prefix { $0 != ";" }) }
        }
    }

    static func call(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, cookies: [String: String] = [:],
                     form: [String: String]? = nil, language: String? = nil) async throws -> Answer {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if let language { headers[.acceptLanguage] = language }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
            body = ByteBuffer(string: form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&"))
        }
        let answer = try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
            Answer(status: Int(response.status.code), headers: response.headers, body: String(buffer: response.body))
        }
        // Every form a page shows carries a token (an empty one would be refused when a browser sends it).
        #expect(!answer.body.contains("name=\"_csrf\" value=\"\""), "a form without its CSRF token on \(uri)")
        return answer
    }

    /// Logs in as an account; the session cookie.
    static func logIn(_ client: some TestClientProtocol, _ login: String, _ password: String) async throws -> String? {
        let form = try await call(client, .get, "/login")
        guard let token = form.cookie(Pages.loginCookie) else { return nil }
        let answer = try await call(client, .post, "/login", cookies: [Pages.loginCookie: token],
                                    form: ["_csrf": token, "login": login, "password": password])
        return answer.status == 303 ? answer.cookie(Pages.sessionCookie) : nil
    }

    @Test("Templates escape everything: none uses {{{ }}} or {{& }}; every template the pages name is there")
    func templates() throws {
        let folder = Fixtures.repositoryRoot.appendingPathComponent("Sources/KadryServer/Pages/Templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        #expect(Set(names) == ["layout.mustache", "login.mustache", "start.mustache", "statement.mustache", "error.mustache", "report.mustache", "proposals.mustache", "hires.mustache", "audit.mustache", "records.mustache", "record.mustache", "form.mustache", "upload.mustache", "whatif.mustache", "catalogue.mustache", "gaps.mustache"])
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(!text.contains("{{{") && !text.contains("{{&"), "\(name) renders unescaped text")
            #expect(text.hasPrefix("{{% CONTENT_TYPE: KADRY_HTML}}"), "\(name) does not name its escaping")
        }
        let library = Pages.loadTemplates()
        for name in names { #expect(library.getTemplate(named: String(name.dropLast(9))) != nil) }
        // Each page's template is its view model's, and every template but the layout belongs to one.
        let models: [any PageModel.Type] = [
            ErrorModel.self, LoginModel.self, StatementModel.self, StartModel.self, CatalogueModel.self, GapsModel.self, WhatifModel.self,
            ReportModel.self, AuditModel.self, HiresModel.self, RecordsModel.self, RecordModel.self, FormModel.self, UploadModel.self,
            ProposalsModel.self,
        ]
        #expect(Set(models.map { $0.template + ".mustache" }) == Set(names).subtracting(["layout.mustache"]))
    }

    @Test("A view model reaches its template as it was typed: nil left out (its lookup climbs to the page), Bools, numbers, lists of items, the frame beside it")
    func viewModels() throws {
        struct Item: Encodable { var name: String; var note: String?; var chosen: Bool; var count: Int }
        struct Page: PageModel {
            static let template = "test"
            var title: String
            var note: String
            var items: [Item]
            var empty: [Item]
            var lang: String?
        }
        let page = Page(title: "T", note: "strony", items: [Item(name: "a&b", note: "własna", chosen: true, count: 3),
                                                           Item(name: "c", note: nil, chosen: false, count: 0)],
                        empty: [], lang: nil)
        let frame = PageFrame(lang: "pl", t: ["hello": "Dzień dobry"], user: nil, csrf: "token")
        let values = TemplateValues.make(page, frame: frame)
        #expect(values["lang"] as? String == "pl" && values["csrf"] as? String == "token" && values["user"] == nil)
        let items = try #require(values["items"] as? [Any])
        let second = try #require(items.last as? [String: Any])
        #expect(second["note"] == nil && second["chosen"] as? Bool == false && second["count"] as? Int == 0)
        var library = MustacheLibrary()
        MustacheContentTypes.register(EscapedHTML(), named: EscapedHTML.name)
        try library.register(
            "{{% CONTENT_TYPE: KADRY_HTML}}{{lang}} {{t.hello}}: {{#items}}[{{name}} {{note}}{{#chosen}} ✓{{/chosen}} {{count}}]{{/items}}{{^empty}} –{{/empty}}",
            named: "test")
        #expect(library.render(values, withTemplate: "test") == "pl Dzień dobry: [a&amp;b własna ✓ 3][c strony 0] –")
    }

    @Test("The pages' escaping is swift-mustache's HTML escaping, character for character")
    func escaping() {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("<>&\"'aż ł\u{0}\n=`/\\{}")
        for length in 0..<200 {
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &random)! })
            let theirs = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
            #expect(EscapedHTML().escapeText(text) == theirs)
        }
    }

    @Test("Logging in and out: a session cookie (HttpOnly, SameSite=Lax), wrong passwords refused in Polish, the start page only with a session")
    func loginFlow() async throws {
        let (h, accounts) = try Self.harness()
        let anna = accounts["cis-konin"]!
        try await h.test { client in
            let form = try await Self.call(client.client, .get, "/login")
            #expect(form.status == 200 && form.body.contains("<html lang=\"pl\">") && form.body.contains("<label for=\"password\">Hasło</label>"))
            let token = try #require(form.cookie(Pages.loginCookie))
            #expect(form.body.contains("name=\"_csrf\" value=\"\(token)\""))
            // Without a session, the start page sends to the login.
            #expect(try await Self.call(client.client, .get, "/").headers[.location] == "/login")
            // A wrong password: 401, the login typed shown again, escaped; no session.
            let wrong = try await Self.call(client.client, .post, "/login", cookies: [Pages.loginCookie: token],
                                            form: ["_csrf": token, "login": "anna.cis\"><b>", "password": "nie"])
            #expect(wrong.status == 401 && wrong.cookie(Pages.sessionCookie) == nil)
            #expect(wrong.body.contains("Login albo hasło się nie zgadza.") && wrong.body.contains("anna.cis&quot;&gt;&lt;b&gt;"))
            // The right one: a session cookie, then the start page.
            let right = try await Self.call(client.client, .post, "/login", cookies: [Pages.loginCookie: token],
                                            form: ["_csrf": token, "login": anna.login, "password": anna.password])
            #expect(right.status == 303 && right.headers[.location] == "/")
            let setCookie = right.headers[values: .setCookie].first { $0.hasPrefix(Pages.sessionCookie) } ?? ""
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax") && setCookie.contains("Path=/"))
            let session = try #require(right.cookie(Pages.sessionCookie))
            let start = try await Self.call(client.client, .get, "/", cookies: [Pages.sessionCookie: session])
            #expect(start.status == 200 && start.body.contains("Co wymaga uwagi") && start.body.contains("anna.cis · cis-konin · instytucja"))
            #expect(start.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
            // English on request.
            let english = try await Self.call(client.client, .get, "/", cookies: [Pages.sessionCookie: session], language: "en")
            #expect(english.body.contains("What needs attention") && english.body.contains("<html lang=\"en\">"))
            // Logging out needs the session's CSRF token; then the session is gone.
            let csrf = try #require(start.body.components(separatedBy: "name=\"_csrf\" value=\"").dropFirst().first?.prefix { $0 != "\"" })
            #expect(try await Self.call(client.client, .post, "/logout", cookies: [Pages.sessionCookie: session], form: [:]).status == 403)
            let out = try await Self.call(client.client, .post, "/logout", cookies: [Pages.sessionCookie: session], form: ["_csrf": String(csrf)])
            #expect(out.status == 303 && out.headers[.location] == "/login")
            #expect(try await Self.call(client.client, .get, "/", cookies: [Pages.sessionCookie: session]).headers[.location] == "/login")
        }
        #expect(try h.store.auditLog(entity: "account").contains { $0.action == "login" && $0.actor.contains("anna.cis") })
    }

    @Test("A login form from elsewhere (no or another CSRF token) is refused; a session expires after its hours")
    func csrfAndExpiry() async throws {
        let (h, accounts) = try Self.harness()
        let blues = accounts["ss-blues-hostel"]!
        try await h.test { client in
            let forged = try await Self.call(client.client, .post, "/login", cookies: [Pages.loginCookie: "mine"],
                                             form: ["_csrf": "theirs", "login": blues.login, "password": blues.password])
            #expect(forged.status == 403 && forged.cookie(Pages.sessionCookie) == nil && forged.body.contains("Formularz wygasł"))
            let session = try #require(try await Self.logIn(client.client, blues.login, blues.password))
            #expect(try await Self.call(client.client, .get, "/", cookies: [Pages.sessionCookie: session]).status == 200)
            h.clock.set("2027-03-03")  // the sessions' 8 hours are long past
            #expect(try await Self.call(client.client, .get, "/", cookies: [Pages.sessionCookie: session]).headers[.location] == "/login")
        }
    }

    @Test("Each role's start page shows its own: a cooperative its needs, escaped; not another cooperative's")
    func startPages() async throws {
        let (h, accounts) = try Self.harness()
        // A need of ss-blues-hostel starting within 30 days, its title hostile.
        var need = try #require(try h.store.record(.needs, id: "N-04"))
        need["title"] = "<script>alert(1)</script> & „Opiekun”"
        need["start"] = "2027-03-20"
        try h.store.putRecord(need, kind: .needs, mode: .replace, vocabulary: Fixtures.catalog.vocabulary, actor: "test")
        try await h.test { client in
            var bodies: [String: String] = [:]
            for (org, account) in accounts {
                let session = try #require(try await Self.logIn(client.client, account.login, account.password), "\(org)")
                bodies[org] = try await Self.call(client.client, .get, "/", cookies: [Pages.sessionCookie: session]).body
            }
            let blues = try #require(bodies["ss-blues-hostel"])
            #expect(blues.contains("N-04 &lt;script&gt;alert(1)&lt;/script&gt; &amp; „Opiekun”") && !blues.contains("<script>"))
            #expect(!(bodies["ss-spektrum"] ?? "").contains("N-04"))
            #expect((bodies["komitet"] ?? "").contains("N-04"))
            #expect(!(bodies["cis-konin"] ?? "").contains("group-starting"))  // needs starting are the cooperatives' and the committee's
            // Proposals waiting: the committee sees who; a cooperative its needs' candidates without their identity.
            let waiting = try h.store.proposals(ProposalFilter(cooperative: "ss-blues-hostel", status: "proposed"))
            let first = try #require(waiting.first)
            #expect(blues.contains("#\(first.id): kandydat na \(first.need)") && !blues.contains(first.participant + " "))
            #expect((bodies["komitet"] ?? "").contains("#\(first.id): \(first.participant)"))
            #expect(!(bodies["ss-spektrum"] ?? "").contains("#\(first.id):"))
        }
    }

    @Test("The accessibility statement and the style sheet need no login")
    func open() async throws {
        let (h, _) = try Self.harness()
        try await h.test { client in
            let statement = try await Self.call(client.client, .get, "/dostepnosc")
            #expect(statement.status == 200 && statement.body.contains("<h1>Deklaracja dostępności</h1>"))
            let css = try await Self.call(client.client, .get, "/static/kadry.css")
            #expect(css.status == 200 && css.headers[.contentType] == "text/css; charset=utf-8" && css.body.contains(":focus"))
        }
    }

    @Test("The quarterly report as a page: the committee's only, its tables with captions and definitions, downloads as Markdown and CSV")
    func report() async throws {
        let (h, accounts) = try Self.harness()
        try await h.test { client in
            let committee = try #require(try await Self.logIn(client.client, accounts["komitet"]!.login, accounts["komitet"]!.password))
            let coop = try #require(try await Self.logIn(client.client, accounts["ss-blues-hostel"]!.login, accounts["ss-blues-hostel"]!.password))
            let page = try await Self.call(client.client, .get, "/raport?kwartal=2026Q4", cookies: [Pages.sessionCookie: committee])
            #expect(page.status == 200 && page.body.contains("<caption>Potrzeby kadrowe i ich zaspokojenie w kwartale</caption>"))
            #expect(page.body.contains("<th scope=\"col\">Wolne na koniec kwartału</th>") && page.body.contains("class=\"definitions\""))
            #expect(page.body.contains("href=\"/raport/2026Q4.csv\"") && page.body.contains("<a href=\"/raport\">Raport kwartalny</a>"))
            let csv = try await Self.call(client.client, .get, "/raport/2026Q4.csv", cookies: [Pages.sessionCookie: committee])
            #expect(csv.status == 200 && csv.headers[.contentType] == "text/csv; charset=utf-8" && csv.body.contains("Raport kwartalny Komitetu Współpracy 2026Q4"))
            let md = try await Self.call(client.client, .get, "/raport/2026Q4.md", cookies: [Pages.sessionCookie: committee])
            #expect(md.status == 200 && md.body.hasPrefix("# Raport kwartalny"))
            #expect(try await Self.call(client.client, .get, "/raport", cookies: [Pages.sessionCookie: coop]).status == 403)
            #expect(try await Self.call(client.client, .get, "/raport/2026Q4.csv", cookies: [Pages.sessionCookie: coop]).status == 403)
            #expect(try await Self.call(client.client, .get, "/raport?kwartal=<b>", cookies: [Pages.sessionCookie: committee]).status == 400)
            #expect(try await Self.call(client.client, .get, "/raport/2026Q9.csv", cookies: [Pages.sessionCookie: committee]).status == 404)
            #expect(try await Self.call(client.client, .get, "/raport").headers[.location] == "/login")
        }
    }

    @Test("The review queue: the committee approves and rejects with a reason; a cooperative sees its candidates without identity and cannot decide")
    func review() async throws {
        let (h, accounts) = try Self.harness()
        let waiting = try h.store.proposals(ProposalFilter(cooperative: "ss-blues-hostel", status: "proposed"))
        let (first, second) = (try #require(waiting.first), try #require(waiting.dropFirst().first))
        try await h.test { client in
            let committee = try #require(try await Self.logIn(client.client, accounts["komitet"]!.login, accounts["komitet"]!.password))
            let coop = try #require(try await Self.logIn(client.client, accounts["ss-blues-hostel"]!.login, accounts["ss-blues-hostel"]!.password))
            let queue = try await Self.call(client.client, .get, "/propozycje", cookies: [Pages.sessionCookie: committee])
            #expect(queue.status == 200 && queue.body.contains("action=\"/propozycje/\(first.id)/decyzja?") && queue.body.contains(first.participant))
            let csrf = try #require(queue.body.components(separatedBy: "name=\"_csrf\" value=\"").dropFirst().first?.prefix { $0 != "\"" }).description
            // A rejection needs a reason; without one, nothing is written.
            let noReason = try await Self.call(client.client, .post, "/propozycje/\(second.id)/decyzja", cookies: [Pages.sessionCookie: committee],
                                               form: ["_csrf": csrf, "decision": "reject", "reason": "agreed", "note": "<b>pilne</b>"])
            #expect(noReason.status == 422 && noReason.body.contains("Odrzucenie i odłożenie wymagają powodu."))
            // Beside its own form, as it was sent.
            #expect(noReason.body.contains("<p class=\"error\" id=\"decision-error-\(second.id)\">Odrzucenie i odłożenie wymagają powodu.</p>"))
            #expect(noReason.body.contains("name=\"decision\" value=\"reject\" required checked>") && noReason.body.contains("value=\"&lt;b&gt;pilne&lt;/b&gt;\""))
            #expect(!noReason.body.contains("value=\"approve\" required checked") && !noReason.body.contains("value=\"defer\" required checked"))
            #expect(try h.store.proposal(second.id)?.status == "proposed")
            let approved = try await Self.call(client.client, .post, "/propozycje/\(first.id)/decyzja", cookies: [Pages.sessionCookie: committee],
                                               form: ["_csrf": csrf, "decision": "approve", "reason": "agreed", "note": "<i>ok</i>"])
            #expect(approved.status == 200 && approved.body.contains("zatwierdzona"))
            let rejected = try await Self.call(client.client, .post, "/propozycje/\(second.id)/decyzja", cookies: [Pages.sessionCookie: committee],
                                               form: ["_csrf": csrf, "decision": "reject", "reason": "candidate-declined"])
            #expect(rejected.status == 200 && rejected.body.contains("odrzucona (kandydat zrezygnował)"))
            #expect(try h.store.proposal(first.id)?.status == "approved" && h.store.proposal(second.id)?.status == "rejected")
            #expect(try h.store.auditLog(entity: "proposal", id: String(first.id)).first?.actor == "committee:komitet (komitet)")
            // Without the token, or as a cooperative: refused.
            #expect(try await Self.call(client.client, .post, "/propozycje/\(first.id)/decyzja", cookies: [Pages.sessionCookie: committee],
                                        form: ["decision": "defer", "reason": "other"]).status == 403)
            #expect(try await Self.call(client.client, .post, "/propozycje/\(first.id)/decyzja", cookies: [Pages.sessionCookie: coop],
                                        form: ["_csrf": csrf, "decision": "defer", "reason": "other"]).status == 403)
            // The cooperative's list: its needs' proposals, no identity, no forms.
            let theirs = try await Self.call(client.client, .get, "/propozycje", cookies: [Pages.sessionCookie: coop])
            let others = waiting.dropFirst(2)
            #expect(theirs.status == 200 && !theirs.body.contains("/decyzja") && !theirs.body.contains(first.participant + " ("))
            if let third = others.first {
                #expect(theirs.body.contains("#\(third.id) · ") && theirs.body.contains("Kim jest ta osoba, widać po zatwierdzeniu."))
                #expect(theirs.body.contains("odległość ") && theirs.body.contains("godz. tygodniowo"))
            }
            // No candidate's id, reference or institution anywhere on the cooperative's page.
            for p in waiting {
                #expect(!theirs.body.contains(">\(p.participant)") && !theirs.body.contains(" \(p.participant) "))
                if let reference = p.reference { #expect(!theirs.body.contains(reference)) }
                #expect(!theirs.body.contains(p.institutionName))
            }
        }
    }

    @Test("A cooperative records a hire and a retention answer through its pages; dates and repeats are refused; nobody else's")
    func hires() async throws {
        let (h, accounts) = try Self.harness()
        let p = try #require(try h.store.proposal(h.bluesApproved))
        let need = try #require(try h.store.record(.needs, id: p.need))
        let person = try #require(try h.store.record(.participants, id: p.participant))
        guard case .string(let s)? = need["start"], case .string(let a)? = person["availableFrom"] else { Issue.record("no dates"); return }
        let start = max(Day(iso: s)!, Day(iso: a)!, Day(iso: "2026-11-20")!)
        h.clock.set((start + 1).description)
        try await h.test { client in
            let blues = try #require(try await Self.logIn(client.client, accounts["ss-blues-hostel"]!.login, accounts["ss-blues-hostel"]!.password))
            let spektrum = try #require(try await Self.logIn(client.client, accounts["ss-spektrum"]!.login, accounts["ss-spektrum"]!.password))
            let committee = try #require(try await Self.logIn(client.client, accounts["komitet"]!.login, accounts["komitet"]!.password))
            let page = try await Self.call(client.client, .get, "/zatrudnienia", cookies: [Pages.sessionCookie: blues])
            #expect(page.status == 200 && page.body.contains("action=\"/zatrudnienia/\(p.id)\"") && page.body.contains("kontakt: \(p.institutionName)"))
            let csrf = try #require(page.body.components(separatedBy: "name=\"_csrf\" value=\"").dropFirst().first?.prefix { $0 != "\"" }).description
            let future = try await Self.call(client.client, .post, "/zatrudnienia/\(p.id)", cookies: [Pages.sessionCookie: blues],
                                             form: ["_csrf": csrf, "start": (start + 30).description])
            #expect(future.status == 422 && future.body.contains("jest w przyszłości"))
            // Beside its field, with the date as typed.
            #expect(future.body.contains("value=\"\((start + 30).description)\" required aria-describedby=\"start-hint-\(p.id) start-error-\(p.id)\" aria-invalid=\"true\""))
            #expect(future.body.contains("<p class=\"error\" id=\"start-error-\(p.id)\">"))
            // Another cooperative, with its own valid token: the proposal is not there for it.
            let spektrumPage = try await Self.call(client.client, .get, "/zatrudnienia", cookies: [Pages.sessionCookie: spektrum])
            let spektrumCSRF = try #require(spektrumPage.body.components(separatedBy: "name=\"_csrf\" value=\"").dropFirst().first?.prefix { $0 != "\"" })
                .description
            let theirs = try await Self.call(client.client, .post, "/zatrudnienia/\(p.id)", cookies: [Pages.sessionCookie: spektrum],
                                             form: ["_csrf": spektrumCSRF, "start": start.description])
            #expect(theirs.status == 404 && !spektrumPage.body.contains("/zatrudnienia/\(p.id)"))
            #expect(try await Self.call(client.client, .get, "/zatrudnienia", cookies: [Pages.sessionCookie: committee]).status == 403)
            let hired = try await Self.call(client.client, .post, "/zatrudnienia/\(p.id)", cookies: [Pages.sessionCookie: blues],
                                            form: ["_csrf": csrf, "start": start.description])
            #expect(hired.status == 200 && hired.body.contains("Zapisano zatrudnienie z propozycji #\(p.id)"))
            #expect(try h.store.proposal(p.id)?.hiredOn == start.description)
        }
        // Three months on (the session has expired meanwhile: log in again), the check is due.
        h.clock.set((start.addingMonths(3) + 2).description)
        try await h.test { client in
            let blues = try #require(try await Self.logIn(client.client, accounts["ss-blues-hostel"]!.login, accounts["ss-blues-hostel"]!.password))
            let page = try await Self.call(client.client, .get, "/zatrudnienia", cookies: [Pages.sessionCookie: blues])
            #expect(page.body.contains("action=\"/zatrudnienia/\(p.id)/trwalosc\""))
            let csrf = try #require(page.body.components(separatedBy: "name=\"_csrf\" value=\"").dropFirst().first?.prefix { $0 != "\"" }).description
            let answer = try await Self.call(client.client, .post, "/zatrudnienia/\(p.id)/trwalosc", cookies: [Pages.sessionCookie: blues],
                                             form: ["_csrf": csrf, "months": "3", "employed": "tak"])
            #expect(answer.status == 200 && answer.body.contains("po 3 miesiącach — zatrudniona"))
            let again = try await Self.call(client.client, .post, "/zatrudnienia/\(p.id)/trwalosc", cookies: [Pages.sessionCookie: blues],
                                            form: ["_csrf": csrf, "months": "3", "employed": "nie"])
            #expect(again.status == 422 && again.body.contains("jest już zapisana"))
        }
    }

    @Test("The committee runs the matcher from its proposals page; others cannot")
    func matchRun() async throws {
        let (h, accounts) = try Self.harness()
        let before = try h.store.latestRun()
        try await h.test { client in
            let committee = try #require(try await Self.logIn(client.client, accounts["komitet"]!.login, accounts["komitet"]!.password))
            let page = try await Self.call(client.client, .get, "/propozycje", cookies: [Pages.sessionCookie: committee])
            #expect(page.body.contains("action=\"/dopasowanie?"))
            let csrf = try #require(page.body.components(separatedBy: "name=\"_csrf\" value=\"").dropFirst().first?.prefix { $0 != "\"" }).description
            let bad = try await Self.call(client.client, .post, "/dopasowanie", cookies: [Pages.sessionCookie: committee], form: ["_csrf": csrf, "asOf": "jutro"])
            #expect(bad.status == 422)
            let run = try await Self.call(client.client, .post, "/dopasowanie", cookies: [Pages.sessionCookie: committee],
                                          form: ["_csrf": csrf, "asOf": "2026-12-01"])
            #expect(run.status == 200 && run.body.contains("Dopasowanie nr") && run.body.contains("(stan na 1 grudnia 2026)"))
            #expect(run.body.contains("<label for=\"w-priorityWeight\">Waga priorytetu potrzeby</label>"))
            // Weights typed as people type them; a word, or a weight past the limits, is refused and no run is made.
            for bad in ["dużo", "1e30", "99999999"] {
                let refused = try await Self.call(client.client, .post, "/dopasowanie", cookies: [Pages.sessionCookie: committee],
                                                  form: ["_csrf": csrf, "asOf": "2026-12-01", "priorityWeight": bad])
                #expect(refused.status == 422, "\(bad)")
            }
            #expect(try h.store.latestRun() == (before ?? 0) + 1)
            let weighted = try await Self.call(client.client, .post, "/dopasowanie", cookies: [Pages.sessionCookie: committee],
                                               form: ["_csrf": csrf, "asOf": "2026-12-01", "priorityWeight": "2 000", "distancePenaltyPerKm": "2,5"])
            #expect(weighted.status == 200 && weighted.body.contains("Dopasowanie nr"))
            let placed = try h.store.proposals(ProposalFilter(run: (before ?? 0) + 2))
            let needs = try h.store.records(.needs)
            #expect(!placed.isEmpty && placed.allSatisfy { p in
                guard case .number(let priority)? = needs.first(where: { $0["id"]?.stringValue == p.need })?["priority"] else { return false }
                return p.terms.first { $0.name == "priority" }?.value == String(2000 * (Int(priority) ?? 0))
            })
            let coop = try #require(try await Self.logIn(client.client, accounts["ss-spektrum"]!.login, accounts["ss-spektrum"]!.password))
            #expect(try await Self.call(client.client, .post, "/dopasowanie", cookies: [Pages.sessionCookie: coop], form: ["_csrf": csrf]).status == 403)
        }
        #expect(try h.store.latestRun() == (before ?? 0) + 2)
    }

    @Test("The audit log page: the committee's only, newest first, escaped, paged")
    func audit() async throws {
        let (h, accounts) = try Self.harness()
        try h.store.close(.needs, id: "N-16", reason: .cancelled, note: nil, actor: "<script>x</script>")
        try await h.test { client in
            let committee = try #require(try await Self.logIn(client.client, accounts["komitet"]!.login, accounts["komitet"]!.password))
            let page = try await Self.call(client.client, .get, "/dziennik", cookies: [Pages.sessionCookie: committee])
            #expect(page.status == 200 && page.body.contains("<caption>Wpisy 1–") && page.body.contains("&lt;script&gt;x&lt;/script&gt;"))
            let total = try h.store.auditLog(limit: 100_000).count
            #expect(page.body.contains("href=\"/dziennik?od=100\"") == (total > 100) && !page.body.contains("<script>x"))
            let second = try await Self.call(client.client, .get, "/dziennik?od=50", cookies: [Pages.sessionCookie: committee])
            #expect(second.status == 200 && second.body.contains("<caption>Wpisy 51–") && second.body.contains("href=\"/dziennik?od=0\""))
            #expect(try await Self.call(client.client, .get, "/dziennik?od=-5&x=<b>", cookies: [Pages.sessionCookie: committee]).status == 200)
            // One kind of record, one record.
            let needs = try await Self.call(client.client, .get, "/dziennik?rekord=need", cookies: [Pages.sessionCookie: committee])
            #expect(needs.status == 200 && needs.body.contains("<option value=\"need\" selected>") && !needs.body.contains("<td>participant "))
            let one = try await Self.call(client.client, .get, "/dziennik?rekord=need&id=N-16", cookies: [Pages.sessionCookie: committee])
            #expect(one.body.contains("<td>need N-16</td>") && !one.body.contains("<td>need N-01</td>"))
            #expect(try await Self.call(client.client, .get, "/dziennik?rekord=%3Cb%3E&id=%3Cb%3E", cookies: [Pages.sessionCookie: committee]).status == 200)
            let coop = try #require(try await Self.logIn(client.client, accounts["ss-spektrum"]!.login, accounts["ss-spektrum"]!.password))
            #expect(try await Self.call(client.client, .get, "/dziennik", cookies: [Pages.sessionCookie: coop]).status == 403)
        }
    }

    @Test("Records pages: an institution its own participants, searched and paged, downloaded; a cooperative its needs; the committee all, audited")
    func records() async throws {
        let (h, accounts) = try Self.harness()
        var hostile = try #require(try h.store.record(.participants, id: "P-001"))
        hostile["reference"] = "<img src=x onerror=alert(1)>"
        try h.store.putRecord(hostile, kind: .participants, mode: .replace, vocabulary: Fixtures.catalog.vocabulary, actor: "test")
        let own = try h.store.records(.participants).filter { $0["institution"] == "cis-konin" }.count
        try await h.test { client in
            let cis = try #require(try await Self.logIn(client.client, accounts["cis-konin"]!.login, accounts["cis-konin"]!.password))
            let list = try await Self.call(client.client, .get, "/uczestnicy", cookies: [Pages.sessionCookie: cis])
            #expect(list.status == 200 && list.body.contains("<th scope=\"col\"><a href=\"/uczestnicy?q=&amp;sortuj=max_commute_km\">Maksymalny dojazd (km)</a></th>") && list.body.contains("Znaleziono: \(own)."))
            #expect(list.body.contains("&lt;img src=x onerror=alert(1)&gt;") && !list.body.contains("<img src=x"))
            #expect(!list.body.contains("KIS-KRAMSK/"))  // another institution's participants are not there
            let found = try await Self.call(client.client, .get, "/uczestnicy?q=p-001", cookies: [Pages.sessionCookie: cis])
            #expect(found.body.contains("Znaleziono: 1."))
            let csv = try await Self.call(client.client, .get, "/uczestnicy.csv", cookies: [Pages.sessionCookie: cis])
            #expect(csv.status == 200 && csv.headers[.contentType] == "text/csv; charset=utf-8" && !csv.body.contains("kis-kramsk"))
            #expect(csv.body.contains("\"'<img") == false && csv.body.contains("<img src=x onerror=alert(1)>"))  // a spreadsheet cell, not a formula
            let coop = try #require(try await Self.logIn(client.client, accounts["ss-spektrum"]!.login, accounts["ss-spektrum"]!.password))
            #expect(try await Self.call(client.client, .get, "/uczestnicy", cookies: [Pages.sessionCookie: coop]).status == 403)
            let needs = try await Self.call(client.client, .get, "/potrzeby", cookies: [Pages.sessionCookie: coop])
            #expect(needs.status == 200 && needs.body.contains("ss-spektrum") && !needs.body.contains("ss-blues-hostel"))
            let committee = try #require(try await Self.logIn(client.client, accounts["komitet"]!.login, accounts["komitet"]!.password))
            let all = try await Self.call(client.client, .get, "/uczestnicy?od=20", cookies: [Pages.sessionCookie: committee])
            #expect(all.status == 200 && all.body.contains("<caption>Pozycje 21–40 z 40</caption>"))
            #expect(all.body.contains("<a href=\"/uczestnicy?q=&amp;sortuj=id\">← poprzednie</a>"))
            // Sorted by a column on the server, either way; numbers as numbers.
            let sorted = try await Self.call(client.client, .get, "/uczestnicy?sortuj=max_commute_km&malejaco=1", cookies: [Pages.sessionCookie: committee])
            #expect(sorted.body.contains("aria-sort=\"descending\"") && sorted.body.contains("(malejąco)"))
            let commutes = try h.store.records(.participants).compactMap { p -> Double? in
                if case .number(let n)? = p["maxCommuteKm"] { Double(n) } else { nil }
            }.sorted(by: >)
            let firstRow = try #require(sorted.body.components(separatedBy: "<tbody>").last?.components(separatedBy: "</tr>").first)
            let shownCommute = Polish.number(String(format: "%g", commutes[0]))
            #expect(firstRow.contains("<td>\(shownCommute)</td>"))
            // Closed records: out of the list by default, marked when shown.
            let closedID = try #require(try h.store.records(.participants).first?["id"]?.stringValue)
            try h.store.close(.participants, id: closedID, reason: .leftProgramme, note: nil, actor: "test")
            let open = try await Self.call(client.client, .get, "/uczestnicy", cookies: [Pages.sessionCookie: committee])
            #expect(open.body.contains("Znaleziono: 39.") && !open.body.contains(">\(closedID)</a>"))
            let closed = try await Self.call(client.client, .get, "/uczestnicy?stan=zamkniete", cookies: [Pages.sessionCookie: committee])
            #expect(closed.body.contains("Znaleziono: 1.") && closed.body.contains(">\(closedID)</a> <span class=\"closed\">(zamknięty)</span>"))
        }
        #expect(try h.store.auditLog(entity: "participant").contains { $0.action == "read" && $0.detail?.hasPrefix("listed on a page") == true })
    }

    @Test("A record's page: its fields and the run's reasons; its owner closes it with a reason; nobody else sees it")
    func recordPage() async throws {
        let (h, accounts) = try Self.harness()
        let unplaced = try #require(try h.store.records(.participants).compactMap { p -> String? in
            guard p["institution"] == "cis-konin", case .string(let id)? = p["id"], let why = try h.store.why(.participants, id: id), !why.reasons.isEmpty
            else { return nil }
            return id
        }.first)
        try await h.test { client in
            let cis = try #require(try await Self.logIn(client.client, accounts["cis-konin"]!.login, accounts["cis-konin"]!.password))
            let list = try await Self.call(client.client, .get, "/uczestnicy", cookies: [Pages.sessionCookie: cis])
            #expect(list.body.contains("<a href=\"/uczestnicy/\(unplaced)\">\(unplaced)</a>"))
            let page = try await Self.call(client.client, .get, "/uczestnicy/\(unplaced)", cookies: [Pages.sessionCookie: cis])
            #expect(page.status == 200 && page.body.contains("<h1>Uczestnik \(unplaced)</h1>") && page.body.contains("Co mówi najnowsze dopasowanie"))
            #expect(page.body.contains("action=\"/uczestnicy/\(unplaced)/zamknij\""))
            let csrf = try #require(page.body.components(separatedBy: "name=\"_csrf\" value=\"").dropFirst().first?.prefix { $0 != "\"" }).description
            let closed = try await Self.call(client.client, .post, "/uczestnicy/\(unplaced)/zamknij", cookies: [Pages.sessionCookie: cis],
                                             form: ["_csrf": csrf, "reason": "left-programme", "note": "przeprowadzka"])
            #expect(closed.status == 200 && closed.body.contains("Zamknięto: uczestnik \(unplaced)") && !closed.body.contains("/zamknij\""))
            #expect(try h.store.closure(.participants, id: unplaced)?.reason == .leftProgramme)
            // Another institution, a cooperative, a path that is no id: not found; a programme's page has no reasons.
            let kis = try #require(try await Self.logIn(client.client, accounts["komitet"]!.login, accounts["komitet"]!.password))
            #expect(try await Self.call(client.client, .get, "/uczestnicy/\(unplaced)", cookies: [Pages.sessionCookie: kis]).status == 200)
            let coop = try #require(try await Self.logIn(client.client, accounts["ss-spektrum"]!.login, accounts["ss-spektrum"]!.password))
            #expect(try await Self.call(client.client, .get, "/uczestnicy/\(unplaced)", cookies: [Pages.sessionCookie: coop]).status == 404)
            #expect(try await Self.call(client.client, .get, "/uczestnicy/%3Cb%3E", cookies: [Pages.sessionCookie: cis]).status == 404)
            #expect(try await Self.call(client.client, .get, "/szkolenia/T-01", cookies: [Pages.sessionCookie: cis]).status == 200)
            let need = try await Self.call(client.client, .get, "/potrzeby/N-01", cookies: [Pages.sessionCookie: coop])
            let ids = try h.store.records(.participants).compactMap { $0["id"]?.stringValue }
            #expect(need.status == 200 && !ids.contains { need.body.contains($0 + ":") })
            #expect(try await Self.call(client.client, .post, "/potrzeby/N-01/zamknij", cookies: [Pages.sessionCookie: coop],
                                        form: ["_csrf": csrf, "reason": "cancelled"]).status == 403)
        }
    }
}
