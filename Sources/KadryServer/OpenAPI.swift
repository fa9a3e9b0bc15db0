import KadryCore
import KadryRegister
import KadryStore

extension KadryAPI {
    /// The OpenAPI 3.1 document of `routes` (served at `/v1/openapi.json`).
    var openAPIDocument: JSONValue {
        var paths: [(key: String, value: JSONValue)] = []
        var operations: [String: JSONObject] = [:]
        var order: [String] = []
        for route in routes {
            if operations[route.path] == nil {
                operations[route.path] = JSONObject()
                order.append(route.path)
            }
            var op: JSONObject = ["summary": .string(route.summary), "operationId": .string(operationID(route))]
            var parameters: [JSONValue] = route.pathParameters.map { name in
                ["name": .string(name), "in": "path", "required": true, "schema": ["type": "string"]]
            }
            parameters += route.query.map { q in
                var schema: JSONObject = ["type": .string(q.type)]
                if let range = q.range {
                    schema["minimum"] = .number(String(range.lowerBound))
                    schema["maximum"] = .number(String(range.upperBound))
                }
                return ["name": .string(q.name), "in": "query", "required": false, "description": .string(q.description), "schema": .object(schema)]
            }
            if !parameters.isEmpty { op["parameters"] = .array(parameters) }
            if let body = route.requestSchema {
                op["requestBody"] = ["required": .bool(route.path != "/v1/match-runs"),
                                     "content": ["application/json": ["schema": ref(body)]]]
            }
            var responses = JSONObject()
            // Any route may find the register busy (another process writing past the busy timeout); one that needs a
            // token may be throttled after failed authentications; one that takes a body may wait for it in vain.
            var statuses = route.statuses + [503]
            if case .roles = route.access { statuses.append(429) }
            if route.requestSchema != nil { statuses.append(408) }
            for status in Set(statuses).sorted() {
                let isSuccess = (200..<300).contains(status)
                responses[String(status)] = [
                    "description": .string(isSuccess ? "OK" : Self.statusDescriptions[status] ?? "Error"),
                    "content": ["application/json": ["schema": ref(isSuccess ? route.responseSchema : "Error")]],
                ]
            }
            op["responses"] = .object(responses)
            if case .roles(let roles) = route.access {
                op["security"] = [["bearerAuth": []]]
                op["x-roles"] = .array(Role.allCases.filter { roles.contains($0) }.map { .string($0.rawValue) })
            } else {
                op["security"] = []
            }
            operations[route.path]![route.method.rawValue.lowercased()] = .object(op)
        }
        for path in order { paths.append((path, .object(operations[path]!))) }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Kadry", "version": "1",
                "description": "The register of participants, training programmes and staffing needs, match runs and the committee's review. Shapes and dates follow matching-v1 (kadry-instance/1, kadry-result/1).",
            ],
            "paths": .object(JSONObject(paths)),
            "components": [
                "securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer", "description": "A token from `kadry token issue`."]],
                "schemas": .object(schemas),
            ],
        ]
    }

    static let statusDescriptions: [Int: String] = [
        400: "Malformed request (JSON, query parameter)", 401: "No token, or an unknown or revoked one",
        403: "The token's role or organisation may not do this", 404: "Not found (or not yours)",
        408: "The body took too long to arrive",
        409: "Conflicts with the register's state (an id taken, a proposal gone stale)", 413: "Body too large, or a problem too large to solve here",
        422: "A field breaks a rule (or is beyond Kadry's limits)", 429: "Too many failed authentications, or a solve already running (see Retry-After)",
        503: "The register is busy (another process is writing) or cannot be read",
    ]

    func operationID(_ route: APIRoute) -> String {
        let words = route.path.split(separator: "/").filter { $0 != "v1" }.map { part -> String in
            let name = part.hasPrefix("{") ? "by-" + part.dropFirst().dropLast() : String(part)
            return name.split(whereSeparator: { $0 == "-" || $0 == "." || $0 == "_" }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        }
        return route.method.rawValue.lowercased() + words.joined()
    }

    func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    var schemas: JSONObject {
        func object(_ properties: [(String, JSONValue)], required: [String] = []) -> JSONValue {
            var o: JSONObject = ["type": "object", "properties": .object(JSONObject(properties.map { (key: $0.0, value: $0.1) }))]
            if !required.isEmpty { o["required"] = .array(required.map { .string($0) }) }
            return .object(o)
        }
        let string: JSONValue = ["type": "string"]
        let integer: JSONValue = ["type": "integer"]
        let numberType: JSONValue = ["type": "number"]
        let date: JSONValue = ["type": "string", "format": "date"]
        let nullableString: JSONValue = ["type": ["string", "null"]]
        func page(_ item: String) -> JSONValue {
            object([("items", ["type": "array", "items": ref(item)]), ("total", integer), ("limit", integer), ("offset", integer)],
                   required: ["items", "total", "limit", "offset"])
        }
        var s: [(String, JSONValue)] = [
            ("Error", object([("error", object([("code", string), ("message", string), ("path", nullableString)], required: ["code", "message", "path"]))],
                             required: ["error"])),
            ("Health", object([("status", string), ("schema", string)])),
            ("OpenAPIDocument", ["type": "object"]),
            ("Service", object([("slug", string), ("name", string), ("description", string),
                                ("accepts", ["type": "array", "items": ["type": "array", "items": string]])])),
            ("ServiceList", object([("items", ["type": "array", "items": ref("Service")])])),
            ("CredentialList", object([("items", ["type": "array", "items": object([("code", string), ("kind", string), ("name", string),
                                                                                       ("validityDays", ["type": ["integer", "null"]])])])])),
            ("Deleted", object([("deleted", string)])),
            ("MatchRunRequest", object([("asOf", date), ("timeLimit", numberType),
                                        ("policy", ["type": "object", "description": "The score's weights (matching-v1's policy); the rest default."])])),
            ("MatchRun", ["description": "The committee sees every field; an institution or a cooperative its own proposals (and open positions) only.",
                          "type": "object",
                          "properties": .object(JSONObject([
                            ("id", integer), ("startedAt", string), ("asOf", date), ("instanceSha256", string), ("objective", numberType),
                            ("bound", ["type": ["number", "null"]]), ("provenOptimal", ["type": "boolean"]), ("proposals", integer),
                            ("openPositions", integer), ("seconds", numberType), ("runBy", string),
                          ].map { (key: $0.0, value: $0.1) })),
                          "required": ["id", "startedAt", "asOf", "proposals"]]),
            ("MatchRunList", object([("items", ["type": "array", "items": ref("MatchRun")])])),
            ("Proposal", object([
                ("id", integer), ("run", integer), ("status", ["type": "string", "enum": ["proposed", "approved", "rejected", "deferred", "superseded"]]),
                ("statusAt", string), ("need", object([("id", string), ("title", string), ("cooperative", string), ("service", string)])),
                ("programme", ["oneOf": [object([("id", string), ("title", string)]), ["type": "null"]]]),
                ("score", numberType), ("terms", ["type": "object", "additionalProperties": numberType]), ("hiredOn", nullableString),
                ("stale", ["type": "boolean", "description": "Its participant, need or programme changed after the run; it cannot be approved."]),
                ("participant", object([("id", string), ("institution", string), ("reference", nullableString)])),
                ("candidate", ["type": ["object", "null"], "description": "For a cooperative: credentials, availability and distance, no identity."]),
                ("contact", ["type": ["object", "null"], "description": "For a cooperative, once approved: the institution and its reference."]),
            ], required: ["id", "run", "status", "need", "stale"])),
            ("ProposalPage", page("Proposal")),
            ("DecisionRequest", object([
                ("decision", ["type": "string", "enum": .array(Decision.allCases.map { .string($0.rawValue) })]),
                ("reason", ["type": "string", "enum": .array(ReasonCode.allCases.map { .string($0.rawValue) })]),
                ("note", string),
            ], required: ["decision"])),
            ("Reasons", object([("run", ["type": ["integer", "null"]]), ("asOf", ["type": ["string", "null"]]),
                                ("proposals", ["type": "array", "items": ["$ref": "#/components/schemas/Proposal"]]),
                                ("open", ["type": ["integer", "null"]]),
                                ("reasons", ["type": "array", "items": ["type": "string"], "description": "In the caller's language (Accept-Language)"]),
                                ("note", ["type": ["string", "null"]])], required: ["run", "proposals", "reasons"])),
            ("CloseRequest", object([("reason", ["type": "string", "description": "filled-elsewhere, cancelled or other (needs); left-programme, employed-elsewhere or other (participants); or their Polish words"]),
                                     ("note", ["type": "string"])], required: ["reason"])),
            ("Closed", object([("closed", ["type": "string"]), ("reason", ["type": "string"])], required: ["closed", "reason"])),
            ("HireRequest", object([("startDate", date)], required: ["startDate"])),
            ("RetentionRequest", object([("months", ["type": "integer", "enum": [3, 6, 12]]), ("employed", ["type": "boolean"]),
                                                 ("correction", ["type": "boolean", "description": "true replaces an answer already recorded for these months (the first stays in the audit log)"])],
                                        required: ["months", "employed"])),
            ("Report", ["type": "object", "description": "The quarterly report's tables (as `kadry report`)."]),
            ("Instance", ["type": "object", "description": "A kadry-instance/1 document (matching-v1)."]),
            ("Result", ["type": "object", "description": "A kadry-result/1 document (matching-v1), with reasons."]),
        ]
        for kind in [RecordKind.participants, .programmes, .needs] {
            s.append((schemaName(kind), recordSchema(kind)))
            s.append((schemaName(kind) + "Page", page(schemaName(kind))))
        }
        return JSONObject(s.map { (key: $0.0, value: $0.1) })
    }

    /// The largest number each field takes (InstanceLimits).
    static let maxima: [String: Int] = [
        "positions": InstanceLimits.positions, "seats": InstanceLimits.seats, "costPln": InstanceLimits.costPln,
        "maxCommuteKm": InstanceLimits.maxCommuteKm, "hoursPerWeek": 168, "priority": 5,
    ]

    /// A record's schema, from the same column list the spreadsheets use.
    func recordSchema(_ kind: RecordKind) -> JSONValue {
        var properties = JSONObject()
        var required: [String] = []
        for column in kind.columns {
            var type: JSONValue = switch column.cell {
            case .text: ["type": "string"]
            case .decimal: ["type": "number"]
            case .integer: ["type": "integer"]
            case .date: ["type": "string", "format": "date"]
            case .flag: ["type": "boolean"]
            case .education: ["type": "string", "enum": ["none", "primary", "vocational", "secondary", "higher"]]
            case .list: ["type": "array", "items": ["type": "string"]]
            case .credentials:
                ["type": "array", "items": ["type": "object", "properties": ["code": ["type": "string"], "obtained": ["type": "string", "format": "date"]]]]
            case .requirements: ["type": "array", "items": ["type": "array", "items": ["type": "string"]]]
            }
            if case .object(var o) = type, let maximum = Self.maxima[column.path[0]] {
                o["maximum"] = .number(String(maximum))
                type = .object(o)
            }
            if !column.required, case .object(var o) = type, case .string(let t)? = o["type"] {
                o["type"] = [.string(t), "null"]  // an optional field may be sent as null
                type = .object(o)
            }
            if column.path.count == 2 {
                properties[column.path[0]] = ["type": "object", "properties": ["lat": ["type": "number"], "lon": ["type": "number"]], "required": ["lat", "lon"]]
                if !required.contains(column.path[0]) { required.append(column.path[0]) }
            } else {
                properties[column.path[0]] = type
                // The owner is the caller's organisation, the id the service's to assign.
                if column.required && column.path[0] != ownerField(kind) && column.path[0] != "id" { required.append(column.path[0]) }
            }
        }
        return ["type": "object", "properties": .object(properties), "required": .array(required.map { .string($0) })]
    }
}
