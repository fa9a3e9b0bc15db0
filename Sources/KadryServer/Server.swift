import Hummingbird
import HummingbirdCore
import KadryCore
import KadryStore
import Logging
import NIOCore

/// Logs each request by its route template (never the concrete path, the
/// query, the body or the token), with status, role and duration.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = KadryRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - started
        let millis = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        context.logger.info("request", metadata: [
            "method": "\(request.method)", "route": "\(context.endpointPath ?? "-")", "status": "\(response.status.code)",
            "ms": "\((millis * 10).rounded() / 10)",
        ])
        return response
    }
}

/// Headers every answer carries: answers hold personal data, so no cache keeps them, no browser
/// guesses their type, and no link out of a page tells another site where it came from.
struct PrivacyHeadersMiddleware: RouterMiddleware {
    typealias Context = KadryRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.cacheControl] = "no-store"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        return response
    }
}

extension KadryAPI {
    /// The HTTP application on `host:port`, ready for `runService()` (which stops gracefully on SIGTERM and SIGINT).
    /// A connection idle for `limits.idleSeconds` (no request, or a request's head not finished) is
    /// closed; beyond `limits.connections` open connections, new ones wait until one closes.
    public func application(host: String, port: Int, logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        Application(
            router: router(logRequests: true),
            server: .http1(configuration: .init(idleTimeout: .seconds(Int64(limits.idleSeconds)))),
            configuration: .init(
                address: .hostname(host, port: port), serverName: "kadry",
                availableConnectionsDelegate: MaximumAvailableConnections(limits.connections, logger: logger)),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
