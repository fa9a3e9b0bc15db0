import KadryCore

/// Empty spreadsheets for a new user to fill in: the Polish column headers
/// `kadry import` reads, and one example row (of the sample register's
/// Konin subregion) that shows how each cell is written.
public enum SheetTemplate {
    /// The example row, by column name.
    public static func example(_ kind: RecordKind) -> [String: String] {
        switch kind {
        case .institutions:
            ["id": "cis-przyklad", "kind": "CIS", "name": "Centrum Integracji Społecznej w Przykładowie", "locality": "Konin"]
        case .cooperatives:
            ["id": "ss-przyklad", "name": "Spółdzielnia Socjalna „Przykład”", "locality": "Kramsk"]
        case .participants:
            [
                "id": "P-001", "institution": "cis-konin", "reference": "CIS/2026/001", "locality": "Ślesin", "powiat": "koniński",
                "max_commute_km": "25", "available_from": "01.03.2027", "hours_per_week": "40", "education": "zasadnicze zawodowe",
                "driving_licence": "nie", "clearances": "zaświadczenie o niekaralności", "credentials": "kzis:341202@15.06.2024",
                "preferred_services": "usługa wytchnieniowa", "excluded_services": "", "programme_ends": "30.06.2027",
            ]
        case .programmes:
            [
                "id": "T-01", "title": "Kurs opiekuna osoby starszej", "provider": "cis-konin", "grants": "kzis:341202|cert:first-aid",
                "start": "04.01.2027", "end": "26.02.2027", "seats": "6", "locality": "Konin", "min_education": "podstawowe", "cost_pln": "2400",
            ]
        case .needs:
            [
                "id": "N-01", "cooperative": "ss-blues-hostel", "service": "respite-care", "title": "Opiekun wytchnieniowy",
                "positions": "2", "start": "01.03.2027", "hours_per_week": "40", "locality": "Konin",
                "requires": "kzis:341201/kzis:341202|cert:first-aid", "requires_driving_licence": "nie",
                "requires_clearances": "zaświadczenie o niekaralności", "priority": "4",
            ]
        }
    }

    /// The template as CSV text (`;`, as Polish Excel writes it; the caller adds the byte-order mark),
    /// with `filled` cells of the example row replaced (a page's template: no id, the organisation's own).
    public static func csv(_ kind: RecordKind, filled: [String: String] = [:]) -> String {
        let columns = kind.columns
        let row = example(kind).merging(filled) { $1 }
        return CSV.write(header: columns.map { kind.polishHeader($0) }, rows: [columns.map { row[$0.name] ?? "" }], delimiter: ";")
    }
}
