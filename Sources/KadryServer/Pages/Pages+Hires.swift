import Foundation
import Hummingbird
import KadryCore
import KadryRegister
import KadryStore

extension Pages {
    /// A cooperative's hires: its approved proposals waiting for a start date (with the
    /// institution's contact, known once approved), and the retention checks due.
    func hires(_ request: Request, notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = Language(acceptLanguage: request.headers[.acceptLanguage])
        guard let session = try await session(request) else { return Pages.redirect("/login") }
        guard session.account.role == .cooperative else {
            return errorPage(.pageCooperativeOnly, .pageCooperativeOnlyMessage, language: language, status: .forbidden, session: session)
        }
        let organisation = session.account.organisation
        let (approved, attention) = try await blocking { [register = api.register] in
            (try register.proposals(ProposalFilter(cooperative: organisation, status: "approved")), try register.attention())
        }
        func say(_ key: MessageKey, _ arguments: Message.Argument...) -> String { Message(key, arguments: arguments).text(language) }
        let toHire: [[String: Any]] = approved.filter { $0.hiredOn == nil }.map { p in
            ["id": String(p.id), "need": p.need, "needTitle": p.needTitle,
             "contact": say(.pageContact, .text(p.participant), .text(p.institutionName), .text(p.reference ?? "—"))]
        }
        let ours = Set(approved.map(\.id))
        let due: [[String: Any]] = attention.retentionDue.filter { ours.contains($0.proposal) }.map { r in
            ["id": String(r.proposal), "months": String(r.months), "line": say(.pageRetentionLine, .text(String(r.proposal)), .count(r.months), .day(r.due))]
        }
        var fields: [String: Any] = ["title": say(.pageHires), "heading": say(.pageHires), "approved": toHire, "due": due]
        if let notice { fields["notice"] = notice }
        if let error { fields["error"] = error }
        return page("hires", fields, language: language, session: session, status: status)
    }

    /// The checks every hire and retention form passes: a cooperative's session, a form, its CSRF token, a proposal on its needs.
    enum HireForm {
        case refused(Response)
        case checked(session: Session, fields: [String: String], proposal: ProposalView)
    }

    func hireForm(_ request: Request, id: String) async throws -> HireForm {
        let language = Language(acceptLanguage: request.headers[.acceptLanguage])
        guard let session = try await session(request) else { return .refused(Pages.redirect("/login")) }
        guard session.account.role == .cooperative else {
            return .refused(errorPage(.pageCooperativeOnly, .pageCooperativeOnlyMessage, language: language, status: .forbidden, session: session))
        }
        guard let fields = await Pages.form(request) else {
            return .refused(errorPage(.pageBadForm, .pageBadFormMessage, language: language, status: .badRequest, session: session))
        }
        guard Pages.tokenMatches(fields["_csrf"], session.csrf) else {
            return .refused(errorPage(.pageCsrf, .pageCsrfMessage, language: language, status: .forbidden, session: session))
        }
        // Another cooperative's proposal is as if it did not exist.
        guard let number = Int64(id), let p = try await blocking({ [register = api.register] in try register.proposal(number) }),
            p.cooperative == session.account.organisation
        else {
            return .refused(errorPage(.pageNotFound, .pageNotFoundMessage, language: language, status: .notFound, session: session))
        }
        return .checked(session: session, fields: fields, proposal: p)
    }

    func recordHire(_ request: Request, id: String) async throws -> Response {
        let language = Language(acceptLanguage: request.headers[.acceptLanguage])
        let checked: (session: Session, fields: [String: String], proposal: ProposalView)
        switch try await hireForm(request, id: id) {
        case .refused(let response): return response
        case .checked(let session, let fields, let proposal): checked = (session, fields, proposal)
        }
        guard let start = checked.fields["start"].flatMap(SheetDates.parse) else {
            return try await hires(request, error: Message(.pageBadDate).text(language), status: .unprocessableContent)
        }
        do {
            let p = try await blocking { [register = api.register, actor = checked.session.account.identity.actor, number = checked.proposal.id] in
                try register.hire(number, on: start, by: actor)
            }
            return try await hires(request, notice: Message(.pageHired, .text(String(p.id)), .day(start)).text(language))
        } catch let error as RegisterError {
            return try await hires(request, error: error.text(language), status: .unprocessableContent)
        }
    }

    func recordRetention(_ request: Request, id: String) async throws -> Response {
        let language = Language(acceptLanguage: request.headers[.acceptLanguage])
        let checked: (session: Session, fields: [String: String], proposal: ProposalView)
        switch try await hireForm(request, id: id) {
        case .refused(let response): return response
        case .checked(let session, let fields, let proposal): checked = (session, fields, proposal)
        }
        guard let months = checked.fields["months"].flatMap(Int.init), [3, 6, 12].contains(months),
            let employed = checked.fields["employed"].flatMap(SheetFlags.parse)
        else {
            return try await hires(request, error: Message(.pageChooseEmployed).text(language), status: .unprocessableContent)
        }
        do {
            try await blocking { [register = api.register, actor = checked.session.account.identity.actor, number = checked.proposal.id] in
                try register.retention(number, months: months, employed: employed, by: actor)
            }
            return try await hires(request, notice: Message(.cliRetention, .text(id), .count(months), .message(Message(employed ? .employed : .notEmployed)))
                .text(language))
        } catch let error as RegisterError {
            return try await hires(request, error: error.text(language), status: .unprocessableContent)
        }
    }
}
