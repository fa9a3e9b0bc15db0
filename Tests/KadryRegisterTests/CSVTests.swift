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
