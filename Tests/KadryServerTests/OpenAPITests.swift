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
        #expect(documented.count == 34)  // 5 open and catalogue, 15 record routes, 2 closings, 2 reasons, 10 runs, proposals, report, solve

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

    /// Where `value` breaks `schema` (a small JSON Schema: $ref, oneOf, type, enum, properties,
    /// required, additionalProperties, items, minimum, maximum), as JSON paths.
    static func violations(_ value: JSONValue, _ schema: JSONValue, _ schemas: JSONObject, at path: String = "$") -> [String] {
        guard case .object(let s) = schema else { return [] }
        if case .string(let ref)? = s["$ref"] {
            guard let target = schemas[String(ref.dropFirst("#/components/schemas/".count))] else { return ["\(path): no \(ref)"] }
            return violations(value, target, schemas, at: path)
        }
        if case .array(let options)? = s["oneOf"] {
            return options.contains { violations(value, $0, schemas, at: path).isEmpty } ? [] : ["\(path): matches none of oneOf"]
        }
        var problems: [String] = []
        var types: [String] = []
        switch s["type"] {
        case .string(let t)?: types = [t]
        case .array(let list)?: types = list.compactMap { if case .string(let t) = $0 { t } else { nil } }
        default: break
        }
        func isType(_ t: String) -> Bool {
            switch (t, value) {
            case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array), ("object", .object): true
            case ("integer", .number(let n)): Int64(n) != nil
            default: false
            }
        }
        if !types.isEmpty && !types.contains(where: isType) {
            return ["\(path): \(value.shortDescription) is not \(types.joined(separator: " or "))"]
        }
        if case .array(let allowed)? = s["enum"], !allowed.contains(value) { problems.append("\(path): \(value.shortDescription) not in enum") }
        if case .number(let n) = value, let x = Double(n) {
            if case .number(let m)? = s["maximum"], let limit = Double(m), x > limit { problems.append("\(path): \(n) > maximum \(m)") }
            if case .number(let m)? = s["minimum"], let limit = Double(m), x < limit { problems.append("\(path): \(n) < minimum \(m)") }
        }
        if case .object(let o) = value {
            let properties: JSONObject = if case .object(let p)? = s["properties"] { p } else { JSONObject() }
            if case .array(let required)? = s["required"] {
                for case .string(let key) in required where o[key] == nil { problems.append("\(path).\(key): required, missing") }
            }
            for (key, v) in o.members {
                if let p = properties[key] {
                    problems += violations(v, p, schemas, at: "\(path).\(key)")
                } else if let extra = s["additionalProperties"] {
                    problems += violations(v, extra, schemas, at: "\(path).\(key)")
                }
            }
        }
        if case .array(let items) = value, let itemSchema = s["items"] {
            for (i, item) in items.enumerated() { problems += violations(item, itemSchema, schemas, at: "\(path)[\(i)]") }
        }
        return problems
    }

    func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    @Test("Every answer the tests get fits the schema the document gives for its operation and status")
    func answersFitSchemas() async throws {
        let h = try Harness.make()
        let doc = try await h.test { client in try await client.call(.get, "/v1/openapi.json", as: nil).json }
        guard case .object(let paths)? = doc["paths"], case .object(let schemas)? = doc["components"]?["schemas"] else {
            Issue.record("no paths")
            return
        }
        let templates = paths.members.map(\.key)
        let rows = RoleMatrixTests().rows(h)
        let extra: [RoleMatrixTests.Row] = [
            .init(.get, "/v1/participants?limit=1000", nil, []), .init(.get, "/v1/needs?limit=1000", nil, []),
            .init(.get, "/v1/programmes/T-01", nil, []), .init(.get, "/v1/proposals?status=approved", nil, []),
        ]
        let answers = try await h.test { client in
            var answers: [(String, String, Int, JSONValue)] = []
            for row in extra + rows {
                for caller in RoleMatrixTests.callers {
                    let a = try await client.call(row.method, row.uri, as: caller, body: row.body)
                    answers.append((row.method.rawValue, row.uri, a.status, a.json))
                }
            }
            return answers
        }
        // The checker itself catches what it should.
        #expect(!Self.violations(["id": "7", "run": 1, "status": "maybe", "need": 3], ref("Proposal"), schemas).isEmpty)
        #expect(Self.violations(["id": 7, "run": 1, "status": "approved", "need": ["id": "N-1"], "stale": false], ref("Proposal"), schemas).isEmpty)
        var checked = 0
        for (method, uri, status, json) in answers {
            guard let t = Self.template(uri, among: templates),
                case .object(let op)? = paths[t]?[method.lowercased()],
                let response = op["responses"]?[String(status)]
            else {
                Issue.record("\(method) \(uri) \(status): not documented")
                continue
            }
            guard let schema = response["content"]?["application/json"]?["schema"] else { continue }
            let problems = Self.violations(json, schema, schemas)
            #expect(problems.isEmpty, "\(method) \(uri) \(status): \(problems.prefix(5))")
            checked += 1
        }
        #expect(checked > 200)
    }

    @Test("Documented bounds hold: a query parameter beyond them is 400; a method a path does not take is 405 with Allow")
    func boundsAndMethods() async throws {
        let h = try Harness.make()
        try await h.test { client in
            for (uri, status) in [("/v1/participants?limit=1000", 200), ("/v1/participants?limit=1001", 400), ("/v1/participants?offset=-1", 400),
                                  ("/v1/proposals?run=0", 400)] {
                #expect(try await client.call(.get, uri, as: "committee").status == status, "\(uri)")
            }
            for method: HTTPRequest.Method in [.trace, .patch, .options] {
                let answer = try await client.exchange(method, "/v1/participants", as: "committee")
                #expect(answer.status == 405 && answer.json.errorCode == "method-not-allowed", "\(method)")
                #expect(answer.headers[.allow] == "GET, POST", "\(method)")
            }
            #expect(try await client.call(.trace, "/v1/nothing-here", as: "committee").status == 404)
        }
    }
}
