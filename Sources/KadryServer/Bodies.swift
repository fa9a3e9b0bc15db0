import Foundation
import KadryCore
import KadryRegister
import KadryStore

/// The API's fixed-shape request bodies, decoded with `Decodable`. A body is first read and
/// checked by Kadry's own JSON parser (size, depth, syntax: `Call.body`), then decoded; a decoding
/// problem becomes a 422 at its JSON path, in the words the rest of the API uses.
extension Call {
    func decode<T: Decodable>(_ type: T.Type, limit: Int, seconds: Double) async throws -> T {
        try decode(type, from: try await bodyBytes(limit: limit, seconds: seconds))
    }

    func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        guard case .object(let object) = try parse(bytes) else { throw APIError.badRequest("the body is not a JSON object", path: "$") }
        do {
            return try JSONDecoder().decode(T.self, from: Data(JSONWriter.write(.object(object), indent: nil).utf8))
        } catch let error as DecodingError {
            throw APIError(decoding: error, in: object)
        }
    }
}

extension APIError {
    /// A decoding problem as the API words it: a missing field, or a value of the wrong kind, at its path.
    init(decoding error: DecodingError, in object: JSONObject) {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        func shown(_ keys: [any CodingKey]) -> String {
            var value: JSONValue? = .object(object)
            for key in keys {
                if case .object(let o)? = value { value = o[key.stringValue] } else { value = nil }
            }
            return value?.shortDescription ?? "null"
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context.codingPath + [key])
            self = APIError(.unprocessableContent, "invalid", Message(.apiMissingField, .text(at)), path: at)
        case .valueNotFound(_, let context):
            let at = path(context.codingPath)
            self = APIError(.unprocessableContent, "invalid", Message(.apiMissingField, .text(at)), path: at)
        case .typeMismatch(let type, let context):
            let kind = switch type {
            case is String.Type: "a string"
            case is Bool.Type: "true or false"
            case is Int.Type: "a whole number"
            case is Double.Type: "a number"
            default: "of the expected kind"
            }
            self = APIError.invalid("\(shown(context.codingPath)) is not \(kind)", path: path(context.codingPath))
        case .dataCorrupted(let context):
            self = APIError.invalid(context.debugDescription, path: context.codingPath.isEmpty ? "$" : path(context.codingPath))
        @unknown default:
            self = APIError.badRequest("the body could not be read", path: "$")
        }
    }
}

/// A date in a body: `YYYY-MM-DD`.
struct BodyDay: Decodable, Sendable {
    let day: Day
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = Day(iso: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not a date (expected YYYY-MM-DD)")
        }
        self.day = day
    }
}

/// One of a closed set of words (`approve`, `candidate-declined`).
struct OneOf<T: RawRepresentable & CaseIterable & Sendable>: Decodable, Sendable where T.RawValue == String {
    let value: T
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = T(rawValue: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\"\(text)\" is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.value = value
    }
}

/// `POST /v1/proposals/{id}/decision`.
struct DecisionBody: Decodable, Sendable {
    let decision: OneOf<Decision>
    let reason: OneOf<ReasonCode>?
    let note: String?
}

/// `POST /v1/proposals/{id}/hire`.
struct HireBody: Decodable, Sendable {
    let startDate: BodyDay
}

/// `POST /v1/proposals/{id}/retention`.
struct RetentionBody: Decodable, Sendable {
    let months: Int
    let employed: Bool
    let correction: Bool?
}

/// `POST /v1/{needs,participants}/{id}/close`.
struct CloseBody: Decodable, Sendable {
    let reason: String
    let note: String?
}

/// `POST /v1/match-runs` (the body may be empty; its `policy` is read as written, see `startRun`).
struct MatchRunBody: Decodable, Sendable {
    let asOf: BodyDay?
    let timeLimit: Double?
}
