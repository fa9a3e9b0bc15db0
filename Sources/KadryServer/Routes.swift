import Hummingbird
import NIOCore
import KadryCore
import KadryRegister
import KadryStore

/// Who may call a route.
enum Access: Sendable {
    /// No token needed.
    case open
    /// Any valid token, or only these roles.
    case roles(Set<Role>)

    static let anyRole = Access.roles(Set(Role.allCases))
}

/// A query parameter a route reads, for the OpenAPI document.
struct QueryParameter: Sendable {
    var name: String
    var type: String  // "string" or "integer"
    var description: String
    /// The values an integer takes (documented, and enforced by `Call.integer`).
    var range: ClosedRange<Int>? = nil
}

/// One route of the API: what it is, who may call it, what it answers, and the handler.
/// The router and the OpenAPI document are both built from the same list.
struct APIRoute: Sendable {
    var method: HTTPRequest.Method
    /// OpenAPI-style path: `/v1/participants/{id}`.
    var path: String
    var summary: String
    var access: Access
    var query: [QueryParameter] = []
    /// The component schema of the request body, if the route takes one.
    var requestSchema: String?
    /// The component schema of a successful answer.
    var responseSchema: String
    var success: HTTPResponse.Status = .ok
    /// Every status the route can answer with.
    var statuses: [Int]
    var handler: Handler

    /// What runs the route: an open route needs nobody; every other gets who calls, its token checked.
    enum Handler: Sendable {
        case open(@Sendable () async throws -> Response)
        case called(@Sendable (Call) async throws -> Response)
    }

    /// A route for callers with a token of one of the roles `access` names.
    init(method: HTTPRequest.Method, path: String, summary: String, access: Access, query: [QueryParameter] = [], requestSchema: String? = nil,
         responseSchema: String, success: HTTPResponse.Status = .ok, statuses: [Int], _ handler: @escaping @Sendable (Call) async throws -> Response)
    {
        self.method = method
        self.path = path
        self.summary = summary
        self.access = access
        self.query = query
        self.requestSchema = requestSchema
        self.responseSchema = responseSchema
        self.success = success
        self.statuses = statuses
        self.handler = .called(handler)
    }

    /// A route anyone may call, without a token.
    init(method: HTTPRequest.Method, path: String, summary: String, responseSchema: String, statuses: [Int],
         open handler: @escaping @Sendable () async throws -> Response)
    {
        self.method = method
        self.path = path
        self.summary = summary
        access = .open
        self.responseSchema = responseSchema
        self.statuses = statuses
        self.handler = .open(handler)
    }

    /// The path in the router's syntax: `/v1/participants/:id`.
    var routerPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? ":" + part.dropFirst().dropLast() : String(part)
        }.joined(separator: "/")
    }

    var pathParameters: [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
    }
}

/// One call of a route: the request and who makes it, with readers that answer bad input with a 4xx.
struct Call: Sendable {
    let request: Request
    let context: KadryRequestContext
    /// Who calls: every route but the open ones runs only once the token is checked.
    let identity: Identity

    func parameter(_ name: String) -> String { context.parameters.get(name) ?? "" }

    /// The caller's language, from `Accept-Language` (Polish unless English is preferred).
    var language: Language { Language(acceptLanguage: request.headers[.acceptLanguage]) }

    func query(_ name: String) -> String? {
        request.uri.queryParameters.get(name).flatMap { $0.isEmpty ? nil : $0 }
    }

    func integer(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = query(name) else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw APIError.badRequest("query parameter \(name): \(RecordID.quoted(text)) is not a whole number in \(range.lowerBound)…\(range.upperBound)", path: name)
        }
        return n
    }

    /// The request body as a JSON object, at most `limit` bytes.
    func body(limit: Int, seconds: Double) async throws -> JSONObject {
        let bytes = try await bodyBytes(limit: limit, seconds: seconds)
        guard case .object(let object) = try parse(bytes) else { throw APIError.badRequest("the body is not a JSON object", path: "$") }
        return object
    }

    /// The body, refused at once when its declared length is over `limit`, cut off as soon as more
    /// than `limit` bytes arrive, and given up (408) when it takes longer than `seconds` to arrive.
    func bodyBytes(limit: Int, seconds: Double) async throws -> [UInt8] {
        let tooLarge = APIError(.contentTooLarge, "too-large", "the body is larger than \(limit) bytes")
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit { throw tooLarge }
        do {
            guard let buffer = try await BodyReading.collect(request.body, limit: limit, seconds: seconds) else {
                throw APIError(.requestTimeout, "timeout", "the body took longer than \(Int(seconds)) s to arrive")
            }
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
    }

    func parse(_ bytes: [UInt8]) throws -> JSONValue {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw APIError.badRequest(error.description, path: "$")
        }
    }
}

enum BodyReading {
    /// A request's body: NIOTooManyBytesError as soon as more than `limit` bytes arrive, nil when
    /// it takes longer than `seconds` to arrive (a slow sender holds no task for long).
    static func collect(_ body: RequestBody, limit: Int, seconds: Double) async throws -> ByteBuffer? {
        try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask { try await body.collect(upTo: limit) }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { return nil }
            return first
        }
    }
}
