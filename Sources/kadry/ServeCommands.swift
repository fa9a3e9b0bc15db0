import ArgumentParser
import Foundation
import KadryCore
import KadryServer
import KadryStore
import Logging

struct ServeCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration { .localized("ServeCommand", name: "serve") }

    @Option(help: ArgumentHelp(opt("The address to listen on.")))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp(opt("The port to listen on (0: any free port, printed at start).")))
    var port = 8080

    @Option(help: ArgumentHelp(opt("Longest a match run or a stateless solve may search, in seconds."), valueName: "SECONDS"))
    var solveTimeLimit = 30.0

    @Option(help: ArgumentHelp(opt("Most connections open at once (kept 32 under the process's open-file limit)."), valueName: "N"))
    var maxConnections = 256

    @Option(help: ArgumentHelp(opt("Close a connection idle, or slow to send a request's head, this long."), valueName: "SECONDS"))
    var idleTimeout = 15.0

    @Option(help: ArgumentHelp(opt("Answer 408 to a request whose body takes longer than this to arrive."), valueName: "SECONDS"))
    var bodyTimeout = 30.0

    @Flag(help: ArgumentHelp(opt("Mark the pages' cookies Secure: the service is reached over TLS (behind a proxy).")))
    var secureCookies = false

    @OptionGroup var register: RegisterOptions
    @OptionGroup var catalog: CatalogOptions

    /// Whether `host` is reachable from this machine only.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The process's open-file limit (soft), if it can be read.
    static var openFileLimit: Int? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < 1 << 40 else { return nil }
        return Int(clamping: limit.rlim_cur)
    }

    func run() async throws {
        let store: Register
        let api: KadryAPI
        guard maxConnections >= 1, idleTimeout >= 1, bodyTimeout > 0, solveTimeLimit > 0 else {
            Terminal.error(say(.srvBadLimits))
            throw ExitCode(2)
        }
        if !Self.isLoopback(host) {
            // The service speaks plain HTTP; tokens and personal data must not cross a network that way.
            Terminal.error("""
                kadry serve: warning: listening on \(host) serves plain HTTP beyond this machine. Tokens and participants' \
                data would cross the network unencrypted: keep the default 127.0.0.1 and put a TLS-terminating proxy \
                (nginx, Caddy) in front (README: "Behind TLS").
                """)
        }
        do {
            store = try register.open(realTime: true)
            var limits = ServiceLimits()
            limits.secureCookies = secureCookies
            limits.solveSeconds = solveTimeLimit
            limits.connections = maxConnections
            limits.idleSeconds = idleTimeout
            limits.bodySeconds = bodyTimeout
            if let files = Self.openFileLimit, files - 32 < maxConnections {
                limits.connections = max(1, files - 32)
                Terminal.error(say(.srvConnections, .count(limits.connections), .text(String(files))))
            }
            api = KadryAPI(register: store, catalog: try catalog.load(), limits: limits)
        } catch let error as UserError {
            Terminal.error("kadry serve: \(error)")
            throw ExitCode(2)
        }
        var logger = Logger(label: "kadry")
        logger.logLevel = .info
        let path = register.resolvedPath
        let app = api.application(host: host, port: port, logger: logger) { [host] bound in
            Terminal.error(say(.srvListening, .text(host), .text(String(bound)), .text(path)))
        }
        try await app.runService()
        try store.close()
        Terminal.error(say(.srvStopped))
    }
}

struct TokenCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("TokenCommand", name: "token", subcommands: [TokenIssueCommand.self, TokenListCommand.self, TokenRotateCommand.self, TokenRevokeCommand.self]) }
}

extension Role: ExpressibleByArgument {}

struct TokenIssueCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("TokenIssueCommand", name: "issue") }

    @Option(help: ArgumentHelp(opt("The institution's or cooperative's id in the register, or the committee's name."), valueName: "ID"))
    var org: String

    @Option(help: ArgumentHelp(opt("institution, cooperative or committee.")))
    var role: Role

    @Option(help: ArgumentHelp(opt("Who or what holds it (for the list).")))
    var name: String?

    @Option(help: ArgumentHelp(opt("The last day it works (default: a year from today; at most two)."), valueName: "DATE"))
    var expires: Day?

    @OptionGroup var register: RegisterOptions

    func run() throws {
        try registerCommand("token issue") {
            let (id, token) = try register.open().issueToken(
                organisation: org, role: role, name: name, expires: expires, by: register.resolvedActor)
            Terminal.error(say(.tokIssued, .text(String(id)), .text(role.rawValue), .text(org)))
            print(token)
        }
    }
}

struct TokenRotateCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("TokenRotateCommand", name: "rotate") }

    @Argument(help: ArgumentHelp(opt("The token's number (see `kadry token list`).")))
    var id: Int64

    @Option(help: ArgumentHelp(opt("The new token's last day (default: a year from today)."), valueName: "DATE"))
    var expires: Day?

    @OptionGroup var register: RegisterOptions

    func run() throws {
        try registerCommand("token rotate") {
            let (new, token) = try register.open().rotateToken(id, expires: expires, by: register.resolvedActor)
            Terminal.error(say(.tokRotated, .text(String(id)), .text(String(new))))
            print(token)
        }
    }
}

struct TokenListCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("TokenListCommand", name: "list") }

    @OptionGroup var register: RegisterOptions

    func run() throws {
        try registerCommand("token list") {
            let tokens = try register.open().tokens()
            if tokens.isEmpty { print(say(.tokNone)) }
            for t in tokens {
                print(say(.tokLine, .text(String(t.id)), .text(t.role.rawValue), .text(t.organisation), .text(t.name ?? ""), .text(t.createdAt),
                          .text(t.expiresOn.map { say(.tokUntil, .text($0.description)) } ?? ""), .text(t.revokedAt.map { say(.tokRevokedAt, .text($0)) } ?? "")))
            }
        }
    }
}

struct TokenRevokeCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("TokenRevokeCommand", name: "revoke") }

    @Argument(help: ArgumentHelp(opt("The token's number (see `kadry token list`).")))
    var id: Int64

    @OptionGroup var register: RegisterOptions

    func run() throws {
        try registerCommand("token revoke") {
            try register.open().revokeToken(id, by: register.resolvedActor)
            print(say(.tokRevoked, .text(String(id))))
        }
    }
}

struct UserCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("UserCommand", name: "user", subcommands: [UserAddCommand.self, UserListCommand.self, UserDisableCommand.self, UserResetPasswordCommand.self]) }
}

struct UserAddCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("UserAddCommand", name: "add") }

    @Option(help: ArgumentHelp(opt("The institution's or cooperative's id in the register, or the committee's name."), valueName: "ID"))
    var org: String

    @Option(help: ArgumentHelp(opt("institution, cooperative or committee.")))
    var role: Role

    @Option(help: ArgumentHelp(opt("The person's login: 3–64 letters, digits, '.', '-', '_' or '@'."), valueName: "LOGIN"))
    var login: String

    @OptionGroup var register: RegisterOptions

    func run() throws {
        try registerCommand("user add") {
            let (_, password) = try register.open().addAccount(login: login, organisation: org, role: role, by: register.resolvedActor)
            Terminal.error(say(.userAdded, .text(login), .text(role.rawValue), .text(org)))
            print(password)
        }
    }
}

struct UserListCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("UserListCommand", name: "list") }

    @OptionGroup var register: RegisterOptions

    func run() throws {
        try registerCommand("user list") {
            let accounts = try register.open().accounts()
            if accounts.isEmpty { print(say(.userNone)) }
            for a in accounts {
                print(say(.userLine, .text(a.login), .text(a.role.rawValue), .text(a.organisation), .text(a.createdAt),
                          .text(a.disabledAt.map { say(.userDisabledAt, .text($0)) } ?? "")))
            }
        }
    }
}

struct UserDisableCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("UserDisableCommand", name: "disable") }

    @Argument(help: ArgumentHelp(opt("The person's login."), valueName: "LOGIN"))
    var login: String

    @OptionGroup var register: RegisterOptions

    func run() throws {
        try registerCommand("user disable") {
            try register.open().disableAccount(login, by: register.resolvedActor)
            print(say(.userDisabled, .text(login)))
        }
    }
}

struct UserResetPasswordCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("UserResetPasswordCommand", name: "reset-password") }

    @Argument(help: ArgumentHelp(opt("The person's login."), valueName: "LOGIN"))
    var login: String

    @OptionGroup var register: RegisterOptions

    func run() throws {
        try registerCommand("user reset-password") {
            let password = try register.open().resetPassword(login, by: register.resolvedActor)
            Terminal.error(say(.userPasswordReset, .text(login)))
            print(password)
        }
    }
}
