import Foundation
import Hummingbird
import HummingbirdTesting
import KadryCore
import KadryRegister
import KadryStore
import KadryTestSupport
import NIOCore
import Testing

@testable import KadryServer

/// Who may open which page and send which form: every role against every page and form of the
/// pages, with the status each gets. A changed cell is a changed promise about who sees what.
@Suite("Who sees which page")
struct PageMatrixTests {
    typealias P = PagesTests

    /// The callers, in the order of each row's statuses: the committee, institution cis-konin,
    /// institution kis-kramsk, cooperative ss-blues-hostel, cooperative ss-spektrum, nobody logged in.
    static let callers: [String?] = ["komitet", "cis-konin", "kis-kramsk", "ss-blues-hostel", "ss-spektrum", nil]

    struct Row {
        var method: HTTPRequest.Method
        var uri: String
        /// A urlencoded form (the caller's CSRF token is added), or a multipart upload when `upload` is set.
        var form: [String: String]?
        var upload = false
        var expected: [Int]
    }

    static func get(_ uri: String, _ expected: [Int]) -> Row { Row(method: .get, uri: uri, form: nil, expected: expected) }
    static func post(_ uri: String, _ form: [String: String], _ expected: [Int]) -> Row { Row(method: .post, uri: uri, form: form, expected: expected) }

    func rows(_ h: Harness) -> [Row] {
        let all = [200, 200, 200, 200, 200, 303]
        return [
            // Everyone's.
            Self.get("/", all),
            Self.get("/login", [303, 303, 303, 303, 303, 200]),
            Self.get("/dostepnosc", [200, 200, 200, 200, 200, 200]),
            Self.get("/katalog", all),
            Self.get("/static/kadry.css", [200, 200, 200, 200, 200, 200]),
            Self.get("/propozycje", all),
            Self.get("/propozycje?spoldzielnia=ss-spektrum&instytucja=kis-kramsk&czeka=7&kolejnosc=czas", all),
            // The committee's.
            Self.get("/raport", [200, 403, 403, 403, 403, 303]),
            Self.get("/raport/2026Q4.md", [200, 403, 403, 403, 403, 303]),
            Self.get("/raport/2026Q4.csv", [200, 403, 403, 403, 403, 303]),
            Self.get("/dziennik", [200, 403, 403, 403, 403, 303]),
            Self.get("/co-jesli", [200, 403, 403, 403, 403, 303]),
            Self.get("/nieobsadzone", [200, 403, 403, 403, 403, 303]),
            Self.get("/nieobsadzone?widok=osoby&od=50", [200, 403, 403, 403, 403, 303]),
            Self.post("/co-jesli", ["programme": "T-01"], [422, 403, 403, 403, 403, 303]),
            Self.post("/dopasowanie", ["asOf": "jutro"], [422, 403, 403, 403, 403, 303]),
            Self.post("/propozycje/\(h.bluesProposal)/decyzja", ["decision": "defer", "reason": "more-information-needed"], [200, 403, 403, 403, 403, 303]),
            Self.post("/propozycje/zatwierdz", [:], [422, 403, 403, 403, 403, 303]),
            // Institutions': participants and programmes (the committee reads them).
            Self.get("/uczestnicy", [200, 200, 200, 403, 403, 303]),
            Self.get("/uczestnicy.csv", [200, 200, 200, 403, 403, 303]),
            Self.get("/uczestnicy/P-001", [200, 200, 404, 404, 404, 303]),
            Self.get("/uczestnicy/nowy", [403, 200, 200, 403, 403, 303]),
            Self.get("/uczestnicy/P-001/zmien", [404, 200, 404, 404, 404, 303]),
            Self.get("/uczestnicy/wczytaj", [403, 200, 200, 403, 403, 303]),
            Self.get("/uczestnicy/wzor.csv", [403, 200, 200, 403, 403, 303]),
            Self.post("/uczestnicy/nowy", [:], [403, 422, 422, 403, 403, 303]),
            Self.post("/uczestnicy/P-001/zmien", [:], [404, 422, 404, 404, 404, 303]),
            Self.post("/uczestnicy/P-001/zamknij", ["reason": "nie-wiem"], [403, 422, 404, 403, 403, 303]),
            Row(method: .post, uri: "/uczestnicy/wczytaj", form: [:], upload: true, expected: [403, 422, 422, 403, 403, 303]),
            Self.get("/szkolenia", [200, 200, 200, 403, 403, 303]),
            Self.get("/szkolenia/T-01", [200, 200, 404, 404, 404, 303]),
            Self.get("/szkolenia/nowy", [403, 200, 200, 403, 403, 303]),
            Self.get("/szkolenia/T-01/zmien", [404, 200, 404, 404, 404, 303]),
            Self.post("/szkolenia/T-01/zmien", [:], [404, 422, 404, 404, 404, 303]),
            // Cooperatives': needs, hires and retention.
            Self.get("/potrzeby", [200, 403, 403, 200, 200, 303]),
            Self.get("/potrzeby.csv", [200, 403, 403, 200, 200, 303]),
            Self.get("/potrzeby/N-03", [200, 404, 404, 200, 404, 303]),
            Self.get("/potrzeby/nowy", [403, 403, 403, 200, 200, 303]),
            Self.get("/potrzeby/N-03/zmien", [404, 404, 404, 200, 404, 303]),
            Self.get("/potrzeby/wczytaj", [403, 403, 403, 200, 200, 303]),
            Self.post("/potrzeby/nowy", [:], [403, 403, 403, 422, 422, 303]),
            Self.post("/potrzeby/N-03/zmien", [:], [404, 404, 404, 422, 404, 303]),
            Self.post("/potrzeby/N-03/zamknij", ["reason": "nie-wiem"], [403, 403, 403, 422, 404, 303]),
            Row(method: .post, uri: "/potrzeby/wczytaj", form: [:], upload: true, expected: [403, 403, 403, 422, 422, 303]),
            Self.get("/zatrudnienia", [403, 403, 403, 200, 200, 303]),
            Self.post("/zatrudnienia/\(h.bluesApproved)", ["start": "2027-03-01"], [403, 403, 403, 200, 404, 303]),
            // The 3-month check of a hire starting 1 March 2027 is not due on 2 March: refused even for the owner.
            Self.post("/zatrudnienia/\(h.bluesApproved)/trwalosc", ["months": "3", "employed": "tak"], [403, 403, 403, 422, 404, 303]),
            // Nothing else.
            Self.get("/nie-ma-takiej-strony", [404, 404, 404, 404, 404, 404]),
        ]
    }

    @Test("Every role against every page and form gets the status in the table")
    func matrix() async throws {
        let (h, accounts) = try P.harness()
        let kramsk = try h.store.addAccount(login: "kis.kramsk", organisation: "kis-kramsk", role: .institution, by: "test", cost: 4).password
        let rows = rows(h)
        let seen = try await h.test { client in
            // A session and its CSRF token for each caller.
            var sessions: [String: (cookie: String, csrf: String)] = [:]
            for case let caller? in Self.callers {
                let (login, password) = caller == "kis-kramsk" ? ("kis.kramsk", kramsk) : accounts[caller]!
                let cookie = try #require(try await P.logIn(client.client, login, password))
                let start = try await P.call(client.client, .get, "/", cookies: [Pages.sessionCookie: cookie])
                sessions[caller] = (cookie, PageFormsTests.csrf(start.body))
            }
            var seen: [[Int]] = []
            for row in rows {
                var statuses: [Int] = []
                for caller in Self.callers {
                    let session = caller.flatMap { sessions[$0] }
                    let cookies = session.map { [Pages.sessionCookie: $0.cookie] } ?? [:]
                    if row.upload {
                        let answer = try await PageFormsTests.upload(client.client, row.uri, session: session?.cookie ?? "", csrf: session?.csrf ?? "",
                                                                      file: [])
                        statuses.append(answer.status)
                    } else {
                        let form = row.form.map { $0.merging(["_csrf": session?.csrf ?? ""]) { $1 } }
                        statuses.append(try await P.call(client.client, row.method, row.uri, cookies: cookies, form: form).status)
                    }
                }
                seen.append(statuses)
            }
            return seen
        }
        for (row, statuses) in zip(rows, seen) {
            #expect(statuses == row.expected, "\(row.method) \(row.uri)")
        }
    }
}
