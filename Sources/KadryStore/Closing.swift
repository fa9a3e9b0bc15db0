import GRDB
import KadryCore
import KadryRegister

/// Why a need or a participant was closed.
public enum CloseReason: String, Sendable, CaseIterable {
    /// A need filled outside Kadry.
    case filledElsewhere = "filled-elsewhere"
    /// A need the cooperative no longer has.
    case cancelled
    /// A participant who left the KIS/CIS programme.
    case leftProgramme = "left-programme"
    /// A participant who found work outside Kadry.
    case employedElsewhere = "employed-elsewhere"
    case other

    /// The reasons that fit a kind of record.
    public static func reasons(for kind: RecordKind) -> [CloseReason] {
        kind == .needs ? [.filledElsewhere, .cancelled, .other] : [.leftProgramme, .employedElsewhere, .other]
    }

    /// The reason in words (the message table's).
    public var label: Message {
        switch self {
        case .filledElsewhere: Message(.closeFilledElsewhere)
        case .cancelled: Message(.closeCancelled)
        case .leftProgramme: Message(.closeLeftProgramme)
        case .employedElsewhere: Message(.closeEmployedElsewhere)
        case .other: Message(.closeOther)
        }
    }

    /// A reason by its code or its words in either language (`cancelled`, `odwołana`).
    public init?(text: String, for kind: RecordKind) {
        let wanted = text.split(separator: " ").joined(separator: " ").lowercased()
        guard let found = CloseReason.reasons(for: kind).first(where: { r in
            r.rawValue == wanted || Language.allCases.contains { r.label.text($0).lowercased() == wanted }
        }) else { return nil }
        self = found
    }
}

/// A closed record's state.
public struct Closure: Sendable, Equatable {
    public var at: String
    public var reason: CloseReason
    public var note: String?
}

extension RecordKind {
    /// Only needs and participants are closed; the rest are deleted when nothing refers to them.
    public var closes: Bool { self == .needs || self == .participants }

    /// The records of the kind in words ("uczestnicy").
    public var plural: Message {
        switch self {
        case .institutions: Message(.kindsInstitutions)
        case .cooperatives: Message(.kindsCooperatives)
        case .participants: Message(.kindsParticipants)
        case .programmes: Message(.kindsProgrammes)
        case .needs: Message(.kindsNeeds)
        }
    }

    /// The record's kind in words, for messages.
    public var word: Message {
        switch self {
        case .institutions: Message(.kindInstitution)
        case .cooperatives: Message(.kindCooperative)
        case .participants: Message(.kindParticipant)
        case .programmes: Message(.kindProgramme)
        case .needs: Message(.kindNeed)
        }
    }
}

extension Register {
    /// Closes a need or a participant: it leaves later runs, its proposals of
    /// earlier runs stay as they were (and can no longer be approved), and its
    /// history stays. Refused while an approved proposal without a hire holds it.
    public func close(_ kind: RecordKind, id: String, reason: CloseReason, note: String?, actor: String) throws {
        precondition(kind.closes)
        try transaction { db in
            guard try record(kind, id: id, db) != nil else {
                throw RegisterError.missing(Message(.recordMissing, .message(kind.word), .text(id)).text(.pl))
            }
            guard CloseReason.reasons(for: kind).contains(reason) else {
                throw RegisterError.refused(Message(
                    .closeReasonUnknown, .text(reason.rawValue), .list(CloseReason.reasons(for: kind).map(\.rawValue))))
            }
            if let closed = try closure(kind, id: id, db) {
                throw RegisterError.conflicting(Message(
                    .alreadyClosed, .message(kind.word), .text(id), .day(Day(iso: String(closed.at.prefix(10))) ?? today), .message(closed.reason.label)))
            }
            let held = try Int64.fetchAll(db, sql: """
                SELECT p.id FROM proposal p WHERE p.\(kind.table) = ? AND p.status = 'approved'
                AND NOT EXISTS (SELECT 1 FROM hire h WHERE h.proposal = p.id) ORDER BY p.id
                """, arguments: [id])
            if !held.isEmpty {
                throw RegisterError.conflicting(Message(.closeHasApproved, .message(kind.word), .text(id), .list(held.map { "#\($0)" })))
            }
            try db.execute(
                sql: "UPDATE \(kind.table) SET closed_at = ?, closed_reason = ?, closed_note = ? WHERE id = ?",
                arguments: [timestamp, reason.rawValue, note, id])
            try audit(db, actor: actor, action: "close", entity: kind.table, id: id, detail: "reason \(reason.rawValue)")
        }
    }

    /// Opens a closed need or participant again (a closing made by mistake).
    public func reopen(_ kind: RecordKind, id: String, actor: String) throws {
        precondition(kind.closes)
        try transaction { db in
            guard try record(kind, id: id, db) != nil else {
                throw RegisterError.missing(Message(.recordMissing, .message(kind.word), .text(id)).text(.pl))
            }
            guard let closed = try closure(kind, id: id, db) else {
                throw RegisterError.conflicting(Message(.notClosed, .message(kind.word), .text(id)))
            }
            try db.execute(sql: "UPDATE \(kind.table) SET closed_at = NULL, closed_reason = NULL, closed_note = NULL WHERE id = ?", arguments: [id])
            try audit(db, actor: actor, action: "reopen", entity: kind.table, id: id,
                      detail: "was closed at \(closed.at), reason \(closed.reason.rawValue)")
        }
    }

    public func closure(_ kind: RecordKind, id: String) throws -> Closure? {
        guard kind.closes else { return nil }
        return try read { db in try closure(kind, id: id, db) }
    }

    /// The ids of a kind's closed records.
    public func closedIDs(_ kind: RecordKind) throws -> Set<String> {
        guard kind.closes else { return [] }
        return try read { db in Set(try String.fetchAll(db, sql: "SELECT id FROM \(kind.table) WHERE closed_at IS NOT NULL")) }
    }

    func closure(_ kind: RecordKind, id: String, _ db: Database) throws -> Closure? {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT closed_at, closed_reason, closed_note FROM \(kind.table) WHERE id = ? AND closed_at IS NOT NULL", arguments: [id])
        else { return nil }
        return Closure(at: row[0], reason: CloseReason(rawValue: row[1]) ?? .other, note: row[2])
    }

    /// The records of a kind that take part in runs: all of them, less the closed needs and participants.
    func openRecords(_ kind: RecordKind, _ db: Database) throws -> [JSONObject] {
        let condition = kind.closes ? " WHERE closed_at IS NULL" : ""
        return try String.fetchAll(db, sql: "SELECT data FROM \(kind.table)\(condition) ORDER BY id").map { data in
            guard case .object(let o) = try JSONParser.parse(data) else { throw RegisterError.invalid("\(kind.table): a record is not an object") }
            return o
        }
    }

    /// What refers to a record, in words: the proposals and runs, or the records that name it.
    func referrers(_ kind: RecordKind, id: String, _ db: Database) throws -> [Message] {
        func ids<T: DatabaseValueConvertible & CustomStringConvertible>(_ sql: String, _ type: T.Type) throws -> [String] {
            try T.fetchAll(db, sql: sql, arguments: [id]).map(\.description)
        }
        func shown(_ items: [String], prefix: String = "") -> Message.Argument {
            .text(Polish.listing(items.map { prefix + $0 }))
        }
        var found: [Message] = []
        switch kind {
        case .participants, .needs, .programmes:
            let proposals = try ids("SELECT id FROM proposal WHERE \(kind.table) = ? ORDER BY id", Int64.self)
            if !proposals.isEmpty { found.append(Message(.referredByProposals, shown(proposals, prefix: "#"))) }
            if kind == .needs {
                let runs = try ids("SELECT run FROM open_need WHERE need = ? ORDER BY run", Int64.self)
                if !runs.isEmpty { found.append(Message(.referredByRuns, shown(runs))) }
            }
        case .institutions:
            let people = try ids("SELECT id FROM participant WHERE institution = ? ORDER BY id", String.self)
            if !people.isEmpty { found.append(Message(.referredByParticipants, shown(people))) }
        case .cooperatives:
            let needs = try ids("SELECT id FROM need WHERE cooperative = ? ORDER BY id", String.self)
            if !needs.isEmpty { found.append(Message(.referredByNeeds, shown(needs))) }
        }
        return found
    }
}
