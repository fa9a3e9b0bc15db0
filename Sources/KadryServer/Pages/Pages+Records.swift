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
        let all = try await blocking { [register = api.register] in try register.records(kind) }
        let account = session.account
        let own = account.role == .committee ? all : all.filter { $0[field] == .string(account.organisation) }
        let wanted = Gazetteer.folded(query)
        guard !wanted.isEmpty else { return own }
        return own.filter { record in
            record.members.contains { member in
                if case .string(let s) = member.value { Gazetteer.folded(s).contains(wanted) } else { false }
            }
        }
    }

    /// A list of records with their columns under Polish headers, searched and paged on the server (50 a page).
    func records(_ request: Request, _ page: RecordPage, _ session: Session, _ language: Language)
        async throws -> Response
    {
        guard session.account.role == page.owner || session.account.role == .committee else {
            return errorPage(.pageNotForRole, .pageNotForRoleMessage, language: language, status: .forbidden, session: session)
        }
        let query = String((request.uri.queryParameters.get("q") ?? "").prefix(100))
        let list = try await visibleRecords(page.kind, field: page.field, session, query: query)
        let size = 50
        let offset = min(max(0, request.uri.queryParameters.get("od").flatMap { Int(String($0.prefix(9))) } ?? 0), max(0, list.count - 1))
        let shown = Array(list.dropFirst(offset).prefix(size))
        if page.kind == .participants && session.account.role == .committee && !shown.isEmpty {
            let ids = shown.compactMap { if case .string(let id)? = $0["id"] { id } else { nil } }
            try await blocking { [register = api.register, actor = session.account.identity.actor] in
                try register.auditRead(.participants, ids: ids, actor: actor, detail: "listed on a page")
            }
        }
        let columns = page.kind.columns
        let rows: [[String: Any]] = shown.map { record in
            let cells = columns.map { column in record.value(at: column.path).map { SheetExport.text($0, column.cell) } ?? "" }
            return ["id": cells.first ?? "", "cells": Array(cells.dropFirst())]
        }
        let title = page.kind.plural.text(language)
        var fields: [String: Any] = [
            "title": title.prefix(1).uppercased() + title.dropFirst(), "heading": title.prefix(1).uppercased() + title.dropFirst(),
            "path": page.path, "query": query, "header": columns.map { page.kind.polishHeader($0) }, "columns": columns.count, "rows": rows,
            "caption": Message(.pageRecordsCaption, .count(shown.isEmpty ? 0 : offset + 1), .count(offset + shown.count), .count(list.count)).text(language),
            "summary": Message(.pageRecordsSummary, .count(list.count)).text(language),
        ]
        if session.account.role == page.owner {
            fields["addLink"] = ["href": "\(page.path)/nowy", "label": Message(Pages.newKey(page.kind)).text(language)]
        }
        if offset > 0 { fields["newer"] = String(max(0, offset - size)) }
        if offset + size < list.count { fields["older"] = String(offset + size) }
        return self.page("records", fields, language: language, session: session)
    }

    /// The same records as a spreadsheet for Polish Excel (what `kadry export` writes).
    func recordsFile(_ request: Request, _ page: RecordPage, _ session: Session, _ language: Language)
        async throws -> Response
    {
        guard session.account.role == page.owner || session.account.role == .committee else {
            return errorPage(.pageNotForRole, .pageNotForRoleMessage, language: language, status: .forbidden, session: session)
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
        let fields: [[String: String]] = page.kind.columns.compactMap { column in
            record.value(at: column.path).map { ["label": page.kind.polishHeader(column), "value": SheetExport.text($0, column.cell)] }
        }
        var object: [String: Any] = ["title": "\(id)", "heading": "\(page.kind.word.text(language).capitalisedFirst) \(id)", "fields": fields,
                                     "why": why, "hasWhy": !why.isEmpty, "path": "\(page.path)/\(id)", "back": page.path]
        if let closure {
            object["closed"] = Message(.whyClosed, .day(Day(iso: String(closure.at.prefix(10))) ?? api.register.today), .message(closure.reason.label))
                .text(language)
        } else if account.role == page.owner {
            object["editLink"] = "\(page.path)/\(id)/zmien"
        }
        if closure == nil && page.kind.closes && account.role == page.owner {
            object["closeForm"] = ["reasons": CloseReason.reasons(for: page.kind).map { ["value": $0.rawValue, "label": $0.label.text(language)] }]
        }
        if let notice { object["notice"] = notice }
        if let error { object["error"] = error }
        return self.page("record", object, language: language, session: session, status: status)
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

extension String {
    var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}
