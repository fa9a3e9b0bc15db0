import Foundation
import HummingbirdTesting
import KadryCore
import KadryStore
import KadryTestSupport
import Testing

/// `GET /v1/{participants,needs}/{id}/reasons`: the stored run's word on one record, by the record's role rules.
@Suite("Reasons from the stored run")
struct ReasonsAPITests {
    @Test("An institution reads its participants' reasons, a cooperative its needs', in Polish or English; nobody else's")
    func reasons() async throws {
        let h = try Harness.make()
        let run = try #require(try h.store.latestRun())
        let document = try #require(try h.store.runs().first)
        #expect(document.id == run)
        // A need the run left open, and a participant it left out, from the register itself.
        let open = try #require(try h.store.records(.needs).compactMap { n -> String? in
            guard case .string(let id)? = n["id"], let why = try h.store.why(.needs, id: id), (why.open ?? 0) > 0 else { return nil }
            return id
        }.first)
        let owner = try #require(try h.store.record(.needs, id: open)?["cooperative"]).stringValue
        let unplaced = try #require(try h.store.records(.participants).compactMap { p -> (String, String)? in
            guard case .string(let id)? = p["id"], case .string(let inst)? = p["institution"], let why = try h.store.why(.participants, id: id),
                !why.reasons.isEmpty else { return nil }
            return (id, inst)
        }.first)
        let answers = try await h.test { client in
            [
                try await client.exchange(.get, "/v1/needs/\(open)/reasons", as: owner),
                try await client.exchange(.get, "/v1/needs/\(open)/reasons", as: owner, language: "en-GB,en;q=0.9"),
                try await client.exchange(.get, "/v1/participants/\(unplaced.0)/reasons", as: unplaced.1),
                try await client.exchange(.get, "/v1/participants/\(unplaced.0)/reasons", as: unplaced.1 == "cis-konin" ? "kis-kramsk" : "cis-konin"),
                try await client.exchange(.get, "/v1/needs/\(open)/reasons", as: owner == "ss-spektrum" ? "ss-blues-hostel" : "ss-spektrum"),
                try await client.exchange(.get, "/v1/participants/\(unplaced.0)/reasons", as: "committee"),
            ]
        }
        #expect(answers.map(\.status) == [200, 200, 200, 404, 404, 200])
        let pl = answers[0].json, en = answers[1].json
        #expect(pl["run"] == .number(String(run)) && pl["open"] != .null)
        guard case .array(let plReasons)? = pl["reasons"], case .array(let enReasons)? = en["reasons"], case .array(let person)? = answers[2].json["reasons"] else {
            Issue.record("no reasons")
            return
        }
        #expect(!plReasons.isEmpty && plReasons.count == enReasons.count && plReasons != enReasons)
        // A cooperative's reasons name no participant.
        let ids = try h.store.records(.participants).compactMap { $0["id"]?.stringValue }
        for case .string(let text) in plReasons + enReasons { #expect(!ids.contains { text.contains($0) }, "\(text)") }
        #expect(!person.isEmpty)
        // The committee's read of a participant's reasons is in the audit log.
        #expect(try h.store.auditLog(entity: "participant", id: unplaced.0).first?.detail == "reasons")
    }
}

extension JSONValue {
    var stringValue: String? { if case .string(let s) = self { s } else { nil } }
}

@Suite("The quarterly report over HTTP")
struct ReportFormatTests {
    @Test("JSON by default; Markdown and CSV with ?format=, Polish by default, English with ?lang=en or Accept-Language")
    func formats() async throws {
        let h = try Harness.make()
        let answers = try await h.test { client in
            [
                try await client.exchange(.get, "/v1/reports/2026Q4", as: "committee"),
                try await client.exchange(.get, "/v1/reports/2026Q4?format=md", as: "committee"),
                try await client.exchange(.get, "/v1/reports/2026Q4?format=csv&lang=en", as: "committee"),
                try await client.exchange(.get, "/v1/reports/2026Q4?format=md", as: "committee", language: "en"),
                try await client.exchange(.get, "/v1/reports/2026Q4?format=pdf", as: "committee"),
                try await client.exchange(.get, "/v1/reports/2026Q4?format=md", as: "ss-spektrum"),
            ]
        }
        #expect(answers.map(\.status) == [200, 200, 200, 200, 400, 403])
        #expect(answers[1].headers[.contentType] == "text/markdown; charset=utf-8")
        #expect(answers[1].json.stringValue?.contains("## 3.2. Sfera 1: Zaspokajanie potrzeb kadrowych") == true)
        #expect(answers[2].headers[.contentType] == "text/csv; charset=utf-8")
        #expect(answers[2].headers[.contentDisposition] == "attachment; filename=\"raport-2026Q4.csv\"")
        #expect(answers[2].json.stringValue?.contains("Cooperation committee quarterly report 2026Q4") == true)
        #expect(answers[3].json.stringValue?.hasPrefix("# Cooperation committee quarterly report") == true)
    }
}

@Suite("The API's language")
struct APILanguageTests {
    @Test("Refusals are in Polish unless the request prefers English")
    func refusals() async throws {
        let h = try Harness.make()
        let answers = try await h.test { client in
            [
                try await client.exchange(.get, "/v1/proposals", as: "nobody"),
                try await client.exchange(.get, "/v1/proposals", as: "nobody", language: "en"),
                try await client.exchange(.get, "/v1/needs/N-404", as: "committee"),
                try await client.exchange(.post, "/v1/needs/N-03/close", as: "ss-blues-hostel", body: #"{"reason": "zamknięta"}"#),
                try await client.exchange(.post, "/v1/needs/N-03/close", as: "ss-blues-hostel", body: #"{"reason": "nope"}"#, language: "en"),
            ]
        }
        #expect(answers.map(\.status) == [401, 401, 404, 422, 422])
        func message(_ i: Int) -> String { answers[i].json["error"]?["message"]?.stringValue ?? "" }
        #expect(message(0) == "token jest nieznany, unieważniony albo wygasł" && message(1) == "the token is unknown, revoked or expired")
        #expect(message(2) == "nie ma rekordu: potrzeba \"N-404\"")
        #expect(message(3).hasPrefix("„zamknięta” nie jest powodem zamknięcia") && message(4).hasPrefix("\"nope\" is not a reason for closing"))
    }
}

@Suite("Places by name over the API")
struct PlacesAPITests {
    @Test("A participant given by locality gets the locality's coordinates; an ambiguous one is refused at its path")
    func locality() async throws {
        let h = try Harness.make()
        let byName = RoleMatrixTests.newParticipant.replacingOccurrences(of: #""location": {"lat": 52.2, "lon": 18.2}"#, with: #""locality": "Kramsk", "location": null"#)
        let ambiguous = RoleMatrixTests.newParticipant.replacingOccurrences(of: #""location": {"lat": 52.2, "lon": 18.2}"#, with: #""locality": "Golina""#)
        let answers = try await h.test { client in
            [
                try await client.exchange(.post, "/v1/participants", as: "cis-konin", body: byName),
                try await client.exchange(.post, "/v1/participants", as: "cis-konin", body: ambiguous, language: "en"),
            ]
        }
        #expect(answers.map(\.status) == [201, 422])
        #expect(answers[0].json["locality"] == .string("Kramsk"))
        #expect(answers[0].json["location"]?["lat"] == .number("52.26469") && answers[0].json["location"]?["lon"] == .number("18.42407"))
        #expect(answers[1].json.errorPath == "locality")
        #expect(answers[1].json["error"]?["message"]?.stringValue?.contains("\"Golina\" names 2 localities") == true)
    }
}
