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

/// Adding and changing records on the pages, one by one and by spreadsheet: checked as an import
/// is, every problem shown beside its field or at its cell, nothing written on any, another
/// organisation's records out of reach.
@Suite("Web pages: forms and uploads")
struct PageFormsTests {
    typealias P = PagesTests

    static func csrf(_ body: String) -> String {
        body.components(separatedBy: "name=\"_csrf\" value=\"").dropFirst().first.map { String($0.prefix { $0 != "\"" }) } ?? ""
    }

    /// A participant as the form sends it (dates as a date input sends them, services as checkboxes do).
    static let participant: [String: String] = [
        "reference": "CIS/2027/015", "locality": "Ślesin", "powiat": "koniński", "max_commute_km": "25", "available_from": "2027-04-01", "hours_per_week": "40",
        "education": "vocational", "driving_licence": "nie", "clearances": "criminal-record", "credentials": "kzis:341202@15.06.2024",
        "preferred_services": "respite-care|home-care", "programme_ends": "2027-06-30",
    ]

    @Test("An institution adds a participant: bad cells come back beside their fields with what was typed, nothing written; then it is saved and audited")
    func addParticipant() async throws {
        let (h, accounts) = try P.harness()
        let before = try h.store.records(.participants).count
        let anna = accounts["cis-konin"]!
        let created: String = try await h.test { client in
            let cis = try #require(try await P.logIn(client.client, anna.login, anna.password))
            let form = try await P.call(client.client, .get, "/uczestnicy/nowy", cookies: [Pages.sessionCookie: cis])
            #expect(form.status == 200 && form.body.contains("<h1>Dodaj uczestnika</h1>"))
            #expect(form.body.contains("<label for=\"f-max_commute_km\">Maksymalny dojazd (km) <span class=\"required\">(wymagane)</span></label>"))
            #expect(form.body.contains("type=\"checkbox\" id=\"f-clearances-0\" name=\"clearances\" value=\"criminal-record\""))
            #expect(!form.body.contains("name=\"institution\"") && !form.body.contains("name=\"id\""))
            var bad = Self.participant
            bad["max_commute_km"] = "dwadzieścia"
            bad["available_from"] = ""
            bad["reference"] = "<script>alert(1)</script>"
            bad["_csrf"] = Self.csrf(form.body)
            let refused = try await P.call(client.client, .post, "/uczestnicy/nowy", cookies: [Pages.sessionCookie: cis], form: bad)
            #expect(refused.status == 422)
            #expect(refused.body.contains("Nie zapisano: 2 pola wymagają poprawy."))
            #expect(refused.body.contains("<p class=\"error\" id=\"f-max_commute_km-error\">„dwadzieścia” nie jest liczbą"))
            #expect(refused.body.contains("<p class=\"error\" id=\"f-available_from-error\">Wypełnij to pole.</p>"))
            #expect(refused.body.contains("aria-invalid=\"true\" aria-describedby=\"f-max_commute_km-hint f-max_commute_km-error\""))
            #expect(refused.body.contains("value=\"dwadzieścia\"") && refused.body.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""))
            #expect(!refused.body.contains("<script>"))
            #expect(refused.body.contains("value=\"home-care\" checked"))
            // The owner cannot be chosen: another institution named in the form is ignored.
            var good = Self.participant
            good["_csrf"] = Self.csrf(form.body)
            good["institution"] = "kis-kramsk"
            let saved = try await P.call(client.client, .post, "/uczestnicy/nowy", cookies: [Pages.sessionCookie: cis], form: good)
            #expect(saved.status == 303)
            let location = try #require(saved.headers[.location])
            #expect(location.hasPrefix("/uczestnicy/P-") && location.hasSuffix("?zapisano=1"))
            let page = try await P.call(client.client, .get, location, cookies: [Pages.sessionCookie: cis])
            #expect(page.status == 200 && page.body.contains("Zapisano.") && page.body.contains("CIS/2027/015"))
            return String(location.dropFirst("/uczestnicy/".count).prefix { $0 != "?" })
        }
        #expect(try h.store.records(.participants).count == before + 1)
        let record = try #require(try h.store.record(.participants, id: created))
        #expect(record["institution"] == "cis-konin" && record["maxCommuteKm"] == .number("25") && record["availableFrom"] == "2027-04-01")
        #expect(record["preferredServices"] == .array(["respite-care", "home-care"]) && record["clearances"] == .array(["criminal-record"]))
        #expect(record["location"] != nil)  // the locality resolved to a place
        #expect(try h.store.auditLog(entity: "participant").contains { $0.action == "insert" && $0.entityID == created && $0.actor.contains("anna.cis") })
    }

    @Test("Changing a record: its form holds what the register holds; a cooperative changes its need; nobody changes another's")
    func editRecords() async throws {
        let (h, accounts) = try P.harness()
        let need = try #require(try h.store.records(.needs).first { $0["cooperative"] == "ss-spektrum" }?["id"]?.stringValue)
        try await h.test { client in
            let coop = try #require(try await P.logIn(client.client, accounts["ss-spektrum"]!.login, accounts["ss-spektrum"]!.password))
            let form = try await P.call(client.client, .get, "/potrzeby/\(need)/zmien", cookies: [Pages.sessionCookie: coop])
            #expect(form.status == 200 && form.body.contains("<h1>Potrzeba \(need): zmiana danych</h1>"))
            #expect(form.body.contains("<option value=\"respite-care\"") && form.body.contains(" selected>"))
            // Send the form back with more positions and a clearer title.
            var fields: [String: String] = ["_csrf": Self.csrf(form.body)]
            for name in ["service", "title", "positions", "start", "hours_per_week", "locality", "gmina", "powiat", "voivodeship", "lat", "lon",
                         "requires", "requires_driving_licence", "priority"] {
                fields[name] = Self.value(of: name, in: form.body)
            }
            fields["title"] = "Opiekun wytchnieniowy (weekendy)"
            fields["positions"] = "3"
            let saved = try await P.call(client.client, .post, "/potrzeby/\(need)/zmien", cookies: [Pages.sessionCookie: coop], form: fields)
            #expect(saved.status == 303, "\(saved.body)")
            // Another cooperative's need, an institution on needs: not found, forbidden.
            let blues = try #require(try await P.logIn(client.client, accounts["ss-blues-hostel"]!.login, accounts["ss-blues-hostel"]!.password))
            #expect(try await P.call(client.client, .get, "/potrzeby/\(need)/zmien", cookies: [Pages.sessionCookie: blues]).status == 404)
            let other = try await P.call(client.client, .get, "/potrzeby", cookies: [Pages.sessionCookie: blues])
            #expect(try await P.call(client.client, .post, "/potrzeby/\(need)/zmien", cookies: [Pages.sessionCookie: blues],
                                     form: fields.merging(["_csrf": Self.csrf(other.body)]) { $1 }).status == 404)
            let cis = try #require(try await P.logIn(client.client, accounts["cis-konin"]!.login, accounts["cis-konin"]!.password))
            #expect(try await P.call(client.client, .get, "/potrzeby/nowy", cookies: [Pages.sessionCookie: cis]).status == 403)
            let committee = try #require(try await P.logIn(client.client, accounts["komitet"]!.login, accounts["komitet"]!.password))
            #expect(try await P.call(client.client, .get, "/uczestnicy/nowy", cookies: [Pages.sessionCookie: committee]).status == 403)
        }
        let record = try #require(try h.store.record(.needs, id: need))
        #expect(record["locality"] == "Kramsk" || record["location"] != nil)
        #expect(record["positions"] == .number("3") && record["title"] == "Opiekun wytchnieniowy (weekendy)" && record["cooperative"] == "ss-spektrum")
    }

    /// The value a form shows for a field: an input's value, or a select's chosen option.
    static func value(of name: String, in body: String) -> String {
        if let input = body.components(separatedBy: "name=\"\(name)\" value=\"").dropFirst().first {
            return decode(String(input.prefix { $0 != "\"" }))
        }
        guard let select = body.components(separatedBy: "name=\"\(name)\"").dropFirst().first?.components(separatedBy: "</select>").first,
            let chosen = select.components(separatedBy: "<option value=\"").first(where: { $0.contains(" selected>") })
        else { return "" }
        return decode(String(chosen.prefix { $0 != "\"" }))
    }

    static func decode(_ html: String) -> String {
        html.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// A page's upload form as a browser sends it.
    static func upload(_ client: some TestClientProtocol, _ path: String, session: String, csrf: String?, file: [UInt8], name: String = "uczestnicy.csv")
        async throws -> P.Answer
    {
        let boundary = "----kadry\(UInt32.random(in: 0...UInt32.max))"
        var body: [UInt8] = []
        if let csrf { body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n".utf8) }
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"plik\"; filename=\"\(name)\"\r\nContent-Type: text/csv\r\n\r\n".utf8)
        body += file
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        let headers: HTTPFields = [.cookie: "\(Pages.sessionCookie)=\(session)", .contentType: "multipart/form-data; boundary=\(boundary)"]
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body)) { response in
            P.Answer(status: Int(response.status.code), headers: response.headers, body: String(buffer: response.body))
        }
    }

    @Test("A spreadsheet upload: every problem at its row and column, nothing written on any; rows without an id added, with one changed")
    func uploadSheet() async throws {
        let (h, accounts) = try P.harness()
        let before = try h.store.records(.participants)
        let ownID = try #require(before.first { $0["institution"] == "cis-konin" }?["id"]?.stringValue)
        let othersID = try #require(before.first { $0["institution"] == "kis-kramsk" }?["id"]?.stringValue)
        let header = "Identyfikator;Instytucja;Sygnatura;Miejscowość;Maksymalny dojazd (km);Dostępny od;Godziny tygodniowo;Wykształcenie\n"
        try await h.test { client in
            let cis = try #require(try await P.logIn(client.client, accounts["cis-konin"]!.login, accounts["cis-konin"]!.password))
            let form = try await P.call(client.client, .get, "/uczestnicy/wczytaj", cookies: [Pages.sessionCookie: cis])
            #expect(form.status == 200 && form.body.contains("enctype=\"multipart/form-data\"") && form.body.contains("<label for=\"plik\">"))
            let csrf = Self.csrf(form.body)
            // Another institution's id, another institution named, a number that is none: all three listed, nothing written.
            let bad = header + "\(othersID);;A/1;Konin;20;01.04.2027;40;średnie\n;kis-kramsk;A/2;Konin;dużo;01.04.2027;40;średnie\n"
            let refused = try await Self.upload(client.client, "/uczestnicy/wczytaj", session: cis, csrf: csrf, file: Array(bad.utf8))
            #expect(refused.status == 422)
            #expect(refused.body.contains("Nic nie zapisano: arkusz ma 3 problemy."))
            #expect(refused.body.contains("<td>wiersz 2, kolumna A</td><td>„\(othersID)” nie jest identyfikatorem żadnego z Waszych rekordów"))
            #expect(refused.body.contains("<td>wiersz 3, kolumna B</td><td>„kis-kramsk” nie jest Waszą organizacją („cis-konin”)"))
            #expect(refused.body.contains("<td>wiersz 3, kolumna E</td>"))
            #expect(try h.store.records(.participants) == before)
            // Good rows: one new (no id), one of its own changed.
            let good = header + ";;NOWY/1;Konin;20;01.04.2027;40;średnie\n\(ownID);cis-konin;ZMIANA/1;Konin;30;01.04.2027;40;średnie\n"
            let done = try await Self.upload(client.client, "/uczestnicy/wczytaj", session: cis, csrf: csrf, file: Array(good.utf8))
            #expect(done.status == 200 && done.body.contains("Wczytano plik uczestnicy.csv: dodano 1, zmieniono 1, bez zmian 0."), "\(done.body)")
            // Without the token, from Excel's own format, empty: refused with a reason.
            #expect(try await Self.upload(client.client, "/uczestnicy/wczytaj", session: cis, csrf: nil, file: Array(good.utf8)).status == 403)
            let xlsx = try await Self.upload(client.client, "/uczestnicy/wczytaj", session: cis, csrf: csrf, file: [0x50, 0x4B, 0x03, 0x04, 0, 0])
            #expect(xlsx.status == 422 && xlsx.body.contains("To plik Excela (.xlsx)."))
            #expect(try await Self.upload(client.client, "/uczestnicy/wczytaj", session: cis, csrf: csrf, file: []).status == 422)
            // A cooperative cannot upload participants.
            let coop = try #require(try await P.logIn(client.client, accounts["ss-spektrum"]!.login, accounts["ss-spektrum"]!.password))
            #expect(try await Self.upload(client.client, "/uczestnicy/wczytaj", session: coop, csrf: csrf, file: Array(good.utf8)).status == 403)
            // The template: Polish headers, the organisation filled in, no id.
            let template = try await P.call(client.client, .get, "/uczestnicy/wzor.csv", cookies: [Pages.sessionCookie: cis])
            #expect(template.status == 200 && template.body.contains("Identyfikator;Instytucja;Sygnatura") && template.body.contains("\n;cis-konin;CIS/2026/001"))
        }
        let after = try h.store.records(.participants)
        #expect(after.count == before.count + 1)
        #expect(after.contains { $0["reference"] == "NOWY/1" && $0["institution"] == "cis-konin" })
        #expect(try h.store.record(.participants, id: ownID)?["reference"] == "ZMIANA/1")
        #expect(try h.store.record(.participants, id: othersID) == before.first { $0["id"]?.stringValue == othersID })
        // The audit log names the page's upload, not the file (whose name may name a person).
        let imported = try h.store.auditLog(entity: "participant").filter { $0.actor.contains("anna.cis") && $0.action != "read" }
        #expect(imported.count == 2 && imported.allSatisfy { $0.detail?.hasPrefix("imported from upload") == true })
    }

    @Test("Multipart bodies: well formed parts read, anything malformed nil, never a crash")
    func multipart() {
        let body = Array("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"p.csv\"\r\n\r\n1;2\r\n3\r\n--b--\r\n".utf8)
        let parts = Multipart.parse(body, boundary: "b")
        #expect(parts?.map(\.name) == ["a", "f"] && parts?[1].filename == "p.csv" && parts?[1].body == Array("1;2\r\n3".utf8))
        #expect(Multipart.boundary("multipart/form-data; boundary=\"x y\"") == "x y")
        #expect(Multipart.boundary("application/json") == nil && Multipart.boundary("multipart/form-data") == nil)
        for cut in 0..<body.count { _ = Multipart.parse(Array(body.prefix(cut)), boundary: "b") }
        #expect(Multipart.parse(Array("--b\r\nX: y\r\n\r\nz\r\n--b--".utf8), boundary: "b") == nil)
        var random = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let noise = (0..<Int.random(in: 0...64, using: &random)).map { _ in [UInt8]("-b\r\n\"=;:x".utf8).randomElement(using: &random)! }
            _ = Multipart.parse(noise, boundary: "b")
        }
    }

    @Test("Moving a record to another place by name: the new place is looked up, not the old coordinates kept")
    func movedPlace() async throws {
        let (h, accounts) = try P.harness()
        let anna = accounts["cis-konin"]!
        try await h.test { client in
            let cis = try #require(try await P.logIn(client.client, anna.login, anna.password))
            // Added in Ślesin, by name: the gazetteer gives it Ślesin's coordinates.
            let form = try await P.call(client.client, .get, "/uczestnicy/nowy", cookies: [Pages.sessionCookie: cis])
            let added = try await P.call(client.client, .post, "/uczestnicy/nowy", cookies: [Pages.sessionCookie: cis],
                                         form: Self.participant.merging(["_csrf": Self.csrf(form.body)]) { $1 })
            let id = String(try #require(added.headers[.location]).dropFirst("/uczestnicy/".count).prefix { $0 != "?" })
            let before = try #require(try h.store.record(.participants, id: id))
            // Its form, sent back with another locality and the coordinates as shown.
            let edit = try await P.call(client.client, .get, "/uczestnicy/\(id)/zmien", cookies: [Pages.sessionCookie: cis])
            var fields: [String: String] = ["_csrf": Self.csrf(edit.body)]
            for column in RecordKind.participants.columns where column.name != "id" && column.name != "institution" {
                fields[column.name] = Self.value(of: column.name, in: edit.body)
            }
            #expect(!(fields["lat"] ?? "").isEmpty)
            fields["locality"] = "Kramsk"
            fields["powiat"] = ""
            fields["clearances"] = "criminal-record"
            let saved = try await P.call(client.client, .post, "/uczestnicy/\(id)/zmien", cookies: [Pages.sessionCookie: cis], form: fields)
            #expect(saved.status == 303, "\(saved.body)")
            let after = try #require(try h.store.record(.participants, id: id))
            #expect(after["locality"] == "Kramsk" && after["location"] != before["location"])
        }
    }
}
