import Hummingbird
import KadryCore
import NIOCore

/// An error the API answers with: a status and a JSON body
/// `{"error": {"code": …, "message": …, "path": …}}` naming the field when there is one.
public struct APIError: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var path: String?
    /// Seconds after which a refused request may be tried again (`Retry-After`).
    public var retryAfter: Int?
    /// The methods a path takes, for a 405 (`Allow`).
    public var allow: String?
    /// The message in the tables' words, rendered in the caller's language (`message` is its English).
    public var said: Message?

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, path: String? = nil, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.path = path
        self.retryAfter = retryAfter
    }

    /// An error in the tables' words.
    init(_ status: HTTPResponse.Status, _ code: String, _ said: Message, path: String? = nil, retryAfter: Int? = nil) {
        self.init(status, code, said.text(.en), path: path, retryAfter: retryAfter)
        self.said = said
    }

    /// The answer in the caller's language: the JSON body, and `Retry-After` where there is one.
    func response(_ language: Language) -> Response {
        var copy = self
        if let said { copy.message = said.text(language) }
        return copy.response
    }

    /// The answer: the JSON body, and `Retry-After` where there is one.
    var response: Response {
        var response = JSONResponse.make(json, status: status)
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        if let allow { response.headers[.allow] = allow }
        return response
    }

    static func unauthorized(_ message: String) -> APIError { APIError(.unauthorized, "unauthorized", message) }
    static func forbidden(_ message: String) -> APIError { APIError(.forbidden, "forbidden", message) }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, "not-found", message) }
    static func unauthorized(_ said: Message) -> APIError { APIError(.unauthorized, "unauthorized", said) }
    static func forbidden(_ said: Message) -> APIError { APIError(.forbidden, "forbidden", said) }
    static func notFound(_ said: Message) -> APIError { APIError(.notFound, "not-found", said) }
    static func invalid(_ message: String, path: String?) -> APIError { APIError(.unprocessableContent, "invalid", message, path: path) }
    static func badRequest(_ message: String, path: String? = nil) -> APIError { APIError(.badRequest, "bad-request", message, path: path) }

    var json: JSONValue {
        var error: JSONObject = ["code": .string(code), "message": .string(message)]
        error["path"] = path.map { .string($0) } ?? .null
        return ["error": .object(error)]
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response { response }
}

enum JSONResponse {
    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        make(bytes: JSONWriter.bytes(value), status: status)
    }

    static func make(bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

enum TextResponse {
    /// A text document to download (`Content-Disposition: attachment`).
    static func make(_ text: String, type: String, filename: String) -> Response {
        var headers: HTTPFields = [.contentType: type]
        headers[.contentDisposition] = "attachment; filename=\"\(filename)\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
