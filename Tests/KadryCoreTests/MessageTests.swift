import Foundation
import KadryCore
import KadryTestSupport
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

    @Test("Every command's help and every option's help has its Polish words")
    func help() throws {
        let folder = Fixtures.repositoryRoot.appendingPathComponent("Sources/kadry")
        var options = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for part in text.components(separatedBy: "opt(\"").dropFirst() {
                var literal = ""
                var escaped = false
                for c in part {
                    if escaped { literal.append(c); escaped = false; continue }
                    if c == "\\" { escaped = true; continue }  // the string as the program holds it: \" is "
                    if c == "\"" { break }
                    literal.append(c)
                }
                options += 1
                #expect(Help.polishOptions[literal] != nil, "\(name): no Polish for \(literal)")
            }
            for part in text.components(separatedBy: ".localized(\"").dropFirst() + text.components(separatedBy: "Help.of(\"").dropFirst() {
                let command = String(part.prefix { $0 != "\"" })
                #expect(Help.polish[command] != nil && Help.english[command] != nil, "\(name): \(command)")
            }
        }
        #expect(options > 70)
    }
}
