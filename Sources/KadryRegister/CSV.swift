/// A spreadsheet saved as CSV: a header row and the rows under it, each row
/// remembering the line it starts on so that problems can name it.
public struct CSVTable: Sendable, Equatable {
    public var delimiter: Character
    public var header: [String]
    /// Rows with at least one non-blank cell (Excel leaves `;;;;` rows behind).
    public var rows: [Row]

    public struct Row: Sendable, Equatable {
        /// The 1-based line the row starts on (a quoted cell may span lines).
        public var line: Int
        public var cells: [String]
    }
}

/// A problem at a place in a text file: `FILE:LINE:COLUMN: message`.
public struct LocatedProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// 1-based column (the spreadsheet's column number); 0 when the problem is the whole line.
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}

public enum CSV {
    /// Delimiters tried when none is given, in order of preference on a tie.
    public static let delimiters: [Character] = [";", ",", "\t"]

    /// Parses CSV text (RFC 4180 quoting; `\n`, `\r\n` or `\r` line ends). The
    /// delimiter, when not given, is whichever of `;`, `,` and tab the header row
    /// uses most (Polish Excel writes `;`).
    public static func parse(_ text: String, file: String, delimiter: Character? = nil) throws(LocatedProblem) -> CSVTable {
        let scalars = Array(text.unicodeScalars)
        let separator = delimiter ?? detectDelimiter(scalars)
        guard let sep = separator.unicodeScalars.first, separator.unicodeScalars.count == 1 else {
            throw LocatedProblem(file: file, line: 1, column: 0, message: "the delimiter must be one character")
        }
        var records: [CSVTable.Row] = []
        var cells: [String] = []
        var cell = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        var i = 0
        var quoted = false, wasQuoted = false
        var quoteLine = 0
        func endCell() {
            cells.append(String(cell))
            cell = String.UnicodeScalarView()
            wasQuoted = false
        }
        func endRecord() {
            endCell()
            records.append(CSVTable.Row(line: recordLine, cells: cells))
            cells = []
        }
        while i < scalars.count {
            let c = scalars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < scalars.count && scalars[i + 1] == "\"" {
                        cell.append("\"")
                        i += 2
                        continue
                    }
                    quoted = false
                    wasQuoted = true
                } else {
                    if c == "\n" || (c == "\r" && (i + 1 >= scalars.count || scalars[i + 1] != "\n")) { line += 1 }
                    cell.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case "\"" where cell.allSatisfy({ $0 == " " }) && !wasQuoted:
                cell = String.UnicodeScalarView()
                quoted = true
                quoteLine = line
            case sep:
                endCell()
            case "\r", "\n":
                if c == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n" { i += 1 }
                endRecord()
                line += 1
                recordLine = line
            default:
                if wasQuoted && c != " " {
                    throw LocatedProblem(
                        file: file, line: line, column: cells.count + 1,
                        message: "unexpected \(String(c).debugDescription) after the closing quote of a quoted cell (a quote inside a cell is written \"\")")
                }
                if !wasQuoted { cell.append(c) }
            }
            i += 1
        }
        if quoted {
            throw LocatedProblem(file: file, line: quoteLine, column: cells.count + 1,
                                 message: "a quoted cell starting here is never closed (missing \")")
        }
        if !cell.isEmpty || !cells.isEmpty || wasQuoted { endRecord() }
        let nonBlank = records.filter { row in row.cells.contains { !$0.trimmingSpaces.isEmpty } }
        guard let header = nonBlank.first else {
            throw LocatedProblem(file: file, line: 1, column: 0, message: "the file is empty (expected a header row)")
        }
        return CSVTable(delimiter: separator, header: header.cells.map(\.trimmingSpaces), rows: Array(nonBlank.dropFirst()))
    }

    private static func detectDelimiter(_ scalars: [Unicode.Scalar]) -> Character {
        var counts: [Unicode.Scalar: Int] = [:]
        var quoted = false
        for c in scalars {
            if c == "\"" { quoted.toggle() }
            if !quoted && (c == "\n" || c == "\r") { break }
            if !quoted { counts[c, default: 0] += 1 }
        }
        var best: Character = ";"
        var bestCount = 0
        for d in delimiters {
            let n = counts[d.unicodeScalars.first!] ?? 0
            if n > bestCount {
                best = d
                bestCount = n
            }
        }
        return best
    }

    /// The characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection rule).
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// A cell a spreadsheet will show as text: one beginning like a formula gets a leading `'`
    /// (Excel's mark for "text"), unless it is a number (`-3,5` stays a number).
    static func neutralised(_ cell: String) -> String {
        guard let first = cell.first, formulaStarts.contains(first), Cells.decimal(cell) == nil else { return cell }
        return "'" + cell
    }

    /// A cell as written, without the `'` `neutralised` put before a formula's first character.
    static func restored(_ cell: String) -> String {
        guard cell.hasPrefix("'"), let second = cell.dropFirst().first, formulaStarts.contains(second) else { return cell }
        return String(cell.dropFirst())
    }

    /// Writes rows as CSV with `\r\n` line ends, quoting cells that need it. A cell
    /// that would start a formula in Excel or LibreOffice is written as text.
    public static func write(header: [String], rows: [[String]], delimiter: Character = ";") -> String {
        var out = ""
        func emit(_ cells: [String]) {
            out += cells.map(neutralised).map { cell in
                let needsQuotes = cell.contains(delimiter) || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")
                    || cell.hasPrefix(" ") || cell.hasSuffix(" ")
                return needsQuotes ? "\"" + cell.replacingAll("\"", with: "\"\"") + "\"" : cell
            }.joined(separator: String(delimiter))
            out += "\r\n"
        }
        emit(header)
        rows.forEach(emit)
        return out
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and no-break spaces.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{A0}" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }

    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
