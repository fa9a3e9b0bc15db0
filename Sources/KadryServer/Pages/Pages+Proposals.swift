import Foundation
import Hummingbird
import KadryCore
import KadryRegister
import KadryStore
import NIOCore

extension Pages {
    /// Proposals on one page of the review queue.
    static let proposalsPerPage = 100
    /// Most proposals approved with one button.
    static let bulkLimit = 100

    /// What the review queue shows: its filters, order and page, read from the address
    /// (`/propozycje?spoldzielnia=…&usluga=…&czeka=14&kolejnosc=czas&od=50`), so a view can be
    /// bookmarked and a decision's form comes back to the same view.
    struct QueueView {
        var cooperative = ""
        var institution = ""
        var service = ""
        var waitingDays = 0
        var order = ProposalFilter.Order.score
        var offset = 0

        static let orders: [(word: String, order: ProposalFilter.Order, key: MessageKey)] = [
            ("wynik", .score, .pageOrderScore), ("czas", .waiting, .pageOrderWaiting), ("potrzeba", .need, .pageOrderNeed),
        ]
        static let waitingChoices = [0, 7, 14, 30, 60]

        init(_ request: Request) {
            let q = request.uri.queryParameters
            func text(_ key: String) -> String {
                let value = String((q.get(key) ?? "").prefix(64))
                return RecordID.isValid(value) ? value : ""
            }
            cooperative = text("spoldzielnia")
            institution = text("instytucja")
            service = text("usluga")
            waitingDays = q.get("czeka").flatMap { Int(String($0.prefix(4))) }.map { min(max(0, $0), 3650) } ?? 0
            order = QueueView.orders.first { $0.word == q.get("kolejnosc") }?.order ?? .score
            offset = q.get("od").flatMap { Int(String($0.prefix(9))) }.map { max(0, $0) } ?? 0
        }

        /// The address's query for this view, at `offset` (the first page when nil).
        func query(offset: Int? = nil) -> String {
            var items: [(String, String)] = []
            if !cooperative.isEmpty { items.append(("spoldzielnia", cooperative)) }
            if !institution.isEmpty { items.append(("instytucja", institution)) }
            if !service.isEmpty { items.append(("usluga", service)) }
            if waitingDays > 0 { items.append(("czeka", String(waitingDays))) }
            if order != .score, let word = QueueView.orders.first(where: { $0.order == order })?.word { items.append(("kolejnosc", word)) }
            if let offset, offset > 0 { items.append(("od", String(offset))) }
            return items.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
        }
    }

    /// Proposals waiting for a decision: the committee's review queue (filters, order, pages, a form
    /// for each and one to approve several), an institution's participants' and a cooperative's
    /// needs' (without the candidate's identity).
    /// A decision the committee sent and the page refused: shown again in its proposal's form, as
    /// it was sent, with the problem beside it.
    struct SentDecision {
        var proposal: Int64
        var fields: [String: String]
    }

    func proposals(_ view: QueueView, _ session: Session, _ language: Language, notice: String? = nil, error: String? = nil,
                   problems: [String] = [], status: HTTPResponse.Status = .ok, sent: SentDecision? = nil) async throws -> Response
    {
        if notice == nil && error == nil && problems.isEmpty {
            return try await cached("proposals \(language) \(view.query(offset: view.offset))", session) {
                try await proposalsPage(view, session, language, notice: nil, error: nil, problems: [], sent: nil)
            }
        }
        return Pages.html(try await proposalsPage(view, session, language, notice: notice, error: error, problems: problems, sent: sent), status: status)
    }

    func proposalsPage(_ view: QueueView, _ session: Session, _ language: Language, notice: String?, error: String?, problems: [String],
                       sent: SentDecision?) async throws -> ByteBuffer
    {
        let account = session.account
        var filter = ProposalFilter(limit: Pages.proposalsPerPage, offset: view.offset)
        filter.waiting = true
        filter.withRecords = true
        filter.order = view.order
        if !view.service.isEmpty { filter.service = view.service }
        switch account.role {
        case .institution:
            filter.institution = account.organisation
            if !view.cooperative.isEmpty { filter.cooperative = view.cooperative }
        case .cooperative:
            filter.cooperative = account.organisation
        case .committee:
            if !view.cooperative.isEmpty { filter.cooperative = view.cooperative }
            if !view.institution.isEmpty { filter.institution = view.institution }
        }
        let today = api.register.today
        if view.waitingDays > 0 { filter.statusBefore = today.adding(days: -view.waitingDays).description + "T23:59:59Z" }
        let (page, cooperatives, institutions, programmes) = try await blocking { [register = api.register, filter, role = account.role] in
            let page = try register.proposalPage(filter)
            let names = { (kind: RecordKind) -> [(String, String)] in
                try register.records(kind).compactMap { r in
                    guard case .string(let id)? = r["id"] else { return nil }
                    if case .string(let name)? = r["name"] { return (id, name) }
                    return (id, id)
                }.sorted { $0.1 < $1.1 }
            }
            var programmes: [String: JSONObject] = [:]
            for id in Set(page.items.compactMap(\.programme)) { programmes[id] = try register.record(.programmes, id: id) }
            return (page, role == .cooperative ? [] : try names(.cooperatives), role == .committee ? try names(.institutions) : [], programmes)
        }
        func say(_ key: MessageKey, _ arguments: Message.Argument...) -> String { Message(key, arguments: arguments).text(language) }
        func day(_ object: JSONObject?, _ key: String) -> Day? {
            if case .string(let s)? = object?[key] { Day(iso: s) } else { nil }
        }
        // A proposal's fields are all set on it (false or empty when there is nothing to show), so that
        // no lookup climbs to the page's fields: a page of 100 renders in a few milliseconds.
        let committee = account.role == .committee
        let back = view.query()
        // The decision form's choices, the same on every proposal; the refused one marks what was sent.
        func decisions(_ typed: [String: String]) -> [ChoiceModel] {
            [Decision.approve, .reject, .defer].map { d in
                ChoiceModel(value: d.rawValue, label: language == .pl ? d.polish : d.english, selected: typed["decision"] == d.rawValue)
            }
        }
        func reasons(_ typed: [String: String]) -> [ChoiceModel] {
            ReasonCode.allCases.map { r in
                ChoiceModel(value: r.rawValue, label: language == .pl ? r.polish : r.english, selected: typed["reason"] == r.rawValue)
            }
        }
        let (noDecisions, noReasons) = committee ? (decisions([:]), reasons([:])) : ([], [])
        let shown: [ProposalsModel.Item] = page.items.map { p in
            let terms = Pages.scoreInWords(p, total: account.role != .cooperative,
                                           only: account.role == .cooperative ? KadryAPI.cooperativeTerms : nil, language)
            let participant = Pages.object(p.participantData), need = Pages.object(p.needData)
            var route = p.programme.map { say(.cliRouteVia, .text($0), .text(p.programmeTitle ?? "")) } ?? say(.cliRouteDirect)
            if let id = p.programme, let start = day(programmes[id], "start"), let end = day(programmes[id], "end") {
                route += "; " + say(.pageProgrammeDates, .day(start), .day(end))
            }
            var item = ProposalsModel.Item(
                id: String(p.id), need: p.need, needTitle: p.needTitle, cooperative: p.cooperativeName,
                candidate: account.role == .cooperative
                    ? candidateProfile(p, language) : "\(p.participant) (\(p.institutionName)\(p.reference.map { ", \($0)" } ?? ""))",
                route: route, terms: terms, status: say(ProposalView.statusKey(p.status)), back: back, decide: committee, csrf: session.csrf)
            if let start = day(need, "start"), let available = day(participant, "availableFrom") {
                item.dates = say(.pageDatesLine, .day(start), .day(available))
                item.hasDates = true
            }
            if let since = Day(iso: String(p.statusAt.prefix(10))) {
                item.waiting = ", " + say(.pageWaitingSince, .day(since), .count(max(0, today - since)))
            }
            if p.stale { item.stale = " — " + say(.pageStale) }
            // Who else could have taken the position (the committee's only: it names other people).
            if committee && !p.alternativesData.isEmpty {
                item.hasAlternatives = true
                item.alternatives = Pages.alternatives(p, language)
            }
            // The decision's form: a refused one comes back as it was sent, with its problem.
            (item.decisions, item.reasons) = (noDecisions, noReasons)
            if committee, let sent, sent.proposal == p.id {
                (item.decisions, item.reasons) = (decisions(sent.fields), reasons(sent.fields))
                item.note = String((sent.fields["note"] ?? "").prefix(500))
                if let error {
                    item.hasFieldError = true
                    item.fieldError = error
                }
            }
            return item
        }
        var model = ProposalsModel(
            title: say(.pageProposals), heading: say(.pageProposals), proposals: shown, back: back,
            summary: say(.pageProposalsSummary, .count(page.total)),
            caption: Message(.pageRecordsCaption, .count(shown.isEmpty ? 0 : view.offset + 1), .count(view.offset + shown.count), .count(page.total))
                .text(language),
            filters: queueFilters(view, account.role, cooperatives: cooperatives, institutions: institutions, language))
        if view.offset > 0 { model.newer = view.query(offset: max(0, view.offset - Pages.proposalsPerPage)) }
        if view.offset + Pages.proposalsPerPage < page.total { model.older = view.query(offset: view.offset + Pages.proposalsPerPage) }
        if account.role == .committee {
            model.matchForm = ProposalsModel.MatchForm(today: today.description, weights: Pages.weights.map { w in
                ProposalsModel.Weight(field: w.field, label: Message(w.label).text(language), hint: Message(.pageWeightDefault, .text(w.default)).text(language))
            })
            model.bulk = !shown.isEmpty
        }
        model.notice = notice
        if let error { model.error = sent == nil ? error : Message(.pageFormProblems, .count(1)).text(language) + " " + error }
        model.problems = problems
        model.hasProblems = !problems.isEmpty
        model.hasProposals = !shown.isEmpty
        return render(model, language: language, session: session)
    }

    /// Who else could have taken a proposal's position, in words: "P-012 (2980 pkt; ma propozycję do N-05)".
    static func alternatives(_ p: ProposalView, _ language: Language) -> String {
        guard case .array(let list)? = try? JSONParser.parse(p.alternativesData) else { return "" }
        guard !list.isEmpty else { return Message(.pageAlternativesNone).text(language) }
        return list.compactMap { item -> String? in
            guard case .object(let a) = item, case .string(let who)? = a["participant"], case .number(let score)? = a["score"] else { return nil }
            let placed: String = if case .string(let need)? = a["placedAt"] {
                Message(.pageAlternativePlaced, .text(need)).text(language)
            } else { Message(.pageAlternativeUnplaced).text(language) }
            let via: String = if case .string(let t)? = a["via"] { Message(.pageAlternativeVia, .text(t)).text(language) } else { "" }
            return Message(.pageAlternativeLine, .text(who), .text(language == .pl ? Polish.number(score) : score), .text(via), .text(placed))
                .text(language)
        }.joined(separator: ", ")
    }

    /// A proposal's score in words: each term that counts, what it stands for and its points
    /// ("priorytet potrzeby +5000 pkt; dojazd −12 pkt"), then the total when `total`.
    static func scoreInWords(_ p: ProposalView, total: Bool, only: Set<String>?, _ language: Language) -> String {
        let names: [String: MessageKey] = [
            "priority": .pageTermPriority, "preference": .pageTermPreference, "urgency": .pageTermUrgency, "distance": .pageTermDistance,
            "training": .pageTermTraining, "cost": .pageTermCost,
        ]
        func number(_ text: String) -> String { language == .pl ? Polish.number(text) : text }
        var parts = p.terms.filter { $0.value != "0" && $0.value != "-0" && (only?.contains($0.name) ?? true) }.map { term in
            let signed = term.value.hasPrefix("-") ? "−" + number(String(term.value.dropFirst())) : "+" + number(term.value)
            let name = names[term.name].map { Message($0).text(language) } ?? term.name
            return Message(.pageTermLine, .text(name), .text(signed)).text(language)
        }
        if total {
            let points = p.score == p.score.rounded() ? String(Int64(p.score)) : String(p.score)
            parts.append(Message(.pageTermTotal, .text(number(points))).text(language))
        }
        return parts.joined(separator: "; ")
    }

    /// A candidate as a cooperative may know them before approval, in words: exactly the fields of
    /// the API's pseudonymised profile (`candidateProfile`), no id, no reference, no institution.
    func candidateProfile(_ p: ProposalView, _ language: Language) -> String {
        func say(_ key: MessageKey, _ arguments: Message.Argument...) -> String { Message(key, arguments: arguments).text(language) }
        guard case .object(let profile) = api.candidateProfile(p) else { return say(.pageCandidateHidden, .count(p.distanceKm ?? 0)) }
        var parts: [String] = []
        if case .array(let codes)? = profile["credentials"], !codes.isEmpty {
            parts.append(say(.pageProfileCredentials, .list(codes.compactMap { value -> String? in
                guard case .string(let code) = value else { return nil }
                return api.catalog.credential(code).map { "\($0.name) (\(code))" } ?? code
            })))
        }
        if case .string(let level)? = profile["education"], let education = Education.allCases.first(where: { $0.description == level }) {
            parts.append(say(.pageProfileEducation, .text(language == .pl ? Polish.education(education) : level)))
        }
        if case .number(let hours)? = profile["hoursPerWeek"] { parts.append(say(.pageProfileHours, .text(language == .pl ? Polish.number(hours) : hours))) }
        if case .string(let from)? = profile["availableFrom"], let day = Day(iso: from) { parts.append(say(.pageProfileAvailable, .day(day))) }
        if profile["drivingLicence"] == .bool(true) { parts.append(say(.pageProfileLicence)) }
        if case .array(let clearances)? = profile["clearances"], !clearances.isEmpty {
            parts.append(say(.pageProfileClearances, .list(clearances.compactMap { value -> String? in
                guard case .string(let code) = value else { return nil }
                return language == .pl ? (Vocabulary.clearances.terms.first { $0.code == code }?.polish ?? code) : code
            })))
        }
        if let km = p.distanceKm { parts.append(say(.pageProfileDistance, .count(km))) }
        return say(.pageProfileHidden, .text(parts.joined(separator: "; ").capitalisedFirst))
    }

    /// The queue's filters as choices of one, each with the current value chosen.
    func queueFilters(_ view: QueueView, _ role: Role, cooperatives: [(String, String)], institutions: [(String, String)], _ language: Language)
        -> [ProposalsModel.Filter]
    {
        func say(_ key: MessageKey, _ arguments: Message.Argument...) -> String { Message(key, arguments: arguments).text(language) }
        func choice(_ name: String, _ label: MessageKey, _ options: [(String, String)], chosen: String, all: String? = nil) -> ProposalsModel.Filter {
            let listed = (all.map { [("", $0)] } ?? []) + options
            return ProposalsModel.Filter(name: name, id: "filtr-\(name)", label: say(label), options: listed.map { value, text in
                ChoiceModel(value: value, label: text, selected: value == chosen)
            })
        }
        let services = Vocabulary.services(api.vocabulary).terms.map { ($0.code, $0.polish) }
        var filters: [ProposalsModel.Filter] = []
        if role != .cooperative {
            filters.append(choice("spoldzielnia", .pageFilterCooperative, cooperatives, chosen: view.cooperative, all: say(.pageFilterAll)))
        }
        if role == .committee {
            filters.append(choice("instytucja", .pageFilterInstitution, institutions, chosen: view.institution, all: say(.pageFilterAll)))
        }
        filters.append(choice("usluga", .pageFilterService, services, chosen: view.service, all: say(.pageFilterAll)))
        filters.append(choice("czeka", .pageFilterWaiting, QueueView.waitingChoices.map { days in
            (days == 0 ? "" : String(days), days == 0 ? say(.pageFilterAll) : say(.pageWaitingDays, .count(days)))
        }, chosen: view.waitingDays == 0 ? "" : String(view.waitingDays)))
        filters.append(choice("kolejnosc", .pageOrder, QueueView.orders.map { ($0.word, say($0.key)) },
                              chosen: QueueView.orders.first { $0.order == view.order }?.word ?? "wynik"))
        return filters
    }

    static func object(_ json: String) -> JSONObject? {
        guard !json.isEmpty, case .object(let o)? = try? JSONParser.parse(json) else { return nil }
        return o
    }

    /// The policy weights the match form offers: the field, its label, and the spec's default.
    static let weights: [(field: String, label: MessageKey, default: String)] = [
        ("priorityWeight", .pageWeightPriority, "1000"), ("preferenceBonus", .pageWeightPreference, "100"),
        ("urgencyWindowDays", .pageWeightUrgency, "180"), ("distancePenaltyPerKm", .pageWeightDistance, "1"),
        ("trainingPenalty", .pageWeightTraining, "200"), ("trainingCostPer100Pln", .pageWeightCost, "1"),
    ]

    /// The committee starts a match run on the whole register (one at a time, as over the API), as of
    /// a day and with the policy's weights where any is given (the instance's limits apply to them).
    func startRun(_ view: QueueView, _ session: Session, _ fields: [String: String], _ language: Language) async throws -> Response {
        guard let asOf = fields["asOf"].flatMap(SheetDates.parse) else {
            return try await proposals(view, session, language, error: Message(.pageBadDate).text(language), status: .unprocessableContent)
        }
        var policy = JSONObject()
        for weight in Pages.weights {
            let typed = String((fields[weight.field] ?? "").prefix(40)).trimmingCharacters(in: .whitespaces)
            guard !typed.isEmpty else { continue }
            guard let literal = SheetCells.decimal(typed) else {
                return try await proposals(view, session, language, error: Message(.pageBadWeight, .text(typed), .message(Message(weight.label))).text(language),
                                           status: .unprocessableContent)
            }
            policy[weight.field] = .number(literal)
        }
        do {
            let seconds = min(10, api.limits.solveSeconds), most = api.limits.matchPairs
            let run = try await api.oneAtATime { [register = api.register, vocabulary = api.vocabulary, actor = session.account.identity.actor, policy] in
                try register.match(asOf: asOf, policy: policy, vocabulary: vocabulary, actor: actor, timeLimit: seconds, maxPairs: most).run
            }
            let notice = Message(.pageRunDone, .text(String(run.id)), .day(asOf), .count(run.placements), .count(run.openPositions)).text(language)
            return try await proposals(view, session, language, notice: notice)
        } catch let error as RegisterError {
            return try await proposals(view, session, language, error: error.text(language), status: .unprocessableContent)
        } catch let error as APIError {
            return try await proposals(view, session, language, error: error.said?.text(language) ?? error.message, status: .tooManyRequests)
        }
    }

    /// The committee's decision on a proposal, from its form.
    func decide(_ id: String, _ view: QueueView, _ session: Session, _ fields: [String: String], _ language: Language) async throws -> Response {
        let sent = Int64(id).map { SentDecision(proposal: $0, fields: fields) }
        func refuse(_ key: MessageKey) async throws -> Response {
            try await proposals(view, session, language, error: Message(key).text(language), status: .unprocessableContent, sent: sent)
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
            return try await proposals(view, session, language, notice: done.text(language))
        } catch let error as RegisterError {
            return try await proposals(view, session, language, error: error.text(language), status: .unprocessableContent, sent: sent)
        }
    }

    /// Approves the proposals ticked on the page, each checked on its own as a single approval is:
    /// those that pass are approved, those that do not stay waiting, each with its reason.
    func approveSeveral(_ view: QueueView, _ session: Session, _ fields: [String: String], _ language: Language) async throws -> Response {
        let ids = SheetCells.list(fields["ids"] ?? "").compactMap { Int64($0) }
        guard !ids.isEmpty else {
            return try await proposals(view, session, language, error: Message(.pageBulkNone).text(language), status: .unprocessableContent)
        }
        guard ids.count <= Pages.bulkLimit else {
            return try await proposals(view, session, language, error: Message(.pageBulkTooMany, .count(Pages.bulkLimit)).text(language),
                                       status: .unprocessableContent)
        }
        let note = fields["note"].map { String($0.prefix(500)) }.flatMap { $0.isEmpty ? nil : $0 }
        let (approved, failed) = try await blocking { [register = api.register, actor = session.account.identity.actor] in
            var approved: [Int64] = []
            var failed: [(Int64, RegisterError)] = []
            for id in ids {
                do {
                    try register.decide(id, .approve, reason: .agreed, note: note, by: actor)
                    approved.append(id)
                } catch let error as RegisterError {
                    failed.append((id, error))
                }
            }
            return (approved, failed)
        }
        let notice = approved.isEmpty ? nil : Message(.pageBulkDone, .list(approved.map { "#\($0)" })).text(language)
        let problems = failed.map { Message(.pageBulkFailed, .text(String($0.0)), .text($0.1.text(language))).text(language) }
        return try await proposals(view, session, language, notice: notice, problems: problems,
                                   status: approved.isEmpty ? .unprocessableContent : .ok)
    }
}

/// The review queue: the filters, the match form (the committee's), and a page of proposals, each
/// with its decision form for the committee.
struct ProposalsModel: PageModel {
    static let template = "proposals"
    var title: String
    var heading: String
    var proposals: [Item]
    /// The view's query, so that each form comes back to the same view.
    var back: String
    var summary: String
    var caption: String
    var filters: [Filter]
    var newer: String?
    var older: String?
    var matchForm: MatchForm?
    var bulk = false
    var notice: String?
    var error: String?
    var problems: [String] = []
    var hasProblems = false
    var hasProposals = false

    /// One proposal. Every field is set, so that a lookup never climbs to the page.
    struct Item: Encodable {
        var id: String
        var need: String
        var needTitle: String
        var cooperative: String
        var candidate: String
        var route: String
        var terms: String
        var status: String
        var back: String
        var decide: Bool
        var csrf: String
        var hasDates = false
        var dates = ""
        var waiting = ""
        var stale = ""
        var hasAlternatives = false
        var alternatives = ""
        var decisions: [ChoiceModel] = []
        var reasons: [ChoiceModel] = []
        var note = ""
        var hasFieldError = false
        var fieldError = ""
    }

    struct Filter: Encodable {
        var name: String
        var id: String
        var label: String
        var options: [ChoiceModel]
    }

    struct MatchForm: Encodable {
        var today: String
        var weights: [Weight]
    }

    struct Weight: Encodable {
        var field: String
        var label: String
        var hint: String
    }
}
