import GRDB
import KadryCore
import KadryRegister

/// One proposal as staff see it: the route, the score and its terms, and what became of it.
public struct ProposalView: Sendable {
    public var id: Int64
    public var run: Int64
    public var participant: String
    public var reference: String?
    public var institution: String
    public var need: String
    public var needTitle: String
    public var cooperative: String
    /// The institution's and the cooperative's names, for people to read.
    public var institutionName: String
    public var cooperativeName: String
    public var service: String
    public var programme: String?
    public var programmeTitle: String?
    public var score: Double
    /// Score terms by name (priority, preference, urgency, distance, training, cost), as written in the result.
    public var terms: [(name: String, value: String)]
    public var status: String
    public var statusAt: String
    public var hiredOn: String?
    /// The distance between the participant and the need when the run was made, in whole km.
    public var distanceKm: Int?
    /// Whether the participant, the need or the programme changed after the run read the register:
    /// the proposal may no longer hold, and cannot be approved until a newer run.
    public var stale: Bool
    /// The participant's and the need's records (spec-shaped JSON), for views that show a candidate
    /// profile; empty when a list was asked for without them (`ProposalFilter.withRecords`).
    public var participantData: String
    public var needData: String
    /// Who else could have taken the position (`Alternatives`), as stored with the run: a JSON list of
    /// `{participant, score, placedAt, via}`; empty for runs made before they were kept, or when not loaded.
    public var alternativesData: String
}

public struct ProposalFilter: Sendable {
    public var run: Int64?
    public var cooperative: String?
    public var institution: String?
    public var need: String?
    public var status: String?
    public var limit: Int?
    public var offset = 0
    /// Whether to load each proposal's participant and need records (for candidate profiles).
    public var withRecords = false
    /// Whether the institution filter applies to approved proposals only (a cooperative's, which
    /// must not learn where a candidate comes from before the committee approves).
    public var institutionOfApprovedOnly = false
    /// Only proposals still waiting for a decision: proposed or deferred (instead of `status`).
    public var waiting = false
    /// Only proposals for needs of this service (a catalogue slug).
    public var service: String?
    /// Only proposals whose status dates from this moment or before (`2026-12-01T…`): those waiting at least so long.
    public var statusBefore: String?
    public var order: Order = .score

    public enum Order: String, Sendable, CaseIterable {
        /// The newest run first, the best score first (the matcher's order).
        case score
        /// Longest waiting first.
        case waiting
        /// By need, then by score.
        case need
    }

    public init(run: Int64? = nil, cooperative: String? = nil, institution: String? = nil, need: String? = nil, status: String? = nil,
                limit: Int? = nil, offset: Int = 0) {
        self.limit = limit
        self.offset = offset
        self.run = run
        self.cooperative = cooperative
        self.institution = institution
        self.need = need
        self.status = status
    }
}

extension Register {
    /// The proposal columns, in the order `proposalView` reads them (by position: no name lookups).
    static func proposalSelect(records: Bool) -> String {
        """
        SELECT p.id, p.run, p.participant, p.need, p.programme, p.score, p.terms, p.status, p.status_at,
               pa.reference, pa.institution, n.title, n.cooperative, n.service, t.title, h.start_date, p.distance_km,
               \(staleCondition), i.name, c.name \(records ? ", pa.data, n.data, coalesce(p.alternatives, '')" : "")
        FROM proposal p
        JOIN match_run r ON r.id = p.run
        JOIN participant pa ON pa.id = p.participant
        JOIN need n ON n.id = p.need
        JOIN institution i ON i.id = pa.institution
        JOIN cooperative c ON c.id = n.cooperative
        LEFT JOIN programme t ON t.id = p.programme
        LEFT JOIN hire h ON h.proposal = p.id
        """
    }

    /// Whether a proposal's participant, need or programme was written after its run read the register.
    static let staleCondition = """
        (EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'participant' AND a.entity_id = p.participant AND a.id > r.register_version
                 AND a.action != 'read')
         OR EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'need' AND a.entity_id = p.need AND a.id > r.register_version AND a.action != 'read')
         OR EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'programme' AND a.entity_id = p.programme AND a.id > r.register_version
                    AND a.action != 'read'))
        """

    static func proposalView(_ row: Row) throws -> ProposalView {
        var terms: [(String, String)] = []
        if case .object(let o) = try JSONParser.parse(row[6] as String) {
            for (k, v) in o.members { if case .number(let n) = v { terms.append((k, n)) } }
        }
        let records = row.count > 20
        return ProposalView(
            id: row[0], run: row[1], participant: row[2], reference: row[9], institution: row[10], need: row[3], needTitle: row[11],
            cooperative: row[12], institutionName: row[18], cooperativeName: row[19], service: row[13], programme: row[4],
            programmeTitle: row[14], score: row[5], terms: terms, status: row[7], statusAt: row[8], hiredOn: row[15], distanceKm: row[16],
            stale: row[17], participantData: records ? row[20] : "", needData: records ? row[21] : "", alternativesData: records ? row[22] : "")
    }

    /// Proposals matching the filter, best score first. Without a run: the
    /// newest run's, or, when a status is asked for, that status in every run
    /// (approved placements stand across runs).
    public func proposals(_ filter: ProposalFilter = ProposalFilter()) throws -> [ProposalView] {
        try proposalPage(filter).items
    }

    /// A page of proposals (see `proposals(_:)`) and how many match in all.
    public func proposalPage(_ filter: ProposalFilter) throws -> (items: [ProposalView], total: Int) {
        try read { db in
            var conditions: [String] = []
            var arguments: [(any DatabaseValueConvertible)?] = []
            if filter.run != nil || filter.status == nil {
                guard let run = try filter.run ?? Int64.fetchOne(db, sql: "SELECT max(id) FROM match_run") else { return ([], 0) }
                conditions.append("p.run = ?")
                arguments.append(run)
            }
            for (column, value) in [("n.cooperative", filter.cooperative), ("pa.institution", filter.institution), ("p.need", filter.need), ("p.status", filter.status)] {
                guard let value else { continue }
                conditions.append("\(column) = ?")
                arguments.append(value)
            }
            if filter.waiting { conditions.append("p.status IN ('proposed', 'deferred')") }
            if let service = filter.service {
                conditions.append("n.service = ?")
                arguments.append(service)
            }
            if let before = filter.statusBefore {
                conditions.append("p.status_at <= ?")
                arguments.append(before)
            }
            if filter.institution != nil && filter.institutionOfApprovedOnly { conditions.append("p.status = 'approved'") }
            let condition = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            // Cached statements: a page is asked for often (the API), preparing the join each time costs.
            let total = try Int.fetchOne(db.cachedStatement(sql: """
                SELECT count(*) FROM proposal p JOIN participant pa ON pa.id = p.participant JOIN need n ON n.id = p.need
                """ + condition), arguments: StatementArguments(arguments)) ?? 0
            let order = switch filter.order {
            case .score: "p.run DESC, p.score DESC, p.id"
            case .waiting: "p.status_at, p.score DESC, p.id"
            case .need: "p.need, p.score DESC, p.id"
            }
            let sql = Register.proposalSelect(records: filter.withRecords) + condition + " ORDER BY \(order) LIMIT ? OFFSET ?"
            let items = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments + [filter.limit ?? -1, filter.offset]))
                .map(Register.proposalView)
            return (items, total)
        }
    }

    public func proposal(_ id: Int64) throws -> ProposalView? {
        try read { db in try proposal(id, db) }
    }

    func proposal(_ id: Int64, _ db: Database) throws -> ProposalView? {
        try Row.fetchOne(db, sql: Register.proposalSelect(records: true) + " WHERE p.id = ?", arguments: [id]).map(Register.proposalView)
    }

    private func existingProposal(_ id: Int64, _ db: Database) throws -> ProposalView {
        guard let p = try proposal(id, db) else { throw RegisterError.invalid("no proposal \(id) (see `kadry proposals`)") }
        return p
    }

    /// Records a committee decision. Approving checks that the person is not
    /// already placed elsewhere and that the position and the training seat are still free.
    @discardableResult
    public func decide(_ id: Int64, _ decision: Decision, reason: ReasonCode, note: String? = nil, by actor: String) throws -> ProposalView {
        try transaction { db in
            let p = try existingProposal(id, db)
            if p.hiredOn != nil {
                throw RegisterError.invalid("proposal \(id): \(p.participant) was hired for \(p.need) on \(p.hiredOn!); a decision can no longer change")
            }
            if p.status == "superseded" {
                let newest = try Int64.fetchOne(db, sql: "SELECT max(id) FROM match_run") ?? p.run
                throw RegisterError.conflicting(Message(.proposalSuperseded, .text(String(id)), .text(String(p.run)), .text(String(newest))))
            }
            let status: String
            switch decision {
            case .approve:
                guard p.status != "approved" else { throw RegisterError.invalid("proposal \(id) is already approved") }
                guard !p.stale else {
                    throw RegisterError.conflict(
                        "proposal \(id): \(p.participant), \(p.need)\(p.programme.map { " or \($0)" } ?? "") changed after run \(p.run) "
                            + "read the register; run the matcher again and decide on the new proposal")
                }
                if let other = try Int64.fetchOne(
                    db, sql: "SELECT id FROM proposal WHERE participant = ? AND status = 'approved' AND id != ?", arguments: [p.participant, id]) {
                    throw RegisterError.invalid("proposal \(id): \(p.participant) is already placed by approved proposal \(other)")
                }
                let positions = try Int.fetchOne(db, sql: "SELECT positions FROM need WHERE id = ?", arguments: [p.need]) ?? 0
                let taken = try Int.fetchOne(db, sql: "SELECT count(*) FROM proposal WHERE need = ? AND status = 'approved'", arguments: [p.need]) ?? 0
                guard taken < positions else {
                    throw RegisterError.invalid("proposal \(id): all \(positions) positions of \(p.need) are already taken by approved proposals")
                }
                if let t = p.programme {
                    let seats = try Int.fetchOne(db, sql: "SELECT seats FROM programme WHERE id = ?", arguments: [t]) ?? 0
                    let used = try Int.fetchOne(db, sql: "SELECT count(*) FROM proposal WHERE programme = ? AND status = 'approved'", arguments: [t]) ?? 0
                    guard used < seats else {
                        throw RegisterError.invalid("proposal \(id): all \(seats) seats of \(t) are already taken by approved proposals")
                    }
                }
                status = "approved"
            case .reject, .defer:
                guard reason != .agreed else {
                    throw RegisterError.invalid("proposal \(id): say why with --reason (\(ReasonCode.allCases.filter { $0 != .agreed }.map(\.rawValue).joined(separator: ", ")))")
                }
                status = decision == .reject ? "rejected" : "deferred"
            case .withdraw:
                guard p.status != "proposed" else { throw RegisterError.invalid("proposal \(id) has no decision to withdraw") }
                status = "proposed"
            }
            let now = timestamp
            try db.execute(
                sql: "INSERT INTO decision (proposal, decision, reason, note, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [id, decision.rawValue, reason.rawValue, note, actor, now])
            try db.execute(sql: "UPDATE proposal SET status = ?, status_at = ? WHERE id = ?", arguments: [status, now, id])
            try audit(db, actor: actor, action: decision.rawValue, entity: "proposal", id: String(id),
                      detail: "\(p.status) → \(status); reason \(reason.rawValue)")
            return try existingProposal(id, db)
        }
    }

    /// Records that an approved proposal's person started work. The start lies
    /// between the run that proposed them and today, and not before the person
    /// is available or the need starts: a hire dated otherwise would make
    /// retention checks fall due at once, or record work the run never proposed.
    @discardableResult
    public func hire(_ id: Int64, on start: Day, by actor: String) throws -> ProposalView {
        try transaction { db in
            let p = try existingProposal(id, db)
            let number = Message.Argument.text(String(id))
            guard p.status == "approved" else {
                throw RegisterError.refused(Message(.hireNotApproved, number, .message(Message(ProposalView.statusKey(p.status)))))
            }
            if let on = p.hiredOn.flatMap(Day.init(iso:)) { throw RegisterError.refused(Message(.hireAlreadyRecorded, number, .day(on))) }
            if start > today { throw RegisterError.refused(Message(.hireInFuture, number, .day(start), .day(today))) }
            let runStarted = try String.fetchOne(db, sql: "SELECT started_at FROM match_run WHERE id = ?", arguments: [p.run])
                .flatMap { Day(iso: String($0.prefix(10))) }
            if let runStarted, start < runStarted {
                throw RegisterError.refused(Message(.hireBeforeRun, number, .day(start), .text(String(p.run)), .day(runStarted)))
            }
            let person = try record(.participants, id: p.participant, db)
            if case .string(let text)? = person?["availableFrom"], let available = Day(iso: text), start < available {
                throw RegisterError.refused(Message(.hireBeforeAvailable, number, .day(start), .text(p.participant), .day(available)))
            }
            let need = try record(.needs, id: p.need, db)
            if case .string(let text)? = need?["start"], let needStart = Day(iso: text), start < needStart {
                throw RegisterError.refused(Message(.hireBeforeNeedStart, number, .day(start), .text(p.need), .day(needStart)))
            }
            try db.execute(
                sql: "INSERT INTO hire (proposal, start_date, recorded_by, recorded_at) VALUES (?, ?, ?, ?)",
                arguments: [id, start.description, actor, timestamp])
            try audit(db, actor: actor, action: "hire", entity: "proposal", id: String(id), detail: "started \(start)")
            return try existingProposal(id, db)
        }
    }

    /// Records whether a hired person is still employed 3, 6 or 12 months after
    /// starting. A second answer for the same month is refused unless it is
    /// marked a correction; the audit log then keeps the first answer beside the new one.
    public func retention(_ id: Int64, months: Int, employed: Bool, correction: Bool = false, by actor: String) throws {
        try transaction { db in
            let p = try existingProposal(id, db)
            let number = Message.Argument.text(String(id))
            guard [3, 6, 12].contains(months) else { throw RegisterError.refused(Message(.retentionMonths)) }
            guard let started = p.hiredOn.flatMap(Day.init(iso:)) else { throw RegisterError.refused(Message(.retentionNoHire, number)) }
            let due = started.addingMonths(months)
            guard today >= due else {
                throw RegisterError.refused(Message(.retentionNotDue, number, .count(months), .day(due), .day(started)))
            }
            let first = try Row.fetchOne(
                db, sql: "SELECT employed, recorded_by, recorded_at FROM retention WHERE proposal = ? AND months = ?", arguments: [id, months])
            func words(_ employed: Bool) -> String { employed ? "employed" : "not employed" }
            if let first, !correction {
                let was: Bool = first[0]
                let at = Day(iso: String((first[2] as String).prefix(10))) ?? today
                throw RegisterError.conflicting(Message(
                    .retentionAlreadyRecorded, number, .count(months), .message(Message(was ? .employed : .notEmployed)),
                    .text(first[1]), .day(at)))
            }
            if first == nil && correction { throw RegisterError.refused(Message(.retentionCorrectionOfNothing, number, .count(months))) }
            try db.execute(
                sql: """
                    INSERT INTO retention (proposal, months, employed, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (proposal, months) DO UPDATE SET employed = excluded.employed,
                        recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at
                    """,
                arguments: [id, months, employed, actor, timestamp])
            let detail = first.map { f in
                "\(months) months: \(words(employed)) (corrected; was \(words(f[0])), recorded by \(f[1] as String) at \(f[2] as String))"
            } ?? "\(months) months: \(words(employed))"
            try audit(db, actor: actor, action: first == nil ? "retention" : "retention-corrected", entity: "proposal", id: String(id), detail: detail)
        }
    }
}

extension Day {
    /// The same day of the month `months` later (the month's last day when it is shorter).
    public func addingMonths(_ months: Int) -> Day {
        let (y, m, d) = components
        let total = y * 12 + (m - 1) + months
        let year = total / 12, month = total % 12 + 1
        return Day(year: year, month: month, day: min(d, Day.daysIn(month: month, year: year)))!
    }
}
