import Foundation
import Hummingbird
import KadryCore
import KadryRegister
import KadryStore
import Mustache
import NIOCore
import Synchronization

/// The web pages: server-rendered HTML over the same register, roles and rules
/// as the API. Templates (`Pages/Templates`) escape everything they show; every
/// word comes from the message tables in the reader's language; every form
/// carries a CSRF token; sessions live in the register (`Register.logIn`).
public struct Pages: Sendable {
    let api: KadryAPI
    let templates: MustacheLibrary
    /// Pages already rendered for a session, with the register version and the day they were made at
    /// (see `cached`); kept by the API, which outlives any one router.
    var rendered: RenderedPages { api.renderedPages }

    static let sessionCookie = "kadry_session"
    static let loginCookie = "kadry_login"
    /// The largest form body the pages take.
    static let formLimit = 64 * 1024

    init(api: KadryAPI) {
        self.api = api
        templates = Pages.loadTemplates()
    }

    /// The templates shipped with the program; a missing or broken one is a build defect, caught by the tests.
    static func loadTemplates() -> MustacheLibrary {
        MustacheContentTypes.register(EscapedHTML(), named: EscapedHTML.name)
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
        // Every page but the style sheet knows its session (or that there is none) before it runs.
        let pages = router.group().add(middleware: SessionMiddleware(pages: self))
        pages.get("/") { request, context in try await self.gated(request, context, nil) { try await self.start($0, $1) } }
        pages.get("/login") { request, context in try await self.loginForm(request, context) }
        pages.post("/login") { request, context in try await self.logIn(request, context) }
        pages.post("/logout") { request, context in try await self.logOut(request, context) }
        pages.get("/katalog") { request, context in try await self.gated(request, context, nil) { self.catalogue($0, $1) } }
        pages.get("/dostepnosc") { request, context in try await self.statement(request, context) }
        pages.get("/raport") { request, context in try await self.gated(request, context, .committee) { try await self.report(request, $0, $1) } }
        pages.get("/raport/:file") { request, context in
            try await self.gated(request, context, .committee) { try await self.reportFile(context.parameters.get("file") ?? "", $0, $1) }
        }
        pages.get("/dziennik") { request, context in try await self.gated(request, context, .committee) { try await self.auditLog(request, $0, $1) } }
        pages.get("/propozycje") { request, context in try await self.gated(request, context, nil) { try await self.proposals(QueueView(request), $0, $1) } }
        pages.post("/dopasowanie") { request, context in
            try await self.gatedForm(request, context, .committee) { try await self.startRun(QueueView(request), $0, $1, $2) }
        }
        pages.post("/propozycje/:id/decyzja") { request, context in
            try await self.gatedForm(request, context, .committee) {
                try await self.decide(context.parameters.get("id") ?? "", QueueView(request), $0, $1, $2)
            }
        }
        pages.post("/propozycje/zatwierdz") { request, context in
            try await self.gatedForm(request, context, .committee) { try await self.approveSeveral(QueueView(request), $0, $1, $2) }
        }
        pages.get("/nieobsadzone") { request, context in try await self.gated(request, context, .committee) { try await self.gaps(request, $0, $1) } }
        pages.get("/co-jesli") { request, context in try await self.gated(request, context, .committee) { try await self.whatIf($0, $1) } }
        pages.post("/co-jesli") { request, context in try await self.gatedForm(request, context, .committee) { try await self.tryWhatIf($0, $1, $2) } }
        pages.get("/zatrudnienia") { request, context in try await self.gated(request, context, .cooperative) { try await self.hires($0, $1) } }
        pages.post("/zatrudnienia/:id") { request, context in
            try await self.gatedForm(request, context, .cooperative) { try await self.recordHire(context.parameters.get("id") ?? "", $0, $1, $2) }
        }
        pages.post("/zatrudnienia/:id/trwalosc") { request, context in
            try await self.gatedForm(request, context, .cooperative) { try await self.recordRetention(context.parameters.get("id") ?? "", $0, $1, $2) }
        }
        for page in Pages.recordPages {
            pages.get(RouterPath(page.path + "/nowy")) { request, context in try await self.gated(request, context, nil) { try await self.newRecordForm(page, $0, $1) } }
            pages.post(RouterPath(page.path + "/nowy")) { request, context in
                try await self.gatedForm(request, context, nil) { try await self.saveRecord(nil, page, $0, $1, $2) }
            }
            pages.get(RouterPath(page.path + "/:id/zmien")) { request, context in
                try await self.gated(request, context, nil) { try await self.editRecordForm(context.parameters.get("id") ?? "", page, $0, $1) }
            }
            pages.post(RouterPath(page.path + "/:id/zmien")) { request, context in
                try await self.gatedForm(request, context, nil) { try await self.saveRecord(context.parameters.get("id") ?? "", page, $0, $1, $2) }
            }
            pages.get(RouterPath(page.path + "/wczytaj")) { request, context in try await self.gated(request, context, nil) { self.uploadPage(page, $0, $1) } }
            pages.post(RouterPath(page.path + "/wczytaj")) { request, context in try await self.gated(request, context, nil) { try await self.upload(request, page, $0, $1) } }
            pages.get(RouterPath(page.path + "/wzor.csv")) { request, context in try await self.gated(request, context, nil) { self.uploadTemplate(page, $0, $1) } }
            pages.get(RouterPath(page.path)) { request, context in try await self.gated(request, context, nil) { try await self.records(request, page, $0, $1) } }
            pages.get(RouterPath(page.path + ".csv")) { request, context in
                try await self.gated(request, context, nil) { try await self.recordsFile(request, page, $0, $1) }
            }
            pages.get(RouterPath(page.path + "/:id")) { request, context in
                try await self.gated(request, context, nil) { session, language in
                    let saved = request.uri.queryParameters.get("zapisano") != nil ? Message(.pageSaved).text(language) : nil
                    return try await self.record(context.parameters.get("id") ?? "", page, session, language, notice: saved)
                }
            }
            pages.post(RouterPath(page.path + "/:id/zamknij")) { request, context in
                try await self.gatedForm(request, context, page.owner) { try await self.closeRecord(context.parameters.get("id") ?? "", page, $0, $1, $2) }
            }
        }
        router.get("/static/kadry.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8"], body: ResponseBody(byteBuffer: Pages.styleSheet))
        }
    }

    // MARK: - Rendering

    /// The page words every template may use (`t.…`), in the reader's language.
    static func words(_ language: Language) -> [String: String] { wordTables[language] ?? [:] }

    /// The page words in each language, made once.
    static let wordTables = Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0, makeWords($0)) })

    static func makeWords(_ language: Language) -> [String: String] {
        let keys: [(String, MessageKey)] = [
            ("skip", .pageSkip), ("nav", .pageNav), ("logout", .pageLogout), ("accessibility", .pageAccessibility),
            ("loginTitle", .pageLoginTitle), ("login", .pageLogin), ("password", .pagePassword), ("logIn", .pageLogIn),
            ("startTitle", .pageStartTitle), ("nothing", .pageNothing), ("statementTitle", .pageStatementTitle),
            ("quarter", .pageQuarter), ("quarterHint", .pageQuarterHint), ("show", .pageShow), ("downloadMarkdown", .pageDownloadMarkdown),
            ("downloadCSV", .pageDownloadCSV), ("printHint", .pagePrintHint), ("none", .pageNone), ("report", .pageReport),
            ("candidate", .pageCandidate), ("cooperative", .pageCooperative), ("route", .pageRoute), ("score", .pageScore),
            ("status", .pageStatus), ("decision", .pageDecision), ("reason", .pageReason), ("note", .pageNote), ("save", .pageSave),
            ("noProposals", .pageNoProposals), ("toHire", .pageToHire), ("startDate", .pageStartDate), ("startHint", .pageStartHint),
            ("recordHire", .pageRecordHire), ("nothingToHire", .pageNothingToHire), ("retentionDue", .pageRetentionDue),
            ("stillEmployed", .pageStillEmployed), ("yes", .pageYes), ("no", .pageNo), ("recordRetention", .pageRecordRetention),
            ("nothingDue", .pageNothingDue), ("asOf", .pageAsOf), ("runMatch", .pageRunMatch), ("when", .pageWhen), ("who", .pageWho),
            ("what", .pageWhat), ("record", .pageRecord), ("detail", .pageDetail), ("pages", .pagePages), ("newer", .pageNewer),
            ("older", .pageOlder), ("search", .pageSearch), ("previous", .pagePrevious), ("next", .pageNext), ("whyTitle", .pageWhyTitle),
            ("closeTitle", .pageCloseTitle), ("closeReason", .pageCloseReason), ("close", .pageClose), ("backToList", .pageBackToList),
            ("filters", .pageFilters), ("filter", .pageFilter), ("dates", .pageDates), ("select", .pageSelect), ("bulkTitle", .pageBulkTitle),
            ("bulkHint", .pageBulkHint), ("bulkButton", .pageBulkButton), ("whatIfIntro", .pageWhatIfIntro), ("whatIfProgramme", .pageWhatIfProgramme), ("whatIfChange", .pageWhatIfChange),
            ("whatIfRun", .pageWhatIfRun), ("whatIfResult", .pageWhatIfResult), ("state", .pageState), ("alternatives", .pageAlternatives), ("weights", .pageWeights), ("auditEntity", .pageAuditEntity), ("auditID", .pageAuditID), ("saveRecord", .pageSaveRecord), ("requiredMark", .pageRequiredMark), ("edit", .pageEdit), ("upload", .pageUpload),
            ("uploadIntro", .pageUploadIntro), ("uploadFile", .pageUploadFile), ("uploadTemplate", .pageUploadTemplate),
            ("uploadButton", .pageUploadButton), ("uploadProblemsTitle", .pageUploadProblemsTitle), ("place", .pagePlace), ("problem", .pageProblem),
        ]
        return Dictionary(uniqueKeysWithValues: keys.map { ($0.0, Message($0.1).text(language)) })
    }

    /// A page: its model rendered with its template and the common fields (language, words, the logged-in person).
    func page<Model: PageModel>(_ model: Model, language: Language, session: Session? = nil, status: HTTPResponse.Status = .ok) -> Response {
        Pages.html(render(model, language: language, session: session), status: status)
    }

    /// The HTML of a page.
    func render<Model: PageModel>(_ model: Model, language: Language, session: Session? = nil) -> ByteBuffer {
        let frame = PageFrame(lang: language.rawValue, t: Pages.words(language), user: session.map { userModel($0, language) }, csrf: session?.csrf)
        return ByteBuffer(string: templates.render(TemplateValues.make(model, frame: frame), withTemplate: Model.template) ?? "")
    }

    /// The person logged in and the pages their role may open, in the order of the header's links.
    func userModel(_ session: Session, _ language: Language) -> UserModel {
        let account = session.account
        func link(_ href: String, _ key: MessageKey) -> LinkModel { LinkModel(href: href, label: Message(key).text(language)) }
        var links = [link("/", .pageStart), link("/propozycje", .pageProposals)]
        for page in Pages.recordPages where account.role == page.owner || account.role == .committee {
            links.append(LinkModel(href: page.path, label: page.kind.plural.text(language).capitalisedFirst))
        }
        links.append(link("/katalog", .pageCatalogue))
        if account.role == .committee {
            links += [link("/raport", .pageReport), link("/nieobsadzone", .pageGaps), link("/co-jesli", .pageWhatIf), link("/dziennik", .pageAudit)]
        }
        if account.role == .cooperative { links.append(link("/zatrudnienia", .pageHires)) }
        return UserModel(login: account.login, organisationName: account.organisation, roleName: Message(Pages.roleKey(account.role)).text(language),
                         csrf: session.csrf, links: links)
    }

    static func html(_ page: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        // Nothing from elsewhere, no framing, no inline script: the pages work without JavaScript.
        headers[.contentSecurityPolicy] = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        headers[.init("X-Frame-Options")!] = "DENY"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: page))
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
        let title = Message(heading).text(language)
        return page(ErrorModel(title: title, heading: title, message: Message(message).text(language), link: session == nil ? "/login" : "/",
                               linkText: Message(session == nil ? .pageBackToLogin : .pageBackToStart).text(language)),
                    language: language, session: session, status: status)
    }

    /// A page as it was rendered for this session at the register's current version today, or
    /// rendered now (`make`) and kept. The review queue and the start page are read again and again
    /// between changes; the key holds the session's CSRF token, so a page is only ever sent to the
    /// session it was made for. At most 64 are kept.
    func cached(_ key: String, _ session: Session, make: () async throws -> ByteBuffer) async throws -> Response {
        let (version, today) = try await blocking { [register = api.register] in (try register.version(), register.today) }
        let full = "\(session.csrf) \(key)"
        if let hit = rendered.pages.withLock({ $0[full] }), hit.version == version, hit.day == today {
            return Pages.html(hit.page)
        }
        let page = try await make()
        rendered.pages.withLock { pages in
            if pages.count >= 64 { pages.removeAll() }
            pages[full] = (version, today, page)
        }
        return Pages.html(page)
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    // MARK: - Who may open a page

    /// Runs a page for a logged-in person (of `role`, when given); others go to the login or get a 403 page.
    func gated(_ request: Request, _ context: KadryRequestContext, _ role: Role?, _ body: (Session, Language) async throws -> Response)
        async throws -> Response
    {
        let language = Language(acceptLanguage: request.headers[.acceptLanguage])
        guard let session = context.session else { return Pages.redirect("/login") }
        if let role, session.account.role != role {
            let (heading, message): (MessageKey, MessageKey) = role == .committee
                ? (.pageCommitteeOnly, .pageCommitteeOnlyMessage) : (.pageCooperativeOnly, .pageCooperativeOnlyMessage)
            return errorPage(heading, message, language: language, status: .forbidden, session: session)
        }
        return try await body(session, language)
    }

    /// The same for a form: its fields, once its CSRF token matches the session's.
    func gatedForm(_ request: Request, _ context: KadryRequestContext, _ role: Role?,
                   _ body: (Session, [String: String], Language) async throws -> Response) async throws -> Response
    {
        try await gated(request, context, role) { session, language in
            guard let fields = await Pages.form(request) else {
                return errorPage(.pageBadForm, .pageBadFormMessage, language: language, status: .badRequest, session: session)
            }
            guard Pages.tokenMatches(fields["_csrf"], session.csrf) else {
                return errorPage(.pageCsrf, .pageCsrfMessage, language: language, status: .forbidden, session: session)
            }
            return try await body(session, fields, language)
        }
    }

    // MARK: - Sessions

    /// Puts the session a page request's cookie names, if it is a live one, into the context.
    struct SessionMiddleware: RouterMiddleware {
        typealias Context = KadryRequestContext
        let pages: Pages

        func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
            var context = context
            context.session = try await pages.session(request)
            return try await next(request, context)
        }
    }

    /// The logged-in session of a request, if its cookie names a live one.
    func session(_ request: Request) async throws -> Session? {
        guard let cookie = request.cookies[Pages.sessionCookie]?.value, !cookie.isEmpty, cookie.count <= 128 else { return nil }
        return try await blocking { [register = api.register] in try register.session(cookie: cookie) }
    }

    func cookie(_ name: String, _ value: String, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: api.limits.secureCookies, httpOnly: true, sameSite: .lax)
    }

    /// A form's fields (`application/x-www-form-urlencoded`), or nil when the body is too large, too
    /// slow or not a form. A field sent more than once (a group of checkboxes) holds its values joined
    /// by `|`, as a spreadsheet's cell holds a list.
    static func form(_ request: Request) async -> [String: String]? {
        guard let buffer = try? await BodyReading.collect(request.body, limit: formLimit, seconds: 30) else { return nil }
        let text = String(buffer: buffer)
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            guard let key = parts.first else { continue }
            let value = parts.count > 1 ? decode(parts[1]) : ""
            let name = decode(key)
            fields[name] = fields[name].map { $0 + "|" + value } ?? value
        }
        return fields
    }

    /// Whether a form's CSRF token is the expected one (compared in constant time).
    static func tokenMatches(_ sent: String?, _ expected: String) -> Bool {
        guard let sent, sent.utf8.count == expected.utf8.count, !expected.isEmpty else { return false }
        return zip(sent.utf8, expected.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    // MARK: - Pages

    func loginForm(_ request: Request, _ context: KadryRequestContext, error: MessageKey? = nil, typed: String = "", status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
        let language = Language(acceptLanguage: request.headers[.acceptLanguage])
        if error == nil, context.session != nil { return Pages.redirect("/") }
        // A token for the login form itself, in a cookie of its own: a login from another site is refused.
        let token = request.cookies[Pages.loginCookie]?.value.nilIfEmpty ?? Register.newSecret(bytes: 24)
        let model = LoginModel(title: Message(.pageLoginTitle).text(language), loginToken: token, typedLogin: typed,
                               error: error.map { Message($0).text(language) })
        var response = page(model, language: language, status: status)
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
            return try await loginForm(request, context, error: .pageThrottled, typed: login, status: .tooManyRequests)
        }
        let password = String((fields["password"] ?? "").prefix(256))
        guard let (value, _) = try await blocking({ [register = api.register] in try register.logIn(login: login, password: password) }) else {
            api.throttle.failed(context.clientAddress)
            return try await loginForm(request, context, error: .pageLoginFailed, typed: login, status: .unauthorized)
        }
        var response = Pages.redirect("/")
        response.setCookie(cookie(Pages.sessionCookie, value, maxAge: Register.sessionHours * 3600))
        response.setCookie(cookie(Pages.loginCookie, "", maxAge: 0))
        return response
    }

    func logOut(_ request: Request, _ context: KadryRequestContext) async throws -> Response {
        let language = Language(acceptLanguage: request.headers[.acceptLanguage])
        guard let session = context.session, let cookie = request.cookies[Pages.sessionCookie]?.value else { return Pages.redirect("/login") }
        guard let fields = await Pages.form(request), Pages.tokenMatches(fields["_csrf"], session.csrf) else {
            return errorPage(.pageCsrf, .pageCsrfMessage, language: language, status: .forbidden, session: session)
        }
        try await blocking { [register = api.register] in try register.logOut(cookie: cookie) }
        // The pages kept for this session go with it.
        rendered.pages.withLock { pages in pages = pages.filter { !$0.key.hasPrefix(session.csrf + " ") } }
        var response = Pages.redirect("/login")
        response.setCookie(self.cookie(Pages.sessionCookie, "", maxAge: 0))
        return response
    }

    func statement(_ request: Request, _ context: KadryRequestContext) async throws -> Response {
        let language = Language(acceptLanguage: request.headers[.acceptLanguage])
        let paragraphs = [MessageKey.pageStatement1, .pageStatement2, .pageStatement3].map { Message($0).text(language) }
        return page(StatementModel(title: Message(.pageStatementTitle).text(language), paragraphs: paragraphs), language: language,
                    session: context.session)
    }
}

/// A page that says what went wrong and where to go from here.
struct ErrorModel: PageModel {
    static let template = "error"
    var title: String
    var heading: String
    var message: String
    var link: String
    var linkText: String
}

/// The login form: its own CSRF token, the login as typed, and why the last try failed.
struct LoginModel: PageModel {
    static let template = "login"
    var title: String
    var loginToken: String
    var typedLogin: String
    var error: String?
}

/// The accessibility statement (*deklaracja dostępności*).
struct StatementModel: PageModel {
    static let template = "statement"
    var title: String
    var paragraphs: [String]
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

/// Pages kept for their sessions (`Pages.cached`).
final class RenderedPages: Sendable {
    let pages = Mutex<[String: (version: Int64, day: Day, page: ByteBuffer)]>([:])
}

/// HTML escaping as swift-mustache's own `HTML` content type does it (`<`, `>`, `&`, `"`, `'`),
/// on bytes: text without those characters, most of a page, is passed through untouched. Every
/// template names it first (`{{% CONTENT_TYPE: KADRY_HTML}}`); a test checks that each does.
struct EscapedHTML: MustacheContentType {
    static let name = "KADRY_HTML"

    func escapeText(_ text: String) -> String {
        let special: (UInt8) -> Bool = { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }
        guard text.utf8.contains(where: special) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case 0x3C: out += Array("&lt;".utf8)
            case 0x3E: out += Array("&gt;".utf8)
            case 0x26: out += Array("&amp;".utf8)
            case 0x22: out += Array("&quot;".utf8)
            case 0x27: out += Array("&#39;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
