import Foundation
import Hummingbird
import KadryCore
import KadryRegister
import KadryStore

extension Pages {
    /// The page of a kind of record, its owner's role, and the field naming the owner.
    static let recordPages: [(path: String, kind: RecordKind, owner: Role, field: String)] = [
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
    func records(_ request: Request, _ page: (path: String, kind: RecordKind, owner: Role, field: String), _ session: Session, _ language: Language)
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
            ["cells": columns.map { column in record.value(at: column.path).map { SheetExport.text($0, column.cell) } ?? "" }]
        }
        let title = page.kind.plural.text(language)
        var fields: [String: Any] = [
            "title": title.prefix(1).uppercased() + title.dropFirst(), "heading": title.prefix(1).uppercased() + title.dropFirst(),
            "path": page.path, "query": query, "header": columns.map { page.kind.polishHeader($0) }, "columns": columns.count, "rows": rows,
            "caption": Message(.pageRecordsCaption, .count(shown.isEmpty ? 0 : offset + 1), .count(offset + shown.count), .count(list.count)).text(language),
            "summary": Message(.pageRecordsSummary, .count(list.count)).text(language),
        ]
        if offset > 0 { fields["newer"] = String(max(0, offset - size)) }
        if offset + size < list.count { fields["older"] = String(offset + size) }
        return self.page("records", fields, language: language, session: session)
    }

    /// The same records as a spreadsheet for Polish Excel (what `kadry export` writes).
    func recordsFile(_ request: Request, _ page: (path: String, kind: RecordKind, owner: Role, field: String), _ session: Session, _ language: Language)
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
}
