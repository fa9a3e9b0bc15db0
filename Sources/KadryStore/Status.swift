import GRDB
import KadryCore

/// What needs attention now (`kadry status`).
public struct Attention: Sendable {
    public var today: Day
    /// Participants whose KIS/CIS programme ends within 30 days with no approved placement.
    public var endingWithoutPlacement: [(participant: String, institution: String, programmeEnds: String)] = []
    /// Proposals waiting for a decision (new in the newest run, or deferred) for more than 14 days.
    public var waiting: [(proposal: Int64, participant: String, need: String, since: String)] = []
    /// Hires whose 3-, 6- or 12-month check is due and not recorded.
    public var retentionDue: [(proposal: Int64, participant: String, months: Int, due: Day)] = []
    /// Needs starting within 30 days with positions no approved proposal fills.
    public var needsStartingOpen: [(need: String, title: String, cooperative: String, start: String, open: Int)] = []

    /// Institutions' and cooperatives' names by id, for people to read.
    public var names: [String: String] = [:]

    /// An organisation's name, or its id where the register has none.
    public func name(_ id: String) -> String { names[id] ?? id }

    public var isEmpty: Bool { endingWithoutPlacement.isEmpty && waiting.isEmpty && retentionDue.isEmpty && needsStartingOpen.isEmpty }
}

extension Register {
    public func attention() throws -> Attention {
        let today = self.today
        let soon = (today + 30).description
        let stale = (today - 14).description
        return try read { db in
            var a = Attention(today: today)
            a.endingWithoutPlacement = try Row.fetchAll(db, sql: """
                SELECT pa.id, pa.institution, pa.programme_ends FROM participant pa
                WHERE pa.programme_ends BETWEEN ? AND ? AND pa.closed_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM proposal p WHERE p.participant = pa.id AND p.status = 'approved')
                ORDER BY pa.programme_ends, pa.id
                """, arguments: [today.description, soon]).map { ($0["id"], $0["institution"], $0["programme_ends"]) }
            a.waiting = try Row.fetchAll(db, sql: """
                SELECT p.id, p.participant, p.need, p.status_at FROM proposal p
                WHERE substr(p.status_at, 1, 10) < ?
                  AND (p.status = 'deferred' OR (p.status = 'proposed' AND p.run = (SELECT max(id) FROM match_run)))
                ORDER BY p.status_at, p.id
                """, arguments: [stale]).map { ($0["id"], $0["participant"], $0["need"], String(($0["status_at"] as String).prefix(10))) }
            let hires = try Row.fetchAll(db, sql: """
                SELECT h.proposal, h.start_date, p.participant, (SELECT group_concat(months) FROM retention r WHERE r.proposal = h.proposal) AS done
                FROM hire h JOIN proposal p ON p.id = h.proposal ORDER BY h.start_date, h.proposal
                """)
            for row in hires {
                guard let start = Day(iso: row["start_date"]) else { continue }
                let done = Set(((row["done"] as String?) ?? "").split(separator: ",").compactMap { Int($0) })
                for months in [3, 6, 12] where !done.contains(months) && start.addingMonths(months) <= today {
                    a.retentionDue.append((row["proposal"], row["participant"], months, start.addingMonths(months)))
                }
            }
            a.needsStartingOpen = try Row.fetchAll(db, sql: """
                SELECT n.id, n.title, n.cooperative, n.start,
                       n.positions - (SELECT count(*) FROM proposal p WHERE p.need = n.id AND p.status = 'approved') AS open
                FROM need n WHERE n.start BETWEEN ? AND ? AND open > 0 AND n.closed_at IS NULL ORDER BY n.start, n.id
                """, arguments: [today.description, soon]).map { ($0["id"], $0["title"], $0["cooperative"], $0["start"], $0["open"]) }
            for row in try Row.fetchAll(db, sql: "SELECT id, name FROM institution UNION ALL SELECT id, name FROM cooperative") {
                a.names[row["id"]] = row["name"]
            }
            return a
        }
    }
}
