/// Polish wording for the reasons the matcher gives: the committee and the
/// institutions read them in Polish (the quarterly report), so every reason
/// is written in both languages where it is made.
public enum Polish {
    /// The noun form for a count: 1 osoba, 2 osoby, 5 osób (and 22 osoby, 12 osób).
    public static func plural(_ n: Int, _ one: String, _ few: String, _ many: String) -> String {
        if n == 1 { return one }
        let (units, tens) = (n % 10, n % 100)
        return (2...4).contains(units) && !(12...14).contains(tens) ? few : many
    }

    /// A distance with a decimal comma: "12,5 km".
    public static func km(_ d: Double) -> String {
        let tenths = Int((d * 10).rounded())
        return "\(tenths / 10),\(abs(tenths % 10)) km"
    }

    /// A decimal written with a point, with a comma instead: "12,5".
    public static func number(_ text: String) -> String { String(text.map { $0 == "." ? "," : $0 }) }

    /// "1 dzień", "3 dni".
    public static func days(_ n: Int) -> String { "\(n) \(n == 1 ? "dzień" : "dni")" }

    /// A level of education as Polish forms name it.
    public static func education(_ e: Education) -> String {
        switch e {
        case .none: "brak"
        case .primary: "podstawowe"
        case .vocational: "zasadnicze zawodowe"
        case .secondary: "średnie"
        case .higher: "wyższe"
        }
    }

    /// A clearance code in words where it is a known one (the code itself otherwise).
    public static func clearance(_ code: String) -> String {
        code == "criminal-record" ? "zaświadczenie o niekaralności" : code
    }

    /// Up to six names, or five and how many more.
    public static func listing(_ names: [String]) -> String {
        names.count <= 6 ? names.joined(separator: ", ") : listing(first: names.prefix(5), of: names.count)
    }

    /// The names shown, and how many more there are when not all are.
    public static func listing(first: ArraySlice<String>, of total: Int) -> String {
        let more = total - first.count
        return first.joined(separator: ", ") + (more > 0 ? " i \(more) \(plural(more, "inna", "inne", "innych"))" : "")
    }
}
