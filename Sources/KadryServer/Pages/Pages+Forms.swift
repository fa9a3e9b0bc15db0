import Foundation
import Hummingbird
import KadryCore
import KadryRegister
import KadryStore
import NIOCore

/// A kind of record's pages: where they live, the role that owns such records, and the field naming the owner.
typealias RecordPage = (path: String, kind: RecordKind, owner: Role, field: String)

extension Pages {
    // MARK: - Adding and changing one record

    /// The form for a new record (its owner's role only).
    func newRecordForm(_ page: RecordPage, _ session: Session, _ language: Language) async throws -> Response {
        guard session.account.role == page.owner else { return notForRole(session, language) }
        return recordForm(page, id: nil, values: [:], problems: [], session, language)
    }

    /// The form of a record its owner changes, filled with what the register holds.
    func editRecordForm(_ id: String, _ page: RecordPage, _ session: Session, _ language: Language) async throws -> Response {
        guard let record = try await ownRecord(id, page, session) else { return recordNotFound(session, language) }
        var values: [String: String] = [:]
        for column in page.kind.columns {
            if let value = record.value(at: column.path) { values[column.name] = SheetExport.text(value, column.cell) }
        }
        return recordForm(page, id: id, values: values, problems: [], session, language)
    }

    /// A record of the session's organisation (nil for another's, so that its existence does not show).
    func ownRecord(_ id: String, _ page: RecordPage, _ session: Session) async throws -> JSONObject? {
        let account = session.account
        guard account.role == page.owner, RecordID.isValid(id),
            let record = try await blocking({ [register = api.register] in try register.record(page.kind, id: id) }),
            record[page.field] == .string(account.organisation)
        else { return nil }
        return record
    }

    /// Saves a new or changed record from its form. It is read as a spreadsheet row is and checked
    /// as an import is; on any problem nothing is written and the form comes back with what was
    /// typed and each problem beside its field.
    func saveRecord(_ id: String?, _ page: RecordPage, _ session: Session, _ fields: [String: String], _ language: Language) async throws
        -> Response
    {
        let account = session.account
        // A record of another (or of another role's kind) is not found, as its page is; a new one is the owner role's only.
        if let id {
            guard try await ownRecord(id, page, session) != nil else { return recordNotFound(session, language) }
        } else {
            guard account.role == page.owner else { return notForRole(session, language) }
        }
        var typed = fields.filter { $0.key != "_csrf" }.mapValues { String($0.prefix(2000)) }
        let recordID = id ?? Register.newID(page.kind)
        typed["id"] = recordID
        typed[page.field] = account.organisation
        let batch = SheetImport.readForm(typed, kind: page.kind)
        do {
            _ = try await blocking { [register = api.register, vocabulary = api.vocabulary, actor = account.identity.actor] in
                try register.putRecord(batch, mode: id == nil ? .create : .replace, vocabulary: vocabulary, actor: actor)
            }
            return Pages.redirect("\(page.path)/\(recordID)?zapisano=1")
        } catch let failure as ImportFailure {
            return recordForm(page, id: id, values: typed, problems: failure.problems, session, language, status: .unprocessableContent)
        } catch let error as RegisterError {
            return recordForm(page, id: id, values: typed, problems: [ImportProblem(place: "", Message(.verbatim, .text(error.text(language))))], session, language,
                              status: .unprocessableContent)
        }
    }

    /// The form itself: every column but the id and the owner, each with the input its cells take.
    func recordForm(_ page: RecordPage, id: String?, values: [String: String], problems: [ImportProblem], _ session: Session,
                    _ language: Language, status: HTTPResponse.Status = .ok) -> Response
    {
        let kind = page.kind
        // Places by name first; coordinates, for whoever has them instead, last.
        let shown = kind.columns.filter { $0.name != "id" && $0.name != page.field }
        let columns = shown.filter { $0.name != "lat" && $0.name != "lon" } + shown.filter { $0.name == "lat" || $0.name == "lon" }
        let names = Set(columns.map(\.name))
        var atField: [String: [String]] = [:]
        var general: [String] = []
        for problem in problems {
            if names.contains(problem.place) { atField[problem.place, default: []].append(problem.said.text(language)) } else {
                general.append(problem.said.text(language))
            }
        }
        let fields = columns.map { formField($0, kind: kind, value: values[$0.name] ?? "", error: atField[$0.name]?.joined(separator: " "), language) }
        let heading = id.map { Message(.pageEditTitle, .text("\(kind.word.text(language).capitalisedFirst) \($0)")).text(language) }
            ?? Message(Pages.newKey(kind)).text(language)
        var model = FormModel(title: heading, heading: heading, fields: fields,
                              action: id.map { "\(page.path)/\($0)/zmien" } ?? "\(page.path)/nowy", back: id.map { "\(page.path)/\($0)" } ?? page.path)
        if !problems.isEmpty {
            model.problems = FormModel.Problems(
                summary: Message(.pageFormProblems, .count(max(1, atField.count))).text(language), general: general,
                fields: fields.compactMap { field in field.error.map { FormModel.FieldProblem(id: field.id, label: field.label, error: $0) } })
        }
        return self.page(model, language: language, session: session, status: status)
    }

    static func newKey(_ kind: RecordKind) -> MessageKey {
        switch kind {
        case .participants: .pageNewParticipants
        case .programmes: .pageNewProgrammes
        default: .pageNewNeeds
        }
    }

    /// One field of a record's form: its label, its input (text, date, a choice of one, or boxes for a
    /// closed list), the value to show, a hint from the template's example, and its problem.
    func formField(_ column: Column, kind: RecordKind, value: String, error: String?, _ language: Language) -> FormModel.Field {
        let id = "f-\(column.name)"
        let label = language == .pl ? kind.polishHeader(column) : column.name.replacingOccurrences(of: "_", with: " ").capitalisedFirst
        var field = FormModel.Field(name: column.name, id: id, label: label, value: value, required: column.required)
        var hints: [String] = []
        let services = Vocabulary.services(api.vocabulary)
        func say(_ key: MessageKey, _ arguments: Message.Argument...) -> String { Message(key, arguments: arguments).text(language) }
        /// A choice of one: the typed value is matched as import reads it (a code, or its Polish words).
        func choice(_ options: [(code: String, label: String)], chosen: String?) {
            field.isSelect = true
            field.options = [FormModel.Option(value: "", label: say(.pageNoChoice))] + options.map { option in
                FormModel.Option(value: option.code, label: option.label, selected: option.code == chosen)
            }
        }
        func boxes(_ vocabulary: Vocabulary) {
            let chosen = Set(SheetCells.list(value).compactMap { vocabulary.code($0) })
            field.isChecks = true
            field.options = vocabulary.terms.enumerated().map { i, term in
                FormModel.Option(value: term.code, label: term.polish, selected: chosen.contains(term.code), boxID: "\(id)-\(i)")
            }
        }
        switch (column.name, column.cell) {
        case ("service", _):
            choice(services.terms.map { ($0.code, $0.polish) }, chosen: services.code(value))
        case ("clearances", _), ("requires_clearances", _):
            boxes(.clearances)
        case ("preferred_services", _), ("excluded_services", _):
            boxes(services)
        case (_, .flag):
            choice([("tak", say(.pageYes)), ("nie", say(.pageNo))], chosen: SheetFlags.parse(value).map { $0 ? "tak" : "nie" })
        case (_, .education):
            choice(Education.allCases.map { ($0.description, language == .pl ? Polish.education($0) : $0.description) },
                   chosen: SheetCells.education(value))
        case (_, .date):
            field.isDate = true
            // A date input takes ISO dates; what a browser without one sent is shown as typed.
            field.value = SheetDates.parse(value)?.description ?? value
        case (_, .decimal):
            field.inputmode = "decimal"
        case (_, .integer):
            field.inputmode = "numeric"
        case (_, .credentials):
            hints.append(say(.pageHintCredentials))
        case (_, .requirements):
            hints.append(say(.pageHintRequirements))
        case (_, .list):
            hints.append(say(.pageHintList))
        default:
            break
        }
        if column.name == "locality" { hints.append(say(.pageHintPlace)) }
        if column.name == "lat" || column.name == "lon" { hints.append(say(.pageHintCoordinates)) }
        if !field.isSelect, !field.isChecks, !field.isDate, let example = SheetTemplate.example(kind)[column.name], !example.isEmpty {
            hints.append(say(.pageExample, .text(example)))
        }
        field.hint = hints.isEmpty ? nil : hints.joined(separator: " ")
        field.error = error
        let described = [hints.isEmpty ? nil : "\(id)-hint", error == nil ? nil : "\(id)-error"].compactMap { $0 }
        field.describedBy = described.isEmpty ? nil : described.joined(separator: " ")
        return field
    }

    func notForRole(_ session: Session, _ language: Language) -> Response {
        errorPage(.pageNotForRole, .pageNotForRoleMessage, language: language, status: .forbidden, session: session)
    }

    func recordNotFound(_ session: Session, _ language: Language) -> Response {
        errorPage(.pageNotFound, .pageRecordNotFound, language: language, status: .notFound, session: session)
    }
}

extension Pages {
    // MARK: - A spreadsheet of records

    /// The upload form, with what the last upload did: its summary, or every problem it found.
    func uploadPage(_ page: RecordPage, _ session: Session, _ language: Language, notice: String? = nil, error: String? = nil,
                    problems: [ImportProblem] = [], status: HTTPResponse.Status = .ok) -> Response
    {
        guard session.account.role == page.owner else { return notForRole(session, language) }
        let title = Message(.pageUpload).text(language)
        let model = UploadModel(
            title: title, heading: "\(title): \(page.kind.plural.text(language))", path: page.path, notice: notice, error: error,
            problemSummary: problems.isEmpty ? nil : Message(.pageUploadProblems, .count(problems.count)).text(language),
            problemList: problems.map { UploadModel.Problem(place: Pages.cellPlace($0.place, language), text: $0.said.text(language)) })
        return self.page(model, language: language, session: session, status: status)
    }

    /// `FILE:LINE:COLUMN` as a spreadsheet's user finds it: "wiersz 3, kolumna C".
    static func cellPlace(_ place: String, _ language: Language) -> String {
        let parts = place.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) else { return place }
        if column == 0 { return line == 1 ? Message(.pageHeaderRow).text(language) : Message(.pageLine, .text(String(line))).text(language) }
        var letters = ""
        var n = column
        while n > 0 {
            n -= 1
            letters = String(UnicodeScalar(UInt8(65 + n % 26))) + letters
            n /= 26
        }
        return Message(.pageProblemPlace, .text(String(line)), .text(letters)).text(language)
    }

    /// A spreadsheet of the organisation's records, read and checked as `kadry import` does, with two
    /// rules of its own: a row's owner is the session's organisation (an empty cell is filled in), and
    /// a row's id is one of its own records (changed) or empty (a new record, named by the service).
    /// Every problem at once; on any, nothing is written.
    func upload(_ request: Request, _ page: RecordPage, _ session: Session, _ language: Language) async throws -> Response {
        guard session.account.role == page.owner else { return notForRole(session, language) }
        guard let boundary = Multipart.boundary(request.headers[.contentType]) else {
            return errorPage(.pageBadForm, .pageBadFormMessage, language: language, status: .badRequest, session: session)
        }
        let limit = api.limits.upload
        let buffer: ByteBuffer?
        do {
            buffer = try await BodyReading.collect(request.body, limit: limit + 64 * 1024, seconds: api.limits.bodySeconds)
        } catch is NIOTooManyBytesError {
            return uploadPage(page, session, language, error: Message(.pageUploadTooLarge, .count(limit / (1024 * 1024))).text(language),
                              status: .contentTooLarge)
        }
        guard let buffer, let parts = Multipart.parse(Array(buffer.readableBytesView), boundary: boundary) else {
            return errorPage(.pageBadForm, .pageBadFormMessage, language: language, status: .badRequest, session: session)
        }
        guard let token = parts.first(where: { $0.name == "_csrf" }), Pages.tokenMatches(String(decoding: token.body, as: UTF8.self), session.csrf)
        else {
            return errorPage(.pageCsrf, .pageCsrfMessage, language: language, status: .forbidden, session: session)
        }
        guard let file = parts.first(where: { $0.name == "plik" }), !file.body.isEmpty else {
            return uploadPage(page, session, language, error: Message(.pageUploadNoFile).text(language), status: .unprocessableContent)
        }
        guard file.body.count <= limit else {
            return uploadPage(page, session, language, error: Message(.pageUploadTooLarge, .count(limit / (1024 * 1024))).text(language),
                              status: .contentTooLarge)
        }
        if file.body.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return uploadPage(page, session, language, error: Message(.pageUploadXlsx).text(language), status: .unprocessableContent)
        }
        let name = Pages.fileName(file.filename, fallback: "\(page.kind.rawValue).csv")
        var batch: RecordBatch
        do {
            // The audit log says "a page's upload", not the file's name, which may name a person.
            batch = try SheetImport.readCSV(file.body, file: "upload", kind: page.kind, optional: ["id", page.field])
        } catch {
            return uploadPage(page, session, language, problems: error.problems, status: .unprocessableContent)
        }
        let organisation = session.account.organisation
        let own = try await blocking { [register = api.register, kind = page.kind, field = page.field] in
            try register.ids(kind, owner: field, is: organisation)
        }
        var problems: [ImportProblem] = []
        for i in batch.records.indices {
            if case .string(let owner)? = batch.records[i][page.field], !owner.isEmpty, owner != organisation {
                problems.append(ImportProblem(place: batch.locate(i, page.field), Message(.uploadNotYourOrganisation, .text(owner), .text(organisation))))
            }
            batch.records[i][page.field] = .string(organisation)
            if case .string(let id)? = batch.records[i]["id"], !id.isEmpty {
                if !own.contains(id) { problems.append(ImportProblem(place: batch.locate(i, "id"), Message(.uploadNotYourID, .text(id)))) }
            } else {
                batch.records[i]["id"] = .string(Register.newID(page.kind))
            }
        }
        batch.problems += problems
        do {
            let summary = try await blocking { [register = api.register, vocabulary = api.vocabulary, actor = session.account.identity.actor, batch] in
                try register.importRecords(batch, vocabulary: vocabulary, actor: actor)
            }
            let notice = Message(.pageUploadDone, .text(name), .count(summary.added.count), .count(summary.updated.count), .count(summary.unchanged))
            return uploadPage(page, session, language, notice: notice.text(language))
        } catch let failure as ImportFailure {
            return uploadPage(page, session, language, problems: failure.problems, status: .unprocessableContent)
        } catch let error as RegisterError {
            return uploadPage(page, session, language, error: error.text(language), status: .unprocessableContent)
        }
    }

    /// A file name as the audit log and the page may show it: its last part, printable, at most 100 characters.
    static func fileName(_ sent: String?, fallback: String) -> String {
        let last = (sent ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(String.UnicodeScalarView(last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }).prefix(100))
        return clean.isEmpty ? fallback : clean
    }

    /// The spreadsheet to fill in: Polish headers and the example row, the organisation already in its column, no id (new records).
    func uploadTemplate(_ page: RecordPage, _ session: Session, _ language: Language) -> Response {
        guard session.account.role == page.owner else { return notForRole(session, language) }
        let text = SheetTemplate.csv(page.kind, filled: ["id": "", page.field: session.account.organisation])
        return TextResponse.make("\u{FEFF}" + text, type: "text/csv; charset=utf-8", filename: "wzor-\(page.kind.rawValue).csv")
    }
}

/// A record's form: every field with its input, what was typed, and each problem beside its field.
struct FormModel: PageModel {
    static let template = "form"
    var title: String
    var heading: String
    var fields: [Field]
    /// Where the form posts: `…/nowy` for a new record, `…/{id}/zmien` for a change.
    var action: String
    var back: String
    var problems: Problems?

    /// One field: a text or date input, a choice of one (`isSelect`) or a group of boxes (`isChecks`).
    struct Field: Encodable {
        var name: String
        var id: String
        var label: String
        var value: String
        var required: Bool
        var isSelect = false
        var isChecks = false
        var isDate = false
        var options: [Option] = []
        var inputmode: String?
        var hint: String?
        var error: String?
        /// The ids of the hint and the error, for `aria-describedby`.
        var describedBy: String?
    }

    /// A choice of a select, or a box of a group (with its own id, for its label).
    struct Option: Encodable {
        var value: String
        var label: String
        var selected = false
        var boxID: String?
    }

    /// The problems at the top of a refused form: a summary, those of no one field, and links to the fields.
    struct Problems: Encodable {
        var summary: String
        var general: [String]
        var fields: [FieldProblem]
    }

    struct FieldProblem: Encodable {
        var id: String
        var label: String
        var error: String
    }
}

/// A spreadsheet upload: the form, and what the last upload did (a summary, or every problem by its cell).
struct UploadModel: PageModel {
    static let template = "upload"
    var title: String
    var heading: String
    var path: String
    var notice: String?
    var error: String?
    var problemSummary: String?
    var problemList: [Problem]

    struct Problem: Encodable {
        var place: String
        var text: String
    }
}
