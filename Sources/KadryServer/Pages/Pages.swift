import Foundation
import Hummingbird
import KadryCore
import KadryRegister
import KadryStore
import Mustache
import NIOCore

/// The web pages: server-rendered HTML over the same register, roles and rules
/// as the API. Templates (`Pages/Templates`) escape everything they show; every
/// word comes from the message tables in the reader's language; every form
/// carries a CSRF token; sessions live in the register (`Register.logIn`).
public struct Pages: Sendable {
    let api: KadryAPI
    let templates: MustacheLibrary

    static let sessionCookie = "kadry_session"
    static let loginCookie = "kadry_login"
    /// The largest form body the pages take.
    static let formLimit = 16 * 1024

    init(api: KadryAPI) {
        self.api = api
        templates = Pages.loadTemplates()
    }

    /// The templates shipped with the program; a missing or broken one is a build defect, caught by the tests.
    static func loadTemplates() -> MustacheLibrary {
        var library = MustacheLibrary()
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil),
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return library }
        for name in names where name.hasSuffix(".mustache") {
            guard let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) else { continue }
            try? library.register(text, named: String(name.dropLast(".mustache".count)))
        }
        return library
    }

    static let styleSheet: ByteBuffer = {
        let url = Bundle.module.url(forResource: "Static", withExtension: nil)?.appendingPathComponent("kadry.css")
        return ByteBuffer(bytes: url.flatMap { FileManager.default.contents(atPath: $0.path) }.map { [UInt8]($0) } ?? [])
    }()

    func add(to router: Router<KadryRequestContext>) {
        router.get("/") { request, context in try await self.start(request, context) }
        router.get("/login") { request, _ in try await self.loginForm(request) }
        router.post("/login") { request, context in try await self.logIn(request, context) }
        router.post("/logout") { request, _ in try await self.logOut(request) }
        router.get("/dostepnosc") { request, _ in try await self.statement(request) }
        router.get("/raport") { request, _ in try await self.report(request) }
        router.get("/propozycje") { request, _ in try await self.proposals(request) }
        router.post("/propozycje/:id/decyzja") { request, context in
            try await self.decide(request, id: context.parameters.get("id") ?? "")
        }
        router.get("/raport/:file") { request, context in try await self.reportFile(request, file: context.parameters.get("file") ?? "") }
        router.get("/static/kadry.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8"], body: ResponseBody(byteBuffer: Pages.styleSheet))
        }
    }

    // MARK: - Rendering

    /// The page words every template may use, in the reader's language.
    static func words(_ language: Language) -> [String: String] {
        let keys: [(String, MessageKey)] = [
            ("skip", .pageSkip), ("nav", .pageNav), ("logout", .pageLogout), ("accessibility", .pageAccessibility),
            ("loginTitle", .pageLoginTitle), ("login", .pageLogin), ("password", .pagePassword), ("logIn", .pageLogIn),
            ("startTitle", .pageStartTitle), ("nothing", .pageNothing), ("statementTitle", .pageStatementTitle),
            ("quarter", .pageQuarter), ("quarterHint", .pageQuarterHint), ("show", .pageShow), ("downloadMarkdown", .pageDownloadMarkdown),
            ("downloadCSV", .pageDownloadCSV), ("printHint", .pagePrintHint), ("none", .pageNone), ("report", .pageReport),
            ("candidate", .pageCandidate), ("cooperative", .pageCooperative), ("route", .pageRoute), ("score", .pageScore),
            ("status", .pageStatus), ("decision", .pageDecision), ("reason", .pageReason), ("note", .pageNote), ("save", .pageSave),
            ("noProposals", .pageNoProposals),
        ]
        return Dictionary(uniqueKeysWithValues: keys.map { ($0.0, Message($0.1).text(language)) })
    }

    /// A page: the template rendered with the common fields (language, words, the logged-in user).
    func page(_ template: String, _ fields: [String: Any], language: Language, session: Session? = nil, status: HTTPResponse.Status = .ok)
        -> Response
    {
        var object = fields
        object["lang"] = language.rawValue
        object["t"] = Pages.words(language)
        if let session {
            let account = session.account
            var links: [[String: String]] = [["href": "/", "label": Message(.pageStart).text(language)],
                                             ["href": "/propozycje", "label": Message(.pageProposals).text(language)]]
            if account.role == .committee { links.append(["href": "/raport", "label": Message(.pageReport).text(language)]) }
            object["user"] = [
                "login": account.login, "organisationName": account.organisation, "csrf": session.csrf,
                "roleName": Message(Pages.roleKey(account.role)).text(language), "links": links,
            ] as [String: Any]
        }
        let html = templates.render(object, withTemplate: template) ?? ""
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        // Nothing from elsewhere, no framing, no inline script: the pages work without JavaScript.
        headers[.contentSecurityPolicy] = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        headers[.init("X-Frame-Options")!] = "DENY"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    public static func roleKey(_ role: Role) -> MessageKey {
        switch role {
        case .institution: .pageRoleInstitution
        case .cooperative: .pageRoleCooperative
        case .committee: .pageRoleCommittee
        }
    }

    func errorPage(_ heading: MessageKey, _ message: MessageKey, language: Language, status: HTTPResponse.Status, session: Session? = nil)
        -> Response
    {
        page("error", [
            "title": Message(heading).text(language), "heading": Message(heading).text(language), "message": Message(message).text(language),
            "link": session == nil ? "/login" : "/", "linkText": Message(session == nil ? .pageBackToLogin : .pageBackToStart).text(language),
        ], language: language, session: session, status: status)
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    // MARK: - Sessions

    /// The logged-in session of a request, if its cookie names a live one.
    func session(_ request: Request) async throws -> Session? {
        guard let cookie = request.cookies[Pages.sessionCookie]?.value, !cookie.isEmpty, cookie.count <= 128 else { return nil }
        return try await blocking { [register = api.register] in try register.session(cookie: cookie) }
    }

    func cookie(_ name: String, _ value: String, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: api.limits.secureCookies, httpOnly: true, sameSite: .lax)
    }

    /// A form's fields (`application/x-www-form-urlencoded`), or nil when the body is too large or not a form.
    static func form(_ request: Request) async -> [String: String]? {
        guard let buffer = try? await request.body.collect(upTo: formLimit) else { return nil }
        let text = String(buffer: buffer)
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            guard let key = parts.first else { continue }
            fields[decode(key)] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }

    /// Whether a form's CSRF token is the expected one (compared in constant time).
    static func tokenMatches(_ sent: String?, _ expected: String) -> Bool {
        guard let sent, sent.utf8.count == expected.utf8.count, !expected.isEmpty else { return false }
        return zip(sent.utf8, expected.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    // MARK: - Pages

    func loginForm(_ request: Request, error: MessageKey? = nil, typed: String = "", status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = Language(acceptLanguage: request.headers[.acceptLanguage])
        if error == nil, try await session(request) != nil { return Pages.redirect("/") }
        // A token for the login form itself, in a cookie of its own: a login from another site is refused.
        let token = request.cookies[Pages.loginCookie]?.value.nilIfEmpty ?? Register.newSecret(bytes: 24)
        var fields: [String: Any] = ["title": Message(.pageLoginTitle).text(language), "loginToken": token, "typedLogin": typed]
        if let error { fields["error"] = Message(error).text(language) }
        var response = page("login", fields, language: language, status: status)
        response.setCookie(cookie(Pages.loginCookie, token, maxAge: 3600))
        return response
    }

    func logIn(_ request: Request, _ context: KadryRequestContext) async throws -> Response {
        let language = Language(acceptLanguage: request.headers[.acceptLanguage])
        guard let fields = await Pages.form(request) else {
            return errorPage(.pageBadForm, .pageBadFormMessage, language: language, status: .badRequest)
        }
        guard let expected = request.cookies[Pages.loginCookie]?.value, Pages.tokenMatches(fields["_csrf"], expected) else {
            return errorPage(.pageCsrf, .pageCsrfMessage, language: language, status: .forbidden)
        }
        let login = String((fields["login"] ?? "").prefix(64))
        if api.throttle.wait(for: context.clientAddress) != nil {
            return try await loginForm(request, error: .pageThrottled, typed: login, status: .tooManyRequests)
        }
        let password = String((fields["password"] ?? "").prefix(256))
        guard let (value, _) = try await blocking({ [register = api.register] in try register.logIn(login: login, password: password) }) else {
            api.throttle.failed(context.clientAddress)
            return try await loginForm(request, error: .pageLoginFailed, typed: login, status: .unauthorized)
        }
        var response = Pages.redirect("/")
        response.setCookie(cookie(Pages.sessionCookie, value, maxAge: Register.sessionHours * 3600))
        response.setCookie(cookie(Pages.loginCookie, "", maxAge: 0))
        return response
    }

    func logOut(_ request: Request) async throws -> Response {
        let language = Language(acceptLanguage: request.headers[.acceptLanguage])
        guard let session = try await session(request), let cookie = request.cookies[Pages.sessionCookie]?.value else { return Pages.redirect("/login") }
        guard let fields = await Pages.form(request), Pages.tokenMatches(fields["_csrf"], session.csrf) else {
            return errorPage(.pageCsrf, .pageCsrfMessage, language: language, status: .forbidden, session: session)
        }
        try await blocking { [register = api.register] in try register.logOut(cookie: cookie) }
        var response = Pages.redirect("/login")
        response.setCookie(self.cookie(Pages.sessionCookie, "", maxAge: 0))
        return response
    }

    func statement(_ request: Request) async throws -> Response {
        let language = Language(acceptLanguage: request.headers[.acceptLanguage])
        let paragraphs = [MessageKey.pageStatement1, .pageStatement2, .pageStatement3].map { Message($0).text(language) }
        return page("statement", ["title": Message(.pageStatementTitle).text(language), "paragraphs": paragraphs], language: language,
                    session: try await session(request))
    }

    /// The start page: what needs this organisation's attention now.
    func start(_ request: Request, _ context: KadryRequestContext) async throws -> Response {
        let language = Language(acceptLanguage: request.headers[.acceptLanguage])
        guard let session = try await session(request) else { return Pages.redirect("/login") }
        let account = session.account
        let attention = try await blocking { [register = api.register] in try register.attention() }
        let today = attention.today
        func say(_ key: MessageKey, _ arguments: Message.Argument...) -> String { Message(key, arguments: arguments).text(language) }
        func day(_ text: String) -> Message.Argument { Day(iso: String(text.prefix(10))).map { .day($0) } ?? .text(text) }
        var groups: [[String: Any]] = []
        func group(_ id: String, _ title: MessageKey, _ items: [String]) {
            guard !items.isEmpty else { return }
            groups.append(["id": id, "title": say(title), "count": items.count, "items": items])
        }
        // Each role sees its own: an institution its participants, a cooperative its needs and hires, the committee all.
        let own: (String) -> Bool = { owner in account.role == .committee || owner == account.organisation }
        if account.role != .cooperative {
            group("ending", .cliStatusEnding, attention.endingWithoutPlacement.filter { own($0.institution) }.map {
                say(.cliStatusEndingLine, .text($0.participant), .text($0.institution), day($0.programmeEnds.description))
            })
        }
        // The newest run's proposals waiting for a decision: a cooperative sees its needs' without the candidate's identity.
        var filter = ProposalFilter(status: "proposed")
        switch account.role {
        case .institution: filter.institution = account.organisation
        case .cooperative: filter.cooperative = account.organisation
        case .committee: break
        }
        let waitingNow = try await blocking { [register = api.register, filter] in try register.proposals(filter) }
        let shown = waitingNow.prefix(20).map { p in
            account.role == .cooperative
                ? say(.pageProposalForCooperative, .text(String(p.id)), .text(p.need), .text(p.needTitle))
                : say(.pageProposalLine, .text(String(p.id)), .text(p.participant), .text(p.institutionName), .text(p.need), .text(p.needTitle),
                      .text(p.cooperativeName))
        } + (waitingNow.count > 20 ? [say(.pageMore, .count(waitingNow.count - 20))] : [])
        group("proposals", .pageProposalsWaiting, shown)
        if account.role == .committee {
            group("waiting", .cliStatusWaiting, attention.waiting.map {
                say(.cliStatusWaitingLine, .text(String($0.proposal)), .text($0.participant), .text($0.need), day($0.since.description))
            })
        }
        if account.role != .institution {
            let proposals = try await blocking { [register = api.register] in try register.proposals(ProposalFilter(status: "approved")) }
            let cooperatives = Dictionary(proposals.map { ($0.id, $0.cooperative) }, uniquingKeysWith: { a, _ in a })
            group("retention", .cliStatusRetention, attention.retentionDue.filter { own(cooperatives[$0.proposal] ?? "") }.map {
                say(.pageRetentionLine, .text(String($0.proposal)), .count($0.months), day($0.due.description))
            })
            group("starting", .cliStatusStarting, attention.needsStartingOpen.filter { own($0.cooperative) }.map {
                say(.cliStatusStartingLine, .text($0.need), .text($0.title), .text($0.cooperative), day($0.start.description), .count($0.open))
            })
        }
        let summary = say(.pageStartSummary, .day(today))
        return page("start", ["title": say(.pageStartTitle), "summary": summary, "groups": groups], language: language, session: session)
    }
}

extension Pages {
    /// The committee's quarterly report as a page that prints well (`?kwartal=2026Q4`, the current quarter by default).
    func report(_ request: Request) async throws -> Response {
        let language = Language(acceptLanguage: request.headers[.acceptLanguage])
        guard let session = try await session(request) else { return Pages.redirect("/login") }
        guard session.account.role == .committee else {
            return errorPage(.pageCommitteeOnly, .pageCommitteeOnlyMessage, language: language, status: .forbidden, session: session)
        }
        let asked = request.uri.queryParameters.get("kwartal").map { String($0.prefix(16)) }
        let today = api.register.today
        guard let quarter = asked.map({ Quarter($0) }) ?? Quarter(containing: today) else {
            return errorPage(.pageBadQuarter, .pageBadQuarterMessage, language: language, status: .badRequest, session: session)
        }
        let report = try await quarterReport(quarter)
        let (title, period, sphere, sections) = ReportRenderer(language: language).sections(report)
        let shown: [[String: Any]] = sections.map { section in
            var s: [String: Any] = ["heading": section.heading]
            if let intro = section.intro { s["intro"] = intro }
            s["tables"] = section.tables.map { table -> [String: Any] in
                var t: [String: Any] = ["title": table.title, "header": table.header, "columns": table.header.count,
                                        "rows": table.rows.map { ["cells": $0] as [String: Any] }]
                if !table.definitions.isEmpty { t["definitions"] = table.definitions }
                return t
            }
            return s
        }
        return page("report", ["title": title, "heading": title, "period": period, "sphere": sphere, "quarter": quarter.description,
                               "sections": shown], language: language, session: session)
    }

    /// `/raport/2026Q4.md` and `/raport/2026Q4.csv`: the report to download, the committee's only.
    func reportFile(_ request: Request, file: String) async throws -> Response {
        let language = Language(acceptLanguage: request.headers[.acceptLanguage])
        guard let session = try await session(request) else { return Pages.redirect("/login") }
        guard session.account.role == .committee else {
            return errorPage(.pageCommitteeOnly, .pageCommitteeOnlyMessage, language: language, status: .forbidden, session: session)
        }
        let parts = file.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let quarter = Quarter(parts[0]), let format = ReportRenderer.Format(rawValue: parts[1]) else {
            return errorPage(.pageBadQuarter, .pageBadQuarterMessage, language: language, status: .notFound, session: session)
        }
        let text = ReportRenderer(language: language).render(try await quarterReport(quarter), as: format)
        return format == .csv
            ? TextResponse.make("\u{FEFF}" + text, type: "text/csv; charset=utf-8", filename: "raport-\(quarter).csv")
            : TextResponse.make(text, type: "text/markdown; charset=utf-8", filename: "raport-\(quarter).md")
    }

    func quarterReport(_ quarter: Quarter) async throws -> QuarterReport {
        let names = Dictionary(api.catalog.services.map { ($0.slug, $0.name) }, uniquingKeysWith: { a, _ in a })
        return try await blocking { [register = api.register] in try register.quarterReport(quarter, serviceNames: names) }
    }
}

extension Pages {
    /// The score terms a cooperative sees (those of its need and the course), as the API shows them.
    static let cooperativeTerms: Set<String> = ["priority", "preference", "training", "cost"]

    /// Proposals waiting for a decision: the committee's review queue (with a form for each), an
    /// institution's participants' and a cooperative's needs' (without the candidate's identity).
    func proposals(_ request: Request, notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = Language(acceptLanguage: request.headers[.acceptLanguage])
        guard let session = try await session(request) else { return Pages.redirect("/login") }
        let account = session.account
        var filter = ProposalFilter(status: "proposed")
        switch account.role {
        case .institution: filter.institution = account.organisation
        case .cooperative: filter.cooperative = account.organisation
        case .committee: break
        }
        let list = try await blocking { [register = api.register, filter] in try register.proposals(filter) }
        func say(_ key: MessageKey, _ arguments: Message.Argument...) -> String { Message(key, arguments: arguments).text(language) }
        let decisions = [Decision.approve, .reject, .defer].map { ["value": $0.rawValue, "label": language == .pl ? $0.polish : $0.english] }
        let reasons = ReasonCode.allCases.map { ["value": $0.rawValue, "label": language == .pl ? $0.polish : $0.english] }
        let shown: [[String: Any]] = list.prefix(200).map { p in
            let terms = p.terms.filter { $0.value != "0" && (account.role != .cooperative || Pages.cooperativeTerms.contains($0.name)) }
                .map { "\(language == .pl ? TermsText.polishTermNames[$0.name] ?? $0.name : $0.name) \(language == .pl ? Polish.number($0.value) : $0.value)" }
                .joined(separator: ", ")
            var o: [String: Any] = [
                "id": String(p.id), "need": p.need, "needTitle": p.needTitle, "cooperative": p.cooperativeName,
                "candidate": account.role == .cooperative
                    ? say(.pageCandidateHidden, .count(p.distanceKm ?? 0)) : "\(p.participant) (\(p.institutionName)\(p.reference.map { ", \($0)" } ?? ""))",
                "route": p.programme.map { say(.cliRouteVia, .text($0), .text(p.programmeTitle ?? "")) } ?? say(.cliRouteDirect),
                "terms": terms, "status": say(ProposalView.statusKey(p.status)),
            ]
            if p.stale { o["stale"] = say(.pageStale) }
            if account.role == .committee { o["decide"] = ["decisions": decisions, "reasons": reasons] as [String: Any] }
            return o
        }
        var fields: [String: Any] = ["title": say(.pageProposals), "heading": say(.pageProposals), "proposals": shown,
                                     "summary": say(.pageProposalsSummary, .count(list.count))]
        if let notice { fields["notice"] = notice }
        if let error { fields["error"] = error }
        return page("proposals", fields, language: language, session: session, status: status)
    }

    /// The committee's decision on a proposal, from its form.
    func decide(_ request: Request, id: String) async throws -> Response {
        let language = Language(acceptLanguage: request.headers[.acceptLanguage])
        guard let session = try await session(request) else { return Pages.redirect("/login") }
        guard session.account.role == .committee else {
            return errorPage(.pageCommitteeOnly, .pageCommitteeOnlyMessage, language: language, status: .forbidden, session: session)
        }
        guard let fields = await Pages.form(request) else {
            return errorPage(.pageBadForm, .pageBadFormMessage, language: language, status: .badRequest, session: session)
        }
        guard Pages.tokenMatches(fields["_csrf"], session.csrf) else {
            return errorPage(.pageCsrf, .pageCsrfMessage, language: language, status: .forbidden, session: session)
        }
        func refuse(_ key: MessageKey) async throws -> Response {
            try await proposals(request, error: Message(key).text(language), status: .unprocessableContent)
        }
        guard let number = Int64(id), let decision = fields["decision"].flatMap(Decision.init(rawValue:)), decision != .withdraw else {
            return try await refuse(.pageChooseDecision)
        }
        let reason = fields["reason"].flatMap(ReasonCode.init(rawValue:)) ?? .agreed
        if decision != .approve && reason == .agreed { return try await refuse(.pageChooseReason) }
        let note = fields["note"].map { String($0.prefix(500)) }.flatMap { $0.isEmpty ? nil : $0 }
        do {
            let p = try await blocking { [register = api.register, actor = session.account.identity.actor] in
                try register.decide(number, decision, reason: decision == .approve ? .agreed : reason, note: note, by: actor)
            }
            let done = Message(.cliDecided, .text(String(p.id)), .text(p.participant), .text(p.need), .text(Message(ProposalView.statusKey(p.status)).text(language)),
                               .text(language == .pl ? reason.polish : reason.english))
            return try await proposals(request, notice: done.text(language))
        } catch let error as RegisterError {
            return try await proposals(request, error: error.text(language), status: .unprocessableContent)
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
