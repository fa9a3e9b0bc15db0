import Foundation
import Hummingbird
import HummingbirdTesting
import KadryCore
import KadryServer
import KadryStore
import KadryTestSupport
import Testing

@Suite("Bad input")
struct BadInputTests {
    struct Case: Sendable {
        var method: HTTPRequest.Method
        var uri: String
        var caller: String?
        var body: String?
        var status: Int
        /// The JSON path the error names (nil: the error names none).
        var path: String?

        init(_ method: HTTPRequest.Method, _ uri: String, _ caller: String?, _ body: String?, _ status: Int, path: String? = nil) {
            self.method = method
            self.uri = uri
            self.caller = caller
            self.body = body
            self.status = status
            self.path = path
        }
    }

    static func participant(_ change: (inout String) -> Void = { _ in }) -> String {
        var text = #"{"location": {"lat": 52.2, "lon": 18.2}, "maxCommuteKm": 20, "availableFrom": "2027-01-01", "hoursPerWeek": 40, "education": "secondary", "credentials": [{"code": "kzis:341202", "obtained": "2024-05-01"}]}"#
        change(&text)
        return text
    }

    static func cases(_ h: Harness) -> [Case] {
        let p = h.bluesProposal, approved = h.bluesApproved
        return [
            // Records
            Case(.post, "/v1/participants", "cis-konin", #"{"id": "P-600", "#, 400, path: "$"),
            Case(.post, "/v1/participants", "cis-konin", "[1, 2]", 400, path: "$"),
            Case(.post, "/v1/participants", "cis-konin", participant { $0 = $0.replacingOccurrences(of: "{", with: #"{"id": 600, "#) }, 422, path: "id"),
            // The service names new records.
            Case(.post, "/v1/participants", "cis-konin", participant { $0 = $0.replacingOccurrences(of: "{", with: #"{"id": "P-600", "#) }, 422, path: "id"),
            Case(.post, "/v1/participants", "cis-konin", participant { $0 = $0.replacingOccurrences(of: #""maxCommuteKm": 20, "#, with: "") }, 422, path: "maxCommuteKm"),
            Case(.post, "/v1/participants", "cis-konin", participant { $0 = $0.replacingOccurrences(of: "2027-01-01", with: "2027-02-31") }, 422, path: "availableFrom"),
            Case(.post, "/v1/participants", "cis-konin", participant { $0 = $0.replacingOccurrences(of: "52.2", with: "95") }, 422, path: "location.lat"),
            Case(.post, "/v1/participants", "cis-konin", participant { $0 = $0.replacingOccurrences(of: "kzis:341202", with: "cert:no-such") }, 422, path: "credentials[0].code"),
            Case(.post, "/v1/participants", "cis-konin", participant { $0 = $0.replacingOccurrences(of: "\"secondary\"", with: "\"magister\"") }, 422, path: "education"),
            Case(.post, "/v1/participants", "cis-konin", participant { $0 = $0.replacingOccurrences(of: "{", with: "{\"institution\": \"kis-kramsk\", ") }, 403),
            Case(.post, "/v1/participants", "cis-konin", #"{"id": "P-601", "padding": ""# + String(repeating: "x", count: 300_000) + #""}"#, 413),
            Case(.put, "/v1/participants/P-001", "cis-konin", participant { $0 = $0.replacingOccurrences(of: "{", with: #"{"id": "P-600", "#) }, 422, path: "id"),
            Case(.put, "/v1/participants/P-999", "cis-konin", participant(), 404),
            Case(.get, "/v1/participants?limit=0", "cis-konin", nil, 400, path: "limit"),
            Case(.get, "/v1/participants?offset=-3", "cis-konin", nil, 400, path: "offset"),
            Case(.get, "/v1/needs/N-999", "ss-blues-hostel", nil, 404),
            Case(.post, "/v1/needs", "ss-blues-hostel", #"{"service": "respite-care", "title": "X", "positions": 0, "start": "2027-03-01", "hoursPerWeek": 40, "location": {"lat": 52, "lon": 18}, "requires": [], "priority": 9}"#, 422, path: "positions"),
            Case(.post, "/v1/programmes", "cis-konin", #"{"title": "X", "grants": [], "start": "2027-03-01", "end": "2027-01-01", "seats": 2, "location": {"lat": 52, "lon": 18}}"#, 422, path: "end"),
            Case(.get, "/v1/catalogue/services/no-such-service", "cis-konin", nil, 404),
            // Proposals
            Case(.get, "/v1/proposals?status=maybe", "committee", nil, 400, path: "status"),
            Case(.get, "/v1/proposals?run=first", "committee", nil, 400, path: "run"),
            Case(.get, "/v1/proposals?limit=5000", "committee", nil, 400, path: "limit"),
            Case(.get, "/v1/proposals/abc", "committee", nil, 404),
            Case(.get, "/v1/proposals/999999", "committee", nil, 404),
            Case(.post, "/v1/proposals/\(p)/decision", "committee", #"{"decision": "maybe"}"#, 422, path: "decision"),
            Case(.post, "/v1/proposals/\(p)/decision", "committee", #"{"decision": "reject"}"#, 422, path: "reason"),
            Case(.post, "/v1/proposals/\(p)/decision", "committee", #"{"decision": "approve", "note": 5}"#, 422, path: "note"),
            Case(.post, "/v1/proposals/\(p)/decision", "committee", "", 400, path: "$"),
            Case(.post, "/v1/proposals/\(p)/hire", "ss-blues-hostel", #"{"startDate": "2027-03-01"}"#, 422),  // not approved
            Case(.post, "/v1/proposals/\(approved)/hire", "ss-blues-hostel", #"{"startDate": "01.03.2027"}"#, 422, path: "startDate"),
            Case(.post, "/v1/proposals/\(approved)/hire", "ss-blues-hostel", "{}", 422, path: "startDate"),
            Case(.post, "/v1/proposals/\(approved)/retention", "ss-blues-hostel", #"{"months": 4, "employed": true}"#, 422, path: "months"),
            Case(.post, "/v1/proposals/\(approved)/retention", "ss-blues-hostel", #"{"months": 3, "employed": "yes"}"#, 422, path: "employed"),
            // Runs, report, solve
            Case(.post, "/v1/match-runs", "committee", #"{"timeLimit": -1}"#, 422, path: "timeLimit"),
            Case(.post, "/v1/match-runs", "committee", #"{"asOf": "tomorrow"}"#, 422, path: "asOf"),
            Case(.post, "/v1/match-runs", "committee", #"{"policy": 5}"#, 422, path: "policy"),
            Case(.post, "/v1/match-runs", "committee", #"{"policy": {"priorityWeight": 99999999}}"#, 422),
            Case(.get, "/v1/match-runs/77", "committee", nil, 404),
            Case(.get, "/v1/reports/2026Q5", "committee", nil, 400, path: "quarter"),
            Case(.post, "/v1/solve", "committee", "{", 400, path: "$"),
            Case(.post, "/v1/solve", "committee", #"{"format": "kadry-instance/1", "asOf": "2026-01-01", "participants": [], "needs": [{"id": "N-1"}]}"#, 422),
            Case(.post, "/v1/solve", "committee", #"{"format": "kadry-instance/1", "asOf": "2026-01-01", "participants": 5, "needs": []}"#, 422, path: "participants"),
            // Routes
            Case(.get, "/v1/nothing-here", "committee", nil, 404),
        ]
    }

    @Test("Each bad request gets its 4xx status and a JSON error naming the field; nothing is written")
    func badRequests() async throws {
        let h = try Harness.make()
        let cases = Self.cases(h)
        let before = try h.store.counts().map(\.count)
        let answers = try await h.test { client in
            var answers: [(Int, JSONValue)] = []
            for c in cases { answers.append(try await client.call(c.method, c.uri, as: c.caller, body: c.body)) }
            return answers
        }
        for (c, answer) in zip(cases, answers) {
            #expect(answer.0 == c.status, "\(c.method) \(c.uri) \(c.body?.prefix(80) ?? "")")
            #expect(answer.1.errorCode != nil, "\(c.method) \(c.uri): not a JSON error")
            if let path = c.path { #expect(answer.1.errorPath == path, "\(c.method) \(c.uri): \(answer.1)") }
        }
        #expect(try h.store.counts().map(\.count) == before)
        #expect(try h.store.proposal(h.bluesProposal)?.status == "proposed")
    }

    @Test("The stateless solve has its own size limit")
    func solveLimit() async throws {
        let h = try Harness.make()
        var limits = ServiceLimits()
        limits.solveBody = 1000
        let api = KadryAPI(register: h.store, catalog: Fixtures.catalog, limits: limits)
        let small = Harness(store: h.store, clock: h.clock, api: api, tokens: h.tokens, bluesProposal: h.bluesProposal, bluesApproved: h.bluesApproved,
                            bluesInstitution: h.bluesInstitution)
        let status = try await small.test { client in
            try await client.call(.post, "/v1/solve", as: "committee", body: RoleMatrixTests.demoInstance).status
        }
        #expect(status == 413)
    }

    @Test("A match run over the API takes the policy's weights as written; they reach every proposal's score")
    func weightedRun() async throws {
        let h = try Harness.make()
        let needs = try h.store.records(.needs)
        let run = try await h.test { client in
            try await client.call(.post, "/v1/match-runs", as: "committee",
                                  body: #"{"asOf": "2026-12-01", "timeLimit": 5, "policy": {"priorityWeight": 2000, "distancePenaltyPerKm": 2.5}}"#)
        }
        #expect(run.status == 201)
        let latest: Int64 = try #require(try h.store.latestRun())
        let placed = try h.store.proposals(ProposalFilter(run: latest))
        #expect(!placed.isEmpty && placed.allSatisfy { p in
            guard case .number(let priority)? = needs.first(where: { $0["id"] == .string(p.need) })?["priority"] else { return false }
            return p.terms.first { $0.name == "priority" }?.value == String(2000 * (Int(priority) ?? 0))
        })
    }
}
