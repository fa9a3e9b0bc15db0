import Crypto
import GRDB
import KadryCore
import KadryMatcher
import KadryRegister

/// A stored match run, as listed.
public struct RunSummary: Sendable {
    public var id: Int64
    public var startedAt: String
    public var asOf: String
    public var instanceSHA256: String
    public var objective: Double
    public var bound: Double?
    public var proven: Bool
    public var placements: Int
    public var openPositions: Int
    public var seconds: Double
    public var runBy: String
}

extension Register {
    /// Placements the committee approved: a later run keeps them.
    func commitments(_ db: Database) throws -> [Commitment] {
        try Row.fetchAll(db, sql: "SELECT participant, need, programme FROM proposal WHERE status = 'approved' ORDER BY id").map {
            Commitment(participant: $0["participant"], need: $0["need"], programme: $0["programme"])
        }
    }

    /// Pairs the committee rejected (and did not withdraw): not proposed again.
    func rejectedPairs(_ db: Database) throws -> [(participant: String, need: String)] {
        try Row.fetchAll(db, sql: "SELECT DISTINCT participant, need FROM proposal WHERE status = 'rejected' ORDER BY participant, need").map {
            ($0["participant"], $0["need"])
        }
    }

    func instanceDocument(asOf: Day, policy: JSONObject, _ db: Database) throws -> JSONValue {
        InstanceAssembly.document(
            asOf: asOf, policy: policy,
            institutions: try records(.institutions, db), cooperatives: try records(.cooperatives, db),
            participants: try records(.participants, db), programmes: try records(.programmes, db),
            needs: try records(.needs, db), commitments: try commitments(db))
    }

    /// The register as a `kadry-instance/1` document on `asOf` (today by default):
    /// what `kadry match` solves, so any run can be reproduced with `kadry solve`.
    public func instanceDocument(asOf: Day? = nil, policy: JSONObject = JSONObject()) throws -> JSONValue {
        try read { db in try instanceDocument(asOf: asOf ?? today, policy: policy, db) }
    }

    /// Solves the register and stores the run with one proposal per placement.
    ///
    /// The solve happens outside any transaction (other commands keep
    /// working); the run is stored only if the register did not change
    /// meanwhile, in one transaction with its proposals.
    public func match(
        asOf: Day? = nil, policy: JSONObject = JSONObject(), vocabulary: InstanceVocabulary, actor: String, timeLimit: Double? = nil,
        progress: (Instance) -> (@Sendable (SolverProgress) -> Void)? = { _ in nil }
    ) throws -> (run: RunSummary, result: MatchResult, instance: Instance) {
        let day = asOf ?? today
        let (document, rejected) = try read { db in (try instanceDocument(asOf: day, policy: policy, db), try rejectedPairs(db)) }
        let text = JSONWriter.write(document)
        let hash = SHA256.hash(data: Array(text.utf8)).map { String($0, radix: 16).leftPadded(2) }.joined()
        let instance: Instance
        do {
            instance = try InstanceReader(vocabulary: vocabulary).read(document)
        } catch {
            throw RegisterError.invalid("the register does not make a valid placement problem:\n\(error)")
        }
        var scenario = Scenario()
        let participantIndex = Dictionary(instance.participants.indices.map { (instance.participants[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        let needIndex = Dictionary(instance.needs.indices.map { (instance.needs[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        scenario.forbidden = rejected.compactMap { pair in
            guard let p = participantIndex[pair.participant], let n = needIndex[pair.need] else { return nil }
            return Scenario.Pair(participant: p, need: n)
        }
        let started = clock()
        let result = Matcher.match(instance, scenario: scenario, options: SolverOptions(timeLimit: timeLimit, progress: progress(instance)))
        let seconds = clock().timeIntervalSince(started)
        let resultDocument = ResultWriter.document(result, instance: instance)
        let run = try transaction { db -> RunSummary in
            guard JSONWriter.write(try instanceDocument(asOf: day, policy: policy, db)) == text else {
                throw RegisterError.invalid("the register changed while the matcher ran (another import or decision); run `kadry match` again")
            }
            let scorer = Scorer(instance: instance)
            func number(_ v: Int64) -> Double { Double(scorer.format(v)) ?? 0 }
            let now = timestamp
            let timings = JSONValue.object(JSONObject(result.timings.map { (key: $0.phase, value: .number(String(format3($0.seconds)))) }))
            try db.execute(
                sql: """
                    INSERT INTO match_run (started_at, as_of, policy, instance_sha256, objective, bound, proven, placements, seconds, timings, result, run_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [now, day.description, JSONWriter.write(.object(policy), indent: nil), hash, number(result.objective), result.bound.map(number),
                            result.bound == result.objective, result.placements.count, seconds,
                            JSONWriter.write(timings, indent: nil), JSONWriter.write(resultDocument, indent: nil), actor])
            let runID = db.lastInsertedRowID
            for placement in result.placements {
                let terms = JSONValue.object(JSONObject(placement.terms.named.map { (key: $0.name, value: .number(scorer.format($0.value))) }))
                try db.execute(
                    sql: "INSERT INTO proposal (run, participant, need, programme, score, terms, status_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [runID, instance.participants[placement.participant].id, instance.needs[placement.need].id,
                                placement.route.programme.map { instance.programmes[$0].id }, number(placement.terms.total),
                                JSONWriter.write(terms, indent: nil), now])
            }
            for entry in result.unfilled {
                // Each reason in English and in Polish (the report is in either).
                let reasons = JSONValue.array(entry.reasons.map { r in
                    .object(JSONObject([("en", .string(r.description)), ("pl", .string(r.polishDescription))]))
                })
                try db.execute(
                    sql: "INSERT INTO open_need (run, need, open, reasons) VALUES (?, ?, ?, ?)",
                    arguments: [runID, instance.needs[entry.need].id, entry.open, JSONWriter.write(reasons, indent: nil)])
            }
            try audit(db, actor: actor, action: "match", entity: "match_run", id: String(runID),
                      detail: "as of \(day); \(result.placements.count) proposals; instance sha256 \(hash)")
            return try runSummary(runID, db)!
        }
        return (run, result, instance)
    }

    func runSummary(_ id: Int64, _ db: Database) throws -> RunSummary? {
        try Row.fetchOne(db, sql: "SELECT * FROM match_run WHERE id = ?", arguments: [id]).map { row in
            RunSummary(
                id: row["id"], startedAt: row["started_at"], asOf: row["as_of"], instanceSHA256: row["instance_sha256"],
                objective: row["objective"], bound: row["bound"], proven: row["proven"], placements: row["placements"],
                openPositions: try Int.fetchOne(db, sql: "SELECT coalesce(sum(open), 0) FROM open_need WHERE run = ?", arguments: [id]) ?? 0,
                seconds: row["seconds"], runBy: row["run_by"])
        }
    }

    /// All runs, newest first.
    public func runs() throws -> [RunSummary] {
        try read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM match_run ORDER BY id DESC").compactMap { try runSummary($0, db) }
        }
    }

    /// The newest run's id, if any.
    public func latestRun() throws -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM match_run") }
    }
}

private func format3(_ seconds: Double) -> String {
    let millis = Int((seconds * 1000).rounded())
    let frac = String(millis % 1000)
    return "\(millis / 1000).\(String(repeating: "0", count: 3 - frac.count))\(frac)"
}

extension String {
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}

extension Register {
    /// The (participant, need) pairs a run rules out now: rejected and not withdrawn.
    public func ruledOutPairs() throws -> [(participant: String, need: String)] {
        try read { db in try rejectedPairs(db) }
    }
}
