import Foundation
import Hummingbird
import KadryCore
import KadryRegister
import KadryStore
import NIOCore

extension Pages {
    /// The start page: what needs this organisation's attention now.
    func start(_ session: Session, _ language: Language) async throws -> Response {
        try await cached("start \(language)", session) { try await startPage(session, language) }
    }

    func startPage(_ session: Session, _ language: Language) async throws -> ByteBuffer {
        let account = session.account
        let attention = try await blocking { [register = api.register] in try register.attention() }
        let today = attention.today
        func say(_ key: MessageKey, _ arguments: Message.Argument...) -> String { Message(key, arguments: arguments).text(language) }
        func day(_ text: String) -> Message.Argument { Day(iso: String(text.prefix(10))).map { .day($0) } ?? .text(text) }
        var groups: [StartModel.Group] = []
        func group(_ id: String, _ title: MessageKey, _ items: [String]) {
            guard !items.isEmpty else { return }
            groups.append(StartModel.Group(id: id, title: say(title), count: items.count, items: items))
        }
        // Each role sees its own: an institution its participants, a cooperative its needs and hires, the committee all.
        let own: (String) -> Bool = { owner in account.role == .committee || owner == account.organisation }
        if account.role != .cooperative {
            group("ending", .cliStatusEnding, attention.endingWithoutPlacement.filter { own($0.institution) }.map {
                say(.cliStatusEndingLine, .text($0.participant), .text(attention.name($0.institution)), day($0.programmeEnds.description))
            })
        }
        // The newest run's proposals waiting for a decision: a cooperative sees its needs' without the candidate's identity.
        var filter = ProposalFilter(limit: 20)
        filter.waiting = true
        switch account.role {
        case .institution: filter.institution = account.organisation
        case .cooperative: filter.cooperative = account.organisation
        case .committee: break
        }
        let waitingNow = try await blocking { [register = api.register, filter] in try register.proposalPage(filter) }
        let shown = waitingNow.items.map { p in
            account.role == .cooperative
                ? say(.pageProposalForCooperative, .text(String(p.id)), .text(p.need), .text(p.needTitle))
                : say(.pageProposalLine, .text(String(p.id)), .text(p.participant), .text(p.institutionName), .text(p.need), .text(p.needTitle),
                      .text(p.cooperativeName))
        } + (waitingNow.total > 20 ? [say(.pageMore, .count(waitingNow.total - 20))] : [])
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
                say(.cliStatusStartingLine, .text($0.need), .text($0.title), .text(attention.name($0.cooperative)), day($0.start.description), .count($0.open))
            })
        }
        return render(StartModel(title: say(.pageStartTitle), summary: say(.pageStartSummary, .day(today)), groups: groups),
                      language: language, session: session)
    }
}

/// The start page: what needs attention now, in groups (programmes ending, proposals waiting, …).
struct StartModel: PageModel {
    static let template = "start"
    var title: String
    var summary: String
    var groups: [Group]

    struct Group: Encodable {
        var id: String
        var title: String
        var count: Int
        var items: [String]
    }
}
