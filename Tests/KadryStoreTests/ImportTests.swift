import Foundation
import KadryCore
import KadryRegister
import KadryStore
import KadryTestSupport
import Testing

@Suite("Spreadsheet import")
struct ImportTests {
    static let header = "id;institution;reference;lat;lon;max_commute_km;available_from;hours_per_week;education;driving_licence;clearances;credentials;preferred_services;excluded_services;programme_ends"
    static let good = "P-900;cis-konin;A/1;52,2;18,2;20;01.03.2027;40;średnie;tak;criminal-record;kzis:341202@2024-05-01;;;"

    func counts(_ store: Register) throws -> [Int] { try store.counts().map(\.count) }

    @Test("The samples import in both encodings and delimiters and give back the demo register")
    func samples() throws {
        let clock = TestClock("2026-11-20")
        let store = try Samples.register(clock: clock)
        #expect(try counts(store) == [3, 9, 40, 7, 16])
        // participants.csv is Windows-1250 with Polish dates and education names; cooperatives.csv uses ','.
        let participants = try store.records(.participants)
        #expect(participants.first?["reference"] == "CIS-KONIN/2026/001")
        #expect(participants.first?["education"] == "vocational")
        let demo = try Fixtures.reader.read(Fixtures.bytes(Fixtures.repositoryRoot.appendingPathComponent("Catalog/demo/konin-grudziadz.json")))
        let rebuilt = try Fixtures.reader.read(try store.instanceDocument(asOf: Day(iso: "2026-12-01")))
        #expect(rebuilt.participants.map(\.id).sorted() == demo.participants.map(\.id).sorted())
        for p in demo.participants {
            let q = rebuilt.participants.first { $0.id == p.id }!
            #expect(q.location == p.location && q.availableFrom == p.availableFrom && q.credentials.count == p.credentials.count
                    && q.education == p.education && q.programmeEnds == p.programmeEnds && q.preferredServices == p.preferredServices)
        }
        for n in demo.needs {
            let m = rebuilt.needs.first { $0.id == n.id }!
            #expect(m.requires == n.requires && m.positions == n.positions && m.start == n.start && m.location == n.location)
        }
        // The institution's reference stays in the register, out of the placement problem.
        guard case .object(let document) = try store.instanceDocument(), case .array(let list)? = document["participants"],
            case .object(let first)? = list.first
        else { Issue.record("no participants in the instance"); return }
        #expect(first["reference"] == nil)
    }

    @Test("Exporting and importing again changes nothing; a changed row is an audited update")
    func upsert() throws {
        let clock = TestClock("2026-11-20")
        let store = try Samples.register(clock: clock)
        for kind in RecordKind.allCases {
            for delimiter: Character in [";", ","] {
                let text = SheetExport.csv(try store.records(kind), kind: kind, delimiter: delimiter)
                let again = try store.importRecords(try Samples.csv(text, kind: kind), vocabulary: Samples.vocabulary, actor: "test")
                let total = try store.records(kind).count
                #expect(again.added.isEmpty && again.updated.isEmpty && again.unchanged == total, "\(kind) \(delimiter)")
            }
        }
        let changed = try store.importRecords(
            try Samples.csv(Self.header + "\n" + Self.good.replacingOccurrences(of: "P-900", with: "P-001"), kind: .participants),
            vocabulary: Samples.vocabulary, actor: "anna")
        #expect(changed.updated == ["P-001"])
        let audit = try store.writer.read { db in try String.fetchAll(db, sql: "SELECT actor || ' ' || action || ' ' || entity_id FROM audit ORDER BY id DESC LIMIT 1") }
        #expect(audit == ["anna update P-001"])
    }

    @Test("Every kind of bad cell is reported at FILE:LINE:COLUMN and nothing is written")
    func badCells() throws {
        let store = try Samples.register(clock: TestClock("2026-11-20"))
        let before = try counts(store)
        let rows = [
            Self.good,
            "P-901;cis-konin;;52,2;18,2;20;31.02.2027;40;średnie;tak;;;;;",  // line 3: no such date
            "P-902;cis-konin;;95,0;18,2;20;01.03.2027;40;średnie;tak;;;;;",  // line 4: not a latitude
            "P-903;cis-nowhere;;52,2;18,2;20;01.03.2027;40;średnie;tak;;;;;",  // line 5: unknown institution
            "P-904;cis-konin;;52,2;18,2;20;01.03.2027;40;średnie;tak;;kzis:34120@2024-01-01;;;",  // line 6: malformed code
            "P-905;cis-konin;;52,2;18,2;20;01.03.2027;40;doktorantka;tak;;;;;",  // line 7: education
            "P-906;cis-konin;;52,2;18,2;20;01.03.2027;40;średnie;może;;;;;",  // line 8: yes/no
            "P-907;cis-konin;;52,2;18,2;20;01.03.2027;;średnie;tak;;;;;",  // line 9: empty required cell
            "P-908;cis-konin;;52,2;18,2;20;01.03.2027;40;średnie;tak;;kzis:341202;;;",  // line 10: credential without date
            "P-909;cis-konin;;52,2;18,2;20;01.03.2027;200;średnie;tak;;;;;",  // line 11: hours out of range
            "P-900;cis-konin;;52,2;18,2;20;01.03.2027;40;średnie;tak;;;;;",  // line 12: duplicate id
            "P-910;cis-konin;;52,2;18,2;20;01.03.2027;40;średnie;tak;;;;;;extra",  // line 13: a cell with no header
        ]
        let text = ([Self.header] + rows).joined(separator: "\r\n")
        var places: [String] = []
        do {
            let batch = try Samples.csv(text, kind: .participants)
            _ = try store.importRecords(batch, vocabulary: Samples.vocabulary, actor: "test")
            Issue.record("the bad file was accepted")
        } catch let failure as ImportFailure {
            places = failure.problems.map(\.place)
            #expect(failure.problems.first { $0.place == "bad.csv:3:7" }?.message == "available_from: „31.02.2027” nie jest datą (np. 01.05.2026 albo 2026-05-01)")
            #expect(failure.problems.first { $0.place == "bad.csv:8:10" }?.said.text(.en).contains("is not yes or no") == true)
        }
        // Every problem at once, cells' and rules', in file order; each at its line and column.
        #expect(places == ["bad.csv:3:7", "bad.csv:4:4", "bad.csv:5:2", "bad.csv:6:12", "bad.csv:7:9", "bad.csv:8:10", "bad.csv:9:8",
                           "bad.csv:10:12", "bad.csv:11:8", "bad.csv:12:1", "bad.csv:13:16"])
        // The rules alone, still at the spreadsheet's line and column.
        let semantic = [Self.good] + [rows[2], rows[3], rows[4], rows[9], rows[10]]
        do {
            _ = try store.importRecords(try Samples.csv(([Self.header] + semantic).joined(separator: "\n"), kind: .participants),
                                        vocabulary: Samples.vocabulary, actor: "test")
            Issue.record("the bad file was accepted")
        } catch let failure as ImportFailure {
            #expect(failure.problems.map(\.place) == ["bad.csv:3:4", "bad.csv:4:2", "bad.csv:5:12", "bad.csv:6:8", "bad.csv:7:1"])
            #expect(failure.problems[0].said.text(.en).contains("is not a latitude"))
            #expect(failure.problems[1].message == "„cis-nowhere” nie jest identyfikatorem instytucji w rejestrze (najpierw zaimportuj instytucje)")
            #expect(failure.problems[4].said == Message(.duplicateIDLine, "P-900", "2"))
        }
        #expect(try counts(store) == before)
    }

    @Test("File-level problems: missing columns, broken quotes, bad JSON")
    func badFiles() throws {
        // Missing columns are named with the header found, each once, beside every other problem of the file.
        let empty = try Register.inMemory()
        let missing = #expect(throws: ImportFailure.self) {
            try empty.importRecords(try Samples.csv("Numer;Ośrodek\nP-1;cis-konin\n", kind: .participants),
                                    vocabulary: Samples.vocabulary, actor: "test")
        }
        // id, institution, max_commute_km, available_from, hours_per_week, education; the header; no place on line 2
        #expect(missing?.problems.count == 8)
        #expect(missing?.problems.contains { $0.message == "nagłówek pliku zawiera: „Numer”, „Ośrodek”" } == true)
        #expect(missing?.problems.last?.said == Message(.placeMissing))
        do {
            _ = try Samples.csv("id;kind;name;lat;lon\ncis-x;CIS;\"Centrum;52;18\n", kind: .institutions)
        } catch let failure as ImportFailure {
            #expect(failure.problems.map(\.description) == ["bad.csv:2:3: a quoted cell starting here is never closed (missing \")"])
        }
        do {
            _ = try Samples.csv("id;kind;name;lat;lon;lat\n", kind: .institutions)
        } catch let failure as ImportFailure {
            #expect(failure.problems.map(\.place) == ["bad.csv:1:6"])
        }
        do {
            _ = try SheetImport.readJSON(Array("[{\"id\": 1,".utf8), file: "x.json", kind: .institutions)
            Issue.record("malformed JSON was accepted")
        } catch {
            #expect(error.problems.first?.place == "x.json:1:11")
        }
        let store = try Samples.register(clock: TestClock("2026-11-20"))
        let json = #"{"institutions": [{"id": "kis-x", "kind": "KIS", "name": "KIS X", "location": {"lat": 52, "lon": 200}}]}"#
        do {
            _ = try store.importRecords(try SheetImport.readJSON(Array(json.utf8), file: "x.json", kind: .institutions),
                                        vocabulary: Samples.vocabulary, actor: "test")
            Issue.record("the bad file was accepted")
        } catch let failure as ImportFailure {
            #expect(failure.problems.map { $0.text(.en) } == ["x.json: institutions[0].location.lon: 200 is not a longitude (expected -180…180)"])
            #expect(failure.problems.map(\.description) == ["x.json: institutions[0].location.lon: 200 nie jest długością geograficzną (od -180 do 180)"])
        }
    }

    @Test("A dry run writes nothing")
    func dryRun() throws {
        let store = try Samples.register(clock: TestClock("2026-11-20"))
        let before = try counts(store)
        let summary = try store.importRecords(try Samples.csv(Self.header + "\n" + Self.good, kind: .participants),
                                              vocabulary: Samples.vocabulary, actor: "test", dryRun: true)
        #expect(summary.added == ["P-900"])
        #expect(try counts(store) == before)
    }

    @Test("A new file gets the whole schema; the audit log refuses changes")
    func migrations() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kadry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("kadry.sqlite").path
        #expect(throws: RegisterError.notFound(path)) { try Register.open(path: path) }
        let store = try Register.open(path: path, create: true)
        #expect(try store.schemaVersion() == "6-alternatives")
        let health = try store.health()
        #expect(health.integrity == "ok")
        #expect(health.counts.count == 16 && health.counts.allSatisfy { $0.rows == 0 })
        #expect(try store.writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
        #expect(try store.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") } == 1)
        _ = try store.importRecords(try Samples.batch(.institutions), vocabulary: Samples.vocabulary, actor: "test")
        #expect(throws: (any Error).self) { try store.writer.write { db in try db.execute(sql: "UPDATE audit SET actor = 'x'") } }
        #expect(throws: (any Error).self) { try store.writer.write { db in try db.execute(sql: "DELETE FROM audit") } }
        // Opening again runs no migration twice and keeps the data.
        let again = try Register.open(path: path)
        #expect(try again.counts().first?.count == 3)
    }
}
