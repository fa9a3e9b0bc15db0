import Foundation
import Hummingbird
import HummingbirdTesting
import KadryCore
import KadryRegister
import KadryStore
import KadryTestSupport
import Testing

@testable import KadryServer

/// Hostile text in every field of every form of the pages: never a 500, never markup of the
/// sender's in a page (what is kept is shown escaped), never a record half written.
@Suite("Web pages: hostile input")
struct HostilePagesTests {
    typealias P = PagesTests

    static let payloads = [
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "'; DROP TABLE participant; --", "=HYPERLINK(\"http://x\",\"y\")",
        String(repeating: "ż", count: 5000), "\u{202E}gnp.exe", "a\u{0}b", "../../etc/passwd", "{{t.logout}}", "%00%3Cscript%3E",
    ]

    /// A page's body carries none of the markup the payloads would inject.
    static func clean(_ body: String) -> Bool {
        !body.contains("<script>alert") && !body.contains("<img src=x") && !body.contains("onerror=alert(1)>")
    }

    @Test("Every field of every record form, every payload: refused or kept, always escaped, never a 500")
    func recordForms() async throws {
        let (h, accounts) = try P.harness()
        let before = try RecordKind.allCases.map { try h.store.records($0).count }
        try await h.test { client in
            for (path, kind, org) in [("/uczestnicy", RecordKind.participants, "cis-konin"), ("/szkolenia", .programmes, "cis-konin"),
                                      ("/potrzeby", .needs, "ss-blues-hostel")] {
                let login = accounts[org]!
                let session = try #require(try await P.logIn(client.client, login.login, login.password))
                let form = try await P.call(client.client, .get, "\(path)/nowy", cookies: [Pages.sessionCookie: session])
                let csrf = PageFormsTests.csrf(form.body)
                let names = kind.columns.map(\.name)
                for payload in Self.payloads {
                    // Every field the same payload, the owner and the id too (which the page sets itself).
                    var fields = Dictionary(uniqueKeysWithValues: names.map { ($0, payload) })
                    fields["_csrf"] = csrf
                    let answer = try await P.call(client.client, .post, "\(path)/nowy", cookies: [Pages.sessionCookie: session], form: fields)
                    // 400: a form past the pages' size limit (the long payload in every field), said so on the page.
                    #expect(answer.status == 422 || answer.status == 400 && payload.count > 1000, "\(path) \(payload.prefix(20)): \(answer.status)")
                    #expect(Self.clean(answer.body), "\(path) \(payload.prefix(20))")
                    // The search box and the filters too.
                    let allowed = CharacterSet.alphanumerics
                    let encoded = payload.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
                    let search = try await P.call(client.client, .get, "\(path)?q=\(encoded)&stan=\(encoded)&sortuj=\(encoded)&od=\(encoded)",
                                                  cookies: [Pages.sessionCookie: session])
                    #expect(search.status == 200 && Self.clean(search.body))
                }
            }
        }
        #expect(try RecordKind.allCases.map { try h.store.records($0).count } == before)
    }

    @Test("Free text fields keep what was typed and show it escaped everywhere it appears")
    func keptEscaped() async throws {
        let (h, accounts) = try P.harness()
        let anna = accounts["cis-konin"]!
        try await h.test { client in
            let session = try #require(try await P.logIn(client.client, anna.login, anna.password))
            let form = try await P.call(client.client, .get, "/uczestnicy/nowy", cookies: [Pages.sessionCookie: session])
            var fields = PageFormsTests.participant
            fields["_csrf"] = PageFormsTests.csrf(form.body)
            fields["reference"] = "\"><img src=x onerror=alert(1)>"
            let saved = try await P.call(client.client, .post, "/uczestnicy/nowy", cookies: [Pages.sessionCookie: session], form: fields)
            #expect(saved.status == 303)
            let location = try #require(saved.headers[.location])
            for uri in [location, "/uczestnicy", "/uczestnicy?q=img", String(location.prefix { $0 != "?" }) + "/zmien"] {
                let page = try await P.call(client.client, .get, uri, cookies: [Pages.sessionCookie: session])
                #expect(page.status == 200 && Self.clean(page.body) && page.body.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), "\(uri)")
            }
        }
    }

    @Test("The other forms: decisions, hires, retention, closing, what if, uploads and the login, with hostile text in every field")
    func otherForms() async throws {
        let (h, accounts) = try P.harness()
        try await h.test { client in
            let committee = try #require(try await P.logIn(client.client, accounts["komitet"]!.login, accounts["komitet"]!.password))
            let coop = try #require(try await P.logIn(client.client, accounts["ss-blues-hostel"]!.login, accounts["ss-blues-hostel"]!.password))
            let cis = try #require(try await P.logIn(client.client, accounts["cis-konin"]!.login, accounts["cis-konin"]!.password))
            func csrf(_ session: String) async throws -> String {
                PageFormsTests.csrf(try await P.call(client.client, .get, "/", cookies: [Pages.sessionCookie: session]).body)
            }
            let (committeeToken, coopToken, cisToken) = (try await csrf(committee), try await csrf(coop), try await csrf(cis))
            for payload in Self.payloads {
                let posts: [(String, String, String, [String])] = [
                    (committee, committeeToken, "/propozycje/\(h.bluesProposal)/decyzja", ["decision", "reason", "note"]),
                    (committee, committeeToken, "/propozycje/zatwierdz", ["ids", "note"]),
                    (committee, committeeToken, "/dopasowanie", ["asOf"]),
                    (committee, committeeToken, "/co-jesli", ["programme", "change"]),
                    (coop, coopToken, "/zatrudnienia/\(h.bluesApproved)", ["start"]),
                    (coop, coopToken, "/zatrudnienia/\(h.bluesApproved)/trwalosc", ["months", "employed"]),
                    (coop, coopToken, "/potrzeby/N-03/zamknij", ["reason", "note"]),
                    (cis, cisToken, "/uczestnicy/P-001/zamknij", ["reason", "note"]),
                ]
                for (session, token, uri, names) in posts {
                    var fields = Dictionary(uniqueKeysWithValues: names.map { ($0, payload) })
                    fields["_csrf"] = token
                    let answer = try await P.call(client.client, .post, uri, cookies: [Pages.sessionCookie: session], form: fields)
                    #expect(([200, 422].contains(answer.status) || answer.status == 400 && payload.count > 1000) && Self.clean(answer.body),
                            "\(uri) \(payload.prefix(20)): \(answer.status)")
                }
                // An upload whose every cell, and its file name, is the payload.
                let header = RecordKind.participants.columns.map(\.name).joined(separator: ";")
                let row = RecordKind.participants.columns.map { _ in payload.replacingOccurrences(of: ";", with: ",") }.joined(separator: ";")
                let upload = try await PageFormsTests.upload(client.client, "/uczestnicy/wczytaj", session: cis, csrf: cisToken,
                                                             file: Array("\(header)\n\(row)\n".utf8), name: payload.replacingOccurrences(of: "\"", with: ""))
                #expect(upload.status == 422 && Self.clean(upload.body), "upload \(payload.prefix(20))")
                // The login form.
                let login = try await P.call(client.client, .get, "/login")
                let token = try #require(login.cookie(Pages.loginCookie))
                let refused = try await P.call(client.client, .post, "/login", cookies: [Pages.loginCookie: token],
                                               form: ["_csrf": token, "login": payload, "password": payload])
                #expect(([401, 429].contains(refused.status) || refused.status == 400 && payload.count > 1000) && Self.clean(refused.body))
            }
        }
        #expect(try h.store.proposal(h.bluesProposal)?.status == "proposed")
        #expect(try h.store.closure(.participants, id: "P-001") == nil && h.store.closure(.needs, id: "N-03") == nil)
    }
}
