import KadryCore

/// Writes records back as spreadsheets, in the columns `kadry import` reads.
public enum SheetExport {
    /// CSV text of `kind` records. With `;` (the default, as Polish Excel
    /// writes), decimals get a decimal comma; with `,`, a point.
    public static func csv(_ records: [JSONObject], kind: RecordKind, delimiter: Character = ";") -> String {
        let columns = kind.columns
        let decimalComma = delimiter != ","
        let rows = records.map { record in
            columns.map { column in
                record.value(at: column.path).map { cell($0, column.cell, decimalComma: decimalComma) } ?? ""
            }
        }
        return CSV.write(header: columns.map(\.name), rows: rows, delimiter: delimiter)
    }

    /// A field as a person reads it in a table (decimal commas, tak/nie, lists with `|`).
    public static func text(_ value: JSONValue, _ kind: Column.Cell) -> String { cell(value, kind, decimalComma: true) }

    static func cell(_ value: JSONValue, _ kind: Column.Cell, decimalComma: Bool) -> String {
        switch (kind, value) {
        case (.flag, .bool(let b)):
            return b ? "tak" : "nie"
        case (.decimal, .number(let literal)):
            return Cells.writeDecimal(literal, decimalComma: decimalComma)
        case (.credentials, .array(let held)):
            return held.compactMap { item -> String? in
                guard case .object(let o) = item, case .string(let code)? = o["code"], case .string(let day)? = o["obtained"] else { return nil }
                return "\(code)@\(day)"
            }.joined(separator: "|")
        case (.requirements, .array(let clauses)):
            return clauses.map { clause in
                guard case .array(let codes) = clause else { return "" }
                return codes.map(plain).joined(separator: "/")
            }.joined(separator: "|")
        case (_, .array(let items)):
            return items.map(plain).joined(separator: "|")
        default:
            return plain(value)
        }
    }

    static func plain(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        case .null: ""
        case .array, .object: JSONWriter.write(value, indent: nil)
        }
    }
}
