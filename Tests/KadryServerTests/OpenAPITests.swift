import Foundation
import Hummingbird
import HummingbirdTesting
import KadryCore
import KadryServer
import KadryTestSupport
import Testing

@Suite("OpenAPI document")
struct OpenAPITests {
    /// The document's operations: (method, path template) → documented statuses.
    static func operations(_ doc: JSONValue) -> [String: Set<Int>] {
        var result: [String: Set<Int>] = [:]
        guard case .object(let paths)? = doc["paths"] else { return result }
        for (path, item) in paths.members {
            guard case .object(let methods) = item else { continue }
            for (method, op) in methods.members {
                guard case .object(let responses)? = op["responses"] else { continue }
                result["\(method.uppercased()) \(path)"] = Set(responses.members.compactMap { Int($0.key) })
            }
        }
        return result
    }

    /// The template a concrete URI matches: `/v1/proposals/12/hire` → `/v1/proposals/{id}/hire`.
    static func template(_ uri: String, among templates: [String]) -> String? {
        let path = uri.split(separator: "?", maxSplits: 1)[0]
        let parts = path.split(separator: "/")
        return templates.first { t in
            let tparts = t.split(separator: "/")
            return tparts.count == parts.count && zip(tparts, parts).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
    }

    @Test("The document is OpenAPI 3.1, every route is in it and nothing else, and every reference resolves")
    func matchesRoutes() async throws {
        let h = try Harness.make()
        let doc = try await h.test { client in try await client.call(.get, "/v1/openapi.json", as: nil).json }
        #expect(doc["openapi"] == "3.1.0")
        let documented = Set(Self.operations(doc).keys)
        // Every documented operation answers (the router knows it: no "no such route").
        let answers = try await h.test { client in
            var answers: [String: JSONValue] = [:]
            for op in documented.sorted() {
                let parts = op.split(separator: " ", maxSplits: 1)
                let uri = parts[1].replacingOccurrences(of: "{id}", with: "1").replacingOccurrences(of: "{slug}", with: "respite-care")
                    .replacingOccurrences(of: "{quarter}", with: "2026Q4")
                answers[op] = try await client.call(HTTPRequest.Method(String(parts[0]))!, uri, as: "committee", body: "{}").json
            }
            // And a route that is not documented is not there.
            answers["GET /v1/secret"] = try await client.call(.get, "/v1/secret", as: "committee").json
            return answers
        }
        for (op, answer) in answers where op != "GET /v1/secret" {
            if case .string(let message)? = answer["error"]?["message"] { #expect(!message.hasPrefix("no such route"), "\(op)") }
        }
        #expect(answers["GET /v1/secret"]?.errorCode == "not-found")
        #expect(documented.count == 30)  // 5 open and catalogue, 15 record routes, 10 runs, proposals, report, solve

        // Every $ref points at a schema that exists.
        guard case .object(let schemas)? = doc["components"]?["schemas"] else { Issue.record("no schemas"); return }
        var refs: [String] = []
        func collect(_ v: JSONValue) {
            switch v {
            case .object(let o):
                for (k, x) in o.members { if k == "$ref", case .string(let r) = x { refs.append(r) } else { collect(x) } }
            case .array(let a): a.forEach(collect)
            default: break
            }
        }
        collect(doc)
        #expect(!refs.isEmpty)
        for r in refs { #expect(schemas[String(r.dropFirst("#/components/schemas/".count))] != nil, "\(r)") }
    }

    @Test("Every status the tests observe is documented for its operation")
    func statusesDocumented() async throws {
        let h = try Harness.make()
        let doc = try await h.test { client in try await client.call(.get, "/v1/openapi.json", as: nil).json }
        let operations = Self.operations(doc)
        let templates = Set(operations.keys.map { String($0.split(separator: " ", maxSplits: 1)[1]) }).sorted()
        var observed: [(String, Int)] = []
        let matrix = RoleMatrixTests().rows(h)
        let seen = try await h.test { client in
            var seen: [(String, String, Int)] = []
            for row in matrix {
                for caller in RoleMatrixTests.callers {
                    seen.append((row.method.rawValue, row.uri, try await client.call(row.method, row.uri, as: caller, body: row.body).status))
                }
            }
            return seen
        }
        observed += seen.map { ("\($0.0) \($0.1)", $0.2) }
        let fresh = try Harness.make()
        let bad = BadInputTests.cases(fresh).filter { !$0.uri.hasPrefix("/v1/nothing") }
        let badSeen = try await fresh.test { client in
            var seen: [(String, Int)] = []
            for c in bad { seen.append(("\(c.method.rawValue) \(c.uri)", try await client.call(c.method, c.uri, as: c.caller, body: c.body).status)) }
            return seen
        }
        observed += badSeen
        for (call, status) in observed {
            let parts = call.split(separator: " ", maxSplits: 1)
            guard let t = Self.template(String(parts[1]), among: templates) else {
                Issue.record("\(call) matches no documented path")
                continue
            }
            let documented = operations["\(parts[0]) \(t)"] ?? []
            #expect(documented.contains(status), "\(call) answered \(status), documented: \(documented.sorted())")
        }
    }
}
