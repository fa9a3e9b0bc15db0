import Foundation
import Hummingbird
import KadryCore
import KadryRegister
import KadryStore

extension Pages {
    /// The committee's view of what the newest run left undone: open positions and people without
    /// a proposal, each with the run's reasons (which name the smallest change that would help
    /// where there is one). Two lists, one shown at a time, 50 a page.
    func gaps(_ request: Request, _ session: Session, _ language: Language) async throws -> Response {
        func say(_ key: MessageKey, _ arguments: Message.Argument...) -> String { Message(key, arguments: arguments).text(language) }
        let people = request.uri.queryParameters.get("widok") == "osoby"
        let offset = request.uri.queryParameters.get("od").flatMap { Int(String($0.prefix(9))) }.map { max(0, $0) } ?? 0
        let (gaps, needs, participants, names) = try await blocking { [register = api.register] in
            let byID = { (kind: RecordKind) -> [String: JSONObject] in
                Dictionary(try register.records(kind).compactMap { r in
                    if case .string(let id)? = r["id"] { (id, r) } else { nil }
                }, uniquingKeysWith: { a, _ in a })
            }
            var names: [String: String] = [:]
            for kind in [RecordKind.cooperatives, .institutions] {
                for (id, record) in try byID(kind) { if case .string(let name)? = record["name"] { names[id] = name } }
            }
            return (try register.gaps(), try byID(.needs), try byID(.participants), names)
        }
        func text(_ record: JSONObject?, _ key: String) -> String { if case .string(let s)? = record?[key] { s } else { "" } }
        let size = 50
        let list = people ? gaps.participants : gaps.needs
        let shown = Array(list.dropFirst(offset).prefix(size))
        let rows: [GapsModel.Row] = shown.map { gap in
            let reasons = gap.reasons.map { language == .pl ? $0.pl : $0.en }
            if people {
                let p = participants[gap.id]
                return GapsModel.Row(id: gap.id, href: "/uczestnicy/\(gap.id)",
                                     cells: [names[text(p, "institution")] ?? text(p, "institution"), text(p, "reference")], reasons: reasons)
            }
            let n = needs[gap.id]
            return GapsModel.Row(id: gap.id, href: "/potrzeby/\(gap.id)",
                                 cells: [text(n, "title"), names[text(n, "cooperative")] ?? text(n, "cooperative"), String(gap.open)], reasons: reasons)
        }
        if people && !shown.isEmpty {
            try await blocking { [register = api.register, actor = session.account.identity.actor, ids = shown.map(\.id)] in
                try register.auditRead(.participants, ids: ids, actor: actor, detail: "listed on a page")
            }
        }
        let base = people ? "/nieobsadzone?widok=osoby&" : "/nieobsadzone?"
        let model = GapsModel(
            title: say(.pageGapsTitle), heading: say(.pageGapsTitle),
            intro: gaps.run.map { say(.pageGapsIntro, .text(String($0.id)), .day($0.asOf)) } ?? say(.pageGapsNoRun),
            tabs: [
                GapsModel.Tab(href: "/nieobsadzone", label: say(.pageGapsNeeds, .count(gaps.needs.count)), current: !people),
                GapsModel.Tab(href: "/nieobsadzone?widok=osoby", label: say(.pageGapsPeople, .count(gaps.participants.count)), current: people),
            ],
            header: people ? [say(.pageCandidate), say(.pageFilterInstitution), say(.pageReference), say(.pageReasons)]
                : [say(.pageRecord), say(.pageTitleColumn), say(.pageCooperative), say(.pageOpenPositions), say(.pageReasons)],
            caption: (people ? say(.pageGapsPeople, .count(list.count)) : say(.pageGapsNeeds, .count(list.count))) + " — "
                + say(.pageRecordsCaption, .count(shown.isEmpty ? 0 : offset + 1), .count(offset + shown.count), .count(list.count)),
            rows: rows,
            newer: offset > 0 ? base + "od=\(max(0, offset - size))" : nil,
            older: offset + size < list.count ? base + "od=\(offset + size)" : nil)
        return page(model, language: language, session: session)
    }
}

/// What the newest run left undone: open positions or people without a proposal, with the run's reasons.
struct GapsModel: PageModel {
    static let template = "gaps"
    var title: String
    var heading: String
    var intro: String
    /// The two lists, the one shown marked current.
    var tabs: [Tab]
    var header: [String]
    var caption: String
    var rows: [Row]
    var newer: String?
    var older: String?

    struct Tab: Encodable {
        var href: String
        var label: String
        var current: Bool
    }

    struct Row: Encodable {
        var id: String
        var href: String
        var cells: [String]
        var reasons: [String]
    }
}
