import KadryCore

extension SheetImport {
    /// One record typed into a web form whose fields are named as the spreadsheet's
    /// columns (`max_commute_km`, `available_from`). It is read as a spreadsheet row is,
    /// so a form and a sheet take the same writing (`01.05.2026`, `12,5`, `tak`), and every
    /// problem is placed at its column's name, where a page shows it beside the field.
    public static func readForm(_ fields: [String: String], kind: RecordKind) -> RecordBatch {
        let known = kind.columns
        var object = JSONObject()
        var problems: [ImportProblem] = []
        var failed: Set<String> = []
        for column in known {
            switch fill(&object, column, raw: (fields[column.name] ?? "").trimmingSpaces) {
            case .read: break
            case .missing:
                problems.append(ImportProblem(place: column.name, Message(.formRequired)))
                failed.insert(column.path[0])
            case .unreadable(let said):
                problems.append(ImportProblem(place: column.name, said))
                failed.insert(column.path[0])
            }
        }
        let fieldColumn = Dictionary(known.enumerated().map { ($1.path.joined(separator: "."), $0 + 1) }, uniquingKeysWith: { a, _ in a })
        var batch = RecordBatch(kind: kind, file: "form", records: [object]) { _, path in
            let c = column(of: path, in: fieldColumn)
            return c > 0 ? known[c - 1].name : ""
        }
        batch.problems = problems
        if !failed.isEmpty { batch.unreadable = [0: failed] }
        return batch
    }
}
