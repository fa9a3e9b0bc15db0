import Foundation
import GRDB
import KadryCore
import KadryRegister
import KadryTestSupport
import Testing

@testable import KadryStore

@Suite("Schema migrations")
struct MigrationTests {
    @Test("A register of schema 3 keeps every proposal, decision and hire through 4-closing (and 5-accounts, 6-alternatives); old undecided proposals become superseded")
    func fromSchema3() throws {
        let queue = try DatabaseQueue(configuration: { var c = Configuration(); c.foreignKeysEnabled = true; return c }())
        try Schema.migrator.migrate(queue, upTo: "3-hardening")
        let clock = TestClock("2026-11-20")
        // The sample register and two runs, made by today's code on the old tables' columns.
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO institution VALUES ('i', 'CIS', 'I', '{}', 't', 't');
                INSERT INTO cooperative VALUES ('c', 'C', '{}', 't', 't');
                INSERT INTO participant (id, institution, data, created_at, updated_at) VALUES ('p1', 'i', '{}', 't', 't'), ('p2', 'i', '{}', 't', 't');
                INSERT INTO need (id, cooperative, service, title, positions, start, priority, data, created_at, updated_at)
                    VALUES ('n', 'c', 'meals', 'N', 2, '2027-01-01', 3, '{}', 't', 't');
                INSERT INTO match_run (started_at, as_of, policy, instance_sha256, objective, proven, placements, seconds, timings, result, run_by, register_version)
                    VALUES ('2026-11-20T10:00:00Z', '2026-12-01', '{}', 'x', 1, 1, 2, 0, '{}', '{}', 't', 0),
                           ('2026-11-21T10:00:00Z', '2026-12-01', '{}', 'x', 1, 1, 0, 0, '{}', '{}', 't', 0);
                INSERT INTO proposal (run, participant, need, score, terms, status, status_at, distance_km)
                    VALUES (1, 'p1', 'n', 10, '{}', 'approved', 't', 3), (1, 'p2', 'n', 9, '{}', 'proposed', 't', 4);
                INSERT INTO decision (proposal, decision, reason, decided_by, decided_at) VALUES (1, 'approve', 'agreed', 'k', 't');
                INSERT INTO hire (proposal, start_date, recorded_by, recorded_at) VALUES (1, '2027-01-01', 'c', 't');
                """)
        }
        let store = Register(writer: queue, path: nil, clock: { clock.now })
        try store.migrate()
        #expect(try store.schemaVersion() == "6-alternatives")
        let rows = try queue.read { db in try Row.fetchAll(db, sql: "SELECT id, status, distance_km FROM proposal ORDER BY id") }
        #expect(rows.map { $0[1] as String } == ["approved", "superseded"] && rows.map { $0[2] as Int } == [3, 4])
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM pragma_foreign_key_check") } == 0)
        // The references of decisions and hires still hold: a proposal they refer to cannot go.
        #expect(throws: DatabaseError.self) { try queue.write { db in try db.execute(sql: "DELETE FROM proposal WHERE id = 1") } }
        #expect(try store.closure(.needs, id: "n") == nil)
    }
}
