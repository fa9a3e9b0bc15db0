import Crypto
import Foundation
import GRDB
import HummingbirdBcrypt
import KadryCore
import KadryRegister

/// A person who logs in to the pages, in one organisation and role.
public struct Account: Sendable, Equatable {
    public var id: Int64
    public var login: String
    public var organisation: String
    public var role: Role
    public var createdAt: String
    public var disabledAt: String?

    /// The identity the pages act as: the organisation in its role, named by the login for the audit log.
    public var identity: Identity { Identity(token: 0, organisation: organisation, role: role, name: login) }
}

/// A logged-in session: its account and the token every form must carry.
public struct Session: Sendable, Equatable {
    public var account: Account
    public var csrf: String
    public var expiresAt: String
}

extension Register {
    /// How long a session lasts from its login.
    public static let sessionHours = 8
    /// A login's rules: 3–64 letters, digits, '.', '-', '_' or '@'.
    public static func loginProblem(_ login: String) -> Message? {
        let ok = (3...64).contains(login.count) && login.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-_@".contains($0)) }
        return ok ? nil : Message(.accountBadLogin, .text(RecordID.quoted(login)))
    }

    /// A random secret for a password, a session or a CSRF token: `bytes` random bytes, base64url.
    public static func newSecret(bytes: Int) -> String { secret(bytes: bytes) }

    static func secret(bytes: Int) -> String {
        var random = SystemRandomNumberGenerator()
        let data = Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &random) })
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Adds an account and returns its first password (printed once; only its bcrypt hash is kept).
    /// `cost` is bcrypt's work factor (tests lower it).
    public func addAccount(login: String, organisation: String, role: Role, by actor: String, cost: UInt8 = 12) throws -> (id: Int64, password: String) {
        if Register.loginProblem(login) != nil { throw RegisterError.refused(Message(.accountBadLogin, .text(RecordID.quoted(login)))) }
        let password = Register.secret(bytes: 12)
        let hash = Bcrypt.hash(password, cost: cost)
        let id = try transaction { db -> Int64 in
            try checkOrganisation(organisation, role: role, db)
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM account WHERE login = ?", arguments: [login]) ?? false {
                throw RegisterError.conflicting(Message(.accountLoginTaken, .text(RecordID.quoted(login))))
            }
            try db.execute(sql: "INSERT INTO account (login, password, organisation, role, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [login, hash, organisation, role.rawValue, timestamp, actor])
            let id = db.lastInsertedRowID
            try audit(db, actor: actor, action: "account-add", entity: "account", id: String(id), detail: "\(login): \(role.rawValue) \(organisation)")
            return id
        }
        return (id, password)
    }

    /// An organisation an account may belong to in a role: an institution or cooperative of the register, or its committee.
    func checkOrganisation(_ organisation: String, role: Role, _ db: Database) throws {
        switch role {
        case .institution:
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM institution WHERE id = ?", arguments: [organisation]) ?? false else {
                throw RegisterError.refused(Message(.accountNoOrganisation, .message(Message(.kindInstitution)), .text(RecordID.quoted(organisation))))
            }
        case .cooperative:
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM cooperative WHERE id = ?", arguments: [organisation]) ?? false else {
                throw RegisterError.refused(Message(.accountNoOrganisation, .message(Message(.kindCooperative)), .text(RecordID.quoted(organisation))))
            }
        case .committee:
            if let committee = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'committee'"), committee != organisation {
                throw RegisterError.refused(Message(.accountOtherCommittee, .text(RecordID.quoted(committee))))
            }
        }
    }

    public func accounts() throws -> [Account] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY id").map(Register.account) }
    }

    static func account(_ row: Row) -> Account {
        Account(id: row["id"], login: row["login"], organisation: row["organisation"], role: Role(rawValue: row["role"]) ?? .institution,
                createdAt: row["created_at"], disabledAt: row["disabled_at"])
    }

    /// Disables an account: it can no longer log in, and its sessions end at once.
    public func disableAccount(_ login: String, by actor: String) throws {
        try transaction { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM account WHERE login = ? AND disabled_at IS NULL", arguments: [login]) else {
                throw RegisterError.missing(Message(.accountMissing, .text(RecordID.quoted(login))).text(.pl))
            }
            try db.execute(sql: "UPDATE account SET disabled_at = ? WHERE id = ?", arguments: [timestamp, id])
            try db.execute(sql: "DELETE FROM session WHERE account = ?", arguments: [id])
            try audit(db, actor: actor, action: "account-disable", entity: "account", id: String(id), detail: login)
        }
    }

    /// A new password for an account (printed once); its sessions end.
    public func resetPassword(_ login: String, by actor: String, cost: UInt8 = 12) throws -> String {
        let password = Register.secret(bytes: 12)
        let hash = Bcrypt.hash(password, cost: cost)
        try transaction { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM account WHERE login = ?", arguments: [login]) else {
                throw RegisterError.missing(Message(.accountMissing, .text(RecordID.quoted(login))).text(.pl))
            }
            try db.execute(sql: "UPDATE account SET password = ? WHERE id = ?", arguments: [hash, id])
            try db.execute(sql: "DELETE FROM session WHERE account = ?", arguments: [id])
            try audit(db, actor: actor, action: "account-password", entity: "account", id: String(id), detail: login)
        }
        return password
    }

    /// Logs in: a new session's cookie value when the login and password match an active
    /// account, else nil. The cookie is kept only as its SHA-256 hash.
    public func logIn(login: String, password: String) throws -> (cookie: String, session: Session)? {
        guard let row = try read({ db in
            try Row.fetchOne(db, sql: "SELECT * FROM account WHERE login = ? AND disabled_at IS NULL", arguments: [login])
        }) else {
            // The same work as a real check, so that a wrong login takes as long as a wrong password.
            _ = Bcrypt.verify(password, hash: Register.decoyHash)
            return nil
        }
        guard Bcrypt.verify(password, hash: row["password"]) else { return nil }
        let account = Register.account(row)
        let cookie = Register.secret(bytes: 32)
        let csrf = Register.secret(bytes: 24)
        let expires = Timestamp.format(clock().addingTimeInterval(Double(Register.sessionHours * 3600)))
        try transaction { db in
            try db.execute(sql: "DELETE FROM session WHERE expires_at < ?", arguments: [timestamp])
            try db.execute(sql: "INSERT INTO session (sha256, account, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [Register.sha256(cookie), account.id, csrf, timestamp, expires])
            try audit(db, actor: account.identity.actor, action: "login", entity: "account", id: String(account.id), detail: nil)
        }
        return (cookie, Session(account: account, csrf: csrf, expiresAt: expires))
    }

    static let decoyHash = Bcrypt.hash("kadry-decoy", cost: 12)

    /// The session a cookie stands for, while it has not expired and its account is active.
    public func session(cookie: String) throws -> Session? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT a.*, s.csrf, s.expires_at FROM session s JOIN account a ON a.id = s.account
                WHERE s.sha256 = ? AND s.expires_at > ? AND a.disabled_at IS NULL
                """, arguments: [Register.sha256(cookie), timestamp]) else { return nil }
            return Session(account: Register.account(row), csrf: row["csrf"], expiresAt: row["expires_at"])
        }
    }

    /// Ends a session.
    public func logOut(cookie: String) throws {
        try transaction { db in
            try db.execute(sql: "DELETE FROM session WHERE sha256 = ?", arguments: [Register.sha256(cookie)])
        }
    }
}
