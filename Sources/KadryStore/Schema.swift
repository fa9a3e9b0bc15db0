import GRDB

/// The register's tables. Each record keeps its fields in the spec's JSON
/// shape (`data`), plus the columns queries and reports filter on.
/// Participants carry a pseudonymous id and the institution's own reference:
/// no name, no PESEL, nothing beyond what matching needs.
enum Schema {
    static let tables = [
        "institution", "cooperative", "participant", "programme", "need",
        "match_run", "proposal", "open_need", "decision", "hire", "retention", "audit", "api_token", "setting", "account", "session",
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1-register") { db in
            try db.execute(sql: """
                CREATE TABLE institution (
                    id TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,
                    name TEXT NOT NULL,
                    data TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE TABLE cooperative (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    data TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE TABLE participant (
                    id TEXT PRIMARY KEY NOT NULL,
                    institution TEXT NOT NULL REFERENCES institution(id),
                    reference TEXT,
                    programme_ends TEXT,
                    data TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE INDEX participant_institution ON participant(institution);
                CREATE TABLE programme (
                    id TEXT PRIMARY KEY NOT NULL,
                    title TEXT NOT NULL,
                    provider TEXT NOT NULL,
                    seats INTEGER NOT NULL CHECK (seats >= 0),
                    start TEXT NOT NULL,
                    "end" TEXT NOT NULL,
                    data TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE TABLE need (
                    id TEXT PRIMARY KEY NOT NULL,
                    cooperative TEXT NOT NULL REFERENCES cooperative(id),
                    service TEXT NOT NULL,
                    title TEXT NOT NULL,
                    positions INTEGER NOT NULL CHECK (positions >= 1),
                    start TEXT NOT NULL,
                    priority INTEGER NOT NULL,
                    data TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE INDEX need_cooperative ON need(cooperative);
                CREATE TABLE match_run (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    started_at TEXT NOT NULL,
                    as_of TEXT NOT NULL,
                    policy TEXT NOT NULL,
                    instance_sha256 TEXT NOT NULL,
                    objective REAL NOT NULL,
                    bound REAL,
                    proven INTEGER NOT NULL,
                    placements INTEGER NOT NULL,
                    seconds REAL NOT NULL,
                    timings TEXT NOT NULL,
                    result TEXT NOT NULL,
                    run_by TEXT NOT NULL
                );
                CREATE TABLE proposal (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    run INTEGER NOT NULL REFERENCES match_run(id),
                    participant TEXT NOT NULL REFERENCES participant(id),
                    need TEXT NOT NULL REFERENCES need(id),
                    programme TEXT REFERENCES programme(id),
                    score REAL NOT NULL,
                    terms TEXT NOT NULL,
                    status TEXT NOT NULL DEFAULT 'proposed'
                        CHECK (status IN ('proposed', 'approved', 'rejected', 'deferred')),
                    status_at TEXT NOT NULL,
                    UNIQUE (run, participant)
                );
                CREATE INDEX proposal_need ON proposal(need);
                CREATE INDEX proposal_participant ON proposal(participant);
                CREATE INDEX proposal_status ON proposal(status);
                CREATE TABLE open_need (
                    run INTEGER NOT NULL REFERENCES match_run(id),
                    need TEXT NOT NULL REFERENCES need(id),
                    open INTEGER NOT NULL,
                    reasons TEXT NOT NULL,
                    PRIMARY KEY (run, need)
                );
                CREATE TABLE decision (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    proposal INTEGER NOT NULL REFERENCES proposal(id),
                    decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject', 'defer', 'withdraw')),
                    reason TEXT NOT NULL,
                    note TEXT,
                    decided_by TEXT NOT NULL,
                    decided_at TEXT NOT NULL
                );
                CREATE INDEX decision_proposal ON decision(proposal);
                CREATE TABLE hire (
                    proposal INTEGER PRIMARY KEY NOT NULL REFERENCES proposal(id),
                    start_date TEXT NOT NULL,
                    recorded_by TEXT NOT NULL,
                    recorded_at TEXT NOT NULL
                );
                CREATE TABLE retention (
                    proposal INTEGER NOT NULL REFERENCES hire(proposal),
                    months INTEGER NOT NULL CHECK (months IN (3, 6, 12)),
                    employed INTEGER NOT NULL CHECK (employed IN (0, 1)),
                    recorded_by TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    PRIMARY KEY (proposal, months)
                );
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    entity TEXT NOT NULL,
                    entity_id TEXT NOT NULL,
                    detail TEXT
                );
                CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                """)
        }
        migrator.registerMigration("2-api-tokens") { db in
            // Bearer tokens of the HTTP service, kept only as SHA-256 hashes.
            try db.execute(sql: """
                CREATE TABLE api_token (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    sha256 TEXT NOT NULL UNIQUE,
                    organisation TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('institution', 'cooperative', 'committee')),
                    name TEXT,
                    created_at TEXT NOT NULL,
                    created_by TEXT NOT NULL,
                    revoked_at TEXT
                );
                """)
        }
        migrator.registerMigration("3-hardening") { db in
            // A run remembers the register version (the audit log's last id) it solved; a proposal,
            // the distance at the run in whole km (what a cooperative sees before approval).
            try db.execute(sql: """
                ALTER TABLE match_run ADD COLUMN register_version INTEGER;
                ALTER TABLE proposal ADD COLUMN distance_km INTEGER;
                CREATE INDEX audit_entity ON audit(entity, entity_id, id);
                UPDATE match_run SET register_version = coalesce((SELECT a.id - 1 FROM audit a
                    WHERE a.action = 'match' AND a.entity = 'match_run' AND a.entity_id = CAST(match_run.id AS TEXT)), 0);
                """)
            // Tokens expire (those issued before: a year after they were); the register names its
            // committee, whose tokens alone may carry the committee role.
            try db.execute(sql: """
                ALTER TABLE api_token ADD COLUMN expires_at TEXT;
                UPDATE api_token SET expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+365 days');
                CREATE TABLE setting (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                INSERT INTO setting (key, value) SELECT 'committee', organisation FROM api_token
                    WHERE role = 'committee' ORDER BY id LIMIT 1;
                """)
        }
        migrator.registerMigration("4-closing", foreignKeyChecks: .deferred) { db in
            // Needs and participants can be closed (filled outside Kadry, cancelled, left the
            // programme) with a reason: out of later runs, their history kept.
            for table in ["need", "participant"] {
                try db.execute(sql: """
                    ALTER TABLE \(table) ADD COLUMN closed_at TEXT;
                    ALTER TABLE \(table) ADD COLUMN closed_reason TEXT;
                    ALTER TABLE \(table) ADD COLUMN closed_note TEXT;
                    """)
            }
            // A proposal of an older run nobody decided on is `superseded` once a newer run is stored.
            // SQLite cannot change a CHECK constraint: the table is rebuilt (its references keep its name).
            try db.execute(sql: """
                CREATE TABLE proposal_new (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    run INTEGER NOT NULL REFERENCES match_run(id),
                    participant TEXT NOT NULL REFERENCES participant(id),
                    need TEXT NOT NULL REFERENCES need(id),
                    programme TEXT REFERENCES programme(id),
                    score REAL NOT NULL,
                    terms TEXT NOT NULL,
                    status TEXT NOT NULL DEFAULT 'proposed'
                        CHECK (status IN ('proposed', 'approved', 'rejected', 'deferred', 'superseded')),
                    status_at TEXT NOT NULL,
                    distance_km INTEGER,
                    UNIQUE (run, participant)
                );
                INSERT INTO proposal_new (id, run, participant, need, programme, score, terms, status, status_at, distance_km)
                    SELECT id, run, participant, need, programme, score, terms, status, status_at, distance_km FROM proposal;
                DROP TABLE proposal;
                ALTER TABLE proposal_new RENAME TO proposal;
                CREATE INDEX proposal_need ON proposal(need);
                CREATE INDEX proposal_participant ON proposal(participant);
                CREATE INDEX proposal_status ON proposal(status);
                UPDATE proposal SET status = 'superseded'
                    WHERE status = 'proposed' AND run < (SELECT max(id) FROM match_run);
                """)
        }
        migrator.registerMigration("5-accounts") { db in
            // People who log in to the pages: a login, a bcrypt hash, their organisation and role.
            // Sessions are kept as SHA-256 hashes of their cookie, with an expiry and a CSRF token.
            try db.execute(sql: """
                CREATE TABLE account (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    login TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    password TEXT NOT NULL,
                    organisation TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('institution', 'cooperative', 'committee')),
                    created_at TEXT NOT NULL,
                    created_by TEXT NOT NULL,
                    disabled_at TEXT
                );
                CREATE TABLE session (
                    sha256 TEXT PRIMARY KEY NOT NULL,
                    account INTEGER NOT NULL REFERENCES account(id),
                    csrf TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    expires_at TEXT NOT NULL
                );
                CREATE INDEX session_account ON session(account);
                """)
        }
        migrator.registerMigration("6-alternatives") { db in
            // Who else could have taken each proposal's position, as the run found them (a JSON list).
            try db.execute(sql: "ALTER TABLE proposal ADD COLUMN alternatives TEXT")
        }
        return migrator
    }
}
