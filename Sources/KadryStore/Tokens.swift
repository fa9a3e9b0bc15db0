import Crypto
import Foundation
import GRDB
import KadryCore

/// Who may do what through the HTTP service.
public enum Role: String, Sendable, CaseIterable {
    case institution, cooperative, committee
}

/// A bearer token's holder: an organisation in a role.
public struct Identity: Sendable, Equatable {
    public var token: Int64
    public var organisation: String
    public var role: Role
    public var name: String?

    public init(token: Int64, organisation: String, role: Role, name: String?) {
        self.token = token
        self.organisation = organisation
        self.role = role
        self.name = name
    }

    /// How the audit log names it.
    public var actor: String { "\(role.rawValue):\(organisation)" + (name.map { " (\($0))" } ?? "") }
}

public struct TokenInfo: Sendable {
    public var id: Int64
    public var organisation: String
    public var role: Role
    public var name: String?
    public var createdAt: String
    public var revokedAt: String?
    public var expiresOn: String?
}

extension Register {
    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { String($0, radix: 16).leftPadded(2) }.joined()
    }

    /// How long a token lasts unless its issuer says otherwise.
    public static let tokenDays = 365
    /// The longest a token may last.
    public static let maxTokenDays = 2 * 365

    /// The committee this register serves (`kadry init --committee`, or the first committee token's).
    public func committee() throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'committee'") }
    }

    /// Names the committee this register serves; once named, it stays.
    public func nameCommittee(_ name: String, by actor: String) throws {
        guard !name.isEmpty else { throw RegisterError.invalid("--committee must name the committee") }
        try transaction { db in
            if let committee = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'committee'") {
                guard committee == name else { throw RegisterError.invalid("this register already serves the committee \"\(committee)\"") }
                return
            }
            try db.execute(sql: "INSERT INTO setting (key, value) VALUES ('committee', ?)", arguments: [name])
            try audit(db, actor: actor, action: "committee-named", entity: "setting", id: "committee", detail: name)
        }
    }

    /// Issues a token for an organisation in a role and returns it; only its hash is stored,
    /// so this is the one time it can be read. An institution or cooperative must be in the
    /// register; a committee token must name the register's committee (the first one names it).
    /// It works until the end of `expires` (by default `tokenDays` from today, at most `maxTokenDays`).
    public func issueToken(organisation: String, role: Role, name: String?, expires: Day? = nil, by actor: String) throws -> (id: Int64, token: String) {
        let expiry = expires ?? today.adding(days: Register.tokenDays)
        guard expiry >= today else { throw RegisterError.invalid("--expires \(expiry) is in the past") }
        guard expiry.number - today.number <= Register.maxTokenDays else {
            throw RegisterError.invalid("--expires \(expiry) is more than \(Register.maxTokenDays) days away; issue a new token (or rotate) instead")
        }
        var random = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
        let token = "kadry_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let id = try transaction { db -> Int64 in
            switch role {
            case .institution:
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM institution WHERE id = ?", arguments: [organisation]) ?? false else {
                    throw RegisterError.invalid("no institution \"\(organisation)\" in the register (kadry import institutions FILE)")
                }
            case .cooperative:
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM cooperative WHERE id = ?", arguments: [organisation]) ?? false else {
                    throw RegisterError.invalid("no cooperative \"\(organisation)\" in the register (kadry import cooperatives FILE)")
                }
            case .committee:
                guard !organisation.isEmpty else { throw RegisterError.invalid("--org must name the committee") }
                if let committee = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'committee'") {
                    guard committee == organisation else {
                        throw RegisterError.invalid("this register serves the committee \"\(committee)\", not \"\(organisation)\"")
                    }
                } else {
                    try db.execute(sql: "INSERT INTO setting (key, value) VALUES ('committee', ?)", arguments: [organisation])
                    try audit(db, actor: actor, action: "committee-named", entity: "setting", id: "committee", detail: organisation)
                }
            }
            try db.execute(
                sql: "INSERT INTO api_token (sha256, organisation, role, name, created_at, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [Register.sha256(token), organisation, role.rawValue, name, timestamp, actor, "\(expiry.adding(days: 1))T00:00:00Z"])
            let id = db.lastInsertedRowID
            try audit(db, actor: actor, action: "token-issue", entity: "api_token", id: String(id),
                      detail: "\(role.rawValue) \(organisation), until \(expiry)")
            return id
        }
        return (id, token)
    }

    /// Replaces a token with a new one for the same holder (the old one stops working at once).
    public func rotateToken(_ id: Int64, expires: Day? = nil, by actor: String) throws -> (id: Int64, token: String) {
        guard let old = try tokens().first(where: { $0.id == id }) else { throw RegisterError.invalid("no token \(id) (see `kadry token list`)") }
        if let at = old.revokedAt { throw RegisterError.invalid("token \(id) was revoked on \(at); issue a new one") }
        // Both in one transaction would be tidier; revoking after issuing never leaves the holder without a token.
        let new = try issueToken(organisation: old.organisation, role: old.role, name: old.name, expires: expires, by: actor)
        try revokeToken(id, by: actor)
        return new
    }

    public func tokens() throws -> [TokenInfo] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_token ORDER BY id").map { row in
                TokenInfo(id: row["id"], organisation: row["organisation"], role: Role(rawValue: row["role"]) ?? .institution,
                          name: row["name"], createdAt: row["created_at"], revokedAt: row["revoked_at"],
                          expiresOn: (row["expires_at"] as String?).flatMap { Day(iso: String($0.prefix(10)))?.adding(days: -1).description })
            }
        }
    }

    public func revokeToken(_ id: Int64, by actor: String) throws {
        try transaction { db in
            guard let revoked = try Row.fetchOne(db, sql: "SELECT revoked_at FROM api_token WHERE id = ?", arguments: [id]) else {
                throw RegisterError.invalid("no token \(id) (see `kadry token list`)")
            }
            if let at = revoked["revoked_at"] as String? { throw RegisterError.invalid("token \(id) was already revoked on \(at)") }
            try db.execute(sql: "UPDATE api_token SET revoked_at = ? WHERE id = ?", arguments: [timestamp, id])
            try audit(db, actor: actor, action: "token-revoke", entity: "api_token", id: String(id))
        }
    }

    /// The holder of a presented token, or nil when it is unknown, revoked or expired.
    public func identity(token: String) throws -> Identity? {
        let now = timestamp
        return try read { db in
            try Row.fetchOne(db.cachedStatement(sql: """
                SELECT id, organisation, role, name FROM api_token
                WHERE sha256 = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)
                """), arguments: [Register.sha256(token), now]).flatMap { row in
                Role(rawValue: row["role"]).map { Identity(token: row["id"], organisation: row["organisation"], role: $0, name: row["name"]) }
            }
        }
    }
}
