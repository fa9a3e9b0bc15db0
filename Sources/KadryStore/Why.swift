import GRDB
import KadryCore
import KadryRegister

/// What the newest stored run says of one participant or need, without solving again:
/// its proposals, or why it was left out, with the smallest change that would help
/// (the reasons carry it: a longer commute, one more training seat).
public struct WhyAnswer: Sendable {
    public var kind: RecordKind
    public var id: String
    /// The newest run: id and as-of date; nil when no run is stored.
    public var run: (id: Int64, asOf: Day)?
    /// The run's proposals for the participant, or on the need (with their status now).
    public var proposals: [ProposalView] = []
    /// For a need: positions the run left open.
    public var open: Int?
    /// The run's reasons, in English and Polish.
    public var reasons: [(en: String, pl: String)] = []
    /// Why the run says nothing of the record, where it does not: placed earlier, closed, added after the run.
    public var note: Message?

    /// The answer in words, a line each.
    public func lines(_ language: Language) -> [String] {
        guard let run else { return [Message(.whyNoRun).text(language)] }
        let header = Message(.whyHeader, .message(kind == .needs ? Message(.kindNeed) : Message(.kindParticipant)), .text(id),
                             .text(String(run.id)), .day(run.asOf)).text(language)
        var out = [header.prefix(1).uppercased() + header.dropFirst()]
        for p in proposals {
            let route = p.programme.map { Message(.whyViaProgramme, .text($0), .text(p.programmeTitle ?? $0)) }
            let status = Message(ProposalView.statusKey(p.status))
            let key: MessageKey = kind == .needs ? .whyProposalOnNeed : .whyProposalForParticipant
            out.append(Message(key, .text(String(p.id)), .text(kind == .needs ? p.participant : p.need),
                               .text(kind == .needs ? "" : p.needTitle), .message(status),
                               route.map { .message($0) } ?? .text("")).text(language))
        }
        if let open, open > 0 { out.append(Message(.whyOpen, .count(open)).text(language)) }
        for reason in reasons { out.append("– " + (language == .pl ? reason.pl : reason.en)) }
        if let note { out.append(note.text(language)) }
        if proposals.isEmpty && reasons.isEmpty && note == nil && (open ?? 0) == 0 {
            out.append(Message(.whyNothing).text(language))
        }
        return out
    }
}

extension WhyAnswer {
    /// The reasons without the participant a need's reason gives as an example ("(np. P-014: …)"
    /// becomes "(np. …)"): what a cooperative may read, which must not identify a candidate.
    public var reasonsWithoutExamples: [(en: String, pl: String)] {
        reasons.map { (WhyAnswer.dropExample($0.en, "(e.g. "), WhyAnswer.dropExample($0.pl, "(np. ")) }
    }

    static func dropExample(_ text: String, _ opening: String) -> String {
        guard let start = text.firstRange(of: opening), let colon = text[start.upperBound...].firstRange(of: ": ") else { return text }
        return String(text[..<start.upperBound]) + String(text[colon.upperBound...])
    }
}

extension ProposalView {
    /// The message key of a proposal status.
    public static func statusKey(_ status: String) -> MessageKey {
        switch status {
        case "approved": .statusApproved
        case "rejected": .statusRejected
        case "deferred": .statusDeferred
        case "superseded": .statusSuperseded
        default: .statusProposed
        }
    }
}

extension Register {
    /// The newest run's word on a participant or need (see `WhyAnswer`); nil when the register has no such record.
    public func why(_ kind: RecordKind, id: String) throws -> WhyAnswer? {
        precondition(kind == .participants || kind == .needs)
        return try read { db in
            guard try record(kind, id: id, db) != nil else { return nil }
            var answer = WhyAnswer(kind: kind, id: id)
            guard let row = try Row.fetchOne(db, sql: "SELECT id, as_of, result FROM match_run ORDER BY id DESC LIMIT 1") else { return answer }
            let runID: Int64 = row[0]
            answer.run = (runID, Day(iso: row[1]) ?? today)
            let column = kind == .needs ? "p.need" : "p.participant"
            answer.proposals = try Row.fetchAll(
                db, sql: Register.proposalSelect(records: true) + " WHERE p.run = ? AND \(column) = ? ORDER BY p.score DESC, p.id",
                arguments: [runID, id]
            ).map(Register.proposalView)
            // The run's reasons, from its stored result.
            if case .object(let result) = try JSONParser.parse(row[2] as String) {
                let (list, key) = kind == .needs ? ("unfilled", "need") : ("unplaced", "participant")
                if case .array(let entries)? = result[list] {
                    for case .object(let entry) in entries where entry[key] == .string(id) {
                        if case .number(let n)? = entry["open"] { answer.open = Int(n) }
                        answer.reasons += Register.reasons(of: entry)
                    }
                }
            }
            if answer.proposals.isEmpty && answer.reasons.isEmpty && (answer.open ?? 0) == 0 {
                answer.note = try absence(kind, id: id, run: runID, db)
            }
            return answer
        }
    }

    /// Why a run says nothing of a record: closed, placed by an earlier approval, or added after the run.
    func absence(_ kind: RecordKind, id: String, run: Int64, _ db: Database) throws -> Message? {
        if let closed = try closure(kind, id: id, db) {
            return Message(.whyClosed, .day(Day(iso: String(closed.at.prefix(10))) ?? today), .message(closed.reason.label))
        }
        let column = kind == .needs ? "need" : "participant"
        if let approved = try Row.fetchOne(
            db, sql: "SELECT id, run FROM proposal WHERE \(column) = ? AND status = 'approved' ORDER BY id DESC LIMIT 1", arguments: [id]) {
            return Message(kind == .needs ? .whyNeedFilled : .whyPlacedEarlier, .text(String(approved[0] as Int64)), .text(String(approved[1] as Int64)))
        }
        let created = try String.fetchOne(db, sql: "SELECT created_at FROM \(kind.table) WHERE id = ?", arguments: [id]) ?? ""
        let started = try String.fetchOne(db, sql: "SELECT started_at FROM match_run WHERE id = ?", arguments: [run]) ?? ""
        if created > started { return Message(.whyAddedAfter, .text(String(run))) }
        return nil
    }
}

/// What the newest run left undone: positions open and people without a proposal, each with the
/// run's reasons, less the records closed since.
public struct RunGaps: Sendable {
    public struct Gap: Sendable {
        public var id: String
        /// Open positions (needs only).
        public var open: Int
        public var reasons: [(en: String, pl: String)]
    }

    public var run: (id: Int64, asOf: Day)?
    public var needs: [Gap] = []
    public var participants: [Gap] = []
}

extension Register {
    public func gaps() throws -> RunGaps {
        try read { db in
            var gaps = RunGaps()
            guard let row = try Row.fetchOne(db, sql: "SELECT id, as_of, result FROM match_run ORDER BY id DESC LIMIT 1") else { return gaps }
            gaps.run = (row[0], Day(iso: row[1]) ?? today)
            guard case .object(let result) = try JSONParser.parse(row[2] as String) else { return gaps }
            let closedNeeds = Set(try String.fetchAll(db, sql: "SELECT id FROM need WHERE closed_at IS NOT NULL"))
            let closedParticipants = Set(try String.fetchAll(db, sql: "SELECT id FROM participant WHERE closed_at IS NOT NULL"))
            func entries(_ list: String, _ key: String, closed: Set<String>) -> [RunGaps.Gap] {
                guard case .array(let items)? = result[list] else { return [] }
                return items.compactMap { item -> RunGaps.Gap? in
                    guard case .object(let entry) = item, case .string(let id)? = entry[key], !closed.contains(id) else { return nil }
                    var gap = RunGaps.Gap(id: id, open: 0, reasons: Register.reasons(of: entry))
                    if case .number(let n)? = entry["open"] { gap.open = Int(n) ?? 0 }
                    return gap
                }
            }
            gaps.needs = entries("unfilled", "need", closed: closedNeeds)
            gaps.participants = entries("unplaced", "participant", closed: closedParticipants)
            return gaps
        }
    }

    /// The reasons of one entry of a stored result's `unplaced` or `unfilled` list, in English and Polish.
    static func reasons(of entry: JSONObject) -> [(en: String, pl: String)] {
        guard case .array(let reasons)? = entry["reasons"] else { return [] }
        return reasons.compactMap { reason in
            guard case .object(let r) = reason, case .string(let en)? = r["message"] else { return nil }
            let pl: String = if case .string(let s)? = r["messagePl"] { s } else { en }
            return (en, pl)
        }
    }
}
