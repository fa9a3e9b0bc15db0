import GRDB
import KadryCore
import KadryRegister

extension Register {
    /// The quarterly report's numbers. Needs count in the quarter they were
    /// entered into the register; decisions, approvals and hires in the quarter
    /// they happened; programmes when they run in it; retention checks when
    /// they fall due by its end; open needs come from the newest run started by its end.
    public func quarterReport(_ quarter: Quarter, serviceNames: [String: String] = [:]) throws -> QuarterReport {
        let (first, last) = (quarter.first.description, quarter.last.description)
        return try read { db in
            var report = QuarterReport(quarter: quarter, generatedAt: timestamp)
            let inQuarter: StatementArguments = [first, last]

            // One definition per figure (written under the table): needs and positions entered in the
            // quarter; approvals (a proposal approved now, approved in the quarter) and hires (starting in
            // the quarter) of any need, as the institutions table counts them; open positions of every
            // need that existed and was not closed at the quarter's end, less its placements approved by then.
            report.needs = try Row.fetchAll(db, sql: """
                SELECT n.service, n.cooperative, c.name AS cooperative_name,
                       sum(substr(n.created_at, 1, 10) BETWEEN ?1 AND ?2) AS needs,
                       sum(CASE WHEN substr(n.created_at, 1, 10) BETWEEN ?1 AND ?2 THEN n.positions ELSE 0 END) AS positions,
                       sum((SELECT count(*) FROM proposal p WHERE p.need = n.id AND p.status = 'approved' AND p.programme IS NULL
                            AND substr(p.status_at, 1, 10) BETWEEN ?1 AND ?2)) AS direct,
                       sum((SELECT count(*) FROM proposal p WHERE p.need = n.id AND p.status = 'approved' AND p.programme IS NOT NULL
                            AND substr(p.status_at, 1, 10) BETWEEN ?1 AND ?2)) AS via,
                       sum((SELECT count(*) FROM proposal p JOIN hire h ON h.proposal = p.id WHERE p.need = n.id
                            AND h.start_date BETWEEN ?1 AND ?2)) AS hired,
                       sum(CASE WHEN substr(n.created_at, 1, 10) <= ?2 AND (n.closed_at IS NULL OR substr(n.closed_at, 1, 10) > ?2)
                           THEN max(0, n.positions - (SELECT count(*) FROM proposal p WHERE p.need = n.id AND p.status = 'approved'
                                                      AND substr(p.status_at, 1, 10) <= ?2))
                           ELSE 0 END) AS open
                FROM need n JOIN cooperative c ON c.id = n.cooperative
                WHERE substr(n.created_at, 1, 10) <= ?2
                GROUP BY n.service, n.cooperative
                HAVING needs > 0 OR direct > 0 OR via > 0 OR hired > 0 OR open > 0
                ORDER BY n.service, n.cooperative
                """, arguments: inQuarter).map { row in
                let service: String = row["service"]
                return QuarterReport.NeedRow(
                    service: service, serviceName: serviceNames[service] ?? service, cooperative: row["cooperative"],
                    cooperativeName: row["cooperative_name"], needs: row["needs"], positions: row["positions"],
                    filledDirect: row["direct"], filledViaTraining: row["via"], hired: row["hired"], open: row["open"])
            }

            report.programmes = try Row.fetchAll(db, sql: """
                SELECT t.id, t.title, t.start, t."end", t.seats,
                       (SELECT count(*) FROM proposal p WHERE p.programme = t.id AND p.status = 'approved') AS used,
                       (SELECT count(*) FROM proposal p JOIN hire h ON h.proposal = p.id WHERE p.programme = t.id) AS hired
                FROM programme t WHERE t.start <= ? AND t."end" >= ? ORDER BY t.start, t.id
                """, arguments: [last, first]).map { row in
                QuarterReport.ProgrammeRow(id: row["id"], title: row["title"], start: row["start"], end: row["end"],
                                           seats: row["seats"], used: row["used"], hired: row["hired"])
            }

            report.institutions = try Row.fetchAll(db, sql: """
                SELECT i.id, i.name,
                       (SELECT count(*) FROM participant pa WHERE pa.institution = i.id) AS participants,
                       (SELECT count(DISTINCT p.participant) FROM proposal p JOIN participant pa ON pa.id = p.participant
                          JOIN match_run r ON r.id = p.run
                          WHERE pa.institution = i.id AND substr(r.started_at, 1, 10) BETWEEN ?1 AND ?2) AS proposed,
                       (SELECT count(*) FROM proposal p JOIN participant pa ON pa.id = p.participant
                          WHERE pa.institution = i.id AND p.status = 'approved' AND substr(p.status_at, 1, 10) BETWEEN ?1 AND ?2) AS approved,
                       (SELECT count(*) FROM proposal p JOIN participant pa ON pa.id = p.participant
                          WHERE pa.institution = i.id AND p.status = 'rejected' AND substr(p.status_at, 1, 10) BETWEEN ?1 AND ?2) AS rejected,
                       (SELECT count(*) FROM hire h JOIN proposal p ON p.id = h.proposal JOIN participant pa ON pa.id = p.participant
                          WHERE pa.institution = i.id AND h.start_date BETWEEN ?1 AND ?2) AS hired
                FROM institution i ORDER BY i.id
                """, arguments: inQuarter).map { row in
                QuarterReport.InstitutionRow(id: row["id"], name: row["name"], participants: row["participants"], proposed: row["proposed"],
                                             approved: row["approved"], rejected: row["rejected"], hired: row["hired"])
            }

            func tallies(_ organisation: String?) throws -> [QuarterReport.DecisionTally] {
                let column = organisation.map { "\($0) AS organisation, " } ?? "NULL AS organisation, "
                let group = organisation.map { "\($0), " } ?? ""
                return try Row.fetchAll(db, sql: """
                    SELECT \(column) d.decision, d.reason, count(*) AS n
                    FROM decision d JOIN proposal p ON p.id = d.proposal JOIN need n ON n.id = p.need
                    JOIN participant pa ON pa.id = p.participant
                    WHERE substr(d.decided_at, 1, 10) BETWEEN ? AND ?
                    GROUP BY \(group) d.decision, d.reason ORDER BY \(group) d.decision, d.reason
                    """, arguments: inQuarter).map { row in
                    QuarterReport.DecisionTally(organisation: row["organisation"], decision: row["decision"], reason: row["reason"], count: row["n"])
                }
            }
            report.decisions = try tallies(nil)
            report.decisionsByCooperative = try tallies("n.cooperative")
            report.decisionsByInstitution = try tallies("pa.institution")

            let hires = try Row.fetchAll(db, sql: "SELECT proposal, start_date FROM hire").compactMap { row -> (Int64, Day)? in
                guard let day = Day(iso: row["start_date"]) else { return nil }
                return (row["proposal"], day)
            }
            let checks = try Row.fetchAll(db, sql: "SELECT proposal, months, employed FROM retention")
            report.retention = [3, 6, 12].map { months in
                let due = Set(hires.filter { $0.1.addingMonths(months) <= quarter.last }.map(\.0))
                let recorded = checks.filter { ($0["months"] as Int) == months && due.contains($0["proposal"] as Int64) }
                return QuarterReport.RetentionRow(months: months, due: due.count, recorded: recorded.count,
                                                  employed: recorded.filter { $0["employed"] as Bool }.count)
            }

            if let run = try Row.fetchOne(db, sql: "SELECT id, as_of FROM match_run WHERE substr(started_at, 1, 10) <= ? ORDER BY id DESC LIMIT 1",
                                          arguments: [last]) {
                let id: Int64 = run["id"]
                report.run = (id, run["as_of"])
                report.openNeeds = try Row.fetchAll(db, sql: """
                    SELECT o.need, n.title, n.cooperative, o.open, o.reasons, c.name AS cooperative_name FROM open_need o
                    JOIN need n ON n.id = o.need JOIN cooperative c ON c.id = n.cooperative
                    WHERE o.run = ? ORDER BY o.need
                    """, arguments: [id]).map { row in
                    // Reasons are {"en", "pl"} objects; runs stored before Polish was added have English strings only.
                    var reasons: [String] = [], polish: [String] = []
                    if case .array(let list) = try JSONParser.parse(row["reasons"] as String) {
                        for item in list {
                            switch item {
                            case .string(let s):
                                reasons.append(s)
                                polish.append(s)
                            case .object(let o):
                                if case .string(let en)? = o["en"], case .string(let pl)? = o["pl"] {
                                    reasons.append(en)
                                    polish.append(pl)
                                }
                            default:
                                break
                            }
                        }
                    }
                    var entry = QuarterReport.OpenNeedRow(need: row["need"], title: row["title"], cooperative: row["cooperative"], open: row["open"],
                                                          reasons: reasons, reasonsPolish: polish)
                    entry.cooperativeName = row["cooperative_name"]
                    return entry
                }
            }
            return report
        }
    }
}
