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
            participants: try openRecords(.participants, db), programmes: try records(.programmes, db),
            needs: try openRecords(.needs, db), commitments: try commitments(db))
    }

    /// The register as a `kadry-instance/1` document on `asOf` (today by default):
    /// what `kadry match` solves, so any run can be reproduced with `kadry solve`.
    public func instanceDocument(asOf: Day? = nil, policy: JSONObject = JSONObject()) throws -> JSONValue {
        try read { db in try instanceDocument(asOf: asOf ?? today, policy: policy, db) }
    }

    /// The register as a placement problem on `day`, read in one snapshot: the instance, the pairs
    /// the committee rejected (ruled out), the document it was read from and the register's version.
    func problem(asOf day: Day, policy: JSONObject, vocabulary: InstanceVocabulary, maxPairs: Int?) throws
        -> (instance: Instance, scenario: Scenario, document: JSONValue, version: Int64)
    {
        let snapshot = try read { db in
            (document: try instanceDocument(asOf: day, policy: policy, db), rejected: try rejectedPairs(db), version: try self.version(db))
        }
        let instance: Instance
        do {
            instance = try InstanceReader(vocabulary: vocabulary).read(snapshot.document)
        } catch {
            throw RegisterError.invalid("the register does not make a valid placement problem:\n\(error)")
        }
        if let maxPairs, RouteEstimate.pairs(instance, limit: maxPairs) == nil {
            throw RegisterError.invalid(
                "the register has more than \(maxPairs) pairs of a participant and a need or programme within commuting distance, "
                    + "more than a match run here takes; check participants' maxCommuteKm, or run `kadry match` with the limit raised")
        }
        var scenario = Scenario()
        let participantIndex = Dictionary(instance.participants.indices.map { (instance.participants[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        let needIndex = Dictionary(instance.needs.indices.map { (instance.needs[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        scenario.forbidden = snapshot.rejected.compactMap { pair in
            guard let p = participantIndex[pair.participant], let n = needIndex[pair.need] else { return nil }
            return Scenario.Pair(participant: p, need: n)
        }
        return (instance, scenario, snapshot.document, snapshot.version)
    }

    /// What more or fewer seats in programmes would change, on the register as it is on `asOf`
    /// (today by default): the register solved as a run would solve it, then again with the seats
    /// changed. Nothing is stored. `seats` maps programme ids to the seats to add (negative: remove).
    public func whatIf(seats: [String: Int], asOf: Day? = nil, vocabulary: InstanceVocabulary, timeLimit: Double? = nil, maxPairs: Int? = nil,
                       language: Language) throws -> WhatifSummary
    {
        let (instance, base, _, _) = try problem(asOf: asOf ?? today, policy: JSONObject(), vocabulary: vocabulary, maxPairs: maxPairs)
        var scenario = base
        for (id, delta) in seats {
            guard let t = instance.programmeIndex(of: id) else { throw RegisterError.refused(Message(.apiNoRecord, .message(RecordKind.programmes.word), .text(id))) }
            scenario.seatChanges[t, default: 0] += delta
        }
        let options = SolverOptions(timeLimit: timeLimit)
        do {
            let before = try Matcher.matchWithinLimit(instance, scenario: base, options: options)
            let after = try Matcher.matchWithinLimit(instance, scenario: scenario, options: options)
            // The rejected pairs are the register's, not the committee's change: not listed as one.
            var shown = scenario
            shown.forbidden = []
            return WhatifSummary(before: before, after: after, scenario: shown, instance: instance, language: language)
        } catch {
            throw RegisterError.invalid("\(error)")
        }
    }

    /// Solves the register and stores the run with one proposal per placement.
    ///
    /// The register is read in one snapshot and solved outside any
    /// transaction, so other commands keep working and writers never hold a
    /// run back. The run is stored against the register version it read; a
    /// proposal whose participant, need or programme changed after that
    /// version is stale (`ProposalView.stale`) and cannot be approved until a
    /// newer run. A placement whose record was deleted meanwhile is not stored.
    /// With `maxPairs`, a register with more pairs in commuting reach than
    /// that is refused before any route is built.
    public func match(
        asOf: Day? = nil, policy: JSONObject = JSONObject(), vocabulary: InstanceVocabulary, actor: String, timeLimit: Double? = nil,
        maxPairs: Int? = nil, progress: (Instance) -> (@Sendable (SolverProgress) -> Void)? = { _ in nil }
    ) throws -> (run: RunSummary, result: MatchResult, instance: Instance) {
        let day = asOf ?? today
        let (instance, scenario, document, version) = try problem(asOf: day, policy: policy, vocabulary: vocabulary, maxPairs: maxPairs)
        let hash = SHA256.hash(data: Array(JSONWriter.write(document).utf8)).map { String($0, radix: 16).leftPadded(2) }.joined()
        let started = clock()
        let result: MatchResult
        do {
            result = try Matcher.matchWithinLimit(instance, scenario: scenario, options: SolverOptions(timeLimit: timeLimit, progress: progress(instance)))
        } catch {
            throw RegisterError.invalid("\(error); no run was stored")
        }
        let seconds = clock().timeIntervalSince(started)
        // Who else could have taken each position, for the committee's review (outside the transaction: it reads no register).
        let alternatives = Alternatives.of(result, in: instance)
        let resultDocument = ResultWriter.document(result, instance: instance)
        let run = try transaction { db -> RunSummary in
            let scorer = Scorer(instance: instance)
            func number(_ v: Int64) -> Double { Double(scorer.format(v)) ?? 0 }
            let now = timestamp
            let timings = JSONValue.object(JSONObject(result.timings.map { (key: $0.phase, value: .number(String(format3($0.seconds)))) }))
            try db.execute(
                sql: """
                    INSERT INTO match_run (started_at, as_of, policy, instance_sha256, objective, bound, proven, placements, seconds, timings,
                                           result, run_by, register_version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [now, day.description, JSONWriter.write(.object(policy), indent: nil), hash, number(result.objective), result.bound.map(number),
                            result.bound == result.objective, result.placements.count, seconds,
                            JSONWriter.write(timings, indent: nil), JSONWriter.write(resultDocument, indent: nil), actor, version])
            let runID = db.lastInsertedRowID
            // Records deleted while the matcher ran cannot be proposed (nor referred to).
            func exists(_ kind: RecordKind, _ id: String) throws -> Bool {
                try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM \(kind.table) WHERE id = ?"), arguments: [id]) ?? false
            }
            var gone = 0
            for (index, placement) in result.placements.enumerated() {
                let p = instance.participants[placement.participant], n = instance.needs[placement.need]
                let t = placement.route.programme.map { instance.programmes[$0].id }
                guard try exists(.participants, p.id), try exists(.needs, n.id), try t.map({ try exists(.programmes, $0) }) ?? true else {
                    gone += 1
                    continue
                }
                let terms = JSONValue.object(JSONObject(placement.terms.named.map { (key: $0.name, value: .number(scorer.format($0.value))) }))
                // The distance as it was at the run, in whole km: what a cooperative may know of where a candidate lives.
                let km = Int(p.location.distanceKm(to: n.location).rounded())
                // (Not worked out past its budget: nothing stored, and the page says nothing.)
                let others = alternatives.map { found in JSONValue.array((found[index] ?? []).map { a in
                    .object(JSONObject([
                        ("participant", .string(instance.participants[a.participant].id)), ("score", .number(scorer.format(a.score))),
                        ("placedAt", a.placedAt.map { .string(instance.needs[$0].id) } ?? .null),
                        ("via", a.route.programme.map { .string(instance.programmes[$0].id) } ?? .null),
                    ]))
                }) }
                try db.execute(
                    sql: """
                        INSERT INTO proposal (run, participant, need, programme, score, terms, status_at, distance_km, alternatives)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [runID, p.id, n.id, t, number(placement.terms.total), JSONWriter.write(terms, indent: nil), now, km,
                                others.map { JSONWriter.write($0, indent: nil) }])
            }
            for entry in result.unfilled where try exists(.needs, instance.needs[entry.need].id) {
                // Each reason in English and in Polish (the report is in either).
                let reasons = JSONValue.array(entry.reasons.map { r in
                    .object(JSONObject([("en", .string(r.description)), ("pl", .string(r.polishDescription))]))
                })
                try db.execute(
                    sql: "INSERT INTO open_need (run, need, open, reasons) VALUES (?, ?, ?, ?)",
                    arguments: [runID, instance.needs[entry.need].id, entry.open, JSONWriter.write(reasons, indent: nil)])
            }
            // Earlier runs' proposals nobody decided on give way to this run's.
            try db.execute(sql: "UPDATE proposal SET status = 'superseded', status_at = ? WHERE run < ? AND status = 'proposed'",
                           arguments: [now, runID])
            let superseded = db.changesCount
            try audit(db, actor: actor, action: "match", entity: "match_run", id: String(runID),
                      detail: "as of \(day); register version \(version); \(result.placements.count - gone) proposals"
                        + (gone > 0 ? " (\(gone) more whose records were deleted meanwhile)" : "") + "; instance sha256 \(hash)"
                        + (superseded > 0 ? "; \(superseded) undecided proposals of earlier runs superseded" : ""))
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

    /// What one organisation's share of a run is: its proposals (an institution's participants',
    /// a cooperative's needs') and, for a cooperative, its positions left open.
    public func share(of run: Int64, institution: String? = nil, cooperative: String? = nil) throws -> (proposals: Int, openPositions: Int?) {
        try read { db in
            if let institution {
                let n = try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM proposal p JOIN participant pa ON pa.id = p.participant WHERE p.run = ? AND pa.institution = ?
                    """, arguments: [run, institution]) ?? 0
                return (n, nil)
            }
            let n = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM proposal p JOIN need n ON n.id = p.need WHERE p.run = ? AND n.cooperative = ?
                """, arguments: [run, cooperative]) ?? 0
            let open = try Int.fetchOne(db, sql: """
                SELECT coalesce(sum(o.open), 0) FROM open_need o JOIN need n ON n.id = o.need WHERE o.run = ? AND n.cooperative = ?
                """, arguments: [run, cooperative]) ?? 0
            return (n, open)
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
