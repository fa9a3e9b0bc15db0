import Foundation
import Hummingbird
import HummingbirdTesting
import KadryCore
import KadryRegister
import KadryServer
import KadryStore
import KadryTestSupport
import Testing

@Suite("Who sees what")
struct RoleMatrixTests {
    static let callers: [String?] = ["committee", "cis-konin", "kis-kramsk", "ss-blues-hostel", "ss-spektrum", nil, "revoked"]

    static let newParticipant = #"{"location": {"lat": 52.2, "lon": 18.2}, "maxCommuteKm": 20, "availableFrom": "2027-01-01", "hoursPerWeek": 40, "education": "secondary"}"#
    static let participant001 = #"{"id": "P-001", "reference": "CIS-KONIN/2026/001", "location": {"lat": 52.2318, "lon": 18.2418}, "maxCommuteKm": 30, "availableFrom": "2027-03-01", "hoursPerWeek": 40, "education": "vocational", "drivingLicence": true, "clearances": ["criminal-record"], "credentials": [{"code": "kzis:832202", "obtained": "2023-02-15"}], "preferredServices": ["care-services"], "programmeEnds": "2027-01-31"}"#
    static let newProgramme = #"{"title": "Kurs opiekuna", "grants": ["kzis:341202"], "start": "2027-01-04", "end": "2027-02-26", "seats": 4, "location": {"lat": 52.22, "lon": 18.25}}"#
    static let need03 = #"{"id": "N-03", "service": "respite-care", "title": "Opiekun wytchnieniowy w hostelu", "positions": 3, "start": "2027-03-01", "hoursPerWeek": 40, "location": {"lat": 52.223, "lon": 18.2511}, "requires": [["kzis:341202", "kzis:532102"]], "requiresClearances": ["criminal-record"], "priority": 5}"#

    /// One row per route (all 30, each with every caller): the status each caller gets, in the order of `callers`
    /// (committee, institution cis-konin, institution kis-kramsk, cooperative ss-blues-hostel,
    /// cooperative ss-spektrum, no token, a revoked token). Rows run in order on one register.
    struct Row {
        var method: HTTPRequest.Method
        var uri: String
        var body: String?
        var expected: [Int]
        init(_ method: HTTPRequest.Method, _ uri: String, _ body: String?, _ expected: [Int]) {
            self.method = method
            self.uri = uri
            self.body = body
            self.expected = expected
        }
    }

    func rows(_ h: Harness) -> [Row] {
        let ownInstitution = { (org: String) in h.bluesInstitution == org ? 200 : 404 }
        let list: [Row] = [
            Row(.get, "/healthz", nil, [200, 200, 200, 200, 200, 200, 200]),
            Row(.get, "/v1/openapi.json", nil, [200, 200, 200, 200, 200, 200, 200]),
            Row(.get, "/v1/catalogue/services", nil, [200, 200, 200, 200, 200, 401, 401]),
            Row(.get, "/v1/catalogue/services/respite-care", nil, [200, 200, 200, 200, 200, 401, 401]),
            Row(.get, "/v1/catalogue/credentials", nil, [200, 200, 200, 200, 200, 401, 401]),
            Row(.get, "/v1/participants", nil, [200, 200, 200, 403, 403, 401, 401]),
            Row(.get, "/v1/participants/P-001", nil, [200, 200, 404, 403, 403, 401, 401]),
            Row(.put, "/v1/participants/P-001", Self.participant001, [403, 200, 404, 403, 403, 401, 401]),
            // New records get ids from the service: another organisation's ids cannot be probed.
            Row(.post, "/v1/participants", Self.newParticipant, [403, 201, 201, 403, 403, 401, 401]),
            Row(.delete, "/v1/participants/P-500", nil, [403, 200, 404, 403, 403, 401, 401]),
            Row(.get, "/v1/programmes", nil, [200, 200, 200, 403, 403, 401, 401]),
            Row(.get, "/v1/programmes/T-01", nil, [200, 200, 404, 403, 403, 401, 401]),
            Row(.post, "/v1/programmes", Self.newProgramme, [403, 201, 201, 403, 403, 401, 401]),
            Row(.put, "/v1/programmes/T-99", Self.newProgramme.replacingOccurrences(of: "\"seats\": 4", with: "\"seats\": 5, \"id\": \"T-99\""),
                [403, 200, 404, 403, 403, 401, 401]),
            Row(.delete, "/v1/programmes/T-99", nil, [403, 200, 404, 403, 403, 401, 401]),
            Row(.get, "/v1/needs", nil, [200, 403, 403, 200, 200, 401, 401]),
            Row(.post, "/v1/needs", Self.need03.replacingOccurrences(of: #""id": "N-03", "#, with: ""), [403, 403, 403, 201, 201, 401, 401]),
            Row(.get, "/v1/needs/N-03", nil, [200, 403, 403, 200, 404, 401, 401]),
            Row(.put, "/v1/needs/N-03", Self.need03, [403, 403, 403, 200, 404, 401, 401]),
            // Proposals refer to it: it cannot go.
            Row(.delete, "/v1/needs/N-03", nil, [403, 403, 403, 409, 404, 401, 401]),
            Row(.get, "/v1/match-runs", nil, [200, 200, 200, 200, 200, 401, 401]),
            Row(.get, "/v1/match-runs/1", nil, [200, 200, 200, 200, 200, 401, 401]),
            Row(.get, "/v1/proposals", nil, [200, 200, 200, 200, 200, 401, 401]),
            Row(.get, "/v1/proposals/\(h.bluesProposal)", nil, [200, ownInstitution("cis-konin"), ownInstitution("kis-kramsk"), 200, 404, 401, 401]),
            Row(.post, "/v1/proposals/\(h.bluesProposal)/decision", #"{"decision": "defer", "reason": "more-information-needed"}"#,
             [200, 403, 403, 403, 403, 401, 401]),
            Row(.post, "/v1/proposals/\(h.bluesApproved)/hire", #"{"startDate": "2027-03-01"}"#, [403, 403, 403, 200, 404, 401, 401]),
            // The 3-month check of a hire starting 2027-03-01 is not due yet: refused even for the owner.
            Row(.post, "/v1/proposals/\(h.bluesApproved)/retention", #"{"months": 3, "employed": true}"#, [403, 403, 403, 422, 404, 401, 401]),
            Row(.get, "/v1/reports/2026Q4", nil, [200, 403, 403, 403, 403, 401, 401]),
            Row(.post, "/v1/solve", Self.demoInstance, [200, 403, 403, 403, 403, 401, 401]),
            Row(.post, "/v1/match-runs", #"{"asOf": "2026-12-01", "timeLimit": 5}"#, [201, 403, 403, 403, 403, 401, 401]),
        ]
        return list
    }

    static var demoInstance: String {
        let url = Fixtures.repositoryRoot.appendingPathComponent("Catalog/demo/konin-grudziadz.json")
        let bytes: [UInt8] = Fixtures.bytes(url)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("Every role against every resource and action gets the status in the table")
    func matrix() async throws {
        let h = try Harness.make()
        // The records the PUT and DELETE rows work on, as an import (which keeps its ids) makes them.
        let vocabulary = Fixtures.catalog.vocabulary
        for (kind, body) in [(RecordKind.participants, Self.newParticipant), (.programmes, Self.newProgramme)] {
            guard case .object(var record) = try JSONParser.parse(body) else { return }
            record["id"] = .string(kind == .participants ? "P-500" : "T-99")
            record[kind == .participants ? "institution" : "provider"] = "cis-konin"
            try h.store.putRecord(record, kind: kind, mode: .create, vocabulary: vocabulary, actor: "test")
        }
        let rows = rows(h)
        let seen = try await h.test { client in
            var seen: [[Int]] = []
            for row in rows {
                var statuses: [Int] = []
                for caller in Self.callers {
                    statuses.append(try await client.call(row.method, row.uri, as: caller, body: row.body).status)
                }
                seen.append(statuses)
            }
            return seen
        }
        for (row, statuses) in zip(rows, seen) {
            #expect(statuses == row.expected, "\(row.method) \(row.uri)")
        }
    }

    @Test("Lists hold only the caller's own records, whatever filter it sends")
    func ownRecordsOnly() async throws {
        let h = try Harness.make()
        try await h.test { client in
            let mine = try await client.call(.get, "/v1/participants?institution=kis-kramsk&limit=1000", as: "cis-konin")
            #expect(mine.status == 200)
            #expect(!mine.json.items.isEmpty)
            #expect(mine.json.items.allSatisfy { $0["institution"] == "cis-konin" })
            let all = try await client.call(.get, "/v1/participants?limit=1000", as: "committee")
            #expect(all.json["total"] == 40)
            let needs = try await client.call(.get, "/v1/needs?cooperative=ss-spektrum", as: "ss-blues-hostel")
            #expect(needs.json.items.allSatisfy { $0["cooperative"] == "ss-blues-hostel" })
            let proposals = try await client.call(.get, "/v1/proposals?limit=1000", as: "ss-spektrum")
            #expect(proposals.json.items.allSatisfy { $0["need"]?["cooperative"] == "ss-spektrum" })
        }
    }

    @Test("A cooperative sees a candidate profile without identity until the committee approves")
    func pseudonymisedCandidate() async throws {
        let h = try Harness.make()
        try await h.test { client in
            let open = try await client.call(.get, "/v1/proposals/\(h.bluesProposal)", as: "ss-blues-hostel").json
            #expect(open["participant"] == nil)
            #expect(open["contact"] == .null)
            #expect(open["candidate"]?["credentials"] != nil && open["candidate"]?["distanceKm"] != nil)
            let text = JSONWriter.write(open, indent: nil)
            let participant = try #require(try h.store.proposal(h.bluesProposal))
            #expect(!text.contains(participant.participant))
            if let reference = participant.reference { #expect(!text.contains(reference)) }
            let approved = try await client.call(.get, "/v1/proposals/\(h.bluesApproved)", as: "ss-blues-hostel").json
            #expect(approved["contact"]?["reference"] != nil && approved["contact"]?["reference"] != .null)
            // The committee sees who it is.
            let full = try await client.call(.get, "/v1/proposals/\(h.bluesProposal)", as: "committee").json
            #expect(full["participant"]?["id"] == .string(participant.participant))
        }
    }

    @Test("Writes are audited with the token's organisation")
    func audited() async throws {
        let h = try Harness.make()
        try await h.test { client in
            let changed = Self.participant001.replacingOccurrences(of: "\"maxCommuteKm\": 30", with: "\"maxCommuteKm\": 31")
            let status = try await client.call(.put, "/v1/participants/P-001", as: "cis-konin", body: changed).status
            #expect(status == 200)
        }
        let last = try await h.store.writer.read { db in
            try String.fetchOne(db, sql: "SELECT actor || ' ' || action || ' ' || entity_id FROM audit ORDER BY id DESC LIMIT 1")
        }
        #expect(last == "institution:cis-konin update P-001")
    }
}

@Suite("Proposal pages")
struct ProposalPageTests {
    @Test("A page asked for again shows a decision taken in between (the page cache follows the register)")
    func pagesFollowChanges() async throws {
        let h = try Harness.make()
        try await h.test { client in
            let uri = "/v1/proposals?cooperative=ss-blues-hostel&limit=1000"
            func status() async throws -> JSONValue? {
                try await client.call(.get, uri, as: "committee").json.items.first { $0["id"] == .number(String(h.bluesProposal)) }?["status"]
            }
            #expect(try await status() == "proposed")
            #expect(try await status() == "proposed")  // served again
            let decided = try await client.call(.post, "/v1/proposals/\(h.bluesProposal)/decision", as: "committee",
                                                body: #"{"decision": "reject", "reason": "duplicate"}"#).status
            #expect(decided == 200)
            #expect(try await status() == "rejected")
            // A change made outside the API (the CLI on the same register) shows too.
            try h.store.decide(h.bluesProposal, .withdraw, reason: .other, by: "cli")
            #expect(try await status() == "proposed")
        }
    }
}
