import KadryCore
import Testing

@testable import KadryRegister

@Suite("Spreadsheets")
struct CSVTests {
    @Test("Delimiter, quotes, line ends and blank rows as Excel writes them")
    func parsing() throws {
        let text = "id;name;note\r\n\"a;1\";\"Zakład \"\"Źródło\"\"\";x\r\n;;\r\nb;\"two\nlines\";y\r\n"
        let table = try CSV.parse(text, file: "t.csv")
        #expect(table.delimiter == ";")
        #expect(table.header == ["id", "name", "note"])
        #expect(table.rows == [
            CSVTable.Row(line: 2, cells: ["a;1", "Zakład \"Źródło\"", "x"]),
            CSVTable.Row(line: 4, cells: ["b", "two\nlines", "y"]),
        ])
        #expect(try CSV.parse("a,b\n1,2", file: "c.csv").delimiter == ",")
    }

    @Test("A cell that would start a formula is written as text, read back as it was; numbers stay numbers")
    func formulaInjection() throws {
        let hostile = #"=HYPERLINK("http://x.invalid";"Kliknij")"#
        let text = CSV.write(header: ["a", "b", "c", "d", "e", "f", "g"],
                             rows: [[hostile, "+48 600", "@SUM(A1)", "-3,5", "-2", "\tx", "zwykły"]])
        let row = try #require(try CSV.parse(text, file: "x.csv").rows.first)
        #expect(row.cells == ["'" + hostile, "'+48 600", "'@SUM(A1)", "-3,5", "-2", "'\tx", "zwykły"])
        // Every kind of record Kadry writes: a need titled with a formula, exported and imported again.
        let need: JSONObject = [
            "id": "N-1", "cooperative": "c", "service": "meals", "title": .string(hostile), "positions": 1, "start": "2027-01-01",
            "hoursPerWeek": 20, "location": ["lat": .number("52.2"), "lon": .number("-18.5")], "priority": 3,
        ]
        let csv = SheetExport.csv([need], kind: .needs)
        #expect(csv.contains("\"'=HYPERLINK(") && csv.contains(";-18,5;"))
        let back = try SheetImport.readCSV(Array(csv.utf8), file: "needs.csv", kind: .needs)
        #expect(back.records.first?["title"] == .string(hostile))
    }

    @Test("Broken quoting is reported at its line and column")
    func quotingErrors() {
        #expect(throws: LocatedProblem(file: "f.csv", line: 3, column: 2, message: "a quoted cell starting here is never closed (missing \")")) {
            try CSV.parse("a;b\n1;2\n3;\"open\n", file: "f.csv")
        }
        #expect(throws: LocatedProblem.self) { try CSV.parse("a;b\n\"x\"y;2\n", file: "f.csv") }
    }

    @Test("Windows-1250, UTF-8 with and without BOM decode to the same text")
    func encodings() throws {
        let text = "Zażółć gęślą jaźń; ŁÓDŹ „cytat”"
        let cp1250 = try TextEncoding.encode(text, as: .windows1250).get()
        #expect(cp1250.count == text.count)
        #expect(TextEncoding.decode(cp1250)?.text == text)
        #expect(TextEncoding.decode(cp1250)?.encoding == .windows1250)
        #expect(TextEncoding.decode(Array(text.utf8))?.encoding == .utf8)
        let bom = try TextEncoding.encode(text, as: .utf8).get()
        #expect(bom.prefix(3) == [0xEF, 0xBB, 0xBF])
        #expect(TextEncoding.decode(bom)?.text == text)
        #expect(TextEncoding.decode(try TextEncoding.encode(text, as: .utf16LittleEndian).get())?.text == text)
        #expect(throws: TextEncoding.UnencodableCharacter.self) { try TextEncoding.encode("€ 😀", as: .windows1250).get() }
    }

    @Test("Cells: Polish dates, decimal commas, yes/no, education")
    func cells() {
        #expect(Cells.date("01.05.2026") == "2026-05-01")
        #expect(Cells.date("1.5.2026") == "2026-05-01")
        #expect(Cells.date("2026-05-01") == "2026-05-01")
        #expect(Cells.date("31.02.2026") == nil)
        #expect(Cells.date("05/01/2026") == nil)
        #expect(Cells.decimal("52,2234") == "52.2234")
        #expect(Cells.decimal("2 400") == "2400")
        #expect(Cells.decimal("-18.5") == "-18.5")
        #expect(Cells.decimal("12,") == nil)
        #expect(Cells.decimal("1,2,3") == nil)
        #expect(Cells.flag("TAK") == true)
        #expect(Cells.flag("nie") == false)
        #expect(Cells.flag("maybe") == nil)
        #expect(Cells.education("Średnie") == "secondary")
        #expect(Cells.education("higher") == "higher")
    }
}

@Suite("Code pages")
struct CodePageTests {
    let text = "id;name\r\nkis-1;Klub 'Źródło' w Śremie: ąę śćź ŁÓDŹ\r\n"

    @Test("ISO-8859-2 is told from Windows-1250 by the Polish letters each reads, and read right")
    func latin2() throws {
        let iso = try TextEncoding.encode(text, as: .iso88592).get()
        let windows = try TextEncoding.encode(text, as: .windows1250).get()
        #expect(iso != windows)
        // Before: ISO-8859-2 bytes were read as Windows-1250 ("Źródło" → "¬ródło").
        #expect(TextEncoding.decode(iso)?.text.contains("¬ródło") == true)
        #expect(try TextEncoding.decodeSheet(iso, as: nil).get() == (text, .iso88592))
        #expect(try TextEncoding.decodeSheet(windows, as: nil).get() == (text, .windows1250))
        #expect(try TextEncoding.decodeSheet(iso, as: .iso88592).get().text == text)
        let batch = try SheetImport.readCSV(iso, file: "i.csv", kind: .cooperatives, delimiter: ";")
        #expect(batch.records.first?["name"] == .string("Klub 'Źródło' w Śremie: ąę śćź ŁÓDŹ"))
    }

    @Test("A declared code page that reads letters Polish never holds, or bytes both read differently, are refused naming the options")
    func refused() throws {
        let iso = try TextEncoding.encode(text, as: .iso88592).get()
        guard case .failure(let misread) = TextEncoding.decodeSheet(iso, as: .windows1250) else {
            Issue.record("ISO-8859-2 read as Windows-1250 was accepted")
            return
        }
        #expect(misread.key == .encodingMisread && misread.text(.pl).contains("¬ródło") && misread.text(.pl).contains("iso-8859-2"))
        // "Ś" in ISO-8859-2 (0xA6) and "ś" in Windows-1250 (0x9C) in one file: no one code page reads both as Polish.
        let mixed: [UInt8] = Array("id;name\n1;".utf8) + [0xA6, 0x9C] + Array("\n".utf8)
        guard case .failure(let ambiguous) = TextEncoding.decodeSheet(mixed, as: nil) else {
            Issue.record("a file mixing the code pages was accepted")
            return
        }
        #expect(ambiguous.key == .encodingAmbiguous && ambiguous.text(.pl).contains("wiersz 2"))
        #expect(throws: ImportFailure.self) { try SheetImport.readCSV(mixed, file: "m.csv", kind: .cooperatives) }
    }
}
