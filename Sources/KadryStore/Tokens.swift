import Crypto
import Foundation
import GRDB

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
}

extension Register {
    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { String($0, radix: 16).leftPadded(2) }.joined()
    }

    /// Issues a token for an organisation in a role and returns it; only its hash is stored,
    /// so this is the one time it can be read. An institution or cooperative must be in the register.
    public func issueToken(organisation: String, role: Role, name: String?, by actor: String) throws -> (id: Int64, token: String) {
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
            }
            try db.execute(
                sql: "INSERT INTO api_token (sha256, organisation, role, name, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [Register.sha256(token), organisation, role.rawValue, name, timestamp, actor])
            let id = db.lastInsertedRowID
            try audit(db, actor: actor, action: "token-issue", entity: "api_token", id: String(id), detail: "\(role.rawValue) \(organisation)")
            return id
        }
        return (id, token)
    }

    public func tokens() throws -> [TokenInfo] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_token ORDER BY id").map { row in
                TokenInfo(id: row["id"], organisation: row["organisation"], role: Role(rawValue: row["role"]) ?? .institution,
                          name: row["name"], createdAt: row["created_at"], revokedAt: row["revoked_at"])
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

    /// The holder of a presented token, or nil when it is unknown or revoked.
    public func identity(token: String) throws -> Identity? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT id, organisation, role, name FROM api_token WHERE sha256 = ? AND revoked_at IS NULL"),
                             arguments: [Register.sha256(token)]).flatMap { row in
                Role(rawValue: row["role"]).map { Identity(token: row["id"], organisation: row["organisation"], role: $0, name: row["name"]) }
            }
        }
    }
}
