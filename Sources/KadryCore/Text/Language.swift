/// The languages Kadry speaks: Polish by default, English on request
/// (`--lang en`, `KADRY_LANG=en`, `Accept-Language: en`).
public enum Language: String, Sendable, CaseIterable {
    case pl, en

    /// The first language of an `Accept-Language` header Kadry speaks (`en-GB,en;q=0.8` → en), or Polish.
    public init(acceptLanguage header: String?) {
        self = .pl
        guard let header else { return }
        var best: (Language, Double)?
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: " ") }
            guard let tag = parts.first?.lowercased() else { continue }
            let code = tag.split(separator: "-").first.map(String.init) ?? tag
            guard let language = Language(rawValue: code) else { continue }
            var q = 1.0
            for p in parts.dropFirst() where p.hasPrefix("q=") { q = Double(p.dropFirst(2)) ?? 0 }
            if q > 0, best == nil || q > best!.1 { best = (language, q) }
        }
        if let best { self = best.0 }
    }

    /// A calendar day in prose: "1 maja 2026", "1 May 2026".
    public func prose(_ day: Day) -> String {
        let (y, m, d) = day.components
        switch self {
        case .pl: return "\(d) \(Language.polishMonths[m - 1]) \(y)"
        case .en: return "\(d) \(Language.englishMonths[m - 1]) \(y)"
        }
    }

    /// A calendar day as a table cell: "01.05.2026" (Polish), "2026-05-01" (English).
    public func cell(_ day: Day) -> String {
        let (y, m, d) = day.components
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        switch self {
        case .pl: return "\(two(d)).\(two(m)).\(y)"
        case .en: return day.description
        }
    }

    static let polishMonths = [
        "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia",
    ]
    static let englishMonths = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        var s = self[...]
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
