import Foundation
import Hummingbird
import KadryCore
import KadryMatcher
import KadryRegister
import KadryStore

extension Pages {
    /// The seat changes the what-if page offers.
    static let seatChanges = [1, 2, 3, 5, -1, -2]

    /// The committee's what-if for training seats: a programme and a change in its seats; the
    /// register is matched without and with it (`kadry whatif --seats`), nothing is stored.
    func whatIf(_ session: Session, _ language: Language, chosen: (programme: String, delta: Int)? = nil, summary: WhatifSummary? = nil,
                error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response
    {
        func say(_ key: MessageKey, _ arguments: Message.Argument...) -> String { Message(key, arguments: arguments).text(language) }
        let programmes = try await blocking { [register = api.register] in try register.records(.programmes) }
        let options: [[String: Any]] = programmes.compactMap { p -> [String: Any]? in
            guard case .string(let id)? = p["id"] else { return nil }
            let title = if case .string(let t)? = p["title"] { t } else { id }
            let seats = p["seats"].flatMap { if case .number(let n) = $0 { Int(n) } else { nil } } ?? 0
            var o: [String: Any] = ["value": id, "label": say(.pageWhatIfSeats, .text(id), .text(title), .count(seats))]
            if chosen?.programme == id { o["selected"] = true }
            return o
        }
        let changes: [[String: Any]] = Pages.seatChanges.map { delta in
            var o: [String: Any] = ["value": String(delta), "label": delta > 0 ? "+\(delta)" : "−\(-delta)"]
            if chosen?.delta == delta { o["selected"] = true }
            return o
        }
        var fields: [String: Any] = ["title": say(.pageWhatIfTitle), "heading": say(.pageWhatIfTitle), "programmes": options, "changes": changes]
        if let summary {
            fields["summary"] = [
                "changes": summary.changes, "result": summary.result, "gained": summary.gained, "lost": summary.lost,
                "gainedTitle": say(.pageWhatIfGained, .count(summary.gained.count)), "lostTitle": say(.pageWhatIfLost, .count(summary.lost.count)),
            ] as [String: Any]
        }
        if let error { fields["error"] = error }
        return page("whatif", fields, language: language, session: session, status: status)
    }

    func tryWhatIf(_ session: Session, _ fields: [String: String], _ language: Language) async throws -> Response {
        guard let programme = fields["programme"], RecordID.isValid(programme), let delta = fields["change"].flatMap({ Int($0) }),
            Pages.seatChanges.contains(delta)
        else {
            return try await whatIf(session, language, error: Message(.pageWhatIfChoose).text(language), status: .unprocessableContent)
        }
        do {
            let seconds = min(10, api.limits.solveSeconds), most = api.limits.matchPairs
            let summary = try await api.oneAtATime { [register = api.register, vocabulary = api.vocabulary] in
                try register.whatIf(seats: [programme: delta], vocabulary: vocabulary, timeLimit: seconds, maxPairs: most, language: language)
            }
            return try await whatIf(session, language, chosen: (programme, delta), summary: summary)
        } catch let error as RegisterError {
            return try await whatIf(session, language, chosen: (programme, delta), error: error.text(language), status: .unprocessableContent)
        } catch let error as APIError {
            return try await whatIf(session, language, chosen: (programme, delta), error: error.said?.text(language) ?? error.message,
                                    status: .tooManyRequests)
        }
    }
}
