import Foundation
import Hummingbird
import KadryCore
import KadryRegister
import KadryStore

extension Pages {
    /// The score terms a cooperative sees (those of its need and the course), as the API shows them.
    static let cooperativeTerms: Set<String> = ["priority", "preference", "training", "cost"]

    /// Proposals waiting for a decision: the committee's review queue (with a form for each), an
    /// institution's participants' and a cooperative's needs' (without the candidate's identity).
    func proposals(_ session: Session, _ language: Language, notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
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
        if account.role == .committee { fields["matchForm"] = ["today": api.register.today.description] }
        if let notice { fields["notice"] = notice }
        if let error { fields["error"] = error }
        return page("proposals", fields, language: language, session: session, status: status)
    }

    /// The committee starts a match run on the whole register (one at a time, as over the API).
    func startRun(_ session: Session, _ fields: [String: String], _ language: Language) async throws -> Response {
        guard let asOf = fields["asOf"].flatMap(SheetDates.parse) else {
            return try await proposals(session, language, error: Message(.pageBadDate).text(language), status: .unprocessableContent)
        }
        do {
            let seconds = min(10, api.limits.solveSeconds), most = api.limits.matchPairs
            let run = try await api.oneAtATime { [register = api.register, vocabulary = api.vocabulary, actor = session.account.identity.actor] in
                try register.match(asOf: asOf, vocabulary: vocabulary, actor: actor, timeLimit: seconds, maxPairs: most).run
            }
            let notice = Message(.pageRunDone, .text(String(run.id)), .day(asOf), .count(run.placements), .count(run.openPositions)).text(language)
            return try await proposals(session, language, notice: notice)
        } catch let error as RegisterError {
            return try await proposals(session, language, error: error.text(language), status: .unprocessableContent)
        } catch let error as APIError {
            return try await proposals(session, language, error: error.said?.text(language) ?? error.message, status: .tooManyRequests)
        }
    }

    /// The committee's decision on a proposal, from its form.
    func decide(_ id: String, _ session: Session, _ fields: [String: String], _ language: Language) async throws -> Response {
        func refuse(_ key: MessageKey) async throws -> Response {
            try await proposals(session, language, error: Message(key).text(language), status: .unprocessableContent)
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
            return try await proposals(session, language, notice: done.text(language))
        } catch let error as RegisterError {
            return try await proposals(session, language, error: error.text(language), status: .unprocessableContent)
        }
    }
}
