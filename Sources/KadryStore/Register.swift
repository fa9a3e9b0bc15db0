import Foundation
import GRDB
import KadryCore

/// The register: participants, programmes, needs, match runs, decisions and
/// outcomes, kept in one SQLite file (WAL mode, foreign keys on, versioned
/// migrations). Every command that writes does so in one IMMEDIATE
/// transaction, so a killed process leaves the file as it was before, and a
/// second writer waits (up to `busyTimeout`) rather than failing.
public final class Register: Sendable {
    public let writer: any DatabaseWriter
    /// The file, or nil for a register held in memory.
    public let path: String?
    /// The clock used for timestamps (tests set it).
    let clock: @Sendable () -> Date

    public static let busyTimeout: TimeInterval = 30

    /// Opens (and, with `create`, makes) the register at `path`, bringing its schema up to date.
    public static func open(path: String, create: Bool = false, clock: @escaping @Sendable () -> Date = { Date() }) throws -> Register {
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw RegisterError.notFound(path)
        }
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(busyTimeout)
        config.label = "kadry"
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw RegisterError.cannotOpen(path, "\(error)")
        }
        let register = Register(writer: pool, path: path, clock: clock)
        try register.migrate()
        return register
    }

    /// A register in memory, for tests and the demo.
    public static func inMemory(clock: @escaping @Sendable () -> Date = { Date() }) throws -> Register {
        var config = Configuration()
        config.foreignKeysEnabled = true
        let register = Register(writer: try DatabaseQueue(configuration: config), path: nil, clock: clock)
        try register.migrate()
        return register
    }

    init(writer: any DatabaseWriter, path: String?, clock: @escaping @Sendable () -> Date) {
        self.writer = writer
        self.path = path
        self.clock = clock
    }

    func migrate() throws {
        try Schema.migrator.migrate(writer)
    }

    /// Runs `body` in one IMMEDIATE transaction: all of it is written, or none.
    func transaction<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.read(body)
    }

    /// Now, as an ISO 8601 UTC timestamp (`2026-11-24T11:20:28Z`).
    var timestamp: String { Timestamp.format(clock()) }

    /// Today by the register's clock (UTC).
    public var today: Day { Timestamp.day(clock()) }

    /// Appends to the audit log (the log refuses updates and deletes).
    func audit(_ db: Database, actor: String, action: String, entity: String, id: String, detail: String? = nil) throws {
        try db.execute(
            sql: "INSERT INTO audit (at, actor, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [timestamp, actor, action, entity, id, detail])
    }

    /// The schema version (the last migration applied).
    public func schemaVersion() throws -> String? {
        try read { db in try Schema.migrator.appliedIdentifiers(db).sorted().last }
    }

    /// `PRAGMA integrity_check` and the number of rows in each table.
    public func health() throws -> (integrity: String, counts: [(table: String, rows: Int)]) {
        try read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
            var counts: [(String, Int)] = []
            for table in Schema.tables {
                counts.append((table, try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0))
            }
            return (integrity, counts)
        }
    }
}

public enum RegisterError: Error, Sendable, CustomStringConvertible, Equatable {
    case notFound(String)
    case cannotOpen(String, String)
    case invalid(String)
    /// A thing asked for by id that the register does not hold.
    case missing(String)
    /// A change the register's state does not allow (an id taken, a record still referred to).
    case conflict(String)
    /// A change the rules refuse (a hire dated before the run), in words from the message tables.
    case refused(Message)
    /// A change the register's state does not allow (positions below approved placements), in words from the tables.
    case conflicting(Message)

    public var description: String { text(.pl) }

    /// The refusal in the reader's language.
    public func text(_ language: Language) -> String {
        switch self {
        case .refused(let message), .conflicting(let message): message.text(language)
        case .missing(let message), .conflict(let message): message
        case .notFound(let path): "\(path): no register here (create one with `kadry init`, or point --db / KADRY_DB at one)"
        case .cannotOpen(let path, let why): "\(path): cannot open the register (\(why))"
        case .invalid(let message): message
        }
    }
}

enum Timestamp {
    static func format(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = Day(number: Int((Double(seconds) / 86400).rounded(.down)))
        let inDay = seconds - day.number * 86400
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(day)T\(two(inDay / 3600)):\(two(inDay / 60 % 60)):\(two(inDay % 60))Z"
    }

    static func day(_ date: Date) -> Day {
        Day(number: Int((date.timeIntervalSince1970 / 86400).rounded(.down)))
    }
}

extension Register {
    /// Closes the register's connections (waits for work in progress).
    public func close() throws {
        if let pool = writer as? DatabasePool { try pool.close() } else if let queue = writer as? DatabaseQueue { try queue.close() }
    }
}

extension Register {
    /// A number that grows with every change of the register: every write appends to
    /// the audit log, so its last row id. Lets a reader tell whether what it derived is still current.
    public func version() throws -> Int64 {
        try read { db in try version(db) }
    }

    func version(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT coalesce(max(id), 0) FROM audit")) ?? 0
    }
}

/// One line of the audit log: who did what to which record, when.
public struct AuditEntry: Sendable, Equatable {
    public var id: Int64
    public var at: String
    public var actor: String
    public var action: String
    public var entity: String
    public var entityID: String
    public var detail: String?
}

extension Register {
    /// The audit log, newest first: all of it, or one record's (`entity` and `id`), or one entity's.
    public func auditLog(entity: String? = nil, id: String? = nil, limit: Int = 100, offset: Int = 0) throws -> [AuditEntry] {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let entity {
            conditions.append("entity = ?")
            arguments.append(entity)
        }
        if let id {
            conditions.append("entity_id = ?")
            arguments.append(id)
        }
        let condition = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, at, actor, action, entity, entity_id, detail FROM audit\(condition) ORDER BY id DESC LIMIT ? OFFSET ?",
                arguments: StatementArguments(arguments + [limit, offset])
            ).map { AuditEntry(id: $0[0], at: $0[1], actor: $0[2], action: $0[3], entity: $0[4], entityID: $0[5], detail: $0[6]) }
        }
    }
}
