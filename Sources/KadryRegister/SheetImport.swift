import KadryCore

/// A problem with one place in an imported file: `FILE:LINE:COLUMN: message`
/// for a spreadsheet, `FILE: JSON.path: message` for a JSON file.
public struct ImportProblem: Sendable, Equatable, CustomStringConvertible {
    public var place: String
    public var said: Message

    public init(place: String, message: String) {
        self.place = place
        said = Message(.verbatim, .text(message))
    }

    public init(place: String, _ said: Message) {
        self.place = place
        self.said = said
    }

    /// The problem in Polish.
    public var message: String { said.text(.pl) }

    public var description: String { "\(place): \(message)" }

    public func text(_ language: Language) -> String { "\(place): \(said.text(language))" }
}

/// Why an import was refused: every problem found, in file order.
public struct ImportFailure: Error, Sendable, CustomStringConvertible {
    public var problems: [ImportProblem]
    public init(problems: [ImportProblem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Records read from one file, in the spec's shapes, not yet checked against the register.
public struct RecordBatch: Sendable {
    public var kind: RecordKind
    public var file: String
    public var records: [JSONObject]
    /// Things worth saying that do not stop the import (ignored columns, unknown service slugs).
    public var notes: [ImportProblem] = []
    /// Cells that could not be read, each at its place: reported with the rules' problems, so
    /// that one run names every problem of the file.
    public var problems: [ImportProblem] = []
    /// The fields (top-level keys) of each record whose cell could not be read or whose column is
    /// missing: the rules say nothing more of them.
    var unreadable: [Int: Set<String>] = [:]
    /// Where a field of a record came from: (record index, field path inside the record) → place.
    public let locate: @Sendable (Int, String) -> String

    /// One record sent as a JSON object (an API request body): problems are named by their JSON path.
    public static func single(_ object: JSONObject, kind: RecordKind) -> RecordBatch {
        let keys = kind.keys
        return RecordBatch(kind: kind, file: "$", records: [JSONObject(object.members.filter { keys.contains($0.key) })]) { _, path in
            path.isEmpty ? "$" : path
        }
    }

    public var ids: [String] {
        records.map { if case .string(let id)? = $0["id"] { id } else { "" } }
    }
}

/// What an import is checked against: the ids records may refer to.
public struct RegisterContext: Sendable {
    public var institutionIDs: Set<String>
    public var cooperativeIDs: Set<String>

    public init(institutionIDs: Set<String>, cooperativeIDs: Set<String>) {
        self.institutionIDs = institutionIDs
        self.cooperativeIDs = cooperativeIDs
    }
}

public enum SheetImport {
    /// Reads a CSV spreadsheet of `kind` records. Cells are converted to the
    /// spec's shapes; a cell that cannot be read is a problem at its line and column.
    public static func readCSV(
        _ bytes: [UInt8], file: String, kind: RecordKind, encoding: TextEncoding? = nil, delimiter: Character? = nil,
        optional: Set<String> = []
    ) throws(ImportFailure) -> RecordBatch {
        let text: String
        switch TextEncoding.decodeSheet(bytes, as: encoding) {
        case .success(let decoded): text = decoded.text
        case .failure(let message): throw ImportFailure(problems: [ImportProblem(place: "\(file):1:0", message)])
        }
        let table: CSVTable
        do {
            table = try CSV.parse(text, file: file, delimiter: delimiter)
        } catch {
            throw ImportFailure(problems: [ImportProblem(place: "\(file):\(error.line):\(error.column)", message: error.message)])
        }
        var problems: [ImportProblem] = []
        var notes: [ImportProblem] = []
        // Header: which column of the file holds each known column.
        // `optional` names columns the caller fills in itself (a page's upload: the id and the owner).
        let known = kind.columns.map { column in
            var column = column
            if optional.contains(column.name) { column.required = false }
            return column
        }
        var positions = [Int?](repeating: nil, count: known.count)
        var ignored: [String] = []
        for (i, header) in table.header.enumerated() {
            let key = Column.normalised(header)
            if key.isEmpty { continue }
            guard let k = known.firstIndex(where: { Column.normalised($0.name) == key || Column.normalised(kind.polishHeader($0)) == key }) else {
                ignored.append(header)
                continue
            }
            if let first = positions[k] {
                problems.append(ImportProblem(place: "\(file):1:\(i + 1)", Message(.cellColumnTwice, .text(header), .count(first + 1))))
            }
            positions[k] = i
        }
        var missing: Set<String> = []
        for (k, column) in known.enumerated() where column.required && positions[k] == nil {
            problems.append(ImportProblem(place: "\(file):1:0", Message(
                .columnMissing, .text(column.name), .text(kind.rawValue), .list(known.filter(\.required).map(\.name)))))
            missing.insert(column.path[0])
        }
        if !missing.isEmpty {
            // Name what the header holds, so a header in other words can be told from a missing column.
            problems.append(ImportProblem(place: "\(file):1:0", Message(.columnsFoundHeader, .list(table.header.map { "„\($0)”" }))))
        }
        if !ignored.isEmpty {
            notes.append(ImportProblem(place: "\(file):1:0", Message(.cellIgnoredColumns, .list(ignored))))
        }
        var unreadable: [Int: Set<String>] = [:]

        var records: [JSONObject] = []
        for row in table.rows {
            var object = JSONObject()
            var failed = missing
            for (k, column) in known.enumerated() {
                guard let index = positions[k] else { continue }
                let raw = CSV.restored(index < row.cells.count ? row.cells[index].trimmingSpaces : "")
                let place = "\(file):\(row.line):\(index + 1)"
                switch fill(&object, column, raw: raw) {
                case .read: break
                case .missing:
                    problems.append(ImportProblem(place: place, Message(.cellRequiredEmpty, .text(column.name))))
                    failed.insert(column.path[0])
                case .unreadable(let said):
                    problems.append(ImportProblem(place: place, Message(.cellProblem, .text(column.name), .message(said))))
                    failed.insert(column.path[0])
                }
            }
            if row.cells.count > table.header.count {
                for i in table.header.count..<row.cells.count where !row.cells[i].trimmingSpaces.isEmpty {
                    problems.append(ImportProblem(place: "\(file):\(row.line):\(i + 1)", Message(.cellNoHeader)))
                }
            }
            if !failed.isEmpty { unreadable[records.count] = failed }
            records.append(object)
        }
        let lines = table.rows.map(\.line)
        let fieldColumn: [String: Int] = Dictionary(
            known.indices.compactMap { k in positions[k].map { (known[k].path.joined(separator: "."), $0 + 1) } },
            uniquingKeysWith: { a, _ in a })
        var batch = RecordBatch(kind: kind, file: file, records: records, notes: notes) { record, path in
            "\(file):\(lines[record]):\(column(of: path, in: fieldColumn))"
        }
        batch.problems = problems
        batch.unreadable = unreadable
        return batch
    }

    /// The column a field path (`location.lat`, `credentials[1].code`) came from, or 0.
    static func column(of path: String, in fieldColumn: [String: Int]) -> Int {
        var candidate = path
        while !candidate.isEmpty {
            if let c = fieldColumn[candidate] { return c }
            guard let cut = candidate.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            candidate = String(candidate[..<cut])
        }
        return 0
    }

    /// What reading one cell into a record came to.
    enum CellReading {
        case read, missing
        case unreadable(Message)
    }

    /// Reads one cell (already trimmed) into its field of `object`: an empty optional cell leaves
    /// the field out (an empty requirements cell is "nothing required"), an empty required one is missing.
    static func fill(_ object: inout JSONObject, _ column: Column, raw: String) -> CellReading {
        if raw.isEmpty {
            if column.required { return .missing }
            if column.cell == .requirements { object["requires"] = .array([]) }
            return .read
        }
        switch convert(raw, column) {
        case .success(let value):
            object.set(column.path, value)
            return .read
        case .failure(let problem):
            return .unreadable(problem.said)
        }
    }

    static func convert(_ raw: String, _ column: Column) -> Result<JSONValue, CellProblem> {
        switch column.cell {
        case .text:
            return .success(.string(raw))
        case .decimal:
            guard let literal = Cells.decimal(raw) else { return .failure(CellProblem(Message(.cellNotNumber, .text(raw)))) }
            return .success(.number(literal))
        case .integer:
            guard let literal = Cells.integer(raw) else { return .failure(CellProblem(Message(.cellNotWholeNumber, .text(raw)))) }
            return .success(.number(literal))
        case .date:
            if let (_, midnight) = Cells.dateTime(raw), !midnight {
                return .failure(CellProblem(Message(.dateTimeNotMidnight, .text(raw))))
            }
            guard let day = Cells.date(raw) else { return .failure(CellProblem(Message(.cellNotDate, .text(raw)))) }
            return .success(.string(day))
        case .flag:
            guard let flag = Cells.flag(raw) else { return .failure(CellProblem(Message(.cellNotFlag, .text(raw)))) }
            return .success(.bool(flag))
        case .education:
            guard let level = Cells.education(raw) else {
                return .failure(CellProblem(Message(.cellNotEducation, .text(raw))))
            }
            return .success(.string(level))
        case .list:
            return .success(.array(Cells.list(raw).map { .string($0) }))
        case .credentials:
            var held: [JSONValue] = []
            for item in Cells.list(raw) {
                let parts = item.split(whereSeparator: { $0 == "@" || $0 == " " }).map(String.init)
                guard parts.count == 2 else {
                    return .failure(CellProblem(Message(.cellNotCredential, .text(item))))
                }
                guard let day = Cells.date(parts[1]) else {
                    return .failure(CellProblem(Message(.cellCredentialDate, .text(item), .text(parts[1]))))
                }
                held.append(["code": .string(parts[0]), "obtained": .string(day)])
            }
            return .success(.array(held))
        case .requirements:
            return .success(.array(Cells.list(raw).map { clause in .array(Cells.list(clause, separator: "/").map { .string($0) }) }))
        }
    }

    struct CellProblem: Error {
        var said: Message
        init(_ said: Message) { self.said = said }
    }

    /// Reads a JSON file of `kind` records: a list of objects in the spec's
    /// shape, an object holding such a list under the kind's name (a whole
    /// `kadry-instance/1` file works), or a single record. Fields Kadry does not keep are dropped.
    public static func readJSON(_ bytes: [UInt8], file: String, kind: RecordKind) throws(ImportFailure) -> RecordBatch {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw ImportFailure(problems: [ImportProblem(place: "\(file):\(error.line):\(error.column)", message: "malformed JSON: \(error.reason)")])
        }
        let items: [JSONValue]
        let prefix: String
        switch document {
        case .array(let list):
            (items, prefix) = (list, "")
        case .object(let object):
            if let value = object[kind.rawValue] {
                guard case .array(let list) = value else {
                    throw ImportFailure(problems: [ImportProblem(place: "\(file): \(kind)", message: "is not a list")])
                }
                (items, prefix) = (list, kind.rawValue)
            } else if object["id"] != nil {
                (items, prefix) = ([document], "")
            } else {
                throw ImportFailure(problems: [ImportProblem(
                    place: "\(file): $", message: "expected a list of \(kind), or an object with a \"\(kind)\" list")])
            }
        default:
            throw ImportFailure(problems: [ImportProblem(place: "\(file): $", message: "expected a list of \(kind)")])
        }
        var records: [JSONObject] = []
        var problems: [ImportProblem] = []
        let keys = kind.keys
        for (i, item) in items.enumerated() {
            guard case .object(let object) = item else {
                problems.append(ImportProblem(place: "\(file): \(prefix)[\(i)]", message: "is not an object"))
                continue
            }
            records.append(JSONObject(object.members.filter { keys.contains($0.key) }))
        }
        if !problems.isEmpty { throw ImportFailure(problems: problems) }
        return RecordBatch(kind: kind, file: file, records: records) { record, path in
            "\(file): \(prefix)[\(record)]\(path.isEmpty ? "" : ".\(path)")"
        }
    }

    /// Checks records with the very rules the matcher's instance reader
    /// applies (ranges, dates, credential codes, references to the register),
    /// and reports each problem at its place in the file.
    public static func validate(
        _ batch: RecordBatch, context: RegisterContext, vocabulary: InstanceVocabulary
    ) throws(ImportFailure) -> [ImportProblem] {
        var root = JSONObject()
        root["format"] = .string(InstanceReader.format)
        root["asOf"] = "2000-01-01"
        func stub(_ id: String, _ kind: RecordKind) -> JSONValue {
            var o: JSONObject = ["id": .string(id), "name": "", "location": ["lat": 0, "lon": 0]]
            if kind == .institutions { o["kind"] = "KIS" }
            return .object(o)
        }
        root["institutions"] = .array(context.institutionIDs.sorted().map { stub($0, .institutions) })
        root["cooperatives"] = .array(context.cooperativeIDs.sorted().map { stub($0, .cooperatives) })
        root["participants"] = .array([])
        root["needs"] = .array([])
        root[batch.kind.rawValue] = .array(batch.records.map { .object($0) })
        let reader = InstanceReader(vocabulary: vocabulary)
        func place(_ path: String) -> String? {
            let head = batch.kind.rawValue + "["
            guard path.hasPrefix(head), let close = path.firstIndex(of: "]"),
                let index = Int(path[path.index(path.startIndex, offsetBy: head.count)..<close])
            else { return nil }
            var rest = path[path.index(after: close)...]
            if rest.hasPrefix(".") { rest = rest.dropFirst() }
            return batch.locate(index, String(rest))
        }
        // Ids beyond what the register takes, each at its place; reported with the reader's problems.
        var idProblems: [ImportProblem] = []
        for (i, record) in batch.records.enumerated() {
            if case .string(let id)? = record["id"], let problem = RecordID.problem(id) {
                idProblems.append(ImportProblem(place: batch.locate(i, "id"), message: problem))
            }
        }
        /// Whether a rule's problem is about a field whose cell already has a problem of its own.
        func aboutUnreadable(_ problem: InstanceProblem) -> Bool {
            let head = batch.kind.rawValue + "["
            guard !batch.unreadable.isEmpty, problem.path.hasPrefix(head), let close = problem.path.firstIndex(of: "]"),
                let index = Int(problem.path[problem.path.index(problem.path.startIndex, offsetBy: head.count)..<close]),
                let fields = batch.unreadable[index]
            else { return false }
            let rest = problem.path[problem.path.index(after: close)...].drop { $0 == "." }
            if rest.isEmpty {
                return problem.said.key == .readerMissingField && fields.contains { problem.said.arguments.first == .text($0) }
            }
            let key = rest.prefix { $0 != "." && $0 != "[" }
            return fields.contains(String(key))
        }
        var problems = batch.problems + idProblems
        var instance: Instance?
        do {
            instance = try reader.read(.object(root))
        } catch {
            problems += error.problems.filter { !aboutUnreadable($0) }.map { problem in
                let at = place(problem.path) ?? batch.file
                var said = problem.said
                switch (said.key, said.arguments.first) {
                case (.readerNotInstitution, let id?): said = Message(.importNotInstitutionInRegister, id)
                case (.readerNotCooperative, let id?): said = Message(.importNotCooperativeInRegister, id)
                case (.readerDuplicateID, .text(let id)?):
                    // A duplicate id names the line of its first occurrence, not a JSON path.
                    if case .count(let first)? = said.arguments.last, batch.records.indices.contains(first),
                        let line = batch.locate(first, "id").split(separator: ":").dropFirst().first.map(String.init), Int(line) != nil
                    {
                        said = Message(.duplicateIDLine, .text(id), .text(line))
                    }
                default: break
                }
                return ImportProblem(place: at, said)
            }
        }
        if !problems.isEmpty { throw ImportFailure(problems: SheetImport.inFileOrder(problems)) }
        guard let instance else { return [] }
        return instance.warnings.compactMap { warning in
            let parts = warning.split(separator: ": ", maxSplits: 1)
            guard parts.count == 2, let at = place(String(parts[0])) else { return nil }
            return ImportProblem(place: at, message: String(parts[1]))
        }
    }
}

extension SheetImport {
    /// Problems sorted by line, then column (a JSON file's paths keep their order).
    public static func inFileOrder(_ problems: [ImportProblem]) -> [ImportProblem] {
        func key(_ p: ImportProblem) -> (Int, Int)? {
            let parts = p.place.split(separator: ":")
            guard parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) else { return nil }
            return (line, column)
        }
        return problems.enumerated().sorted { a, b in
            switch (key(a.element), key(b.element)) {
            case let (x?, y?) where x != y: x < y
            default: a.offset < b.offset
            }
        }.map(\.element)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

extension JSONObject {
    /// Sets a value at a key path, creating the objects on the way.
    mutating func set(_ path: [String], _ value: JSONValue) {
        guard let first = path.first else { return }
        if path.count == 1 {
            self[first] = value
            return
        }
        var inner: JSONObject
        if case .object(let existing)? = self[first] { inner = existing } else { inner = JSONObject() }
        inner.set(Array(path.dropFirst()), value)
        self[first] = .object(inner)
    }

    public func value(at path: [String]) -> JSONValue? {
        guard let first = path.first, let value = self[first] else { return nil }
        if path.count == 1 { return value }
        guard case .object(let inner) = value else { return nil }
        return inner.value(at: Array(path.dropFirst()))
    }
}
