/// Words a user reads, kept apart from the code that says them: a key into
/// one table per language (`Messages+pl.swift`, `Messages+en.swift`) and the
/// values to fill in. Errors carry a `Message`, and each shell (the command
/// line, the HTTP service, the pages) renders it in its user's language.
///
/// A template fills `{1}`, `{2}`, … with the arguments in order, and picks a
/// word form by a count with `{1:stanowisko|stanowiska|stanowisk}` (Polish:
/// one, few, many) or `{1:position|positions}` (English: one, other).
public struct Message: Sendable, Equatable, CustomStringConvertible, Error {
    public enum Argument: Sendable, Equatable {
        case text(String)
        /// A date, written in prose in the reader's language ("1 maja 2026").
        case day(Day)
        case count(Int)
        /// Another message, rendered in the same language (a reason inside a refusal).
        indirect case message(Message)
        /// A list of values, joined with commas.
        case list([String])
        /// Messages in a row, joined with semicolons.
        case messages([Message])
    }

    public var key: MessageKey
    public var arguments: [Argument]

    public init(_ key: MessageKey, _ arguments: Argument...) {
        self.key = key
        self.arguments = arguments
    }

    public init(_ key: MessageKey, arguments: [Argument]) {
        self.key = key
        self.arguments = arguments
    }

    public var description: String { text(.pl) }

    public func text(_ language: Language) -> String {
        let template = Messages.table(language)[key] ?? Messages.english[key] ?? key.rawValue
        return Message.fill(template, arguments, language)
    }

    static func fill(_ template: String, _ arguments: [Argument], _ language: Language) -> String {
        var out = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let inside = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            let parts = inside.split(separator: ":", maxSplits: 1)
            guard let n = Int(parts[0]), n >= 1, n <= arguments.count else {
                out += "{\(inside)}"
                continue
            }
            let argument = arguments[n - 1]
            if parts.count == 2 {
                let forms = parts[1].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                let count: Int = if case .count(let c) = argument { c } else { 0 }
                out += form(count, forms, language)
            } else {
                out += render(argument, language)
            }
        }
        out += rest
        return out
    }

    static func render(_ argument: Argument, _ language: Language) -> String {
        switch argument {
        case .text(let s): s
        case .day(let d): language.prose(d)
        case .count(let c): String(c)
        case .message(let m): m.text(language)
        case .list(let items): items.joined(separator: ", ")
        case .messages(let items): items.map { $0.text(language) }.joined(separator: "; ")
        }
    }

    /// The word form for a count: Polish one/few/many (1 osoba, 2 osoby, 5 osób), English one/other.
    static func form(_ n: Int, _ forms: [String], _ language: Language) -> String {
        guard let first = forms.first else { return "" }
        switch language {
        case .pl where forms.count >= 3: return Polish.plural(n, forms[0], forms[1], forms[2])
        default: return n == 1 ? first : forms.last!
        }
    }
}

extension Message.Argument: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    public init(stringLiteral value: String) { self = .text(value) }
}

extension Message.Argument: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self = .count(value) }
}

public enum Messages {
    public static func table(_ language: Language) -> [MessageKey: String] {
        switch language {
        case .pl: polish
        case .en: english
        }
    }
}
