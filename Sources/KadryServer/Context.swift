import Foundation
import Hummingbird
import KadryStore
import Logging

/// The request context: who is asking (set once the bearer token is checked).
public struct KadryRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Who calls the API, once `BearerTokenMiddleware` has checked the token.
    public var identity: Identity?
    /// Who opens a page, once `Pages.SessionMiddleware` has found the session of its cookie.
    public var session: Session?

    /// The client's IP address ("local" when there is none, as in tests).
    public let clientAddress: String

    public init(source: Source) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "local"
    }
}

/// Runs blocking work (SQLite, the solver) on a dispatch queue, off the threads that serve requests.
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
