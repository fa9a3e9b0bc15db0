import Foundation
import Hummingbird
import KadryCore
import KadryRegister
import KadryStore

extension Pages {
    /// The committee's quarterly report as a page that prints well (`?kwartal=2026Q4`, the current quarter by default).
    func report(_ request: Request, _ session: Session, _ language: Language) async throws -> Response {
        let asked = request.uri.queryParameters.get("kwartal").map { String($0.prefix(16)) }
        let today = api.register.today
        guard let quarter = asked.map({ Quarter($0) }) ?? Quarter(containing: today) else {
            return errorPage(.pageBadQuarter, .pageBadQuarterMessage, language: language, status: .badRequest, session: session)
        }
        let report = try await quarterReport(quarter)
        let (title, period, sphere, sections) = ReportRenderer(language: language).sections(report)
        let shown = sections.map { section in
            ReportModel.Section(heading: section.heading, intro: section.intro, tables: section.tables.map { table in
                ReportModel.Table(title: table.title, header: table.header, columns: table.header.count, rows: table.rows.map { ReportModel.Row(cells: $0) },
                                  definitions: table.definitions.nilIfEmpty)
            })
        }
        return page(ReportModel(title: title, heading: title, period: period, sphere: sphere, quarter: quarter.description, sections: shown),
                    language: language, session: session)
    }

    /// `/raport/2026Q4.md` and `/raport/2026Q4.csv`: the report to download, the committee's only.
    func reportFile(_ file: String, _ session: Session, _ language: Language) async throws -> Response {
        let parts = file.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let quarter = Quarter(parts[0]), let format = ReportRenderer.Format(rawValue: parts[1]) else {
            return errorPage(.pageBadQuarter, .pageBadQuarterMessage, language: language, status: .notFound, session: session)
        }
        let text = ReportRenderer(language: language).render(try await quarterReport(quarter), as: format)
        return format == .csv
            ? TextResponse.make("\u{FEFF}" + text, type: "text/csv; charset=utf-8", filename: "raport-\(quarter).csv")
            : TextResponse.make(text, type: "text/markdown; charset=utf-8", filename: "raport-\(quarter).md")
    }

    func quarterReport(_ quarter: Quarter) async throws -> QuarterReport {
        let names = Dictionary(api.catalog.services.map { ($0.slug, $0.name) }, uniquingKeysWith: { a, _ in a })
        return try await blocking { [register = api.register] in try register.quarterReport(quarter, serviceNames: names) }
    }
}

extension Pages {
    /// The audit log, newest first, 100 lines a page (`?od=N` skips N): the committee's only.
    /// The kinds of record the audit log may be filtered by, as its `entity` names them.
    static let auditEntities: [(entity: String, label: MessageKey)] = [
        ("participant", .pageEntityParticipant), ("programme", .pageEntityProgramme), ("need", .pageEntityNeed),
        ("institution", .pageEntityInstitution), ("cooperative", .pageEntityCooperative), ("proposal", .pageEntityProposal),
        ("match_run", .pageEntityRun), ("account", .pageEntityAccount), ("api_token", .pageEntityToken),
    ]

    /// The audit log, newest first, 100 lines a page; filtered by kind of record and by one record's id.
    func auditLog(_ request: Request, _ session: Session, _ language: Language) async throws -> Response {
        let size = 100
        let q = request.uri.queryParameters
        let offset = min(max(0, q.get("od").flatMap { Int(String($0.prefix(9))) } ?? 0), 100_000_000)
        let entity = q.get("rekord").map { String($0) }.flatMap { e in Pages.auditEntities.contains { $0.entity == e } ? e : nil }
        let id = q.get("id").map { String($0.prefix(64)) }.flatMap { RecordID.isValid($0) ? $0 : nil }
        let entries = try await blocking { [register = api.register] in
            try register.auditLog(entity: entity, id: entity == nil ? nil : id, limit: size + 1, offset: offset)
        }
        let shown = entries.prefix(size).map { e in
            AuditModel.Entry(at: e.at.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC"), actor: e.actor,
                             action: e.action, entity: e.entity, entityID: e.entityID, detail: e.detail ?? "")
        }
        let filter = (entity.map { "rekord=\($0)&" } ?? "") + (id.map { "id=\($0)&" } ?? "")
        let model = AuditModel(
            title: Message(.pageAudit).text(language), heading: Message(.pageAudit).text(language),
            caption: Message(.pageAuditCaption, .count(offset + 1), .count(offset + shown.count)).text(language), entries: Array(shown),
            entities: [ChoiceModel(value: "", label: Message(.pageFilterAll).text(language), selected: entity == nil)]
                + Pages.auditEntities.map { ChoiceModel(value: $0.entity, label: Message($0.label).text(language), selected: $0.entity == entity) },
            id: id ?? "",
            newer: offset > 0 ? filter + "od=\(max(0, offset - size))" : nil,
            older: entries.count > size ? filter + "od=\(offset + size)" : nil)
        return page(model, language: language, session: session)
    }
}

/// The quarterly report as a page: its sections, each with its tables.
struct ReportModel: PageModel {
    static let template = "report"
    var title: String
    var heading: String
    var period: String
    var sphere: String
    /// The quarter shown, as the form and the downloads name it ("2026Q4").
    var quarter: String
    var sections: [Section]

    struct Section: Encodable {
        var heading: String
        var intro: String?
        var tables: [Table]
    }

    struct Table: Encodable {
        var title: String
        var header: [String]
        var columns: Int
        var rows: [Row]
        var definitions: String?
    }

    struct Row: Encodable {
        var cells: [String]
    }
}

/// The audit log: a page of entries, newest first, and the filter by kind of record and id.
struct AuditModel: PageModel {
    static let template = "audit"
    var title: String
    var heading: String
    var caption: String
    var entries: [Entry]
    var entities: [ChoiceModel]
    /// The record id filtered by, as typed (empty for none).
    var id: String
    var newer: String?
    var older: String?

    struct Entry: Encodable {
        var at: String
        var actor: String
        var action: String
        var entity: String
        var entityID: String
        var detail: String
    }
}
