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
        let options: [ChoiceModel] = programmes.compactMap { p in
            guard case .string(let id)? = p["id"] else { return nil }
            let title = if case .string(let t)? = p["title"] { t } else { id }
            let seats = p["seats"].flatMap { if case .number(let n) = $0 { Int(n) } else { nil } } ?? 0
            return ChoiceModel(value: id, label: say(.pageWhatIfSeats, .text(id), .text(title), .count(seats)), selected: chosen?.programme == id)
        }
        let changes = Pages.seatChanges.map { delta in
            ChoiceModel(value: String(delta), label: delta > 0 ? "+\(delta)" : "−\(-delta)", selected: chosen?.delta == delta)
        }
        let result = summary.map { summary in
            WhatifModel.Result(changes: summary.changes, result: summary.result, gained: summary.gained, lost: summary.lost,
                               gainedTitle: say(.pageWhatIfGained, .count(summary.gained.count)), lostTitle: say(.pageWhatIfLost, .count(summary.lost.count)))
        }
        return page(WhatifModel(title: say(.pageWhatIfTitle), heading: say(.pageWhatIfTitle), programmes: options, changes: changes, summary: result,
                                error: error),
                    language: language, session: session, status: status)
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

/// What if for training seats: the choice of a programme and a change in its seats, and what the change did.
struct WhatifModel: PageModel {
    static let template = "whatif"
    var title: String
    var heading: String
    var programmes: [ChoiceModel]
    var changes: [ChoiceModel]
    var summary: Result?
    var error: String?

    /// `WhatifSummary`'s lines, under the page's headings.
    struct Result: Encodable {
        var changes: [String]
        var result: [String]
        var gained: [String]
        var lost: [String]
        var gainedTitle: String
        var lostTitle: String
    }
}
