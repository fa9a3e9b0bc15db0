import KadryCore

/// The kinds of record a register holds and a spreadsheet can carry.
public enum RecordKind: String, Sendable, CaseIterable, CustomStringConvertible {
    case institutions, cooperatives, participants, programmes, needs

    public var description: String { rawValue }

    /// One record of the kind: "participant", "need", …
    public var singular: String {
        switch self {
        case .institutions: "institution"
        case .cooperatives: "cooperative"
        case .participants: "participant"
        case .programmes: "programme"
        case .needs: "need"
        }
    }

    /// "an institution", "a cooperative", … as the instance reader names a reference.
    var singularArticle: String {
        switch self {
        case .institutions: "an institution"
        case .cooperatives: "a cooperative"
        case .participants: "a participant"
        case .programmes: "a programme"
        case .needs: "a need"
        }
    }

    /// The spreadsheet columns of this kind, in the order `kadry export` writes them.
    public var columns: [Column] {
        switch self {
        case .institutions:
            [.text("id", required: true), .text("kind", required: true), .text("name", required: true), .latitude, .longitude, .locality, .gmina, .powiat, .voivodeship]
        case .cooperatives:
            [.text("id", required: true), .text("name", required: true), .latitude, .longitude, .locality, .gmina, .powiat, .voivodeship]
        case .participants:
            [
                .text("id", required: true), .text("institution", required: true), .text("reference", required: false),
                .latitude, .longitude, .locality, .gmina, .powiat, .voivodeship,
                Column("max_commute_km", ["maxCommuteKm"], .decimal, required: true),
                Column("available_from", ["availableFrom"], .date, required: true),
                Column("hours_per_week", ["hoursPerWeek"], .decimal, required: true),
                Column("education", ["education"], .education, required: true),
                Column("driving_licence", ["drivingLicence"], .flag, required: false),
                Column("clearances", ["clearances"], .list, required: false),
                Column("credentials", ["credentials"], .credentials, required: false),
                Column("preferred_services", ["preferredServices"], .list, required: false),
                Column("excluded_services", ["excludedServices"], .list, required: false),
                Column("programme_ends", ["programmeEnds"], .date, required: false),
            ]
        case .programmes:
            [
                .text("id", required: true), .text("title", required: true), .text("provider", required: true),
                Column("grants", ["grants"], .list, required: true),
                Column("start", ["start"], .date, required: true),
                Column("end", ["end"], .date, required: true),
                Column("seats", ["seats"], .integer, required: true),
                .latitude, .longitude, .locality, .gmina, .powiat, .voivodeship,
                Column("min_education", ["minEducation"], .education, required: false),
                Column("cost_pln", ["costPln"], .decimal, required: false),
            ]
        case .needs:
            [
                .text("id", required: true), .text("cooperative", required: true), .text("service", required: true),
                .text("title", required: true),
                Column("positions", ["positions"], .integer, required: true),
                Column("start", ["start"], .date, required: true),
                Column("hours_per_week", ["hoursPerWeek"], .decimal, required: true),
                .latitude, .longitude, .locality, .gmina, .powiat, .voivodeship,
                Column("requires", ["requires"], .requirements, required: false),
                Column("requires_driving_licence", ["requiresDrivingLicence"], .flag, required: false),
                Column("requires_clearances", ["requiresClearances"], .list, required: false),
                Column("priority", ["priority"], .integer, required: true),
            ]
        }
    }

    /// The Polish header of each column (`kadry template` writes them; import takes them beside the English ones).
    public func polishHeader(_ column: Column) -> String {
        let common = [
            "locality": "miejscowość", "gmina": "gmina", "powiat": "powiat", "voivodeship": "województwo",
            "id": "identyfikator", "lat": "szerokość geograficzna", "lon": "długość geograficzna", "hours_per_week": "godziny tygodniowo",
            "start": "początek",
        ]
        let own: [String: String] = switch self {
        case .institutions: ["kind": "rodzaj", "name": "nazwa"]
        case .cooperatives: ["name": "nazwa"]
        case .participants:
            [
                "institution": "instytucja", "reference": "sygnatura", "max_commute_km": "maksymalny dojazd (km)", "available_from": "dostępny od",
                "education": "wykształcenie", "driving_licence": "prawo jazdy", "clearances": "zaświadczenia", "credentials": "kwalifikacje",
                "preferred_services": "preferowane usługi", "excluded_services": "wykluczone usługi", "programme_ends": "koniec programu",
            ]
        case .programmes:
            [
                "title": "nazwa", "provider": "organizator", "grants": "nadaje kwalifikacje", "end": "koniec", "seats": "miejsca",
                "min_education": "minimalne wykształcenie", "cost_pln": "koszt (zł)",
            ]
        case .needs:
            [
                "cooperative": "spółdzielnia", "service": "usługa", "title": "stanowisko", "positions": "liczba stanowisk",
                "requires": "wymagane kwalifikacje", "requires_driving_licence": "wymagane prawo jazdy",
                "requires_clearances": "wymagane zaświadczenia", "priority": "priorytet",
            ]
        }
        let header = own[column.name] ?? common[column.name] ?? column.name
        return header.prefix(1).uppercased() + header.dropFirst()
    }

    /// The fields a record of this kind keeps; anything else in an import is dropped.
    public var keys: [String] {
        var seen: [String] = []
        for column in columns where !seen.contains(column.path[0]) { seen.append(column.path[0]) }
        return seen
    }
}

/// One spreadsheet column: its header, the field it fills in the spec's shape, and how its cells read.
public struct Column: Sendable {
    public var name: String
    /// The JSON key path in matching-v1's shape (`location.lat` is ["location", "lat"]).
    public var path: [String]
    public var cell: Cell
    public var required: Bool

    public enum Cell: Sendable {
        case text, decimal, integer, date, flag, education
        /// Values separated by `|`.
        case list
        /// `code@date` items separated by `|`: `kzis:341202@2024-05-01|cert:first-aid@01.09.2025`.
        case credentials
        /// Clauses separated by `|`, alternatives within a clause by `/`:
        /// `kzis:341201/kzis:341202|cert:first-aid` is (341201 or 341202) and first aid.
        case requirements
    }

    init(_ name: String, _ path: [String], _ cell: Cell, required: Bool) {
        self.name = name
        self.path = path
        self.cell = cell
        self.required = required
    }

    static func text(_ name: String, required: Bool) -> Column { Column(name, [name], .text, required: required) }
    /// A place is given by coordinates, or by a locality the gazetteer resolves (with a gmina,
    /// powiat or voivodeship where its name is not enough): either, so no column of them is required.
    static let latitude = Column("lat", ["location", "lat"], .decimal, required: false)
    static let longitude = Column("lon", ["location", "lon"], .decimal, required: false)
    static let locality = Column("locality", ["locality"], .text, required: false)
    static let gmina = Column("gmina", ["gmina"], .text, required: false)
    static let powiat = Column("powiat", ["powiat"], .text, required: false)
    static let voivodeship = Column("voivodeship", ["voivodeship"], .text, required: false)

    /// Header cells match whatever their case and separators: `max_commute_km`, `Max commute km`,
    /// `maxCommuteKm`; `Maksymalny dojazd (km)`, `maksymalny_dojazd_km`.
    static func normalised(_ header: String) -> String {
        String(header.lowercased().filter { !"_ -.()".contains($0) })
    }
}

/// Reading and writing single cells the way Polish spreadsheets write them.
enum Cells {
    /// `2026-05-01`, `01.05.2026` or `1.5.2026`, as `YYYY-MM-DD`; also with a midnight time
    /// (`01.05.2026 00:00`, what Excel writes for a date cell).
    static func date(_ text: String) -> String? {
        if let (day, midnight) = dateTime(text) { return midnight ? day : nil }
        if let day = Day(iso: text) { return day.description }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].count == 4, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
            let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]),
            let day = Day(year: y, month: m, day: d)
        else { return nil }
        return day.description
    }

    /// A date followed by a time (`01.05.2026 00:00`, `2026-05-01 00:00:00`): the day, and whether the time is midnight.
    static func dateTime(_ text: String) -> (day: String, midnight: Bool)? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2 else { return nil }
        let time = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(time.count), time.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let day = date(String(parts[0]))
        else { return nil }
        return (day, time.allSatisfy { $0 == "00" })
    }

    /// A decimal with `,` or `.` before the fraction and optional spaces between thousands, as a JSON number literal.
    static func decimal(_ text: String) -> String? {
        var s = String(text.filter { $0 != " " && $0 != "\u{A0}" })
        s = String(s.map { $0 == "," ? "." : $0 })
        var digitsBefore = 0, digitsAfter = 0, point = false
        for (i, c) in s.enumerated() {
            if c == "-" && i == 0 { continue }
            if c == "." && !point {
                point = true
                continue
            }
            guard c.isASCII, c.isNumber else { return nil }
            if point { digitsAfter += 1 } else { digitsBefore += 1 }
        }
        guard digitsBefore > 0, !point || digitsAfter > 0 else { return nil }
        return s
    }

    static func integer(_ text: String) -> String? {
        let digits = text.hasPrefix("-") ? text.dropFirst() : text[...]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return String(text)
    }

    static func flag(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "tak", "t", "yes", "y", "true", "1", "prawda": true
        case "nie", "n", "no", "false", "0", "fałsz": false
        default: nil
        }
    }

    /// The Polish names of education levels, as KIS/CIS forms write them, by the spec's level.
    static let polishEducation: [String: String] = [
        "brak": "none", "niepełne podstawowe": "none",
        "podstawowe": "primary", "gimnazjalne": "primary",
        "zawodowe": "vocational", "zasadnicze zawodowe": "vocational", "zasadnicze": "vocational", "branżowe": "vocational",
        "branżowe i stopnia": "vocational",
        "średnie": "secondary", "średnie ogólnokształcące": "secondary", "średnie zawodowe": "secondary", "średnie techniczne": "secondary",
        "policealne": "secondary", "branżowe ii stopnia": "secondary",
        "wyższe": "higher", "licencjat": "higher", "magister": "higher", "inżynier": "higher",
    ]

    /// Spec slugs or their Polish names.
    static func education(_ text: String) -> String? {
        let polish = polishEducation
        let lower = text.lowercased().split(separator: " ").joined(separator: " ")
        if let level = Education(name: lower) { return level.description }
        return polish[lower]
    }

    static func list(_ text: String, separator: Character = "|") -> [String] {
        text.split(separator: separator).map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
    }

    /// A number literal written back with a decimal comma for `;`-separated (Polish Excel) files.
    static func writeDecimal(_ literal: String, decimalComma: Bool) -> String {
        decimalComma ? String(literal.map { $0 == "." ? "," : $0 }) : literal
    }
}

/// Dates as people type them: `2026-05-01`, `01.05.2026` or `1.5.2026`.
public enum SheetDates {
    public static func parse(_ text: String) -> Day? { Cells.date(text.trimmingSpaces).flatMap(Day.init(iso:)) }
}

/// Yes and no as people type them: tak/nie, yes/no, 1/0.
public enum SheetFlags {
    public static func parse(_ text: String) -> Bool? { Cells.flag(text.trimmingSpaces) }
}

/// A list cell's items (`a|b`), and a level of education as people type it (its code, or the forms' Polish words).
public enum SheetCells {
    public static func list(_ text: String) -> [String] { Cells.list(text) }
    /// A decimal as people type it (`12,5`, `1 000`), as a JSON number literal.
    public static func decimal(_ text: String) -> String? { Cells.decimal(text.trimmingSpaces) }
    public static func education(_ text: String) -> String? { Cells.education(text.trimmingSpaces) }
}

/// The ids the register takes: 1–64 ASCII letters, digits, `-`, `_` and `.`,
/// beginning with a letter or digit. Codes, not names (names keep their
/// diacritics): no spaces, no look-alike or invisible characters (a
/// zero-width space after `P-001` is not another `P-001`), nothing a URL path
/// or a spreadsheet treats specially.
public enum RecordID {
    public static let maxLength = 64
    public static let rule = "1–\(maxLength) letters A–Z, digits, '-', '_' or '.', beginning with a letter or digit"

    public static func isValid(_ id: String) -> Bool {
        let u = id.utf8
        guard let first = u.first, u.count <= maxLength, alphanumeric(first) else { return false }
        return u.allSatisfy { alphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    /// Why `id` is not taken, or nil when it is.
    public static func problem(_ id: String) -> String? {
        isValid(id) ? nil : "\(quoted(id)) is not an id Kadry takes (\(rule))"
    }

    /// The id in quotes, cut short and with invisible characters shown, for a message.
    public static func quoted(_ id: String) -> String {
        var shown = ""
        for scalar in id.unicodeScalars.prefix(maxLength) {
            if scalar.isASCII && scalar.value >= 0x20 && scalar.value < 0x7F { shown.unicodeScalars.append(scalar) }
            else { shown += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}" }
        }
        return "\"\(shown)\"" + (id.unicodeScalars.count > maxLength ? "… (\(id.unicodeScalars.count) characters)" : "")
    }

    private static func alphanumeric(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
    }
}
