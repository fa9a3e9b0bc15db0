import Foundation
import Hummingbird
import KadryCore
import KadryRegister
import KadryStore

extension Pages {
    /// A cooperative's hires: its approved proposals waiting for a start date (with the
    /// institution's contact, known once approved), and the retention checks due.
    func hires(_ session: Session, _ language: Language, notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok,
               at failed: (proposal: String, typed: String)? = nil) async throws -> Response
    {
        let organisation = session.account.organisation
        let (approved, attention) = try await blocking { [register = api.register] in
            (try register.proposals(ProposalFilter(cooperative: organisation, status: "approved")), try register.attention())
        }
        func say(_ key: MessageKey, _ arguments: Message.Argument...) -> String { Message(key, arguments: arguments).text(language) }
        let toHire = approved.filter { $0.hiredOn == nil }.map { p in
            var item = HiresModel.ToHire(id: String(p.id), need: p.need, needTitle: p.needTitle, typed: "",
                                         contact: say(.pageContact, .text(p.participant), .text(p.institutionName), .text(p.reference ?? "—")))
            // A refused date comes back in its own form, beside its field, as it was typed.
            if let failed, failed.proposal == String(p.id), let error {
                item.fieldError = error
                item.typed = SheetDates.parse(failed.typed)?.description ?? failed.typed
            }
            return item
        }
        let ours = Set(approved.map(\.id))
        let due = attention.retentionDue.filter { ours.contains($0.proposal) }.map { r in
            HiresModel.Due(id: String(r.proposal), months: String(r.months), line: say(.pageRetentionLine, .text(String(r.proposal)), .count(r.months), .day(r.due)))
        }
        var model = HiresModel(title: say(.pageHires), heading: say(.pageHires), approved: toHire, due: due, notice: notice)
        if let error { model.error = failed == nil ? error : Message(.pageFormProblems, .count(1)).text(language) + " " + error }
        return page(model, language: language, session: session, status: status)
    }

    /// A proposal on this cooperative's needs; another cooperative's is as if it did not exist.
    func ownProposal(_ id: String, _ session: Session) async throws -> ProposalView? {
        guard let number = Int64(id), let p = try await blocking({ [register = api.register] in try register.proposal(number) }),
            p.cooperative == session.account.organisation
        else { return nil }
        return p
    }

    func recordHire(_ id: String, _ session: Session, _ fields: [String: String], _ language: Language) async throws -> Response {
        guard let proposal = try await ownProposal(id, session) else {
            return errorPage(.pageNotFound, .pageNotFoundMessage, language: language, status: .notFound, session: session)
        }
        let typed = String((fields["start"] ?? "").prefix(40))
        guard let start = SheetDates.parse(typed) else {
            return try await hires(session, language, error: Message(.pageBadDate).text(language), status: .unprocessableContent, at: (id, typed))
        }
        do {
            let p = try await blocking { [register = api.register, actor = session.account.identity.actor, number = proposal.id] in
                try register.hire(number, on: start, by: actor)
            }
            return try await hires(session, language, notice: Message(.pageHired, .text(String(p.id)), .day(start)).text(language))
        } catch let error as RegisterError {
            return try await hires(session, language, error: error.text(language), status: .unprocessableContent, at: (id, typed))
        }
    }

    func recordRetention(_ id: String, _ session: Session, _ fields: [String: String], _ language: Language) async throws -> Response {
        guard let proposal = try await ownProposal(id, session) else {
            return errorPage(.pageNotFound, .pageNotFoundMessage, language: language, status: .notFound, session: session)
        }
        guard let months = fields["months"].flatMap(Int.init), [3, 6, 12].contains(months),
            let employed = fields["employed"].flatMap(SheetFlags.parse)
        else {
            return try await hires(session, language, error: Message(.pageChooseEmployed).text(language), status: .unprocessableContent)
        }
        do {
            try await blocking { [register = api.register, actor = session.account.identity.actor, number = proposal.id] in
                try register.retention(number, months: months, employed: employed, by: actor)
            }
            return try await hires(session, language, notice: Message(.cliRetention, .text(id), .count(months), .message(Message(employed ? .employed : .notEmployed)))
                .text(language))
        } catch let error as RegisterError {
            return try await hires(session, language, error: error.text(language), status: .unprocessableContent)
        }
    }
}

/// A cooperative's hires: approved proposals waiting for a start date, and retention checks due.
struct HiresModel: PageModel {
    static let template = "hires"
    var title: String
    var heading: String
    var approved: [ToHire]
    var due: [Due]
    var notice: String?
    var error: String?

    /// An approved proposal with the institution's contact and the form for its start date.
    struct ToHire: Encodable {
        var id: String
        var need: String
        var needTitle: String
        /// The date as last typed, when it was refused.
        var typed: String
        var contact: String
        var fieldError: String?
    }

    /// A retention check due: the proposal, the months since the hire, and the line saying so.
    struct Due: Encodable {
        var id: String
        var months: String
        var line: String
    }
}
