import Foundation
import GRDB
import Hummingbird
import NIOCore
import KadryCore
import KadryMatcher
import KadryRegister
import KadryStore
import Logging
import Synchronization

/// Limits the service enforces.
public struct ServiceLimits: Sendable {
    /// Largest request body for records and decisions.
    public var body = 256 * 1024
    /// Largest spreadsheet a page's upload takes.
    public var upload = 4 * 1024 * 1024
    /// Largest instance `POST /v1/solve` takes.
    public var solveBody = 16 * 1024 * 1024
    /// Longest a request's body may take to arrive (a slow sender gets 408).
    public var bodySeconds = 30.0
    /// Longest a connection may stay idle, or take to send a request's head, before it is closed.
    public var idleSeconds = 15.0
    /// Most connections open at once; more wait until one closes. Keep it under the process's file limit.
    public var connections = 256
    /// Failed authentications an address may make in `authWindowSeconds`; beyond, its requests get 429.
    public var authFailures = 20
    public var authWindowSeconds = 60.0
    /// Longest a solve or match run may search.
    public var solveSeconds = 30.0
    /// Most (participant, need or programme) pairs within commuting reach a
    /// `POST /v1/solve` instance may have: finding its routes takes memory in
    /// proportion (5 million: a few hundred MiB).
    public var solvePairs = 5_000_000
    /// The same for a match run of the register.
    public var matchPairs = 50_000_000
    /// Solves and match runs at a time; more are answered 429 with `Retry-After`.
    public var concurrentSolves = 1
    /// Whether the pages' cookies carry `Secure` (on whenever the service is reached over TLS, as it must be beyond loopback).
    public var secureCookies = false

    public init() {}
}

/// The JSON API over one register: routes, roles and what each role may see.
public final class KadryAPI: Sendable {
    let register: Register
    let catalog: ServiceCatalog
    let limits: ServiceLimits
    /// Answers to proposal lists, by caller and query, with the register version they were made at.
    /// The committee and the cooperatives read the same pages again and again between changes.
    let pages = Mutex<[String: (version: Int64, body: [UInt8])]>([:])
    /// The web pages kept for their sessions (`Pages.cached`).
    let renderedPages = RenderedPages()
    /// Solves and match runs in progress (at most `limits.concurrentSolves`).
    let solving = Mutex(0)
    /// Failed authentications by client address.
    let throttle: AuthThrottle

    public init(register: Register, catalog: ServiceCatalog, limits: ServiceLimits = ServiceLimits()) {
        self.register = register
        self.catalog = catalog
        self.limits = limits
        throttle = AuthThrottle(failures: limits.authFailures, window: limits.authWindowSeconds)
    }

    var vocabulary: InstanceVocabulary { catalog.vocabulary }

    /// Runs a solve or match run if fewer than `limits.concurrentSolves` are in progress; otherwise 429.
    func oneAtATime<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let admitted = solving.withLock { running in
            guard running < limits.concurrentSolves else { return false }
            running += 1
            return true
        }
        guard admitted else {
            throw APIError(.tooManyRequests, "busy", Message(.apiBusy), retryAfter: 60)
        }
        defer { solving.withLock { $0 -= 1 } }
        return try await blocking(work)
    }

    /// The router: every route of `routes`, with authentication and errors as JSON.
    public func router(logRequests: Bool = false) -> Router<KadryRequestContext> {
        let router = Router(context: KadryRequestContext.self)
        if logRequests { router.add(middleware: RequestLogMiddleware()) }
        router.add(middleware: PrivacyHeadersMiddleware())
        router.add(middleware: JSONErrorMiddleware())
        Pages(api: self).add(to: router)
        // Routes for callers with a token run behind the middleware that checks it.
        let called = router.group().add(middleware: BearerTokenMiddleware(api: self))
        for route in routes {
            switch route.handler {
            case .open(let handler):
                router.on(RouterPath(route.routerPath), method: route.method) { _, _ in try await handler() }
            case .called(let handler):
                called.on(RouterPath(route.routerPath), method: route.method) { request, context in
                    guard let identity = context.identity else { throw APIError.unauthorized(Message(.apiNoToken)) }
                    if case .roles(let roles) = route.access, !roles.contains(identity.role) {
                        throw APIError.forbidden(Message(.apiWrongRole, .text(identity.role.rawValue), .text(route.summary.lowercased())))
                    }
                    return try await handler(Call(request: request, context: context, identity: identity))
                }
            }
        }
        // A method a path does not take is 405 with the methods it does, not "no such route".
        var methods: [String: [HTTPRequest.Method]] = [:]
        for route in routes { methods[route.routerPath, default: []].append(route.method) }
        let all: [HTTPRequest.Method] = [.get, .post, .put, .delete, .patch, .trace, .options, .connect]
        for (path, taken) in methods {
            let allow = taken.map(\.rawValue).joined(separator: ", ")
            for method in all where !taken.contains(method) && !(method == .head && taken.contains(.get)) {
                router.on(RouterPath(path), method: method) { request, _ -> Response in
                    var error = APIError(.methodNotAllowed, "method-not-allowed", "\(request.method) is not taken here; this path takes \(allow)")
                    error.allow = allow
                    throw error
                }
            }
        }
        return router
    }

    /// Checks the bearer token of a call to a route that needs one and puts who calls into the
    /// context; the route then checks the role. An address with too many failed tokens is refused
    /// (429) before its token is looked at.
    struct BearerTokenMiddleware: RouterMiddleware {
        typealias Context = KadryRequestContext
        let api: KadryAPI

        func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
            var context = context
            context.identity = try await api.authenticate(request, from: context.clientAddress)
            return try await next(request, context)
        }
    }

    /// The caller's identity; a wrong token counts against its address, and an address with too many
    /// failures is refused (429) before its token is looked at.
    func authenticate(_ request: Request, from address: String) async throws -> Identity {
        if let wait = throttle.wait(for: address) {
            throw APIError(.tooManyRequests, "throttled", Message(.apiThrottled), retryAfter: wait)
        }
        do {
            return try await checkToken(request)
        } catch let error as APIError where error.status == .unauthorized {
            // Only a token presented and refused is a guess; a call without one is not.
            if request.headers[.authorization] != nil { throttle.failed(address) }
            throw error
        }
    }

    func checkToken(_ request: Request) async throws -> Identity {
        guard let header = request.headers[.authorization] else {
            throw APIError.unauthorized(Message(.apiNoToken))
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError.unauthorized(Message(.apiBadAuthorization))
        }
        let token = String(parts[1]).trimmingCharacters(in: .whitespaces)
        guard let identity = try await blocking({ [register] in try register.identity(token: token) }) else {
            throw APIError.unauthorized(Message(.apiBadToken))
        }
        return identity
    }
}

/// Turns every error into a JSON answer: the API's own errors as they are,
/// the router's 404 and 405 with a body, the register's refusals as 404/409/422,
/// and anything unexpected as a 500 that is logged without request data.
struct JSONErrorMiddleware: RouterMiddleware {
    typealias Context = KadryRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response(Language(acceptLanguage: request.headers[.acceptLanguage]))
        } catch let error as HTTPError {
            let code = error.status == .notFound ? "not-found" : (error.status == .methodNotAllowed ? "method-not-allowed" : "http-error")
            let message = error.status == .notFound ? "no such route: \(request.method) \(request.uri.path)" : (error.body ?? error.status.reasonPhrase)
            return JSONResponse.make(APIError(error.status, code, message).json, status: error.status)
        } catch let error as ImportFailure {
            // A missing field is reported by the object that lacks it; name the field itself.
            func path(_ problem: ImportProblem) -> String {
                guard problem.said.key == .readerMissingField, case .text(let field)? = problem.said.arguments.first else { return problem.place }
                return problem.place == "$" ? field : "\(problem.place).\(field)"
            }
            let language = Language(acceptLanguage: request.headers[.acceptLanguage])
            let detail = error.problems.map { "\(path($0)): \($0.said.text(language))" }.joined(separator: "; ")
            return JSONResponse.make(APIError.invalid(detail, path: error.problems.first.map(path)).json, status: .unprocessableContent)
        } catch let error as RegisterError {
            let api: APIError = switch error {
            case .missing(let m): .notFound(m)
            case .conflict(let m): APIError(.conflict, "conflict", m)
            case .conflicting(let m): APIError(.conflict, "conflict", m.text(Language(acceptLanguage: request.headers[.acceptLanguage])))
            case .refused(let m): .invalid(m.text(Language(acceptLanguage: request.headers[.acceptLanguage])), path: nil)
            case .invalid(let m): .invalid(m, path: nil)
            case .notFound, .cannotOpen: APIError(.serviceUnavailable, "register-unavailable", "the register cannot be opened")
            }
            return JSONResponse.make(api.json, status: api.status)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            // Another process held the register longer than the busy timeout.
            let api = APIError(.serviceUnavailable, "register-busy", Message(.apiRegisterBusy))
            return api.response(Language(acceptLanguage: request.headers[.acceptLanguage]))
        } catch is NIOTooManyBytesError {
            return JSONResponse.make(APIError(.contentTooLarge, "too-large", "the body is too large").json, status: .contentTooLarge)
        } catch {
            context.logger.error("unexpected error", metadata: ["type": "\(type(of: error))"])
            return APIError(.internalServerError, "internal", Message(.apiInternal)).response(Language(acceptLanguage: request.headers[.acceptLanguage]))
        }
    }
}

/// Counts failed authentications per client address in fixed windows: an address that fails
/// `failures` times in a window waits for the window's end. Successful calls are not counted,
/// so one organisation's typo never locks out another address. (Behind a proxy every client
/// shares the proxy's address: the limit then holds for all together.)
final class AuthThrottle: Sendable {
    private struct Window {
        var started: ContinuousClock.Instant
        var failures: Int
    }

    private let failures: Int
    private let window: Duration
    private let windows = Mutex<[String: Window]>([:])

    init(failures: Int, window seconds: Double) {
        self.failures = failures
        window = .milliseconds(Int64(seconds * 1000))
    }

    /// Seconds the address must wait, or nil when it may try.
    func wait(for address: String) -> Int? {
        let now = ContinuousClock.now
        return windows.withLock { windows in
            guard let w = windows[address], now - w.started < window, w.failures >= failures else { return nil }
            let left = window - (now - w.started)
            return max(1, Int(left.components.seconds) + 1)
        }
    }

    func failed(_ address: String) {
        let now = ContinuousClock.now
        windows.withLock { windows in
            // Bounded memory: whole windows that ended are forgotten when the table grows.
            if windows.count >= 10_000 { windows = windows.filter { now - $0.value.started < window } }
            if windows.count >= 10_000 { windows.removeAll() }
            if var w = windows[address], now - w.started < window {
                w.failures += 1
                windows[address] = w
            } else {
                windows[address] = Window(started: now, failures: 1)
            }
        }
    }
}
