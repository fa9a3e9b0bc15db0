import Foundation
import Hummingbird
import KadryCore
import KadryRegister
import KadryStore

extension Pages {
    /// The page of a kind of record, its owner's role, and the field naming the owner.
    static let recordPages: [RecordPage] = [
        ("/uczestnicy", .participants, .institution, "institution"),
        ("/szkolenia", .programmes, .institution, "provider"),
        ("/potrzeby", .needs, .cooperative, "cooperative"),
    ]

    /// The records a person may see: their organisation's (the committee's: all), matching the search text.
    func visibleRecords(_ kind: RecordKind, field: String, _ session: Session, query: String) async throws -> [JSONObject] {
        let account = session.account
        let own = try await blocking { [register = api.register] in
            account.role == .committee
                ? try register.records(kind)
                : try register.records(kind, filters: [(field, account.organisation)], limit: -1, offset: 0).items
        }
        let wanted = Gazetteer.folded(query)
        guard !wanted.isEmpty else { return own }
        return own.filter { record in
            record.members.contains { member in
                if case .string(let s) = member.value { Gazetteer.folded(s).contains(wanted) } else { false }
            }
        }
    }

    /// What a records list shows: its search, state, order and page, read from the address
    /// (`/uczestnicy?q=konin&stan=wszystkie&sortuj=available_from&malejaco=1&od=50`).
    struct ListView {
        var query = ""
        var state = "otwarte"
        var sort = "id"
        var descending = false
        var offset = 0
        static let states = ["otwarte", "zamkniete", "wszystkie"]

        init(_ request: Request, kind: RecordKind) {
            let q = request.uri.queryParameters
            query = String((q.get("q") ?? "").prefix(100))
            if kind.closes, let state = q.get("stan").map({ String($0) }), ListView.states.contains(state) { self.state = state }
            if !kind.closes { state = "wszystkie" }
            if let sort = q.get("sortuj").map({ String($0) }), kind.columns.contains(where: { $0.name == sort }) { self.sort = sort }
            descending = q.get("malejaco") == "1"
            offset = q.get("od").flatMap { Int(String($0.prefix(9))) }.map { max(0, $0) } ?? 0
        }

        /// The address's query for this view with some parts changed, escaped for a URL.
        func link(sort: String? = nil, descending: Bool? = nil, offset: Int? = nil) -> String {
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
            var items = ["q=" + (query.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")]
            if state != "otwarte" { items.append("stan=\(state)") }
            items.append("sortuj=\(sort ?? self.sort)")
            if descending ?? self.descending { items.append("malejaco=1") }
            if let offset, offset > 0 { items.append("od=\(offset)") }
            return items.joined(separator: "&")
        }
    }

    /// A list of records with their columns under Polish headers: searched, filtered by state
    /// (open, closed, all), sorted by any column and paged on the server (50 a page).
    func records(_ request: Request, _ page: RecordPage, _ session: Session, _ language: Language) async throws -> Response {
        guard session.account.role == page.owner || session.account.role == .committee else {
            return notForRole(session, language)
        }
        func say(_ key: MessageKey, _ arguments: Message.Argument...) -> String { Message(key, arguments: arguments).text(language) }
        let view = ListView(request, kind: page.kind)
        var list = try await visibleRecords(page.kind, field: page.field, session, query: view.query)
        let closed = try await blocking { [register = api.register, kind = page.kind] in try register.closedIDs(kind) }
        func id(_ record: JSONObject) -> String { if case .string(let id)? = record["id"] { id } else { "" } }
        switch view.state {
        case "otwarte": list.removeAll { closed.contains(id($0)) }
        case "zamkniete": list.removeAll { !closed.contains(id($0)) }
        default: break
        }
        let columns = page.kind.columns
        let sortColumn = columns.first { $0.name == view.sort } ?? columns[0]
        func key(_ record: JSONObject) -> String { record.value(at: sortColumn.path).map { SheetExport.text($0, sortColumn.cell) } ?? "" }
        let keyed = list.map { (key($0), $0) }.sorted { a, b in
            let order = Pages.compareCells(a.0, b.0, numeric: sortColumn.cell == .decimal || sortColumn.cell == .integer)
            if order != .orderedSame { return view.descending ? order == .orderedDescending : order == .orderedAscending }
            return id(a.1) < id(b.1)
        }
        list = keyed.map(\.1)
        let size = 50
        let offset = min(view.offset, max(0, list.count - 1))
        let shown = Array(list.dropFirst(offset).prefix(size))
        if page.kind == .participants && session.account.role == .committee && !shown.isEmpty {
            try await blocking { [register = api.register, actor = session.account.identity.actor, ids = shown.map(id)] in
                try register.auditRead(.participants, ids: ids, actor: actor, detail: "listed on a page")
            }
        }
        let rows = shown.map { record in
            let cells = columns.map { column in record.value(at: column.path).map { SheetExport.text($0, column.cell) } ?? "" }
            return RecordsModel.Row(id: cells.first ?? "", cells: Array(cells.dropFirst()), closed: closed.contains(id(record)) ? say(.pageClosedMark) : nil)
        }
        let header = columns.map { column in
            let sorted = column.name == sortColumn.name
            var cell = RecordsModel.HeaderCell(
                label: language == .pl ? page.kind.polishHeader(column) : column.name.replacingOccurrences(of: "_", with: " ").capitalisedFirst,
                href: "\(page.path)?" + view.link(sort: column.name, descending: sorted ? !view.descending : false))
            if sorted {
                cell.ariaSort = view.descending ? "descending" : "ascending"
                cell.mark = view.descending ? " ▼" : " ▲"
                cell.markText = say(view.descending ? .pageSortedDescending : .pageSortedAscending)
            }
            return cell
        }
        let title = page.kind.plural.text(language).capitalisedFirst
        var model = RecordsModel(
            title: title, heading: title, path: page.path, query: view.query, header: header, columns: columns.count, rows: rows,
            caption: say(.pageRecordsCaption, .count(shown.isEmpty ? 0 : offset + 1), .count(offset + shown.count), .count(list.count)),
            summary: say(.pageRecordsSummary, .count(list.count)), sort: sortColumn.name, descending: view.descending)
        if page.kind.closes {
            model.hasStates = true
            model.states = [("otwarte", MessageKey.pageStateOpen), ("zamkniete", .pageStateClosed), ("wszystkie", .pageStateAll)].map { value, key in
                ChoiceModel(value: value, label: say(key), selected: value == view.state)
            }
        }
        if session.account.role == page.owner {
            model.addLink = LinkModel(href: "\(page.path)/nowy", label: Message(Pages.newKey(page.kind)).text(language))
        }
        if offset > 0 { model.newer = view.link(offset: max(0, offset - size)) }
        if offset + size < list.count { model.older = view.link(offset: offset + size) }
        return self.page(model, language: language, session: session)
    }

    /// Two cells in a list's order: numbers by value (a decimal comma read as a point), anything
    /// else as Polish reads it (case and diacritics aside: "Ł" between "L" and "M" is close enough).
    static func compareCells(_ a: String, _ b: String, numeric: Bool) -> ComparisonResult {
        if numeric, let x = Double(a.replacingOccurrences(of: ",", with: ".")), let y = Double(b.replacingOccurrences(of: ",", with: ".")) {
            return x < y ? .orderedAscending : x > y ? .orderedDescending : .orderedSame
        }
        if a.isEmpty != b.isEmpty { return a.isEmpty ? .orderedDescending : .orderedAscending }  // empty cells last
        return a.compare(b, options: [.caseInsensitive, .diacriticInsensitive])
    }

    /// The same records as a spreadsheet for Polish Excel (what `kadry export` writes).
    func recordsFile(_ request: Request, _ page: RecordPage, _ session: Session, _ language: Language)
        async throws -> Response
    {
        guard session.account.role == page.owner || session.account.role == .committee else {
            return notForRole(session, language)
        }
        let list = try await visibleRecords(page.kind, field: page.field, session, query: "")
        if page.kind == .participants && session.account.role == .committee && !list.isEmpty {
            try await blocking { [register = api.register, actor = session.account.identity.actor] in
                try register.auditRead(.participants, ids: ["*"], actor: actor, detail: "downloaded as a spreadsheet")
            }
        }
        return TextResponse.make("\u{FEFF}" + SheetExport.csv(list, kind: page.kind), type: "text/csv; charset=utf-8",
                                 filename: "\(page.kind.rawValue).csv")
    }

    /// One participant or need: its fields, what the newest run says of it and why (`kadry why`), and,
    /// for its owner, a form to close it with a reason. Another organisation's answers 404.
    func record(_ id: String, _ page: RecordPage, _ session: Session, _ language: Language,
                notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response
    {
        let account = session.account
        guard RecordID.isValid(id), let record = try await blocking({ [register = api.register] in try register.record(page.kind, id: id) }),
            account.role == .committee || (account.role == page.owner && record[page.field] == .string(account.organisation))
        else {
            return errorPage(.pageNotFound, .pageRecordNotFound, language: language, status: .notFound, session: session)
        }
        if page.kind == .participants && account.role == .committee {
            try await blocking { [register = api.register, actor = account.identity.actor] in
                try register.auditRead(.participants, ids: [id], actor: actor, detail: "read on a page")
            }
        }
        // The runs speak of participants and needs (a programme has no reasons of its own).
        let (answer, closure) = try await blocking { [register = api.register, kind = page.kind] in
            (kind.closes ? try register.why(kind, id: id) : nil, try register.closure(kind, id: id))
        }
        // A cooperative reads its need's reasons without the candidates they name.
        var why = answer?.lines(language) ?? []
        if account.role == .cooperative, let answer {
            why = [why.first ?? ""] + answer.reasonsWithoutExamples.map { "– " + (language == .pl ? $0.pl : $0.en) }
        }
        let fields = page.kind.columns.compactMap { column in
            record.value(at: column.path).map { RecordModel.Field(label: page.kind.polishHeader(column), value: SheetExport.text($0, column.cell)) }
        }
        var model = RecordModel(title: id, heading: "\(page.kind.word.text(language).capitalisedFirst) \(id)", fields: fields, why: why,
                                hasWhy: !why.isEmpty, path: "\(page.path)/\(id)", back: page.path, notice: notice, error: error)
        if let closure {
            model.closed = Message(.whyClosed, .day(Day(iso: String(closure.at.prefix(10))) ?? api.register.today), .message(closure.reason.label))
                .text(language)
        } else if account.role == page.owner {
            model.editLink = "\(page.path)/\(id)/zmien"
        }
        if closure == nil && page.kind.closes && account.role == page.owner {
            model.closeForm = RecordModel.CloseForm(reasons: CloseReason.reasons(for: page.kind).map { ChoiceModel(value: $0.rawValue, label: $0.label.text(language), selected: false) })
        }
        return self.page(model, language: language, session: session, status: status)
    }

    /// Closes a participant or need from its page (its owner only).
    func closeRecord(_ id: String, _ page: RecordPage, _ session: Session,
                     _ fields: [String: String], _ language: Language) async throws -> Response
    {
        let account = session.account
        guard page.kind.closes, account.role == page.owner, RecordID.isValid(id),
            let record = try await blocking({ [register = api.register] in try register.record(page.kind, id: id) }),
            record[page.field] == .string(account.organisation)
        else {
            return errorPage(.pageNotFound, .pageRecordNotFound, language: language, status: .notFound, session: session)
        }
        guard let reason = fields["reason"].flatMap({ CloseReason(text: $0, for: page.kind) }) else {
            return try await self.record(id, page, session, language, error: Message(.pageChooseReason).text(language), status: .unprocessableContent)
        }
        let note = fields["note"].map { String($0.prefix(500)) }.flatMap { $0.isEmpty ? nil : $0 }
        do {
            try await blocking { [register = api.register, actor = account.identity.actor] in
                try register.close(page.kind, id: id, reason: reason, note: note, actor: actor)
            }
            return try await self.record(id, page, session, language,
                                         notice: Message(.cliClosed, .message(page.kind.word), .text(id), .message(reason.label)).text(language))
        } catch let error as RegisterError {
            return try await self.record(id, page, session, language, error: error.text(language), status: .unprocessableContent)
        }
    }
}

/// A list of records: the search and state filter, the columns (sortable), a page of rows.
struct RecordsModel: PageModel {
    static let template = "records"
    var title: String
    var heading: String
    /// The list's address (`/uczestnicy`).
    var path: String
    var query: String
    var header: [HeaderCell]
    var columns: Int
    var rows: [Row]
    var caption: String
    var summary: String
    var sort: String
    var descending: Bool
    var hasStates = false
    var states: [ChoiceModel] = []
    /// "Add a record", for the role that owns such records.
    var addLink: LinkModel?
    var newer: String?
    var older: String?

    /// A column's header: a link that sorts by it, and how it is sorted now, if it is.
    struct HeaderCell: Encodable {
        var label: String
        var href: String
        var ariaSort: String?
        var mark: String?
        var markText: String?
    }

    struct Row: Encodable {
        var id: String
        var cells: [String]
        /// "closed", for a closed record.
        var closed: String?
    }
}

/// One record's page: its fields, what the newest run says of it, and its owner's actions.
struct RecordModel: PageModel {
    static let template = "record"
    var title: String
    var heading: String
    var fields: [Field]
    var why: [String]
    var hasWhy: Bool
    /// The record's address, which its forms post to.
    var path: String
    var back: String
    var notice: String?
    var error: String?
    /// When and why it was closed, if it was.
    var closed: String?
    var editLink: String?
    var closeForm: CloseForm?

    struct Field: Encodable {
        var label: String
        var value: String
    }

    struct CloseForm: Encodable {
        var reasons: [ChoiceModel]
    }
}

extension String {
    var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}
