import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import KadryCore
import KadryRegister
import KadryServer
import KadryStore
import KadryTestSupport
import Testing

/// The holes a hostile tester found, each closed: numbers that trapped, a
/// candidate located by moving a need, unbounded solves, decimals for whole
/// numbers, ids that could be probed or disguised.
@Suite("Hostile requests")
struct HostileTests {
    static let need = #"{"service": "respite-care", "title": "Opiekun", "positions": 1, "start": "2027-03-01", "hoursPerWeek": 20, "location": {"lat": 52.22, "lon": 18.25}, "requires": [], "priority": 3}"#
    static let programme = #"{"title": "Kurs", "grants": ["kzis:341202"], "start": "2027-01-04", "end": "2027-02-26", "seats": 4, "location": {"lat": 52.22, "lon": 18.25}}"#

    /// The demo instance with one field changed.
    static func demo(_ change: (inout JSONObject) -> Void) throws -> String {
        guard case .object(var root) = try JSONParser.parse(RoleMatrixTests.demoInstance) else { throw HarnessError("demo") }
        change(&root)
        return JSONWriter.write(.object(root), indent: nil)
    }

    static func setFirst(_ root: inout JSONObject, _ list: String, _ key: String, _ value: JSONValue) {
        guard case .array(var items)? = root[list], case .object(var first)? = items.first else { return }
        first[key] = value
        items[0] = .object(first)
        root[list] = .array(items)
    }

    @Test("Numbers beyond Kadry's limits are refused with 422 at their field, over every route that takes them")
    func extremeNumbers() async throws {
        let h = try Harness.make()
        let positions = try Self.demo { Self.setFirst(&$0, "needs", "positions", .number("2147483648")) }
        let cost = try Self.demo {
            Self.setFirst(&$0, "programmes", "costPln", .number("999999999999999999"))
            $0["policy"] = ["trainingCostPer100Pln": 1000]
        }
        try await h.test { client in
            let need = Self.need.replacingOccurrences(of: #""positions": 1"#, with: #""positions": 2147483648"#)
            let posted = try await client.call(.post, "/v1/needs", as: "ss-blues-hostel", body: need)
            #expect(posted.status == 422 && posted.json.errorPath == "positions")
            let solved = try await client.call(.post, "/v1/solve", as: "committee", body: positions)
            #expect(solved.status == 422 && solved.json.errorPath == "needs[0].positions")
            let costly = try await client.call(.post, "/v1/solve", as: "committee", body: cost)
            #expect(costly.status == 422 && costly.json.errorPath == "programmes[0].costPln")
            // The register's next run still works.
            let run = try await client.call(.post, "/v1/match-runs", as: "committee", body: #"{"asOf": "2026-12-01", "timeLimit": 5}"#)
            #expect(run.status == 201)
        }
    }

    @Test("A whole number written as a decimal is taken as the integer; a negative zero is not a position")
    func integralDecimals() async throws {
        let h = try Harness.make()
        try await h.test { client in
            for literal in ["6.0", "6e0", "6.000", "0.6e1"] {
                let body = Self.programme.replacingOccurrences(of: #""seats": 4"#, with: #""seats": \#(literal)"#)
                let created = try await client.call(.post, "/v1/programmes", as: "cis-konin", body: body)
                #expect(created.status == 201, "\(literal): \(created.json)")
                #expect(created.json["seats"] == 6, "\(literal)")
            }
            let zero = try await client.call(.post, "/v1/needs", as: "ss-blues-hostel",
                                             body: Self.need.replacingOccurrences(of: #""positions": 1"#, with: #""positions": -0.0"#))
            #expect(zero.status == 422 && zero.json.errorPath == "positions")
            let half = try await client.call(.post, "/v1/programmes", as: "cis-konin",
                                             body: Self.programme.replacingOccurrences(of: #""seats": 4"#, with: #""seats": 6.5"#))
            #expect(half.status == 422 && half.json.errorPath == "seats")
        }
        // The stored programmes make a valid problem, and their seats are integers in the column too.
        let seats = try await h.store.writer.read { db in try Int.fetchAll(db, sql: "SELECT seats FROM programme WHERE title = 'Kurs'") }
        #expect(seats == [6, 6, 6, 6])
        _ = try h.store.instanceDocument()
    }

    @Test("What a cooperative sees of a candidate does not move when it moves its need, nor tell the person's dates or club")
    func candidateCannotBeLocated() async throws {
        let h = try Harness.make()
        try await h.test { client in
            let uri = "/v1/proposals/\(h.bluesProposal)"
            let before = try await client.call(.get, uri, as: "ss-blues-hostel").json
            guard case .number(let km)? = before["candidate"]?["distanceKm"] else {
                Issue.record("no distance: \(before)")
                return
            }
            #expect(Int(km) != nil, "whole kilometres: \(km)")
            #expect(before["score"] == nil)
            guard case .object(let terms)? = before["terms"] else { throw HarnessError("no terms") }
            #expect(Set(terms.members.map(\.key)).isSubset(of: ["priority", "preference", "training", "cost"]))
            #expect(before["candidate"]?["programmeEnds"] == nil)
            // Three moves of the need, a read after each: the same answer every time.
            guard case .string(let needID)? = before["need"]?["id"] else { throw HarnessError("no need id") }
            var need = try await client.call(.get, "/v1/needs/\(needID)", as: "ss-blues-hostel").json
            for (lat, lon) in [("52.30", "18.10"), ("52.10", "18.40"), ("52.25", "18.30")] {
                guard case .object(var object) = need else { throw HarnessError("need") }
                object["location"] = ["lat": .number(lat), "lon": .number(lon)]
                need = .object(object)
                let moved = try await client.call(.put, "/v1/needs/\(needID)", as: "ss-blues-hostel", body: JSONWriter.write(need, indent: nil))
                #expect(moved.status == 200)
                let after = try await client.call(.get, uri, as: "ss-blues-hostel").json
                #expect(after["candidate"] == before["candidate"])
                #expect(after["terms"] == before["terms"])
                #expect(after["stale"] == true)
            }
            // Which club a candidate comes from is not for a cooperative to learn before approval.
            let filtered = try await client.call(.get, "/v1/proposals?institution=\(h.bluesInstitution)&limit=1000", as: "ss-blues-hostel").json
            #expect(filtered.items.allSatisfy { $0["status"] == "approved" })
            #expect(!filtered.items.contains { $0["id"] == .number(String(h.bluesProposal)) })
        }
    }

    @Test("A stale proposal cannot be approved until a newer run")
    func staleNotApproved() async throws {
        let h = try Harness.make()
        try await h.test { client in
            let p = try await client.call(.get, "/v1/proposals/\(h.bluesProposal)", as: "ss-blues-hostel").json
            guard case .string(let needID)? = p["need"]?["id"] else { throw HarnessError("no need id") }
            let need = try await client.call(.get, "/v1/needs/\(needID)", as: "ss-blues-hostel").json
            guard case .object(var object) = need else { throw HarnessError("need") }
            object["hoursPerWeek"] = 10
            _ = try await client.call(.put, "/v1/needs/\(needID)", as: "ss-blues-hostel", body: JSONWriter.write(.object(object), indent: nil))
            let approve = try await client.call(.post, "/v1/proposals/\(h.bluesProposal)/decision", as: "committee", body: #"{"decision": "approve"}"#)
            #expect(approve.status == 409)
            let doc = try await client.call(.get, "/v1/openapi.json", as: nil).json
            #expect(OpenAPITests.operations(doc)["POST /v1/proposals/{id}/decision"]?.contains(409) == true)
        }
    }

    @Test("The stateless solve: the committee's only, bounded before any route is built, one at a time")
    func solveBounded() async throws {
        let small = try Harness.make(limits: { var l = Harness.limits; l.solvePairs = 10; return l }())
        try await small.test { client in
            #expect(try await client.call(.post, "/v1/solve", as: "ss-blues-hostel", body: RoleMatrixTests.demoInstance).status == 403)
            let big = try await client.call(.post, "/v1/solve", as: "committee", body: RoleMatrixTests.demoInstance)
            #expect(big.status == 413 && big.json.errorCode == "too-large")
        }
        let busy = try Harness.make(limits: { var l = Harness.limits; l.concurrentSolves = 0; return l }())
        try await busy.test { client in
            let answer = try await client.exchange(.post, "/v1/solve", as: "committee", body: RoleMatrixTests.demoInstance)
            #expect(answer.status == 429 && answer.headers[.retryAfter] == "60")
            let run = try await client.exchange(.post, "/v1/match-runs", as: "committee", body: "{}")
            #expect(run.status == 429)
        }
    }

    @Test("Ids are short codes: invisible, overlong and odd ids are refused, in paths, bodies and spreadsheets")
    func ids() async throws {
        let h = try Harness.make()
        try await h.test { client in
            #expect(try await client.call(.get, "/v1/participants/P-001%E2%80%8B", as: "cis-konin").status == 404)
            let long = String(repeating: "x", count: 2000)
            let answer = try await client.call(.get, "/v1/participants/\(long)", as: "cis-konin")
            #expect(answer.status == 404)
            if case .string(let message)? = answer.json["error"]?["message"] { #expect(message.count < 200) }
        }
        for id in ["P-001\u{200B}", String(repeating: "P", count: 65), "P 001", "-P", "P/1", "Ź-1"] {
            let csv = "id;kind;name;lat;lon\n\(id);KIS;Klub;52,2;18,2\n"
            let batch = try SheetImport.readCSV(Array(csv.utf8), file: "institutions.csv", kind: .institutions)
            #expect(throws: ImportFailure.self, "\(id)") {
                _ = try h.store.importRecords(batch, vocabulary: Fixtures.catalog.vocabulary, actor: "test")
            }
            do {
                _ = try h.store.importRecords(batch, vocabulary: Fixtures.catalog.vocabulary, actor: "test")
            } catch let error as ImportFailure {
                #expect(error.problems.map(\.place) == ["institutions.csv:2:1"], "\(id)")
            }
        }
    }

    @Test("Reads of a participant by the committee are audited; changes and deletions keep the old values")
    func auditTrail() async throws {
        let h = try Harness.make()
        @Sendable func last() async throws -> (action: String, actor: String, id: String, detail: String?) {
            try await h.store.writer.read { db in
                let row = try #require(try Row.fetchOne(db, sql: "SELECT action, actor, entity_id, detail FROM audit ORDER BY id DESC LIMIT 1"))
                return (row["action"], row["actor"], row["entity_id"], row["detail"])
            }
        }
        try await h.test { client in
            #expect(try await client.call(.get, "/v1/participants/P-001", as: "cis-konin").status == 200)
            #expect(try await last().action != "read")
            #expect(try await client.call(.get, "/v1/participants/P-001", as: "committee").status == 200)
            let read = try await last()
            #expect(read.action == "read" && read.actor == "committee:komitet" && read.id == "P-001")
            #expect(try await client.call(.get, "/v1/participants?limit=5", as: "committee").status == 200)
            #expect(try await last().detail?.hasPrefix("listed: ") == true)
            let changed = RoleMatrixTests.participant001.replacingOccurrences(of: "\"maxCommuteKm\": 30", with: "\"maxCommuteKm\": 31")
            #expect(try await client.call(.put, "/v1/participants/P-001", as: "cis-konin", body: changed).status == 200)
            let update = try await last()
            #expect(update.action == "update" && update.detail?.contains(#"before: {"maxCommuteKm":30}"#) == true, "\(update)")
            let created = try await client.call(.post, "/v1/participants", as: "cis-konin", body: RoleMatrixTests.newParticipant)
            guard case .string(let id)? = created.json["id"] else { throw HarnessError("no id") }
            #expect(try await client.call(.delete, "/v1/participants/\(id)", as: "cis-konin").status == 200)
            let deleted = try await last()
            #expect(deleted.action == "delete" && deleted.detail?.contains(#""maxCommuteKm":20"#) == true, "\(deleted)")
        }
    }

    @Test("A match run shows an organisation its own share, not who ran it nor the register's figures")
    func runsByRole() async throws {
        let h = try Harness.make()
        try await h.test { client in
            let committee = try await client.call(.get, "/v1/match-runs/1", as: "committee").json
            #expect(committee["runBy"] != nil && committee["objective"] != nil)
            for caller in ["cis-konin", "ss-blues-hostel"] {
                let run = try await client.call(.get, "/v1/match-runs/1", as: caller).json
                #expect(run["runBy"] == nil && run["objective"] == nil && run["bound"] == nil && run["instanceSha256"] == nil, "\(caller)")
                #expect(run["proposals"] != nil)
                let list = try await client.call(.get, "/v1/match-runs", as: caller).json
                #expect(list.items.allSatisfy { $0["runBy"] == nil })
            }
            let own = try await client.call(.get, "/v1/proposals?limit=1000", as: "ss-blues-hostel").json
            let run = try await client.call(.get, "/v1/match-runs/1", as: "ss-blues-hostel").json
            #expect(run["proposals"] == .number(String(own.items.filter { $0["run"] == 1 }.count)))
        }
    }

    @Test("Failed authentications from one address are throttled, with Retry-After; the right token waits too")
    func throttled() async throws {
        let h = try Harness.make(limits: { var l = Harness.limits; l.authFailures = 5; return l }())
        try await h.test { client in
            for i in 0..<5 {
                #expect(try await client.call(.get, "/v1/participants", as: "kadry_wrong\(i)").status == 401)
            }
            let answer = try await client.exchange(.get, "/v1/participants", as: "kadry_wrong")
            #expect(answer.status == 429 && answer.headers[.retryAfter] != nil)
            #expect(try await client.call(.get, "/v1/participants", as: "cis-konin").status == 429)
            // Open routes stay open.
            #expect(try await client.call(.get, "/healthz", as: nil).status == 200)
        }
    }
}
