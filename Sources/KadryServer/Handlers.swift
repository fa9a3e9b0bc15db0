import Foundation
import Hummingbird
import KadryCore
import KadryMatcher
import KadryRegister
import KadryStore

extension KadryAPI {
    /// Every route of the API. `openAPIDocument` describes exactly these.
    var routes: [APIRoute] {
        let paging = [
            QueryParameter(name: "limit", type: "integer", description: "Page size, 1–1000 (default 100).", range: Self.limitRange),
            QueryParameter(name: "offset", type: "integer", description: "Items to skip (default 0).", range: Self.offsetRange),
        ]
        var list: [APIRoute] = [
            APIRoute(method: .get, path: "/healthz", summary: "Check the service and its register", responseSchema: "Health", statuses: [200, 503],
                     open: { [self] in try await health() }),
            APIRoute(method: .get, path: "/v1/openapi.json", summary: "This API as an OpenAPI 3.1 document", responseSchema: "OpenAPIDocument",
                     statuses: [200], open: { [self] in JSONResponse.make(openAPIDocument) }),
            APIRoute(method: .get, path: "/v1/catalogue/services", summary: "List the services of the catalogue", access: .anyRole,
                     responseSchema: "ServiceList", statuses: [200, 401]) { [self] _ in
                JSONResponse.make(["items": .array(catalog.services.map(serviceJSON))])
            },
            APIRoute(method: .get, path: "/v1/catalogue/services/{slug}", summary: "Read one service of the catalogue", access: .anyRole,
                     responseSchema: "Service", statuses: [200, 401, 404]) { [self] call in
                guard let service = catalog.service(call.parameter("slug")) else {
                    throw APIError.notFound("no service \(RecordID.quoted(call.parameter("slug"))) in the catalogue")
                }
                return JSONResponse.make(serviceJSON(service))
            },
            APIRoute(method: .get, path: "/v1/catalogue/credentials", summary: "List the credentials of the catalogue", access: .anyRole,
                     responseSchema: "CredentialList", statuses: [200, 401]) { [self] _ in
                JSONResponse.make(["items": .array(catalog.credentials.map { c in
                    var o: JSONObject = ["code": .string(c.code), "kind": .string(c.kind.rawValue), "name": .string(c.name)]
                    o["validityDays"] = c.validityDays.map { .number(String($0)) } ?? .null
                    return .object(o)
                })])
            },
        ]
        for kind in [RecordKind.participants, .programmes, .needs] {
            let owner = ownerRole(kind)
            let schema = schemaName(kind)
            list += [
                APIRoute(method: .get, path: "/v1/\(kind)", summary: "List \(kind)", access: .roles([owner, .committee]),
                         query: paging + filterParameters(kind), responseSchema: schema + "Page", statuses: [200, 400, 401, 403]) { [self] call in
                    try await listRecords(kind, call)
                },
                APIRoute(method: .post, path: "/v1/\(kind)", summary: "Create one of the \(kind)", access: .roles([owner]),
                         requestSchema: schema, responseSchema: schema, success: .created, statuses: [201, 400, 401, 403, 409, 413, 422]) { [self] call in
                    try await writeRecord(kind, call, mode: .create)
                },
                APIRoute(method: .get, path: "/v1/\(kind)/{id}", summary: "Read one of the \(kind)", access: .roles([owner, .committee]),
                         responseSchema: schema, statuses: [200, 401, 403, 404]) { [self] call in
                    let id = call.parameter("id")
                    let record = try await ownedRecord(kind, id, call)
                    if kind == .participants && call.identity.role == .committee {
                        try await blocking { [register] in try register.auditRead(.participants, ids: [id], actor: call.identity.actor, detail: "read") }
                    }
                    return JSONResponse.make(.object(record))
                },
                APIRoute(method: .put, path: "/v1/\(kind)/{id}", summary: "Replace one of the \(kind)", access: .roles([owner]),
                         requestSchema: schema, responseSchema: schema, statuses: [200, 400, 401, 403, 404, 413, 422]) { [self] call in
                    try await writeRecord(kind, call, mode: .replace)
                },
                APIRoute(method: .delete, path: "/v1/\(kind)/{id}", summary: "Delete one of the \(kind)", access: .roles([owner]),
                         responseSchema: "Deleted", statuses: [200, 401, 403, 404, 409]) { [self] call in
                    let id = call.parameter("id")
                    _ = try await ownedRecord(kind, id, call)
                    try await blocking { [register] in try register.deleteRecord(kind, id: id, actor: call.identity.actor) }
                    return JSONResponse.make(["deleted": .string(id)])
                },
            ]
            if kind.closes {
                list.append(APIRoute(
                    method: .get, path: "/v1/\(kind)/{id}/reasons", summary: "What the newest run says of one of the \(kind), and why",
                    access: .roles([owner, .committee]), responseSchema: "Reasons", statuses: [200, 401, 403, 404]
                ) { [self] call in
                    let id = call.parameter("id")
                    _ = try await ownedRecord(kind, id, call)
                    if kind == .participants && call.identity.role == .committee {
                        try await blocking { [register] in try register.auditRead(.participants, ids: [id], actor: call.identity.actor, detail: "reasons") }
                    }
                    guard let answer = try await blocking({ [register] in try register.why(kind, id: id) }) else {
                        throw APIError.notFound(Message(.apiNoRecord, .message(kind.word), .text(RecordID.quoted(id))))
                    }
                    return JSONResponse.make(reasonsJSON(answer, for: call.identity, language: call.language))
                })
                list.append(APIRoute(
                    method: .post, path: "/v1/\(kind)/{id}/close", summary: "Close one of the \(kind) (out of later runs, history kept)",
                    access: .roles([owner]), requestSchema: "CloseRequest", responseSchema: "Closed", statuses: [200, 400, 401, 403, 404, 409, 413, 422]
                ) { [self] call in
                    let id = call.parameter("id")
                    _ = try await ownedRecord(kind, id, call)
                    let body = try await call.decode(CloseBody.self, limit: limits.body, seconds: limits.bodySeconds)
                    let text = body.reason
                    guard let reason = CloseReason(text: text, for: kind) else {
                        throw APIError.invalid(
                            Message(.closeReasonUnknown, .text(text), .list(CloseReason.reasons(for: kind).map(\.rawValue))).text(call.language),
                            path: "reason")
                    }
                    let note = body.note
                    try await blocking { [register] in try register.close(kind, id: id, reason: reason, note: note, actor: call.identity.actor) }
                    return JSONResponse.make(["closed": .string(id), "reason": .string(reason.rawValue)])
                })
            }
        }
        list += [
            APIRoute(method: .post, path: "/v1/match-runs", summary: "Start a match run on the whole register", access: .roles([.committee]),
                     requestSchema: "MatchRunRequest", responseSchema: "MatchRun", success: .created,
                     statuses: [201, 400, 401, 403, 409, 413, 422, 429]) { [self] call in try await startRun(call) },
            APIRoute(method: .get, path: "/v1/match-runs", summary: "List match runs", access: .anyRole,
                     responseSchema: "MatchRunList", statuses: [200, 401]) { [self] call in
                let items = try await blocking { [self] in try register.runs().map { try runJSON($0, for: call.identity) } }
                return JSONResponse.make(["items": .array(items)])
            },
            APIRoute(method: .get, path: "/v1/match-runs/{id}", summary: "Read one match run", access: .anyRole,
                     responseSchema: "MatchRun", statuses: [200, 401, 404]) { [self] call in
                guard let id = Int64(call.parameter("id")),
                    let run = try await blocking({ [register] in try register.runs().first { $0.id == id } })
                else { throw APIError.notFound("no match run \(RecordID.quoted(call.parameter("id")))") }
                return JSONResponse.make(try await blocking { [self] in try runJSON(run, for: call.identity) })
            },
            APIRoute(method: .get, path: "/v1/proposals", summary: "List proposals", access: .anyRole,
                     query: paging + [
                        QueryParameter(name: "run", type: "integer", description: "A run (default: the newest; with status, every run).",
                                       range: 1...Int(Int64.max)),
                        QueryParameter(name: "need", type: "string", description: "Only this need's proposals."),
                        QueryParameter(name: "cooperative", type: "string", description: "Only this cooperative's needs."),
                        QueryParameter(name: "institution", type: "string", description: "Only this institution's participants."),
                        QueryParameter(name: "status", type: "string", description: "proposed, approved, rejected or deferred."),
                     ],
                     responseSchema: "ProposalPage", statuses: [200, 400, 401]) { [self] call in try await listProposals(call) },
            APIRoute(method: .get, path: "/v1/proposals/{id}", summary: "Read one proposal", access: .anyRole,
                     responseSchema: "Proposal", statuses: [200, 401, 404]) { [self] call in
                let p = try await visibleProposal(call)
                return JSONResponse.make(proposalJSON(p, for: call.identity))
            },
            APIRoute(method: .post, path: "/v1/proposals/{id}/decision", summary: "Decide on a proposal", access: .roles([.committee]),
                     requestSchema: "DecisionRequest", responseSchema: "Proposal", statuses: [200, 400, 401, 403, 404, 409, 413, 422]) { [self] call in
                let p = try await visibleProposal(call)
                let body = try await call.decode(DecisionBody.self, limit: limits.body, seconds: limits.bodySeconds)
                let decision = body.decision.value
                guard let reason = body.reason?.value ?? (decision == .reject || decision == .defer ? nil : .agreed) else {
                    throw APIError(.unprocessableContent, "invalid", Message(.apiMissingField, .text("reason")), path: "reason")
                }
                let note = body.note
                let decided = try await blocking { [register] in
                    try register.decide(p.id, decision, reason: reason, note: note, by: call.identity.actor)
                }
                return JSONResponse.make(proposalJSON(decided, for: call.identity))
            },
            APIRoute(method: .post, path: "/v1/proposals/{id}/hire", summary: "Record a hire", access: .roles([.cooperative]),
                     requestSchema: "HireRequest", responseSchema: "Proposal", statuses: [200, 400, 401, 403, 404, 413, 422]) { [self] call in
                let p = try await visibleProposal(call)
                let start = try await call.decode(HireBody.self, limit: limits.body, seconds: limits.bodySeconds).startDate.day
                let hired = try await blocking { [register] in try register.hire(p.id, on: start, by: call.identity.actor) }
                return JSONResponse.make(proposalJSON(hired, for: call.identity))
            },
            APIRoute(method: .post, path: "/v1/proposals/{id}/retention", summary: "Record a retention check", access: .roles([.cooperative]),
                     requestSchema: "RetentionRequest", responseSchema: "Proposal", statuses: [200, 400, 401, 403, 404, 409, 413, 422]) { [self] call in
                let p = try await visibleProposal(call)
                let body = try await call.decode(RetentionBody.self, limit: limits.body, seconds: limits.bodySeconds)
                guard [3, 6, 12].contains(body.months) else { throw APIError.invalid("months must be 3, 6 or 12", path: "months") }
                try await blocking { [register] in
                    try register.retention(p.id, months: body.months, employed: body.employed, correction: body.correction ?? false, by: call.identity.actor)
                }
                return JSONResponse.make(proposalJSON(try await visibleProposal(call), for: call.identity))
            },
            APIRoute(method: .get, path: "/v1/reports/{quarter}", summary: "Read the quarterly report (JSON, or Markdown or CSV with ?format=)",
                     access: .roles([.committee]),
                     query: [QueryParameter(name: "format", type: "string", description: "json (default), md or csv."),
                             QueryParameter(name: "lang", type: "string", description: "pl (default) or en; without it, Accept-Language.")],
                     responseSchema: "Report", statuses: [200, 400, 401, 403]) { [self] call in
                guard let quarter = Quarter(call.parameter("quarter")) else {
                    throw APIError.badRequest("\(RecordID.quoted(call.parameter("quarter"))) is not a quarter (expected e.g. 2026Q1)", path: "quarter")
                }
                let format = call.query("format") ?? "json"
                guard ["json", "md", "csv"].contains(format) else {
                    throw APIError.badRequest("\(RecordID.quoted(format)) is not a report format (json, md or csv)", path: "format")
                }
                var language = call.language
                if let lang = call.query("lang") {
                    guard let chosen = Language(rawValue: lang) else { throw APIError.badRequest("\(RecordID.quoted(lang)) is not pl or en", path: "lang") }
                    language = chosen
                }
                let names = Dictionary(catalog.services.map { ($0.slug, $0.name) }, uniquingKeysWith: { a, _ in a })
                let report = try await blocking { [register] in try register.quarterReport(quarter, serviceNames: names) }
                switch format {
                case "md":
                    return TextResponse.make(ReportRenderer(language: language).render(report, as: .md), type: "text/markdown; charset=utf-8",
                                             filename: "raport-\(quarter).md")
                case "csv":
                    // With a byte-order mark, so that Excel reads it as UTF-8.
                    return TextResponse.make("\u{FEFF}" + ReportRenderer(language: language).render(report, as: .csv), type: "text/csv; charset=utf-8",
                                             filename: "raport-\(quarter).csv")
                default:
                    return JSONResponse.make(ReportJSON.document(report))
                }
            },
            // The committee's tool for trying a problem out; organisations work on the register instead.
            APIRoute(method: .post, path: "/v1/solve", summary: "Solve a placement problem (stateless)", access: .roles([.committee]),
                     requestSchema: "Instance", responseSchema: "Result", statuses: [200, 400, 401, 403, 413, 422, 429]) { [self] call in
                try await solve(call)
            },
        ]
        return list
    }

    static let limitRange = 1...1000
    static let offsetRange = 0...Int(Int32.max)

    // MARK: - Records

    func ownerRole(_ kind: RecordKind) -> Role { kind == .needs ? .cooperative : .institution }

    /// The field naming a record's owner: a participant's institution, a programme's provider, a need's cooperative.
    func ownerField(_ kind: RecordKind) -> String {
        switch kind {
        case .participants: "institution"
        case .programmes: "provider"
        default: "cooperative"
        }
    }

    func schemaName(_ kind: RecordKind) -> String {
        switch kind {
        case .participants: "Participant"
        case .programmes: "Programme"
        case .needs: "Need"
        case .institutions: "Institution"
        case .cooperatives: "Cooperative"
        }
    }

    func filterParameters(_ kind: RecordKind) -> [QueryParameter] {
        switch kind {
        case .participants: [QueryParameter(name: "institution", type: "string", description: "Only this institution's participants.")]
        case .programmes: [QueryParameter(name: "provider", type: "string", description: "Only this provider's programmes.")]
        case .needs:
            [QueryParameter(name: "cooperative", type: "string", description: "Only this cooperative's needs."),
             QueryParameter(name: "service", type: "string", description: "Only needs for this service (a catalogue slug).")]
        default: []
        }
    }

    func listRecords(_ kind: RecordKind, _ call: Call) async throws -> Response {
        let limit = try call.integer("limit", default: 100, range: Self.limitRange)
        let offset = try call.integer("offset", default: 0, range: Self.offsetRange)
        var filters: [(column: String, value: String)] = []
        for parameter in filterParameters(kind) {
            if let value = call.query(parameter.name) { filters.append((parameter.name, value)) }
        }
        if call.identity.role != .committee {
            // An organisation sees its own records only, whatever it asks for.
            filters.removeAll { $0.column == ownerField(kind) }
            filters.append((ownerField(kind), call.identity.organisation))
        }
        let page = try await blocking { [register, filters] in try register.records(kind, filters: filters, limit: limit, offset: offset) }
        if kind == .participants && call.identity.role == .committee {
            let ids = page.items.compactMap { if case .string(let id)? = $0["id"] { id } else { nil } }
            try await blocking { [register] in try register.auditRead(.participants, ids: ids, actor: call.identity.actor, detail: "listed") }
        }
        return JSONResponse.make([
            "items": .array(page.items.map { .object($0) }), "total": .number(String(page.total)),
            "limit": .number(String(limit)), "offset": .number(String(offset)),
        ])
    }

    /// A record the caller may see; another organisation's record is "not found", so that its existence does not leak.
    func ownedRecord(_ kind: RecordKind, _ id: String, _ call: Call) async throws -> JSONObject {
        let record = RecordID.isValid(id) ? try await blocking { [register] in try register.record(kind, id: id) } : nil
        guard let record, call.identity.role == .committee || record[ownerField(kind)] == .string(call.identity.organisation) else {
            throw APIError.notFound(Message(.apiNoRecord, .message(kind.word), .text(RecordID.quoted(id))))
        }
        return record
    }

    func writeRecord(_ kind: RecordKind, _ call: Call, mode: WriteMode) async throws -> Response {
        var object = try await call.body(limit: limits.body, seconds: limits.bodySeconds)
        let field = ownerField(kind)
        let organisation = call.identity.organisation
        if let owner = object[field], owner != .string(organisation) {
            throw APIError.forbidden(Message(.apiNotYourOrganisation, .text(field), .text(organisation)))
        }
        object[field] = .string(organisation)
        if mode == .replace {
            let id = call.parameter("id")
            if let given = object["id"], given != .string(id) {
                throw APIError.invalid("the body's id must be the one in the path, \"\(id)\"", path: "id")
            }
            object["id"] = .string(id)
            _ = try await ownedRecord(kind, id, call)
        } else {
            // The service names new records, so that no organisation can learn another's ids by trying them.
            guard object["id"] == nil else {
                throw APIError.invalid("leave out id: the service assigns the ids of new records (an institution's own label goes in reference)",
                                       path: "id")
            }
            object["id"] = .string(Register.newID(kind))
        }
        let stored = try await blocking { [register, vocabulary, object] in
            try register.putRecord(object, kind: kind, mode: mode, vocabulary: vocabulary, actor: call.identity.actor)
        }
        return JSONResponse.make(.object(stored), status: mode == .create ? .created : .ok)
    }

    // MARK: - Runs and proposals

    func startRun(_ call: Call) async throws -> Response {
        // An empty body is the defaults. The policy's weights go to the instance as written (exact
        // decimals, held to the instance's limits), so they are read from the JSON itself.
        let bytes = try await call.bodyBytes(limit: limits.body, seconds: limits.bodySeconds)
        let body = bytes.isEmpty ? nil : try call.decode(MatchRunBody.self, from: bytes)
        var policy = JSONObject()
        if !bytes.isEmpty, case .object(let object) = try call.parse(bytes), let given = object["policy"], given != .null {
            guard case .object(let weights) = given else { throw APIError.invalid("\(given.shortDescription) is not an object", path: "policy") }
            policy = weights
        }
        let asOf = body?.asOf?.day
        let seconds = body?.timeLimit ?? min(10, limits.solveSeconds)
        guard seconds > 0, seconds <= limits.solveSeconds else {
            throw APIError.invalid("timeLimit must be more than 0 and at most \(limits.solveSeconds) seconds", path: "timeLimit")
        }
        let most = limits.matchPairs
        let run = try await oneAtATime { [register, vocabulary, policy] in
            try register.match(asOf: asOf, policy: policy, vocabulary: vocabulary, actor: call.identity.actor, timeLimit: seconds, maxPairs: most).run
        }
        return JSONResponse.make(runJSON(run), status: .created)
    }

    func listProposals(_ call: Call) async throws -> Response {
        let limit = try call.integer("limit", default: 100, range: Self.limitRange)
        let offset = try call.integer("offset", default: 0, range: Self.offsetRange)
        var filter = ProposalFilter(
            run: nil, cooperative: call.query("cooperative"), institution: call.query("institution"), need: call.query("need"),
            status: call.query("status"), limit: limit, offset: offset)
        if let run = call.query("run") {
            guard let id = Int64(run), id >= 1 else {
                throw APIError.badRequest("query parameter run: \(RecordID.quoted(run)) is not a run number", path: "run")
            }
            filter.run = id
        }
        if let status = filter.status, !["proposed", "approved", "rejected", "deferred", "superseded"].contains(status) {
            throw APIError.badRequest("query parameter status: \"\(status)\" is not proposed, approved, rejected or deferred", path: "status")
        }
        switch call.identity.role {
        case .institution: filter.institution = call.identity.organisation
        case .cooperative:
            filter.cooperative = call.identity.organisation
            filter.withRecords = true
            filter.institutionOfApprovedOnly = true
        case .committee: break
        }
        // A page already made at the register's current version is sent again as it was.
        let key = "\(call.identity.role.rawValue) \(call.identity.organisation) \(call.request.uri.query ?? "")"
        let version = try await blocking { [register] in try register.version() }
        if let cached = pages.withLock({ $0[key] }), cached.version == version {
            return JSONResponse.make(bytes: cached.body)
        }
        let page = try await blocking { [register, filter] in try register.proposalPage(filter) }
        let body = JSONWriter.bytes([
            "items": .array(page.items.map { proposalJSON($0, for: call.identity) }), "total": .number(String(page.total)),
            "limit": .number(String(limit)), "offset": .number(String(offset)),
        ])
        pages.withLock { pages in
            if pages.count >= 256 { pages.removeAll() }
            pages[key] = (version, body)
        }
        return JSONResponse.make(bytes: body)
    }

    /// A proposal the caller may see: the committee all, an institution its participants', a cooperative its needs'.
    func visibleProposal(_ call: Call) async throws -> ProposalView {
        let text = call.parameter("id")
        guard let id = Int64(text), let p = try await blocking({ [register] in try register.proposal(id) }) else {
            throw APIError.notFound("no proposal \(RecordID.quoted(text))")
        }
        let visible = switch call.identity.role {
        case .committee: true
        case .institution: p.institution == call.identity.organisation
        case .cooperative: p.cooperative == call.identity.organisation
        }
        guard visible else { throw APIError.notFound("no proposal \(RecordID.quoted(text))") }
        return p
    }

    func solve(_ call: Call) async throws -> Response {
        let bytes = try await call.bodyBytes(limit: limits.solveBody, seconds: limits.bodySeconds)
        let document = try call.parse(bytes)
        let instance: Instance
        do {
            instance = try InstanceReader(vocabulary: vocabulary).read(document)
        } catch {
            let first = error.problems.first
            throw APIError.invalid(error.problems.prefix(20).map(\.description).joined(separator: "; "), path: first?.path)
        }
        let seconds = limits.solveSeconds, most = limits.solvePairs
        let result = try await oneAtATime {
            // Counted before any route is built: at most `most` distances, whatever was sent.
            guard RouteEstimate.pairs(instance, limit: most) != nil else {
                throw APIError(.contentTooLarge, "too-large",
                               "the problem has more than \(most) pairs of a participant and a need or programme within commuting "
                               + "distance, more than this service solves; solve it with `kadry solve` on a machine of your own")
            }
            do {
                return try Matcher.matchWithinLimit(instance, options: SolverOptions(timeLimit: seconds))
            } catch {
                throw APIError(.contentTooLarge, "too-large", "\(error) (this service's limit is \(seconds) s)")
            }
        }
        return JSONResponse.make(ResultWriter.document(result, instance: instance))
    }

    func health() async throws -> Response {
        do {
            let health = try await blocking { [register] in try register.schemaVersion() }
            return JSONResponse.make(["status": "ok", "schema": .string(health ?? "")])
        } catch {
            return JSONResponse.make(APIError(.serviceUnavailable, "register-unavailable", "the register cannot be read").json, status: .serviceUnavailable)
        }
    }
}
