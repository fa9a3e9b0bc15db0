import KadryCore
import Testing

@Suite("The message tables")
struct MessageTests {
    /// The placeholders of a template: `{1}`, and `{2:…}` counted as `{2}`.
    func placeholders(_ template: String) -> Set<String> {
        var found: Set<String> = []
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let inside = rest[rest.index(after: open)..<close]
            if let n = inside.split(separator: ":").first, Int(n) != nil { found.insert(String(n)) }
            rest = rest[rest.index(after: close)...]
        }
        return found
    }

    @Test("Every message has its words in Polish and in English, with the same placeholders")
    func complete() {
        for key in MessageKey.allCases {
            guard let pl = Messages.polish[key], let en = Messages.english[key] else {
                Issue.record("\(key) lacks \(Messages.polish[key] == nil ? "Polish" : "English")")
                continue
            }
            #expect(placeholders(pl) == placeholders(en), "\(key): \(pl) / \(en)")
            #expect(pl != en || key == .verbatim || pl.allSatisfy { !$0.isLetter || $0.isASCII } , "\(key) is not translated")
        }
        #expect(Messages.polish.count == MessageKey.allCases.count && Messages.english.count == MessageKey.allCases.count)
    }

    @Test("Dates in prose, plural forms by count, an English request header")
    func rendering() {
        let may = Day(iso: "2026-05-01")!
        #expect(Language.pl.prose(may) == "1 maja 2026" && Language.en.prose(may) == "1 May 2026" && Language.pl.cell(may) == "01.05.2026")
        for (n, word) in [(1, "problem"), (2, "problemy"), (5, "problemów"), (22, "problemy"), (12, "problemów")] {
            #expect(Message(.cliProblems, .count(n)).text(.pl) == "\(n) \(word); nic nie zapisano")
        }
        #expect(Message(.cliProblems, .count(1)).text(.en) == "1 problem; nothing was written")
        #expect(Language(acceptLanguage: "en-GB,en;q=0.9,pl;q=0.8") == .en)
        #expect(Language(acceptLanguage: "de-DE, pl;q=0.5, en;q=0.4") == .pl)
        #expect(Language(acceptLanguage: nil) == .pl && Language(acceptLanguage: "fr") == .pl)
    }
}
