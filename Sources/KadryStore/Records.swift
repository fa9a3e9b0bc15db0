import GRDB
import KadryCore
import KadryRegister

/// What an import did (or, with a dry run, would do).
public struct ImportSummary: Sendable {
    public var kind: RecordKind
    public var added: [String] = []
    public var updated: [String] = []
    public var unchanged = 0
    /// Things worth knowing that did not stop the import.
    public var notes: [ImportProblem] = []
}

extension RecordKind {
    /// The register table of this kind.
    var table: String { singular }

    /// The columns besides id and data that queries filter on, with how to read each from a record.
    var indexed: [(column: String, value: (JSONObject) -> (any DatabaseValueConvertible)?)] {
        func text(_ key: String) -> (JSONObject) -> (any DatabaseValueConvertible)? {
            { if case .string(let s)? = $0[key] { s } else { nil } }
        }
        func int(_ key: String) -> (JSONObject) -> (any DatabaseValueConvertible)? {
            { if case .number(let n)? = $0[key], let d = ExactDecimal(literal: n), d.isInteger { Int(d.significand) } else { nil } }
        }
        return switch self {
        case .institutions: [("kind", text("kind")), ("name", text("name"))]
        case .cooperatives: [("name", text("name"))]
        case .participants: [("institution", text("institution")), ("reference", text("reference")), ("programme_ends", text("programmeEnds"))]
        case .programmes: [("title", text("title")), ("provider", text("provider")), ("seats", int("seats")), ("start", text("start")), ("\"end\"", text("end"))]
        case .needs:
            [("cooperative", text("cooperative")), ("service", text("service")), ("title", text("title")),
             ("positions", int("positions")), ("start", text("start")), ("priority", int("priority"))]
        }
    }

    /// Fields that hold whole numbers.
    static let integerKeys: Set<String> = ["seats", "positions", "priority"]

    /// A record with its fields in the kind's order (and a location as lat, lon), so equal records store equal text.
    func canonical(_ record: JSONObject) -> JSONObject {
        var members: [(key: String, value: JSONValue)] = []
        for key in keys {
            guard var value = record[key] else { continue }
            if key == "location", case .object(let location) = value {
                value = .object(JSONObject(["lat", "lon"].compactMap { k in location[k].map { (key: k, value: $0) } }))
            }
            // A whole number written as a decimal (6.0, 6e0, -0) is stored as the integer it is.
            if RecordKind.integerKeys.contains(key), case .number(let literal) = value, let d = ExactDecimal(literal: literal), d.isInteger {
                value = .number(String(d.significand))
            }
            members.append((key, value))
        }
        return JSONObject(members)
    }
}

extension Register {
    /// The ids records may refer to.
    func context(_ db: Database) throws -> RegisterContext {
        RegisterContext(
            institutionIDs: Set(try String.fetchAll(db, sql: "SELECT id FROM institution")),
            cooperativeIDs: Set(try String.fetchAll(db, sql: "SELECT id FROM cooperative")))
    }

    /// Checks a batch against the register and, unless `dryRun`, adds new
    /// records and updates those whose id is already there, all in one
    /// transaction, each change in the audit log. One bad record refuses the whole batch.
    public func importRecords(
        _ batch: RecordBatch, vocabulary: InstanceVocabulary, actor: String, dryRun: Bool = false
    ) throws -> ImportSummary {
        try transaction { db in
            var summary = ImportSummary(kind: batch.kind)
            // Every problem of the batch at once: the rules', then what it would break in the register.
            var batch = batch
            try followMovedPlaces(&batch, db)
            var problems = SheetImport.resolvePlaces(&batch, places: vocabulary.places)
            problems += SheetImport.normaliseVocabularies(&batch, vocabulary: vocabulary)
            summary.notes = batch.notes
            let context = try context(db)
            do throws(ImportFailure) {
                summary.notes += try SheetImport.validate(batch, context: context, vocabulary: vocabulary)
            } catch {
                problems += error.problems
            }
            problems += try decisionProblems(batch, db)
            if !problems.isEmpty { throw ImportFailure(problems: SheetImport.inFileOrder(problems)) }
            let kind = batch.kind
            let indexed = kind.indexed
            let now = timestamp
            for (id, raw) in zip(batch.ids, batch.records) {
                let record = kind.canonical(raw)
                let data = JSONWriter.write(.object(record), indent: nil)
                let existing = try String.fetchOne(db, sql: "SELECT data FROM \(kind.table) WHERE id = ?", arguments: [id])
                if existing == data {
                    summary.unchanged += 1
                    continue
                }
                if existing == nil { summary.added.append(id) } else { summary.updated.append(id) }
                if dryRun { continue }
                var arguments: [(any DatabaseValueConvertible)?] = [id, data]
                arguments += indexed.map { $0.value(record) }
                if existing == nil {
                    let columns = ["id", "data"] + indexed.map(\.column) + ["created_at", "updated_at"]
                    try db.execute(
                        sql: "INSERT INTO \(kind.table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))",
                        arguments: StatementArguments(arguments + [now, now]))
                    try audit(db, actor: actor, action: "insert", entity: kind.table, id: id, detail: "imported from \(batch.file)")
                } else {
                    let sets = (["data"] + indexed.map(\.column) + ["updated_at"]).map { "\($0) = ?" }
                    try db.execute(
                        sql: "UPDATE \(kind.table) SET \(sets.joined(separator: ", ")) WHERE id = ?",
                        arguments: StatementArguments(Array(arguments.dropFirst()) + [now, id]))
                    let before = (try? JSONParser.parse(existing!)).flatMap { if case .object(let o) = $0 { o } else { nil } } ?? JSONObject()
                    let changed = kind.keys.filter { before[$0] != record[$0] }
                    // The old values stay in the log, so any change can be traced and undone.
                    let old = JSONValue.object(JSONObject(changed.compactMap { k in before[k].map { (key: k, value: $0) } }))
                    try audit(db, actor: actor, action: "update", entity: kind.table, id: id,
                              detail: "imported from \(batch.file); changed: \(changed.joined(separator: ", ")); before: \(JSONWriter.write(old, indent: nil))")
                }
            }
            return summary
        }
    }

    /// A record given a place by name keeps the coordinates the gazetteer gave it, and its export and
    /// its form show them. A changed record that names another place but carries the same coordinates
    /// as before has them dropped, so that the new place is looked up rather than the old one kept.
    func followMovedPlaces(_ batch: inout RecordBatch, _ db: Database) throws {
        let names = ["locality", "gmina", "powiat", "voivodeship"]
        func text(_ record: JSONObject, _ key: String) -> String {
            if case .string(let s)? = record[key] { s.trimmingCharacters(in: .whitespaces).lowercased() } else { "" }
        }
        for (i, id) in batch.ids.enumerated() where !id.isEmpty {
            let record = batch.records[i]
            guard let location = record["location"], location != .null, !text(record, "locality").isEmpty,
                let stored = try self.record(batch.kind, id: id, db), stored["location"] == location,
                names.contains(where: { text(record, $0) != text(stored, $0) })
            else { continue }
            batch.records[i]["location"] = nil
        }
    }

    /// What a batch would break among decisions already taken: a need's positions cut below its
    /// approved proposals, or the owner of a record with decisions changed (the need's cooperative,
    /// the participant's institution, the programme's provider), which would move a hire or its
    /// retention answers to another organisation. Each problem at its place in the file.
    func decisionProblems(_ batch: RecordBatch, _ db: Database) throws -> [ImportProblem] {
        let owner: (key: String, column: String)? = switch batch.kind {
        case .needs: ("cooperative", "need")
        case .participants: ("institution", "participant")
        case .programmes: ("provider", "programme")
        case .institutions, .cooperatives: nil
        }
        var problems: [ImportProblem] = []
        for (i, (id, record)) in zip(batch.ids, batch.records).enumerated() {
            guard let before = try self.record(batch.kind, id: id, db) else { continue }
            if batch.kind == .needs, case .number(let literal)? = record["positions"], let d = ExactDecimal(literal: literal), d.isInteger,
                let positions = Int(exactly: d.significand) {
                let approved = try Int64.fetchAll(
                    db, sql: "SELECT id FROM proposal WHERE need = ? AND status = 'approved' ORDER BY id", arguments: [id])
                if positions < approved.count {
                    problems.append(ImportProblem(place: batch.locate(i, "positions"), Message(
                        .positionsBelowApproved, .text(id), .count(positions), .count(approved.count), .list(approved.map { "#\($0)" }))))
                }
            }
            if let owner, case .string(let was)? = before[owner.key], case .string(let now)? = record[owner.key], was != now {
                let decided = try Int64.fetchAll(db, sql: """
                    SELECT DISTINCT p.id FROM proposal p WHERE p.\(owner.column) = ?
                    AND (p.status != 'proposed' OR EXISTS (SELECT 1 FROM decision d WHERE d.proposal = p.id)) ORDER BY p.id
                    """, arguments: [id])
                if !decided.isEmpty {
                    problems.append(ImportProblem(place: batch.locate(i, owner.key), Message(
                        .ownerChangeRefused, .text(id), .text(owner.key), .text(was), .text(now), .list(decided.map { "#\($0)" }))))
                }
            }
        }
        return problems
    }

    /// Every record of a kind, by id, in the spec's shape.
    public func records(_ kind: RecordKind) throws -> [JSONObject] {
        try read { db in try records(kind, db) }
    }

    func records(_ kind: RecordKind, _ db: Database) throws -> [JSONObject] {
        try String.fetchAll(db, sql: "SELECT data FROM \(kind.table) ORDER BY id").map { data in
            guard case .object(let o) = try JSONParser.parse(data) else { throw RegisterError.invalid("\(kind.table): a record is not an object") }
            return o
        }
    }

    /// How many records of each kind the register holds.
    public func counts() throws -> [(kind: RecordKind, count: Int)] {
        try read { db in
            try RecordKind.allCases.map { ($0, try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0.table)") ?? 0) }
        }
    }
}

extension Register {
    /// A new record's id: the kind's letter and ten random characters of Crockford's base 32
    /// (50 bits; `P-7K3F9Q2XMB`), which nobody can guess or use to count another's records.
    public static func newID(_ kind: RecordKind) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        var random = SystemRandomNumberGenerator()
        let prefix = switch kind {
        case .participants: "P"
        case .programmes: "T"
        case .needs: "N"
        case .institutions: "I"
        case .cooperatives: "C"
        }
        return prefix + "-" + String((0..<10).map { _ in alphabet[Int(random.next() % 32)] })
    }
}

/// Whether a single-record write makes a new record or replaces one.
public enum WriteMode: Sendable {
    case create, replace
}

extension Register {
    /// One record by id, in the spec's shape.
    public func record(_ kind: RecordKind, id: String) throws -> JSONObject? {
        try read { db in try record(kind, id: id, db) }
    }

    func record(_ kind: RecordKind, id: String, _ db: Database) throws -> JSONObject? {
        guard let data = try String.fetchOne(db, sql: "SELECT data FROM \(kind.table) WHERE id = ?", arguments: [id]) else { return nil }
        guard case .object(let o) = try JSONParser.parse(data) else { return nil }
        return o
    }

    /// A page of records, by id, with equality filters on the indexed columns
    /// (`institution`, `provider`, `cooperative`, `service`, …) and the total matching.
    public func records(_ kind: RecordKind, filters: [(column: String, value: String)], limit: Int, offset: Int) throws -> (items: [JSONObject], total: Int) {
        let allowed = Set(kind.indexed.map(\.column))
        for f in filters where !allowed.contains(f.column) { throw RegisterError.invalid("\(kind) cannot be filtered by \(f.column)") }
        let condition = filters.isEmpty ? "" : " WHERE " + filters.map { "\($0.column) = ?" }.joined(separator: " AND ")
        let arguments = StatementArguments(filters.map(\.value))
        return try read { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(kind.table)\(condition)", arguments: arguments) ?? 0
            let items = try String.fetchAll(
                db, sql: "SELECT data FROM \(kind.table)\(condition) ORDER BY id LIMIT ? OFFSET ?",
                arguments: arguments + [limit, offset]
            ).compactMap { data -> JSONObject? in
                if case .object(let o) = try JSONParser.parse(data) { o } else { nil }
            }
            return (items, total)
        }
    }

    /// The ids of an organisation's records (`owner` is the indexed column naming it: institution, provider, cooperative).
    public func ids(_ kind: RecordKind, owner: String, is organisation: String) throws -> Set<String> {
        guard kind.indexed.contains(where: { $0.column == owner }) else { throw RegisterError.invalid("\(kind) has no owner column \(owner)") }
        return try read { db in
            Set(try String.fetchAll(db, sql: "SELECT id FROM \(kind.table) WHERE \(owner) = ?", arguments: [organisation]))
        }
    }

    /// Creates or replaces one record, checked as an import is (problems by JSON path), audited.
    @discardableResult
    public func putRecord(_ object: JSONObject, kind: RecordKind, mode: WriteMode, vocabulary: InstanceVocabulary, actor: String) throws -> JSONObject {
        try putRecord(RecordBatch.single(object, kind: kind), mode: mode, vocabulary: vocabulary, actor: actor)
    }

    /// The same for a batch of one record read elsewhere (a web form), its problems placed as the batch places them.
    @discardableResult
    public func putRecord(_ batch: RecordBatch, mode: WriteMode, vocabulary: InstanceVocabulary, actor: String) throws -> JSONObject {
        let kind = batch.kind
        let id = batch.ids[0]
        let exists = try record(kind, id: id) != nil
        switch mode {
        case .create where exists: throw RegisterError.conflict("\(kind.singular) \"\(id)\" already exists (PUT replaces it)")
        case .replace where !exists: throw RegisterError.missing("no \(kind.singular) \"\(id)\"")
        default: break
        }
        _ = try importRecords(batch, vocabulary: vocabulary, actor: actor)
        return try record(kind, id: id) ?? batch.records[0]
    }

    /// Deletes one record; refused while proposals or other records refer to it.
    public func deleteRecord(_ kind: RecordKind, id: String, actor: String) throws {
        try transaction { db in
            guard let old = try record(kind, id: id, db) else { throw RegisterError.missing("no \(kind.singular) \"\(id)\"") }
            let referrers = try referrers(kind, id: id, db)
            if !referrers.isEmpty {
                throw RegisterError.conflicting(Message(kind.closes ? .deleteReferenced : .deleteReferencedNoClose, .message(kind.word), .text(id), .messages(referrers)))
            }
            try db.execute(sql: "DELETE FROM \(kind.table) WHERE id = ?", arguments: [id])
            try audit(db, actor: actor, action: "delete", entity: kind.table, id: id, detail: "before: \(JSONWriter.write(.object(old), indent: nil))")
        }
    }

    /// Records in the audit log that `actor` read these records (a participant's, by anyone but
    /// its institution). Reads are not changes: staleness and snapshots look at writes only.
    public func auditRead(_ kind: RecordKind, ids: [String], actor: String, detail: String) throws {
        guard !ids.isEmpty else { return }
        try transaction { db in
            try audit(db, actor: actor, action: "read", entity: kind.table, id: ids.count == 1 ? ids[0] : "*",
                      detail: ids.count == 1 ? detail : "\(detail): \(ids.joined(separator: ", "))")
        }
    }
}
